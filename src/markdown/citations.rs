//! Citations: which `[@id]` labels are citations, the HTML a citation
//! becomes (numbers by first use), and the anchor of a cited source in a
//! page's source list, which the render stage gives each entry.

use pulldown_cmark::{BrokenLink, CowStr, LinkType};

use crate::HashMap;
use crate::text::slug::slugify_or_hash;

/// Marks the destination of a `[@id]` citation found by the broken-link hook.
const CITE_MARK: &str = "\u{0}cite:";

/// The id of source `id`'s entry in a page's source list: `source-<slug>`
/// (a pack prefixes it with the page's slug, as it holds several pages).
pub fn source_anchor(id: &str) -> String {
    format!("source-{}", slugify_or_hash(id))
}

/// The broken-link hook: a `[@id]` (or `[@a; @b]`) that is no link becomes
/// a link whose destination carries the ids, for [`cited_ids`] to read.
pub fn mark(link: BrokenLink<'_>) -> Option<(CowStr<'_>, CowStr<'_>)> {
    let ids = citation_ids(&link.reference)?;
    Some((
        CowStr::from(format!("{CITE_MARK}{}", ids.join(";"))),
        CowStr::from(""),
    ))
}

/// The ids a link cites, if [`mark`] made it.
pub fn cited_ids(link_type: LinkType, dest: &str) -> Option<Vec<String>> {
    let ids = dest
        .strip_prefix(CITE_MARK)
        .filter(|_| link_type == LinkType::ShortcutUnknown)?;
    Some(ids.split(';').map(str::to_owned).collect())
}

/// The ids in a citation label such as `@kumar-2025` or `@a; @b`, if every
/// part is one.
fn citation_ids(label: &str) -> Option<Vec<String>> {
    let ids: Option<Vec<String>> = label
        .split(';')
        .map(|part| {
            part.trim()
                .strip_prefix('@')
                .map(|id| id.trim().to_string())
                .filter(|id| !id.is_empty())
        })
        .collect();
    ids.filter(|ids| !ids.is_empty())
}

/// The numbers of a page's cited sources, in order of first citation.
#[derive(Default)]
pub struct Numbering {
    /// Cited ids in order of first citation; an id's number is its
    /// position here plus one.
    pub cited: Vec<String>,
    numbers: HashMap<String, usize>,
}

impl Numbering {
    /// The HTML of one citation of `ids`, such as `[1, 2]`, each number
    /// linking to its entry in the page's source list.
    pub fn cite(&mut self, ids: &[String]) -> String {
        let mut html = String::from("<sup class=\"cite\">[");
        for (n, id) in ids.iter().enumerate() {
            if n > 0 {
                html.push_str(", ");
            }
            let number = self.number(id);
            html.push_str(&format!("<a href=\"#{}\">{number}</a>", source_anchor(id)));
        }
        html.push_str("]</sup>");
        html
    }

    /// `id`'s number: the one it has, or the next.
    fn number(&mut self, id: &str) -> usize {
        let next = self.cited.len() + 1;
        let number = *self.numbers.entry(id.to_string()).or_insert(next);
        if number == next {
            self.cited.push(id.to_string());
        }
        number
    }
}
