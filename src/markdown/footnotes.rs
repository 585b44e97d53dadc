//! Footnotes (`[^label]` and `[^label]: text`): numbered in order of
//! first reference, their definitions moved out of the text into a
//! "Notes" section at the end of the body, each with a back-link to every
//! reference to it. Also finds the problems a writer can make with them:
//! a reference to a note defined nowhere, a note never referenced.
//!
//! [`Watch`] sees the raw events as the pass reads them (for positions);
//! [`Watch::place`] rewrites the pass's finished events. Ids go through the
//! page's [`HeadingIds`], so a heading can never take a note's id.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::HashMap;
use crate::diagnostic::Diagnostic;
use crate::markdown::headings::HeadingIds;

/// A footnote problem, at a byte range of the whole file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub span: Range<usize>,
    pub label: String,
    pub kind: ProblemKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// `[^x]` with no `[^x]:` anywhere: it shows as written.
    Undefined,
    /// `[^x]:` that no `[^x]` refers to: it is not shown.
    Unused,
    /// A second `[^x]:`: only the first is shown.
    Duplicate,
}

impl Problem {
    /// The diagnostic for this problem (without its place in the file).
    pub fn diagnostic(&self) -> Diagnostic {
        let label = &self.label;
        match self.kind {
            ProblemKind::Undefined => Diagnostic::error(
                "undefined-footnote",
                format!("footnote `[^{label}]` is defined nowhere: it shows as written"),
            )
            .hint(format!(
                "add a line `[^{label}]: the note's text` to this page, or write `\\[^{label}]` to mean the brackets"
            )),
            ProblemKind::Unused => Diagnostic::warning(
                "unused-footnote",
                format!("footnote `[^{label}]` is never referenced, so it is not shown"),
            )
            .hint(format!(
                "refer to it with `[^{label}]` where the note belongs, or remove the definition"
            )),
            ProblemKind::Duplicate => Diagnostic::warning(
                "unused-footnote",
                format!("footnote `[^{label}]` is defined twice; only the first is shown"),
            )
            .hint("give one of the notes another label, or merge them"),
        }
    }
}

/// Watches the parser's events for definitions and for references that
/// found no definition (which the parser leaves as text).
pub struct Watch<'s> {
    source: &'s str,
    offset: usize,
    in_code: bool,
    /// The range of source covered by consecutive text events.
    run: Option<Range<usize>>,
    /// Each definition's label and range, in the body.
    definitions: Vec<(String, Range<usize>)>,
    problems: Vec<Problem>,
}

impl<'s> Watch<'s> {
    /// `source` is the body's text, starting at byte `offset` of its file.
    pub fn new(source: &'s str, offset: usize) -> Self {
        Watch {
            source,
            offset,
            in_code: false,
            run: None,
            definitions: Vec::new(),
            problems: Vec::new(),
        }
    }

