//! The index among the site's files: the folder it lives in, what one
//! indexing gives a build, and how a newer index replaces an older one in
//! a site. Compiled with or without the `search` feature, so `serve` can
//! swap index files either way.

use crate::output::OutputFile;

/// The folder of the index and Pagefind's scripts.
pub const FOLDER: &str = "pagefind/";

/// What indexing gave one build.
#[derive(Default)]
pub struct Indexed {
    /// The index files, all under [`FOLDER`]; none without search.
    pub files: Vec<OutputFile>,
    /// Shards made afresh in this run, and in all; `None` when this run
    /// made no index.
    pub shards: Option<(usize, usize)>,
}

/// `files` (sorted by path) with the index files replaced by `index`.
pub fn with_index(files: &mut Vec<OutputFile>, index: Vec<OutputFile>) {
    files.retain(|f| !f.path.starts_with(FOLDER));
    files.extend(index);
    files.sort_by(|a, b| a.path.cmp(&b.path));
}
