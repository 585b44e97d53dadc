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

#[test]
fn the_briefing_pack_holds_every_brief_its_sources_and_the_timeline() {
    let d = sample();
    d.build(&[]).success();
    let html = d.read("public/print/index.html");
    // Oldest first, each with its section, listed in the contents.
    common::assert_in_order(
        &html,
        &[
            "href=\"#brief-drones\"",
            "href=\"#brief-gas-trade\"",
            "href=\"#brief-treaty-signed\"",
            "id=\"brief-drones\"",
            "id=\"brief-gas-trade\"",
            "id=\"brief-treaty-signed\"",
            "id=\"pack-timeline\"",
        ],
    );
    // Bodies, their sources, and ids made unique within the pack.
    assert_has(&html, "Swaps began");
    assert_has(&html, "id=\"gas-trade--volumes\"");
    assert_has(&html, "id=\"gas-trade--source-local-1\"");
    assert_has(&html, "Russia and Iran&#39;s pact of convenience");
    assert_has(&html, "The treaty is signed");
    // A link to a brief in the pack stays in the pack; others leave it.
    assert_has(&html, "href=\"#treaty-signed--terms\"");
    assert_has(&html, "href=\"../topics/gas/index.html#history\"");
    let ids = attributes(&html, "id");
    let unique: std::collections::HashSet<_> = ids.iter().collect();
    assert_eq!(ids.len(), unique.len(), "duplicate ids in {ids:?}");
    assert!(broken_links(&d.path().join("public")).is_empty());
    assert_has(&d.read("public/index.html"), "href=\"print/index.html\"");
}

#[test]
fn each_topic_has_a_pack_of_its_briefs() {
    let d = sample();
    d.build(&[]).success();
    let html = d.read("public/topics/sanctions/print/index.html");
    assert_has(&html, "<h1>sanctions: briefing pack</h1>");
    assert_has(&html, "id=\"brief-drones\"");
    assert_has(&html, "id=\"brief-gas-trade\"");
    assert_lacks(&html, "id=\"brief-treaty-signed\"");
    // The treaty brief is not in this pack: its link goes to its page.
    assert_has(&html, "href=\"../../../briefs/treaty-signed/index.html\"");
    let topic = d.read("public/topics/sanctions/index.html");
    assert_has(&topic, "href=\"print/index.html\"");
    assert!(broken_links(&d.path().join("public")).is_empty());
}

#[test]
fn previews_hold_each_pages_title_date_and_summary() {
    let d = sample();
    d.build(&[]).success();
    let json = serde_json::Value::Object(d.previews());
    let treaty = &json["briefs/treaty-signed/"];
    assert_eq!(treaty["t"], "Treaty signed");
    assert_eq!(treaty["k"], "brief");
    assert_eq!(treaty["d"], "17 January 2025");
    assert_eq!(json["topics/gas/"]["s"], "Pipelines and swaps.");
    assert_eq!(json["actors/vladimir-putin/"]["k"], "actor");
    // Every page loads the script, and internal links are marked for it.
    let brief = d.read("public/briefs/treaty-signed/index.html");
    assert_has(
        &brief,
        "<script src=\"../../static/previews.js\" data-root=\"../../\" defer>",
    );
    assert_has(&brief, "class=\"internal actor\"");
    assert!(d.exists("public/static/previews.js"));
}

#[cfg(feature = "search")]
#[test]
fn search_has_a_page_a_box_on_every_page_and_an_index() {
    let d = sample();
    d.build(&[]).success();
    let search = d.read("public/search/index.html");
    assert_has(&search, "<input id=\"search-q\" type=\"search\" name=\"q\"");
    assert_has(&search, "src=\"../static/search.js\"");
    let brief = d.read("public/briefs/gas-trade/index.html");
    assert_has(
        &brief,
        "<form class=\"site-search\" role=\"search\" action=\"../../search/index.html\">",
    );
    assert!(d.exists("public/pagefind/0/pagefind.js"));
    assert!(d.exists("public/pagefind/0/pagefind-entry.json"));
    assert!(d.exists("public/static/search.js"));
    let indexes = common::files(&d.path().join("public/pagefind/0/index"));
    assert!(!indexes.is_empty(), "no index files");
    let filters = common::files(&d.path().join("public/pagefind/0/filter"));
    assert!(!filters.is_empty(), "no filter files");
}

