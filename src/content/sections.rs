//! The site's sections: the folders the site writes itself, so content
//! may not take them (a page that would is moved under `pages/`), and the
//! page the site renders at each. One row per folder: the render stage
//! makes a job of every row with a page, the navigation and the sitemap
//! list the rows that say so, and the theme embeds each row's template.
//! The rows are in the order of the navigation.

/// A folder of the output that the site writes itself.
#[derive(Debug)]
pub struct Section {
    /// The folder under the output root: `timeline`.
    pub folder: &'static str,
    /// The page at the folder, for a section that has one (the brief
    /// pages, the theme's static files and the search index have none).
    pub page: Option<SectionPage>,
}

/// The page a section renders at its folder.
#[derive(Debug)]
pub struct SectionPage {
    /// The theme template that renders it: `timeline.html`.
    pub template: &'static str,
    /// Its title, in the navigation and the page's own `<title>`.
    pub title: &'static str,
    /// Listed in the main navigation.
    pub nav: bool,
    /// Listed in `sitemap.xml`.
    pub sitemap: bool,
    /// Rendered only by a binary built with search.
    pub search_only: bool,
}

/// Every section, in the order of the navigation.
pub const SECTIONS: &[Section] = &[
    folder("briefs"),
    listed("timeline", "timeline.html", "Timeline"),
    listed("topics", "topics.html", "Topics"),
    listed("actors", "actors.html", "Actors"),
    listed("sources", "sources.html", "Sources"),
    listed("changes", "changes.html", "Changes"),
    listed("graph", "graph.html", "Graph"),
    Section {
        folder: "print",
        page: Some(SectionPage {
            template: "print.html",
            title: "Briefing pack",
            nav: false,
            sitemap: true,
            search_only: false,
        }),
    },
    Section {
        folder: "search",
        page: Some(SectionPage {
            template: "search.html",
            title: "Search",
            nav: false,
            sitemap: false,
            search_only: true,
        }),
    },
    // The data exports (see `render::exports`), linked from the footer.
    Section {
        folder: "exports",
        page: Some(SectionPage {
            template: "exports.html",
            title: "Exports",
            nav: false,
            sitemap: true,
            search_only: false,
        }),
    },
    folder("static"),
    folder("pagefind"),
    // Published attachments (see `content::attachments`).
    folder("files"),
];

/// A folder of files the site writes, with no page of its own.
const fn folder(folder: &'static str) -> Section {
    Section { folder, page: None }
}

/// A section whose page is in the navigation and the sitemap.
const fn listed(folder: &'static str, template: &'static str, title: &'static str) -> Section {
    Section {
        folder,
        page: Some(SectionPage {
            template,
            title,
            nav: true,
            sitemap: true,
            search_only: false,
        }),
    }
}

/// True when `folder` (a first URL segment) is a section's: no page may
/// take it.
pub fn is_reserved(folder: &str) -> bool {
    SECTIONS.iter().any(|section| section.folder == folder)
}

/// The sections with a page, in the order of the navigation.
pub fn with_pages() -> impl Iterator<Item = (&'static Section, &'static SectionPage)> {
    SECTIONS
        .iter()
        .filter_map(|section| Some((section, section.page.as_ref()?)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_have_distinct_plain_folders() {
        for (i, section) in SECTIONS.iter().enumerate() {
            assert!(!section.folder.is_empty() && !section.folder.contains('/'));
            assert!(SECTIONS[..i].iter().all(|s| s.folder != section.folder));
        }
        assert!(is_reserved("timeline") && is_reserved("pagefind"));
        assert!(!is_reserved("about"));
    }
}