    pub fn see(&mut self, event: &Event<'_>, range: &Range<usize>) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => self.in_code = true,
            Event::End(TagEnd::CodeBlock) => self.in_code = false,
            Event::Text(_) if !self.in_code => return self.extend(range),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.definitions.push((label.to_string(), range.clone()))
            }
            _ => {}
        }
        self.end_run();
    }

    /// A text event continues the run when it starts where the last one
    /// ended, or one byte on: an escape's backslash is not in its text.
    fn extend(&mut self, range: &Range<usize>) {
        match &mut self.run {
            Some(run) if range.start <= run.end + 1 && range.start >= run.end => {
                run.end = range.end
            }
            _ => {
                self.end_run();
                self.run = Some(range.clone());
            }
        }
    }

    fn end_run(&mut self) {
        let Some(run) = self.run.take() else {
            return;
        };
        let Some(text) = self.source.get(run.clone()) else {
            return;
        };
        for (at, label) in undefined_references(text) {
            let start = self.offset + run.start + at;
            self.problems.push(Problem {
                span: start..start + label.len() + 3,
                label: label.to_string(),
                kind: ProblemKind::Undefined,
            });
        }
    }

    /// Rewrites the pass's finished `events`: references become numbered
    /// links, definitions leave the text for the Notes section at the end.
    /// Gives the events and every footnote problem found, in file order.
    pub fn place<'a>(
        mut self,
        events: Vec<Event<'a>>,
        ids: &mut HeadingIds,
    ) -> (Vec<Event<'a>>, Vec<Problem>) {
        self.end_run();
        if self.definitions.is_empty() {
            self.problems.sort_by_key(|p| p.span.start);
            return (events, self.problems);
        }
        let (text, definitions) = split_definitions(events);
        let mut notes = Notes {
            definitions,
            order: Vec::new(),
            by_label: HashMap::default(),
            ids,
        };
        let mut out = notes.number(text);
        let mut done = 0;
        let mut bodies = Vec::new();
        // Notes referenced from notes are numbered as their referrer is
        // laid out, so the loop runs until no new note turns up.
        while done < notes.order.len() {
            let label = notes.order[done].label.clone();
            let events = notes.definitions.remove(&label).unwrap_or_default();
            bodies.push(notes.number(events));
            done += 1;
        }
        if !notes.order.is_empty() {
            section(&mut out, &notes.order, bodies);
        }
        self.unused(&notes.order);
        self.problems.sort_by_key(|p| p.span.start);
        (out, self.problems)
    }

    /// Definitions no reference numbered, and second definitions.
    fn unused(&mut self, order: &[Note]) {
        let mut seen: Vec<String> = Vec::new();
        for (label, range) in &self.definitions {
            let key = key(label);
            let kind = if seen.contains(&key) {
                ProblemKind::Duplicate
            } else if order.iter().all(|n| n.label != key) {
                ProblemKind::Unused
            } else {
                seen.push(key);
                continue;
            };
            seen.push(key);
            let start = self.offset + range.start;
            self.problems.push(Problem {
                span: start..start + label.len() + 3,
                label: label.clone(),
                kind,
            });
        }
    }
}

/// Labels match regardless of case, as the parser matches them.
fn key(label: &str) -> String {
    label.to_lowercase()
}

/// `[^label]` in plain text (not after a backslash): its byte position
/// in `text` and its label.
fn undefined_references(text: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = text.get(from..).and_then(|t| t.find("[^")) {
        let start = from + at;
        from = start + 2;
        if text[..start].ends_with('\\') {
            continue;
        }
        let rest = &text[start + 2..];
        let Some(end) = rest.find(']') else {
            break;
        };
        let label = &rest[..end];
        if !label.is_empty() && !label.contains(|c: char| c.is_whitespace() || c == '[') {
            found.push((start, label));
            from = start + 3 + end;
        }
    }
    found
}

/// The events outside definitions, and each definition's events by key
/// (the first definition of a label wins).
fn split_definitions(events: Vec<Event<'_>>) -> (Vec<Event<'_>>, HashMap<String, Vec<Event<'_>>>) {
    let mut text = Vec::with_capacity(events.len());
    let mut definitions: HashMap<String, Vec<Event<'_>>> = HashMap::default();
    let mut open: Vec<(String, Vec<Event<'_>>)> = Vec::new();
    for event in events {
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) => open.push((key(&label), Vec::new())),
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((label, events)) = open.pop() {
                    definitions.entry(label).or_insert(events);
                }
            }
            other => match open.last_mut() {
                Some((_, events)) => events.push(other),
                None => text.push(other),
            },
        }
    }
    (text, definitions)
}

/// One referenced note: its number is its place in the order plus one.
struct Note {
    label: String,
    id: String,
    /// The id of each reference to it, in order.
    references: Vec<String>,
}

struct Notes<'a, 'i> {
    definitions: HashMap<String, Vec<Event<'a>>>,
    order: Vec<Note>,
    by_label: HashMap<String, usize>,
    ids: &'i mut HeadingIds,
}

