//! Front matter: splits the YAML block off a Markdown file and reads it into
//! typed fields, reporting every bad value with its line and column.

use std::collections::BTreeMap;

use serde::Deserialize;
use yaml_serde::Value;

use crate::date::PartialDate;
use crate::diagnostic::{Diagnostic, FileRef, Location};
use crate::slug::edit_distance;

/// A source as written in front matter or `sources.yaml`.
#[derive(Debug, Clone, Default)]
pub struct Source {
    pub id: String,
    pub title: Option<String>,
    pub author: Option<String>,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub date: Option<PartialDate>,
    /// Admiralty source reliability, `A` (reliable) to `F` (cannot be judged).
    pub reliability: Option<char>,
    pub note: Option<String>,
    /// Where the source is defined, for diagnostics.
    pub location: Option<Location>,
}

/// A dated event for the timelines.
#[derive(Debug, Clone)]
pub struct Event {
    pub date: PartialDate,
    pub title: String,
    pub actors: Vec<String>,
    pub sources: Vec<String>,
    pub location: Location,
}

/// A reference to a source from a page's `sources:` list: a full definition
/// or the id of one in `sources.yaml`.
#[derive(Debug, Clone)]
pub enum SourceRef {
    Defined(Source),
    Id(String, Location),
}

/// The front matter of one page, with every field typed.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub date: Option<PartialDate>,
    pub updated: Option<PartialDate>,
    pub summary: Option<String>,
    pub topics: Vec<(String, Option<Location>)>,
    pub actors: Vec<(String, Option<Location>)>,
    pub sources: Vec<SourceRef>,
    pub events: Vec<Event>,
    pub aliases: Vec<String>,
    pub draft: bool,
    pub kind: Option<String>,
    pub role: Option<String>,
    pub country: Option<String>,
    /// Keys the engine does not know, kept for templates.
    pub extra: BTreeMap<String, serde_json::Value>,
}

const KNOWN_KEYS: &[&str] = &[
    "title", "date", "updated", "summary", "topics", "actors", "sources", "events", "aliases",
    "draft", "kind", "role", "country",
];

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

/// Turns a YAML error into a diagnostic at its place in the file.
pub fn yaml_error(
    file: &FileRef,
    first_line: usize,
    error: &yaml_serde::Error,
    hint: &str,
) -> Diagnostic {
    let text = error.to_string();
    // The library appends " at line L column C" and sometimes ", while
    // parsing X at line L column C": where the unfinished construct opened,
    // which is nearer the writer's mistake than where the parser gave up.
    let (problem, context) = match text.split_once(", while ") {
        Some((problem, context)) => (problem, Some(context)),
        None => (text.as_str(), None),
    };
    let problem = problem.split(" at line ").next().unwrap_or(problem);
    let (line, column) = context
        .and_then(|c| c.split_once(" at line ").map(|(_, at)| at))
        .and_then(parse_line_column)
        .or_else(|| duplicate_key_line(&text, file, first_line))
        .or_else(|| error.location().map(|at| (at.line(), at.column())))
        .unwrap_or((1, 1));
    let message = match context.and_then(|c| c.split(" at line ").next()) {
        Some(context) => format!("invalid YAML: {problem} (while {context})"),
        None => format!("invalid YAML: {problem}"),
    };
    let hint = if text.starts_with("duplicate entry") {
        "each key may appear once; merge the two entries"
    } else {
        hint
    };
    Diagnostic::error("yaml-syntax", message)
        .at(file.line_col(first_line + line.max(1) - 1, column.max(1), 1))
        .hint(hint)
}

/// Reads "L column C".
fn parse_line_column(at: &str) -> Option<(usize, usize)> {
    let (line, column) = at.split_once(" column ")?;
    Some((line.trim().parse().ok()?, column.trim().parse().ok()?))
}

