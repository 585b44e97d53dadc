//! Signs that a published brief is unfinished: the placeholder text
//! `dossier new brief` wrote (`content::placeholders`), checked as the
//! page is parsed, and no `date:`, which leaves it off the timeline (the
//! site stage decides when that is worth saying). Both are warnings, as
//! the brief still builds; drafts are not checked, as they are not
//! published.

use crate::content::placeholders::BRIEF_BODY;
use crate::diagnostic::{Diagnostic, FileRef};

/// A brief without a date: the timeline, which orders briefs by date,
/// cannot place it.
pub fn undated(file: &FileRef) -> Diagnostic {
    Diagnostic::warning(
        "undated-brief",
        "this brief has no date, so it is not on the timeline",
    )
    .at(file.line_col(1, 1, 3))
    .hint("add `date: 2025-01-17` to the front matter (2025-01 or 2025 when only the month or year is known)")
}

/// The warning for the first placeholder sentence still in a published
/// brief's file, if any.
pub fn placeholder(file: &FileRef) -> Option<Diagnostic> {
    let text = file.text();
    let (start, sentence) = BRIEF_BODY
        .iter()
        .filter_map(|sentence| Some((text.find(sentence)?, sentence)))
        .min()?;
    Some(
        Diagnostic::warning(
            "placeholder-text",
            "this published brief still has the placeholder text `dossier new` wrote",
        )
        .at(file.span(start, start + sentence.len()))
        .hint("replace it with the brief's text, or keep the brief a draft with `draft: true` until it is written"),
    )
}
