//! Citations: which `[@id]` labels are citations, the HTML a citation
//! becomes (numbers by first use), and the anchor of a cited source in a
//! page's source list, which the render stage gives each entry.
//!
//! A cited part is `@id`, then optionally a Pandoc locator after a comma
//! (`@kumar-2025, p. 33`, shown after the number), then optionally the
//! claim's Admiralty credibility as a last word `#1` to `#6`
//! (`@kumar-2025, p. 33 #2`). The credibility sits inside the brackets
//! because pulldown-cmark hands the hook the whole label and nothing
//! after it (a trailing `{credibility=2}` would be loose text), and `#`
//! followed by a digit is no locator Pandoc writers use.

use pulldown_cmark::{BrokenLink, CowStr, LinkType};

use crate::HashMap;
use crate::content::frontmatter::sources::Credibility;
use crate::markdown::placeholder;
use crate::text::html::escape;
use crate::text::slug::slugify_or_hash;

/// Marks the destination of a `[@id]` citation found by the broken-link hook.
const CITE_MARK: &str = "\u{0}cite:";

/// The id of source `id`'s entry in a page's source list: `source-<slug>`
/// (a pack prefixes it with the page's slug, as it holds several pages).
pub fn source_anchor(id: &str) -> String {
    format!("source-{}", slugify_or_hash(id))
}

/// One cited source of a citation: `@id, locator #2`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cited {
    pub id: String,
    /// The Pandoc locator, such as `p. 33`, as written.
    pub locator: Option<String>,
    /// The claim's credibility: `Err` holds a `#…` that is not 1 to 6.
    pub credibility: Option<Result<Credibility, String>>,
}

/// The broken-link hook: a `[@id]` (or `[@a; @b]`) that is no link becomes
/// a link whose destination carries its label, for [`cited`] to read.
pub fn mark(link: BrokenLink<'_>) -> Option<(CowStr<'_>, CowStr<'_>)> {
    citation_parts(&link.reference)?;
    Some((
        CowStr::from(format!("{CITE_MARK}{}", link.reference)),
        CowStr::from(""),
    ))
}

/// The sources a link cites, if [`mark`] made it.
pub fn cited(link_type: LinkType, dest: &str) -> Option<Vec<Cited>> {
    let label = dest
        .strip_prefix(CITE_MARK)
        .filter(|_| link_type == LinkType::ShortcutUnknown)?;
    citation_parts(label)
}

/// The parts of a citation label such as `@kumar-2025` or
/// `@a, p. 3; @b #2`, if every part is one.
fn citation_parts(label: &str) -> Option<Vec<Cited>> {
    let parts: Option<Vec<Cited>> = label.split(';').map(citation_part).collect();
    parts.filter(|parts| !parts.is_empty())
}

/// One part: `@id`, a locator after a comma, a credibility as the last
/// word. An id that was written before locators were read (one with a
/// space) still reads as it did.
fn citation_part(part: &str) -> Option<Cited> {
    let rest = part.trim().strip_prefix('@')?;
    let (rest, credibility) = match rest.rsplit_once(char::is_whitespace) {
        Some((before, last)) if is_credibility(last) => {
            let digits = &last[1..];
            let grade = Credibility::parse(digits).ok_or_else(|| last.to_string());
            (before.trim_end(), Some(grade))
        }
        _ => (rest, None),
    };
    let (id, locator) = match rest.split_once(',') {
        Some((id, locator)) => (id, Some(locator.trim().to_string())),
        None => (rest, None),
    };
    let id = id.trim().to_string();
    (!id.is_empty()).then(|| Cited {
        id,
        locator: locator.filter(|l| !l.is_empty()),
        credibility,
    })
}

/// Whether `word` is `#` and digits: a claim's credibility, in range or not.
fn is_credibility(word: &str) -> bool {
    word.strip_prefix('#')
        .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
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
    /// The HTML of one citation of `parts`, such as `[1, 2]`, each number
    /// linking to its entry in the page's source list, followed by its
    /// locator and, for a claim graded, the placeholder of its grade
    /// (`first` is the index of the first part among the body's
    /// citations). Parts with locators are set apart by `;`.
    pub fn cite(&mut self, parts: &[Cited], first: usize) -> String {
        let gap = match parts.iter().any(|p| p.locator.is_some()) {
            true => "; ",
            false => ", ",
        };
        let mut html = String::from("<sup class=\"cite\">[");
        for (n, part) in parts.iter().enumerate() {
            if n > 0 {
                html.push_str(gap);
            }
            let number = self.number(&part.id);
            html.push_str(&format!(
                "<a href=\"#{}\">{number}</a>",
                source_anchor(&part.id)
            ));
            if let Some(locator) = &part.locator {
                html.push_str(&format!(", {}", escape(locator)));
            }
            if let Some(Ok(_)) = part.credibility {
                html.push(' ');
                html.push_str(&placeholder::grade(first + n));
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A part as id, locator and credibility digit (or what was written).
    type Read = (String, Option<String>, Option<Result<&'static str, String>>);

    fn part(text: &str) -> Option<Read> {
        let c = citation_part(text)?;
        let credibility = c.credibility.map(|r| r.map(Credibility::digit));
        Some((c.id, c.locator, credibility))
    }

    #[test]
    fn a_part_reads_id_locator_and_claim_credibility() {
        let s = String::from;
        assert_eq!(part("@k"), Some((s("k"), None, None)));
        assert_eq!(part(" @k, p. 33 "), Some((s("k"), Some(s("p. 33")), None)));
        assert_eq!(part("@k #2"), Some((s("k"), None, Some(Ok("2")))));
        assert_eq!(
            part("@k, p. 33 #2"),
            Some((s("k"), Some(s("p. 33")), Some(Ok("2"))))
        );
        assert_eq!(part("@k #9"), Some((s("k"), None, Some(Err(s("#9"))))));
        // `#` without digits is part of a locator; an id with a space
        // reads whole, as before locators were read.
        assert_eq!(part("@k, no. #a"), Some((s("k"), Some(s("no. #a")), None)));
        assert_eq!(part("@kumar 2025"), Some((s("kumar 2025"), None, None)));
        assert_eq!(part("@, p. 3"), None);
        assert_eq!(part("k"), None);
    }
}
