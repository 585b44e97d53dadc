//! Diagnostics: every problem found in a dossier, where it is, and how to
//! fix it; and the two ways of printing them (compiler-style text, JSON).

use std::cmp::Ordering;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;
use serde::Serialize;

use crate::HashMap;
use crate::text::file_text::{FileText, Root};

/// How bad a problem is: errors fail the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// Worth knowing, not a problem: `check` lists notes, `build` does not.
    Note,
}

/// Where a problem is: a file, a 1-based line and column (in characters), and
/// the file's text so the offending line can be shown.
#[derive(Debug, Clone)]
pub struct Location {
    /// Shared with the file's other locations: a file has thousands.
    pub path: Arc<Path>,
    pub line: usize,
    pub column: usize,
    /// Width of the marker under the problem, in characters (at least 1).
    pub width: usize,
    /// The file's text, while it is kept (see [`FileRef::forget_text`]).
    pub source: Option<Arc<SharedText>>,
    /// The line shown under the problem and where its marker goes, taken
    /// from the text before it is let go (see [`pin_excerpts`]).
    /// Boxed: a location is kept for every name and source a page's
    /// front matter lists, and few are ever shown.
    pub shown: Option<Box<(String, usize)>>,
}

impl Location {
    /// The file's text, unless it is not kept.
    pub fn text(&self) -> Option<Arc<str>> {
        Some(self.source.as_ref()?.get()?.0)
    }
}

/// A file's text with its line index (so showing a line costs the same at
/// the end of a 10 MB file as at its start), shared by every location in
/// the file. A one-off build lets go of it once the site is linked: the
/// sources are as large as everything the pages render; `serve` leaves it
/// on disk ([`FileRef::leave_text_on_disk`]).
#[derive(Debug, Default)]
pub struct SharedText(Mutex<Option<Kept>>);

type Kept = (FileText, Arc<OnceLock<LineIndex>>);

impl SharedText {
    /// The text as written, read again if it is left on disk, and its
    /// index.
    fn get(&self) -> Option<(Arc<str>, Arc<OnceLock<LineIndex>>)> {
        let kept = self.lock().clone()?;
        Some((kept.0.read(), kept.1))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Kept>> {
        // Plain data, valid at every step: a panic elsewhere leaves it usable.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// One problem in the dossier.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable, kebab-case identifier, documented in the README.
    pub code: &'static str,
    pub message: String,
    pub location: Option<Location>,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            // Without spare room, as the hint: `serve` keeps every warning
            // of the last build (150,000 at 100,000 briefs), and `format!`
            // leaves each about twice the room its text takes.
            message: crate::text::tight::string(message.into()),
            location: None,
            hint: None,
        }
    }

    pub fn note(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Self::error(code, message)
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Self::error(code, message)
        }
    }

    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(crate::text::tight::string(hint.into()));
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Reading order: by file, then position, so output reads top to
    /// bottom; then severity and message. The locations of one file share
    /// their path, so most comparisons within a file skip comparing the
    /// paths' components.
    fn reading_order(&self, other: &Self) -> Ordering {
        let at = match (&self.location, &other.location) {
            (Some(a), Some(b)) => {
                let path = match Arc::ptr_eq(&a.path, &b.path) {
                    true => Ordering::Equal,
                    false => a.path.cmp(&b.path),
                };
                path.then(a.line.cmp(&b.line)).then(a.column.cmp(&b.column))
            }
            (a, b) => a.is_some().cmp(&b.is_some()),
        };
        at.then(self.severity.cmp(&other.severity))
            .then_with(|| self.message.cmp(&other.message))
    }
}

