//! Site configuration: `dossier.yaml` read into a `SiteConfig`, with the
//! defaults a dossier without one gets, and the options of one build.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use serde::Serialize;

use crate::content::fence::{Fence, Refusal};
use crate::diagnostic::{Diagnostic, FileRef, Location};
use crate::text::slug::nearest;
use crate::yaml::error::yaml_error;
use crate::yaml::locate::{Locator, setting_key_location, setting_location};
use crate::yaml::value::scalar;
use yaml_serde::Value;

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
    /// Read page history from git (`--no-git` turns it off).
    pub git: bool,
    /// Mark pages with uncommitted edits in their history (for `serve`).
    pub uncommitted: bool,
    /// Build the search index (with the `search` feature; `--no-search`
    /// turns it off).
    pub search: bool,
    /// Set by Ctrl-C or a termination signal: the build stops before it
    /// changes the output folder, or finishes a commit it has begun.
    pub cancel: Arc<AtomicBool>,
    /// `--strict-mentions`: `unlinked-mention` notes are warnings, as if
    /// `strict:` in dossier.yaml named it.
    pub strict_mentions: bool,
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
            git: true,
            uncommitted: false,
            search: true,
            cancel: Arc::default(),
            strict_mentions: false,
        }
    }
}

/// The settings in `dossier.yaml`.
#[derive(Debug, Clone, Serialize)]
pub struct SiteConfig {
    pub title: String,
    /// The absolute address the site is published at; used only where a
    /// URL must be absolute (feeds, sitemap, canonical links).
    pub base_url: String,
    pub language: String,
    pub description: String,
    pub theme: String,
    pub author: Option<String>,
    /// Lists longer than this (the timeline, the sources) are split into
    /// one page per year or initial; see [`crate::render::lists`].
    pub list_limit: usize,
    /// Free-form values for custom templates.
    pub extra: BTreeMap<String, serde_json::Value>,
    /// The codes of notes reported as warnings (see
    /// [`crate::diagnostic::PROMOTABLE`]).
    pub strict: Vec<String>,
    /// Where `base_url` was set, for the warning about a local address.
    #[serde(skip)]
    pub base_url_from: BaseUrlFrom,
    /// Whether sources listed but never cited are warned of. `serve`,
    /// which shows no warning, turns it off: a large dossier has one for
    /// most briefs (150,000 at 100,000 briefs), and making them again
    /// was a fifth of the link stage of each of its rebuilds.
    #[serde(skip)]
    pub warn_uncited: bool,
}

/// Where a build's `base_url` comes from.
#[derive(Debug, Clone, Default)]
pub enum BaseUrlFrom {
    /// Nowhere, and there is no dossier.yaml: the default,
    /// `http://localhost:1111/`.
    #[default]
    Default,
    /// Nowhere, though dossier.yaml holds the other settings: the default.
    Unset,
    /// The `base_url:` line of dossier.yaml, at this value.
    Config(Location),
    /// `--base-url`, or the address `serve` listens at.
    Option,
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
            list_limit: 1000,
            extra: BTreeMap::new(),
            strict: Vec::new(),
            base_url_from: BaseUrlFrom::Default,
            warn_uncited: true,
        }
    }
}

pub const CONFIG_FILE: &str = "dossier.yaml";

/// Reads `ROOT/dossier.yaml` if there is one. A missing file gives the
/// defaults; a broken one gives diagnostics and the defaults, so the rest
/// of the dossier is still checked in the same run.
pub fn load(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> Result<SiteConfig, crate::Fatal> {
    let path = root.join(CONFIG_FILE);
    let fence = Fence::new(root);
    match fence.resolve(&path) {
        Ok(_) => {}
        Err(Refusal::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(SiteConfig::default());
        }
        Err(Refusal::Io(e)) => return Err(crate::Fatal::io(&path, e)),
        Err(Refusal::Outside(target)) => {
            diagnostics.push(fence.outside(&path, &target));
            return Ok(SiteConfig::default());
        }
    }
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(SiteConfig::default()),
        Err(e) => return Err(crate::Fatal::io(&path, e)),
    };
    let text = match crate::content::scan::decode(bytes, Path::new(CONFIG_FILE)) {
        Ok(text) => text,
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            return Ok(SiteConfig::default());
        }
    };
    let file = FileRef::new(CONFIG_FILE.into(), Arc::from(text));
    let mut config = SiteConfig {
        base_url_from: BaseUrlFrom::Unset,
        ..SiteConfig::default()
    };
    let settings = match crate::yaml::value::parse(&file.text()) {
        Ok(Value::Mapping(settings)) => settings,
        Ok(Value::Null) => return Ok(config),
        Ok(_) => {
            diagnostics.push(
                Diagnostic::error(
                    "invalid-config",
                    "dossier.yaml must be a set of `key: value` settings",
                )
                .at(file.line_col(1, 1, 1))
                .hint(SETTINGS_HINT),
            );
            return Ok(config);
        }
        Err(e) => {
            diagnostics.push(yaml_error(&file, 1, &e, SETTINGS_HINT));
            return Ok(config);
        }
    };
    for (key, value) in &settings {
        let key = key.as_str().unwrap_or("?");
        read_setting(&mut config, key, value, &file, diagnostics);
    }
    Ok(normalise(config))
}

