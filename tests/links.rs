//! Links, citations and backlinks as a reader sees them in the built site,
//! and the errors a writer sees when a link or citation resolves to nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Dossier, assert_has, assert_lacks, broken_links, sample, section};

/// Three topics (the treaty has an alias), a brief `b` titled "Beta
/// brief" and a brief `a` whose body is `body`; built, with `a`'s page.
fn brief_linking(body: &str) -> (Dossier, String) {
    let d = Dossier::new();
    d.file(
        "content/topics/treaty.md",
        "---\ntitle: Comprehensive Strategic Partnership Treaty\naliases: [the treaty]\n---\n",
    );
    d.file(
        "content/topics/zangezur-corridor.md",
        "---\ntitle: Zangezur corridor\n---\n",
    );
    d.file("content/topics/gas.md", "---\ntitle: Gas\n---\n");
    d.brief("b", "Beta brief", "", "Beta.\n");
    d.brief("a", "Alpha", "", body);
    d.build(&[]).success();
    let html = d.read("public/briefs/a/index.html");
    (d, html)
}

#[test]
fn backlinks_list_the_linking_brief_with_the_sentence_around_the_link() {
    let d = Dossier::new();
    d.brief(
        "a",
        "Alpha",
        "",
        "Some intro. The corridor dispute in [[Beta]] shows the limits. Another sentence.\n",
    );
    d.brief("b", "Beta", "", "Nothing here.\n");
    d.build(&[]).success();
    let beta = d.read("public/briefs/b/index.html");
    let linked = section(&beta, "Linked from");
    assert_has(
        linked,
        "<a href=\"../../briefs/a/index.html\"><bdi>Alpha</bdi></a>",
    );
    assert_has(
        linked,
        "<blockquote class=\"context\" dir=\"auto\">The corridor dispute in <mark>Beta</mark> shows the limits.</blockquote>",
    );
    assert_lacks(linked, "Some intro");
    assert_lacks(linked, "Another sentence");
}

#[test]
fn backlinks_quote_unlabelled_slug_links_as_the_titles_the_reader_sees() {
    let d = Dossier::new();
    d.brief("a", "Alpha", "", "Read [[b]] first, then [[c]] later.\n");
    d.brief("b", "Beta brief", "", "B.\n");
    d.brief("c", "Gamma brief", "", "C.\n");
    d.build(&[]).success();
    assert_has(
        &d.read("public/briefs/b/index.html"),
        "<blockquote class=\"context\" dir=\"auto\">Read <mark>Beta brief</mark> first, then Gamma brief later.</blockquote>",
    );
    assert_has(
        &d.read("public/briefs/c/index.html"),
        "<blockquote class=\"context\" dir=\"auto\">Read Beta brief first, then <mark>Gamma brief</mark> later.</blockquote>",
    );
}

#[test]
fn a_summary_taken_from_the_first_paragraph_shows_link_titles() {
    let d = Dossier::new();
    d.brief(
        "a",
        "Alpha",
        "date: 2024\ntopics: [gas]\n",
        "Read [[b]] first.\n\nMore.\n",
    );
    d.brief("b", "Beta brief", "", "B.\n");
    d.build(&[]).success();
    let summary = "Read Beta brief first.";
    // The brief's own page shows that paragraph once, in its body (the
    // lead is not repeated); lists and feeds show it as the summary.
    assert_lacks(&d.read("public/briefs/a/index.html"), "class=\"summary\"");
    assert_has(&d.read("public/index.html"), &format!("<p>{summary}</p>"));
    assert_has(
        &d.read("public/topics/gas/index.html"),
        &format!("<p>{summary}</p>"),
    );
    assert_has(
        &d.read("public/atom.xml"),
        &format!("<summary>{summary}</summary>"),
    );
}

#[test]
fn links_from_an_untitled_front_page_are_named_after_the_site() {
    let d = Dossier::new();
    d.file("dossier.yaml", "title: Caspian watch\n");
    d.file("content/sources.yaml", "- id: x\n  title: X\n");
    d.file("content/_index.md", "Welcome. Start with [[Alpha]] [@x].\n");
    d.brief("a", "Alpha", "", "Text.\n");
    d.build(&[]).success();
    assert_has(
        section(&d.read("public/briefs/a/index.html"), "Linked from"),
        "<a href=\"../../index.html\"><bdi>Caspian watch</bdi></a>",
    );
    assert_has(
        &d.read("public/sources/index.html"),
        "Cited in <a href=\"../index.html\"><bdi>Caspian watch</bdi></a>",
    );
}

