//! YAML syntax errors as diagnostics: takes yaml_serde's error and the
//! file it came from, gives an error at the line and column nearest the
//! writer's mistake.

use crate::diagnostic::{Diagnostic, FileRef};

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
    let text = file.text();
    let yaml = text.get(file.line_start(first_line)..)?;
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