/// Takes the line each diagnostic of `diagnostics` shows from its file's
/// text, so it is still shown once the text is let go
/// ([`FileRef::forget_text`]); file by file on the pool's threads. Each
/// file's lines are indexed for its diagnostics and the index let go
/// before the next file's, rather than kept with the text until the text
/// is let go: pinned just before a build lets go of every text, at its
/// peak, when every file of a large dossier may have a warning. Shared
/// out among the threads, as 150,000 warnings took half a second of one
/// core.
pub fn pin_excerpts(diagnostics: &mut [Diagnostic]) {
    let mut files: HashMap<usize, usize> = HashMap::default();
    let mut groups: Vec<Vec<&mut Diagnostic>> = Vec::new();
    for diagnostic in diagnostics.iter_mut() {
        let file = diagnostic.location.as_ref().filter(|l| l.shown.is_none());
        let Some(file) = file.and_then(|l| l.source.as_ref()) else {
            continue;
        };
        let next = groups.len();
        let group = *files.entry(Arc::as_ptr(file) as usize).or_insert(next);
        if group == next {
            groups.push(Vec::new());
        }
        if let Some(group) = groups.get_mut(group) {
            group.push(diagnostic);
        }
    }
    groups.into_par_iter().for_each(pin_in_one_file);
}

/// Pins the lines of `group`, diagnostics in one file.
fn pin_in_one_file(group: Vec<&mut Diagnostic>) {
    let kept = group
        .first()
        .and_then(|d| d.location.as_ref()?.source.as_ref()?.get());
    let Some((text, lines)) = kept else {
        return;
    };
    let made;
    let lines = match lines.get() {
        Some(lines) => lines,
        None => {
            made = LineIndex::new(&text);
            &made
        }
    };
    for diagnostic in group {
        if let Some(location) = &mut diagnostic.location {
            location.shown = excerpt_in(location, &text, lines).map(Box::new);
        }
    }
}

/// Sorts diagnostics into reading order and drops exact repeats, and
/// the `unknown-source` errors that follow from a source list that could
/// not be read (see [`drop_unknown_sources_of_unread_list`]).
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    drop_unknown_sources_of_unread_list(diagnostics);
    // On every core: a large dossier may have a warning for most files.
    diagnostics.par_sort_by(Diagnostic::reading_order);
    diagnostics.dedup_by(|a, b| a.code == b.code && a.reading_order(b) == Ordering::Equal);
}

/// The codes of notes that `strict:` in dossier.yaml (and
/// `--strict-mentions`, for `unlinked-mention`) can make warnings.
pub const PROMOTABLE: &[&str] = &[
    "unlinked-mention",
    "single-source",
    "low-grade-sources",
    "unused-attachment",
];

/// Makes every note whose code is in `strict` a warning. Run once, on
/// all of a run's diagnostics, rather than by each stage that makes them:
/// a stage need not know the setting.
pub fn promote(diagnostics: &mut [Diagnostic], strict: &[String]) {
    if strict.is_empty() {
        return;
    }
    for diagnostic in diagnostics {
        if diagnostic.severity == Severity::Note && strict.iter().any(|c| c == diagnostic.code) {
            diagnostic.severity = Severity::Warning;
        }
    }
}

/// The first words of the error for a `sources.yaml` that is not a list.
pub const NOT_A_SOURCE_LIST: &str = "sources.yaml must be a list of sources";

/// When `content/sources.yaml` could not be read at all (a YAML syntax
/// error, not UTF-8, unreadable, not a list), none of its ids are known,
/// so every citation of one would be an `unknown-source` error listed
/// before the cause. Whether an id is really unknown cannot be told until
/// the list reads, so those errors are dropped and the list's own error
/// says so; they are reported once it is fixed.
fn drop_unknown_sources_of_unread_list(diagnostics: &mut Vec<Diagnostic>) {
    let unread = diagnostics.iter().any(|d| {
        let whole_file = matches!(d.code, "yaml-syntax" | "invalid-utf8" | "read-error")
            || d.message.starts_with(NOT_A_SOURCE_LIST);
        let in_list = || {
            d.location.as_ref().is_some_and(|l| {
                *l.path == *Path::new("content/sources.yaml")
                    || *l.path == *Path::new("content/sources.yml")
            })
        };
        // The path last: a path compares component by component.
        whole_file && d.is_error() && in_list()
    });
    if unread {
        diagnostics.retain(|d| d.code != "unknown-source");
    }
}

