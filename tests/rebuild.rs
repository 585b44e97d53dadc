//! Incremental rebuilds: after every kind of edit, a `Builder` that reuses
//! its caches must produce exactly the files a fresh build produces.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use dossier::BuildOptions;
use dossier::build::rebuild::Builder;
use dossier::build::render_site;
use dossier::diagnostic::render_human;

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Rebuilds with `builder` and checks the result against a fresh build of
/// the same files; returns how many pages the rebuild rendered.
fn rebuild_matches_fresh(builder: &mut Builder, root: &Path) -> usize {
    rebuild_matches_fresh_but(builder, root, None)
}

/// [`rebuild_matches_fresh`] for a builder that makes no warning of code
/// `left_out`, as `serve`'s makes no `uncited-source` warning: the fresh
/// build's warnings of that code are left out of the comparison.
fn rebuild_matches_fresh_but(builder: &mut Builder, root: &Path, left_out: Option<&str>) -> usize {
    let rebuilt = builder
        .rebuild()
        .unwrap_or_else(|e| panic!("rebuild failed: {e:?}"));
    let fresh =
        render_site(&BuildOptions::new(root)).unwrap_or_else(|_| panic!("fresh build failed"));
    let paths = |files: &[dossier::output::OutputFile]| {
        files.iter().map(|f| f.path.clone()).collect::<Vec<_>>()
    };
    assert_eq!(paths(&rebuilt.files), paths(&fresh.files));
    for (a, b) in rebuilt.files.iter().zip(fresh.files.iter()) {
        // As written: a builder packing its pages, as `serve`'s does,
        // holds them packed.
        let plain = a.plain().unwrap();
        assert!(*plain == *b.bytes, "{} differs from a fresh build", a.path);
    }
    let shown = |d: &[dossier::Diagnostic]| {
        (d.iter().filter(|d| Some(d.code) != left_out))
            .map(render_human)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        rebuilt
            .diagnostics
            .iter()
            .map(render_human)
            .collect::<Vec<_>>(),
        shown(&fresh.diagnostics)
    );
    rebuilt.rendered
}

/// How a test's builder holds what it keeps between rebuilds.
#[derive(Clone, Copy)]
enum Holds {
    /// As written, as `watch`'s builder does.
    Plain,
    /// Packed: pages and bodies packed, the files' texts left on disk.
    Packed,
    /// As `serve`'s builder: packed, and making none of the warnings
    /// `serve` never shows (`Builder::without_warnings`).
    Served,
}

/// Writes `files` under `root` and builds them once with a new builder.
fn first_build(root: &Path, files: &[(&str, &str)]) -> Builder {
    first_build_holding(root, files, Holds::Plain)
}

/// [`first_build`] with a builder that holds what it keeps as `holds`.
fn first_build_holding(root: &Path, files: &[(&str, &str)], holds: Holds) -> Builder {
    for (rel, text) in files {
        write(root, rel, text);
    }
    let mut builder = Builder::new(BuildOptions::new(root));
    match holds {
        Holds::Plain => {}
        Holds::Packed => builder = builder.packing_pages(),
        Holds::Served => builder = builder.packing_pages().without_warnings(),
    }
    builder
        .rebuild()
        .unwrap_or_else(|_| panic!("first build failed"));
    builder
}

const A: &str = "---\ntitle: Alpha\ndate: 2024-01-02\ntopics: [gas]\n---\n\nAlpha opens here, see [[Beta]] for more.\n\n## Later\n\nA quiet paragraph.\n";
const B: &str = "---\ntitle: Beta\ndate: 2024-01-03\n---\n\nBeta text.\n";

#[test]
fn every_kind_of_edit_rebuilds_to_what_a_fresh_build_gives() {
    every_kind_of_edit(Holds::Plain);
}

/// `serve` holds its pages and bodies packed and leaves the content
/// texts on disk: an edit that reads them again (the quick rebuild's
/// comparison, a title that the unchanged pages' prose now names) reads
/// them as written.
#[test]
fn every_kind_of_edit_rebuilds_the_same_when_what_is_kept_is_packed() {
    every_kind_of_edit(Holds::Packed);
}

#[test]
fn every_kind_of_edit_rebuilds_the_same_in_serve() {
    every_kind_of_edit(Holds::Served);
}

fn every_kind_of_edit(holds: Holds) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let mut builder = first_build_holding(
        root,
        &[("content/briefs/a.md", A), ("content/briefs/b.md", B)],
        holds,
    );

    // A body edit that touches no link, heading or first paragraph: only
    // the edited page is rendered.
    write(
        root,
        "content/briefs/a.md",
        &A.replace("A quiet paragraph.", "A quiet paragraph, now longer."),
    );
    assert_eq!(rebuild_matches_fresh(&mut builder, root), 1);

    // The sentence around a link changes Beta's backlinks too.
    write(
        root,
        "content/briefs/a.md",
        &A.replace("see [[Beta]] for more", "read [[Beta]] first"),
    );
    assert!(rebuild_matches_fresh(&mut builder, root) >= 2);

    // Another quiet edit after a full rebuild.
    write(
        root,
        "content/briefs/b.md",
        &B.replace("Beta text.", "Beta text.\n\nMore of it."),
    );
    assert_eq!(rebuild_matches_fresh(&mut builder, root), 1);

    // A title change reaches every page that names it.
    write(
        root,
        "content/briefs/b.md",
        &B.replace("title: Beta", "title: Beta renamed\naliases: [Beta]"),
    );
    rebuild_matches_fresh(&mut builder, root);

    // A new date, and when the brief last changed with it: the sitemap
    // says so, though no address changed.
    write(
        root,
        "content/briefs/b.md",
        &B.replace("title: Beta", "title: Beta renamed\naliases: [Beta]")
            .replace("2024-01-03", "2024-02-09"),
    );
    rebuild_matches_fresh(&mut builder, root);
    let sitemap = |builder: &mut Builder| {
        let rendered = builder.rebuild().unwrap();
        let file = rendered.files.iter().find(|f| f.path == "sitemap.xml");
        String::from_utf8(file.unwrap().plain().unwrap().to_vec()).unwrap()
    };
    assert!(sitemap(&mut builder).contains("<lastmod>2024-02-09</lastmod>"));

    // A new brief, then a deleted one.
    write(
        root,
        "content/briefs/c.md",
        "---\ntitle: Gamma\n---\n\nSee [[Alpha]].\n",
    );
    rebuild_matches_fresh(&mut builder, root);
    std::fs::remove_file(root.join("content/briefs/c.md")).unwrap();
    rebuild_matches_fresh(&mut builder, root);

    // Settings and templates.
    write(root, "dossier.yaml", "title: Renamed dossier\n");
    rebuild_matches_fresh(&mut builder, root);
    // A new address for the site changes every address in the sitemap.
    write(
        root,
        "dossier.yaml",
        "title: Renamed dossier\nbase_url: https://example.org/moved/\n",
    );
    rebuild_matches_fresh(&mut builder, root);
    assert!(sitemap(&mut builder).contains("<loc>https://example.org/moved/briefs/"));
    write(
        root,
        "themes/default/templates/page.html",
        "{% extends \"base.html\" %}{% block main %}PAGE {{ page.title }}{% endblock main %}",
    );
    write(root, "content/about.md", "---\ntitle: About\n---\nAbout.\n");
    rebuild_matches_fresh(&mut builder, root);
    write(
        root,
        "content/about.md",
        "---\ntitle: About\n---\nAbout, edited.\n",
    );
    // The page, and /exports/, which shows dossier.json's new size.
    assert_eq!(rebuild_matches_fresh(&mut builder, root), 2);
}

/// A second save of a same-size text in the same tick of the file
/// system's clock leaves the file's size and modification time as they
/// were: the rebuild must still see it (a file modified just before it was
/// read is read again and compared).
#[test]
fn a_same_size_edit_in_the_same_clock_tick_is_seen() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let mut builder = first_build(
        root,
        &[("content/briefs/a.md", A), ("content/briefs/b.md", B)],
    );
    let path = root.join("content/briefs/a.md");
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    let edited = A.replace("A quiet paragraph.", "A QUIET paragraph.");
    assert_eq!(edited.len(), A.len());
    write(root, "content/briefs/a.md", &edited);
    let file = std::fs::File::options().write(true).open(&path).unwrap();
    file.set_modified(modified).unwrap();
    drop(file);
    rebuild_matches_fresh(&mut builder, root);
    let page = builder.rebuild().unwrap();
    let html = page
        .files
        .iter()
        .find(|f| f.path == "briefs/a/index.html")
        .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
        .unwrap();
    assert!(html.contains("A QUIET paragraph."), "the edit is shown");
}

