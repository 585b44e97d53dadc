//! The frame every template gets around its own data: the site's values,
//! the main navigation, and where the page is.

use crate::content::sections;
use crate::markdown::page::{Kind, Page};
use crate::render::data::{Frame, NavItem, SiteView};
use crate::render::views::Href;
use crate::site::Site;

/// The main navigation, as (title, folder) pairs: the sections listed
/// in it, then the site's other pages.
pub fn nav(site: &Site) -> Vec<(String, String)> {
    let mut nav: Vec<(String, String)> = sections::with_pages()
        .filter(|(_, page)| page.nav)
        .map(|(section, page)| (page.title.to_string(), format!("{}/", section.folder)))
        .collect();
    let mut pages: Vec<&Page> = site
        .pages
        .iter()
        .map(|p| &**p)
        .filter(|p| p.kind == Kind::Page)
        .collect();
    pages.sort_by(|a, b| a.url.cmp(&b.url));
    nav.extend(pages.into_iter().map(|p| (p.title.clone(), p.url.clone())));
    nav
}

/// The navigation as the page at `url`, whose way back to the site root
/// is `root`, shows it: each item's link and whether it is the page's
/// section.
pub fn nav_items<'v>(nav: &'v [(String, String)], url: &str, root: &str) -> Vec<NavItem<'v>> {
    nav.iter()
        .map(|(title, target)| NavItem {
            title,
            href: format!("{root}{target}index.html"),
            current: is_current(target, url),
        })
        .collect()
}

/// Whether the nav item leading to `target` is the section of `url`.
pub fn is_current(target: &str, url: &str) -> bool {
    !target.is_empty() && url.starts_with(target)
}

/// The frame of the page at `url`, whose way back to the site root is
/// `root`, titled `title`; `nav` is the site's [`nav`].
pub fn frame<'v>(
    site: &'v Site,
    nav: &'v [(String, String)],
    url: &'v str,
    root: &'v str,
    title: &'v str,
) -> Frame<'v> {
    let config = &site.config;
    let values = SiteView {
        title: &config.title,
        description: &config.description,
        language: &config.language,
        dir: crate::text::lang::direction(&config.language).as_str(),
        base_url: &config.base_url,
        author: config.author.as_deref(),
        list_limit: config.list_limit,
        extra: &config.extra,
    };
    Frame {
        site: values,
        root,
        nav,
        title,
        url,
        canonical: format!("{}{url}", config.base_url),
        home: Href { root, url: "" },
        search: cfg!(feature = "search"),
    }
}
