//! Front matter: splits the YAML block off a Markdown file and reads it into
//! typed fields, reporting every bad value with its line and column.

use std::collections::BTreeMap;

use crate::HashMap;

use yaml_serde::Value;

use crate::diagnostic::{Diagnostic, FileRef, Location};
use crate::text::date::PartialDate;
use crate::text::slug::edit_distance;

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

/// A source's fields as a page shows them (without where it was defined).
pub type Shown<'a> = (
    &'a String,
    &'a Option<String>,
    &'a Option<String>,
    &'a Option<String>,
    &'a Option<String>,
    Option<PartialDate>,
    Option<char>,
    &'a Option<String>,
);

impl Source {
    /// What a page shows of this source: what two sources must share to
    /// look the same, and what a page's fingerprints cover.
    pub fn shown(&self) -> Shown<'_> {
        (
            &self.id,
            &self.title,
            &self.author,
            &self.publisher,
            &self.url,
            self.date,
            self.reliability,
            &self.note,
        )
    }
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
    /// Shared: the graph's source table holds the same definition.
    Defined(std::sync::Arc<Source>),
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
    pub aliases: Vec<(String, Option<Location>)>,
    pub draft: bool,
    pub kind: Option<String>,
    pub role: Option<String>,
    pub country: Option<String>,
    /// `title` was given but is not text (already reported).
    pub title_rejected: bool,
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

/// Parses YAML text into a value: with [`crate::yaml::simple`] when it
/// can, which gives the same value, else with yaml_serde. Flow collections (`[…]`, `{…}`) nested
/// deeper than the parser accepts (128) are refused before parsing: its
/// scanner's work grows with the square of that depth, and 100 000
/// brackets took 20 seconds only to fail.
pub fn parse_yaml(text: &str) -> Result<Value, yaml_serde::Error> {
    // Nearly all front matter is plain enough to read in one quick pass.
    if let Some(value) = crate::yaml::simple::parse(text) {
        return Ok(value);
    }
    const DEEPEST: usize = 200;
    if flow_depth(text) > DEEPEST {
        return Err(serde::de::Error::custom(format!(
            "lists or mappings nested more than {DEEPEST} deep"
        )));
    }
    yaml_serde::from_str(text)
}

