//! Footnotes: numbered by first reference, collected in a Notes section
//! at the end of the body with back-links, ids unique on the page and in
//! briefing packs, and the mistakes a writer can make reported.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Dossier, assert_has, assert_in_order, assert_lacks, attributes, broken_links};

fn dossier() -> Dossier {
    let d = Dossier::new();
    d.file("dossier.yaml", "title: Notes test\n");
    d
}

/// The rendered body of brief `name`.
fn prose(d: &Dossier, name: &str) -> String {
    let html = d.read(&format!("public/briefs/{name}/index.html"));
    let start = html.find("<div class=\"prose\">").expect("a body");
    let end = html[start..]
        .find("</div>")
        .map_or(html.len(), |e| start + e);
    html[start..end].to_string()
}

#[test]
fn notes_are_numbered_by_first_reference_and_collected_at_the_end() {
    let d = dossier();
    d.brief(
        "one",
        "One",
        "date: 2024-01-01\n",
        "First[^b] claim, second[^A], again[^b].\n\n\
         [^a]: Note *A*.\n\n    More of A.\n[^b]: Note B.\n\n\
         After the notes.\n",
    );
    d.build(&[]).success();
    let html = prose(&d, "one");
    assert_eq!(
        html,
        "<div class=\"prose\"><p dir=\"auto\">First<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1\" role=\"doc-noteref\">1</a></sup> claim, \
         second<sup class=\"footnote-ref\"><a href=\"#fn-2\" id=\"fnref-2\" role=\"doc-noteref\">2</a></sup>, \
         again<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1-2\" role=\"doc-noteref\">1</a></sup>.</p>\n\
         <p dir=\"auto\">After the notes.</p>\n\
         <section class=\"footnotes\" role=\"doc-endnotes\">\n<h2>Notes</h2>\n<ol>\n\
         <li id=\"fn-1\" dir=\"auto\">\n<p dir=\"auto\">Note B. \
         <a href=\"#fnref-1\" class=\"footnote-back\" role=\"doc-backlink\" aria-label=\"Back to reference 1a\">↩\u{fe0e}<sup>a</sup></a> \
         <a href=\"#fnref-1-2\" class=\"footnote-back\" role=\"doc-backlink\" aria-label=\"Back to reference 1b\">↩\u{fe0e}<sup>b</sup></a></p>\n</li>\n\
         <li id=\"fn-2\" dir=\"auto\">\n<p dir=\"auto\">Note <em>A</em>.</p>\n<p dir=\"auto\">More of A. \
         <a href=\"#fnref-2\" class=\"footnote-back\" role=\"doc-backlink\" aria-label=\"Back to reference 2\">↩\u{fe0e}</a></p>\n</li>\n\
         </ol>\n</section>\n"
    );
    assert!(broken_links(&d.path().join("public")).is_empty());
}

#[test]
fn a_note_that_is_not_a_paragraph_gets_its_back_link_below_it() {
    let d = dossier();
    d.brief(
        "one",
        "One",
        "date: 2024-01-01\n",
        "Text[^list].\n\n[^list]:\n    - a\n    - b\n",
    );
    d.build(&[]).success();
    assert_has(
        &prose(&d, "one"),
        "<li id=\"fn-1\" dir=\"auto\">\n<ul>\n<li dir=\"auto\">a</li>\n<li dir=\"auto\">b</li>\n</ul>\n\
         <p><a href=\"#fnref-1\" class=\"footnote-back\" role=\"doc-backlink\" aria-label=\"Back to reference 1\">↩\u{fe0e}</a></p>\n</li>",
    );
}

#[test]
fn note_ids_never_take_a_headings_id() {
    let d = dossier();
    d.brief(
        "one",
        "One",
        "date: 2024-01-01\n",
        "## Fn 1\n\nText[^x].\n\n[^x]: X.\n",
    );
    d.build(&[]).success();
    let html = prose(&d, "one");
    assert_has(&html, "<h2 id=\"fn-1\" dir=\"auto\">Fn 1</h2>");
    assert_has(&html, "href=\"#fn-1-1\" id=\"fnref-1\"");
    assert_has(&html, "<li id=\"fn-1-1\" dir=\"auto\">");
}

