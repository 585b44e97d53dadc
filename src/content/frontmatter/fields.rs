//! What front matter holds and how it is read, in one place: the typed
//! [`FrontMatter`], and [`FIELDS`], which keys the engine knows and how
//! each value is read into it. A [`Field`] is one `key: value` pair being
//! read; any key not in the table is kept for templates (`page.extra`),
//! with a warning when it looks like a typo.

use std::collections::BTreeMap;

use yaml_serde::Value;

use super::events::{Event, read_event};
use super::sources::{SourceRef, read_source};
use crate::diagnostic::{Diagnostic, Location};
use crate::text::date::PartialDate;
use crate::text::slug::edit_distance;
use crate::yaml::locate::{Locator, Place};
use crate::yaml::value::{describe, scalar};

/// The front matter of one page, with every field typed. A new field is
/// added here and read in [`FIELDS`]; nothing else lists the fields: the
/// derived `Hash` and `PartialEq` take them all (`Page::signature`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub date: Option<PartialDate>,
    pub updated: Option<PartialDate>,
    pub summary: Option<String>,
    pub topics: Vec<(String, Place)>,
    pub actors: Vec<(String, Place)>,
    pub sources: Vec<SourceRef>,
    pub events: Vec<Event>,
    pub aliases: Vec<(String, Place)>,
    pub draft: bool,
    pub kind: Option<String>,
    pub role: Option<String>,
    pub country: Option<String>,
    /// The page's language (a well-formed BCP 47 tag), when it differs
    /// from the site's `language`; see [`FrontMatter::language_or`].
    pub language: Option<Box<str>>,
    /// `title` was given but is not text (already reported).
    pub title_rejected: bool,
    /// Keys the engine does not know, kept for templates.
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// How one key's value is read into the front matter.
type Read = fn(&mut Field, &mut FrontMatter);

/// Every key the engine reads and how: adding a front-matter field is the
/// field in [`FrontMatter`] and one entry here. The order is the one typos
/// are matched in ([`likely_typo`]).
const FIELDS: &[(&str, Read)] = &[
    ("title", |field, front| {
        front.title = field.text();
        front.title_rejected = front.title.is_none() && !field.value.is_null();
    }),
    ("date", |field, front| front.date = field.date()),
    ("updated", |field, front| front.updated = field.date()),
    ("summary", |field, front| front.summary = field.text()),
    ("topics", |field, front| front.topics = field.names()),
    ("actors", |field, front| front.actors = field.names()),
    ("sources", |field, front| front.sources = field.sources()),
    ("events", |field, front| front.events = field.events()),
    ("aliases", |field, front| front.aliases = field.names()),
    ("draft", |field, front| front.draft = field.boolean()),
    ("kind", |field, front| front.kind = field.text()),
    ("role", |field, front| front.role = field.text()),
    ("country", |field, front| front.country = field.text()),
    ("language", |field, front| front.language = field.language()),
];

impl FrontMatter {
    /// Puts each list in a block of its own length (see
    /// [`crate::text::tight`]). A list read item by item keeps room for
    /// up to twice its items, and for four at least: a brief's one event
    /// took the room of four, and its five topics of eight, for the
    /// whole build. At 10,000 briefs that was some 11 MB.
    pub(super) fn tighten(&mut self) {
        use crate::text::tight;
        self.topics = tight::vec(std::mem::take(&mut self.topics));
        self.actors = tight::vec(std::mem::take(&mut self.actors));
        self.aliases = tight::vec(std::mem::take(&mut self.aliases));
        self.sources = tight::vec(std::mem::take(&mut self.sources));
        self.events = tight::vec(std::mem::take(&mut self.events));
        for event in &mut self.events {
            event.actors = tight::vec(std::mem::take(&mut event.actors));
            event.sources = tight::vec(std::mem::take(&mut event.sources));
        }
    }

    /// The page's effective language: its own `language:`, else the
    /// site's (`dossier.yaml`).
    pub fn language_or<'a>(&'a self, site: &'a str) -> &'a str {
        self.language.as_deref().unwrap_or(site)
    }
}

/// One `key: value` pair being read.
pub(super) struct Field<'a, 'b> {
    key: &'a str,
    value: Value,
    at: &'a Locator<'a>,
    diagnostics: &'b mut Vec<Diagnostic>,
}

impl<'a, 'b> Field<'a, 'b> {
    pub(super) fn new(
        key: &'a str,
        value: Value,
        at: &'a Locator<'a>,
        diagnostics: &'b mut Vec<Diagnostic>,
    ) -> Self {
        Field {
            key,
            value,
            at,
            diagnostics,
        }
    }

    /// Reads the value into its field of `front`, or into `front.extra`.
    pub(super) fn read_into(&mut self, front: &mut FrontMatter) {
        match FIELDS.iter().find(|(key, _)| *key == self.key) {
            Some((_, read)) => read(self, front),
            None => self.extra(front),
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

    /// A BCP 47 tag such as `fa` or `ru-RU`; a malformed one is an error
    /// at the value and leaves the site's language in force.
    fn language(&mut self) -> Option<Box<str>> {
        let tag = self.text()?;
        let tag = tag.trim();
        match crate::text::lang::check_tag(tag) {
            Ok(()) => Some(tag.into()),
            Err(message) => {
                let location = self.at.value(self.key);
                self.diagnostics.push(
                    Diagnostic::error("invalid-language", format!("invalid `language`: {message}"))
                        .at(location)
                        .hint(
                            "write a BCP 47 language tag, like `language: fa` or `language: ru-RU`",
                        ),
                );
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
    fn names(&mut self) -> Vec<(String, Place)> {
        if let Value::String(name) = &self.value {
            return vec![(name.trim().to_string(), Place(self.at.value(self.key)))];
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
                    names.push((name.trim().to_string(), Place(at)))
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
                refs.push(SourceRef::Id(id, Place(location)));
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

    /// Keeps an unknown key for templates, warning when it looks like a
    /// misspelt known one.
    fn extra(&mut self, front: &mut FrontMatter) {
        let hint = match (other_tools_key(self.key), likely_typo(self.key)) {
            (Some(known), _) => Some(format!(
                "dossier calls these `{known}`: rename the key to `{known}:` to file the page under them; `{}:` is kept for templates as `extra.{0}`",
                self.key
            )),
            (None, Some(known)) => Some(format!(
                "did you mean `{known}`? Unknown keys are kept for templates as `extra.{}`",
                self.key
            )),
            (None, None) => None,
        };
        if let Some(hint) = hint {
            let message = format!("unknown front-matter key `{}`", self.key);
            let location = self.at.key(self.key);
            self.diagnostics.push(
                Diagnostic::warning("unknown-key", message)
                    .at(location)
                    .hint(hint),
            );
        }
        let json = serde_json::to_value(&self.value).unwrap_or(serde_json::Value::Null);
        front.extra.insert(self.key.to_string(), json);
    }
}

/// The known key that another tool's `key` means: Obsidian's and Hugo's
/// `tags:` are topics here. They are not read as topics, since a list of
/// tags written for another tool would each make a topic page and a node
/// in the graph; the warning lets the writer choose.
fn other_tools_key(key: &str) -> Option<&'static str> {
    matches!(key.to_lowercase().as_str(), "tags" | "tag").then_some("topics")
}

/// A known key that `key` is probably a misspelling of.
fn likely_typo(key: &str) -> Option<&'static str> {
    let lower = key.to_lowercase();
    FIELDS.iter().map(|&(known, _)| known).find(|known| {
        lower == *known
            || format!("{lower}s") == *known
            || (lower.len() > 3 && edit_distance(&lower, known) <= 2)
    })
}
