//! The dossier shipped in this repository (`content/`, `dossier.yaml`),
//! built from a copy in a temporary folder: it must build cleanly, have the
//! pages its briefs promise, cite a source in every brief and have no
//! broken link.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;
use std::path::Path;

use common::{Dossier, assert_has, broken_links};

/// A copy of the shipped dossier, built into its `public/`.
fn shipped() -> Dossier {
    let d = Dossier::new();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (name, path) in common::files(&repo.join("content")) {
        let text = fs::read_to_string(&path).unwrap();
        d.file(&format!("content/{name}"), &text);
    }
    d.file(
        "dossier.yaml",
        &fs::read_to_string(repo.join("dossier.yaml")).unwrap(),
    );
    d
}

/// The shipped dossier, built, with what the build printed.
fn built() -> (Dossier, common::Output) {
    let d = shipped();
    let out = d.build(&[]).success();
    (d, out)
}

#[test]
fn the_shipped_dossier_builds_without_warnings() {
    let (_d, out) = built();
    assert!(!out.stderr.contains("warning"), "warnings:\n{}", out.stderr);
    assert_has(&out.stdout, "built ");
}

#[test]
fn the_shipped_dossier_has_at_least_twelve_briefs_each_citing_a_source() {
    let (d, _) = built();
    let briefs: Vec<String> = common::files(&d.path().join("public/briefs"))
        .into_keys()
        .filter(|name| name.ends_with("/index.html"))
        .collect();
    assert!(
        briefs.len() >= 12,
        "only {} briefs: {briefs:?}",
        briefs.len()
    );
    for name in briefs {
        let html = d.read(&format!("public/briefs/{name}"));
        assert_has(&html, "<sup class=\"cite\">");
    }
}

#[test]
fn the_shipped_dossier_has_its_topic_and_actor_pages() {
    let (d, _) = built();
    let topics = [
        "drones",
        "gas",
        "zangezur-corridor",
        "syria",
        "sanctions",
        "military-cooperation",
        "north-south-corridor",
        "nuclear-programme",
        "su-35",
    ];
    let actors = [
        "vladimir-putin",
        "masoud-pezeshkian",
        "bashar-al-assad",
        "donald-trump",
        "hr-mcmaster",
    ];
    let pages = topics
        .iter()
        .map(|t| format!("topics/{t}"))
        .chain(actors.iter().map(|a| format!("actors/{a}")));
    for page in pages {
        let html = d.read(&format!("public/{page}/index.html"));
        assert_has(&html, "<h1>");
        assert_has(&html, "Briefs</h2>");
    }
}

#[test]
fn backlinks_in_the_shipped_dossier_quote_titles_not_slugs() {
    let (d, _) = built();
    let slugs: Vec<String> = common::files(&d.path().join("content/briefs"))
        .into_keys()
        .filter_map(|name| {
            let file = name.rsplit('/').next()?;
            Some(file.strip_suffix(".md")?.to_string())
        })
        .collect();
    for (name, path) in common::files(&d.path().join("public")) {
        let Ok(text) = fs::read_to_string(path) else {
            // The search index is compressed binary: not text to check.
            assert!(name.starts_with("pagefind/"), "{name} is not UTF-8");
            continue;
        };
        assert!(!text.contains('\0'), "{name} holds a NUL byte");
        for slug in &slugs {
            assert!(
                !text.contains(&format!("<mark>{slug}</mark>")),
                "{name} quotes the slug {slug}"
            );
        }
    }
}

