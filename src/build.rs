//! The build, stage by stage: configuration, content, pages, graph, render,
//! output. Each stage is one call; reading this file top to bottom is
//! reading the build.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{self, BuildOptions};
use crate::content::{self, ContentFile, FileKind};
use crate::diagnostic::{self, Diagnostic, file_location};
use crate::frontmatter;
use crate::graph::{self, Site};
use crate::highlight::{self, Highlighter};
use crate::output::{self, OutputFile, WriteReport};
use crate::page::{Kind, Page};
use crate::{Fatal, feeds, render, theme};

/// Why a build did not produce a site.
#[derive(Debug)]
pub enum Failure {
    /// The dossier has errors; every one is listed (warnings too).
    Content(Vec<Diagnostic>),
    /// A usage or I/O problem that stopped the build.
    Fatal(Fatal),
}

impl From<Fatal> for Failure {
    fn from(fatal: Fatal) -> Self {
        Failure::Fatal(fatal)
    }
}

/// A site rendered in memory, not yet written.
pub struct Rendered {
    pub files: Vec<OutputFile>,
    pub pages: usize,
    /// Warnings (a rendered site has no errors).
    pub diagnostics: Vec<Diagnostic>,
}

/// What `build` did.
pub struct Report {
    pub pages: usize,
    pub files: usize,
    pub write: WriteReport,
    pub diagnostics: Vec<Diagnostic>,
    pub elapsed: Duration,
}

/// Builds the dossier at `options.root` into `options.output`.
pub fn build(options: &BuildOptions) -> Result<Report, Failure> {
    let started = Instant::now();
    output::check_folder(&options.root, &options.output)?;
    let rendered = render_site(options)?;
    let write = output::write(&options.output, &rendered.files)?;
    Ok(Report {
        pages: rendered.pages,
        files: rendered.files.len(),
        write,
        diagnostics: rendered.diagnostics,
        elapsed: started.elapsed(),
    })
}

/// Runs every stage up to the graph and returns all diagnostics, writing
/// nothing; `Err` only for usage and I/O problems.
pub fn check(options: &BuildOptions) -> Result<Vec<Diagnostic>, Fatal> {
    let mut diagnostics = Vec::new();
    load_site(options, &mut diagnostics)?;
    diagnostic::sort(&mut diagnostics);
    Ok(diagnostics)
}

/// Renders the whole site in memory.
pub fn render_site(options: &BuildOptions) -> Result<Rendered, Failure> {
    let mut diagnostics = Vec::new();
    let (site, theme) = load_site(options, &mut diagnostics)?;
    let theme = match theme {
        Some(theme) if !diagnostics.iter().any(Diagnostic::is_error) => theme,
        _ => return Err(failed(diagnostics)),
    };
    let pages = render::pages(&site, &theme.tera).map_err(|errors| {
        diagnostics.extend(errors.into_iter().map(|e| {
            Diagnostic::error("template-error", format!("template {} failed on page {}: {}", e.template, e.page, e.message))
                .at(file_location(&Path::new("themes").join(&site.config.theme).join("templates").join(&e.template)))
                .hint("check the variables the template uses; the README lists what each template receives")
        }));
        failed(std::mem::take(&mut diagnostics))
    })?;
    let mut files = pages;
    files.extend(feeds::files(&site));
    files.extend(theme.assets);
    files.push(OutputFile {
        path: "static/syntax.css".into(),
        bytes: highlight::stylesheet().into_bytes(),
    });
    files.extend(static_files(&options.root, &mut diagnostics));
    let files = deduplicate(files, &mut diagnostics);
    diagnostic::sort(&mut diagnostics);
    Ok(Rendered {
        files,
        pages: site.pages.len(),
        diagnostics,
    })
}

fn failed(mut diagnostics: Vec<Diagnostic>) -> Failure {
    diagnostic::sort(&mut diagnostics);
    Failure::Content(diagnostics)
}

/// Configuration, content, pages and graph: everything `check` runs.
fn load_site(
    options: &BuildOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<(Site, Option<theme::Theme>), Fatal> {
    let mut config = config::load(&options.root, diagnostics)?;
    if let Some(url) = &options.base_url {
        config.base_url = config::with_trailing_slash(url);
    }
    let files = content::load(&options.root, diagnostics)?;
    let highlighter = Highlighter::default();
    let (pages, drafts) = parse_pages(&files, &highlighter, options.drafts, diagnostics);
    let registry = registry(&files, diagnostics);
    let theme = theme::load(&options.root, &config.theme, diagnostics);
    let site = graph::link(config, pages, &drafts, registry, diagnostics);
    Ok((site, theme))
}

/// Parses every Markdown file in parallel; returns the published pages
/// (with a front page, made if `_index.md` is missing) and the drafts.
fn parse_pages(
    files: &[ContentFile],
    highlighter: &Highlighter,
    drafts: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Arc<Page>>, Vec<Arc<Page>>) {
    let parsed: Vec<(Option<Page>, Vec<Diagnostic>)> = files
        .par_iter()
        .filter(|f| f.kind != FileKind::Sources)
        .map(|file| {
            let mut found = Vec::new();
            let page = Page::parse(file, highlighter, &mut found);
            (page, found)
        })
        .collect();
    let mut pages = Vec::with_capacity(parsed.len() + 1);
    let mut unpublished = Vec::new();
    for (page, found) in parsed {
        diagnostics.extend(found);
        match page {
            Some(page) if page.front.draft && !drafts => unpublished.push(Arc::new(page)),
            Some(page) => pages.push(Arc::new(page)),
            None => {}
        }
    }
    if !pages.iter().any(|p| p.kind == Kind::Home) {
        pages.push(Arc::new(Page {
            kind: Kind::Home,
            slug: String::new(),
            url: String::new(),
            title: String::new(),
            ..Page::implied(Kind::Home, "")
        }));
    }
    (pages, unpublished)
}

fn registry(files: &[ContentFile], diagnostics: &mut Vec<Diagnostic>) -> Vec<frontmatter::Source> {
    files
        .iter()
        .filter(|f| f.kind == FileKind::Sources)
        .flat_map(|f| frontmatter::parse_registry(&f.file, diagnostics))
        .collect()
}

/// The dossier's own `static/` folder, copied as it is.
fn static_files(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<OutputFile> {
    content::read_tree(&root.join("static"), diagnostics)
        .into_iter()
        .map(|(path, bytes)| OutputFile { path, bytes })
        .collect()
}

/// Sorts files by path; a static file that would replace a generated one
/// is dropped with a warning.
fn deduplicate(mut files: Vec<OutputFile>, diagnostics: &mut Vec<Diagnostic>) -> Vec<OutputFile> {
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by(|&a, &b| files[a].path.cmp(&files[b].path).then(a.cmp(&b)));
    let mut kept: Vec<OutputFile> = Vec::with_capacity(files.len());
    for index in order {
        let file = std::mem::replace(
            &mut files[index],
            OutputFile {
                path: String::new(),
                bytes: Vec::new(),
            },
        );
        if kept.last().is_some_and(|last| last.path == file.path) {
            diagnostics.push(
                Diagnostic::warning(
                    "output-conflict",
                    format!(
                        "static/{} would replace a page dossier generates; it is ignored",
                        file.path
                    ),
                )
                .at(file_location(&Path::new("static").join(&file.path)))
                .hint("rename or move the static file"),
            );
            continue;
        }
        kept.push(file);
    }
    kept
}