const SETTINGS: &[&str] = &[
    "title",
    "base_url",
    "language",
    "description",
    "theme",
    "author",
    "list_limit",
    "extra",
    "strict",
];
const SETTINGS_HINT: &str = "dossier.yaml takes title, base_url, language, description, theme, author, list_limit, extra and strict";

/// Reads one setting into `config`, reporting a wrong type or an unknown
/// key at its line.
fn read_setting(
    config: &mut SiteConfig,
    key: &str,
    value: &Value,
    file: &FileRef,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if key == "extra" {
        match serde_json::to_value(value) {
            Ok(serde_json::Value::Object(map)) => config.extra = map.into_iter().collect(),
            _ if value.is_null() => {}
            _ => diagnostics.push(
                Diagnostic::error(
                    "invalid-value",
                    "`extra` must be a set of `key: value` pairs",
                )
                .at(setting_location(file, key))
                .hint("write it like `extra: {twitter: \"@me\"}`"),
            ),
        }
        return;
    }
    if key == "strict" {
        config.strict = read_strict(value, file, diagnostics);
        return;
    }
    let slot = match key {
        "title" => &mut config.title,
        "base_url" => &mut config.base_url,
        "language" => &mut config.language,
        "description" => &mut config.description,
        "theme" => &mut config.theme,
        "author" => {
            config.author = scalar(value);
            return;
        }
        "list_limit" => {
            // A page of a split list holds at most this many entries, so
            // 0 would allow no page at all.
            let limit = value.as_u64().and_then(|n| usize::try_from(n).ok());
            match limit.filter(|&limit| limit > 0) {
                Some(limit) => config.list_limit = limit,
                None => diagnostics.push(
                    Diagnostic::error(
                        "invalid-value",
                        "`list_limit` in dossier.yaml must be a whole number, at least 1",
                    )
                    .at(setting_location(file, key))
                    .hint("write it like `list_limit: 1000`; longer lists are split into pages"),
                ),
            }
            return;
        }
        _ => {
            let near = nearest(key, SETTINGS.iter().copied());
            let hint = near.map_or(SETTINGS_HINT.to_string(), |near| {
                format!("did you mean `{near}`? {SETTINGS_HINT}")
            });
            diagnostics.push(
                Diagnostic::warning(
                    "unknown-setting",
                    format!("unknown setting `{key}` in dossier.yaml"),
                )
                .at(setting_key_location(file, key))
                .hint(hint),
            );
            return;
        }
    };
    match scalar(value) {
        Some(text) if key == "base_url" => read_base_url(config, text, file, diagnostics),
        Some(text) => *slot = text,
        None if value.is_null() => {}
        None => diagnostics.push(
            Diagnostic::error(
                "invalid-value",
                format!("`{key}` in dossier.yaml must be text"),
            )
            .at(setting_location(file, key))
            .hint(format!("write it like `{key}: some text`")),
        ),
    }
}