#[test]
fn a_failed_rebuild_then_a_fix_gives_the_fresh_site() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let mut builder = first_build(
        root,
        &[("content/briefs/a.md", A), ("content/briefs/b.md", B)],
    );
    write(
        root,
        "content/briefs/a.md",
        &A.replace("A quiet paragraph.", "A [[missing]] paragraph."),
    );
    assert!(builder.rebuild().is_err());
    write(
        root,
        "content/briefs/a.md",
        &A.replace("A quiet paragraph.", "A mended paragraph."),
    );
    rebuild_matches_fresh(&mut builder, root);
}

#[test]
fn warnings_keep_their_lines_when_a_body_edit_moves_them() {
    warnings_keep_their_lines(Holds::Plain);
}

/// `serve` leaves the files' texts on disk, so the last build's text of
/// an edited file is gone: the line the edit starts at is found all the
/// same, and an edit below every warning still renders one page.
#[test]
fn warnings_keep_their_lines_when_the_texts_are_left_on_disk() {
    warnings_keep_their_lines(Holds::Packed);
}

fn warnings_keep_their_lines(holds: Holds) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // An uncited source warns in the front matter; a link to a draft
    // warns in the body, below the paragraph that will grow.
    let a = "---\ntitle: Alpha\nsources:\n  - id: s1\n    title: S\n---\n\nFirst.\n\nQuiet.\n\nSee [[Draft]].\n";
    let draft = "---\ntitle: Draft\ndraft: true\n---\nD.\n";
    let mut builder = first_build_holding(
        root,
        &[("content/briefs/a.md", a), ("content/briefs/d.md", draft)],
        holds,
    );
    write(
        root,
        "content/briefs/a.md",
        &a.replace("Quiet.", "Quiet.\n\nTwo more\nlines."),
    );
    assert!(
        rebuild_matches_fresh(&mut builder, root) > 1,
        "a warning moved"
    );
    write(
        root,
        "content/briefs/a.md",
        &a.replace("See [[Draft]].", "See [[Draft]], later."),
    );
    assert!(rebuild_matches_fresh(&mut builder, root) > 1, "on its line");
    write(
        root,
        "content/briefs/a.md",
        &a.replace("See [[Draft]].", "See [[Draft]], later.\n\nThe end."),
    );
    assert_eq!(rebuild_matches_fresh(&mut builder, root), 1, "below both");
}

#[test]
fn split_lists_rebuild_to_what_a_fresh_build_gives() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let mut builder = first_build(
        root,
        &[
            ("dossier.yaml", "title: Split\nlist_limit: 2\n"),
            ("content/briefs/a.md", A),
            ("content/briefs/b.md", B),
            (
                "content/briefs/c.md",
                "---\ntitle: Gamma\ndate: 2022\nsources:\n  - id: g\n    title: Gamma source\n---\n\nGamma [@g].\n",
            ),
        ],
    );
    // A retitled brief changes one year of the timeline.
    write(
        root,
        "content/briefs/b.md",
        &B.replace("title: Beta", "title: Beta renamed\naliases: [Beta]"),
    );
    rebuild_matches_fresh(&mut builder, root);
    // A new year and a new initial appear; then one goes again.
    write(
        root,
        "content/briefs/d.md",
        "---\ntitle: Delta\ndate: 2019-05\nsources:\n  - id: z\n    title: Zulu source\n---\n\nDelta [@z].\n",
    );
    rebuild_matches_fresh(&mut builder, root);
    std::fs::remove_file(root.join("content/briefs/c.md")).unwrap();
    rebuild_matches_fresh(&mut builder, root);
}

/// Builds once a dossier whose lists split into pages of two entries,
/// with `briefs` (each a name and text) in `content/briefs/`.
fn first_split_build(root: &Path, briefs: &[(String, String)]) -> Builder {
    let paths: Vec<String> = (briefs.iter())
        .map(|(name, _)| format!("content/briefs/{name}.md"))
        .collect();
    let mut files = vec![("dossier.yaml", "title: Split\nlist_limit: 2\n")];
    files.extend(
        paths
            .iter()
            .zip(briefs)
            .map(|(p, (_, t))| (p.as_str(), t.as_str())),
    );
    first_build(root, &files)
}

/// The parts of split lists are kept by their rows from the first
/// build on; after a change no render can vouch for rows across (an
/// attachment added, then removed) they are compared by their data, each
/// time as a fresh build would make them, and the retitled brief after
/// it shows on its year's part.
#[test]
fn split_list_parts_rebuild_after_changes_that_vouch_for_no_row() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let brief = |year: u32, source: &str| {
        format!(
            "---\ntitle: Brief {year}\ndate: {year}-05-01\ntopics: [gas]\nsources:\n  - id: {source}\n    title: Source {source}\n---\n\nBrief {year} [@{source}].\n"
        )
    };
    let briefs = [(2019, "ab"), (2020, "cd"), (2021, "ef"), (2022, "gh")];
    let briefs = briefs.map(|(year, source)| (format!("b{year}"), brief(year, source)));
    let mut builder = first_split_build(root, &briefs);
    // An attachment no page shows: every page shows what it did, which
    // the render finds by the parts' data, and renders none of them.
    write(root, "content/map.pdf", "%PDF-1.4 map");
    let rendered = rebuild_matches_fresh(&mut builder, root);
    assert_eq!(rendered, 0, "an attachment no page shows renders no page");
    std::fs::remove_file(root.join("content/map.pdf")).unwrap();
    assert_eq!(rebuild_matches_fresh(&mut builder, root), 0);
    // Then a retitled brief, on one year and its topic.
    write(
        root,
        "content/briefs/b2020.md",
        &brief(2020, "cd").replace("title: Brief 2020", "title: Brief 2020, retitled"),
    );
    rebuild_matches_fresh(&mut builder, root);
}

/// A year and a letter of several pages each: an entry added early in
/// either moves every later entry to the next page, and a removed one
/// takes the last page away.
#[test]
fn pages_of_a_long_year_rebuild_to_what_a_fresh_build_gives() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let brief = |day: u32, source: &str| {
        format!(
            "---\ntitle: Brief {day}\ndate: 2024-05-{day:02}\nsources:\n  - id: {source}\n    title: Source {source}\n---\n\nBrief {day} [@{source}].\n"
        )
    };
    let briefs = [(3, "sc"), (5, "se"), (7, "sg"), (9, "si"), (11, "sk")];
    let briefs = briefs.map(|(day, source)| (format!("b{day}"), brief(day, source)));
    let mut builder = first_split_build(root, &briefs);
    write(root, "content/briefs/b1.md", &brief(1, "sa"));
    rebuild_matches_fresh(&mut builder, root);
    write(
        root,
        "content/briefs/b7.md",
        &brief(7, "sg").replace("title: Brief 7", "title: Brief seven"),
    );
    rebuild_matches_fresh(&mut builder, root);
    std::fs::remove_file(root.join("content/briefs/b1.md")).unwrap();
    rebuild_matches_fresh(&mut builder, root);
    std::fs::remove_file(root.join("content/briefs/b11.md")).unwrap();
    rebuild_matches_fresh(&mut builder, root);
}

/// The link previews of a dossier large enough for several buckets: a
/// rebuild takes the buckets whose pages show as they did and makes the
/// others again, and the number of buckets grows with the dossier.
#[test]
fn preview_buckets_rebuild_to_what_a_fresh_build_gives() {
    preview_buckets_rebuild(Holds::Plain);
}

/// The same, with the buckets (and the feeds and sitemap) held packed, as
/// `serve` holds them: a bucket taken from the last build unpacks as a
/// fresh build writes it.
#[test]
fn packed_preview_buckets_rebuild_to_what_a_fresh_build_gives() {
    preview_buckets_rebuild(Holds::Packed);
}