#[test]
fn notes_in_a_briefing_pack_have_ids_of_their_brief() {
    let d = dossier();
    d.file("content/topics/gas.md", "---\ntitle: Gas\n---\n\nGas.\n");
    for (name, date) in [("one", "2024-01-01"), ("two", "2024-02-01")] {
        d.brief(
            name,
            name,
            &format!("date: {date}\ntopics: [gas]\n"),
            "Claim[^1].\n\n[^1]: Said so.\n",
        );
    }
    d.build(&[]).success();
    let pack = d.read("public/print/index.html");
    assert_in_order(
        &pack,
        &[
            "<a href=\"#one--fn-1\" id=\"one--fnref-1\" role=\"doc-noteref\">1</a>",
            "<li id=\"one--fn-1\" dir=\"auto\">",
            "<a href=\"#one--fnref-1\" class=\"footnote-back\"",
            "<a href=\"#two--fn-1\" id=\"two--fnref-1\" role=\"doc-noteref\">1</a>",
            "<li id=\"two--fn-1\" dir=\"auto\">",
            "<a href=\"#two--fnref-1\" class=\"footnote-back\"",
        ],
    );
    let ids = attributes(&pack, "id");
    let unique: std::collections::HashSet<_> = ids.iter().collect();
    assert_eq!(ids.len(), unique.len(), "duplicate ids in {ids:?}");
    assert_has(
        &d.read("public/topics/gas/print/index.html"),
        "<li id=\"two--fn-1\" dir=\"auto\">",
    );
    assert!(broken_links(&d.path().join("public")).is_empty());
}

#[test]
fn a_reference_to_no_note_is_an_error_at_its_line_and_column() {
    let d = dossier();
    d.brief(
        "one",
        "One",
        "date: 2024-01-01\n",
        "Fine[^a], not `[^code]` nor \\[^escaped].\n\nBut [^gone] is.\n\n[^a]: A.\n",
    );
    let out = d.run(&["check"]).code(1);
    out.stderr_has(
        "error[undefined-footnote]: footnote `[^gone]` is defined nowhere: it shows as written",
    );
    out.stderr_has("content/briefs/one.md:8:5");
    out.stderr_has(
        "= help: add a line `[^gone]: the note's text` to this page, or write `\\[^gone]` to mean the brackets",
    );
    assert_eq!(
        out.stderr.matches("undefined-footnote").count(),
        1,
        "{}",
        out.stderr
    );
    assert_lacks(&out.stderr, "unused-footnote");
}

#[test]
fn a_note_never_referenced_is_a_warning_at_its_line_and_column() {
    let d = dossier();
    d.brief(
        "one",
        "One",
        "date: 2024-01-01\n",
        "Text[^a].\n\n[^a]: A.\n\n[^spare]: Never used.\n[^A]: Again.\n",
    );
    let out = d.build(&[]).success();
    out.stderr_has(
        "warning[unused-footnote]: footnote `[^spare]` is never referenced, so it is not shown",
    );
    out.stderr_has("content/briefs/one.md:10:1");
    out.stderr_has(
        "= help: refer to it with `[^spare]` where the note belongs, or remove the definition",
    );
    out.stderr_has(
        "warning[unused-footnote]: footnote `[^A]` is defined twice; only the first is shown",
    );
    out.stderr_has("content/briefs/one.md:11:1");
    let html = prose(&d, "one");
    assert_lacks(&html, "Never used");
    assert_lacks(&html, "Again");
    assert_has(
        &html,
        "<li id=\"fn-1\" dir=\"auto\">\n<p dir=\"auto\">A. <a href=\"#fnref-1\"",
    );
}

#[test]
fn a_page_without_notes_has_no_notes_section() {
    let d = dossier();
    d.brief(
        "one",
        "One",
        "date: 2024-01-01\n",
        "Plain [text] and a^2.\n",
    );
    d.build(&[]).success();
    assert_eq!(
        prose(&d, "one"),
        "<div class=\"prose\"><p dir=\"auto\">Plain [text] and a^2.</p>\n"
    );
}

#[test]
fn notes_hold_links_and_refer_to_notes_numbered_after_them() {
    let d = dossier();
    d.file("content/topics/gas.md", "---\ntitle: Gas\n---\n\nGas.\n");
    d.brief(
        "one",
        "One",
        "date: 2024-01-01\n",
        "Text[^outer].\n\n[^outer]: See [[Gas]][^inner].\n[^inner]: Inner.\n",
    );
    d.build(&[]).success();
    let html = prose(&d, "one");
    assert_has(
        &html,
        "<li id=\"fn-1\" dir=\"auto\">\n<p dir=\"auto\">See <a href=\"../../topics/gas/index.html\"",
    );
    assert_in_order(
        &html,
        &[
            "<a href=\"#fn-2\" id=\"fnref-2\" role=\"doc-noteref\">2</a></sup>. <a href=\"#fnref-1\"",
            "<li id=\"fn-2\" dir=\"auto\">\n<p dir=\"auto\">Inner. <a href=\"#fnref-2\"",
        ],
    );
    // The link in the note counts for the topic's "Linked from" list.
    assert_has(
        &d.read("public/topics/gas/index.html"),
        "<blockquote class=\"context\" dir=\"auto\">See <mark>Gas</mark>.</blockquote>",
    );
}
