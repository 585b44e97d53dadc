//! The content stage: what is on disk, read safely. It takes the dossier
//! root and gives its settings (`config`), every content file read and
//! sorted by kind (`scan`, through the `fence` that keeps every read inside
//! the root; `rescan` brings a scan up to date from a watcher's paths), each file's front matter as typed fields (`frontmatter`),
//! the files beside them that pages may link to (`attachments`),
//! the git history of the files (`history`), the placeholder text
//! new briefs are written with (`placeholders`), and the folders the site
//! writes itself, which content may not take (`sections`).

pub mod attachments;
pub mod config;
pub mod fence;
pub mod frontmatter;
pub mod history;
pub mod placeholders;
pub mod rescan;
pub mod scan;
pub mod sections;