fn preview_buckets_rebuild(holds: Holds) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let brief = |i: usize| {
        format!(
            "---\ntitle: Brief {i}\ndate: 2024-01-02\n---\n\nBrief {i} opens, see [[Brief 0]] and [[b001]].\n"
        )
    };
    let files: Vec<(String, String)> = (0..200)
        .map(|i| (format!("content/briefs/b{i:03}.md"), brief(i)))
        .collect();
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let mut builder = first_build_holding(root, &files, holds);
    let first = builder.rebuild().unwrap();
    let packed = |prefix: &str| {
        let files = first.files.iter().filter(|f| f.path.starts_with(prefix));
        files.map(|f| f.packed.is_some()).collect::<Vec<_>>()
    };
    let held_packed = matches!(holds, Holds::Packed);
    assert_eq!(packed("previews/1.json"), [held_packed]);
    assert_eq!(packed("sitemap.xml"), [held_packed]);
    // A retitled brief; a summary changed; a brief added, then deleted.
    write(
        root,
        "content/briefs/b007.md",
        &brief(7).replace("title: Brief 7", "title: Seventh"),
    );
    rebuild_matches_fresh(&mut builder, root);
    // A brief every first paragraph names by its slug, retitled: each
    // summary shows the new title, in every bucket, though no other
    // page's file changed.
    write(
        root,
        "content/briefs/b001.md",
        &brief(1).replace("title: Brief 1", "title: First"),
    );
    rebuild_matches_fresh(&mut builder, root);
    write(
        root,
        "content/briefs/b100.md",
        &brief(100).replace("opens", "begins"),
    );
    rebuild_matches_fresh(&mut builder, root);
    write(root, "content/briefs/extra.md", &brief(900));
    rebuild_matches_fresh(&mut builder, root);
    std::fs::remove_file(root.join("content/briefs/extra.md")).unwrap();
    rebuild_matches_fresh(&mut builder, root);
    // Past 256 pages, four buckets instead of two.
    for i in 200..300 {
        write(root, &format!("content/briefs/b{i:03}.md"), &brief(i));
    }
    rebuild_matches_fresh(&mut builder, root);
    let fresh =
        render_site(&BuildOptions::new(root)).unwrap_or_else(|_| panic!("fresh build failed"));
    let count = |prefix: &str| {
        fresh
            .files
            .iter()
            .filter(|f| f.path.starts_with(prefix))
            .count()
    };
    assert_eq!(count("previews/"), 5, "four buckets and their index");
}

/// Edits that change other pages only through what those pages show of
/// the edited one: each must reach every page a fresh build changes.
#[test]
fn edits_seen_only_through_other_pages_rebuild_to_what_a_fresh_build_gives() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let mut builder = first_build(
        root,
        &[
            (
                "content/sources.yaml",
                "- id: shared\n  title: Shared report\n",
            ),
            (
                "content/briefs/a.md",
                "---\ntitle: Alpha\ndate: 2024-01-02\ntopics: [gas]\nactors: [Ann]\nevents:\n  - date: 2024-01-02\n    title: Talks open\n    actors: [Bob]\n---\n\nAlpha cites [@shared] and reads [[b#outlook]] and [[Beta]].\n",
            ),
            (
                "content/briefs/b.md",
                "---\ntitle: Beta\ndate: 2024-02\ntopics: [gas, oil]\n---\n\nBeta cites [@shared].\n\n## Outlook\n\nCalm.\n",
            ),
            ("content/actors/bob.md", "---\ntitle: Bob\n---\n\nBob.\n"),
            ("content/about.md", "---\ntitle: About\n---\n\nAbout us.\n"),
        ],
    );
    let steps: &[(&str, &str)] = &[
        // A heading an unlabelled link shows (its id stays `outlook`).
        (
            "content/briefs/b.md",
            "---\ntitle: Beta\ndate: 2024-02\ntopics: [gas, oil]\n---\n\nBeta cites [@shared].\n\n## OUTLOOK\n\nCalm.\n",
        ),
        // An actor only an event names.
        (
            "content/actors/bob.md",
            "---\ntitle: Robert\naliases: [Bob]\n---\n\nBob.\n",
        ),
        // A shared source's title.
        (
            "content/sources.yaml",
            "- id: shared\n  title: Shared report, revised\n",
        ),
        // A date that reorders topic lists and the timeline.
        (
            "content/briefs/b.md",
            "---\ntitle: Beta\ndate: 2023-12\ntopics: [gas, oil]\n---\n\nBeta cites [@shared].\n\n## Outlook\n\nCalm.\n",
        ),
        // A summary shown on topic pages.
        (
            "content/briefs/b.md",
            "---\ntitle: Beta\ndate: 2023-12\ntopics: [gas, oil]\nsummary: Now summarised.\n---\n\nBeta cites [@shared].\n\n## Outlook\n\nCalm.\n",
        ),
        // A topic dropped from a brief changes related topics elsewhere.
        (
            "content/briefs/b.md",
            "---\ntitle: Beta\ndate: 2023-12\ntopics: [oil]\n---\n\nBeta cites [@shared].\n\n## Outlook\n\nCalm.\n",
        ),
        // A page in every page's navigation.
        (
            "content/about.md",
            "---\ntitle: About this dossier\n---\n\nAbout us.\n",
        ),
    ];
    for (rel, text) in steps {
        write(root, rel, text);
        rebuild_matches_fresh(&mut builder, root);
    }
}

/// Front-matter edits that change no link, heading or first paragraph. A
/// value only the page's own template shows (`page.extra`) and a moved
/// line take the quick rebuild, which renders that page alone; a value
/// other files show too (`updated`, in the feed) must not, or they would
/// be left stale. `Page::signature` hashes the whole front matter, so no
/// field can be missed; see its unit test for every field.
#[test]
fn front_matter_edits_rebuild_to_what_a_fresh_build_gives() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let brief = "---\ntitle: Alpha\ndate: 2024-01-02\nstatus: under review\n---\n\nAlpha text.\n";
    let mut builder = first_build(
        root,
        &[
            (
                "themes/default/templates/brief.html",
                "{% extends \"base.html\" %}{% block main %}{{ page.title }}: {{ page.extra.status | default(value=\"-\") }}{% endblock main %}",
            ),
            ("content/briefs/a.md", brief),
            ("content/briefs/b.md", B),
        ],
    );
    let brief = brief.replace("under review", "final");
    write(root, "content/briefs/a.md", &brief);
    assert_eq!(rebuild_matches_fresh(&mut builder, root), 1);

    let moved = brief.replace(
        "title: Alpha\ndate: 2024-01-02\n",
        "date: 2024-01-02\n\ntitle: Alpha\n",
    );
    write(root, "content/briefs/a.md", &moved);
    assert_eq!(rebuild_matches_fresh(&mut builder, root), 1);

    let updated = moved.replace("title: Alpha\n", "title: Alpha\nupdated: 2024-03-01\n");
    write(root, "content/briefs/a.md", &updated);
    rebuild_matches_fresh(&mut builder, root);
}

