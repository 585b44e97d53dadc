//! One list item that is a set of `key: value` pairs (a source, an event),
//! read field by field so that one bad field does not lose the others:
//! takes the item's YAML value and where it is, gives its fields as text,
//! lists and dates, reporting each bad one at its own line.

use yaml_serde::Value;

use crate::diagnostic::{Diagnostic, Location};
use crate::text::date::PartialDate;
use crate::yaml::locate::{field_of_item, key_of_item};
use crate::yaml::value::{describe, scalar};

const DATE_HINT: &str = "dates are ISO 8601: 2025-01-17, 2025-01 or 2025";

/// A list item being read.
pub(super) struct Item<'d> {
    pub(super) fields: yaml_serde::Mapping,
    pub(super) at: Location,
    what: &'static str,
    pub(super) diagnostics: &'d mut Vec<Diagnostic>,
}

impl<'d> Item<'d> {
    /// Checks that `value` is a mapping with only `known` keys.
    pub(super) fn new(
        value: Value,
        at: Location,
        what: &'static str,
        known: &[&str],
        diagnostics: &'d mut Vec<Diagnostic>,
    ) -> Option<Self> {
        let code = code(what);
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
    pub(super) fn text(&mut self, key: &str) -> Option<String> {
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
    pub(super) fn list(&mut self, key: &str) -> Vec<String> {
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

    /// A date field; `whose` names the item in the message.
    pub(super) fn date(&mut self, key: &str, whose: &str) -> Option<PartialDate> {
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

    /// Reports a required field that is not there.
    pub(super) fn missing(&mut self, key: &str, message: String) {
        let example = if key == "date" {
            "date: 2025-01-17"
        } else {
            "title: What happened"
        };
        self.diagnostics.push(
            Diagnostic::error(code(self.what), message)
                .at(self.at.clone())
                .hint(format!("add `{example}` to it")),
        );
    }
}

/// The diagnostic code for a bad item of this kind.
fn code(what: &str) -> &'static str {
    if what == "source" {
        "invalid-source"
    } else {
        "invalid-event"
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
