//! Site configuration: `dossier.yaml` read into a `SiteConfig`, with the
//! defaults a dossier without one gets, and the options of one build.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, FileRef};
use crate::frontmatter::yaml_error;

/// What one build is asked to do; the CLI fills it from its arguments.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The dossier folder (holds `content/` and maybe `dossier.yaml`).
    pub root: PathBuf,
    /// Where the site is written; `ROOT/public` unless told otherwise.
    pub output: PathBuf,
    /// Include pages marked `draft: true`.
    pub drafts: bool,
    /// Overrides `base_url` from `dossier.yaml`.
    pub base_url: Option<String>,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        let output = root.join("public");
        BuildOptions {
            root,
            output,
            drafts: false,
            base_url: None,
        }
    }
}

/// The settings in `dossier.yaml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    /// The absolute address the site is published at; used only where a
    /// URL must be absolute (feeds, sitemap, canonical links).
    pub base_url: String,
    pub language: String,
    pub description: String,
    pub theme: String,
    pub author: Option<String>,
    /// Free-form values for custom templates.
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: "Dossier".into(),
            base_url: "http://localhost:1111/".into(),
            language: "en".into(),
            description: String::new(),
            theme: "default".into(),
            author: None,
            extra: BTreeMap::new(),
        }
    }
}

pub const CONFIG_FILE: &str = "dossier.yaml";

/// Reads `ROOT/dossier.yaml` if there is one. A missing file gives the
/// defaults; a broken one gives diagnostics and the defaults, so the rest
/// of the dossier is still checked in the same run.
pub fn load(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> Result<SiteConfig, crate::Fatal> {
    let path = root.join(CONFIG_FILE);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(SiteConfig::default()),
        Err(e) => return Err(crate::Fatal::io(&path, e)),
    };
    let text = match crate::content::decode(&bytes) {
        Ok(text) => text,
        Err(diagnostic) => {
            diagnostics
                .push(diagnostic.at(crate::diagnostic::file_location(Path::new(CONFIG_FILE))));
            return Ok(SiteConfig::default());
        }
    };
    let file = FileRef::new(CONFIG_FILE.into(), Arc::from(text));
    if file.text.trim().is_empty() {
        return Ok(SiteConfig::default());
    }
    match yaml_serde::from_str::<SiteConfig>(&file.text) {
        Ok(config) => Ok(normalise(config)),
        Err(e) => {
            diagnostics.push(yaml_error(&file, 0, &e, "check the settings in dossier.yaml: title, base_url, language, description, theme, author, extra"));
            Ok(SiteConfig::default())
        }
    }
}

/// Makes `base_url` end in exactly one slash so URLs join cleanly.
fn normalise(mut config: SiteConfig) -> SiteConfig {
    config.base_url = with_trailing_slash(&config.base_url);
    if config.theme.trim().is_empty() {
        config.theme = "default".into();
    }
    config
}

pub fn with_trailing_slash(url: &str) -> String {
    format!("{}/", url.trim().trim_end_matches('/'))
}