/// Unlinked mentions after a rebuild are what a fresh build finds, while
/// the rebuild keeps the mentions of pages whose prose did not change and
/// searches them again only for names that changed: a retitled brief
/// whose old and new titles both appear unlinked elsewhere, an alias
/// added, a name two pages come to share (it names neither), a longer
/// name that takes over a shorter one's place, a new brief named
/// elsewhere, a link added where a mention was, a name in non-ASCII text,
/// and a brief deleted.
#[test]
fn unlinked_mentions_rebuild_to_what_a_fresh_build_gives() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let mut builder = first_build(
        root,
        &[
            (
                "content/briefs/a.md",
                "---\ntitle: Pipeline deal\ndate: 2024-01-02\n---\n\nThe Gas summit came first. Talks on the Harbour plan stalled.\n\nLater the Northern Route opened.\n",
            ),
            (
                "content/briefs/b.md",
                "---\ntitle: Gas summit\ndate: 2024-01-03\n---\n\nAfter the pipeline deal, the harbour plan was shelved.\n\nÜber die Northern Route wurde gesprochen.\n",
            ),
            (
                "content/briefs/c.md",
                "---\ntitle: Harbour plan\ndate: 2024-01-04\n---\n\nNothing about the summit. The Northern Route Extension is new.\n",
            ),
            (
                "content/briefs/d.md",
                "---\ntitle: Quiet brief\ndate: 2024-01-05\n---\n\nA gas summit and a pipeline deal and the harbour plan.\n",
            ),
        ],
    );
    let steps: &[(&str, Option<&str>)] = &[
        // Retitled: its old title stays in other pages' prose, the new
        // one is there already.
        (
            "content/briefs/c.md",
            Some(
                "---\ntitle: Northern Route\ndate: 2024-01-04\n---\n\nNothing about the summit. The Northern Route Extension is new.\n",
            ),
        ),
        // An alias added: the old title names it again.
        (
            "content/briefs/c.md",
            Some(
                "---\ntitle: Northern Route\ndate: 2024-01-04\naliases: [Harbour plan, Route Extension]\n---\n\nNothing about the summit. The Northern Route Extension is new.\n",
            ),
        ),
        // A longer name takes the place of a shorter one.
        (
            "content/briefs/e.md",
            Some(
                "---\ntitle: Northern Route Extension\ndate: 2024-01-06\n---\n\nSee the pipeline deal.\n",
            ),
        ),
        // A name two pages share names neither.
        (
            "content/briefs/d.md",
            Some(
                "---\ntitle: Gas summit\ndate: 2024-01-05\n---\n\nA gas summit and a pipeline deal and the harbour plan.\n",
            ),
        ),
        // A new brief whose title other pages already name.
        (
            "content/briefs/f.md",
            Some("---\ntitle: Talks\ndate: 2024-01-07\n---\n\nTalks on talks.\n"),
        ),
        // A link where a mention was: the page's own mentions change.
        (
            "content/briefs/a.md",
            Some(
                "---\ntitle: Pipeline deal\ndate: 2024-01-02\n---\n\nThe [[b|Gas summit]] came first. Talks on the Harbour plan stalled.\n\nLater the Northern Route opened.\n",
            ),
        ),
        // The shared title dropped again, and a brief deleted.
        (
            "content/briefs/d.md",
            Some(
                "---\ntitle: Quiet brief\ndate: 2024-01-05\n---\n\nA gas summit and a pipeline deal and the harbour plan.\n",
            ),
        ),
        ("content/briefs/e.md", None),
        // A title changed back.
        (
            "content/briefs/c.md",
            Some(
                "---\ntitle: Harbour plan\ndate: 2024-01-04\n---\n\nNothing about the summit. The Northern Route Extension is new.\n",
            ),
        ),
    ];
    for (rel, text) in steps {
        match text {
            Some(text) => write(root, rel, text),
            None => std::fs::remove_file(root.join(rel)).unwrap(),
        }
        rebuild_matches_fresh(&mut builder, root);
    }
    // The mentions are on the pages, so the comparison above saw them.
    let fresh = render_site(&BuildOptions::new(root)).unwrap_or_else(|_| panic!("build failed"));
    let page = fresh
        .files
        .iter()
        .find(|f| f.path == "briefs/c/index.html")
        .expect("the retitled brief's page");
    let html = String::from_utf8_lossy(&page.bytes);
    assert!(html.contains("Also mentioned in (3)"), "{html}");
}

/// A page lists only its first 100 unlinked mentions: retitling a page
/// that mentions it beyond them leaves it as it was (the rebuild does not
/// look at it again), and retitling one it shows changes it. Either way
/// the rebuild is what a fresh build gives.
#[test]
fn retitling_a_page_beyond_the_mentions_a_page_shows_rebuilds_to_what_a_fresh_build_gives() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let brief = |title: &str| {
        format!("---\ntitle: {title}\ndate: 2024-01-02\n---\n\nTalks in Moscow again.\n")
    };
    let mut files = vec![(
        "content/topics/moscow.md".to_string(),
        "---\ntitle: Moscow\n---\n\nThe capital.\n".to_string(),
    )];
    for n in 0..120 {
        let title = format!("Mentioner {n:03}");
        files.push((format!("content/briefs/m{n:03}.md"), brief(&title)));
    }
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let mut builder = first_build(root, &files);
    let topic = |root: &Path| {
        let fresh =
            render_site(&BuildOptions::new(root)).unwrap_or_else(|_| panic!("build failed"));
        let page = fresh
            .files
            .iter()
            .find(|f| f.path == "topics/moscow/index.html");
        String::from_utf8_lossy(&page.expect("the topic's page").bytes).into_owned()
    };
    assert!(topic(root).contains("Also mentioned in (120)"));
    // The 111th mentioner is not on the topic's page.
    write(root, "content/briefs/m110.md", &brief("Renamed far"));
    rebuild_matches_fresh(&mut builder, root);
    assert!(!topic(root).contains("Renamed far"));
    // The 6th is.
    write(root, "content/briefs/m005.md", &brief("Renamed near"));
    rebuild_matches_fresh(&mut builder, root);
    assert!(topic(root).contains("Renamed near"));
}

/// A brief added or deleted shifts the ids of the pages after it; the
/// rebuild matches pages by address. A page that did not change must
/// still be the fresh build's, and a page listing the new brief must
/// show it.
#[test]
fn a_brief_added_or_deleted_before_others_rebuilds_to_what_a_fresh_build_gives() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let brief = |title: &str, body: &str| {
        format!(
            "---\ntitle: {title}\ndate: 2024-01-02\ntopics: [gas]\nactors: [Ann]\n---\n\n{body}\n"
        )
    };
    let mut builder = first_build(
        root,
        &[
            (
                "content/briefs/a.md",
                &brief("Alpha", "Alpha reads [[Delta]]."),
            ),
            ("content/briefs/c.md", &brief("Gamma", "Gamma alone.")),
            (
                "content/briefs/d.md",
                &brief("Delta", "Delta mentions Gamma."),
            ),
            (
                "content/briefs/e.md",
                &brief("Epsilon", "Epsilon reads [[Delta]]."),
            ),
            ("content/topics/gas.md", "---\ntitle: Gas\n---\n\nGas.\n"),
            ("content/about.md", "---\ntitle: About\n---\n\nAbout us.\n"),
        ],
    );
    let new = brief("Beta", "Beta reads [[Delta]] and names Epsilon.");
    write(root, "content/briefs/b.md", &new);
    rebuild_matches_fresh(&mut builder, root);
    let rebuilt = builder
        .rebuild()
        .unwrap_or_else(|_| panic!("rebuild failed"));
    let gas = rebuilt
        .files
        .iter()
        .find(|f| f.path == "topics/gas/index.html")
        .expect("the topic page");
    let gas = String::from_utf8_lossy(&gas.bytes);
    assert!(
        gas.contains("briefs/b/index.html"),
        "the topic lists the new brief"
    );

    // Deleted before the others, then one of the others.
    std::fs::remove_file(root.join("content/briefs/a.md")).unwrap();
    rebuild_matches_fresh(&mut builder, root);
    std::fs::remove_file(root.join("content/briefs/c.md")).unwrap();
    rebuild_matches_fresh(&mut builder, root);
    // Back again, with a page in the navigation added and deleted.
    write(root, "content/briefs/a.md", &brief("Alpha", "Alpha again."));
    write(
        root,
        "content/contact.md",
        "---\ntitle: Contact\n---\n\nWrite.\n",
    );
    rebuild_matches_fresh(&mut builder, root);
    std::fs::remove_file(root.join("content/about.md")).unwrap();
    rebuild_matches_fresh(&mut builder, root);
}

/// A topic's local graph joins the briefs naming it to each other: a
/// link added between two of them, which changes nothing else the topic
/// page shows, changes its graph. (The topic has a file of its own: a
/// topic page made for a name alone is made anew on every build.)
#[test]
fn a_link_between_two_briefs_redraws_the_graph_of_their_topic() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let a = "---\ntitle: Alpha\ndate: 2024-01-02\ntopics: [gas]\n---\n\nAlpha opens.\n\nQuiet.\n";
    let b = "---\ntitle: Beta\ndate: 2024-01-03\ntopics: [gas]\n---\n\nBeta opens.\n";
    let mut builder = first_build(
        root,
        &[
            ("content/briefs/a.md", a),
            ("content/briefs/b.md", b),
            ("content/topics/gas.md", "---\ntitle: Gas\n---\n\nGas.\n"),
        ],
    );
    write(
        root,
        "content/briefs/a.md",
        &a.replace("Quiet.", "Quiet, see [[Beta]]."),
    );
    rebuild_matches_fresh(&mut builder, root);
}

