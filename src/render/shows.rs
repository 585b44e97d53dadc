//! What each of the site's sections (see [`crate::content::sections`])
//! shows on its page, which says how its page is filled and whether it
//! is split into parts. The table says where a section's page is and what
//! it is called; a section not named here shows the frame alone.

use crate::content::sections::Section;
use crate::markdown::page::Kind;

/// What a section's page shows.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Shows {
    /// Every topic or actor, with how many briefs name it.
    Index(Kind),
    /// The timeline, split by year past `list_limit` (see `lists`).
    Timeline,
    /// The source list, split by initial past `list_limit` (see `lists`).
    Sources,
    /// The newest commits that touched the content.
    Changes,
    /// The graph of the whole dossier.
    Graph,
    /// The whole dossier's briefing pack.
    Pack,
    /// The data exports, each with what opens it and its size.
    Exports,
    /// Nothing but the frame: the search page fills itself in the browser.
    Frame,
}

impl Shows {
    /// What `section`'s page shows.
    pub fn of(section: &Section) -> Shows {
        match section.folder {
            "topics" => Shows::Index(Kind::Topic),
            "actors" => Shows::Index(Kind::Actor),
            "timeline" => Shows::Timeline,
            "sources" => Shows::Sources,
            "changes" => Shows::Changes,
            "graph" => Shows::Graph,
            "print" => Shows::Pack,
            "exports" => Shows::Exports,
            _ => Shows::Frame,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::sections::SECTIONS;

    #[test]
    fn every_list_is_a_sections_page() {
        let shown: Vec<Shows> = SECTIONS.iter().map(Shows::of).collect();
        let lists = [
            Shows::Index(Kind::Topic),
            Shows::Index(Kind::Actor),
            Shows::Timeline,
            Shows::Sources,
            Shows::Changes,
            Shows::Graph,
            Shows::Pack,
            Shows::Exports,
        ];
        for list in lists {
            assert!(shown.contains(&list), "no section shows {list:?}");
        }
    }
}