#[test]
fn every_relative_link_in_the_shipped_dossier_works() {
    let (d, _) = built();
    let broken = broken_links(&d.path().join("public"));
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn the_shipped_dossier_builds_to_the_same_bytes_twice() {
    let d = shipped();
    d.build(&["-o", "one"]).success();
    d.build(&["-o", "two"]).success();
    let one = common::files(&d.path().join("one"));
    let two = common::files(&d.path().join("two"));
    assert_eq!(
        one.keys().collect::<Vec<_>>(),
        two.keys().collect::<Vec<_>>()
    );
    // The manifest records when each file was written; it is bookkeeping,
    // not part of the site.
    for (name, path) in one.iter().filter(|(name, _)| *name != ".dossier-manifest") {
        assert!(
            fs::read(path).unwrap() == fs::read(&two[name]).unwrap(),
            "{name} differs between builds"
        );
    }
}

/// The Zangezur brief shows its schematic map with a description and a
/// caption, and Kumar's article, wherever it is listed, links its
/// archived copy with the date it was read.
#[test]
fn the_shipped_dossier_shows_the_corridor_map_and_an_archived_copy() {
    let (d, _) = built();
    let html = d.read("public/briefs/zangezur-corridor-dispute/index.html");
    assert_has(
        &html,
        "<figure><img src=\"../../files/briefs/caucasus/zangezur-schematic.svg\" alt=\"Schematic map of southern Armenia: Syunik province",
    );
    // The size from the SVG's header, so the page does not jump.
    assert_has(
        &html,
        "width=\"640\" height=\"400\"><figcaption>The proposed Zangezur corridor across Armenia",
    );
    assert!(d.exists("public/files/briefs/caucasus/zangezur-schematic.svg"));
    let archived = "<a class=\"archive\" href=\"https://web.archive.org/web/2025/https://www.theglobeandmail.com/opinion/article-russia-and-irans-pact-of-convenience/\" rel=\"noopener\">archived copy</a> <span class=\"accessed\">accessed 3 February 2025</span>";
    for page in [
        "briefs/zangezur-corridor-dispute/index.html",
        "sources/index.html",
        "print/index.html",
    ] {
        assert_has(&d.read(&format!("public/{page}")), archived);
    }
}

/// The outlook brief states its judgement as a key-judgement callout.
#[test]
fn the_shipped_outlook_brief_has_a_key_judgement_callout() {
    let (d, _) = built();
    let html = d.read("public/briefs/outlook-partnership-of-convenience/index.html");
    assert_has(
        &html,
        "<div class=\"callout callout-key-judgement\" role=\"note\">\n<p class=\"callout-title\">",
    );
    assert_has(
        &html,
        "Key judgement</p>\n<p dir=\"auto\">The partnership is likely to persist while Russia and Iran both remain\nunder Western pressure, but to stay shallow and transactional.</p>\n</div>",
    );
}

#[test]
fn the_shipped_treaty_brief_has_its_side_remarks_as_notes() {
    let (d, _) = built();
    let html = d.read("public/briefs/treaty-signed-2025/index.html");
    common::assert_in_order(
        &html,
        &[
            "defence<sup class=\"cite\">",
            ".<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1\" role=\"doc-noteref\">1</a></sup>",
            "term,<sup class=\"footnote-ref\"><a href=\"#fn-2\" id=\"fnref-2\" role=\"doc-noteref\">2</a></sup> and",
            "<section class=\"footnotes\" role=\"doc-endnotes\">\n<h2>Notes</h2>",
            "<li id=\"fn-1\" dir=\"auto\">\n<p dir=\"auto\">It replaces a more modest framework treaty",
            "<li id=\"fn-2\" dir=\"auto\">\n<p dir=\"auto\">The treaty was signed on 17 January 2025;",
        ],
    );
    assert_has(
        &d.read("public/print/index.html"),
        "<li id=\"treaty-signed-2025--fn-1\" dir=\"auto\">",
    );
}

#[test]
fn the_shipped_treaty_brief_quotes_its_russian_title_and_irans_persian_name() {
    let (d, _) = built();
    let html = d.read("public/briefs/treaty-signed-2025/index.html");
    common::assert_in_order(
        &html,
        &[
            "<blockquote class=\"title-original\" lang=\"ru\" dir=\"ltr\">\n<p>Договор о всеобъемлющем стратегическом партнёрстве",
            "In English, “Treaty on the Comprehensive Strategic Partnership",
            "<p lang=\"fa\" dir=\"rtl\"><a href=\"../../actors/iran/index.html\" class=\"internal actor\">جمهوری اسلامی ایران</a></p>",
        ],
    );
}

#[test]
fn the_shipped_dossier_has_no_unlinked_mention_left() {
    let out = shipped().run(&["check", "--strict-mentions"]).success();
    out.stderr_has("no problems found");
}