/// Rebuilds with a builder that defers the exports (as `serve` does) and
/// checks its pages, with the exports made afterwards, against a fresh
/// build; `ask` makes the exports right after the rebuild, as a request
/// for one would.
fn deferred_rebuild_matches_fresh(builder: &mut Builder, root: &Path, ask: bool) {
    let rebuilt = builder
        .rebuild()
        .unwrap_or_else(|e| panic!("rebuild failed: {e:?}"));
    let deferred = rebuilt.deferred.clone().expect("exports deferred");
    assert!(
        !rebuilt.files.iter().any(|f| f.path.starts_with("exports/")),
        "deferred exports are not in the rebuild's files"
    );
    if ask {
        deferred.files();
    }
    let fresh =
        render_site(&BuildOptions::new(root)).unwrap_or_else(|_| panic!("fresh build failed"));
    let mut files: Vec<(String, Vec<u8>)> = rebuilt
        .files
        .iter()
        .map(|f| (f.path.clone(), f.bytes.to_vec()))
        .chain(
            deferred
                .files()
                .expect("the exports of the last build")
                .iter()
                .map(|(p, b)| (p.clone(), b.to_vec())),
        )
        .collect();
    files.sort();
    let paths = |files: &[(String, Vec<u8>)]| files.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    let fresh: Vec<(String, Vec<u8>)> = fresh
        .files
        .iter()
        .map(|f| (f.path.clone(), f.bytes.to_vec()))
        .collect();
    assert_eq!(paths(&files), paths(&fresh));
    for (a, b) in files.iter().zip(&fresh) {
        assert!(a.1 == b.1, "{} differs from a fresh build", a.0);
    }
}

/// `serve` makes the exports and the `/exports/` page only when asked
/// for: whenever they are made, after whatever edits, they are what a
/// fresh build makes, never those of the site before.
#[test]
fn deferred_exports_are_those_of_the_site_they_are_asked_for_in() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "content/briefs/a.md", A);
    write(root, "content/briefs/b.md", B);
    let mut builder = Builder::new(BuildOptions::new(root)).deferring_exports();
    deferred_rebuild_matches_fresh(&mut builder, root, false);
    // A retitled brief: every export names it by its new title.
    write(
        root,
        "content/briefs/b.md",
        &B.replace("title: Beta", "title: Beta renamed\naliases: [Beta]"),
    );
    deferred_rebuild_matches_fresh(&mut builder, root, false);
    // A quick rebuild after exports were made, then one before they are.
    write(
        root,
        "content/briefs/a.md",
        &A.replace("A quiet paragraph.", "A quiet paragraph, now longer."),
    );
    deferred_rebuild_matches_fresh(&mut builder, root, true);
    write(
        root,
        "content/briefs/c.md",
        "---\ntitle: Gamma\ndate: 2024-02-01\n---\n\nSee [[Alpha]].\n",
    );
    builder
        .rebuild()
        .unwrap_or_else(|e| panic!("rebuild failed: {e:?}"));
    write(
        root,
        "content/briefs/c.md",
        "---\ntitle: Gamma\ndate: 2024-02-01\n---\n\nSee [[Alpha]].\n\nAnd more.\n",
    );
    deferred_rebuild_matches_fresh(&mut builder, root, false);
    // A new size of dossier.json shows on the `/exports/` page.
    write(root, "content/about.md", "---\ntitle: About\n---\nAbout.\n");
    deferred_rebuild_matches_fresh(&mut builder, root, true);
}

/// A backlink's sentence shows each unlabelled link in it by its label:
/// the title or a heading of the page it leads to. A rebuild takes a
/// sentence from the last build only when neither the linking page nor
/// any page it links to changed what a label shows, so a brief retitled,
/// a heading reworded, a brief added before others (which shifts their
/// ids) or deleted shows in the sentences on the pages linked beside it.
#[test]
fn backlink_sentences_show_labels_changed_since_the_last_build() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let brief =
        |title: &str, body: &str| format!("---\ntitle: {title}\ndate: 2024-01-02\n---\n\n{body}\n");
    let mut builder = first_build(
        root,
        &[
            (
                "content/briefs/a.md",
                &brief("Alpha", "Alpha reads [[b]] beside [[c]]."),
            ),
            (
                "content/briefs/b.md",
                &brief("Beta", "Beta text.\n\n## Outlook\n\nCalm."),
            ),
            ("content/briefs/c.md", &brief("Gamma", "Gamma alone.")),
            (
                "content/briefs/d.md",
                &brief("Delta", "Delta reads [[c]] after [[b#outlook]]."),
            ),
            (
                "content/briefs/e.md",
                &brief("Epsilon", "Epsilon reads [[c]] and [[d]]."),
            ),
        ],
    );
    let shows = |builder: &mut Builder, path: &str, text: &str| {
        let rebuilt = builder
            .rebuild()
            .unwrap_or_else(|_| panic!("rebuild failed"));
        let file = rebuilt.files.iter().find(|f| f.path == path).expect(path);
        let html = String::from_utf8_lossy(&file.bytes);
        assert!(html.contains(text), "{path} shows {text:?}");
    };
    let steps: &[(&str, &str)] = &[
        (
            "content/briefs/b.md",
            &brief("Bravo", "Beta text.\n\n## Outlook\n\nCalm."),
        ),
        (
            "content/briefs/b.md",
            &brief(
                "Bravo",
                "Beta text.\n\n## Outlook later\n\nCalm.\n\n## Outlook\n\nStill calm.",
            ),
        ),
        (
            "content/briefs/aa.md",
            &brief("Aardvark", "Aardvark reads [[c]] and [[d]]."),
        ),
        (
            "content/briefs/d.md",
            &brief("Dora", "Delta reads [[c]] after [[b#outlook]]."),
        ),
    ];
    for (rel, text) in steps {
        write(root, rel, text);
        rebuild_matches_fresh(&mut builder, root);
    }
    shows(
        &mut builder,
        "briefs/c/index.html",
        "Alpha reads Bravo beside <mark>",
    );
    shows(
        &mut builder,
        "briefs/c/index.html",
        "Epsilon reads <mark>Gamma</mark> and Dora",
    );
    std::fs::remove_file(root.join("content/briefs/a.md")).unwrap();
    rebuild_matches_fresh(&mut builder, root);
    write(
        root,
        "content/briefs/c.md",
        &brief("Gamma", "Gamma reads [[aa]]."),
    );
    rebuild_matches_fresh(&mut builder, root);
}

/// A sentence with labelled links only is the linking page's own: when
/// that page is edited along with another page (so the whole site is
/// linked again), the page it links to shows the new sentence, though
/// nothing else it shows of the linking page changed.
#[test]
fn a_reworded_backlink_sentence_with_labelled_links_is_shown_after_a_full_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let alpha = |body: &str| {
        format!("---\ntitle: Alpha\ndate: 2024-01-02\nsummary: Fixed.\n---\n\n{body}\n")
    };
    let mut builder = first_build(
        root,
        &[
            (
                "content/briefs/a.md",
                &alpha("Alpha reads [[b|the beta brief]] today."),
            ),
            (
                "content/briefs/b.md",
                "---\ntitle: Beta\ndate: 2024-01-03\n---\n\nBeta text.\n",
            ),
            (
                "content/briefs/c.md",
                "---\ntitle: Gamma\ndate: 2024-01-04\n---\n\nGamma text.\n",
            ),
        ],
    );
    write(
        root,
        "content/briefs/a.md",
        &alpha("Alpha rereads [[b|the beta brief]] twice."),
    );
    write(
        root,
        "content/briefs/c.md",
        "---\ntitle: Gamma retitled\ndate: 2024-01-04\n---\n\nGamma text.\n",
    );
    rebuild_matches_fresh(&mut builder, root);
}

