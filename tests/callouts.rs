//! Callouts: GitHub's five (`> [!NOTE]`), Obsidian's form with a title
//! and folding (`> [!note]- Title`), the analyst kinds, and an unknown
//! kind, which warns and shows as a note. Everything else in a
//! blockquote stays a blockquote.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Dossier, assert_has, assert_lacks};

/// A dossier with brief `a` whose body is `body` (starting on line 5) and
/// a brief `B` to link to.
fn dossier(body: &str) -> Dossier {
    let d = Dossier::new();
    d.brief("a", "A", "", body);
    d.brief("b", "B", "", "B.\n");
    d
}

/// Builds `body` and gives brief `a`'s page.
fn page(body: &str) -> String {
    let d = dossier(body);
    d.build(&["--no-git"]).success();
    d.read("public/briefs/a/index.html")
}

fn icon(paths: &str) -> String {
    format!(
        "<svg class=\"callout-icon\" aria-hidden=\"true\" focusable=\"false\" viewBox=\"0 0 16 16\" width=\"16\" height=\"16\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\" stroke-linecap=\"round\" stroke-linejoin=\"round\">{paths}</svg>"
    )
}

const NOTE: &str = r#"<circle cx="8" cy="8" r="6.5"/><path d="M8 7v4M8 4.8v.1"/>"#;
const TIP: &str = r#"<path d="M6 12.5h4M6.5 14.5h3M8 1.5a4.5 4.5 0 0 0-2.5 8.2v1.3h5V9.7A4.5 4.5 0 0 0 8 1.5z"/>"#;
const IMPORTANT: &str = r#"<path d="M2 2.5h12v9H7l-3 3v-3H2z"/><path d="M8 4.5v3.5M8 9.8v.1"/>"#;
const WARNING: &str = r#"<path d="M8 1.5 15 14H1z"/><path d="M8 6v4M8 11.8v.1"/>"#;
const CAUTION: &str = r#"<path d="M5.3 1.5h5.4l3.8 3.8v5.4l-3.8 3.8H5.3l-3.8-3.8V5.3z"/><path d="M8 4.5v4M8 10.8v.1"/>"#;
const ASSESSMENT: &str = r#"<path d="M1.5 14.5h13M4 12V8M8 12V3.5M12 12V6"/>"#;
const KEY: &str = r#"<circle cx="5" cy="8" r="3"/><path d="M8 8h6.5M12.5 8v3M14.5 8v2"/>"#;
const GAP: &str = r#"<circle cx="8" cy="8" r="6.5" stroke-dasharray="2.5 2"/><path d="M6.2 6.2a1.9 1.9 0 1 1 2.6 1.8c-.5.2-.8.6-.8 1.1v.6M8 11.8v.1"/>"#;

/// A callout that does not fold, with the title as it shows.
fn callout(class: &str, paths: &str, title: &str, inner: &str) -> String {
    format!(
        "<div class=\"callout callout-{class}\" role=\"note\">\n<p class=\"callout-title\">{} {title}</p>\n{inner}</div>\n",
        icon(paths)
    )
}

#[test]
fn githubs_five_kinds_have_their_label_and_icon() {
    let html = page(
        "> [!NOTE]\n> One.\n\n> [!TIP]\n> Two.\n\n> [!IMPORTANT]\n> Three.\n\n> [!WARNING]\n> Four.\n\n> [!CAUTION]\n> Five.\n",
    );
    for (class, paths, label, text) in [
        ("note", NOTE, "Note", "One."),
        ("tip", TIP, "Tip", "Two."),
        ("important", IMPORTANT, "Important", "Three."),
        ("warning", WARNING, "Warning", "Four."),
        ("caution", CAUTION, "Caution", "Five."),
    ] {
        let inner = format!("<p dir=\"auto\">{text}</p>\n");
        assert_has(&html, &callout(class, paths, label, &inner));
    }
    assert_lacks(&html, "<blockquote");
    assert_lacks(&html, "markdown-alert");
}

#[test]
fn obsidians_form_takes_any_case_and_a_title() {
    let html = page("> [!Warning] Check *the* dates & names\n> Body.\n\n> [!note]\n> Plain.\n");
    assert_has(
        &html,
        &callout(
            "warning",
            WARNING,
            "<span class=\"visually-hidden\">Warning: </span>Check the dates &amp; names",
            "<p dir=\"auto\">Body.</p>\n",
        ),
    );
    assert_has(
        &html,
        &callout("note", NOTE, "Note", "<p dir=\"auto\">Plain.</p>\n"),
    );
    assert_lacks(&html, "[!");
}

#[test]
fn a_minus_folds_a_callout_closed_and_a_plus_open() {
    let html = page("> [!tip]- Folded\n> Hidden.\n\n> [!caution]+\n>\n> Shown.\n");
    assert_has(
        &html,
        &format!(
            "<div class=\"callout callout-tip\" role=\"note\">\n<details>\n<summary class=\"callout-title\">{} <span class=\"visually-hidden\">Tip: </span>Folded</summary>\n<p dir=\"auto\">Hidden.</p>\n</details>\n</div>\n",
            icon(TIP)
        ),
    );
    assert_has(
        &html,
        &format!(
            "<div class=\"callout callout-caution\" role=\"note\">\n<details open>\n<summary class=\"callout-title\">{} Caution</summary>\n<p dir=\"auto\">Shown.</p>\n</details>\n</div>\n",
            icon(CAUTION)
        ),
    );
}