/// The codes `strict:` names: a list of note codes. A code that is no
/// note's is a warning naming those that are, and is left out.
fn read_strict(value: &Value, file: &FileRef, diagnostics: &mut Vec<Diagnostic>) -> Vec<String> {
    let known = crate::diagnostic::PROMOTABLE.join(", ");
    let items = match value {
        Value::Null => return Vec::new(),
        Value::Sequence(items) => items.iter().map(scalar).collect(),
        other => vec![scalar(other)],
    };
    let text = file.text();
    let locator = Locator::new(file, &text, 1);
    let block_items = locator.items("strict");
    let mut strict = Vec::new();
    for (index, item) in items.into_iter().enumerate() {
        match item {
            Some(code) if crate::diagnostic::PROMOTABLE.contains(&code.as_str()) => {
                strict.push(code);
            }
            code => {
                let shown = code.as_deref().unwrap_or("(not text)");
                let at = block_items
                    .get(index)
                    .cloned()
                    .or_else(|| locator.on_key_line("strict", shown))
                    .unwrap_or_else(|| setting_location(file, "strict"));
                diagnostics.push(
                    Diagnostic::warning(
                        "unknown-strict-code",
                        format!("`strict` in dossier.yaml names `{shown}`, which is no note's code"),
                    )
                    .at(at)
                    .hint(format!(
                        "`strict` makes these notes warnings: {known}; like `strict: [unlinked-mention]`"
                    )),
                );
            }
        }
    }
    strict
}

/// Takes `base_url` if it is an absolute http(s) address: anything else
/// would be written into every page's canonical link and the 404 page's
/// links, where `javascript:` would run script.
fn read_base_url(
    config: &mut SiteConfig,
    url: String,
    file: &FileRef,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let at = setting_location(file, "base_url");
    match crate::text::urls::http_host(url.trim()) {
        Ok(_) => {
            config.base_url = url;
            config.base_url_from = BaseUrlFrom::Config(at);
        }
        Err(why) => diagnostics.push(
            Diagnostic::error(
                "invalid-config",
                format!("`base_url` in dossier.yaml is not an http or https address: {why}"),
            )
            .at(at)
            .hint(BASE_URL_HINT),
        ),
    }
}

const BASE_URL_HINT: &str =
    "write the address the site is published at, like `base_url: https://example.org/dossier/`";

/// Checks a `--base-url` given on the command line: a usage error unless
/// it is an absolute http(s) address.
pub fn option_base_url(url: &str) -> Result<String, crate::Fatal> {
    match crate::text::urls::http_host(url.trim()) {
        Ok(_) => Ok(with_trailing_slash(url)),
        Err(why) => Err(crate::Fatal::usage(format!(
            "--base-url {url:?} is not an http or https address: {why}; give the address the site is published at, like https://example.org/dossier/"
        ))),
    }
}

/// The `local-base-url` warning for a build meant for publishing whose
/// `base_url` names this machine: feeds, the sitemap, robots.txt,
/// canonical links and 404.html would send readers to their own computer.
/// A dossier that sets no `base_url` has none: `dossier init` leaves it
/// out until the writer knows where the site goes.
pub fn local_base_url(config: &SiteConfig) -> Option<Diagnostic> {
    let host = crate::text::urls::http_host(config.base_url.trim()).ok()?;
    if !crate::text::urls::is_local_host(&host) {
        return None;
    }
    let (whence, hint) = match &config.base_url_from {
        BaseUrlFrom::Default | BaseUrlFrom::Unset => return None,
        BaseUrlFrom::Config(_) => (
            "`base_url` in dossier.yaml",
            "set `base_url` to the address the site is published at, or build with --base-url; `dossier serve` needs none",
        ),
        BaseUrlFrom::Option => (
            "--base-url",
            "give --base-url the address the site is published at",
        ),
    };
    let warning = Diagnostic::warning(
        "local-base-url",
        format!(
            "{whence} is {}, which only this computer reaches: feeds, sitemap.xml, robots.txt, canonical links and 404.html point there",
            config.base_url
        ),
    )
    .hint(hint);
    Some(match &config.base_url_from {
        BaseUrlFrom::Config(at) => warning.at(at.clone()),
        _ => warning,
    })
}

/// What a build meant for publishing says when dossier.yaml sets no
/// `base_url`: not a warning, since a new dossier is rightly without one,
/// but the absolute addresses need one before the site is published.
pub fn base_url_note(config: &SiteConfig) -> Option<String> {
    matches!(config.base_url_from, BaseUrlFrom::Unset).then(|| {
        format!(
            "dossier.yaml sets no base_url, so feeds, sitemap.xml, robots.txt, canonical links and 404.html use {}; set it to the address the site is published at before publishing",
            config.base_url
        )
    })
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
