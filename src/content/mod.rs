//! The content stage: what is on disk, read safely. It takes the dossier
//! root and gives its settings (`config`), every content file read and
//! sorted by kind (`scan`, through the `fence` that keeps every read inside
//! the root), each file's front matter as typed fields (`frontmatter`),
//! and the git history of the files (`history`).

pub mod config;
pub mod fence;
pub mod frontmatter;
pub mod history;
pub mod scan;