/// The text of each Pagefind file under `dir` (index, fragments: gzip
/// after a signature), by path: what a search can find there.
#[cfg(feature = "search")]
fn unpacked(dir: &std::path::Path) -> std::collections::BTreeMap<String, String> {
    use std::io::Read;
    common::files(dir)
        .into_iter()
        .filter(|(name, _)| name.ends_with(".pf_fragment") || name.ends_with(".pf_index"))
        .map(|(name, path)| {
            let bytes = std::fs::read(path).expect("read an index file");
            let mut text = Vec::new();
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_end(&mut text)
                .expect("a gzipped file");
            (name, String::from_utf8_lossy(&text).into_owned())
        })
        .collect()
}

/// The text of the fragment (a result's stored text) of `url`.
#[cfg(feature = "search")]
fn fragment_of(files: &std::collections::BTreeMap<String, String>, url: &str) -> String {
    let needle = format!("\"url\":\"{url}\"");
    let found = files.values().find(|text| text.contains(&needle));
    found
        .unwrap_or_else(|| panic!("no fragment for {url}"))
        .clone()
}

#[cfg(feature = "search")]
#[test]
fn aliases_event_titles_and_source_titles_are_indexed_with_their_page() {
    let d = common::names_sample();
    d.build(&[]).success();
    let files = unpacked(&d.path().join("public/pagefind"));
    let topic = fragment_of(&files, "topics/northern-sea-route/index.html");
    assert_has(&topic, "Севморпуть");
    let actor = fragment_of(&files, "actors/rosatom/index.html");
    assert_has(&actor, "Росатом");
    let brief = fragment_of(&files, "briefs/icebreakers/index.html");
    assert_has(&brief, "Quasarwind leaves the yard");
    let cited = fragment_of(&files, "briefs/cargo/index.html");
    assert_has(&cited, "Zephyrine tonnage tally");
    // Each name is the page's own: no other record has it (the brief
    // that mentions "Севморпуть" aside).
    for (word, url) in [
        ("Росатом", "actors/rosatom/"),
        ("Quasarwind", "briefs/icebreakers/"),
        ("Zephyrine", "briefs/cargo/"),
    ] {
        let holders: Vec<_> = files
            .values()
            .filter(|t| t.contains("\"url\":") && t.contains(word))
            .collect();
        assert_eq!(holders.len(), 1, "{word} in {holders:?}");
        assert_has(holders[0], url);
    }
    // The words are in the index itself, lowercased and stemmed, not only in
    // the stored text; the markers that weigh them are not shown.
    let index: String = files
        .iter()
        .filter(|(name, _)| name.ends_with(".pf_index"))
        .map(|(_, text)| text.as_str())
        .collect();
    for word in ["севморпуть", "росатом", "quasarwind", "zephyrin"] {
        assert_has(&index, word);
    }
    assert_lacks(&topic, "PAGEFIND_WEIGHT");
}

#[cfg(feature = "search")]
#[test]
fn each_language_is_indexed_on_its_own_and_listed_for_the_search_page() {
    let d = common::languages_sample();
    // The site's language, spelt otherwise, is the site's.
    d.brief("bosporus", "Bosporus", "language: EN\n", "Narrow water.\n");
    d.build(&[]).success();
    let list = d.read("public/pagefind/shards.json");
    assert_has(&list, "{\"path\":\"0/\",\"key\":\"");
    assert_has(&list, "\"path\":\"fa/0/\"");
    assert_has(&list, "\"language\":\"fa\"}");
    assert_lacks(&list, "\"language\":\"en");
    let entry = d.read("public/pagefind/0/pagefind-entry.json");
    assert_has(&entry, "\"languages\":{\"en\":");
    assert_eq!(page_count(&entry), 2);
    let persian = d.read("public/pagefind/fa/0/pagefind-entry.json");
    assert_has(&persian, "\"languages\":{\"fa\":");
    assert_eq!(page_count(&persian), 1);
    // The scripts and the wasm come with the site's first shard only.
    assert!(!d.exists("public/pagefind/fa/0/pagefind.js"));
    assert!(d.exists("public/pagefind/0/wasm.en.pagefind"));
    assert!(!d.exists("public/pagefind/fa/0/wasm.fa.pagefind"));
    assert!(!d.exists("public/pagefind/fa/0/wasm.unknown.pagefind"));
    let english = unpacked(&d.path().join("public/pagefind/0"));
    fragment_of(&english, "briefs/straits/index.html");
    fragment_of(&english, "briefs/bosporus/index.html");
    assert!(english.values().all(|t| !t.contains("iran-russia")));
    let farsi = unpacked(&d.path().join("public/pagefind/fa"));
    assert_has(
        &fragment_of(&farsi, "briefs/iran-russia/index.html"),
        "ایران",
    );
}

