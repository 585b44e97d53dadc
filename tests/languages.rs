//! Languages and direction: a page's `language:` gives its article `lang`
//! and `dir`, every block of text gets `dir="auto"`, names in lists are
//! isolated with `<bdi>`, and wiki links work inside raw HTML blocks.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Dossier, assert_has, assert_lacks};

fn dossier() -> Dossier {
    let d = Dossier::new();
    d.file("dossier.yaml", "title: Languages test\nlanguage: en\n");
    d.file(
        "content/topics/iran.md",
        "---\ntitle: Iran\n---\n\nThe Islamic Republic.\n",
    );
    d
}

/// The `<article …>` start tag of a page.
fn article(html: &str) -> &str {
    let start = html.find("<article").expect("an article");
    let end = html[start..].find('>').expect("its end") + start;
    &html[start..=end]
}

#[test]
fn a_pages_language_gives_its_article_lang_and_dir() {
    let d = dossier();
    d.brief(
        "fa",
        "Persian brief",
        "date: 2025-01-01\nlanguage: fa\n",
        "متن.\n",
    );
    d.brief(
        "ru",
        "Russian brief",
        "date: 2025-01-02\nlanguage: ru-RU\n",
        "Текст.\n",
    );
    d.brief(
        "en",
        "English brief",
        "date: 2025-01-03\nlanguage: EN\n",
        "Text.\n",
    );
    d.brief("plain", "Plain brief", "date: 2025-01-04\n", "Text.\n");
    d.build(&[]).success();
    let fa = d.read("public/briefs/fa/index.html");
    assert_eq!(
        article(&fa),
        "<article class=\"doc\" lang=\"fa\" dir=\"rtl\">"
    );
    assert_has(&fa, "<html lang=\"en\">");
    let ru = d.read("public/briefs/ru/index.html");
    assert_eq!(
        article(&ru),
        "<article class=\"doc\" lang=\"ru-RU\" dir=\"ltr\">"
    );
    // The site's own language, in any case, changes nothing.
    for name in ["en", "plain"] {
        let html = d.read(&format!("public/briefs/{name}/index.html"));
        assert_eq!(article(&html), "<article class=\"doc\">", "{name}");
    }
}

#[test]
fn an_rtl_site_is_rtl_throughout_and_its_pages_say_so() {
    let d = Dossier::new();
    d.file("dossier.yaml", "title: پرونده\nlanguage: fa\n");
    d.brief("a", "الف", "date: 2025-01-01\n", "متن.\n");
    d.brief(
        "b",
        "English",
        "date: 2025-01-02\nlanguage: en-GB\n",
        "Text.\n",
    );
    d.build(&[]).success();
    let a = d.read("public/briefs/a/index.html");
    assert_has(&a, "<html lang=\"fa\" dir=\"rtl\">");
    assert_eq!(article(&a), "<article class=\"doc\" dir=\"rtl\">");
    let b = d.read("public/briefs/b/index.html");
    assert_eq!(
        article(&b),
        "<article class=\"doc\" lang=\"en-GB\" dir=\"ltr\">"
    );
}

#[test]
fn a_malformed_language_is_an_error_at_its_value() {
    let d = dossier();
    d.brief(
        "a",
        "A",
        "date: 2025-01-01\nlanguage: Persian language\n",
        "Text.\n",
    );
    let out = d.run(&["check"]).code(1);
    out.stderr_has("error[invalid-language]");
    out.stderr_has("content/briefs/a.md:4:11");
    out.stderr_has("`language: fa` or `language: ru-RU`");
}

#[test]
fn blocks_of_text_align_themselves() {
    let d = dossier();
    d.brief(
        "a",
        "A",
        "date: 2025-01-01\n",
        "## Heading\n\nپاراگراف فارسی.\n\n- item\n\n> quoted\n\n| h |\n|---|\n| c |\n\n<p>raw</p>\n",
    );
    d.build(&[]).success();
    let html = d.read("public/briefs/a/index.html");
    assert_has(&html, "<h2 id=\"heading\" dir=\"auto\">Heading</h2>");
    assert_has(&html, "<p dir=\"auto\">پاراگراف فارسی.</p>");
    assert_has(&html, "<li dir=\"auto\">item</li>");
    assert_has(
        &html,
        "<blockquote dir=\"auto\">\n<p dir=\"auto\">quoted</p>",
    );
    assert_has(&html, "<th dir=\"auto\">h</th>");
    assert_has(&html, "<td dir=\"auto\">c</td>");
    // Raw HTML is the writer's, as written.
    assert_has(&html, "<p>raw</p>");
}

#[test]
fn names_are_isolated_and_contexts_align_themselves() {
    let d = dossier();
    d.file(
        "content/actors/khamenei.md",
        "---\ntitle: علی خامنه‌ای\n---\n\nSupreme Leader.\n",
    );
    d.brief(
        "a",
        "A",
        "date: 2025-01-01\ntopics: [Iran]\nactors: [علی خامنه‌ای]\n",
        "[[علی خامنه‌ای]] spoke about [[Iran]].\n",
    );
    d.build(&[]).success();
    let brief = d.read("public/briefs/a/index.html");
    assert_has(&brief, "<bdi>علی خامنه‌ای</bdi></a></li>");
    assert_has(&brief, "<bdi>Iran</bdi></a></li>");
    let topic = d.read("public/topics/iran/index.html");
    assert_has(
        &topic,
        "<a href=\"../../briefs/a/index.html\"><bdi>A</bdi></a>",
    );
    assert_has(&topic, "<blockquote class=\"context\" dir=\"auto\">");
    let index = d.read("public/index.html");
    assert_has(&index, "<bdi>علی خامنه‌ای</bdi></a> <span class=\"count\">");
}

#[test]
fn wiki_links_work_inside_raw_html_blocks() {
    let d = dossier();
    d.brief(
        "a",
        "A",
        "date: 2025-01-01\n",
        "<div dir=\"rtl\" title=\"[[not a link]]\">[[Iran]] و [[iran|ایران &amp; جهان]]\n<!-- [[nor this]] --><code>[[nor this]]</code>\n</div>\n",
    );
    d.build(&[]).success();
    let html = d.read("public/briefs/a/index.html");
    assert_has(
        &html,
        "<div dir=\"rtl\" title=\"[[not a link]]\"><a href=\"../../topics/iran/index.html\" class=\"internal topic\">Iran</a> و <a href=\"../../topics/iran/index.html\" class=\"internal topic\">ایران &amp; جهان</a>\n",
    );
    assert_has(&html, "<!-- [[nor this]] --><code>[[nor this]]</code>");
    // The link counts as one: the topic page lists the brief, with its sentence.
    let topic = d.read("public/topics/iran/index.html");
    assert_has(&topic, "<bdi>A</bdi></a>");
    assert_has(&topic, "<mark>Iran</mark> و");
}

#[test]
fn an_unknown_name_in_a_raw_html_block_is_reported_where_it_is() {
    let d = dossier();
    d.brief(
        "a",
        "A",
        "date: 2025-01-01\n",
        "<div dir=\"rtl\">\nمتن [[Irna]] و [[]]\n</div>\n",
    );
    let out = d.run(&["check"]).code(1);
    out.stderr_has("error[unknown-link]");
    out.stderr_has("content/briefs/a.md:7:5");
    out.stderr_has("error[empty-link]");
    out.stderr_has("content/briefs/a.md:7:16");
    assert_lacks(&out.stderr, "not a link");
}
