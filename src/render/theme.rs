//! Themes: the default theme is embedded in the binary so `dossier` works in
//! any folder; a dossier's own `themes/<name>/` overrides it template by
//! template and adds static files.

use std::path::Path;

use tera::Tera;

use crate::content::fence::{Fence, Refusal};
use crate::diagnostic::{Diagnostic, file_location};
use crate::output::OutputFile;
use crate::render::error_chain;

// `include_str!` takes literal paths, so the templates are listed here by
// name: the frame and the page kinds', the section pages' (each
// `content::sections` row's, checked by a test) and the partials.
macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),*]
    };
}

const TEMPLATES: &[(&str, &str)] = embedded!(
    "base.html",
    "index.html",
    "brief.html",
    "topic.html",
    "actor.html",
    "page.html",
    "topics.html",
    "actors.html",
    "timeline.html",
    "sources.html",
    "changes.html",
    "404.html",
    "graph.html",
    "print.html",
    "search.html",
    "exports.html",
    "partials/local_graph.html",
    "partials/backlinks.html",
    "partials/events.html",
    "partials/briefs.html",
    "partials/source.html",
    "partials/sources.html",
    "partials/parts.html",
    "partials/term_parts.html",
    "partials/history.html",
    "partials/sourcing.html",
    "partials/rail.html",
);

const STATIC: &[(&str, &[u8])] = &[
    (
        "style.css",
        include_bytes!("../../themes/default/static/style.css"),
    ),
    (
        "previews.js",
        include_bytes!("../../themes/default/static/previews.js"),
    ),
    (
        "search.js",
        include_bytes!("../../themes/default/static/search.js"),
    ),
    (
        "toc.js",
        include_bytes!("../../themes/default/static/toc.js"),
    ),
];

/// The compiled templates and the theme's static files.
pub struct Theme {
    /// Shared with the exports page `serve` makes later (see
    /// [`crate::build::deferred`]).
    pub tera: std::sync::Arc<Tera>,
    pub assets: Vec<OutputFile>,
    /// A hash of every template's text: pages rendered with other
    /// templates are never reused.
    pub fingerprint: u64,
}

/// Loads the theme `name`: embedded templates first, then the dossier's own
/// `themes/<name>/templates/**` over them. Template errors are diagnostics.
pub fn load(root: &Path, name: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<Theme> {
    if !valid_name(name) {
        diagnostics.push(
            Diagnostic::error(
                "invalid-theme",
                format!("theme name '{name}' is not a plain folder name"),
            )
            .at(file_location(Path::new(
                crate::content::config::CONFIG_FILE,
            )))
            .hint("use letters, digits, '-' or '_', e.g. `theme: default`"),
        );
        return None;
    }
    let dir = root.join("themes").join(name);
    let mut templates: Vec<(String, String)> = TEMPLATES
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    let mut assets: Vec<OutputFile> = STATIC
        .iter()
        .map(|(n, b)| OutputFile::new(format!("static/{n}"), *b))
        .collect();
    let fence = Fence::new(root);
    let present = match fence.resolve(&dir) {
        Ok(real) => real.is_dir(),
        Err(Refusal::Outside(target)) => {
            diagnostics.push(fence.outside(&dir, &target));
            return None;
        }
        Err(Refusal::Io(_)) => false,
    };
    for (rel, bytes) in crate::content::scan::read_tree(&fence, &dir.join("templates"), diagnostics)
    {
        let path = Path::new("themes").join(name).join("templates").join(&rel);
        let text = match crate::content::scan::decode(bytes, &path) {
            Ok(text) => text,
            Err(d) => {
                diagnostics.push(d);
                continue;
            }
        };
        match templates.iter_mut().find(|(n, _)| *n == rel) {
            Some(slot) => slot.1 = text,
            None => templates.push((rel, text)),
        }
    }
    for (rel, bytes) in crate::content::scan::read_tree(&fence, &dir.join("static"), diagnostics) {
        let path = format!("static/{rel}");
        assets.retain(|a| a.path != path);
        assets.push(OutputFile::new(path, bytes));
    }
    if !present && name != "default" {
        diagnostics.push(Diagnostic::warning("unknown-theme", format!("no folder themes/{name}; using the built-in default theme"))
            .at(file_location(Path::new(crate::content::config::CONFIG_FILE)))
            .hint("create themes/<name>/templates/ to override templates, or remove `theme:` from dossier.yaml"));
    }
    let fingerprint = {
        use std::hash::{Hash, Hasher};
        let mut hasher = crate::fingerprint_hasher();
        templates.hash(&mut hasher);
        hasher.finish()
    };
    compile(templates, name, diagnostics).map(|tera| Theme {
        tera: std::sync::Arc::new(tera),
        assets,
        fingerprint,
    })
}

fn compile(
    templates: Vec<(String, String)>,
    name: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Tera> {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    match tera.add_raw_templates(templates) {
        Ok(()) => Some(tera),
        Err(e) => {
            diagnostics.push(Diagnostic::error("template-error", format!("a template of theme '{name}' does not compile: {}", error_chain(&e)))
                .at(file_location(&Path::new("themes").join(name).join("templates")))
                .hint("fix the template syntax; the built-in templates are in the dossier repository under themes/default"));
            None
        }
    }
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_templates_compile() {
        let mut diagnostics = Vec::new();
        let theme = load(Path::new("/nonexistent"), "default", &mut diagnostics);
        assert!(theme.is_some(), "{diagnostics:?}");
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
    }

    #[test]
    fn every_sections_template_is_embedded() {
        for (section, page) in crate::content::sections::with_pages() {
            let embedded = TEMPLATES.iter().any(|(name, _)| *name == page.template);
            assert!(
                embedded,
                "{} of /{}/ is not embedded",
                page.template, section.folder
            );
        }
    }

    #[test]
    fn theme_names_cannot_climb() {
        assert!(!valid_name("../x"));
        assert!(!valid_name("/etc"));
        assert!(valid_name("my-theme_2"));
    }
}
