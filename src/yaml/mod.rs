//! YAML as dossier reads it, below the content stage. It takes YAML text
//! (a settings file, a source list, a page's front matter) and gives a
//! `yaml_serde::Value` (`value`: the fast reader for the plain subset that
//! front matter nearly always is, in `simple`, else yaml_serde), where its
//! keys, values and list items are written (`locate`), and syntax errors
//! as diagnostics at the writer's mistake (`error`).

pub mod error;
pub mod locate;
pub mod simple;
pub mod value;