#[test]
fn analyst_kinds_have_their_label_and_icon() {
    let html = page(
        "> [!assessment]\n> Likely.\n\n> [!key-judgement]\n> We judge.\n\n> [!KEY-JUDGMENT] Spelt the American way\n> Also.\n\n> [!gap]\n> Unknown.\n",
    );
    assert_has(
        &html,
        &callout(
            "assessment",
            ASSESSMENT,
            "Assessment",
            "<p dir=\"auto\">Likely.</p>\n",
        ),
    );
    assert_has(
        &html,
        &callout(
            "key-judgement",
            KEY,
            "Key judgement",
            "<p dir=\"auto\">We judge.</p>\n",
        ),
    );
    assert_has(
        &html,
        &callout(
            "key-judgement",
            KEY,
            "<span class=\"visually-hidden\">Key judgement: </span>Spelt the American way",
            "<p dir=\"auto\">Also.</p>\n",
        ),
    );
    assert_has(
        &html,
        &callout(
            "gap",
            GAP,
            "Intelligence gap",
            "<p dir=\"auto\">Unknown.</p>\n",
        ),
    );
}

#[test]
fn an_unknown_kind_warns_at_its_line_and_shows_as_a_note() {
    let d = dossier("Intro.\n\n> [!info] Heads up\n> Text.\n");
    let out = d.build(&["--no-git"]).success();
    out.stderr_has("warning[unknown-callout]: unknown callout kind `[!info]`: shown as a note")
        .stderr_has("content/briefs/a.md:7:3")
        .stderr_has("use one of `[!note]`, `[!tip]`, `[!important]`, `[!warning]`, `[!caution]`, `[!assessment]`, `[!key-judgement]`, `[!gap]`");
    let html = d.read("public/briefs/a/index.html");
    assert_has(
        &html,
        &callout(
            "note",
            NOTE,
            "<span class=\"visually-hidden\">Note: </span>Heads up",
            "<p dir=\"auto\">Text.</p>\n",
        ),
    );
    let known = dossier("> [!gap]\n> Text.\n");
    let out = known.build(&["--no-git"]).success();
    assert!(!out.stderr.contains("unknown-callout"), "{}", out.stderr);
}

#[test]
fn markdown_inside_a_callout_still_works() {
    let html = page(
        "> [!important] Read\n> See [[B]] and [the site](https://example.org), *then*:\n>\n> - one\n> - two\n",
    );
    assert_has(
        &html,
        &callout(
            "important",
            IMPORTANT,
            "<span class=\"visually-hidden\">Important: </span>Read",
            "<p dir=\"auto\">See <a href=\"../../briefs/b/index.html\" class=\"internal brief\">B</a> and <a href=\"https://example.org\">the site</a>, <em>then</em>:</p>\n<ul>\n<li dir=\"auto\">one</li>\n<li dir=\"auto\">two</li>\n</ul>\n",
        ),
    );
    // The wiki link counts: B is linked from A.
    let d = dossier("> [!note]- Folded\n> See [[B]].\n");
    d.build(&["--no-git"]).success();
    assert_has(
        &d.read("public/briefs/b/index.html"),
        "href=\"../../briefs/a/index.html\"",
    );
}

#[test]
fn other_blockquotes_stay_blockquotes() {
    let html = page(
        "> A quote.\n\n> [!note]x\n> Not a callout.\n\n> Text [!note] later.\n\n> [!NOTE] with a title\n",
    );
    assert_has(
        &html,
        "<blockquote dir=\"auto\">\n<p dir=\"auto\">A quote.</p>\n</blockquote>\n",
    );
    assert_has(
        &html,
        "<blockquote dir=\"auto\">\n<p dir=\"auto\">[!note]x\nNot a callout.</p>\n</blockquote>\n",
    );
    assert_has(
        &html,
        "<blockquote dir=\"auto\">\n<p dir=\"auto\">Text [!note] later.</p>\n</blockquote>\n",
    );
    assert_lacks(&html, "[!NOTE] with a title");
    assert_has(
        &html,
        &callout(
            "note",
            NOTE,
            "<span class=\"visually-hidden\">Note: </span>with a title",
            "",
        ),
    );
}

/// A title whose link wraps onto the next line keeps the words on both
/// sides of the break apart, and the line after the link is the body.
#[test]
fn a_title_wrapped_inside_a_link_keeps_its_space() {
    let html = page("> [!note] See [the\n> map](https://example.com/) first\n> Body line.\n");
    assert_has(
        &html,
        "<span class=\"visually-hidden\">Note: </span>See the map first</p>",
    );
    assert_has(&html, "<p dir=\"auto\">Body line.</p>");
}
