//! Sourcing: how well each brief is sourced, for an editor to see the weak
//! spots before a reader does. A brief's one-line summary (how many
//! sources, their grades, their dates), the site's sourcing overview
//! (briefs on a single source, briefs on low grades only, sources one
//! brief cites, sources none cites), and the `single-source` and
//! `low-grade-sources` notes `check` gives at each weak brief.

use crate::content::frontmatter::sources::{Reliability, Source, SourceRef};
use crate::diagnostic::{Diagnostic, Location};
use crate::markdown::page::{Kind, Page};

use super::{PageId, Site, SourceEntry};

/// The weak spots of the whole dossier, each list in page or source
/// order.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Overview {
    /// Briefs that cite exactly one source.
    pub single_source: Vec<PageId>,
    /// Briefs whose every source is graded D, E or F.
    pub low_grade: Vec<PageId>,
    /// Indexes into `Site::sources` of sources only one brief uses.
    pub one_brief: Vec<usize>,
    /// Indexes of sources no page uses.
    pub never_cited: Vec<usize>,
}

/// Why a brief is weakly sourced, if it is: (single source, low grades).
fn weakness(page: &Page, list: &[usize], sources: &[SourceEntry]) -> (bool, bool) {
    if page.kind != Kind::Brief || list.is_empty() {
        return (false, false);
    }
    let low = list.iter().all(|&i| is_low(&sources[i].source));
    (list.len() == 1, low)
}

/// Graded D (not usually reliable), E (unreliable) or F (cannot be judged).
fn is_low(source: &Source) -> bool {
    matches!(
        source.reliability,
        Some(Reliability::D | Reliability::E | Reliability::F)
    )
}

impl Overview {
    /// The overview of `site`.
    pub fn of(site: &Site) -> Self {
        let mut overview = Overview::default();
        for (id, page) in site.pages.iter().enumerate() {
            let (single, low) = weakness(page, &site.source_lists[id], &site.sources);
            if single {
                overview.single_source.push(id);
            }
            if low {
                overview.low_grade.push(id);
            }
        }
        for (index, entry) in site.sources.iter().enumerate() {
            let briefs = entry.cited_by.iter();
            let briefs = briefs.filter(|&&id| site.pages[id].kind == Kind::Brief);
            match (entry.cited_by.len(), briefs.count()) {
                (0, _) => overview.never_cited.push(index),
                (_, 1) => overview.one_brief.push(index),
                _ => {}
            }
        }
        overview
    }
}

/// The one-line sourcing summary of brief `id`: "4 sources · grades B2,
/// C3, C, F · 2019–2025"; `None` for another kind of page or a brief
/// with no sources.
pub fn summary(site: &Site, id: PageId) -> Option<String> {
    let list = &site.source_lists[id];
    if site.pages[id].kind != Kind::Brief || list.is_empty() {
        return None;
    }
    let sources: Vec<&Source> = list.iter().map(|&i| &*site.sources[i].source).collect();
    let mut parts = vec![match sources.len() {
        1 => "1 source".to_string(),
        n => format!("{n} sources"),
    }];
    let grades: Vec<String> = sources.iter().filter_map(|s| grade(s)).collect();
    match grades.len() {
        0 => {}
        1 => parts.push(format!("grade {}", grades[0])),
        _ => parts.push(format!("grades {}", grades.join(", "))),
    }
    let ungraded = sources.len() - grades.len();
    if ungraded > 0 && !grades.is_empty() {
        parts.push(format!("{ungraded} ungraded"));
    }
    let years = sources.iter().filter_map(|s| s.date.map(|d| d.year()));
    let (oldest, newest) = (years.clone().min(), years.max());
    match (oldest, newest) {
        (Some(a), Some(b)) if a != b => parts.push(format!("{a}–{b}")),
        (Some(a), _) => parts.push(a.to_string()),
        _ => {}
    }
    Some(parts.join(" · "))
}

/// A source's grade as written together: `B2`, `B`; `None` ungraded.
pub fn grade(source: &Source) -> Option<String> {
    let letter = source.reliability?.letter();
    let digit = source.credibility.map_or("", |c| c.digit());
    Some(format!("{letter}{digit}"))
}

/// The codes of the notes [`notes`] makes.
pub const CODES: [&str; 2] = ["single-source", "low-grade-sources"];

/// A `single-source` or `low-grade-sources` note for each weak brief, at
/// its first citation, else at the first source its front matter lists.
/// Made only where they are shown (`check`, or a build whose `strict:`
/// names them): placing each reads its brief's text, which `serve` holds
/// packed, and a large dossier has tens of thousands.
pub fn notes(site: &Site) -> Vec<Diagnostic> {
    let (pages, sources) = (&site.pages, &site.sources);
    let mut diagnostics = Vec::new();
    for (page, list) in pages.iter().zip(&site.source_lists) {
        let (single, low) = weakness(page, list, sources);
        if single {
            let id = &sources[list[0]].source.id;
            let d = Diagnostic::note(
                "single-source",
                format!("this brief rests on a single source, '{id}'"),
            )
            .hint("corroborate its claims with a second, independent source");
            diagnostics.push(at_brief(page, d));
        }
        if low {
            let d = Diagnostic::note(
                "low-grade-sources",
                "every source of this brief is graded D, E or F",
            )
            .hint(
                "add a source graded A to C, or say in the text how far the claims can be trusted",
            );
            diagnostics.push(at_brief(page, d));
        }
    }
    diagnostics
}

/// `d` at the brief's first citation, else its first listed source, else
/// the start of its file.
fn at_brief(page: &Page, d: Diagnostic) -> Diagnostic {
    let Some(file) = &page.file else {
        return d;
    };
    let listed = page.front.sources.iter().find_map(|s| match s {
        SourceRef::Defined(s) => s.location.clone().map(|at| at.0),
        SourceRef::Id(_, at) => Some(at.0.clone()),
    });
    let at: Location = match page.body.citations.first() {
        Some(c) => file.span(c.span.start, c.span.end),
        None => listed.unwrap_or_else(|| file.line_col(1, 1, 1)),
    };
    d.at(at)
}