/// How deep `[` and `{` may nest in YAML text, erring high: every opening
/// bracket counts, even in a string or comment, and closing brackets count
/// only outside what looks like a quoted string or a comment, so brackets
/// in strings (`"]]]"`) do not hide real nesting. A string holding hundreds
/// of unmatched `[` is refused too.
fn flow_depth(text: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut inside: Option<char> = None;
    let mut chars = text.chars().peekable();
    let mut token_start = true;
    while let Some(c) = chars.next() {
        match (inside, c) {
            (_, '[' | '{') => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            (None, '"' | '\'' | '#') if token_start => inside = Some(c),
            (Some('#'), '\n') => inside = None,
            (Some('"'), '\\') => {
                chars.next_if(|&c| c != '[' && c != '{');
            }
            (Some('\''), '\'') if chars.peek() == Some(&'\'') => {
                chars.next();
            }
            (Some(quote), c) if c == quote && quote != '#' => inside = None,
            _ => {}
        }
        token_start = c.is_whitespace() || matches!(c, '[' | '{' | ',' | ':' | '-' | '?');
    }
    deepest
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
    // Where an unclosed bracket or quote opened is nearer the mistake than
    // where the parser gave up; for other errors (bad indentation, tabs)
    // the parser's own position is right.
    let opened = context.filter(|c| c.contains("flow") || c.contains("quoted"));
    let (line, column) = opened
        .and_then(|c| c.split_once(" at line ").map(|(_, at)| at))
        .and_then(parse_line_column)
        .or_else(|| duplicate_key_line(&text, file, first_line, error))
        .or_else(|| error.location().map(|at| (at.line(), at.column())))
        .unwrap_or((1, 1));
    let message = match opened.and_then(|c| c.split(" at line ").next()) {
        Some(context) => format!("invalid YAML: {problem} (while {context})"),
        None => format!("invalid YAML: {problem}"),
    };
    let hint = if text.contains("duplicate entry") {
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
fn duplicate_key_line(
    text: &str,
    file: &FileRef,
    first_line: usize,
    error: &yaml_serde::Error,
) -> Option<(usize, usize)> {
    let key = text
        .split_once("duplicate entry with key \"")?
        .1
        .split('"')
        .next()?;
    // The parser says where the mapping starts (its first line for a
    // top-level key, the list item for a nested one): its keys are at that
    // column, so the second `key:` there is the duplicate. Keys of the same
    // name nested deeper (a source's `title` above a second top-level
    // `title`) are not it.
    let (from, indent) = error
        .location()
        .map_or((1, 0), |at| (at.line(), at.column().saturating_sub(1)));
    let yaml = file.text.get(file.line_start(first_line)..)?;
    yaml.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .filter_map(|(index, line)| {
            let content = line.trim_start().trim_start_matches("- ");
            let depth = line.len() - content.len();
            let is_key = content
                .strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'));
            (is_key && depth == indent).then_some((index + 1, depth + 1))
        })
        .nth(1)
}

/// The 1-based lines of the items of a top-level block list: lines opening
/// with `- ` at the shallowest such indentation (not a `---` marker).
fn list_items(text: &str) -> Vec<usize> {
    let items: Vec<(usize, usize)> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| {
            let t = l.trim_start();
            t == "-" || t.starts_with("- ")
        })
        .map(|(i, l)| (i + 1, l.len() - l.trim_start().len()))
        .collect();
    let shallowest = items.iter().map(|&(_, depth)| depth).min().unwrap_or(0);
    items
        .into_iter()
        .filter(|&(_, depth)| depth == shallowest)
        .map(|(line, _)| line)
        .collect()
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
    let mapping = match parse_yaml(split.yaml) {
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

/// Where the value of top-level `key` is in a YAML file (for settings).
pub fn setting_location(file: &FileRef, key: &str) -> Location {
    Locator::new(file, &file.text, 1).value(key)
}

/// Where top-level `key` itself is in a YAML file.
pub fn setting_key_location(file: &FileRef, key: &str) -> Location {
    let line = Locator::new(file, &file.text, 1)
        .key_line(key)
        .map_or(1, |l| l + 1);
    file.line_col(line, 1, key.chars().count())
}

/// Finds where keys and list items sit in the YAML text. The parser gives
/// no positions for values, so top-level keys are found by their line.
struct Locator<'a> {
    file: &'a FileRef,
    lines: Vec<&'a str>,
    first_line: usize,
    /// The 0-based line of each top-level key, found once per file so a
    /// huge front matter stays linear.
    keys: HashMap<&'a str, usize>,
}

impl<'a> Locator<'a> {
    fn new(file: &'a FileRef, yaml: &'a str, first_line: usize) -> Self {
        let lines: Vec<&str> = yaml.lines().collect();
        let mut keys = HashMap::default();
        for (index, line) in lines.iter().enumerate() {
            let top_level = line.starts_with(|c: char| !c.is_whitespace() && c != '-' && c != '#');
            if let Some(colon) = line.find(':').filter(|_| top_level) {
                let key = line[..colon].trim_end();
                let key = key
                    .strip_prefix(['"', '\''])
                    .and_then(|k| k.strip_suffix(['"', '\'']))
                    .unwrap_or(key);
                keys.entry(key).or_insert(index);
            }
        }
        Locator {
            file,
            lines,
            first_line,
            keys,
        }
    }

    /// The 0-based line within the YAML of top-level `key:`.
    fn key_line(&self, key: &str) -> Option<usize> {
        self.keys.get(key).copied()
    }

    /// The location of a key's value (or of the key, if the value is on
    /// later lines).
    fn value(&self, key: &str) -> Location {
        let Some(index) = self.key_line(key) else {
            return self.file.line_col(self.first_line, 1, 1);
        };
        let line = self.lines.get(index).copied().unwrap_or("");
        let (column, width) = value_span(line, key);
        self.file.line_col(self.first_line + index, column, width)
    }

    /// Where `needle` is written on the line of `key` (an item of a flow
    /// list such as `[a, b]`).
    fn on_key_line(&self, key: &str, needle: &str) -> Option<Location> {
        let index = self.key_line(key)?;
        let line = self.lines.get(index)?;
        let colon = line.find(':')?;
        // The item as a whole, not inside a longer one: `Gas` in `[Gasoline, Gas]`.
        let at = line[colon..]
            .match_indices(needle)
            .map(|(i, _)| colon + i)
            .find(|&at| {
                let before = line[..at].trim_end_matches([' ', '"', '\'']);
                let after = line[at + needle.len()..].trim_start_matches([' ', '"', '\'']);
                before.ends_with(['[', ',', ':'])
                    && (after.is_empty() || after.starts_with([',', ']', '#']))
            })?;
        let column = line[..at].chars().count() + 1;
        Some(
            self.file
                .line_col(self.first_line + index, column, needle.chars().count()),
        )
    }

    /// The locations of the items of a block list under `key`; a flow list
    /// (`[a, b]`) has none, and its items are reported at the key.
    fn items(&self, key: &str) -> Vec<Location> {
        let Some(index) = self.key_line(key) else {
            return Vec::new();
        };
        let block = self
            .lines
            .iter()
            .enumerate()
            .skip(index + 1)
            .take_while(|(_, l)| l.trim().is_empty() || l.starts_with([' ', '\t', '-']));
        let mut indent = None;
        let mut items = Vec::new();
        for (i, line) in block {
            let depth = line.len() - line.trim_start().len();
            if !line.trim_start().starts_with('-') || indent.is_some_and(|d| d != depth) {
                continue;
            }
            indent = Some(depth);
            let width = line.trim().chars().count().saturating_sub(2);
            items.push(self.file.line_col(self.first_line + i, depth + 3, width));
        }
        items
    }
}

/// The column and width of the value of `key:` on `line`, or of the key
/// itself when the value continues on later lines.
fn value_span(line: &str, key: &str) -> (usize, usize) {
    let after = line.find(':').map_or(0, |i| i + 1);
    let value = line.get(after..).unwrap_or("").trim();
    if value.is_empty() || value.starts_with('#') {
        let column = line
            .chars()
            .take_while(|c| c.is_whitespace() || *c == '-')
            .count()
            + 1;
        return (column, key.chars().count());
    }
    let column = line[..after].chars().count()
        + line[after..]
            .chars()
            .take_while(|c| c.is_whitespace())
            .count()
        + 1;
    (column, value.chars().count())
}

/// The location of the value of `key:` inside the list item at `item` (its
/// `- ` line and the more indented lines after it); the item if none.
pub fn field_of_item(item: &Location, key: &str) -> Location {
    match find_in_item(item, key) {
        Some((number, line)) => {
            let (column, width) = value_span(line, key);
            Location {
                line: number,
                column,
                width,
                ..item.clone()
            }
        }
        None => item.clone(),
    }
}

/// The location of `key` itself inside the list item at `item`.
fn key_of_item(item: &Location, key: &str) -> Location {
    match find_in_item(item, key) {
        Some((number, line)) => {
            let column = line
                .chars()
                .take_while(|c| c.is_whitespace() || *c == '-')
                .count()
                + 1;
            Location {
                line: number,
                column,
                width: key.chars().count(),
                ..item.clone()
            }
        }
        None => item.clone(),
    }
}

/// The 1-based number and text of the line holding `key:` in an item.
fn find_in_item<'t>(item: &'t Location, key: &str) -> Option<(usize, &'t str)> {
    let text = item.text.as_deref()?;
    let dash = item.column.saturating_sub(3);
    let lines = text.lines().enumerate().skip(item.line.saturating_sub(1));
    for (n, (index, line)) in lines.enumerate() {
        let depth = line.len() - line.trim_start().len();
        if n > 0 && (line.trim().is_empty() || depth <= dash) {
            return None;
        }
        let content = line.trim_start().trim_start_matches('-').trim_start();
        if content
            .strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
        {
            return Some((index + 1, line));
        }
    }
    None
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
            "title" => {
                front.title = self.text();
                front.title_rejected = front.title.is_none() && !self.value.is_null();
            }
            "summary" => front.summary = self.text(),
            "kind" => front.kind = self.text(),
            "role" => front.role = self.text(),
            "country" => front.country = self.text(),
            "date" => front.date = self.date(),
            "updated" => front.updated = self.date(),
            "draft" => front.draft = self.boolean(),
            "aliases" => front.aliases = self.names(),
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

    /// The location of item `n` of this field's list: its line in a block
    /// list, the item's own text in a flow list, else the field.
    fn item(&self, places: &[Location], n: usize, text: Option<&str>) -> Location {
        places
            .get(n)
            .cloned()
            .or_else(|| text.and_then(|t| self.at.on_key_line(self.key, t.trim())))
            .unwrap_or_else(|| self.at.value(self.key))
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
        let places = self.at.items(self.key);
        let mut names = Vec::new();
        for (n, item) in items.iter().enumerate() {
            match scalar(item) {
                Some(name) if !name.trim().is_empty() => {
                    let at = self.item(&places, n, Some(&name));
                    names.push((name.trim().to_string(), Some(at)))
                }
                _ => {
                    let location = self.item(&places, n, None);
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
        let places = self.at.items(self.key);
        let mut refs = Vec::new();
        for (n, item) in items.into_iter().enumerate() {
            let id = scalar(&item);
            let location = self.item(&places, n, id.as_deref());
            if let Some(id) = id {
                refs.push(SourceRef::Id(id, location));
            } else if let Some(source) = read_source(item, location, self.diagnostics) {
                refs.push(SourceRef::Defined(source.into()));
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
        let places = self.at.items(self.key);
        let mut events = Vec::new();
        for (n, item) in items.into_iter().enumerate() {
            let location = self.item(&places, n, None);
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

const SOURCE_FIELDS: &[&str] = &[
    "id",
    "title",
    "author",
    "publisher",
    "url",
    "date",
    "reliability",
    "note",
];
const EVENT_FIELDS: &[&str] = &["date", "title", "actors", "sources"];
const DATE_HINT: &str = "dates are ISO 8601: 2025-01-17, 2025-01 or 2025";

/// A list item that is a set of `key: value` pairs (a source, an event),
/// read field by field so that one bad field does not lose the others.
struct Item<'d> {
    fields: yaml_serde::Mapping,
    at: Location,
    what: &'static str,
    diagnostics: &'d mut Vec<Diagnostic>,
}

impl<'d> Item<'d> {
    /// Checks that `value` is a mapping with only `known` keys.
    fn new(
        value: Value,
        at: Location,
        what: &'static str,
        known: &[&str],
        diagnostics: &'d mut Vec<Diagnostic>,
    ) -> Option<Self> {
        let code = if what == "source" {
            "invalid-source"
        } else {
            "invalid-event"
        };
        let a = article(what);
        let hint = format!("{a} {what} has the fields {}", known.join(", "));
        let Value::Mapping(fields) = value else {
            diagnostics.push(
                Diagnostic::error(
                    code,
                    format!(
                        "{a} {what} must be a set of `key: value` lines, found {}",
                        describe(&value)
                    ),
                )
                .at(at)
                .hint(hint),
            );
            return None;
        };
        for key in fields.keys() {
            let name = key.as_str().unwrap_or("?");
            if !known.contains(&name) {
                let near = crate::text::slug::nearest(name, known.iter().copied());
                let hint = near.map_or(hint.clone(), |near| {
                    format!("did you mean `{near}`? {hint}")
                });
                diagnostics.push(
                    Diagnostic::error(code, format!("unknown field `{name}` in {a} {what}"))
                        .at(key_of_item(&at, name))
                        .hint(hint),
                );
            }
        }
        Some(Item {
            fields,
            at,
            what,
            diagnostics,
        })
    }

    /// A text field; a list or mapping where text belongs is an error.
    fn text(&mut self, key: &str) -> Option<String> {
        let value = self.fields.get(key)?;
        let text = scalar(value);
        if text.is_none() && !value.is_null() {
            let found = describe(value);
            self.invalid(
                key,
                format!(
                    "`{key}` of {} {} must be text, found {found}",
                    article(self.what),
                    self.what
                ),
            );
        }
        text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
    }

    /// A list of names or ids; a single one is a list of one.
    fn list(&mut self, key: &str) -> Vec<String> {
        match self.fields.get(key) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Sequence(items)) => items.iter().filter_map(scalar).collect(),
            Some(value) => match scalar(value) {
                Some(one) => vec![one],
                None => {
                    let found = describe(value);
                    self.invalid(
                        key,
                        format!(
                            "`{key}` of {} {} must be a list, found {found}",
                            article(self.what),
                            self.what
                        ),
                    );
                    Vec::new()
                }
            },
        }
    }

    fn date(&mut self, key: &str, whose: &str) -> Option<PartialDate> {
        let text = self.text(key)?;
        match PartialDate::parse(&text) {
            Ok(date) => Some(date),
            Err(message) => {
                let at = field_of_item(&self.at, key);
                self.diagnostics.push(
                    Diagnostic::error(
                        "invalid-date",
                        format!("invalid date of {whose}: {message}"),
                    )
                    .at(at)
                    .hint(DATE_HINT),
                );
                None
            }
        }
    }

    fn invalid(&mut self, key: &str, message: String) {
        let at = field_of_item(&self.at, key);
        self.diagnostics.push(
            Diagnostic::error("invalid-value", message)
                .at(at)
                .hint(format!("write it like `{key}: some text`")),
        );
    }

    fn missing(&mut self, key: &str, message: String) {
        let code = if self.what == "source" {
            "invalid-source"
        } else {
            "invalid-event"
        };
        let example = if key == "date" {
            "date: 2025-01-17"
        } else {
            "title: What happened"
        };
        self.diagnostics.push(
            Diagnostic::error(code, message)
                .at(self.at.clone())
                .hint(format!("add `{example}` to it")),
        );
    }
}

/// "a source", "an event".
fn article(noun: &str) -> &'static str {
    if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// Reads one source definition; problems are reported at `location` or at
/// the offending field.
pub fn read_source(
    value: Value,
    location: Location,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Source> {
    let mut item = Item::new(
        value,
        location.clone(),
        "source",
        SOURCE_FIELDS,
        diagnostics,
    )?;
    let Some(id) = item.text("id") else {
        item.diagnostics.push(Diagnostic::error("invalid-source", "a source needs an `id`").at(location)
            .hint("give every source a short id such as `kumar-2025`, then cite it as [@kumar-2025]"));
        return None;
    };
    let date = item.date("date", &format!("source `{id}`"));
    let reliability = item.text("reliability").and_then(|grade| {
        let upper = grade.to_ascii_uppercase();
        if let g @ ("A" | "B" | "C" | "D" | "E" | "F") = upper.as_str() {
            return g.chars().next();
        }
        item.diagnostics.push(
            Diagnostic::error(
                "invalid-reliability",
                format!("source `{id}` has reliability `{grade}`, which is not an Admiralty grade"),
            )
            .at(field_of_item(&location, "reliability"))
            .hint("use A (completely reliable) to E (unreliable), or F (cannot be judged)"),
        );
        None
    });
    let url = item.text("url").filter(|url| {
        let checked = crate::text::urls::http_host(url);
        if let Err(why) = checked {
            item.diagnostics.push(invalid_url(&id, why, &location));
        }
        checked.is_ok()
    });
    Some(Source {
        title: item.text("title"),
        author: item.text("author"),
        publisher: item.text("publisher"),
        url,
        note: item.text("note"),
        id,
        date,
        reliability,
        location: Some(location),
    })
}

/// The error for a source `url` that is not an http(s) address: any other
/// scheme (`javascript:`, `data:`) could run script when a reader clicks it.
fn invalid_url(id: &str, why: &str, item: &Location) -> Diagnostic {
    Diagnostic::error(
        "invalid-url",
        format!("the `url` of source `{id}` is not an http or https address: {why}"),
    )
    .at(field_of_item(item, "url"))
    .hint("write the full address, like `url: https://example.org/report`; other kinds of address are refused because they can run script")
}

fn read_event(
    value: Value,
    location: Location,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Event> {
    let mut item = Item::new(value, location.clone(), "event", EVENT_FIELDS, diagnostics)?;
    let title = item.text("title");
    let Some(title) = title else {
        item.missing("title", "an event needs a `title`".into());
        return None;
    };
    if !item.fields.contains_key("date") {
        item.missing("date", format!("event '{title}' needs a `date`"));
        return None;
    }
    let date = item.date("date", &format!("event '{title}'"))?;
    Some(Event {
        date,
        actors: item.list("actors"),
        sources: item.list("sources"),
        title,
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

/// Reads `sources.yaml`: a list of source definitions.
pub fn parse_registry(file: &FileRef, diagnostics: &mut Vec<Diagnostic>) -> Vec<Source> {
    let items = match parse_yaml(&file.text) {
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
            diagnostics.push(yaml_error(
                file,
                1,
                &e,
                "fix the YAML syntax of the source list; until it parses, citations of its ids are not checked",
            ));
            return Vec::new();
        }
    };
    let lines: Vec<&str> = file.text.lines().collect();
    let item_lines = list_items(&file.text);
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

    #[test]
    fn flow_depth_errs_high() {
        assert_eq!(flow_depth("topics: [a, b]\nactors: [c]\n"), 1);
        assert_eq!(flow_depth("x: {a: [b, {c: d}]}"), 3);
        assert_eq!(flow_depth("x: \"]]\" [['it''s ]]' [ # ]]\n"), 3);
        assert_eq!(flow_depth("title: Putin's ]] [plan]"), 1);
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
}