/// The line (within the YAML) of the second `key:` of a duplicate key,
/// which the parser reports without a useful position.
fn duplicate_key_line(text: &str, file: &FileRef, first_line: usize) -> Option<(usize, usize)> {
    let key = text
        .strip_prefix("duplicate entry with key \"")?
        .split('"')
        .next()?;
    let yaml = &file.text[file.line_start(first_line)..];
    let mut found = yaml.lines().enumerate().filter(|(_, l)| {
        l.strip_prefix(key)
            .is_some_and(|r| r.trim_start().starts_with(':'))
    });
    found.nth(1).map(|(i, _)| (i + 1, 1))
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
    let mapping = match yaml_serde::from_str::<Value>(split.yaml) {
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
            diagnostics.push(yaml_error(file, split.yaml_line, &e, "fix the YAML syntax; quote values that contain `: ` or start with `[`, `{`, `@` or `*`"));
            return None;
        }
    };
    let at = Locator {
        file,
        yaml: split.yaml,
        first_line: split.yaml_line,
    };
    for (key, value) in mapping {
        let Some(key) = key.as_str().map(str::to_owned) else {
            diagnostics.push(
                Diagnostic::error("invalid-front-matter", "a front-matter key is not text")
                    .at(file.line_col(split.yaml_line, 1, 1))
                    .hint("keys are words such as `title` or `date`"),
            );
            continue;
        };
        let mut field = Field {
            key: &key,
            value,
            at: &at,
            diagnostics,
        };
        field.read_into(&mut front);
    }
    Some(front)
}

/// Finds where keys and list items sit in the YAML text. The parser gives
/// no positions for values, so top-level keys are found by their line.
struct Locator<'a> {
    file: &'a FileRef,
    yaml: &'a str,
    first_line: usize,
}

