//! What a build gives: the site rendered in memory ([`Rendered`]), or why
//! there is none ([`Failure`]), with the diagnostics sorted as every
//! command reports them.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use crate::Fatal;
use crate::content::config::SiteConfig;
use crate::diagnostic::{self, Diagnostic, file_location};
use crate::output::OutputFile;
use crate::render::{self, TeraTime};

/// Why a build did not produce a site.
#[derive(Debug)]
pub enum Failure {
    /// The dossier has errors; every one is listed (warnings too).
    Content(Vec<Diagnostic>),
    /// A usage or I/O problem that stopped the build.
    Fatal(Fatal),
}

impl From<Fatal> for Failure {
    fn from(fatal: Fatal) -> Self {
        Failure::Fatal(fatal)
    }
}

/// A site rendered in memory, not yet written.
pub struct Rendered {
    /// Every file of the site, sorted by path. Shared with the last build
    /// a rebuilding builder keeps, and with what `serve` serves.
    pub files: Arc<Vec<OutputFile>>,
    pub pages: usize,
    /// Warnings (a rendered site has no errors). Shared with the last
    /// build a rebuilding builder keeps, which can hold a warning for
    /// every source of 100,000 briefs: a quick rebuild does not copy them.
    pub diagnostics: Arc<Vec<Diagnostic>>,
    /// Content files read and parsed in this run.
    pub parsed: usize,
    /// Pages rendered in this run (the rest were reused).
    pub rendered: usize,
    /// How long each stage took, for `--timings` and benchmarks.
    pub timings: Vec<(&'static str, Duration)>,
    /// The CPU time the render spent in Tera.
    pub tera: TeraTime,
    /// What the git history could not show, and why; to be said once.
    pub history_note: Option<String>,
    /// Search index shards made afresh in this run, and in all; `None`
    /// when this run made no index (see [`crate::search`]).
    pub search_shards: Option<(usize, usize)>,
    /// The exports, when they are made only if asked for (`serve`, see
    /// [`super::deferred`]): then `files` holds neither them nor the
    /// `/exports/` page.
    pub deferred: Option<std::sync::Arc<super::deferred::Deferred>>,
}

/// The build failed for its content: every diagnostic, settled.
pub(super) fn failed(mut diagnostics: Vec<Diagnostic>, config: &SiteConfig) -> Failure {
    settle(&mut diagnostics, config, false);
    Failure::Content(diagnostics)
}

/// The one place a run's diagnostics are finished, once all are made:
/// the notes `strict:` names become warnings; the other notes go unless
/// `notes` (for `check`: a build lists warnings and errors only); then
/// they are sorted.
pub(super) fn settle(diagnostics: &mut Vec<Diagnostic>, config: &SiteConfig, notes: bool) {
    diagnostic::promote(diagnostics, &config.strict);
    if !notes {
        diagnostics.retain(|d| d.severity != diagnostic::Severity::Note);
    }
    diagnostic::sort(diagnostics);
}

/// `diagnostics` with one error for each template that failed.
pub(super) fn template_errors(
    errors: Vec<render::TemplateError>,
    config: &SiteConfig,
    mut diagnostics: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    diagnostics.extend(errors.into_iter().map(|e| {
        Diagnostic::error(
            "template-error",
            format!(
                "template {} failed on page {}: {}",
                e.template, e.page, e.message
            ),
        )
        .at(file_location(
            &Path::new("themes")
                .join(&config.theme)
                .join("templates")
                .join(&e.template),
        ))
        .hint("check the variables the template uses; the README lists what each template receives")
    }));
    diagnostics
}