/// Maps byte offsets in a file's text to 1-based lines and columns.
pub struct LineIndex {
    starts: Vec<usize>,
    /// The number of characters before each multiple of `CHUNK` bytes, so
    /// a column is counted from a nearby checkpoint, not from the start of
    /// its line: every link of a 10 MB one-line paragraph gets a location,
    /// and counting from the line start each time would be quadratic.
    chars_before: Vec<usize>,
}

const CHUNK: usize = 4096;

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let mut chars_before = Vec::with_capacity(text.len() / CHUNK + 1);
        let mut count = 0;
        for chunk in text.as_bytes().chunks(CHUNK) {
            chars_before.push(count);
            count += chunk.iter().filter(|&&b| starts_char(b)).count();
        }
        chars_before.push(count);
        LineIndex {
            starts,
            chars_before,
        }
    }

    /// The line and column (in characters) of `offset` in `text`.
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let column = self.chars_to(text, offset) - self.chars_to(text, start);
        (line, column + 1)
    }

    /// The number of characters in `text[..offset]`, for a char boundary.
    fn chars_to(&self, text: &str, offset: usize) -> usize {
        let chunk = offset / CHUNK;
        let before = self.chars_before.get(chunk).copied().unwrap_or(0);
        let rest = text.as_bytes().get(chunk * CHUNK..offset).unwrap_or(&[]);
        before + rest.iter().filter(|&&b| starts_char(b)).count()
    }

    /// The byte offset where 1-based `line` starts (0 for line 0).
    fn line_start(&self, line: usize) -> usize {
        self.starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0)
    }

    /// The text of 1-based `line`, without its line break.
    fn line<'t>(&self, text: &'t str, line: usize) -> Option<&'t str> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        let end = self.starts.get(line).map_or(text.len(), |next| next - 1);
        text.get(start..end)
    }

    /// The byte offset of the character `chars` characters after byte
    /// `from` (a char boundary), or the end of the text. It starts from the
    /// nearest checkpoint, so a far column costs no more than a near one.
    fn advance(&self, text: &str, from: usize, chars: usize) -> usize {
        let target = self.chars_to(text, from) + chars;
        let chunk = self
            .chars_before
            .partition_point(|&c| c <= target)
            .saturating_sub(1);
        let mut at = (chunk * CHUNK).max(from);
        let mut count = self.chars_to(text, at);
        while let Some(&byte) = text.as_bytes().get(at) {
            if starts_char(byte) {
                if count == target {
                    return at;
                }
                count += 1;
            }
            at += 1;
        }
        text.len()
    }
}

impl std::fmt::Debug for LineIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LineIndex")
            .field("lines", &self.starts.len())
            .finish_non_exhaustive()
    }
}

