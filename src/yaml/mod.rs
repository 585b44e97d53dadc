//! YAML as dossier reads it: the fast reader for the plain subset that
//! front matter nearly always is (`simple`); anything else goes to
//! yaml_serde.

pub mod simple;