/// A split source list's page lists each source with the pages citing
/// it. A page of it whose sources and citing pages are as last time is
/// taken from the last build; one whose citing brief was retitled, whose
/// source was edited or which gained a source must be made again. The
/// builder keeps the list's split into pages while every source keeps
/// its title, and splits it anew when one moves to another page or
/// within one.
#[test]
fn split_source_list_pages_show_retitled_citing_briefs() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let brief = |title: &str, date: &str, id: &str, source: &str| {
        format!(
            "---\ntitle: {title}\ndate: {date}\nsources:\n  - id: {id}\n    title: {source}\n---\n\n{title} cites [@{id}].\n"
        )
    };
    let mut builder = first_build(
        root,
        &[
            ("dossier.yaml", "title: Split\nlist_limit: 2\n"),
            (
                "content/briefs/a.md",
                &brief("Alpha", "2021", "k", "Kilo report"),
            ),
            (
                "content/briefs/b.md",
                &brief("Beta", "2022", "m", "Mike report"),
            ),
            (
                "content/briefs/c.md",
                &brief("Gamma", "2023", "t", "Tango report"),
            ),
        ],
    );
    let steps: &[(&str, &str)] = &[
        // A citing brief retitled: its source's page shows the new title.
        (
            "content/briefs/b.md",
            &brief("Beta renamed", "2022", "m", "Mike report"),
        ),
        (
            "content/briefs/b.md",
            &brief("Beta again", "2022", "m", "Mike report"),
        ),
        // A source's own title, on the same page of the list.
        (
            "content/briefs/a.md",
            &brief("Alpha", "2021", "k", "Kilo report, revised"),
        ),
        // A source added under the same initial.
        (
            "content/briefs/d.md",
            &brief("Delta", "2020", "t2", "Tango two"),
        ),
        (
            "content/briefs/c.md",
            &brief("Gamma renamed", "2023", "t", "Tango report"),
        ),
        // As many sources as before, one now under another initial: the
        // list splits anew rather than as last time.
        (
            "content/briefs/b.md",
            &brief("Beta again", "2022", "m", "Zulu report"),
        ),
        // Two sources trade places within their initial.
        (
            "content/briefs/d.md",
            &brief("Delta", "2020", "t2", "Tango report, annex"),
        ),
        (
            "content/briefs/c.md",
            &brief("Gamma renamed", "2023", "t", "Tango zero"),
        ),
        // A longer list limit: one page; then split again.
        ("dossier.yaml", "title: Split\nlist_limit: 10\n"),
        ("dossier.yaml", "title: Split\nlist_limit: 2\n"),
    ];
    for (rel, text) in steps {
        write(root, rel, text);
        rebuild_matches_fresh(&mut builder, root);
    }
}

/// A split timeline's page of one year lists events with the brief that
/// records each and the actors in it. One whose entries are as last time
/// is taken from the last build; a brief or actor retitled elsewhere must
/// show on the pages of the years its events are in.
#[test]
fn split_timeline_pages_show_retitled_briefs_and_actors_of_events() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let brief = |title: &str| {
        format!(
            "---\ntitle: {title}\ndate: 2024-01-02\nevents:\n  - date: 2019-03\n    title: Talks open\n    actors: [Ann]\n---\n\n{title} text.\n"
        )
    };
    let mut builder = first_build(
        root,
        &[
            ("dossier.yaml", "title: Split\nlist_limit: 2\n"),
            ("content/briefs/a.md", &brief("Alpha")),
            (
                "content/briefs/b.md",
                "---\ntitle: Beta\ndate: 2022\n---\n\nBeta.\n",
            ),
            (
                "content/briefs/c.md",
                "---\ntitle: Gamma\ndate: 2021\n---\n\nGamma.\n",
            ),
            ("content/actors/ann.md", "---\ntitle: Ann\n---\n\nAnn.\n"),
        ],
    );
    // A page keeps the fingerprint of its rows from a rebuild where they
    // did not change, which the next one compares: each change is made
    // after an edit elsewhere.
    let gamma = |title: &str| format!("---\ntitle: {title}\ndate: 2021\n---\n\nGamma.\n");
    let steps: &[(&str, &str)] = &[
        ("content/briefs/c.md", &gamma("Gamma renamed")),
        (
            "content/actors/ann.md",
            "---\ntitle: Ann Lee\naliases: [Ann]\n---\n\nAnn.\n",
        ),
        ("content/briefs/c.md", &gamma("Gamma")),
        ("content/briefs/a.md", &brief("Alpha renamed")),
        (
            "content/briefs/b.md",
            "---\ntitle: Beta renamed\ndate: 2022\n---\n\nBeta.\n",
        ),
    ];
    for (rel, text) in steps {
        write(root, rel, text);
        rebuild_matches_fresh(&mut builder, root);
    }
}

/// A page that is not edited can still have its links lead elsewhere:
/// a rebuild takes a page's links from the last build only when no page
/// that has, or had, a name they use changed. Here briefs `a` and `h` are never
/// written again, while the pages its links name are retitled, given
/// an alias, lose a heading, or are made a draft; every rebuild must
/// show them (and report their problems) as a fresh build does.
#[test]
fn links_of_an_untouched_page_follow_the_pages_they_name() {
    untouched_pages_links(Holds::Plain);
}

/// As above, where the untouched pages' texts are held packed, as in
/// `serve`: their new errors still show the lines they point at.
#[test]
fn links_of_an_untouched_page_follow_the_pages_they_name_when_texts_are_packed() {
    untouched_pages_links(Holds::Packed);
}

fn untouched_pages_links(holds: Holds) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let brief =
        |title: &str, body: &str| format!("---\ntitle: {title}\ndate: 2024-01-02\n---\n\n{body}\n");
    // `a` names pages only; `h` links to a file as well, so it is
    // resolved again every time.
    let a = brief(
        "Alpha",
        "Alpha reads [[Gamma]], [[Delta#Outlook]] and [[e]].",
    );
    let h = brief(
        "Eta",
        "Eta reads [[Gamma]], [see](b.md) and [more](d.md#outlook).\n\n![[map.png]]",
    );
    let mut builder = first_build_holding(
        root,
        &[
            ("content/briefs/a.md", &a),
            ("content/briefs/h.md", &h),
            ("content/briefs/b.md", &brief("Beta", "Beta text.")),
            ("content/briefs/c.md", &brief("Gamma", "Gamma text.")),
            (
                "content/briefs/d.md",
                &brief("Delta", "Delta text.\n\n## Outlook\n\nCalm."),
            ),
            ("content/briefs/e.md", &brief("Epsilon", "Epsilon text.")),
            ("content/briefs/map.png", "not really a png"),
        ],
        holds,
    );
    let read =
        |name: &str| std::fs::read_to_string(root.join("content/briefs").join(name)).unwrap();
    // The title `a` links by moves from `c` to `e`: both pages change.
    write(
        root,
        "content/briefs/c.md",
        &brief("Gamma old", "Gamma text."),
    );
    write(
        root,
        "content/briefs/e.md",
        &brief("Gamma", "Epsilon text."),
    );
    rebuild_matches_fresh(&mut builder, root);
    // A page `a` does not link to changes: `a` is lent its links.
    write(root, "content/briefs/b.md", &brief("Beta", "Beta, longer."));
    rebuild_matches_fresh(&mut builder, root);
    // The heading `a` links to is renamed, then back: an error, then none.
    write(
        root,
        "content/briefs/d.md",
        &brief("Delta", "Delta text.\n\n## Forecast\n\nCalm."),
    );
    assert_fails_as_fresh(&mut builder, root, "unknown-heading");
    write(
        root,
        "content/briefs/d.md",
        &brief("Delta", "Delta text.\n\n## Outlook\n\nStill calm."),
    );
    rebuild_matches_fresh(&mut builder, root);
    // Another page takes the name as an alias: the link is ambiguous.
    write(
        root,
        "content/briefs/b.md",
        "---\ntitle: Beta\naliases: [Gamma]\ndate: 2024-01-02\n---\n\nBeta.\n",
    );
    assert_fails_as_fresh(&mut builder, root, "ambiguous-link");
    write(root, "content/briefs/b.md", &brief("Beta", "Beta again."));
    rebuild_matches_fresh(&mut builder, root);
    // The page a Markdown link names becomes a draft: shown as text.
    write(
        root,
        "content/briefs/b.md",
        "---\ntitle: Beta\ndraft: true\ndate: 2024-01-02\n---\n\nBeta.\n",
    );
    rebuild_matches_fresh(&mut builder, root);
    // The file whose slug `a` links by is renamed: that link breaks.
    std::fs::rename(
        root.join("content/briefs/e.md"),
        root.join("content/briefs/f.md"),
    )
    .unwrap();
    assert_fails_as_fresh(&mut builder, root, "unknown-link");
    assert_eq!((read("a.md"), read("h.md")), (a, h), "never written again");
}

