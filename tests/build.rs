//! What a build makes of a dossier's content: dates and the timeline,
//! escaping, non-ASCII names, topic and actor pages, theme overrides, code
//! highlighting and feeds.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Dossier, assert_has, assert_in_order, assert_lacks, attributes, sample, section};

#[test]
fn partial_dates_sort_on_the_timeline_year_then_month_then_day() {
    let d = Dossier::new();
    d.brief("a", "Day brief", "date: 2023-07-17\n", "Day.\n");
    d.brief("b", "Next year brief", "date: 2024-01\n", "Next.\n");
    d.brief("c", "Month brief", "date: 2023-07\n", "Month.\n");
    d.brief("d", "Year brief", "date: 2023\n", "Year.\n");
    d.build(&[]).success();
    assert_in_order(
        &d.read("public/timeline/index.html"),
        &[
            "<time datetime=\"2023\">2023</time>",
            "Year brief",
            "<time datetime=\"2023-07\">July 2023</time>",
            "Month brief",
            "<time datetime=\"2023-07-17\">17 July 2023</time>",
            "Day brief",
            "<time datetime=\"2024-01\">January 2024</time>",
            "Next year brief",
        ],
    );
}

#[test]
fn long_lists_are_split_by_year_and_by_initial() {
    let d = Dossier::new();
    d.file("dossier.yaml", "title: Split\nlist_limit: 3\n");
    d.file(
        "content/sources.yaml",
        "- id: alpha\n  title: Alpha report\n- id: beta\n  title: Beta cable\n- id: num\n  title: 2024 review\n- id: also\n  title: also alphabetical\n",
    );
    d.brief(
        "a",
        "Brief A",
        "date: 2023-05\n",
        "Cites [@alpha] and [@also].\n",
    );
    d.brief(
        "b",
        "Brief B",
        "date: 2024-02-01\n",
        "Cites [@beta], then [[Brief A]].\n",
    );
    d.brief("c", "Brief C", "date: 2024-03\n", "Cites [@num].\n");
    d.brief("e", "Brief E", "date: 2021\n", "No sources.\n");
    d.build(&[]).success();
    let overview = d.read("public/timeline/index.html");
    assert_in_order(
        &overview,
        &[
            "<a href=\"../timeline/2021/index.html\">2021</a> <span class=\"count\">(1)</span>",
            "<a href=\"../timeline/2023/index.html\">2023</a> <span class=\"count\">(1)</span>",
            "<a href=\"../timeline/2024/index.html\">2024</a> <span class=\"count\">(2)</span>",
        ],
    );
    assert_lacks(&overview, "Brief B");
    let year = d.read("public/timeline/2024/index.html");
    assert_has(&year, "<title>Timeline: 2024 · Split</title>");
    assert_has(
        &year,
        "<a href=\"../../timeline/2024/index.html\" aria-current=\"page\">2024</a>",
    );
    assert_in_order(&year, &["Brief B", "Brief C"]);
    assert_lacks(&year, "Brief A");
    let sources = d.read("public/sources/index.html");
    assert_in_order(
        &sources,
        &[
            ">A</a> <span class=\"count\">(2)</span>",
            ">B</a>",
            ">Other</a>",
        ],
    );
    assert_in_order(
        &d.read("public/sources/a/index.html"),
        &["Alpha report", "also alphabetical"],
    );
    assert_has(&d.read("public/sources/other/index.html"), "2024 review");
    assert_lacks(&d.read("public/sources/a/index.html"), "Beta cable");
    let sitemap = d.read("public/sitemap.xml");
    for url in [
        "timeline/2021/",
        "timeline/2024/",
        "sources/a/",
        "sources/other/",
    ] {
        assert_has(&sitemap, &format!("{url}</loc>"));
    }
    // The sitemap names each page of the source list once, and no other.
    let listed: Vec<&str> = sitemap
        .split("<loc>")
        .filter_map(|l| l.split_once("</loc>").map(|(url, _)| url))
        .filter_map(|url| url.split_once("/sources/").map(|(_, part)| part))
        .collect();
    assert_eq!(listed, ["", "a/", "b/", "other/"]);
    let broken = common::broken_links(&d.path().join("public"));
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

/// A year or a letter with more entries than `list_limit` is several
/// pages of at most that many, in order, each reached from the others.
#[test]
fn a_long_year_or_letter_is_split_into_pages() {
    let d = Dossier::new();
    d.file("dossier.yaml", "title: Split\nlist_limit: 2\n");
    let mut registry = String::new();
    for (n, title) in ["Apple", "Avocado", "Azure", "Banana"].iter().enumerate() {
        registry.push_str(&format!("- id: s{n}\n  title: {title}\n"));
    }
    d.file("content/sources.yaml", &registry);
    for day in 1..=5 {
        let cites = match day {
            1 => "Cites [@s0], [@s1] and [@s2].",
            _ => "No sources.",
        };
        let front = format!("date: 2024-03-0{day}\n");
        d.brief(&format!("b{day}"), &format!("Brief {day}"), &front, cites);
    }
    d.brief("old", "Old brief", "date: 2020\n", "Old.\n");
    d.build(&[]).success();

    let overview = d.read("public/timeline/index.html");
    assert_in_order(
        &overview,
        &[
            "<a href=\"../timeline/2020/index.html\">2020</a> <span class=\"count\">(1)</span>",
            "<a href=\"../timeline/2024/index.html\">2024</a> <span class=\"count\">(2)</span>",
            "<a href=\"../timeline/2024/2/index.html\">2024, page 2</a> <span class=\"count\">(2)</span>",
            "<a href=\"../timeline/2024/3/index.html\">2024, page 3</a> <span class=\"count\">(1)</span>",
        ],
    );
    let first = d.read("public/timeline/2024/index.html");
    assert_in_order(&first, &["Brief 1", "Brief 2"]);
    assert_lacks(&first, "Brief 3");
    let second = d.read("public/timeline/2024/2/index.html");
    assert_has(&second, "<title>Timeline: 2024, page 2 · Split</title>");
    assert_has(
        &second,
        "<a href=\"../../../timeline/2024/2/index.html\" aria-current=\"page\">2024, page 2</a>",
    );
    assert_in_order(&second, &["Brief 3", "Brief 4"]);
    for absent in ["Brief 2", "Brief 5", "Old brief"] {
        assert_lacks(&second, absent);
    }
    assert_has(&d.read("public/timeline/2024/3/index.html"), "Brief 5");

    let sources = d.read("public/sources/index.html");
    assert_in_order(
        &sources,
        &[
            ">A</a> <span class=\"count\">(2)</span>",
            ">A, page 2</a> <span class=\"count\">(1)</span>",
            ">B</a> <span class=\"count\">(1)</span>",
        ],
    );
    // The overview's never-cited group leads to Banana's page.
    assert_has(&sources, "href=\"../sources/b/index.html#source-s3\"");
    assert_in_order(
        &d.read("public/sources/a/index.html"),
        &["Apple", "Avocado"],
    );
    let a2 = d.read("public/sources/a/2/index.html");
    assert_has(&a2, "id=\"source-s2\"");
    assert_lacks(&a2, "Apple");

    let sitemap = d.read("public/sitemap.xml");
    for url in ["timeline/2024/2/", "timeline/2024/3/", "sources/a/2/"] {
        assert_has(&sitemap, &format!("{url}</loc>"));
    }
    let broken = common::broken_links(&d.path().join("public"));
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

/// A topic or actor naming more briefs or events than `list_limit` is a
/// page of its newest briefs that links to a page per year, newest year
/// first, then its undated briefs; a long year is several pages. Each
/// part lists that year's briefs, newest first, and its events, oldest
/// first, under the page's name, with the links between the parts.
#[test]
fn a_topic_or_actor_with_many_briefs_is_split_by_year() {
    let d = Dossier::new();
    d.file("dossier.yaml", "title: Split\nlist_limit: 2\n");
    for (n, date) in ["2024-03-01", "2024-03-02", "2024-03-03", "2022-06"]
        .iter()
        .enumerate()
    {
        let front = format!(
            "date: {date}\ntopics: [Gas]\nevents:\n  - date: 2023-0{}\n    title: Talks {n}\n    actors: [Ann]\n",
            n + 1
        );
        d.brief(&format!("b{n}"), &format!("Brief {n}"), &front, "Text.");
    }
    d.brief("loose", "Loose brief", "topics: [Gas]\n", "No date.");
    d.brief(
        "small",
        "Small brief",
        "date: 2024\ntopics: [Oil]\n",
        "Text.",
    );
    d.build(&[]).success();

    let gas = d.read("public/topics/gas/index.html");
    assert_has(&gas, "Topic · 5 briefs");
    assert_has(&gas, "Newest briefs");
    assert_has(&gas, "5 briefs and 4 events are too many for one page");
    assert_in_order(
        &gas,
        &[
            "<a href=\"../../topics/gas/2024/index.html\">2024</a> <span class=\"count\">(2)</span>",
            "<a href=\"../../topics/gas/2024/2/index.html\">2024, page 2</a> <span class=\"count\">(1)</span>",
            "<a href=\"../../topics/gas/2023/index.html\">2023</a> <span class=\"count\">(2)</span>",
            "<a href=\"../../topics/gas/2023/2/index.html\">2023, page 2</a> <span class=\"count\">(2)</span>",
            "<a href=\"../../topics/gas/2022/index.html\">2022</a> <span class=\"count\">(1)</span>",
            "<a href=\"../../topics/gas/undated/index.html\">Undated</a> <span class=\"count\">(1)</span>",
        ],
    );
    // The page itself lists no events: its parts do.
    assert_lacks(&gas, "Talks 0");

    let first = d.read("public/topics/gas/2024/index.html");
    assert_has(&first, "<title>Gas: 2024 · Split</title>");
    assert_has(&first, "<h1>Gas: 2024</h1>");
    assert_has(
        &first,
        "<a href=\"../../../topics/gas/index.html\"><bdi>Gas</bdi></a>",
    );
    assert_has(
        &first,
        "<a href=\"../../../topics/gas/2024/index.html\" aria-current=\"page\">2024</a>",
    );
    assert_in_order(&first, &["Brief 2", "Brief 1"]);
    for absent in ["Brief 0", "Brief 3", "Talks", "Loose brief"] {
        assert_lacks(&first, absent);
    }
    assert_has(&d.read("public/topics/gas/2024/2/index.html"), "Brief 0");
    assert_in_order(
        &d.read("public/topics/gas/2023/index.html"),
        &["Talks 0", "Talks 1"],
    );
    assert_has(&d.read("public/topics/gas/2023/2/index.html"), "Talks 3");
    assert_has(
        &d.read("public/topics/gas/undated/index.html"),
        "Loose brief",
    );
    // Ann is in four events and named by no brief: split too.
    assert_has(&d.read("public/actors/ann/2023/2/index.html"), "Talks 2");
    // A topic within the limit is one page, as before.
    let oil = d.read("public/topics/oil/index.html");
    assert_has(&oil, "Small brief");
    assert_lacks(&oil, "class=\"parts\"");
    assert!(!d.path().join("public/topics/oil/2024").exists());

    let sitemap = d.read("public/sitemap.xml");
    for url in [
        "topics/gas/2024/2/",
        "topics/gas/undated/",
        "actors/ann/2023/",
    ] {
        assert_has(&sitemap, &format!("{url}</loc>"));
    }
    let broken = common::broken_links(&d.path().join("public"));
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn a_list_limit_of_zero_is_an_error() {
    let d = Dossier::new();
    d.file("dossier.yaml", "title: T\nlist_limit: 0\n");
    d.brief("a", "A", "", "Text.\n");
    let out = d.run(&["check"]).code(1);
    assert_has(
        &out.stderr,
        "error[invalid-value]: `list_limit` in dossier.yaml must be a whole number, at least 1",
    );
}

#[test]
fn a_list_limit_that_is_not_a_number_is_an_error_at_its_line() {
    let d = Dossier::new();
    d.file("dossier.yaml", "title: T\nlist_limit: many\n");
    d.brief("a", "A", "", "Text.\n");
    let out = d.run(&["check"]).code(1);
    assert_has(
        &out.stderr,
        "error[invalid-value]: `list_limit` in dossier.yaml must be a whole number, at least 1",
    );
    assert_has(&out.stderr, "--> dossier.yaml:2:");
}

#[test]
fn a_brief_shows_its_date_at_the_precision_written() {
    let d = Dossier::new();
    d.brief("a", "A", "date: 2023-07\nupdated: 2023-08-02\n", "Text.\n");
    d.build(&[]).success();
    let html = d.read("public/briefs/a/index.html");
    assert_has(&html, "<time datetime=\"2023-07\">July 2023</time>");
    assert_has(
        &html,
        "updated <time datetime=\"2023-08-02\">2 August 2023</time>",
    );
}

#[test]
fn html_in_titles_is_escaped_in_every_output_file() {
    let d = Dossier::new();
    d.brief(
        "a",
        "\"<script>alert(1)</script> & co\"",
        "date: 2024\ntopics: [\"<img src=x onerror=alert(1)>\"]\n",
        "Text.\n",
    );
    d.brief("b", "B", "", "See [[a]].\n");
    d.build(&[]).success();
    let site = common::files(&d.path().join("public"));
    for (name, path) in &site {
        let Ok(text) = std::fs::read_to_string(path) else {
            // The search index is compressed binary: not text to check.
            assert!(name.starts_with("pagefind/"), "{name} is not UTF-8");
            continue;
        };
        // The data exports hold titles as data, not HTML: CSV and JSON
        // strings (tests/exports.rs checks them); timeline.json, which
        // TimelineJS shows as HTML, is checked here.
        let data = [".csv", ".ftm.json", "dossier.json"];
        if name.starts_with("exports/") && data.iter().any(|end| name.ends_with(end)) {
            continue;
        }
        assert_lacks(&text, "<script>");
        assert_lacks(&text, "<img src=x");
        assert_lacks(&format!("{name}: {text}"), "& co");
    }
    let escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co";
    for page in [
        "briefs/a/index.html",
        "briefs/b/index.html",
        "timeline/index.html",
        "atom.xml",
    ] {
        assert_has(&d.read(&format!("public/{page}")), escaped);
    }
    assert_has(
        &d.read("public/topics/img-src-x-onerror-alert-1/index.html"),
        "<h1>&lt;img src=x onerror=alert(1)&gt;</h1>",
    );
}

#[test]
fn non_ascii_names_get_ascii_slugs_and_keep_their_titles() {
    let d = Dossier::new();
    d.brief(
        "a",
        "A",
        "topics: [Türkiye]\nactors: [Владимир Путин, مسعود پزشکیان]\n",
        "Met [[владимир путин]].\n",
    );
    d.build(&[]).success();
    let brief = d.read("public/briefs/a/index.html");
    for name in ["Türkiye", "Владимир Путин", "مسعود پزشکیان"] {
        let chip = format!("\"><bdi>{name}</bdi></a>");
        let end = brief
            .find(&chip)
            .unwrap_or_else(|| panic!("no link to {name} in:\n{brief}"));
        let href = brief[..end].rsplit("href=\"").next().unwrap();
        let path = href.strip_prefix("../../").expect("a relative link");
        assert!(path.is_ascii(), "{name} is at a non-ASCII path {path}");
        let page = d.read(&format!("public/{path}"));
        assert_has(&page, &format!("<h1>{name}</h1>"));
    }
    assert!(d.exists("public/actors/vladimir-putin/index.html"));
    assert!(d.exists("public/topics/turkiye/index.html"));
    assert_has(
        &brief,
        "Met <a href=\"../../actors/vladimir-putin/index.html\" class=\"internal actor\">владимир путин</a>.",
    );
}

/// Briefs naming topics and actors only in front matter, with events.
fn topics_fixture() -> Dossier {
    let d = Dossier::new();
    d.brief(
        "a",
        "Alpha",
        "date: 2024-01\ntopics: [Caspian shipping, sanctions]\nactors: [Iran]\nevents:\n  - date: 2024-01-05\n    title: Ports agreed\n    actors: [Vladimir Putin]\n  - date: 2024-01-06\n    title: Ships sail\n    actors: [Donald Trump]\n",
        "Text.\n",
    );
    d.brief(
        "b",
        "Beta",
        "date: 2024-02\ntopics: [caspian shipping, sanctions]\n",
        "Text.\n",
    );
    d.brief(
        "c",
        "Gamma",
        "date: 2024-03\ntopics: [Caspian Shipping, drones]\n",
        "Text.\n",
    );
    d.brief("d", "Delta", "date: 2024-04\ntopics: [drones]\n", "Text.\n");
    d.build(&[]).success();
    d
}

#[test]
fn a_topic_named_only_in_front_matter_gets_a_page() {
    let d = topics_fixture();
    let html = d.read("public/topics/caspian-shipping/index.html");
    assert_has(&html, "<h1>Caspian shipping</h1>");
    assert_has(
        &d.read("public/topics/index.html"),
        "<a href=\"../topics/caspian-shipping/index.html\"><bdi>Caspian shipping</bdi></a> <span class=\"count\">3 briefs</span>",
    );
}

#[test]
fn a_topic_page_lists_the_briefs_naming_it_newest_first() {
    let d = topics_fixture();
    let html = d.read("public/topics/caspian-shipping/index.html");
    let briefs = section(&html, "Briefs");
    assert_in_order(
        briefs,
        &[
            "<a href=\"../../briefs/c/index.html\"><bdi>Gamma</bdi></a>",
            "<a href=\"../../briefs/b/index.html\"><bdi>Beta</bdi></a>",
            "<a href=\"../../briefs/a/index.html\"><bdi>Alpha</bdi></a>",
        ],
    );
    assert_lacks(briefs, "Delta");
}

#[test]
fn a_topic_page_lists_the_events_of_its_briefs() {
    let d = topics_fixture();
    let events = d.read("public/topics/sanctions/index.html");
    let events = section(&events, "Events");
    assert_in_order(
        events,
        &[
            "<time datetime=\"2024-01-05\">5 January 2024</time>",
            "Ports agreed",
            "in <a href=\"../../briefs/a/index.html\"><bdi>Alpha</bdi></a>",
            "Ships sail",
        ],
    );
    assert_lacks(&d.read("public/topics/drones/index.html"), "Ports agreed");
}

#[test]
fn a_topic_page_lists_related_topics_with_counts_of_shared_briefs() {
    let d = topics_fixture();
    let html = d.read("public/topics/caspian-shipping/index.html");
    assert_in_order(
        section(&html, "Related topics"),
        &[
            "<a href=\"../../topics/sanctions/index.html\"><bdi>sanctions</bdi></a> <span class=\"count\" title=\"briefs in common\">2</span>",
            "<a href=\"../../topics/drones/index.html\"><bdi>drones</bdi></a> <span class=\"count\" title=\"briefs in common\">1</span>",
        ],
    );
}

#[test]
fn an_actor_page_lists_the_events_that_name_it() {
    let d = topics_fixture();
    let html = d.read("public/actors/vladimir-putin/index.html");
    let events = section(&html, "Events");
    assert_has(events, "Ports agreed");
    assert_has(
        events,
        "<a href=\"../../actors/vladimir-putin/index.html\"><bdi>Vladimir Putin</bdi></a>",
    );
    assert_lacks(events, "Ships sail");
    assert_has(
        section(&d.read("public/actors/donald-trump/index.html"), "Events"),
        "Ships sail",
    );
}

/// An event names the actor a brief's `actors:` would name by the same
/// name, whatever other briefs are called: a brief whose alias is written
/// as the event writes the actor is passed over.
#[test]
fn an_event_names_its_actor_whatever_another_brief_is_called() {
    let d = Dossier::new();
    d.file(
        "content/actors/irgc.md",
        "---\ntitle: IRGC\n---\nThe Guards.\n",
    );
    d.brief(
        "a",
        "Alpha",
        "date: 2024-01\naliases: [\"IRGC!\"]\n",
        "Text.\n",
    );
    d.brief(
        "b",
        "Beta",
        "date: 2024-02\nactors: [\"IRGC!\"]\nevents:\n  - date: 2024-02-03\n    title: Drills held\n    actors: [\"IRGC!\"]\n",
        "Text.\n",
    );
    d.build(&[]).success();
    let actor = d.read("public/actors/irgc/index.html");
    assert_has(section(&actor, "Events"), "Drills held");
    assert_has(&actor, "<bdi>Beta</bdi>");
}

#[test]
fn a_template_in_the_dossier_replaces_the_built_in_one() {
    let d = Dossier::new();
    d.file(
        "themes/default/templates/brief.html",
        "CUSTOM {{ page.title }}\n",
    );
    d.brief("a", "Alpha", "topics: [gas]\n", "Text.\n");
    d.build(&[]).success();
    assert_eq!(d.read("public/briefs/a/index.html").trim(), "CUSTOM Alpha");
    let topic = d.read("public/topics/gas/index.html");
    assert_has(&topic, "<!doctype html>");
    assert_has(&topic, "<h1>gas</h1>");
    assert_has(
        &topic,
        "<a href=\"../../briefs/a/index.html\"><bdi>Alpha</bdi></a>",
    );
}

#[test]
fn a_template_that_does_not_compile_is_an_error_and_nothing_is_written() {
    let d = Dossier::new();
    d.file(
        "themes/default/templates/brief.html",
        "{% if page.title %}unclosed\n",
    );
    d.brief("a", "Alpha", "", "Text.\n");
    d.build(&[]).code(1).stderr_has("error[template-error]: ");
    assert!(!d.exists("public"));
}

#[test]
fn a_template_that_fails_on_a_page_names_the_template_and_the_page() {
    let d = Dossier::new();
    d.file(
        "themes/default/templates/brief.html",
        "{{ page.nope.deeper }}\n",
    );
    d.brief("a", "Alpha", "", "Text.\n");
    d.build(&[])
        .code(1)
        .stderr_has("error[template-error]: template brief.html failed on page /briefs/a/: ");
    assert!(!d.exists("public"));
}

#[test]
fn unknown_front_matter_keys_reach_templates_as_extra() {
    let d = Dossier::new();
    d.file(
        "themes/default/templates/brief.html",
        "layout={{ page.extra.layout }}\n",
    );
    d.brief("a", "Alpha", "layout: wide\n", "Text.\n");
    let out = d.build(&[]).success();
    assert_lacks(&out.stderr, "warning");
    assert_eq!(d.read("public/briefs/a/index.html").trim(), "layout=wide");
}

#[test]
fn a_misspelt_front_matter_key_is_a_warning_at_its_line() {
    let d = Dossier::new();
    d.brief("a", "Alpha", "date: 2024\nactor: [Putin]\n", "Text.\n");
    let out = d.build(&[]).success();
    out.stderr_has(
        "warning[unknown-key]: unknown front-matter key `actor`\n --> content/briefs/a.md:4:1\n",
    );
    out.stderr_has("did you mean `actors`?");
    assert_has(&out.stdout, ", with 1 warning");
    assert!(!d.exists("public/actors/putin"));
}

#[test]
fn the_static_folder_is_copied_into_the_output_as_it_is() {
    let d = Dossier::new();
    d.file("static/files/map.txt", "a map\n");
    d.file("static/CNAME", "dossier.example.org\n");
    d.brief("a", "A", "", "Text.\n");
    d.build(&[]).success();
    assert_eq!(d.read("public/files/map.txt"), "a map\n");
    assert_eq!(d.read("public/CNAME"), "dossier.example.org\n");
}

#[test]
fn a_static_file_never_replaces_a_generated_one() {
    let d = Dossier::new();
    d.file("static/robots.txt", "mine\n");
    d.brief("a", "A", "", "Text.\n");
    d.build(&[])
        .success()
        .stderr_has("warning[output-conflict]: static/robots.txt would replace a page dossier generates; it is ignored");
    assert_has(&d.read("public/robots.txt"), "Sitemap: ");
}

#[test]
fn fenced_code_is_highlighted_with_classes_and_a_stylesheet() {
    let d = Dossier::new();
    d.brief(
        "a",
        "A",
        "",
        "```rust\nfn main() { let x = \"<b>\"; }\n```\n",
    );
    d.build(&[]).success();
    let html = d.read("public/briefs/a/index.html");
    assert_has(
        &html,
        "<pre class=\"code\" data-lang=\"rust\"><code class=\"language-rust\">",
    );
    assert_has(&html, "<span class=\"hl-");
    assert_has(&html, "&lt;b&gt;");
    assert_has(
        &html,
        "<link rel=\"stylesheet\" href=\"../../static/syntax.css\">",
    );
    assert_has(&d.read("public/static/syntax.css"), ".hl-");
}

#[test]
fn a_page_without_highlighted_code_does_not_load_the_code_stylesheet() {
    let d = Dossier::new();
    d.brief("a", "A", "", "Plain text, and `inline code`.\n");
    d.build(&[]).success();
    let html = d.read("public/briefs/a/index.html");
    assert_lacks(&html, "syntax.css");
    assert_has(&html, "static/style.css");
}

#[test]
fn feeds_and_the_sitemap_use_absolute_urls_from_base_url() {
    let d = sample();
    d.build(&[]).success();
    let atom = d.read("public/atom.xml");
    assert_has(
        &atom,
        "<link href=\"https://example.org/sample/atom.xml\" rel=\"self\"/>",
    );
    assert_has(
        &atom,
        "<link href=\"https://example.org/sample/briefs/treaty-signed/\"/>",
    );
    for href in attributes(&atom, "href") {
        assert!(href.starts_with("https://example.org/sample/"), "{href}");
    }
    let sitemap = d.read("public/sitemap.xml");
    assert_has(
        &sitemap,
        "<loc>https://example.org/sample/briefs/treaty-signed/</loc><lastmod>2025-01-17</lastmod>",
    );
    let locs: Vec<&str> = sitemap.split("<loc>").skip(1).collect();
    assert!(locs.len() > 5);
    for loc in locs {
        assert!(loc.starts_with("https://example.org/sample/"), "{loc}");
    }
    assert_has(
        &d.read("public/robots.txt"),
        "Sitemap: https://example.org/sample/sitemap.xml",
    );
}

#[test]
fn the_base_url_option_overrides_the_configured_one() {
    let d = sample();
    d.build(&["--base-url", "https://mirror.example.net/x"])
        .success();
    let atom = d.read("public/atom.xml");
    assert_has(
        &atom,
        "<link href=\"https://mirror.example.net/x/briefs/treaty-signed/\"/>",
    );
    assert_has(
        &d.read("public/sitemap.xml"),
        "<loc>https://mirror.example.net/x/topics/gas/</loc>",
    );
    for (name, path) in common::files(&d.path().join("public")) {
        let Ok(text) = std::fs::read_to_string(path) else {
            // The search index is compressed binary: not text to check.
            assert!(name.starts_with("pagefind/"), "{name} is not UTF-8");
            continue;
        };
        assert_lacks(&format!("{name}: {text}"), "example.org/sample");
    }
}

#[test]
fn internal_links_in_pages_are_relative() {
    let d = sample();
    d.build(&[]).success();
    let base = "https://example.org/sample/";
    for (name, path) in common::files(&d.path().join("public")) {
        // The 404 page is served at any depth, so it links by base_url.
        if !name.ends_with(".html") || name == "404.html" {
            continue;
        }
        let html = std::fs::read_to_string(path).unwrap();
        let canonical = format!("{base}{}", name.trim_end_matches("index.html"));
        assert_has(
            &html,
            &format!("<link rel=\"canonical\" href=\"{canonical}\">"),
        );
        for link in attributes(&html, "href")
            .into_iter()
            .chain(attributes(&html, "src"))
        {
            assert!(!link.starts_with('/'), "{name}: root-relative {link}");
            assert!(
                !link.starts_with(base) || link == canonical,
                "{name}: absolute internal link {link}"
            );
        }
    }
    assert_has(
        &d.read("public/briefs/treaty-signed/index.html"),
        "<a href=\"../../briefs/gas-trade/index.html\" class=\"internal brief\">Gas trade</a>",
    );
}

#[test]
fn a_topic_page_shows_summaries_for_its_newest_briefs_only() {
    let d = Dossier::new();
    for day in 1..=27 {
        d.brief(
            &format!("b{day:02}"),
            &format!("Brief {day:02}"),
            &format!(
                "date: 2024-01-{day:02}\ntopics: [gas]\nsummary: Summary of brief {day:02}.\n"
            ),
            "Text.\n",
        );
    }
    d.build(&[]).success();
    let topic = d.read("public/topics/gas/index.html");
    assert_in_order(
        &topic,
        &[
            "Brief 27",
            "Summary of brief 27.",
            "Brief 03",
            "Summary of brief 03.",
            "Brief 02",
            "Brief 01",
        ],
    );
    assert_lacks(&topic, "Summary of brief 02.");
    assert_lacks(&topic, "Summary of brief 01.");
}

/// A page named like a folder the site writes itself (the briefing pack,
/// search, its index, the graph, the timeline) cannot take that address:
/// it is served under `pages/`, and the site's own page stays.
#[test]
fn pages_named_like_the_sites_own_folders_move_under_pages() {
    let d = Dossier::new();
    d.brief("a", "Alpha", "", "Text.\n");
    for name in ["print", "search", "pagefind", "graph", "timeline", "topics"] {
        d.file(
            &format!("content/{name}.md"),
            &format!("---\ntitle: About {name}\n---\nA page called {name}.\n"),
        );
    }
    d.build(&[]).success();
    for name in ["print", "search", "pagefind", "graph", "timeline", "topics"] {
        assert_has(
            &d.read(&format!("public/pages/{name}/index.html")),
            &format!("A page called {name}."),
        );
    }
    assert_has(&d.read("public/print/index.html"), "<title>Briefing pack");
    assert_has(&d.read("public/graph/index.html"), "<title>Graph");
    assert!(!d.exists("public/pagefind/index.html"));
    let broken = common::broken_links(&d.path().join("public"));
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

/// Without `summary:`, the first paragraph is the summary lists and feeds
/// show; the page itself prints it once, in its body, not again as a
/// lead above it. A written `summary:` is a lead of its own.
#[test]
fn a_first_paragraph_summary_is_not_printed_twice_on_its_page() {
    let d = Dossier::new();
    d.brief(
        "a",
        "Alpha",
        "date: 2024-01-01\nactors: [Ann]\ntopics: [Gas]\n",
        "The lead sentence here.\n\nSecond paragraph.\n",
    );
    d.brief(
        "b",
        "Beta",
        "date: 2024-01-02\nsummary: Written lead.\n",
        "Body text.\n",
    );
    d.file(
        "content/actors/ann.md",
        "---\ntitle: Ann\n---\nAnn is a solitary sentence.\n",
    );
    d.file(
        "content/topics/gas.md",
        "---\ntitle: Gas\n---\nGas is a topic sentence.\n",
    );
    d.build(&[]).success();
    let count = |path: &str, text: &str| d.read(path).matches(text).count();
    assert_eq!(
        count("public/briefs/a/index.html", "The lead sentence here."),
        1
    );
    assert_eq!(
        count(
            "public/actors/ann/index.html",
            "Ann is a solitary sentence."
        ),
        1
    );
    assert_eq!(
        count("public/topics/gas/index.html", "Gas is a topic sentence."),
        1
    );
    assert_eq!(
        count("public/print/index.html", "The lead sentence here."),
        1
    );
    assert_has(
        &d.read("public/briefs/b/index.html"),
        "<p class=\"summary\">Written lead.</p>",
    );
    // Lists still show the derived summary.
    assert_has(&d.read("public/index.html"), "The lead sentence here.");
    assert_has(
        &d.read("public/topics/gas/index.html"),
        "The lead sentence here.",
    );
}

/// `tags:` (an Obsidian and Hugo habit) is not read as topics: it is a
/// warning at its key with a hint to use `topics:`, and stays in
/// `page.extra`. An inline `#tag` in the text stays text.
#[test]
fn tags_are_a_warning_pointing_to_topics_and_inline_hashtags_stay_text() {
    let d = Dossier::new();
    d.brief(
        "a",
        "Alpha",
        "date: 2024\ntags: [energy]\n",
        "Protesters chanted \"#NoDeal\" outside. #energy\n",
    );
    let out = d.build(&[]).success();
    out.stderr_has(
        "warning[unknown-key]: unknown front-matter key `tags`\n --> content/briefs/a.md:4:1\n",
    );
    out.stderr_has("dossier calls these `topics`: rename the key to `topics:`");
    assert!(!d.exists("public/topics/energy"));
    let page = d.read("public/briefs/a/index.html");
    assert_has(&page, "#NoDeal");
    assert_has(&page, "outside. #energy</p>");
}

/// Mermaid diagrams are not drawn (README): a `mermaid` block is code,
/// escaped, with no script added to the page.
#[test]
fn a_mermaid_block_is_shown_as_code() {
    let d = Dossier::new();
    d.brief(
        "a",
        "Alpha",
        "date: 2024\n",
        "```mermaid\ngraph TD; A-->B;\n```\n",
    );
    d.build(&[]).success();
    let page = d.read("public/briefs/a/index.html");
    assert_has(
        &page,
        "<pre class=\"code\" data-lang=\"mermaid\"><code class=\"language-mermaid\">graph TD; A--&gt;B;",
    );
    assert_lacks(&page, "mermaid.js");
    assert_lacks(&page, "mermaid.min.js");
}

#[test]
fn a_briefs_contents_and_backlink_count_sit_in_the_rail_before_its_text() {
    let d = Dossier::new();
    d.brief(
        "a",
        "A",
        "",
        "Intro.\n\n## One\n\nx\n\n## Two\n\ny\n\n## Three\n\nz\n",
    );
    d.brief("b", "B", "", "See [[A]].\n");
    d.brief("c", "C", "", "Also [[A]].\n");
    d.brief("d", "D", "", "Alone.\n");
    d.build(&[]).success();
    let html = d.read("public/briefs/a/index.html");
    assert_in_order(
        &html,
        &[
            "<aside class=\"rail\"",
            "<nav class=\"toc\" aria-label=\"Contents\">",
            "<a href=\"#one\">One</a>",
            "static/toc.js\" defer></script>",
            "class=\"graph-figure\"",
            "Pages one link away from A",
            "<a href=\"#backlinks-title\">Linked from 2 pages</a>",
            "</aside>",
            "<div class=\"prose\">",
            "id=\"backlinks-title\"",
        ],
    );
    // A brief with no headings, sources, links or backlinks has no rail.
    assert_lacks(&d.read("public/briefs/d/index.html"), "class=\"rail\"");
}

/// `--timings` says how long each stage took and how much of the render
/// was Tera's, so a slow build can be traced to the templates; a build
/// that found the folder up to date rendered nothing and says so only.
#[test]
fn timings_name_each_stage_and_the_time_spent_in_templates() {
    let d = Dossier::new();
    d.brief("b1", "Gas talks", "", "Body.\n");
    let first = d.build(&["--timings", "--no-git"]);
    let first = first.success();
    let timings = first
        .stderr
        .lines()
        .find(|l| l.starts_with("timings: "))
        .unwrap_or_else(|| panic!("no timings line in: {}", first.stderr));
    for stage in ["load", "link", "render", "write"] {
        assert_has(timings, &format!(" {stage} "));
    }
    first.stderr_has("ms of CPU making Tera's values of the pages' data, ");
    first.stderr_has("ms running the templates (summed over threads)");
    let again = d.build(&["--timings", "--no-git"]);
    let again = again.success();
    assert_has(&again.stdout, "is up to date");
    assert_lacks(&again.stderr, "templates:");
}

/// `build` holds each page's body packed from when it is parsed until a
/// page showing it is rendered: what it writes is, byte for byte, what a
/// build that holds its bodies as written makes in memory, in any script.
#[test]
fn the_written_site_is_the_site_rendered_with_bodies_held_as_written() {
    for d in [sample(), common::languages_sample()] {
        d.build(&["--no-git", "--no-search"]).success();
        let mut options = dossier::BuildOptions::new(d.path());
        options.git = false;
        options.search = false;
        let rendered = dossier::build::render_site(&options)
            .unwrap_or_else(|_| panic!("the build in memory failed"));
        let written = common::files(&d.path().join("public"));
        let mut compared = 0;
        for file in rendered.files.iter().filter(|f| f.copy.is_none()) {
            let path = written
                .get(&file.path)
                .unwrap_or_else(|| panic!("{} was not written", file.path));
            let plain = file.plain().expect("a file made in memory unpacks");
            assert!(
                std::fs::read(path).unwrap() == *plain,
                "{} differs from the build in memory",
                file.path
            );
            compared += 1;
        }
        assert!(compared > 20, "only {compared} files compared");
        if written.contains_key("briefs/iran-russia/index.html") {
            let page = d.read("public/briefs/iran-russia/index.html");
            assert_has(&page, "ایران و روسیه پیمان مشارکت راهبردی جامع");
        }
    }
}
