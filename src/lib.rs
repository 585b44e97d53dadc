//! dossier: turns a folder of Markdown briefs with YAML front matter into a
//! cross-linked static site.
//!
//! Data flows one way, one module per stage:
//! `content` (walk, read) → `frontmatter` → `markdown` (html, links,
//! headings) → `graph` (resolve, backlinks, timeline, diagnostics) →
//! `render` (tera) → `output`. `build` runs the stages in order; `history`
//! reads the git history alongside parsing, for `render` and `feeds`.
//! `scaffold` writes new dossiers and pages (`dossier init`, `dossier new`);
//! `simple_yaml` reads plain front matter faster than the YAML parser.
//! `serve` serves the site from memory through `http`, a small server
//! with limits, and tells open pages to reload through `reload`.
//! `fence` keeps every read inside the dossier root; `urls` refuses
//! addresses that could run script. `lock` gives one build at a time its
//! output folder, and `journal` records what a build puts there until its
//! manifest does, so the next build can clean up after a killed one.

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod build;
pub mod config;
pub mod content;
pub mod date;
pub mod diagnostic;
pub mod dirty;
pub mod feeds;
pub mod fence;
pub mod frontmatter;
pub mod graph;
pub mod graphview;
pub mod highlight;
pub mod history;
pub mod http;
pub mod journal;
pub mod lists;
pub mod lock;
pub mod markdown;
pub mod output;
pub mod pack;
pub mod page;
pub mod previews;
pub mod reload;
pub mod render;
pub mod scaffold;
#[cfg(feature = "search")]
pub mod search;
pub mod serve;
pub mod simple_yaml;
pub mod slug;
pub mod stamp;
pub mod theme;
pub mod urls;
pub mod watch;

use std::fmt;
use std::hash::BuildHasher;
use std::path::{Path, PathBuf};

pub use build::{Failure, Report, build, check, render_site};
pub use config::BuildOptions;
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