#[test]
fn a_page_nobody_links_to_has_no_backlinks_section() {
    let d = Dossier::new();
    d.brief("a", "Alpha", "", "See [[Beta]].\n");
    d.brief("b", "Beta", "", "Nothing here.\n");
    d.build(&[]).success();
    assert_lacks(&d.read("public/briefs/a/index.html"), "Linked from");
}

#[test]
fn wiki_links_resolve_by_alias() {
    let (_d, html) = brief_linking("It was [[the treaty]].\n");
    assert_has(
        &html,
        "<a href=\"../../topics/treaty/index.html\" class=\"internal topic\">the treaty</a>",
    );
}

#[test]
fn wiki_links_resolve_by_title_whatever_the_case() {
    let (_d, html) = brief_linking("The [[ZANGEZUR CORRIDOR]] again.\n");
    assert_has(
        &html,
        "<a href=\"../../topics/zangezur-corridor/index.html\" class=\"internal topic\">ZANGEZUR CORRIDOR</a>",
    );
}

#[test]
fn wiki_links_resolve_by_kind_and_slug() {
    let (_d, html) = brief_linking("Fuel: [[topics/gas|gas]].\n");
    assert_has(
        &html,
        "<a href=\"../../topics/gas/index.html\" class=\"internal topic\">gas</a>",
    );
}

#[test]
fn an_unlabelled_link_written_as_a_slug_shows_the_target_title() {
    let (_d, html) = brief_linking("See [[b]] and [[topics/gas]].\n");
    assert_has(
        &html,
        "<a href=\"../../briefs/b/index.html\" class=\"internal brief\">Beta brief</a>",
    );
    assert_has(
        &html,
        "<a href=\"../../topics/gas/index.html\" class=\"internal topic\">Gas</a>",
    );
}

#[test]
fn wiki_links_to_a_heading_point_at_its_id() {
    let d = Dossier::new();
    d.brief("b", "Beta", "", "## Supply routes\n\nText.\n");
    d.brief("a", "Alpha", "", "See [[Beta#supply routes|the routes]].\n");
    d.build(&[]).success();
    assert_has(
        &d.read("public/briefs/a/index.html"),
        "<a href=\"../../briefs/b/index.html#supply-routes\" class=\"internal brief\">the routes</a>",
    );
    assert_has(
        &d.read("public/briefs/b/index.html"),
        "<h2 id=\"supply-routes\" dir=\"auto\">",
    );
}

#[test]
fn an_unlabelled_link_to_a_heading_on_the_same_page_shows_the_heading() {
    let d = Dossier::new();
    d.brief(
        "a",
        "Alpha",
        "",
        "See [[#supply routes]].\n\n## Supply routes\n\nText.\n",
    );
    d.build(&[]).success();
    assert_has(
        &d.read("public/briefs/a/index.html"),
        "See <a href=\"../../briefs/a/index.html#supply-routes\" class=\"internal brief\">Supply routes</a>.",
    );
}

#[test]
fn relative_markdown_links_from_a_nested_brief_reach_the_right_page() {
    let d = Dossier::new();
    d.file(
        "content/topics/gas.md",
        "---\ntitle: Gas\n---\n\n## History\n\nOld.\n",
    );
    d.brief("gas-trade", "Gas trade", "", "Trade.\n");
    d.brief(
        "military/drones",
        "Drones",
        "",
        "See [the trade](../gas-trade.md) and [its past](../../topics/gas.md#history).\n",
    );
    d.build(&[]).success();
    let html = d.read("public/briefs/drones/index.html");
    assert_has(
        &html,
        "<a href=\"../../briefs/gas-trade/index.html\" class=\"internal brief\">the trade</a>",
    );
    assert_has(
        &html,
        "<a href=\"../../topics/gas/index.html#history\" class=\"internal topic\">its past</a>",
    );
    assert!(broken_links(&d.path().join("public")).is_empty());
}

