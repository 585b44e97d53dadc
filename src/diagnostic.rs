//! Diagnostics: every problem found in a dossier, where it is, and how to
//! fix it; and the two ways of printing them (compiler-style text, JSON).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

/// How bad a problem is: errors fail the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Where a problem is: a file, a 1-based line and column (in characters), and
/// the file's text so the offending line can be shown.
#[derive(Debug, Clone)]
pub struct Location {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    /// Width of the marker under the problem, in characters (at least 1).
    pub width: usize,
    pub text: Option<Arc<str>>,
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
            message: message.into(),
            location: None,
            hint: None,
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
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Sort key: by file, then position, so output reads top to bottom.
    fn sort_key(&self) -> (Option<(&Path, usize, usize)>, Severity, &str) {
        let at = self
            .location
            .as_ref()
            .map(|l| (l.path.as_path(), l.line, l.column));
        (at, self.severity, &self.message)
    }
}

/// Sorts diagnostics into reading order and drops exact repeats.
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup_by(|a, b| a.sort_key() == b.sort_key() && a.code == b.code);
}

/// Maps byte offsets in a file's text to 1-based lines and columns.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { starts }
    }

    /// The line and column (in characters) of `offset` in `text`.
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        (line, text[start..offset].chars().count() + 1)
    }
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
    pub path: PathBuf,
    pub text: Arc<str>,
    lines: Arc<LineIndex>,
}

impl FileRef {
    pub fn new(path: PathBuf, text: Arc<str>) -> Self {
        let lines = Arc::new(LineIndex::new(&text));
        FileRef { path, text, lines }
    }

    /// The location of the byte range `start..end` of the file.
    pub fn span(&self, start: usize, end: usize) -> Location {
        let (line, column) = self.lines.position(&self.text, start);
        let end = floor_char_boundary(&self.text, end.min(self.text.len()).max(start));
        let snippet = &self.text[floor_char_boundary(&self.text, start.min(end))..end];
        let width = snippet
            .lines()
            .next()
            .map_or(1, |l| l.chars().count().max(1));
        Location {
            path: self.path.clone(),
            line,
            column,
            width,
            text: Some(self.text.clone()),
        }
    }

    /// The location of a 1-based line and column.
    pub fn line_col(&self, line: usize, column: usize, width: usize) -> Location {
        Location {
            path: self.path.clone(),
            line,
            column,
            width: width.max(1),
            text: Some(self.text.clone()),
        }
    }

    /// The byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.lines
            .starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(self.text.len())
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
        path: path.to_path_buf(),
        line: 1,
        column: 1,
        width: 1,
        text: None,
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
        if let Some(line) = location
            .text
            .as_deref()
            .and_then(|t| t.lines().nth(location.line.checked_sub(1)?))
        {
            let line = line.trim_end_matches('\r');
            let marker_at = location.column.saturating_sub(1);
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

    #[test]
    fn positions_count_characters_from_one() {
        let text = "ab\nпривет [[x]]\n";
        let index = LineIndex::new(text);
        let offset = text.find("[[").unwrap_or(0);
        assert_eq!(index.position(text, offset), (2, 8));
        assert_eq!(index.position(text, 0), (1, 1));
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
}
