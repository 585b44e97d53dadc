//! Names two pages share where only one may hold them: two files that
//! become the same URL (`duplicate-slug`) and an alias that is another
//! page's name too (`alias-collision`). Both only report; the pages stay
//! as they are.

use crate::HashMap;
use std::sync::Arc;

use super::PageId;
use super::names::{describe, linkable, page_keys};
use crate::diagnostic::Diagnostic;
use crate::markdown::page::Page;
use crate::text::slug::name_key;

/// Two files that would write the same URL are an error naming both.
/// `last` is the last build's pages: a build that failed is never kept,
/// so no two of the pages it checked share a URL, and neither do pages
/// at the same addresses in the same places, or fewer of them. Implied
/// pages (`Page::is_implied`), added after this check, are not compared.
pub(super) fn check_duplicate_urls(
    pages: &[Arc<Page>],
    last: &[Arc<Page>],
    diagnostics: &mut Vec<Diagnostic>,
) {
    // Hashing 100,000 addresses takes a fiftieth of a second on one
    // core; comparing them in place, with the pages mostly shared, far
    // less.
    let as_before = |(now, then): (&Arc<Page>, &Arc<Page>)| {
        !then.is_implied() && (Arc::ptr_eq(now, then) || now.url == then.url)
    };
    if !last.is_empty() && pages.len() <= last.len() && pages.iter().zip(last).all(as_before) {
        return;
    }
    let mut seen: HashMap<&str, &Page> =
        HashMap::with_capacity_and_hasher(pages.len(), Default::default());
    for page in pages {
        let Some(first) = seen.insert(&page.url, page) else {
            continue;
        };
        seen.insert(&first.url, first);
        let path = |p: &Page| {
            p.file
                .as_ref()
                .map_or(String::new(), |f| f.path.display().to_string())
        };
        let mut diagnostic = Diagnostic::error(
            "duplicate-slug",
            format!(
                "duplicate slug '{}': {} and {} both become /{}",
                page.slug,
                path(first),
                path(page),
                page.url
            ),
        )
        .hint("rename one of the files; a brief's slug is its file name, whatever folder it is in");
        if let Some(file) = &page.file {
            diagnostic = diagnostic.at(file.line_col(1, 1, 1));
        }
        diagnostics.push(diagnostic);
    }
}

/// An alias that is also another page's title, slug or alias would make
/// every link using it ambiguous, so each such alias is an error.
pub(super) fn check_aliases(pages: &[Arc<Page>], diagnostics: &mut Vec<Diagnostic>) {
    let owners = alias_owners(pages);
    if owners.is_empty() {
        return;
    }
    for (id, page) in pages.iter().enumerate().filter(|(_, p)| linkable(p.kind)) {
        for (alias, at) in &page.front.aliases {
            let others: Vec<String> = owners
                .get(name_key(alias).as_str())
                .into_iter()
                .flatten()
                .filter(|&&other| other != id)
                .map(|&other| describe(&pages[other]))
                .collect();
            if others.is_empty() {
                continue;
            }
            let d = Diagnostic::error(
                "alias-collision",
                format!("alias '{alias}' is also a name of {}", others.join(" and ")),
            )
            .hint("change or remove the alias: links using it could not tell the pages apart");
            diagnostics.push(d.at(at.0.clone()));
        }
    }
}

/// For each alias's key, the linkable pages found by it, in page order.
/// Only the aliases' keys can collide: most dossiers have few aliases, so
/// the pages owning each are gathered for those keys alone.
fn alias_owners(pages: &[Arc<Page>]) -> HashMap<String, Vec<PageId>> {
    let mut owners: HashMap<String, Vec<PageId>> = pages
        .iter()
        .flat_map(|p| {
            p.front
                .aliases
                .iter()
                .map(|(alias, _)| (name_key(alias), Vec::new()))
        })
        .collect();
    if owners.is_empty() {
        return owners;
    }
    for (id, page) in pages.iter().enumerate().filter(|(_, p)| linkable(p.kind)) {
        for key in page_keys(page) {
            if let Some(ids) = owners.get_mut(key)
                && ids.last() != Some(&id)
            {
                ids.push(id);
            }
        }
    }
    owners
}
