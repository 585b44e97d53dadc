//! Obsidian embeds, `![[…]]`: an attachment named by its file name shown
//! as an image, exactly as the Markdown image of it would be; a page (or a
//! heading of one) shown as a card with its title, date and summary; and
//! every way an embed can name nothing, or too much.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Dossier, assert_has, assert_lacks, broken_links, section};

/// A brief `corridor` in `content/briefs/syunik/` with a map in a folder
/// beside it and body `body`; a brief `Gas supply` with a date, a summary
/// and a heading; a topic.
fn dossier(body: &str) -> Dossier {
    let d = Dossier::new();
    d.bytes("content/briefs/syunik/maps/Map.PNG", b"\x89PNG map");
    d.file(
        "content/topics/gas.md",
        "---\ntitle: Gas\n---\n\nPipelines and swaps.\n",
    );
    d.brief(
        "supply",
        "Gas supply",
        "date: 2024-02-01\nsummary: Supply fell <sharply>.\ntopics: [gas]\n",
        "Body.\n\n## Routes ahead\n\nSouth.\n",
    );
    d.file(
        "content/briefs/syunik/corridor.md",
        &format!("---\ntitle: Corridor\ndate: 2024-03-01\ntopics: [gas]\n---\n\n{body}"),
    );
    d
}

const MAP: &str = "../../files/briefs/syunik/maps/map.png";

#[test]
fn an_embedded_file_renders_as_its_markdown_image_would() {
    let d = dossier(
        "![Lead](maps/Map.PNG)\n\n![[map.png]]\n\n![](maps/Map.PNG)\n\n![[Map.png|The map]]\n\n![[maps/map.PNG|400]]\n",
    );
    d.build(&[]).success();
    let html = d.read("public/briefs/corridor/index.html");
    // The page's first image loads at once; the rest lazily, alike.
    assert_has(
        &html,
        &format!("<p dir=\"auto\"><img src=\"{MAP}\" alt=\"Lead\"></p>"),
    );
    let lazy = "loading=\"lazy\" decoding=\"async\"";
    let plain = format!("<p dir=\"auto\"><img src=\"{MAP}\" alt=\"\" {lazy}></p>");
    assert_eq!(html.matches(&plain).count(), 2, "{html}");
    assert_has(
        &html,
        &format!("<p dir=\"auto\"><img src=\"{MAP}\" alt=\"The map\" {lazy}></p>"),
    );
    assert_has(
        &html,
        &format!("<p dir=\"auto\"><img src=\"{MAP}\" alt=\"\" width=\"400\" {lazy}></p>"),
    );
    assert_lacks(&html, "src=\"map.png\"");
    assert!(d.exists("public/files/briefs/syunik/maps/map.png"));
    assert_eq!(broken_links(&d.path().join("public")), Vec::<String>::new());
}

#[test]
fn an_embedded_file_name_shared_by_two_attachments_is_ambiguous() {
    let d = dossier("![[map.png]]\n");
    d.bytes("content/shared/map.png", b"\x89PNG other");
    let out = d.build(&[]).code(1);
    out.stderr_has(
        "error[ambiguous-link]: 'map.png' could mean content/briefs/syunik/maps/Map.PNG or content/shared/map.png",
    );
    out.stderr_has("content/briefs/syunik/corridor.md:7:1");
    out.stderr_has("write more of its path, e.g. ![[briefs/syunik/maps/Map.PNG]]");
    // More of the path picks one.
    d.file(
        "content/briefs/syunik/corridor.md",
        "---\ntitle: Corridor\ndate: 2024-03-01\n---\n\n![[shared/map.png]]\n",
    );
    d.build(&[]).success();
    assert_has(
        &d.read("public/briefs/corridor/index.html"),
        "<img src=\"../../files/shared/map.png\" alt=\"\">",
    );
}

#[test]
fn a_missing_embed_is_an_error_with_the_nearest_name_and_never_an_image() {
    let d = dossier("![[mapp.png]] and ![[Gas suply]]\n");
    let out = d.build(&[]).code(1);
    out.stderr_has("error[unknown-file-link]: no file named 'mapp.png' under content/");
    out.stderr_has("content/briefs/syunik/corridor.md:7:1");
    out.stderr_has("did you mean 'Map.PNG'?");
    out.stderr_has("error[unknown-link]: unknown link target 'Gas suply'");
    out.stderr_has("did you mean 'Gas supply'?");
    let check = d.run(&["check"]).code(1);
    check.stderr_has("no file named 'mapp.png'");
}

