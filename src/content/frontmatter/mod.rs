//! Front matter: takes a Markdown file, splits the YAML block off it
//! ([`split`]) and reads the block into a typed [`FrontMatter`] ([`parse`]),
//! reporting every bad value with its line and column. `FrontMatter` and
//! how each of its keys is read are in `fields`, sources (and
//! `sources.yaml`) in `sources`, events in `events`, and what sources and
//! events share in `item`.
//!
//! The front matter is one value: it compares and hashes whole, with the
//! places values were written left out (see
//! [`Place`](crate::yaml::locate::Place)), so whatever reads it for a
//! page's fingerprint can leave no field out.

pub mod events;
pub mod fields;
mod item;
pub mod sources;

use yaml_serde::Value;

use crate::diagnostic::{Diagnostic, FileRef};
use crate::yaml::locate::Locator;
use fields::{Field, FrontMatter};

/// A Markdown file cut into its front matter and body.
pub struct Split<'a> {
    pub yaml: &'a str,
    /// The 1-based line of the file where the YAML starts.
    pub yaml_line: usize,
    pub body: &'a str,
    /// The byte offset of the body in the file.
    pub body_offset: usize,
}

/// Cuts `---` fenced front matter off `text`. A file without front matter
/// is all body; an opening fence without a closing one is an error.
pub fn split<'a>(file: &FileRef, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return Ok(Split {
            yaml: "",
            yaml_line: 1,
            body: text,
            body_offset: 0,
        });
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    for line in lines {
        let fence = line.trim_end();
        if fence == "---" || fence == "..." {
            let body_offset = offset + line.len();
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[body_offset..],
                body_offset,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(
        "unterminated-front-matter",
        "the front matter opened on line 1 is never closed",
    )
    .at(file.line_col(1, 1, 3))
    .hint("end the front matter with a line holding only `---`"))
}