/// True for a byte that begins a UTF-8 character (not a continuation).
fn starts_char(byte: u8) -> bool {
    byte & 0xC0 != 0x80
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// A source file's identity for diagnostics: its path relative to the
/// dossier root and its text.
#[derive(Clone)]
pub struct FileRef {
    pub path: Arc<Path>,
    /// As written while the file is parsed; `serve` then leaves it on
    /// disk ([`FileRef::leave_text_on_disk`]).
    text: FileText,
    /// Built on first use: most files have no diagnostic at all.
    lines: Arc<OnceLock<LineIndex>>,
    /// The text and index as this file's locations hold them.
    shared: Arc<SharedText>,
}

impl FileRef {
    pub fn new(path: PathBuf, text: Arc<str>) -> Self {
        FileRef::at(Arc::from(path), text)
    }

    fn at(path: Arc<Path>, text: Arc<str>) -> Self {
        let text = FileText::from(text);
        let lines: Arc<OnceLock<LineIndex>> = Arc::default();
        let shared = SharedText(Mutex::new(Some((text.clone(), lines.clone()))));
        FileRef {
            path,
            text,
            lines,
            shared: Arc::new(shared),
        }
    }

    /// The file's text as written: shared, or read again if it is left
    /// on disk ([`FileRef::leave_text_on_disk`]).
    pub fn text(&self) -> Arc<str> {
        self.text.read()
    }

    /// The file's text as it is held, for what keeps reading it after
    /// the file is parsed (its prose).
    pub fn held_text(&self) -> &FileText {
        &self.text
    }

    /// Leaves the file's text on disk, under `root`, here and in every
    /// location in it, for a builder that keeps every file's text as
    /// long as it runs (`serve`): it is read again only where a rebuild
    /// finds a new problem in the file or searches its prose.
    pub fn leave_text_on_disk(&mut self, root: &Root) {
        self.text = self.text.leave_on_disk(root, &self.path);
        if let Some(kept) = self.shared.lock().as_mut() {
            kept.0 = self.text.clone();
        }
    }

    /// Shows `edited`'s text in every location in this file, as the
    /// diagnostics kept by a quick rebuild hold them: those above the
    /// first line an edit changed are kept, and the text they were made
    /// in may be gone (left on disk, and now edited).
    pub fn show_edited(&self, edited: &FileRef) {
        let kept = edited.shared.lock().clone();
        *self.shared.lock() = kept;
    }

    /// This file with its text as written, to make many locations in it
    /// at once: each [`FileRef::span`] of a file left on disk reads it
    /// again. Its locations hold the text as this file does.
    pub fn as_written(&self) -> FileRef {
        FileRef {
            text: FileText::Plain(self.text()),
            ..self.clone()
        }
    }

    /// Lets go of the file's text, here and in every location in it, once
    /// nothing will report a new problem in it (a one-off build, once
    /// linked): this file is left empty, and a diagnostic keeps the line
    /// it shows only if it was pinned first ([`pin_excerpts`]).
    pub fn forget_text(&mut self) {
        *self.shared.lock() = None;
        *self = FileRef::at(self.path.clone(), Arc::from(""));
    }

    /// The file's text and its line index, built on first use.
    fn indexed(&self) -> (Arc<str>, &LineIndex) {
        let text = self.text();
        let index = self.lines.get_or_init(|| LineIndex::new(&text));
        (text, index)
    }

    /// The location of the byte range `start..end` of the file.
    pub fn span(&self, start: usize, end: usize) -> Location {
        let (text, index) = self.indexed();
        let (line, column) = index.position(&text, start);
        let end = floor_char_boundary(&text, end.min(text.len()).max(start));
        let snippet = &text[floor_char_boundary(&text, start.min(end))..end];
        let width = snippet
            .lines()
            .next()
            .map_or(1, |l| l.chars().count().max(1));
        Location {
            path: self.path.clone(),
            line,
            column,
            width,
            source: Some(self.shared.clone()),
            shown: None,
        }
    }

    /// The location of a 1-based line and column.
    pub fn line_col(&self, line: usize, column: usize, width: usize) -> Location {
        Location {
            path: self.path.clone(),
            line,
            column,
            width: width.max(1),
            source: Some(self.shared.clone()),
            shown: None,
        }
    }

    /// The byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        let (text, index) = self.indexed();
        index
            .starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(text.len())
    }
}

impl std::fmt::Debug for FileRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileRef")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// A location in a file whose text is not kept (unreadable files).
pub fn file_location(path: &Path) -> Location {
    Location {
        path: Arc::from(path),
        line: 1,
        column: 1,
        width: 1,
        source: None,
        shown: None,
    }
}

