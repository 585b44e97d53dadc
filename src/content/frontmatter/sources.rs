//! Sources: what a page cites. Takes a source definition (an item of a
//! page's `sources:` list, or of `sources.yaml`) and gives a [`Source`]
//! with its [`Reliability`] grade; [`parse_registry`] reads the whole of
//! `sources.yaml`. A page's `sources:` list holds [`SourceRef`]s.

use std::sync::Arc;

use yaml_serde::Value;

use super::item::Item;
use crate::diagnostic::{Diagnostic, FileRef, Location};
use crate::text::date::PartialDate;
use crate::yaml::locate::{Place, field_of_item, list_items};

/// A source as written in front matter or `sources.yaml`. Two sources are
/// equal when a page shows them alike: where each was written is not
/// compared.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Source {
    pub id: String,
    pub title: Option<String>,
    pub author: Option<String>,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub date: Option<PartialDate>,
    pub reliability: Option<Reliability>,
    /// The information's credibility, `2` of `B2`, when the grade is
    /// written in two parts.
    pub credibility: Option<Credibility>,
    pub note: Option<String>,
    /// An archived copy, against link rot. Boxed: few sources have one,
    /// and held in place it took 128 of every source's 368 bytes.
    pub archive: Option<Box<Archive>>,
    /// When the source was read, as Wikipedia's citations say.
    pub accessed: Option<PartialDate>,
    /// Where the source is defined, for diagnostics.
    pub location: Option<Place>,
}

/// A reference to a source from a page's `sources:` list: a full definition
/// or the id of one in `sources.yaml`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SourceRef {
    /// Shared: the graph's source table holds the same definition.
    Defined(Arc<Source>),
    Id(String, Place),
}

/// Where a source's archived copy is: an archive's address, or a file
/// under `content/`, which the site stage resolves to an attachment.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Archive {
    /// An http(s) address, such as a web.archive.org snapshot.
    Url(String),
    /// A path as written, relative to `base`: the file that defines the
    /// source, inside `content/` (a brief, or `sources.yaml`). `at` is
    /// where the value is written, for `missing-archive`.
    File {
        path: String,
        base: String,
        at: Place,
    },
}

/// Admiralty source reliability, `A` (completely reliable) to `E`
/// (unreliable), and `F` (cannot be judged).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reliability {
    A,
    B,
    C,
    D,
    E,
    F,
}

impl Reliability {
    const ALL: [Reliability; 6] = [Self::A, Self::B, Self::C, Self::D, Self::E, Self::F];

    /// The grade written as `text`, in either case.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|grade| grade.letter().eq_ignore_ascii_case(text))
    }

    /// The grade's letter.
    pub fn letter(self) -> &'static str {
        match self {
            Self::A => "A",
            Self::B => "B",
            Self::C => "C",
            Self::D => "D",
            Self::E => "E",
            Self::F => "F",
        }
    }

    /// What the grade means.
    pub fn label(self) -> &'static str {
        match self {
            Self::A => "completely reliable",
            Self::B => "usually reliable",
            Self::C => "fairly reliable",
            Self::D => "not usually reliable",
            Self::E => "unreliable",
            Self::F => "reliability cannot be judged",
        }
    }
}

/// Admiralty information credibility, `1` (confirmed by other sources)
/// to `5` (improbable), and `6` (truth cannot be judged): the second half
/// of a two-part grade such as `B2`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Credibility(u8);

impl Credibility {
    /// The credibility written as `text`, `1` to `6`.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim() {
            digit @ ("1" | "2" | "3" | "4" | "5" | "6") => digit.parse().ok().map(Self),
            _ => None,
        }
    }

    /// The credibility's digit.
    pub fn digit(self) -> &'static str {
        ["1", "2", "3", "4", "5", "6"][usize::from(self.0.clamp(1, 6)) - 1]
    }

    /// What the credibility means.
    pub fn label(self) -> &'static str {
        match self.0 {
            1 => "confirmed by other sources",
            2 => "probably true",
            3 => "possibly true",
            4 => "doubtful",
            5 => "improbable",
            _ => "truth cannot be judged",
        }
    }
}

/// The hint for a reliability grade that is not one.
pub const RELIABILITY_SCALE: &str =
    "use A (completely reliable) to E (unreliable), or F (cannot be judged)";

/// The hint for a credibility that is not one.
pub const CREDIBILITY_SCALE: &str = "use 1 (confirmed by other sources), 2 (probably true), 3 (possibly true), 4 (doubtful), 5 (improbable) or 6 (truth cannot be judged)";