/// Reads the YAML of a split file into typed front matter. Every problem is
/// pushed to `diagnostics`; fields with bad values are left empty. `None`
/// when the YAML cannot be read at all.
pub fn parse(
    file: &FileRef,
    split: &Split,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<FrontMatter> {
    let mut front = FrontMatter::default();
    if split.yaml.trim().is_empty() {
        return Some(front);
    }
    let mapping = match crate::yaml::value::parse(split.yaml) {
        Ok(Value::Mapping(mapping)) => mapping,
        Ok(Value::Null) => return Some(front),
        Ok(_) => {
            diagnostics.push(
                Diagnostic::error(
                    "invalid-front-matter",
                    "the front matter is not a set of `key: value` lines",
                )
                .at(file.line_col(split.yaml_line, 1, 1))
                .hint("write one `key: value` per line, e.g. `title: My brief`"),
            );
            return None;
        }
        Err(e) => {
            diagnostics.push(crate::yaml::error::yaml_error(file, split.yaml_line, &e, "fix the YAML syntax; quote values that contain `: ` or start with `[`, `{`, `@` or `*`"));
            return None;
        }
    };
    let at = Locator::new(file, split.yaml, split.yaml_line);
    for (key, value) in mapping {
        let Some(key) = key.as_str().map(str::to_owned) else {
            diagnostics.push(
                Diagnostic::error("invalid-front-matter", "a front-matter key is not text")
                    .at(file.line_col(split.yaml_line, 1, 1))
                    .hint("keys are words such as `title` or `date`"),
            );
            continue;
        };
        Field::new(&key, value, &at, diagnostics).read_into(&mut front);
    }
    front.tighten();
    Some(front)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn front(text: &str) -> (FrontMatter, Vec<Diagnostic>) {
        let file = FileRef::new("content/briefs/a.md".into(), Arc::from(text));
        let mut diagnostics = Vec::new();
        let split = match split(&file, text) {
            Ok(split) => split,
            Err(d) => return (FrontMatter::default(), vec![d]),
        };
        let front = parse(&file, &split, &mut diagnostics).unwrap_or_default();
        (front, diagnostics)
    }

    #[test]
    fn reads_every_field() {
        let (f, d) = front(
            "---\ntitle: T\ndate: 2025-01\ntopics: [gas, Syria]\nactors:\n  - Vladimir Putin\nsources:\n  - kumar-2025\n  - id: x\n    title: X\n    reliability: b\nevents:\n  - date: 2025\n    title: E\nlayout: wide\n---\nbody",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(f.title.as_deref(), Some("T"));
        assert_eq!(f.date.map(|d| d.iso()), Some("2025-01".into()));
        assert_eq!(f.topics.len(), 2);
        assert_eq!(f.actors[0].0, "Vladimir Putin");
        assert_eq!(f.sources.len(), 2);
        assert_eq!(f.events[0].title, "E");
        assert!(f.extra.contains_key("layout"));
    }

    /// Every list is held in a block of its own length for the whole
    /// build, however it was read (see `FrontMatter::tighten`).
    #[test]
    fn lists_keep_no_spare_room() {
        let (f, d) = front(
            "---\ntitle: T\ntopics: [a, b, c, d, e]\nactors: [x]\naliases: [y]\nsources: [s]\nevents:\n  - date: 2025\n    title: E\n    actors: [x]\n    sources: [s]\n---\n",
        );
        assert!(d.is_empty(), "{d:?}");
        let event = &f.events[0];
        let held = [
            (f.topics.len(), f.topics.capacity()),
            (f.actors.len(), f.actors.capacity()),
            (f.aliases.len(), f.aliases.capacity()),
            (f.sources.len(), f.sources.capacity()),
            (f.events.len(), f.events.capacity()),
            (event.actors.len(), event.actors.capacity()),
            (event.sources.len(), event.sources.capacity()),
        ];
        assert_eq!(
            held,
            [(5, 5), (1, 1), (1, 1), (1, 1), (1, 1), (1, 1), (1, 1)]
        );
    }

    #[test]
    fn bad_values_are_located() {
        let (_, d) = front("---\ntitle: T\ndate: yesterday\ntopics: 5\nactor: [x]\n---\n");
        let found: Vec<(&str, usize, usize)> = d
            .iter()
            .map(|d| {
                let l = d.location.as_ref().map_or((0, 0), |l| (l.line, l.column));
                (d.code, l.0, l.1)
            })
            .collect();
        assert_eq!(
            found,
            [
                ("invalid-date", 3, 7),
                ("invalid-value", 4, 9),
                ("unknown-key", 5, 1)
            ]
        );
    }

    #[test]
    fn yaml_syntax_errors_point_into_the_file() {
        let (_, d) = front("---\ntitle: T\ntopics: [a, b\n---\n");
        assert_eq!(d[0].code, "yaml-syntax");
        assert!(d[0].location.as_ref().is_some_and(|l| l.line >= 3), "{d:?}");
    }

    #[test]
    fn language_is_a_checked_tag() {
        let (f, d) = front("---\ntitle: T\nlanguage: fa-IR\n---\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(f.language.as_deref(), Some("fa-IR"));
        assert_eq!(f.language_or("en"), "fa-IR");
        let (f, d) = front("---\ntitle: T\nlanguage: Persian language\n---\n");
        assert_eq!(f.language, None);
        assert_eq!(f.language_or("en"), "en");
        assert_eq!(d[0].code, "invalid-language");
        assert_eq!(
            d[0].location.as_ref().map(|l| (l.line, l.column)),
            Some((3, 11))
        );
    }

    #[test]
    fn unterminated_front_matter_is_an_error() {
        let (_, d) = front("---\ntitle: T\n");
        assert_eq!(d[0].code, "unterminated-front-matter");
    }

    #[test]
    fn crlf_is_accepted() {
        let (f, d) = front("---\r\ntitle: T\r\ndate: 2025-01-02\r\n---\r\nbody\r\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(f.title.as_deref(), Some("T"));
    }

    #[test]
    fn deep_flow_nesting_is_refused_before_parsing() {
        let deep = format!(
            "---\ntitle: {}{}\n---\n",
            "[".repeat(50_000),
            "]".repeat(50_000)
        );
        let (_, d) = front(&deep);
        assert_eq!(d[0].code, "yaml-syntax");
        assert!(d[0].message.contains("nested more than"), "{d:?}");
    }

    #[test]
    fn moving_a_line_leaves_the_front_matter_equal() {
        let (a, _) = front("---\ntitle: T\ntopics: [gas]\nsources:\n  - id: x\n---\n");
        let (b, _) = front("---\n\ntopics: [gas]\ntitle: T\n\nsources:\n  - id: x\n---\n");
        assert_eq!(a, b);
        let (c, _) = front("---\ntitle: T\ntopics: [oil]\nsources:\n  - id: x\n---\n");
        assert_ne!(a, c);
    }
}