/// With no page in the site's language, the search page still has an
/// index to read first: the other language's, in the first shard.
#[cfg(feature = "search")]
#[test]
fn a_site_with_no_page_in_its_language_reads_another_first() {
    let d = common::languages_sample();
    d.remove("content/briefs/straits.md");
    d.build(&[]).success();
    let list = d.read("public/pagefind/shards.json");
    assert_has(&list, "{\"shards\":[{\"path\":\"0/\",\"key\":\"");
    assert_lacks(&list, "fa/0/");
    let entry = d.read("public/pagefind/0/pagefind-entry.json");
    assert_has(&entry, "\"languages\":{\"fa\":");
    assert!(d.exists("public/pagefind/0/pagefind.js"));
}

/// A dossier of `count` short briefs, more than one search shard holds.
#[cfg(feature = "search")]
fn many_briefs(count: usize) -> common::Dossier {
    let d = common::Dossier::new();
    for i in 0..count {
        d.brief(
            &format!("b{i:04}"),
            &format!("Brief {i}"),
            "",
            &format!("Body {i} about convoys.\n"),
        );
    }
    d
}

/// The `page_count` of a Pagefind bundle's entry file.
#[cfg(feature = "search")]
fn page_count(entry: &str) -> usize {
    let (_, rest) = entry.split_once("\"page_count\":").expect("a page count");
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().expect("a number")
}

#[cfg(feature = "search")]
#[test]
fn a_large_index_is_split_into_shards_that_hold_every_record_once() {
    let d = many_briefs(2400);
    d.build(&[]).success();
    let list = d.read("public/pagefind/shards.json");
    assert_has(&list, "{\"path\":\"0/\",\"key\":\"");
    assert_has(&list, "{\"path\":\"1/\",\"key\":\"");
    assert_lacks(&list, "\"2/\"");
    // The first shard brings the scripts; the other, its index alone.
    assert!(d.exists("public/pagefind/0/pagefind.js"));
    assert!(!d.exists("public/pagefind/1/pagefind.js"));
    assert!(!d.exists("public/pagefind/1/pagefind-ui.js"));
    assert!(d.exists("public/pagefind/0/wasm.en.pagefind"));
    assert!(!d.exists("public/pagefind/1/wasm.en.pagefind"));
    let counts: Vec<usize> = ["0", "1"]
        .iter()
        .map(|n| page_count(&d.read(&format!("public/pagefind/{n}/pagefind-entry.json"))))
        .collect();
    assert_eq!(counts.iter().sum::<usize>(), 2400, "{counts:?}");
    assert!(counts.iter().all(|&c| c > 1000), "{counts:?}");
}

#[cfg(feature = "search")]
#[test]
fn an_edit_makes_one_search_shard_again_and_keeps_the_others() {
    let d = many_briefs(2400);
    d.build(&["--timings"])
        .success()
        .stderr_has("search index: 2 shards made");
    let before = d.snapshot("public/pagefind");
    d.brief(
        "b0007",
        "Brief 7",
        "",
        "Body 7 about a new word, zeppelin.\n",
    );
    d.build(&["--timings"])
        .success()
        .stderr_has("search index: 1 of 2 shards made, 1 kept from the last build");
    let after = d.snapshot("public/pagefind");
    let changed = |shard: &str| {
        let under =
            |files: &std::collections::BTreeMap<String, (Vec<u8>, std::time::SystemTime)>| {
                files
                    .iter()
                    .filter(|(name, _)| name.starts_with(shard))
                    .map(|(name, (bytes, _))| (name.clone(), bytes.clone()))
                    .collect::<Vec<_>>()
            };
        under(&before) != under(&after)
    };
    assert!(
        changed("0/") != changed("1/"),
        "one shard changes, not both"
    );
    // A shard whose files were touched since is made again.
    d.age("public/pagefind/1");
    d.build(&["--timings"])
        .success()
        .stderr_has("search index: 1 of 2 shards made, 1 kept from the last build");
}

/// What the last build left is only a shortcut: a damaged shard list or
/// shard makes the build index again, never fail or serve stale results.
#[cfg(feature = "search")]
#[test]
fn a_damaged_shard_list_or_shard_is_indexed_again() {
    let d = many_briefs(2400);
    d.build(&[]).success();
    d.file("public/pagefind/shards.json", "{\"shards\": [not json");
    d.build(&["--timings"])
        .success()
        .stderr_has("search index: 2 shards made");
    assert_has(&d.read("public/pagefind/shards.json"), "{\"path\":\"1/\"");
    // A shard file removed: that shard is made again, the other kept.
    let entry = "public/pagefind/1/pagefind-entry.json";
    d.remove(entry);
    d.build(&["--timings"])
        .success()
        .stderr_has("search index: 1 of 2 shards made, 1 kept from the last build");
    assert!(d.exists(entry));
}