#[test]
fn relative_markdown_links_may_percent_encode_the_file_name() {
    let d = Dossier::new();
    d.file(
        "content/briefs/My Brief.md",
        "---\ntitle: Mine\n---\n\nText.\n",
    );
    d.brief(
        "a",
        "A",
        "",
        "See [mine](My%20Brief.md) and [again](<My Brief.md>).\n",
    );
    d.build(&[]).success();
    let html = d.read("public/briefs/a/index.html");
    assert_has(
        &html,
        "<a href=\"../../briefs/my-brief/index.html\" class=\"internal brief\">mine</a>",
    );
    assert_has(
        &html,
        "<a href=\"../../briefs/my-brief/index.html\" class=\"internal brief\">again</a>",
    );
}

#[test]
fn every_relative_link_in_a_built_site_leads_to_a_file_and_fragment() {
    let d = sample();
    let out = d.build(&[]).success();
    assert_lacks(&out.stderr, "warning");
    let broken = broken_links(&d.path().join("public"));
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn the_link_checker_reports_missing_files_and_fragments() {
    // The crawl above is only worth something if the checker can fail.
    let d = Dossier::new();
    d.file(
        "site/index.html",
        "<p id=\"here\"><a href=\"a/\">ok</a> <a href=\"#here\">ok</a> <a href=\"https://x.org/\">ok</a>\n<a href=\"b/index.html\">gone</a> <a href=\"a/index.html#nope\">no id</a> <a href=\"/a/\">root</a> <img src=\"../up.png\"></p>",
    );
    d.file("site/a/index.html", "<h1 id=\"top\">A</h1>");
    let broken = broken_links(&d.path().join("site"));
    assert_eq!(
        broken,
        [
            "index.html: b/index.html: no file b/index.html",
            "index.html: a/index.html#nope: a/index.html has no id=\"nope\"",
            "index.html: /a/: root-relative, breaks when the site is not at the domain root",
            "index.html: ../up.png: climbs out of the site",
        ]
    );
}

#[test]
fn a_citation_is_a_numbered_superscript_linking_to_its_source() {
    let d = sample();
    d.build(&[]).success();
    let html = d.read("public/briefs/treaty-signed/index.html");
    assert_has(
        &html,
        "<sup class=\"cite\">[<a href=\"#source-kumar-2025\">1</a>]</sup>",
    );
    assert_has(&html, "<li id=\"source-kumar-2025\" value=\"1\">");
}

#[test]
fn citations_are_numbered_in_order_of_first_use() {
    let d = Dossier::new();
    d.file(
        "content/sources.yaml",
        "- id: x\n  title: X\n- id: y\n  title: Y\n",
    );
    d.brief("a", "A", "", "One [@y]. Two [@x]. Three [@y].\n");
    d.build(&[]).success();
    let html = d.read("public/briefs/a/index.html");
    assert_eq!(html.matches("<a href=\"#source-y\">1</a>").count(), 2);
    assert_has(&html, "<a href=\"#source-x\">2</a>");
    common::assert_in_order(
        section(&html, "Sources"),
        &[
            "<li id=\"source-y\" value=\"1\">",
            "<li id=\"source-x\" value=\"2\">",
        ],
    );
}

#[test]
fn a_citation_on_any_kind_of_page_links_to_a_source_list_on_that_page() {
    let d = Dossier::new();
    d.file("content/sources.yaml", "- id: x\n  title: The X report\n");
    let cites = "---\ntitle: Cites\n---\n\nA claim [@x].\n";
    for file in ["_index.md", "about.md", "topics/gas.md", "actors/putin.md"] {
        d.file(&format!("content/{file}"), cites);
    }
    d.brief("a", "A", "topics: [gas]\n", "Text.\n");
    d.build(&[]).success();
    for page in [
        "index.html",
        "about/index.html",
        "topics/gas/index.html",
        "actors/putin/index.html",
    ] {
        let html = d.read(&format!("public/{page}"));
        assert_has(&html, "<a href=\"#source-x\">1</a>");
        assert_has(&html, "<li id=\"source-x\" value=\"1\">");
        assert_has(&html, "<cite><bdi>The X report</bdi></cite>");
    }
}

#[test]
fn the_source_list_shows_title_publisher_date_url_and_grade() {
    let d = sample();
    d.build(&[]).success();
    let html = d.read("public/briefs/treaty-signed/index.html");
    let sources = section(&html, "Sources");
    assert_has(
        sources,
        "<a href=\"https://example.org/kumar\" rel=\"noopener\"><cite><bdi>Russia and Iran&#39;s pact of convenience</bdi></cite></a>, <bdi>The Globe and Mail</bdi>, 21 January 2025.",
    );
    assert_has(
        sources,
        "<span class=\"url\">https://example.org/kumar</span>",
    );
    assert_has(
        sources,
        "<abbr class=\"grade grade-B\" title=\"Source reliability B: usually reliable\">B</abbr>",
    );
}

#[test]
fn sources_defined_in_front_matter_are_cited_like_shared_ones() {
    let d = sample();
    d.build(&[]).success();
    let html = d.read("public/briefs/gas-trade/index.html");
    assert_has(
        &html,
        "<sup class=\"cite\">[<a href=\"#source-local-1\">1</a>]</sup>",
    );
    assert_has(
        section(&html, "Sources"),
        "<cite><bdi>A local report</bdi></cite>, <bdi>Desk</bdi>, June 2024.",
    );
}

#[test]
fn the_sources_page_lists_each_source_with_the_briefs_citing_it() {
    let d = sample();
    d.build(&[]).success();
    let html = d.read("public/sources/index.html");
    let kumar = &html[html.find("id=\"source-kumar-2025\"").expect("kumar listed")..];
    let kumar = &kumar[..kumar.find("</li>").expect("end of entry")];
    assert_has(kumar, "Cited in ");
    assert_has(
        kumar,
        "<a href=\"../briefs/treaty-signed/index.html\"><bdi>Treaty signed</bdi></a>",
    );
    assert_has(
        kumar,
        "<a href=\"../briefs/drones/index.html\"><bdi>Drones</bdi></a>",
    );
    assert_lacks(kumar, "Gas trade");
    assert_has(&html, "id=\"source-local-1\"");
    assert_has(
        &html,
        "Cited in <a href=\"../briefs/gas-trade/index.html\"><bdi>Gas trade</bdi></a>",
    );
}

#[test]
fn an_unknown_link_target_is_an_error_at_its_line_and_column_with_a_suggestion() {
    let d = Dossier::new();
    d.file(
        "content/topics/zangezur-corridor.md",
        "---\ntitle: Zangezur corridor\n---\n",
    );
    // Line 8, column 15: "The route via " is 14 characters.
    d.brief(
        "a",
        "A",
        "date: 2024\n",
        "First paragraph.\n\nThe route via [[zangerzur corridor]] worried Tehran.\n",
    );
    let out = d.build(&[]).code(1);
    out.stderr_has("error[unknown-link]: unknown link target 'zangerzur corridor'\n --> content/briefs/a.md:8:15\n");
    out.stderr_has("= help: did you mean 'Zangezur corridor'?");
    out.stderr_has("found 1 error and 0 warnings; nothing was written");
    assert!(!d.exists("public"));
}

#[test]
fn every_error_in_every_file_is_reported_in_one_run() {
    let d = Dossier::new();
    d.file("content/sources.yaml", "- id: kumar-2025\n  title: K\n");
    d.file("content/topics/iran.md", "---\ntitle: Iran\n---\n");
    d.file("content/actors/iran.md", "---\ntitle: Iran\n---\n");
    d.file(
        "content/briefs/bad-date.md",
        "---\ntitle: B\ndate: 2023-02-30\n---\n",
    );
    d.file(
        "content/briefs/bad-yaml.md",
        "---\ntitle: C\nsummary: a: b\n---\n",
    );
    d.file(
        "content/briefs/cites.md",
        "---\ntitle: D\n---\n\nClaim [@kumr-2025].\n",
    );
    d.file("content/briefs/x/dup.md", "---\ntitle: Dup one\n---\n");
    d.file("content/briefs/y/dup.md", "---\ntitle: Dup two\n---\n");
    d.file(
        "content/briefs/vague.md",
        "---\ntitle: E\n---\n\nSee [[Iran]].\n",
    );
    let out = d.build(&[]).code(1);
    out.stderr_has("error[invalid-date]: invalid `date`: '2023-02-30' does not exist: February 2023 has no day 30\n --> content/briefs/bad-date.md:3:7\n");
    out.stderr_has("error[yaml-syntax]: invalid YAML: mapping values are not allowed in this context\n --> content/briefs/bad-yaml.md:3:11\n");
    out.stderr_has("error[unknown-source]: citation 'kumr-2025' is not a source of this page or of content/sources.yaml\n --> content/briefs/cites.md:5:7\n");
    out.stderr_has("= help: did you mean 'kumar-2025'?");
    out.stderr_has("error[duplicate-slug]: duplicate slug 'dup': content/briefs/x/dup.md and content/briefs/y/dup.md both become /briefs/dup/\n --> content/briefs/y/dup.md:1:1\n");
    out.stderr_has("error[ambiguous-link]: 'Iran' could mean actors/iran ('Iran') or topics/iran ('Iran')\n --> content/briefs/vague.md:5:5\n");
    out.stderr_has("= help: name the page by kind and slug, e.g. [[actors/iran]]");
    // The misspelt citation leaves kumar-2025 uncited: a warning, not a sixth error.
    out.stderr_has("warning[uncited-source]: source 'kumar-2025' in sources.yaml is never cited\n --> content/sources.yaml:1:3\n");
    out.stderr_has("found 5 errors and 1 warning; nothing was written");
}

#[test]
fn a_link_to_a_missing_heading_is_an_error_suggesting_the_nearest() {
    let d = Dossier::new();
    d.brief("b", "Beta", "", "## Supply routes\n\nText.\n");
    d.brief("a", "Alpha", "", "See [[Beta#supply route]].\n");
    d.build(&[])
        .code(1)
        .stderr_has("error[unknown-heading]: 'Beta' has no heading 'supply route'\n --> content/briefs/a.md:5:5\n")
        .stderr_has("= help: did you mean '#supply-routes'?");
}

#[test]
fn check_of_a_clean_dossier_succeeds_and_writes_nothing() {
    let d = sample();
    d.run(&["check"]).success().stderr_has("no problems found");
    assert!(!d.exists("public"));
}

#[test]
fn check_reports_the_same_errors_as_json_and_writes_nothing() {
    let d = Dossier::new();
    d.brief("a", "A", "", "See [[nowhere]].\n");
    let out = d.run(&["check", "--format", "json"]).code(1);
    assert_has(&out.stdout, "\"code\": \"unknown-link\"");
    assert_has(&out.stdout, "\"path\": \"content/briefs/a.md\"");
    assert_has(&out.stdout, "\"line\": 5,\n    \"column\": 5");
    assert!(!d.exists("public"));
}

#[test]
fn a_draft_is_not_built_and_links_to_it_become_unpublished_text() {
    let d = Dossier::new();
    d.brief(
        "plan",
        "Draft plan",
        "draft: true\ndate: 2024\n",
        "Secret.\n",
    );
    d.brief(
        "a",
        "A",
        "date: 2024\nsummary: A note.\n",
        "See [[Draft plan]] and [that](plan.md).\n",
    );
    let out = d.build(&[]).success();
    out.stderr_has("warning[link-to-draft]: 'Draft plan' is a draft, so this link is shown as unpublished text\n --> content/briefs/a.md:7:5\n");
    out.stderr_has("warning[link-to-draft]: 'plan.md' is a draft");
    assert!(!d.exists("public/briefs/plan"));
    let html = d.read("public/briefs/a/index.html");
    assert_has(
        &html,
        "See <a class=\"unpublished\" title=\"Not published yet\">Draft plan</a> and <a class=\"unpublished\" title=\"Not published yet\">that</a>.",
    );
    for (name, path) in common::files(&d.path().join("public")) {
        let Ok(text) = std::fs::read_to_string(path) else {
            // The search index is compressed binary: not text to check.
            assert!(name.starts_with("pagefind/"), "{name} is not UTF-8");
            continue;
        };
        assert_lacks(&text, "briefs/plan");
        // The briefing pack holds brief a's body, with its link label.
        if name != "briefs/a/index.html" && name != "print/index.html" {
            assert_lacks(&text, "Draft plan");
        }
    }
    assert!(broken_links(&d.path().join("public")).is_empty());
}

#[test]
fn drafts_are_built_and_linked_with_the_drafts_flag() {
    let d = Dossier::new();
    d.brief("plan", "Draft plan", "draft: true\n", "Secret.\n");
    d.brief("a", "A", "", "See [[Draft plan]].\n");
    let out = d.build(&["--drafts"]).success();
    assert_lacks(&out.stderr, "warning");
    assert_has(&d.read("public/briefs/plan/index.html"), "Secret.");
    assert_has(
        &d.read("public/briefs/a/index.html"),
        "<a href=\"../../briefs/plan/index.html\" class=\"internal brief\">Draft plan</a>",
    );
}
