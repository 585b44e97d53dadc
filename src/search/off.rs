//! Search left out: the binary was built without the `search` feature.
//! This [`Indexer`] stands in for `indexer.rs` with the same face and
//! makes no index, so the build and `serve` never ask which one they have.

use std::path::Path;
use std::sync::Arc;

use super::files::Indexed;
use crate::diagnostic::Diagnostic;
use crate::output::OutputFile;
use crate::site::Site;

/// Makes no search index.
pub struct Indexer;

impl Indexer {
    pub fn new(_on: bool) -> Self {
        Indexer
    }

    pub fn keeping(self, _dir: &Path) -> Self {
        self
    }

    pub fn in_background(self, _publish: impl Fn(Vec<OutputFile>) + Send + Sync + 'static) -> Self {
        self
    }

    pub fn catch_up(&self, _site: &Arc<Site>) {}

    /// What `render` returns, and no index.
    pub fn index_beside<R: Send>(
        &mut self,
        _site: &Site,
        _diagnostics: &mut Vec<Diagnostic>,
        render: impl FnOnce() -> R + Send,
    ) -> (R, Indexed) {
        (render(), Indexed::default())
    }

    pub fn update_files(
        &mut self,
        _site: &Site,
        _files: &mut Vec<OutputFile>,
        _diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<(usize, usize)> {
        None
    }
}