/// Rebuilds with `builder`, which must fail with the diagnostics a fresh
/// build gives, among them one with `code`.
fn assert_fails_as_fresh(builder: &mut Builder, root: &Path, code: &str) {
    let shown = |failure| match failure {
        dossier::Failure::Content(d) => d.iter().map(render_human).collect::<Vec<_>>(),
        other => panic!("expected content errors, got {other:?}"),
    };
    let rebuilt = shown(builder.rebuild().err().expect("the rebuild should fail"));
    let fresh = shown(
        render_site(&BuildOptions::new(root))
            .err()
            .expect("a fresh build should fail"),
    );
    assert_eq!(rebuilt, fresh);
    assert!(
        rebuilt.iter().any(|d| d.contains(&format!("[{code}]"))),
        "no {code} in {rebuilt:#?}"
    );
}

/// A topic or actor naming more than `list_limit` briefs or events is a
/// page of its newest briefs and a page per year (see `lists::term`). A
/// part whose briefs and events show as last time is taken from the last
/// build by which pages it names; anything one of them shows that
/// changed (a retitled brief, an actor named in an event, a date moved to
/// another year, a brief added or gone, a longer limit) must show as a
/// fresh build gives it, on both ways `serve` and `watch` hold pages.
#[test]
fn split_topic_and_actor_pages_rebuild_to_what_a_fresh_build_gives() {
    split_terms_rebuild(Holds::Plain);
    split_terms_rebuild(Holds::Packed);
}

fn split_terms_rebuild(holds: Holds) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let brief = |title: &str, date: &str, event: &str| {
        let date = match date {
            "" => String::new(),
            date => format!("date: {date}\n"),
        };
        format!(
            "---\ntitle: {title}\n{date}topics: [Gas]\nactors: [Ann]\nevents:\n  - date: 2023-03\n    title: {event}\n    actors: [Ann, Bo]\n---\n\n{title} text.\n"
        )
    };
    let mut files = vec![
        (
            "dossier.yaml".to_string(),
            "title: Split\nlist_limit: 2\n".to_string(),
        ),
        (
            "content/actors/bo.md".to_string(),
            "---\ntitle: Bo\n---\n\nBo.\n".to_string(),
        ),
    ];
    for (n, date) in ["2021-01", "2022-02", "2022-03", "2022-04", "2023-05", ""]
        .iter()
        .enumerate()
    {
        let title = format!("Brief {n}");
        files.push((
            format!("content/briefs/b{n}.md"),
            brief(&title, date, &format!("Talks {n}")),
        ));
    }
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let mut builder = first_build_holding(root, &files, holds);
    let out = |rel: &str| {
        let fresh =
            render_site(&BuildOptions::new(root)).unwrap_or_else(|_| panic!("build failed"));
        let file = fresh.files.iter().find(|f| f.path == rel);
        file.map(|f| String::from_utf8(f.bytes.to_vec()).unwrap())
    };
    // 2022 has three briefs: two pages of two and one.
    let second = out("topics/gas/2022/2/index.html").expect("the second page of 2022");
    assert!(
        second.contains("Brief 1") && !second.contains("Brief 3"),
        "{second}"
    );
    assert!(
        out("topics/gas/undated/index.html")
            .unwrap()
            .contains("Brief 5")
    );
    let steps: &[(&str, String)] = &[
        (
            "content/briefs/b0.md",
            brief("Brief zero", "2021-01", "Talks 0"),
        ),
        (
            "content/actors/bo.md",
            "---\ntitle: Bo Renamed\naliases: [Bo]\n---\n\nBo.\n".into(),
        ),
        (
            "content/briefs/b2.md",
            brief("Brief 2", "2022-03", "Talks 2b"),
        ),
        (
            "content/briefs/b3.md",
            brief("Brief 3", "2021-04", "Talks 3"),
        ),
        (
            "content/briefs/b6.md",
            brief("Brief 6", "2022-01", "Talks 6"),
        ),
        // The newest of its year now: the brief it displaces moves to the
        // year's second page, which lists as many briefs as before.
        (
            "content/briefs/b6.md",
            brief("Brief 6", "2022-12", "Talks 6"),
        ),
        (
            "content/briefs/b5.md",
            brief("Brief 5 dated", "2020", "Talks 5"),
        ),
        ("dossier.yaml", "title: Split\nlist_limit: 50\n".into()),
        ("dossier.yaml", "title: Split\nlist_limit: 2\n".into()),
        (
            "content/briefs/b1.md",
            brief("Brief one", "2022-02", "Talks 1"),
        ),
    ];
    // Before each, a brief no part shows is retitled: the parts are then
    // kept by their rows, and the next step must still see its change.
    let elsewhere = |n: usize| format!("---\ntitle: Elsewhere {n}\ndate: 2019\n---\n\nText.\n");
    for (n, (rel, text)) in steps.iter().enumerate() {
        write(root, "content/briefs/elsewhere.md", &elsewhere(n));
        rebuild_matches_fresh(&mut builder, root);
        write(root, rel, text);
        rebuild_matches_fresh(&mut builder, root);
    }
    for (n, gone) in ["content/briefs/b4.md", "content/briefs/b6.md"]
        .iter()
        .enumerate()
    {
        write(root, "content/briefs/elsewhere.md", &elsewhere(n + 100));
        rebuild_matches_fresh(&mut builder, root);
        std::fs::remove_file(root.join(gone)).unwrap();
        rebuild_matches_fresh(&mut builder, root);
    }
    assert!(
        out("topics/gas/2023/index.html").is_some(),
        "a year of events alone"
    );
    // A longer limit: one page again, and the parts are gone.
    write(root, "dossier.yaml", "title: Split\nlist_limit: 50\n");
    rebuild_matches_fresh(&mut builder, root);
    assert!(out("topics/gas/2022/index.html").is_none());
    assert!(out("actors/ann/2021/index.html").is_none());
}

/// The source check after a rebuild is what a fresh build finds, while a
/// rebuild that changes no source keeps the table and each untouched
/// page's list and warnings: a brief that defines a source another
/// redefines differently (and a later one alike) is retitled and its sources
/// moved down a line, a listed source comes to be cited and stops being,
/// a brief lists more uncited sources than a page's mark holds, a brief
/// defines a new source, the first definition changes (the brief that
/// defined it alike now differs), and the registry changes and gains an
/// id before the others.
#[test]
fn source_checks_rebuild_to_what_a_fresh_build_gives() {
    for holds in [Holds::Plain, Holds::Packed, Holds::Served] {
        source_checks_rebuild(holds);
    }
}

fn source_checks_rebuild(holds: Holds) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let registry = "- id: reg-a\n  title: Registry A\n- id: reg-b\n  title: Registry B\n";
    let first = "---\ntitle: First\ndate: 2024-01-02\nsources:\n  - id: shared\n    title: Shared report\n    url: https://example.org/shared\n  - reg-a\n---\n\nFirst cites [@shared] and [[Second]].\n";
    let second = "---\ntitle: Second\ndate: 2024-01-03\nsources:\n  - id: shared\n    title: Another report\n  - reg-a\n  - reg-b\n---\n\nSecond cites nothing yet.\n";
    let many: String = (0..70)
        .map(|i| format!("  - id: own-{i}\n    title: Own {i}\n"))
        .collect();
    let third = format!(
        "---\ntitle: Third\ndate: 2024-01-04\nsources:\n{many}---\n\nThird cites [@own-3] and [@own-68].\n"
    );
    let same = "---\ntitle: Same\ndate: 2024-01-05\nsources:\n  - id: shared\n    title: Shared report\n    url: https://example.org/shared\n---\n\nSame cites [@shared].\n";
    let mut builder = first_build_holding(
        root,
        &[
            ("content/sources.yaml", registry),
            ("content/briefs/first.md", first),
            ("content/briefs/second.md", second),
            ("content/briefs/third.md", &third),
            ("content/briefs/same.md", same),
        ],
        holds,
    );
    // `serve`'s builder makes no uncited-source warning: the rest match.
    let left_out = matches!(holds, Holds::Served).then_some("uncited-source");
    let matches = |builder: &mut Builder| rebuild_matches_fresh_but(builder, root, left_out);
    let retitled = first
        .replace(
            "title: First\n",
            "title: First, retitled\nsummary: Moved down.\n",
        )
        .replace("[[Second]]", "[[Second]] again");
    write(root, "content/briefs/first.md", &retitled);
    matches(&mut builder);

    let citing = second.replace("nothing yet.", "[@reg-b] and [@shared].");
    write(root, "content/briefs/second.md", &citing);
    matches(&mut builder);
    write(root, "content/briefs/second.md", second);
    matches(&mut builder);

    let third_cites = third.replace("[@own-68]", "[@own-68] and [@own-69]");
    write(root, "content/briefs/third.md", &third_cites);
    matches(&mut builder);
    write(
        root,
        "content/briefs/second.md",
        &second.replace("Second cites", "Second, edited, cites"),
    );
    matches(&mut builder);
    let defines_more = second.replace(
        "  - reg-b\n",
        "  - reg-b\n  - id: newly\n    title: Newly defined\n",
    );
    write(
        root,
        "content/briefs/second.md",
        &defines_more.replace("nothing yet.", "[@newly]."),
    );
    matches(&mut builder);

    let redefined = retitled.replace("Shared report", "Shared report, revised");
    write(root, "content/briefs/first.md", &redefined);
    matches(&mut builder);

    let registry = registry.replace("Registry B", "Registry B, renamed");
    write(root, "content/sources.yaml", &registry);
    matches(&mut builder);
    let registry = format!("- id: reg-0\n  title: Registry 0\n{registry}");
    write(root, "content/sources.yaml", &registry);
    matches(&mut builder);
    let fresh = render_site(&BuildOptions::new(root)).unwrap();
    let codes: Vec<&str> = fresh.diagnostics.iter().map(|d| d.code).collect();
    for code in ["uncited-source", "duplicate-source"] {
        assert!(codes.contains(&code), "no {code} among {codes:?}");
    }
    assert!(codes.iter().filter(|c| **c == "uncited-source").count() > 64);
}

