//! Pages: one content file parsed into front matter and rendered body, with
//! the identity (kind, slug, URL) the rest of the build knows it by.

use serde::Serialize;

use crate::content::frontmatter::{self, FrontMatter};
use crate::content::scan::{ContentFile, FileKind};
use crate::diagnostic::{Diagnostic, FileRef};
use crate::markdown::highlight::Highlighter;
use crate::markdown::{self, Body};
use crate::text::slug::{name_key, slugify, slugify_or_hash};

/// What a page is; decides its URL and its template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Brief,
    Topic,
    Actor,
    Page,
    Home,
}

impl Kind {
    /// The URL folder of this kind's pages.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Brief => "briefs",
            Kind::Topic => "topics",
            Kind::Actor => "actors",
            Kind::Page | Kind::Home => "",
        }
    }

    /// The singular word for this kind, for messages.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Brief => "brief",
            Kind::Topic => "topic",
            Kind::Actor => "actor",
            Kind::Page => "page",
            Kind::Home => "front page",
        }
    }
}

/// A page of the site: from a file, or implied by a name in front matter.
#[derive(Debug, Clone)]
pub struct Page {
    pub kind: Kind,
    pub slug: String,
    pub title: String,
    /// Site-relative URL folder: `briefs/treaty/`, or empty for the front page.
    pub url: String,
    /// The file it came from; `None` for topics and actors that exist only
    /// because front matter names them.
    pub file: Option<FileRef>,
    /// Path inside `content/`, for resolving relative links.
    pub content_path: Option<String>,
    pub front: FrontMatter,
    pub body: Body,
    /// The names a link can use for this page, as lookup keys: its title,
    /// slug, aliases and `kind/slug`. Computed once, when it is parsed.
    pub keys: Vec<String>,
    /// A hash of the page's source: the same text gives the same revision,
    /// so a rebuild can tell an unchanged body without comparing it.
    pub revision: u64,
}