impl Locator<'_> {
    /// The 0-based line within the YAML of top-level `key:`.
    fn key_line(&self, key: &str) -> Option<usize> {
        self.yaml.lines().position(|line| {
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
    }

    /// The location of a key's value (or of the key, if the value is on
    /// later lines).
    fn value(&self, key: &str) -> Location {
        let Some(index) = self.key_line(key) else {
            return self.file.line_col(self.first_line, 1, 1);
        };
        let line = self.yaml.lines().nth(index).unwrap_or("");
        let after = line.find(':').map_or(0, |i| i + 1);
        let value = line[after..].trim();
        if value.is_empty() || value.starts_with('#') {
            return self
                .file
                .line_col(self.first_line + index, 1, key.chars().count());
        }
        let column = line[..after].chars().count()
            + line[after..]
                .chars()
                .take_while(|c| c.is_whitespace())
                .count()
            + 1;
        self.file
            .line_col(self.first_line + index, column, value.chars().count())
    }

    /// The location of the `n`-th item of a block list under `key`, falling
    /// back to the key itself for flow lists (`[a, b]`).
    fn item(&self, key: &str, n: usize) -> Location {
        let Some(index) = self.key_line(key) else {
            return self.value(key);
        };
        let items = self
            .yaml
            .lines()
            .enumerate()
            .skip(index + 1)
            .take_while(|(_, l)| {
                l.is_empty() || l.starts_with(' ') || l.starts_with('-') || l.starts_with('\t')
            })
            .filter(|(_, l)| l.trim_start().starts_with('-'))
            .filter(|(_, l)| {
                let indent = l.len() - l.trim_start().len();
                indent <= self.item_indent(index)
            });
        match items.clone().nth(n) {
            Some((i, line)) => {
                let column = line.len() - line.trim_start().len() + 3;
                self.file.line_col(
                    self.first_line + i,
                    column,
                    line.trim().len().saturating_sub(2),
                )
            }
            None => self.value(key),
        }
    }

    /// Indentation of the first list item after line `index`.
    fn item_indent(&self, index: usize) -> usize {
        self.yaml
            .lines()
            .skip(index + 1)
            .find(|l| l.trim_start().starts_with('-'))
            .map_or(0, |l| l.len() - l.trim_start().len())
    }
}

/// One `key: value` pair being read.
struct Field<'a, 'b> {
    key: &'a str,
    value: Value,
    at: &'a Locator<'a>,
    diagnostics: &'b mut Vec<Diagnostic>,
}

impl Field<'_, '_> {
    fn read_into(&mut self, front: &mut FrontMatter) {
        match self.key {
            "title" => front.title = self.text(),
            "summary" => front.summary = self.text(),
            "kind" => front.kind = self.text(),
            "role" => front.role = self.text(),
            "country" => front.country = self.text(),
            "date" => front.date = self.date(),
            "updated" => front.updated = self.date(),
            "draft" => front.draft = self.boolean(),
            "aliases" => front.aliases = self.names().into_iter().map(|(n, _)| n).collect(),
            "topics" => front.topics = self.names(),
            "actors" => front.actors = self.names(),
            "sources" => front.sources = self.sources(),
            "events" => front.events = self.events(),
            _ => self.extra(front),
        }
    }

    fn wrong_type(&mut self, expected: &str, example: &str) {
        let found = describe(&self.value);
        let location = self.at.value(self.key);
        self.diagnostics.push(
            Diagnostic::error(
                "invalid-value",
                format!("`{}` must be {expected}, found {found}", self.key),
            )
            .at(location)
            .hint(format!("write it like `{}: {example}`", self.key)),
        );
    }

    fn text(&mut self) -> Option<String> {
        match scalar(&self.value) {
            Some(text) => Some(text),
            None if self.value.is_null() => None,
            None => {
                self.wrong_type("text", "Some words");
                None
            }
        }
    }

    fn date(&mut self) -> Option<PartialDate> {
        let Some(text) = scalar(&self.value) else {
            if !self.value.is_null() {
                self.wrong_type("a date", "2025-01-17");
            }
            return None;
        };
        match PartialDate::parse(&text) {
            Ok(date) => Some(date),
            Err(message) => {
                let location = self.at.value(self.key);
                self.diagnostics.push(Diagnostic::error("invalid-date", format!("invalid `{}`: {message}", self.key))
                    .at(location)
                    .hint("dates are ISO 8601: 2025-01-17, or 2025-01 or 2025 when only the month or year is known"));
                None
            }
        }
    }

    fn boolean(&mut self) -> bool {
        match self.value {
            Value::Bool(b) => b,
            Value::Null => false,
            _ => {
                self.wrong_type("true or false", "true");
                false
            }
        }
    }

    /// A list of names; a single name is accepted as a list of one.
    fn names(&mut self) -> Vec<(String, Option<Location>)> {
        if let Value::String(name) = &self.value {
            return vec![(name.trim().to_string(), Some(self.at.value(self.key)))];
        }
        let Value::Sequence(items) = &self.value else {
            if !self.value.is_null() {
                self.wrong_type("a list of names", "[First name, Second name]");
            }
            return Vec::new();
        };
        let items = items.clone();
        let mut names = Vec::new();
        for (n, item) in items.iter().enumerate() {
            match scalar(item) {
                Some(name) if !name.trim().is_empty() => {
                    names.push((name.trim().to_string(), Some(self.at.item(self.key, n))))
                }
                _ => {
                    let location = self.at.item(self.key, n);
                    self.diagnostics.push(
                        Diagnostic::error(
                            "invalid-value",
                            format!(
                                "item {} of `{}` must be a name, found {}",
                                n + 1,
                                self.key,
                                describe(item)
                            ),
                        )
                        .at(location)
                        .hint("write names as plain text: `[Vladimir Putin, Iran]`"),
                    );
                }
            }
        }
        names
    }

    fn sources(&mut self) -> Vec<SourceRef> {
        let Value::Sequence(items) = self.value.clone() else {
            if !self.value.is_null() {
                self.wrong_type("a list of sources", "[kumar-2025]");
            }
            return Vec::new();
        };
        let mut refs = Vec::new();
        for (n, item) in items.into_iter().enumerate() {
            let location = self.at.item(self.key, n);
            if let Some(id) = scalar(&item) {
                refs.push(SourceRef::Id(id, location));
            } else if let Some(source) = read_source(item, location, self.diagnostics) {
                refs.push(SourceRef::Defined(source));
            }
        }
        refs
    }

    fn events(&mut self) -> Vec<Event> {
        let Value::Sequence(items) = self.value.clone() else {
            if !self.value.is_null() {
                self.wrong_type(
                    "a list of events",
                    "[{date: 2025-01-17, title: What happened}]",
                );
            }
            return Vec::new();
        };
        let mut events = Vec::new();
        for (n, item) in items.into_iter().enumerate() {
            let location = self.at.item(self.key, n);
            if let Some(event) = read_event(item, location, self.diagnostics) {
                events.push(event);
            }
        }
        events
    }

    fn extra(&mut self, front: &mut FrontMatter) {
        if let Some(known) = likely_typo(self.key) {
            let location = self.at.file.line_col(
                self.at
                    .key_line(self.key)
                    .map_or(self.at.first_line, |l| l + self.at.first_line),
                1,
                self.key.chars().count(),
            );
            self.diagnostics.push(
                Diagnostic::warning(
                    "unknown-key",
                    format!("unknown front-matter key `{}`", self.key),
                )
                .at(location)
                .hint(format!(
                    "did you mean `{known}`? Unknown keys are kept for templates as `extra.{}`",
                    self.key
                )),
            );
        }
        let json = serde_json::to_value(&self.value).unwrap_or(serde_json::Value::Null);
        front.extra.insert(self.key.to_string(), json);
    }
}

/// A known key that `key` is probably a misspelling of.
fn likely_typo(key: &str) -> Option<&'static str> {
    let lower = key.to_lowercase();
    KNOWN_KEYS.iter().copied().find(|known| {
        lower == *known
            || format!("{lower}s") == *known
            || (lower.len() > 3 && edit_distance(&lower, known) <= 2)
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    id: Value,
    title: Option<Value>,
    author: Option<Value>,
    publisher: Option<Value>,
    url: Option<Value>,
    date: Option<Value>,
    reliability: Option<Value>,
    note: Option<Value>,
}

/// Reads one source definition; problems are reported at `location`.
pub fn read_source(
    value: Value,
    location: Location,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Source> {
    let raw: RawSource = match yaml_serde::from_value(value) {
        Ok(raw) => raw,
        Err(e) => {
            diagnostics.push(Diagnostic::error("invalid-source", format!("invalid source: {}", plain_error(&e)))
                .at(location)
                .hint("a source has `id` and optionally title, author, publisher, url, date, reliability (A–F), note"));
            return None;
        }
    };
    let text = |v: &Option<Value>| v.as_ref().and_then(scalar);
    let Some(id) = scalar(&raw.id).filter(|id| !id.trim().is_empty()) else {
        diagnostics.push(Diagnostic::error("invalid-source", "a source needs a text `id`").at(location)
            .hint("give every source a short id such as `kumar-2025`, then cite it as [@kumar-2025]"));
        return None;
    };
    let date = match text(&raw.date).map(|d| PartialDate::parse(&d)) {
        Some(Ok(date)) => Some(date),
        Some(Err(message)) => {
            diagnostics.push(
                Diagnostic::error(
                    "invalid-date",
                    format!("invalid date of source `{id}`: {message}"),
                )
                .at(location.clone())
                .hint("dates are ISO 8601: 2025-01-17, 2025-01 or 2025"),
            );
            None
        }
        None => None,
    };
    let reliability = match text(&raw.reliability) {
        Some(grade) => match grade.trim().to_ascii_uppercase().as_str() {
            g @ ("A" | "B" | "C" | "D" | "E" | "F") => g.chars().next(),
            _ => {
                diagnostics.push(Diagnostic::error("invalid-reliability", format!("source `{id}` has reliability `{grade}`, which is not an Admiralty grade"))
                    .at(location.clone())
                    .hint("use A (completely reliable) to E (unreliable), or F (cannot be judged)"));
                None
            }
        },
        None => None,
    };
    Some(Source {
        id: id.trim().to_string(),
        title: text(&raw.title),
        author: text(&raw.author),
        publisher: text(&raw.publisher),
        url: text(&raw.url),
        date,
        reliability,
        note: text(&raw.note),
        location: Some(location),
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvent {
    date: Value,
    title: Value,
    #[serde(default)]
    actors: Vec<Value>,
    #[serde(default)]
    sources: Vec<Value>,
}

fn read_event(
    value: Value,
    location: Location,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Event> {
    let hint = "an event has `date`, `title`, and optionally `actors` and `sources` lists";
    let raw: RawEvent = match yaml_serde::from_value(value) {
        Ok(raw) => raw,
        Err(e) => {
            diagnostics.push(
                Diagnostic::error(
                    "invalid-event",
                    format!("invalid event: {}", plain_error(&e)),
                )
                .at(location)
                .hint(hint),
            );
            return None;
        }
    };
    let Some(title) = scalar(&raw.title) else {
        diagnostics.push(
            Diagnostic::error("invalid-event", "an event's `title` must be text")
                .at(location)
                .hint(hint),
        );
        return None;
    };
    let date = match scalar(&raw.date).map(|d| PartialDate::parse(&d)) {
        Some(Ok(date)) => date,
        Some(Err(message)) => {
            diagnostics.push(
                Diagnostic::error(
                    "invalid-date",
                    format!("invalid date of event '{title}': {message}"),
                )
                .at(location)
                .hint("dates are ISO 8601: 2025-01-17, 2025-01 or 2025"),
            );
            return None;
        }
        None => {
            diagnostics.push(
                Diagnostic::error("invalid-event", format!("event '{title}' needs a `date`"))
                    .at(location)
                    .hint(hint),
            );
            return None;
        }
    };
    let list = |values: &[Value]| values.iter().filter_map(scalar).collect::<Vec<_>>();
    Some(Event {
        date,
        title,
        actors: list(&raw.actors),
        sources: list(&raw.sources),
        location,
    })
}

/// A YAML scalar as text: strings, numbers and booleans all read as written.
pub fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Tagged(tagged) => scalar(&tagged.value),
        _ => None,
    }
}

fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a set of key: value pairs",
        Value::Tagged(_) => "a tagged value",
    }
}

fn plain_error(error: &yaml_serde::Error) -> String {
    let message = error.to_string();
    message
        .split(" at line ")
        .next()
        .unwrap_or(&message)
        .to_string()
}

/// Reads `sources.yaml`: a list of source definitions.
pub fn parse_registry(file: &FileRef, diagnostics: &mut Vec<Diagnostic>) -> Vec<Source> {
    let items = match yaml_serde::from_str::<Value>(&file.text) {
        Ok(Value::Sequence(items)) => items,
        Ok(Value::Null) => return Vec::new(),
        Ok(_) => {
            diagnostics.push(
                Diagnostic::error("invalid-source", "sources.yaml must be a list of sources")
                    .at(file.line_col(1, 1, 1))
                    .hint("start each source with `- id: ...`"),
            );
            return Vec::new();
        }
        Err(e) => {
            diagnostics.push(yaml_error(
                file,
                1,
                &e,
                "fix the YAML syntax of the source list",
            ));
            return Vec::new();
        }
    };
    let item_lines: Vec<usize> = file
        .text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with('-'))
        .map(|(i, _)| i + 1)
        .collect();
    items
        .into_iter()
        .enumerate()
        .filter_map(|(n, item)| {
            let line = item_lines.get(n).copied().unwrap_or(1);
            read_source(item, file.line_col(line, 3, 1), diagnostics)
        })
        .collect()
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
}
