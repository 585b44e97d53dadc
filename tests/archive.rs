//! Archived copies of sources: `archive:` (an archive's address, or a file
//! under `content/` published with the site) and `accessed:` on a source,
//! shown on brief pages, the sources page and packs; a missing file or a
//! bad address is an error.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Dossier, assert_has, assert_lacks, broken_links};

/// A registry source archived as a 1.2 MB PDF beside `sources.yaml`, and
/// a brief that defines a source archived at web.archive.org and another
/// archived as an HTML file beside the brief; the brief cites all three.
fn dossier() -> Dossier {
    let d = Dossier::new();
    d.bytes("content/archive/Kumar Report.pdf", &vec![b'%'; 1_200_000]);
    d.bytes("content/briefs/copies/tass.html", &vec![b'x'; 820_000]);
    d.file(
        "content/sources.yaml",
        "- id: kumar-2025\n  title: Pact of convenience\n  url: https://example.org/kumar\n  archive: archive/Kumar Report.pdf\n  accessed: 2025-03-03\n",
    );
    d.brief(
        "corridor",
        "Corridor",
        "date: 2025-01-17\nsources:\n  - kumar-2025\n  - id: wayback\n    title: Snapshot\n    url: https://example.org/a\n    archive: https://web.archive.org/web/2025/https://example.org/a\n    accessed: 2025-02\n  - id: tass\n    title: TASS\n    archive: copies/tass.html\n",
        "Claims [@kumar-2025] [@wayback] [@tass].\n",
    );
    d
}

const KUMAR: &str = "<span class=\"url\">https://example.org/kumar</span> <a class=\"archive\" href=\"{root}files/archive/kumar-report.pdf\">archived copy</a> <span class=\"file-meta\">(PDF, 1.2 MB)</span> <span class=\"accessed\">accessed 3 March 2025</span>\n";
const WAYBACK: &str = "<span class=\"url\">https://example.org/a</span> <a class=\"archive\" href=\"https://web.archive.org/web/2025/https://example.org/a\" rel=\"noopener\">archived copy</a> <span class=\"accessed\">accessed February 2025</span>\n";
const TASS: &str = "   <a class=\"archive\" href=\"{root}files/briefs/copies/tass.html\">archived copy</a> <span class=\"file-meta\">(HTML file, 820 kB)</span>\n";

fn at(root: &str, html: &str) -> String {
    html.replace("{root}", root)
}

#[test]
fn archived_copies_show_on_the_brief_the_sources_page_and_the_pack() {
    let d = dossier();
    d.build(&[]).success();
    for (page, root) in [
        ("public/briefs/corridor/index.html", "../../"),
        ("public/sources/index.html", "../"),
        ("public/print/index.html", "../"),
    ] {
        let html = d.read(page);
        for line in [KUMAR, WAYBACK, TASS] {
            assert_has(&html, &at(root, line));
        }
    }
    assert_eq!(
        std::fs::metadata(d.path().join("public/files/archive/kumar-report.pdf"))
            .unwrap()
            .len(),
        1_200_000
    );
    assert!(d.exists("public/files/briefs/copies/tass.html"));
    assert_eq!(broken_links(&d.path().join("public")), Vec::<String>::new());
    d.run(&["check"]).success();
}

#[test]
fn a_source_without_an_archive_renders_as_before() {
    let d = Dossier::new();
    d.brief(
        "plain",
        "Plain",
        "date: 2025\nsources:\n  - id: s\n    title: S\n    url: https://example.org/s\n",
        "Claim [@s].\n",
    );
    d.build(&[]).success();
    let html = d.read("public/briefs/plain/index.html");
    assert_has(&html, "<span class=\"url\">https://example.org/s</span>\n");
    assert_lacks(&html, "archived copy");
    assert_lacks(&html, "accessed");
}

#[test]
fn a_missing_archive_file_is_an_error_at_the_value_with_the_nearest_name() {
    let d = dossier();
    d.file(
        "content/sources.yaml",
        "- id: kumar-2025\n  title: Pact of convenience\n  archive: archive/Kumar Reprt.pdf\n",
    );
    d.file(
        "content/briefs/other.md",
        "---\ntitle: Other\ndate: 2025\nsources:\n  - id: gone\n    archive: /files/x.pdf\n---\n\nSee [@gone].\n",
    );
    let out = d.build(&[]).code(1);
    out.stderr_has(
        "error[missing-archive]: the archived copy of source `kumar-2025` is missing: no file 'archive/Kumar Reprt.pdf' (looked for content/archive/Kumar Reprt.pdf)",
    );
    out.stderr_has("content/sources.yaml:3:12");
    out.stderr_has("did you mean 'archive/Kumar Report.pdf'?");
    out.stderr_has("the archived copy of source `gone` is missing: '/files/x.pdf' starts with /");
    out.stderr_has("content/briefs/other.md:6:14");
    assert!(!d.exists("public"));
    d.run(&["check"])
        .code(1)
        .stderr_has("error[missing-archive]");
}

#[test]
fn an_archive_address_must_be_http_and_accessed_a_date() {
    let d = dossier();
    d.file(
        "content/sources.yaml",
        "- id: kumar-2025\n  title: Pact\n  archive: javascript:alert(1)\n  accessed: 2025-13-01\n- id: ftp\n  archive: ftp://example.org/copy.pdf\n",
    );
    let out = d.run(&["check"]).code(1);
    out.stderr_has(
        "error[invalid-url]: the `archive` of source `kumar-2025` is not an http or https address",
    );
    out.stderr_has("content/sources.yaml:3:12");
    out.stderr_has("the `archive` of source `ftp` is not an http or https address");
    out.stderr_has("error[invalid-date]: invalid date of `accessed` in source `kumar-2025`");
    out.stderr_has("content/sources.yaml:4:13");
}

#[test]
fn an_archive_file_is_published_only_when_a_published_page_cites_its_source() {
    let d = Dossier::new();
    d.bytes("content/archive/copy.pdf", b"%PDF copy");
    d.file(
        "content/sources.yaml",
        "- id: s\n  title: S\n  archive: archive/copy.pdf\n",
    );
    d.file(
        "content/briefs/draft.md",
        "---\ntitle: Draft\ndate: 2025\ndraft: true\n---\n\nClaim [@s].\n",
    );
    d.brief("other", "Other", "date: 2025\n", "Nothing cited.\n");
    d.build(&[]).success();
    assert!(!d.exists("public/files/archive/copy.pdf"));
    d.run(&["check"])
        .success()
        .stderr_has("content/archive/copy.pdf");
    d.build(&["--drafts"]).success();
    assert!(d.exists("public/files/archive/copy.pdf"));
    d.build(&[]).success();
    assert!(!d.exists("public/files/archive/copy.pdf"));
}
