//! The search stage's one face to the build and `serve`: an [`Indexer`]
//! makes the index of each rebuilt site, keeping what it can between
//! rebuilds. A one-off build indexes while its pages render and takes
//! unchanged shards back from the output folder; `serve` indexes in the
//! background and never waits. This is the indexer with Pagefind; without
//! the `search` feature, `off.rs` stands in for this file.

use std::path::Path;
use std::sync::Arc;

use super::background::Background;
use super::files::{Indexed, with_index};
use super::shards::{self, Kept};
use crate::diagnostic::Diagnostic;
use crate::output::OutputFile;
use crate::site::Site;

/// Makes the search index of a site, again and again.
pub struct Indexer {
    /// False for `--no-search`: nothing is indexed.
    on: bool,
    /// The index on a thread of its own, for `serve`; without it, every
    /// build indexes before it returns.
    background: Option<Background>,
    /// The shards of the last index, taken again while their records
    /// stay the same.
    kept: Kept,
}

impl Indexer {
    /// An indexer that indexes when `on` (the build's `search` option).
    pub fn new(on: bool) -> Self {
        Indexer {
            on,
            background: None,
            kept: Kept::default(),
        }
    }

    /// Takes the unchanged shards of the last build in the output folder
    /// `dir` (for a one-off build).
    pub fn keeping(mut self, dir: &Path) -> Self {
        if self.on {
            self.kept = Kept::from_output(dir);
        }
        self
    }

    /// Makes the index on a thread of its own, so no rebuild waits for
    /// it: each rebuild takes the last finished index, and a newer one
    /// goes to `publish` when ready (see [`Indexer::catch_up`]).
    pub fn in_background(
        mut self,
        publish: impl Fn(Vec<OutputFile>) + Send + Sync + 'static,
    ) -> Self {
        self.background = Some(Background::new(Arc::new(publish)));
        self
    }

    /// Asks the background index to catch up with `site`; returns at
    /// once, as the index reads the site on its own thread. Nothing
    /// without a background index.
    pub fn catch_up(&self, site: &Arc<Site>) {
        if let (true, Some(background)) = (self.on, &self.background) {
            background.update(site.clone());
        }
    }

    /// What `render` returns, with the index of `site`: made while
    /// `render` runs on the same threads (see `shards::files_beside`),
    /// or the background's last finished one. A failure is an error in
    /// `diagnostics`.
    pub fn index_beside<R: Send>(
        &mut self,
        site: &Site,
        diagnostics: &mut Vec<Diagnostic>,
        render: impl FnOnce() -> R + Send,
    ) -> (R, Indexed) {
        match (self.on, &self.background) {
            (false, _) => (render(), Indexed::default()),
            (true, Some(background)) => {
                let rendered = render();
                let files = background.latest();
                (
                    rendered,
                    Indexed {
                        files,
                        shards: None,
                    },
                )
            }
            (true, None) => {
                let (index, rendered) = shards::files_beside(site, &self.kept, diagnostics, render);
                self.kept = index.kept;
                let shards = Some((index.made, index.shards));
                (
                    rendered,
                    Indexed {
                        files: index.files,
                        shards,
                    },
                )
            }
        }
    }

    /// Replaces the index files among `files` (the whole site, sorted by
    /// path) with the index of `site`, after a rebuild that changed page
    /// bodies only; the shards made afresh and in all, as in [`Indexed`].
    pub fn update_files(
        &mut self,
        site: &Site,
        files: &mut Vec<OutputFile>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<(usize, usize)> {
        match (self.on, &self.background) {
            (false, _) => None,
            (true, Some(background)) => {
                with_index(files, background.latest());
                None
            }
            (true, None) => {
                let index = shards::files(site, &self.kept, diagnostics);
                with_index(files, index.files);
                self.kept = index.kept;
                Some((index.made, index.shards))
            }
        }
    }
}