impl<'a> Notes<'a, '_> {
    /// `events` with each reference replaced by its numbered link.
    fn number(&mut self, events: Vec<Event<'a>>) -> Vec<Event<'a>> {
        events
            .into_iter()
            .map(|event| match event {
                Event::FootnoteReference(label) => Event::InlineHtml(self.reference(&label).into()),
                other => other,
            })
            .collect()
    }

    fn reference(&mut self, label: &str) -> String {
        let label = key(label);
        let index = match self.by_label.get(&label) {
            Some(&index) => index,
            None => {
                let number = self.order.len() + 1;
                let id = self.ids.id(Some(format!("fn-{number}")), "");
                self.order.push(Note {
                    label: label.clone(),
                    id,
                    references: Vec::new(),
                });
                self.by_label.insert(label, number - 1);
                number - 1
            }
        };
        let number = index + 1;
        let note = &mut self.order[index];
        let base = match note.references.len() {
            0 => format!("fnref-{number}"),
            n => format!("fnref-{number}-{}", n + 1),
        };
        let id = self.ids.id(Some(base), "");
        let html = format!(
            "<sup class=\"footnote-ref\"><a href=\"#{}\" id=\"{id}\" role=\"doc-noteref\">{number}</a></sup>",
            note.id
        );
        note.references.push(id);
        html
    }
}

/// Appends the Notes section: each note's text, with its back-links at
/// the end of its last paragraph (or in a paragraph of their own).
fn section<'a>(out: &mut Vec<Event<'a>>, order: &[Note], bodies: Vec<Vec<Event<'a>>>) {
    out.push(Event::Html(
        "<section class=\"footnotes\" role=\"doc-endnotes\">\n<h2>Notes</h2>\n<ol>\n".into(),
    ));
    for (index, (note, mut body)) in order.iter().zip(bodies).enumerate() {
        out.push(Event::Html(
            format!("<li id=\"{}\" dir=\"auto\">\n", note.id).into(),
        ));
        let back = CowStr::from(back_links(index + 1, &note.references));
        if matches!(body.last(), Some(Event::End(TagEnd::Paragraph))) {
            let end = body.len() - 1;
            body.insert(end, Event::InlineHtml(back));
            out.append(&mut body);
        } else {
            out.append(&mut body);
            out.push(Event::Html(
                format!("<p>{}</p>\n", back.trim_start()).into(),
            ));
        }
        out.push(Event::Html("</li>\n".into()));
    }
    out.push(Event::Html("</ol>\n</section>\n".into()));
}

/// ` ↩` back to the one reference, or ` ↩a ↩b` back to each of several.
fn back_links(number: usize, references: &[String]) -> String {
    let mut html = String::new();
    let several = references.len() > 1;
    for (n, id) in references.iter().enumerate() {
        let (mark, name) = if several {
            let letter = letter(n);
            (
                format!("↩\u{fe0e}<sup>{letter}</sup>"),
                format!("{number}{letter}"),
            )
        } else {
            ("↩\u{fe0e}".to_string(), number.to_string())
        };
        html.push_str(&format!(
            " <a href=\"#{id}\" class=\"footnote-back\" role=\"doc-backlink\" aria-label=\"Back to reference {name}\">{mark}</a>"
        ));
    }
    html
}

/// a, b, … z, aa, ab, …: the n-th (from 0) reference's letter.
fn letter(mut n: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(char::from(b'a' + (n % 26) as u8));
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_go_on_past_z() {
        let got: Vec<String> = [0, 1, 25, 26, 27, 51, 52].map(letter).to_vec();
        assert_eq!(got, ["a", "b", "z", "aa", "ab", "az", "ba"]);
    }

    #[test]
    fn undefined_references_skip_escapes_and_spaces() {
        let found = undefined_references(r"a [^x] \[^y] [^ z] [^w]");
        assert_eq!(found, [(2, "x"), (19, "w")]);
    }
}