/// How one field of a source is read, given the item and the field's key.
type Read = fn(&mut Item, &str, &mut Source);

/// Every field of a source, in the order messages list them, and how it is
/// read: adding a field is the field in [`Source`] and one entry here. The
/// `id` is read first, as every other message names it.
const SOURCE_FIELDS: &[(&str, Read)] = &[
    ("id", |_, _, _| {}),
    ("title", |item, key, source| source.title = item.text(key)),
    ("author", |item, key, source| source.author = item.text(key)),
    ("publisher", |item, key, source| {
        source.publisher = item.text(key)
    }),
    ("url", |item, key, source| {
        source.url = url(item, key, &source.id)
    }),
    ("date", |item, key, source| {
        source.date = item.date(key, &format!("source `{}`", source.id))
    }),
    ("reliability", |item, key, source| {
        (source.reliability, source.credibility) = reliability(item, key, &source.id)
    }),
    ("credibility", |item, key, source| {
        credibility(item, key, source)
    }),
    ("note", |item, key, source| source.note = item.text(key)),
    ("archive", |item, key, source| {
        source.archive = archive(item, key, &source.id).map(Box::new)
    }),
    ("accessed", |item, key, source| {
        source.accessed = item.date(key, &format!("`accessed` in source `{}`", source.id))
    }),
];