#[test]
fn an_embedded_page_is_a_card_on_its_page_and_in_packs() {
    let d = dossier("Before.\n\n![[Gas supply]]\n\n![[topics/gas]]\n");
    d.build(&[]).success();
    let card = |root: &str| {
        format!(
            "<p dir=\"auto\"><span class=\"embed\"><a href=\"{root}briefs/supply/index.html\" class=\"embed-title\"><bdi>Gas supply</bdi></a><time datetime=\"2024-02-01\">1 February 2024</time><span class=\"embed-summary\">Supply fell &lt;sharply&gt;.</span></span></p>"
        )
    };
    let topic = |root: &str| {
        format!(
            "<p dir=\"auto\"><span class=\"embed\"><a href=\"{root}topics/gas/index.html\" class=\"embed-title\"><bdi>Gas</bdi></a><span class=\"embed-summary\">Pipelines and swaps.</span></span></p>"
        )
    };
    let page = d.read("public/briefs/corridor/index.html");
    assert_has(&page, &card("../../"));
    assert_has(&page, &topic("../../"));
    assert_lacks(&page, "<img");
    // In a pack, a card of a brief in the pack points into the pack, and
    // any other card at its page, relative to the pack.
    let pack = d.read("public/print/index.html");
    let in_pack = card("").replace("briefs/supply/index.html", "#brief-supply");
    assert_has(&pack, &in_pack);
    assert_has(&pack, &topic("../"));
    let topic_pack = d.read("public/topics/gas/print/index.html");
    assert_has(&topic_pack, &in_pack);
    assert_has(&topic_pack, &topic("../../../"));
    assert_eq!(broken_links(&d.path().join("public")), Vec::<String>::new());
}

#[test]
fn an_embedded_heading_is_a_card_pointing_at_it() {
    let d = dossier("![[Gas supply#routes ahead]]\n");
    d.build(&[]).success();
    assert_has(
        &d.read("public/briefs/corridor/index.html"),
        "<p dir=\"auto\"><span class=\"embed\"><a href=\"../../briefs/supply/index.html#routes-ahead\" class=\"embed-title\"><bdi>Gas supply</bdi></a><span class=\"embed-heading\">Routes ahead</span><time datetime=\"2024-02-01\">1 February 2024</time><span class=\"embed-summary\">Supply fell &lt;sharply&gt;.</span></span></p>",
    );
    assert_has(
        &d.read("public/print/index.html"),
        "<a href=\"#supply--routes-ahead\" class=\"embed-title\"><bdi>Gas supply</bdi></a>",
    );
    let out = dossier("![[Gas supply#nowhere]]\n").build(&[]).code(1);
    out.stderr_has("error[unknown-heading]: 'Gas supply' has no heading 'nowhere'");
}

#[test]
fn an_embedded_page_is_a_backlink() {
    let d = dossier("The route. See ![[Gas supply]] here.\n");
    d.build(&[]).success();
    let supply = d.read("public/briefs/supply/index.html");
    let linked = section(&supply, "Linked from");
    assert_has(
        linked,
        "<a href=\"../../briefs/corridor/index.html\"><bdi>Corridor</bdi></a>",
    );
    assert_has(
        linked,
        "<blockquote class=\"context\" dir=\"auto\">See <mark>Gas supply</mark> here.</blockquote>",
    );
}

#[test]
fn an_embedded_draft_is_a_warning_and_shows_as_unpublished_text() {
    let d = dossier("![[Secret plan]]\n");
    d.brief("plan", "Secret plan", "draft: true\n", "Hidden.\n");
    let out = d.build(&[]).success();
    out.stderr_has(
        "warning[link-to-draft]: 'Secret plan' is a draft, so this link is shown as unpublished text",
    );
    let html = d.read("public/briefs/corridor/index.html");
    assert_has(
        &html,
        "<p dir=\"auto\"><a class=\"unpublished\" title=\"Not published yet\">Secret plan</a></p>",
    );
    assert_lacks(&html, "<img");
    assert_lacks(&html, "Hidden.");
}
