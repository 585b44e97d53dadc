//! What a reader gets beyond the pages themselves: the graph, briefing
//! packs, link previews and search, checked on the files a build writes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{assert_has, assert_lacks, attributes, broken_links, sample};

#[test]
fn the_graph_page_links_every_topic_actor_and_brief() {
    let d = sample();
    d.build(&[]).success();
    let html = d.read("public/graph/index.html");
    assert_has(&html, "<svg class=\"graph\"");
    let hrefs = attributes(&html, "href");
    for target in [
        "../briefs/treaty-signed/index.html",
        "../briefs/gas-trade/index.html",
        "../briefs/drones/index.html",
        "../topics/gas/index.html",
        "../topics/sanctions/index.html",
        "../actors/vladimir-putin/index.html",
        "../actors/iran/index.html",
    ] {
        assert!(hrefs.contains(&target), "no node for {target} in {hrefs:?}");
    }
    // Every page's navigation leads to the graph.
    assert_has(&d.read("public/index.html"), "href=\"graph/index.html\"");
    assert_has(
        &d.read("public/sitemap.xml"),
        "https://example.org/sample/graph/",
    );
    assert!(broken_links(&d.path().join("public")).is_empty());
}

#[test]
fn the_graph_is_the_same_on_every_build() {
    let d = sample();
    d.build(&[]).success();
    let first = d.read("public/graph/index.html");
    d.build(&["-o", "again"]).success();
    assert_eq!(first, d.read("again/graph/index.html"));
}

#[test]
fn topic_and_actor_pages_show_their_neighbours() {
    let d = sample();
    d.build(&[]).success();
    let gas = d.read("public/topics/gas/index.html");
    let local = common::section(&gas, "Connections");
    assert_has(local, "class=\"node topic center\"");
    assert_has(local, "href=\"../../briefs/treaty-signed/index.html\"");
    assert_has(local, "href=\"../../briefs/gas-trade/index.html\"");
    assert_lacks(local, "briefs/drones/");
    let putin = d.read("public/actors/vladimir-putin/index.html");
    assert_has(
        common::section(&putin, "Connections"),
        "briefs/treaty-signed/index.html",
    );
}

#[test]
fn a_huge_dossier_graph_shows_the_most_linked_briefs_and_says_so() {
    let d = common::Dossier::new();
    for i in 0..300 {
        let topics = if i < 5 {
            "topics: [hub, spoke]\n"
        } else {
            "topics: [hub]\n"
        };
        d.brief(
            &format!("b{i:03}"),
            &format!("Brief {i}"),
            topics,
            "Text.\n",
        );
    }
    d.build(&[]).success();
    let html = d.read("public/graph/index.html");
    assert_has(&html, "the 250 most-linked of 300 briefs");
    assert_eq!(html.matches("class=\"node brief\"").count(), 250);
    // The briefs naming two topics are the most linked: they are shown.
    assert_has(&html, "briefs/b004/index.html");
}