impl Page {
    /// Parses one Markdown content file. Problems go to `diagnostics`; the
    /// page is still returned so later stages can check the rest of it.
    pub fn parse(
        content: &ContentFile,
        highlighter: &Highlighter,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<Page> {
        let file = &content.file;
        let text = file.text.clone();
        let split = match frontmatter::split(file, &text) {
            Ok(split) => split,
            Err(diagnostic) => {
                diagnostics.push(diagnostic);
                return None;
            }
        };
        let parsed = frontmatter::parse(file, &split, diagnostics);
        // A missing title is only worth reporting once the YAML is readable.
        let readable = parsed.is_some();
        let front = parsed.unwrap_or_default();
        let body = markdown::render(split.body, split.body_offset, highlighter);
        for span in &body.empty_links {
            diagnostics.push(
                Diagnostic::error("empty-link", "empty wiki link: no page is named between the brackets")
                    .at(file.span(span.start, span.end))
                    .hint("write the name of a brief, topic or actor between the brackets, or remove them"),
            );
        }
        for link in &body.unsafe_links {
            diagnostics.push(unsafe_link(link).at(file.span(link.span.start, link.span.end)));
        }
        let kind = kind_of(content.kind)?;
        let (slug, url) = address(kind, &content.content_path);
        let title = match (&front.title, kind) {
            (Some(title), _) if !title.trim().is_empty() => title.trim().to_string(),
            (_, Kind::Home) => String::new(),
            _ if !readable || front.title_rejected => slug.clone(),
            _ => {
                diagnostics.push(
                    Diagnostic::error(
                        "missing-title",
                        format!("this {} has no title", kind.noun()),
                    )
                    .at(file.line_col(1, 1, 3))
                    .hint("add `title: ...` to the front matter"),
                );
                slug.clone()
            }
        };
        Some(Page {
            keys: keys(kind, &slug, &title, &front),
            kind,
            slug,
            title,
            url,
            file: Some(file.clone()),
            content_path: Some(content.content_path.clone()),
            front,
            body,
            revision: revision(&content.content_path, &text),
        })
    }

    /// The front page of a dossier without `content/_index.md`.
    pub fn home() -> Page {
        Page {
            kind: Kind::Home,
            slug: String::new(),
            title: String::new(),
            url: String::new(),
            file: None,
            content_path: None,
            front: FrontMatter::default(),
            body: Body::default(),
            keys: Vec::new(),
            revision: revision("", ""),
        }
    }

    /// A topic or actor that has no file of its own.
    pub fn implied(kind: Kind, name: &str) -> Page {
        let slug = slugify_or_hash(name);
        let url = format!("{}/{slug}/", kind.folder());
        let front = FrontMatter {
            title: Some(name.to_string()),
            ..FrontMatter::default()
        };
        Page {
            keys: keys(kind, &slug, name, &front),
            kind,
            slug,
            title: name.to_string(),
            url,
            file: None,
            content_path: None,
            front,
            body: Body::default(),
            revision: revision(name, ""),
        }
    }

    /// A hash of everything about this page that other pages can show or
    /// depend on: its names, front matter, links and their sentences,
    /// headings, citations and first paragraph. When an edit leaves it
    /// unchanged, no other page's output can change.
    pub fn signature(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = crate::fingerprint_hasher();
        (self.kind, &self.slug, &self.title, &self.url, &self.keys).hash(&mut h);
        let f = &self.front;
        (
            &f.title,
            f.date,
            f.updated,
            &f.summary,
            f.draft,
            &f.kind,
            &f.role,
            &f.country,
            &f.extra,
            f.title_rejected,
        )
            .hash(&mut h);
        for list in [&f.topics, &f.actors, &f.aliases] {
            list.iter().for_each(|(name, _)| name.hash(&mut h));
            list.len().hash(&mut h);
        }
        for source in &f.sources {
            match source {
                crate::content::frontmatter::SourceRef::Id(id, _) => id.hash(&mut h),
                crate::content::frontmatter::SourceRef::Defined(s) => s.shown().hash(&mut h),
            }
        }
        for event in &f.events {
            (event.date, &event.title, &event.actors, &event.sources).hash(&mut h);
        }
        let b = &self.body;
        for link in &b.links {
            (&link.target, &link.key, &link.context).hash(&mut h);
        }
        (
            &b.headings,
            &b.cited,
            &b.first_paragraph,
            b.empty_links.len(),
        )
            .hash(&mut h);
        b.citations.iter().for_each(|c| c.id.hash(&mut h));
        h.finish()
    }

    /// The output file of this page, relative to the output folder.
    pub fn output_path(&self) -> String {
        format!("{}index.html", self.url)
    }
}

/// The error for a link or image that would run script when followed.
fn unsafe_link(link: &markdown::UnsafeLink) -> Diagnostic {
    let what = if link.image { "image from" } else { "link to" };
    let hint = if link.image && link.scheme == "data" {
        "an image may be a `data:image/png`, jpeg, gif, webp or avif address, never SVG; or put the file in static/ and link to it"
    } else {
        "link to an http(s) address, a page or a file in static/; links that run script are refused because a dossier's pages may come from anyone's pull request"
    };
    Diagnostic::error(
        "unsafe-link",
        format!(
            "{what} a `{}:` address, which can run script in the reader's browser",
            link.scheme
        ),
    )
    .hint(hint)
}

/// The lookup keys of a page; see [`Page::keys`].
fn keys(kind: Kind, slug: &str, title: &str, front: &FrontMatter) -> Vec<String> {
    let mut keys = vec![
        name_key(title),
        slug.to_string(),
        format!("{}/{slug}", kind.folder()),
    ];
    keys.extend(front.aliases.iter().map(|(alias, _)| name_key(alias)));
    keys.retain(|key| !key.is_empty() && key != "/");
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// A stable hash of a page's path and text.
fn revision(path: &str, text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = crate::fingerprint_hasher();
    (path, text).hash(&mut hasher);
    hasher.finish()
}

fn kind_of(kind: FileKind) -> Option<Kind> {
    Some(match kind {
        FileKind::Home => Kind::Home,
        FileKind::Brief => Kind::Brief,
        FileKind::Topic => Kind::Topic,
        FileKind::Actor => Kind::Actor,
        FileKind::Page => Kind::Page,
        FileKind::Sources => return None,
    })
}

/// The slug and URL of a file's page. A brief's slug is its file name (its
/// folders only organise the writer's files); other pages keep their path.
fn address(kind: Kind, content_path: &str) -> (String, String) {
    let stem = content_path.strip_suffix(".md").unwrap_or(content_path);
    let name = stem.rsplit('/').next().unwrap_or(stem);
    match kind {
        Kind::Home => (String::new(), String::new()),
        Kind::Brief | Kind::Topic | Kind::Actor => {
            let slug = slugify_or_hash(name);
            let url = format!("{}/{slug}/", kind.folder());
            (slug, url)
        }
        Kind::Page => {
            // Every segment is slugified, so no name can climb out of the
            // output folder or collide with a reserved one.
            let segments: Vec<String> = stem.split('/').map(slugify_or_hash).collect();
            let mut url = segments.join("/");
            if reserved(&url) {
                url = format!("pages/{url}");
            }
            (slugify(name), format!("{url}/"))
        }
    }
}

/// URL folders the engine writes itself; other pages must not take them.
fn reserved(url: &str) -> bool {
    let first = url.split('/').next().unwrap_or(url);
    crate::content::sections::is_reserved(first)
}