/// Reads one source definition; problems are reported at `location` or at
/// the offending field.
pub(super) fn read_source(
    value: Value,
    location: Location,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Source> {
    let known: Vec<&str> = SOURCE_FIELDS.iter().map(|&(key, _)| key).collect();
    let mut item = Item::new(value, location.clone(), "source", &known, diagnostics)?;
    let Some(id) = item.text("id") else {
        item.diagnostics.push(Diagnostic::error("invalid-source", "a source needs an `id`").at(location)
            .hint("give every source a short id such as `kumar-2025`, then cite it as [@kumar-2025]"));
        return None;
    };
    let mut source = Source {
        id,
        location: Some(Place(location)),
        ..Source::default()
    };
    for (key, read) in SOURCE_FIELDS {
        read(&mut item, key, &mut source);
    }
    Some(source)
}

/// The `reliability` grade, `B` or two-part `B2`; a letter that is not
/// A to F, or a credibility that is not 1 to 6, is reported at the value.
fn reliability(item: &mut Item, key: &str, id: &str) -> (Option<Reliability>, Option<Credibility>) {
    let Some(grade) = item.text(key) else {
        return (None, None);
    };
    let split = grade.char_indices().nth(1).map_or(grade.len(), |(i, _)| i);
    let (letter, digit) = grade.split_at(split);
    let parsed = Reliability::parse(letter);
    let credibility = Credibility::parse(digit);
    let hint = match (parsed, credibility, digit.is_empty()) {
        (None, ..) => RELIABILITY_SCALE,
        (Some(_), None, false) => CREDIBILITY_SCALE,
        _ => return (parsed, credibility),
    };
    item.diagnostics.push(
        Diagnostic::error(
            "invalid-reliability",
            format!("source `{id}` has reliability `{grade}`, which is not an Admiralty grade"),
        )
        .at(field_of_item(&item.at, key))
        .hint(hint),
    );
    (parsed, None)
}

/// The `credibility` of a source whose `reliability` is one letter;
/// reported when it is not 1 to 6, or disagrees with a two-part grade.
fn credibility(item: &mut Item, key: &str, source: &mut Source) {
    let Some(text) = item.text(key) else {
        return;
    };
    let id = &source.id;
    let at = field_of_item(&item.at, key);
    let Some(parsed) = Credibility::parse(&text) else {
        item.diagnostics.push(
            Diagnostic::error(
                "invalid-reliability",
                format!("source `{id}` has credibility `{text}`, which is not an Admiralty grade"),
            )
            .at(at)
            .hint(CREDIBILITY_SCALE),
        );
        return;
    };
    match source.credibility {
        Some(written) if written != parsed => item.diagnostics.push(
            Diagnostic::error(
                "invalid-reliability",
                format!(
                    "source `{id}` has credibility `{text}`, but its reliability already says {}",
                    written.digit()
                ),
            )
            .at(at)
            .hint("write the grade once: `reliability: B2`, or `reliability: B` with `credibility: 2`"),
        ),
        _ => source.credibility = Some(parsed),
    }
}

/// The `url`, when it is an http(s) address: any other scheme
/// (`javascript:`, `data:`) could run script when a reader clicks it.
fn url(item: &mut Item, key: &str, id: &str) -> Option<String> {
    let url = item.text(key)?;
    match crate::text::urls::http_host(&url) {
        Ok(_) => Some(url),
        Err(why) => {
            item.diagnostics.push(Diagnostic::error(
                "invalid-url",
                format!("the `url` of source `{id}` is not an http or https address: {why}"),
            )
            .at(field_of_item(&item.at, key))
            .hint("write the full address, like `url: https://example.org/report`; other kinds of address are refused because they can run script"));
            None
        }
    }
}

/// The `archive`: an http(s) address (any other scheme is refused as
/// for `url`), or else a path to a file, kept with the file that defines
/// the source, as the path is relative to it.
fn archive(item: &mut Item, key: &str, id: &str) -> Option<Archive> {
    let text = item.text(key)?;
    let at = field_of_item(&item.at, key);
    if !has_scheme(&text) {
        let defined_in = item.at.path.to_string_lossy().replace('\\', "/");
        let base = defined_in
            .strip_prefix("content/")
            .unwrap_or("")
            .to_string();
        return Some(Archive::File {
            path: text,
            base,
            at: Place(at),
        });
    }
    match crate::text::urls::http_host(&text) {
        Ok(_) => Some(Archive::Url(text)),
        Err(why) => {
            item.diagnostics.push(Diagnostic::error(
                "invalid-url",
                format!("the `archive` of source `{id}` is not an http or https address: {why}"),
            )
            .at(at)
            .hint("write the archive's full address, like `archive: https://web.archive.org/web/2025/https://example.org/report`, or a path to a file under content/ relative to this file"));
            None
        }
    }
}

/// True when `text` starts like an address rather than a path: a scheme
/// before the first `/` (`https:`, `javascript:`) or `//host`.
fn has_scheme(text: &str) -> bool {
    let first = text.trim_start().split('/').next().unwrap_or("");
    first.contains(':') || text.trim_start().starts_with("//")
}

/// Reads `sources.yaml`: a list of source definitions.
pub fn parse_registry(file: &FileRef, diagnostics: &mut Vec<Diagnostic>) -> Vec<Source> {
    let items = match crate::yaml::value::parse(&file.text()) {
        Ok(Value::Sequence(items)) => items,
        Ok(Value::Null) => return Vec::new(),
        Ok(_) => {
            diagnostics.push(
                Diagnostic::error("invalid-source", crate::diagnostic::NOT_A_SOURCE_LIST)
                    .at(file.line_col(1, 1, 1))
                    .hint("start each source with `- id: ...`; until it is a list, citations of its ids are not checked"),
            );
            return Vec::new();
        }
        Err(e) => {
            diagnostics.push(crate::yaml::error::yaml_error(
                file,
                1,
                &e,
                "fix the YAML syntax of the source list; until it parses, citations of its ids are not checked",
            ));
            return Vec::new();
        }
    };
    let text = file.text();
    let lines: Vec<&str> = text.lines().collect();
    let item_lines = list_items(&text);
    items
        .into_iter()
        .enumerate()
        .filter_map(|(n, item)| {
            let line = item_lines.get(n).copied().unwrap_or(1);
            // The item's text after its `- ` (and any further spaces), or
            // the `-` itself when the item starts on the next line.
            let text = lines.get(line - 1).copied().unwrap_or("");
            let depth = text.len() - text.trim_start().len();
            let after = text.trim_start().strip_prefix('-').unwrap_or("");
            let gap = after.len() - after.trim_start().len();
            let at = match after.trim().chars().count() {
                0 => file.line_col(line, depth + 1, 1),
                width => file.line_col(line, depth + gap + 2, width),
            };
            read_source(item, at, diagnostics)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_read_in_either_case_and_keep_their_meaning() {
        assert_eq!(Reliability::parse("b"), Some(Reliability::B));
        assert_eq!(Reliability::parse("F"), Some(Reliability::F));
        assert_eq!(Reliability::parse("Z"), None);
        assert_eq!(Reliability::parse("AB"), None);
        assert_eq!(Reliability::B.letter(), "B");
        assert_eq!(Reliability::B.label(), "usually reliable");
        assert_eq!(Reliability::F.label(), "reliability cannot be judged");
    }

    #[test]
    fn credibility_is_one_to_six_with_its_meaning() {
        assert_eq!(Credibility::parse("2").map(Credibility::digit), Some("2"));
        assert_eq!(
            Credibility::parse("6").map(Credibility::label),
            Some("truth cannot be judged")
        );
        for bad in ["0", "7", "12", "x", "", "+2"] {
            assert_eq!(Credibility::parse(bad), None, "{bad}");
        }
    }
}
