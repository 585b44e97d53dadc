//! Pages: one content file parsed into front matter and rendered body, with
//! the identity (kind, slug, URL) the rest of the build knows it by.

use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::content::frontmatter::{self, fields::FrontMatter};
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

/// Runs `let_go` on every page of `pages` that nothing else holds, to
/// free what a one-off build has read for the last time. A page the
/// parse cache still holds (`serve`, `watch`) is left whole for the next
/// rebuild.
///
/// Run on the pool's threads, which parsed the pages: the allocator
/// gives a block freed by another thread back to its own only when that
/// thread next looks, so freed on an idle one the memory would stay
/// taken while the render asks for more.
pub fn let_go_unshared(pages: &mut [Arc<Page>], let_go: impl Fn(&mut Page) + Sync) {
    pages.par_iter_mut().for_each(|page| {
        if let Some(page) = Arc::get_mut(page) {
            let_go(page);
        }
    });
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
        let text = file.text();
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
        let (mut body, problems) =
            markdown::pass::render(split.body, split.body_offset, highlighter);
        body.prose.share(file.held_text());
        for span in &problems.empty_links {
            diagnostics.push(
                Diagnostic::error("empty-link", "empty wiki link: no page is named between the brackets")
                    .at(file.span(span.start, span.end))
                    .hint("write the name of a brief, topic or actor between the brackets, or remove them"),
            );
        }
        for link in &problems.unsafe_links {
            diagnostics.push(unsafe_link(link).at(file.span(link.span.start, link.span.end)));
        }
        for span in &problems.missing_alt {
            diagnostics.push(missing_alt().at(file.span(span.start, span.end)));
        }
        for unknown in &problems.unknown_callouts {
            let span = &unknown.span;
            diagnostics.push(unknown_callout(unknown).at(file.span(span.start, span.end)));
        }
        for problem in &problems.footnotes {
            let at = file.span(problem.span.start, problem.span.end);
            diagnostics.push(problem.diagnostic().at(at));
        }
        for error in &problems.math_errors {
            let at = file.span(error.span.start, error.span.end);
            diagnostics.push(error.diagnostic().at(at));
        }
        let kind = kind_of(content.kind)?;
        if kind == Kind::Brief && readable && !front.draft {
            diagnostics.extend(markdown::unfinished::placeholder(file));
        }
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

    /// Whether this is a topic or actor page no file describes, one
    /// [`Page::implied`] made for a name the briefs use.
    pub fn is_implied(&self) -> bool {
        self.file.is_none() && matches!(self.kind, Kind::Topic | Kind::Actor)
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
    /// depend on: its names, its whole front matter (every field, by
    /// value: where a value is written is left out, so moving a line is
    /// no change), and of its body the links and their sentences,
    /// headings, citations and first paragraph. When an edit leaves it
    /// unchanged, no other page's output can change, and the quick
    /// rebuild renders this page alone.
    pub fn signature(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = crate::fingerprint_hasher();
        (self.kind, &self.slug, &self.title, &self.url, &self.keys).hash(&mut h);
        self.front.hash(&mut h);
        let b = &self.body;
        for link in &b.links {
            (&link.target, &link.key, &link.context, &link.image).hash(&mut h);
            link.card.hash(&mut h);
        }
        (&b.headings, &b.cited, &b.first_paragraph).hash(&mut h);
        b.citations.iter().for_each(|c| c.id.hash(&mut h));
        h.finish()
    }

    /// Leaves the file's text on disk under `root`, for the file's
    /// locations and the prose alike (see [`FileRef::leave_text_on_disk`]):
    /// one text read again, as one text was shared as written.
    pub fn leave_text_on_disk(&mut self, root: &crate::text::file_text::Root) {
        if let Some(file) = self.file.as_mut() {
            file.leave_text_on_disk(root);
            self.body.prose.hold_source(file.held_text());
        }
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

/// The warning for an image without alt text: screen readers announce
/// it by its file name, or skip it, and search cannot find it.
fn missing_alt() -> Diagnostic {
    Diagnostic::warning(
        "missing-alt",
        "image without alt text: screen readers cannot say what it shows",
    )
    .hint(format!(
        "describe it between the brackets, `![Troop positions in May](map.png)`; an image that only decorates takes the title \"{}\": `![](rule.png \"{0}\")`",
        markdown::pass::DECORATIVE
    ))
}

/// The warning for a `[!kind]` callout of no known kind.
fn unknown_callout(unknown: &markdown::callouts::UnknownCallout) -> Diagnostic {
    Diagnostic::warning(
        "unknown-callout",
        format!(
            "unknown callout kind `[!{}]`: shown as a note",
            unknown.kind
        ),
    )
    .hint(format!(
        "use one of {} (any case; `-` or `+` after it folds the callout)",
        markdown::callouts::kinds_list()
    ))
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

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::content::frontmatter::events::Event;
    use crate::content::frontmatter::sources::{
        Archive, Credibility, Reliability, Source, SourceRef,
    };
    use crate::diagnostic::render_human;
    use crate::text::date::PartialDate;
    use crate::yaml::locate::Place;

    /// `serve` leaves each page's text on disk: its text, its prose, the
    /// places of new problems and the lines its diagnostics show read as
    /// they did, and no copy as written is left; once the file is edited
    /// its lines show no longer, rather than showing the new text.
    #[test]
    fn a_page_leaving_its_text_on_disk_reads_as_it_did() {
        let text = "---\ntitle: A\n---\n\nGas \"flows\" east to [[Baku]].\n\n![](map.png)\n";
        let dir = tempfile::tempdir().expect("a temporary folder");
        let on_disk = dir.path().join("content/briefs/a.md");
        std::fs::create_dir_all(on_disk.parent().expect("a folder")).expect("made");
        std::fs::write(&on_disk, text).expect("written");
        let written: Arc<str> = Arc::from(text);
        let content = ContentFile {
            kind: FileKind::Brief,
            content_path: "briefs/a.md".into(),
            file: FileRef::new("content/briefs/a.md".into(), written.clone()),
        };
        let mut diagnostics = Vec::new();
        let highlighter = crate::markdown::highlight::Highlighter::default();
        let mut page = Page::parse(&content, &highlighter, &mut diagnostics).expect("a page");
        drop(content);
        let shown: Vec<String> = diagnostics.iter().map(render_human).collect();
        assert!(
            shown.iter().any(|s| s.contains("| ![](map.png)")),
            "{shown:?}"
        );
        let (prose, file) = (page.body.prose.clone(), page.file.clone().expect("a file"));
        page.leave_text_on_disk(&crate::text::file_text::Root::new(dir.path()));
        let left = page.file.as_ref().expect("a file");
        assert!(left.held_text().is_on_disk());
        assert!(page.body.prose.reads_source_on_disk());
        assert_eq!(&*left.text(), text);
        assert_eq!(page.body.prose, prose);
        let at = |f: &FileRef| {
            let l = f.span(22, 29);
            (l.line, l.column, l.width)
        };
        assert_eq!(at(left), at(&file));
        assert_eq!(at(&left.as_written()), at(&file));
        let shown_again: Vec<String> = diagnostics.iter().map(render_human).collect();
        assert_eq!(shown_again, shown);
        drop((prose, file));
        assert_eq!(Arc::strong_count(&written), 1, "a copy as written is held");

        std::fs::write(&on_disk, text.replace("map.png", "chart.png")).expect("edited");
        let shown_after: Vec<String> = diagnostics.iter().map(render_human).collect();
        assert!(
            shown_after.iter().all(|s| !s.contains("| ![](")),
            "{shown_after:?}"
        );
    }

    /// A place on `line` of a brief.
    fn place(line: usize) -> Place {
        let file = FileRef::new("content/briefs/a.md".into(), Arc::from("x\n".repeat(20)));
        Place(file.line_col(line, 1, 1))
    }

    fn date(text: &str) -> Option<PartialDate> {
        PartialDate::parse(text).ok()
    }

    /// Front matter with every field set, its values written `line` lines
    /// further down. Written out field by field (no `..`), so a new field
    /// does not compile here until it is given a value, and a change in
    /// [`changes`].
    fn full(line: usize) -> FrontMatter {
        let source = Source {
            id: "s".into(),
            title: Some("S".into()),
            author: Some("A".into()),
            publisher: Some("P".into()),
            url: Some("https://example.org/".into()),
            date: date("2024"),
            reliability: Some(Reliability::B),
            credibility: None,
            note: Some("N".into()),
            archive: Some(Box::new(Archive::File {
                path: "copy.pdf".into(),
                base: "briefs/a.md".into(),
                at: place(line + 9),
            })),
            accessed: date("2025-03-03"),
            location: Some(place(line + 8)),
        };
        FrontMatter {
            title: Some("T".into()),
            date: date("2025-01-02"),
            updated: date("2025-02"),
            summary: Some("Sum".into()),
            topics: vec![("gas".into(), place(line + 1))],
            actors: vec![("Ann".into(), place(line + 2))],
            sources: vec![
                SourceRef::Id("k".into(), place(line + 3)),
                SourceRef::Defined(Arc::new(source)),
            ],
            events: vec![Event {
                date: PartialDate::parse("2025").unwrap(),
                title: "E".into(),
                actors: vec!["Bob".into()],
                sources: vec!["k".into()],
                location: place(line + 4),
            }],
            aliases: vec![("Tee".into(), place(line + 5))],
            draft: false,
            kind: Some("person".into()),
            role: Some("R".into()),
            country: Some("C".into()),
            language: Some("fa".into()),
            title_rejected: false,
            extra: [("layout".to_string(), serde_json::json!("wide"))].into(),
        }
    }

    /// A change to one value, named for the failure message.
    type Change = (&'static str, fn(&mut FrontMatter));

    /// A change to each value of [`full`].
    fn changes() -> Vec<Change> {
        fn defined(f: &mut FrontMatter) -> &mut Source {
            match &mut f.sources[1] {
                SourceRef::Defined(source) => Arc::make_mut(source),
                SourceRef::Id(..) => unreachable!(),
            }
        }
        vec![
            ("title", |f| f.title = Some("U".into())),
            ("date", |f| f.date = date("2025-01-03")),
            ("updated", |f| f.updated = None),
            ("summary", |f| f.summary = None),
            ("topics", |f| f.topics[0].0 = "oil".into()),
            ("actors", |f| f.actors.clear()),
            ("source id", |f| {
                f.sources[0] = SourceRef::Id("j".into(), place(4))
            }),
            ("source title", |f| defined(f).title = None),
            ("source author", |f| defined(f).author = None),
            ("source publisher", |f| defined(f).publisher = None),
            ("source url", |f| defined(f).url = None),
            ("source date", |f| defined(f).date = None),
            ("source reliability", |f| {
                defined(f).reliability = Some(Reliability::C)
            }),
            ("source credibility", |f| {
                defined(f).credibility = Credibility::parse("3")
            }),
            ("source note", |f| defined(f).note = None),
            ("source archive", |f| {
                defined(f).archive = Some(Box::new(Archive::Url("https://web.archive.org/".into())))
            }),
            ("source accessed", |f| defined(f).accessed = None),
            ("event date", |f| f.events[0].date = date("2026").unwrap()),
            ("event title", |f| f.events[0].title = "F".into()),
            ("event actors", |f| f.events[0].actors.clear()),
            ("event sources", |f| f.events[0].sources.clear()),
            ("aliases", |f| f.aliases.clear()),
            ("draft", |f| f.draft = true),
            ("kind", |f| f.kind = None),
            ("role", |f| f.role = None),
            ("country", |f| f.country = None),
            ("language", |f| f.language = Some("ru".into())),
            ("title_rejected", |f| f.title_rejected = true),
            ("extra", |f| {
                f.extra.insert("layout".into(), serde_json::json!("narrow"));
            }),
        ]
    }

    fn signature(front: FrontMatter) -> u64 {
        let mut page = Page::implied(Kind::Brief, "T");
        page.front = front;
        page.signature()
    }

    /// The quick rebuild trusts the signature to change whenever anything
    /// other pages may show changes: so every front-matter value must
    /// change it, and where a value is written must not.
    #[test]
    fn every_front_matter_value_feeds_the_signature_and_no_position_does() {
        let base = signature(full(1));
        assert_eq!(signature(full(6)), base, "moving lines changed it");
        for (field, change) in changes() {
            let mut front = full(1);
            change(&mut front);
            assert_ne!(signature(front), base, "a change of {field} left it");
        }
    }
}