/// Renders diagnostics the way a compiler does:
///
/// ```text
/// error[unknown-link]: unknown link target 'zangerzur'
///   --> content/briefs/corridor.md:12:5
///    |
/// 12 | The [[zangerzur]] route
///    |     ^^^^^^^^^^^^^
///    = help: did you mean 'Zangezur corridor'?
/// ```
pub fn render_human(diagnostic: &Diagnostic) -> String {
    let mut out = String::new();
    let severity = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    };
    let _ = writeln!(
        out,
        "{severity}[{}]: {}",
        diagnostic.code, diagnostic.message
    );
    let gutter = diagnostic
        .location
        .as_ref()
        .map_or(1, |l| l.line.to_string().len());
    let pad = " ".repeat(gutter);
    if let Some(location) = &diagnostic.location {
        let path = location.path.display().to_string().replace('\\', "/");
        let _ = writeln!(out, "{pad}--> {path}:{}:{}", location.line, location.column);
        if let Some((line, marker_at)) = excerpt(location) {
            let width = location
                .width
                .min(line.chars().count().saturating_sub(marker_at))
                .max(1);
            let indent: String = line
                .chars()
                .take(marker_at)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{} | {line}", location.line);
            let _ = writeln!(out, "{pad} | {indent}{}", "^".repeat(width));
        }
    }
    if let Some(hint) = &diagnostic.hint {
        let _ = writeln!(out, "{pad} = help: {hint}");
    }
    out
}

/// The part of the source line shown under a diagnostic, and the character
/// of it where the marker goes. A line longer than `SHOWN` characters (a
/// paragraph written on one line, a 10 MB one) is cut around the marker
/// with `…`, so each diagnostic stays a few short lines and is found in
/// time independent of the line's length.
fn excerpt(location: &Location) -> Option<(String, usize)> {
    if let Some(shown) = &location.shown {
        return Some((**shown).clone());
    }
    let (text, lines) = location.source.as_ref()?.get()?;
    let lines = lines.get_or_init(|| LineIndex::new(&text));
    excerpt_in(location, &text, lines)
}

/// [`excerpt`] from the location's file `text` and its `lines`.
fn excerpt_in(location: &Location, text: &str, lines: &LineIndex) -> Option<(String, usize)> {
    const SHOWN: usize = 240;
    const BEFORE: usize = 80;
    let marker_at = location.column.saturating_sub(1);
    let line = lines.line(text, location.line)?;
    let start = lines.line_start(location.line);
    let seek = |n| lines.advance(text, start, n).saturating_sub(start);
    let line = line.trim_end_matches('\r');
    let skip = if marker_at > BEFORE && line.chars().nth(SHOWN).is_some() {
        marker_at - BEFORE
    } else {
        0
    };
    let mut chars = line.get(seek(skip).min(line.len())..).unwrap_or("").chars();
    let mut shown: String = chars.by_ref().take(SHOWN).collect();
    if chars.next().is_some() {
        shown.push('…');
    }
    if skip > 0 {
        shown.insert(0, '…');
        return Some((shown, BEFORE + 1));
    }
    Some((shown, marker_at))
}

/// The JSON form of one diagnostic, stable for editors and CI.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    severity: Severity,
    code: &'a str,
    message: &'a str,
    path: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    hint: Option<&'a str>,
}