/// A topic retitled only in case keeps its names, so a rebuild shares the
/// last build's tables, but related topics of one count are ordered by
/// title: the topic that relates to both shows them in the new order.
#[test]
fn related_topics_follow_a_topic_retitled_in_case() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let brief =
        "---\ntitle: Pipes\ndate: 2024-01-02\ntopics: [pipelines, oil, gas]\n---\n\nText.\n";
    let gas = "---\ntitle: gas\n---\n\nGas.\n";
    let mut builder = first_build(
        root,
        &[
            ("content/briefs/pipes.md", brief),
            (
                "content/topics/pipelines.md",
                "---\ntitle: Pipelines\n---\n\nPipes.\n",
            ),
            ("content/topics/oil.md", "---\ntitle: Oil\n---\n\nOil.\n"),
            ("content/topics/gas.md", gas),
        ],
    );
    let order = |root: &Path| {
        let fresh = render_site(&BuildOptions::new(root)).unwrap();
        let page = fresh
            .files
            .iter()
            .find(|f| f.path == "topics/pipelines/index.html")
            .unwrap();
        let html = String::from_utf8(page.bytes.to_vec()).unwrap();
        let related = &html[html.find("class=\"related\"").unwrap()..];
        let at = |slug: &str| related.find(&format!("topics/{slug}/index.html")).unwrap();
        at("oil") < at("gas")
    };
    assert!(order(root), "Oil comes before the lowercase gas");
    write(
        root,
        "content/topics/gas.md",
        &gas.replace("title: gas", "title: Gas"),
    );
    rebuild_matches_fresh(&mut builder, root);
    assert!(!order(root), "Gas now comes before Oil");
}

/// A rebuild keeps the last build's order of briefs by date and moves
/// only the briefs edited since, and sorts again only the lists of the
/// topics and actors those name: a retitle that moves a brief among
/// others of its date, a new date, a brief added after the others, and
/// one whose file name takes another's address must each show as a
/// fresh build gives them.
#[test]
fn briefs_of_a_topic_follow_a_brief_retitled_or_redated() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let brief = |title: &str, date: &str| {
        format!(
            "---\ntitle: {title}\ndate: {date}\ntopics: [gas]\nactors: [Gazprom]\n---\n\nText.\n"
        )
    };
    let mut builder = first_build(
        root,
        &[
            ("content/briefs/a.md", &brief("Mango", "2024-03-01")),
            ("content/briefs/b.md", &brief("Kiwi", "2024-03-01")),
            ("content/briefs/c.md", &brief("Lime", "2024-03-01")),
            ("content/briefs/d.md", &brief("Fig", "2024-02-01")),
            ("content/briefs/e.md", &brief("Pear", "2024-04-01")),
        ],
    );
    // The briefs' slugs in the order the topic's and the actor's pages
    // list them, which must be the same.
    let order = |root: &Path| {
        let fresh = render_site(&BuildOptions::new(root)).unwrap();
        let listed = |path: &str| {
            let page = fresh.files.iter().find(|f| f.path == path).unwrap();
            let html = String::from_utf8(page.bytes.to_vec()).unwrap();
            let mut at: Vec<(usize, char)> = "abcdefg"
                .chars()
                .filter_map(|slug| Some((html.find(&format!("briefs/{slug}/index.html"))?, slug)))
                .collect();
            at.sort_unstable();
            at.into_iter().map(|(_, slug)| slug).collect::<String>()
        };
        let topic = listed("topics/gas/index.html");
        assert_eq!(topic, listed("actors/gazprom/index.html"));
        topic
    };
    assert_eq!(order(root), "ebcad", "newest first, then by title");
    write(root, "content/briefs/a.md", &brief("Apple", "2024-03-01"));
    rebuild_matches_fresh(&mut builder, root);
    assert_eq!(order(root), "eabcd", "Apple now comes first of its date");
    write(root, "content/briefs/d.md", &brief("Fig", "2024-03-01"));
    rebuild_matches_fresh(&mut builder, root);
    assert_eq!(order(root), "eadbc");
    write(root, "content/briefs/e.md", &brief("Pear", "2023-01-01"));
    write(root, "content/briefs/c.md", &brief("Cherry", "2024-03-01"));
    rebuild_matches_fresh(&mut builder, root);
    assert_eq!(order(root), "acdbe");
    write(root, "content/briefs/f.md", &brief("Banana", "2024-03-01"));
    rebuild_matches_fresh(&mut builder, root);
    assert_eq!(order(root), "afcdbe");
    write(
        root,
        "content/briefs/more/f.md",
        &brief("Grape", "2024-03-01"),
    );
    assert_fails_as_fresh(&mut builder, root, "duplicate-slug");
}

/// A rebuild skips looking for two files of one address while its files
/// have the addresses the last build's had, in order; a file added after
/// them with an address one has is still found.
#[test]
fn a_file_added_with_the_address_of_another_fails_the_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let mut builder = first_build(
        root,
        &[
            ("content/_index.md", "---\ntitle: Home\n---\n\nHello.\n"),
            ("content/briefs/a.md", &B.replace("Beta", "Alpha")),
            ("content/briefs/b.md", B),
        ],
    );
    write(root, "content/briefs/z/b.md", B);
    assert_fails_as_fresh(&mut builder, root, "duplicate-slug");
}

/// An event retitled, redated or given another actor, in a brief whose
/// own title and date stay, changes the pages of the actors and topics
/// it involves, which list it, and nothing about the brief's face.
#[test]
fn an_edited_event_shows_on_the_pages_of_what_it_involves() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let brief = |event: &str| {
        format!(
            "---\ntitle: Alpha\ndate: 2024-01-02\ntopics: [gas]\nevents:\n{event}---\n\nAlpha text.\n"
        )
    };
    let event = |title: &str, date: &str, actors: &str| {
        format!("  - date: {date}\n    title: {title}\n    actors: [{actors}]\n")
    };
    let mut builder = first_build(
        root,
        &[
            (
                "content/briefs/a.md",
                &brief(&event("Talks open", "2019-03", "Ann")),
            ),
            ("content/briefs/b.md", B),
            ("content/actors/ann.md", "---\ntitle: Ann\n---\n\nAnn.\n"),
            ("content/actors/bo.md", "---\ntitle: Bo\n---\n\nBo.\n"),
        ],
    );
    let steps = [
        event("Talks resume", "2019-03", "Ann"),
        event("Talks resume", "2019-04", "Ann"),
        event("Talks resume", "2019-04", "Ann, Bo"),
        event("Talks resume", "2019-04", "Bo") + &event("Talks end", "2019-05", "Ann"),
    ];
    for step in steps {
        write(root, "content/briefs/a.md", &brief(&step));
        rebuild_matches_fresh(&mut builder, root);
    }
}
