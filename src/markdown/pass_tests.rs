//! Tests of the Markdown pass: what a body renders to and what it
//! records, written beside it to keep `pass.rs` to the pass itself.

use super::*;
use crate::text::percent::percent_decode;

fn body(text: &str) -> Body {
    render(text, 0, &Highlighter::default()).0
}

#[test]
fn wiki_links_become_placeholders_with_context() {
    let b = body("Intro. The [[Zangezur corridor|route]] worried Tehran. Next one.\n");
    assert_eq!(b.links.len(), 1);
    assert_eq!(
        b.links[0].target,
        LinkTarget::Name {
            name: "Zangezur corridor".into(),
            fragment: None
        }
    );
    assert!(
        b.html.text().contains("<a \u{0}0\u{0}>route</a>"),
        "{}",
        b.html.text()
    );
    assert_eq!(
        b.links[0].context,
        Context::new("The ", "route", " worried Tehran.")
    );
    assert_eq!(
        &"Intro. The [[Zangezur corridor|route]] worried"[b.links[0].span.clone()],
        "[[Zangezur corridor|route]]"
    );
}

#[test]
fn fragments_are_split_off_and_hidden_from_labels() {
    let b = body("See [[Shahed drones#supply]].");
    assert_eq!(
        b.links[0].target,
        LinkTarget::Name {
            name: "Shahed drones".into(),
            fragment: Some("supply".into())
        }
    );
    assert!(
        b.html.text().contains("<a \u{0}0\u{0}>\u{0}0~\u{0}</a>"),
        "{}",
        b.html.text()
    );
    assert_eq!(b.links[0].context.text(), "\u{0}0~\u{0}");
}

#[test]
fn relative_markdown_links_are_internal() {
    let b = body("[a](../topics/gas.md#history) [b](https://x.org/a.md) [c](#x)");
    assert_eq!(b.links.len(), 1);
    assert_eq!(
        b.links[0].target,
        LinkTarget::File {
            path: "../topics/gas.md".into(),
            fragment: Some("history".into())
        }
    );
}

#[test]
fn local_links_and_images_are_placeholders_keeping_their_suffix() {
    let b = body(
        "![A *map*](Syunik%20Map.PNG \"t\") [r](/static/r.pdf?x=1#p) [m](mailto:a@b) <https://x.org>",
    );
    assert_eq!(b.links.len(), 2);
    let image = b.links[0]
        .image
        .as_ref()
        .map(|i| (i.alt.as_str(), i.title.as_str()));
    assert_eq!(image, Some(("A map", "t")));
    assert!(b.links[1].image.is_none());
    assert_eq!(
        b.links[1].target,
        LinkTarget::Local {
            path: "/static/r.pdf".into(),
            rooted: true,
            suffix: "?x=1#p".into()
        }
    );
    assert!(
        b.html.text().contains("<p dir=\"auto\">\u{0}0!\u{0} "),
        "{}",
        b.html.text()
    );
    assert!(
        b.html.text().contains("<a \u{0}1\u{0}>r</a>\u{0}1^\u{0}"),
        "{}",
        b.html.text()
    );
    assert!(
        b.html.text().contains("href=\"mailto:a@b\""),
        "{}",
        b.html.text()
    );
}

#[test]
fn relative_link_paths_are_percent_decoded() {
    assert_eq!(percent_decode("My%20Brief.md"), "My Brief.md");
    assert_eq!(percent_decode("caf%C3%A9.md"), "café.md");
    assert_eq!(percent_decode("100%.md"), "100%.md");
    assert_eq!(percent_decode("%zz%+1%"), "%zz%+1%");
    assert_eq!(percent_decode("%FF.md"), "%FF.md");
}

#[test]
fn citations_are_numbered_by_first_use() {
    let b = body("One [@b]. Two [@a; @b]. Three [@a].");
    assert_eq!(b.cited, ["b", "a"]);
    assert_eq!(b.citations.len(), 4);
    assert!(
        b.html
            .text()
            .contains("[<a href=\"#source-a\">2</a>, <a href=\"#source-b\">1</a>]"),
        "{}",
        b.html.text()
    );
    assert!(!b.html.text().contains("@a"));
    assert!(
        b.html.text().contains("One<sup class=\"cite\">"),
        "{}",
        b.html.text()
    );
}

#[test]
fn headings_get_unique_stable_ids() {
    let b = body("## Outlook\n\n## Outlook\n\n## Custom {#mine}\n");
    let ids: Vec<&str> = b.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["outlook", "outlook-1", "mine"]);
    assert!(
        b.html.text().contains("<h2 id=\"outlook-1\" dir=\"auto\">"),
        "{}",
        b.html.text()
    );
}

#[test]
fn summary_and_words_come_from_text() {
    let b = body("First *para* here [@x].\n\nSecond.");
    assert_eq!(b.first_paragraph, "First para here.");
    assert_eq!(b.words, 4);
}

#[test]
fn empty_wiki_links_are_found() {
    let (b, problems) = render("a [[]] b `[[]]` [[x]]", 0, &Highlighter::default());
    assert_eq!(problems.empty_links, vec![2..6]);
    assert_eq!(b.links.len(), 1);
}

#[test]
fn nul_bytes_cannot_forge_placeholders() {
    let b = body("a \u{0}0\u{0} b");
    assert!(!b.html.text().contains('\u{0}'));
}

#[test]
fn a_packed_body_reads_as_it_was_written() {
    let mut b = body("Сухой Су-35, [[Shahed drones]] and `code`.\n\n> [!note]\n> گاز\n");
    let written = b.html.text().into_owned();
    b.html.pack();
    assert!(matches!(b.html, crate::markdown::Html::Packed(_)));
    assert_eq!(b.html.text(), written);
    b.html.pack();
    assert_eq!(b.html.text(), written);
    let mut small = body("Сухой Су-35, [[Shahed drones]] and `code`.\n\n> [!note]\n> گاز\n");
    small
        .html
        .pack_small(&mut crate::text::packed::Small::default());
    assert!(matches!(small.html, crate::markdown::Html::PackedSmall(_)));
    assert_eq!(small.html.text(), written);
}