/// Renders all diagnostics as one JSON array.
pub fn render_json(diagnostics: &[Diagnostic]) -> String {
    let items: Vec<JsonDiagnostic> = diagnostics
        .iter()
        .map(|d| JsonDiagnostic {
            severity: d.severity,
            code: d.code,
            message: &d.message,
            path: d
                .location
                .as_ref()
                .map(|l| l.path.display().to_string().replace('\\', "/")),
            line: d.location.as_ref().map(|l| l.line),
            column: d.location.as_ref().map(|l| l.column),
            hint: d.hint.as_deref(),
        })
        .collect();
    serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every diagnostic shows its line after its file's text is let go,
    /// whichever file it is in and in whatever order they come.
    #[test]
    fn pinned_lines_outlive_the_texts_of_every_file() {
        let mut a = FileRef::new("content/a.md".into(), Arc::from("one\nдва [[x]]\nthree\n"));
        let mut b = FileRef::new("content/b.md".into(), Arc::from("alpha\nbeta\n"));
        let mut diagnostics = vec![
            Diagnostic::warning("t", "a2").at(a.span(8, 13)),
            Diagnostic::warning("t", "b1").at(b.line_col(1, 1, 5)),
            Diagnostic::warning("t", "a3").at(a.line_col(3, 2, 1)),
            Diagnostic::warning("t", "none"),
            Diagnostic::warning("t", "b2").at(b.line_col(2, 1, 4)),
        ];
        let shown: Vec<String> = diagnostics.iter().map(render_human).collect();
        assert!(shown[0].contains("2 | два [[x]]"), "{}", shown[0]);
        assert!(shown[4].contains("2 | beta"), "{}", shown[4]);
        pin_excerpts(&mut diagnostics);
        a.forget_text();
        b.forget_text();
        assert!(diagnostics[0].location.as_ref().unwrap().text().is_none());
        let after: Vec<String> = diagnostics.iter().map(render_human).collect();
        assert_eq!(after, shown);
    }

    #[test]
    fn positions_count_characters_from_one() {
        let text = "ab\nпривет [[x]]\n";
        let index = LineIndex::new(text);
        let offset = text.find("[[").unwrap_or(0);
        assert_eq!(index.position(text, offset), (2, 8));
        assert_eq!(index.position(text, 0), (1, 1));
    }

    #[test]
    fn positions_on_lines_longer_than_a_chunk_count_characters() {
        let text = format!("x\n{}", "ab привет ".repeat(2000));
        let index = LineIndex::new(&text);
        for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
            let line_start = if offset < 2 { 0 } else { 2 };
            let line = if offset < 2 { 1 } else { 2 };
            let column = text[line_start..offset].chars().count() + 1;
            assert_eq!(index.position(&text, offset), (line, column), "at {offset}");
            assert_eq!(index.advance(&text, line_start, column - 1), offset);
        }
    }

    #[test]
    fn human_rendering_points_at_the_problem() {
        let file = FileRef::new(
            "content/a.md".into(),
            Arc::from("title\nsee [[zangerzur]] now\n"),
        );
        let diagnostic = Diagnostic::error("unknown-link", "unknown link target 'zangerzur'")
            .at(file.span(10, 23))
            .hint("did you mean 'Zangezur corridor'?");
        let expected = "error[unknown-link]: unknown link target 'zangerzur'\n --> content/a.md:2:5\n  |\n2 | see [[zangerzur]] now\n  |     ^^^^^^^^^^^^^\n  = help: did you mean 'Zangezur corridor'?\n";
        assert_eq!(render_human(&diagnostic), expected);
    }

    #[test]
    fn long_lines_are_cut_around_the_marker() {
        let line = format!("{}[[x]]{}", "a".repeat(5000), "b".repeat(5000));
        let file = FileRef::new("content/a.md".into(), Arc::from(line.as_str()));
        let diagnostic =
            Diagnostic::error("unknown-link", "unknown link target 'x'").at(file.span(5000, 5005));
        let text = render_human(&diagnostic);
        assert!(text.len() < 1000, "{text}");
        let lines: Vec<&str> = text.lines().collect();
        let source = lines[3].split_once(" | ").map_or("", |(_, l)| l);
        let marker = lines[4].split_once(" | ").map_or("", |(_, l)| l);
        let at = marker.find('^').unwrap_or(0);
        let under: String = source.chars().skip(at).take(5).collect();
        assert_eq!(under, "[[x]]", "{text}");
        assert!(source.starts_with('…') && source.ends_with('…'), "{text}");
    }
}
