//! dossier: turns a folder of Markdown briefs with YAML front matter into a
//! cross-linked static site.
//!
//! Data flows one way, a folder per stage, each folder's `mod.rs` saying
//! what the stage takes and gives:
//!
//! ```text
//! content (walk, read, front matter, config, history)
//!   → markdown (html, links, headings: one pulldown-cmark pass; pages)
//!   → site (names, links, sources, timeline, backlinks, diagnostics)
//!   → render (views, templates, lists, packs, graph, feeds) → output
//! ```
//!
//! `build` runs the stages in a straight line; `serve` rebuilds and serves
//! the site from memory; `search` indexes it (Pagefind). Below every stage
//! sit `text` (escaping, slugs, dates, percent-decoding), `yaml` (the
//! locating YAML reader and its fast subset) and `diagnostic`. `output`
//! is the sink the render stage streams files into; it knows nothing of
//! pages. `scaffold` writes new dossiers and pages (`init`, `new`). No
//! module imports one that imports it back: `tests/layout.rs` checks it.

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod build;
pub mod content;
pub mod diagnostic;
pub mod markdown;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod text;
pub mod yaml;

use std::fmt;
use std::hash::BuildHasher;
use std::path::{Path, PathBuf};

pub use build::outcome::Failure;
pub use build::{Report, build, check, render_site};
pub use content::config::BuildOptions;
pub use diagnostic::{Diagnostic, Severity};

/// The engine's hash maps and sets. Their keys are names, paths and ids
/// from the dossier itself, so foldhash (several times faster than
/// SipHash on short keys) is safe; its fixed seed keeps every run alike.
pub type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;
pub type HashSet<T> = std::collections::HashSet<T, foldhash::fast::FixedState>;

/// A hasher for fingerprints that are compared between builds (page
/// data, inputs, signatures): foldhash's quality variant with a fixed
/// seed, so the same data has the same fingerprint in every run.
pub fn fingerprint_hasher() -> impl std::hash::Hasher {
    foldhash::quality::FixedState::default().build_hasher()
}

/// A problem that stops a run before or outside the content: bad usage or
/// a failed file operation. The CLI exits with 2 for these.
#[derive(Debug)]
pub enum Fatal {
    Usage(String),
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
}

impl Fatal {
    pub fn usage(message: impl Into<String>) -> Self {
        Fatal::Usage(message.into())
    }

    pub fn io(path: &Path, error: std::io::Error) -> Self {
        Fatal::Io {
            path: path.to_path_buf(),
            error,
        }
    }
}

impl fmt::Display for Fatal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fatal::Usage(message) => f.write_str(message),
            Fatal::Io { path, error } => write!(f, "{}: {error}", path.display()),
        }
    }
}

impl std::error::Error for Fatal {}
