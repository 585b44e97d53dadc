//! The front page as a reader arriving at a dossier sees it: the title and
//! standfirst, the key judgements written in `_index.md`, the latest briefs
//! newest first, the most recent events, the topics and key actors with how
//! many briefs name them, and the latest corrections from git; drafts left
//! out; sections with nothing to show left out; an empty dossier builds.
//! Also the graph's list for narrow screens and the size of a sparse local
//! graph.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Dossier, assert_has, assert_in_order, assert_lacks, broken_links, git, section};

/// A dossier with nine dated briefs (the newest a draft), twelve events,
/// three topics and three actors named by different numbers of briefs.
fn briefing() -> Dossier {
    let d = Dossier::new();
    d.file(
        "dossier.yaml",
        "title: Straits\ndescription: Who moves what through the straits.\nbase_url: https://example.org/straits/\n",
    );
    d.file(
        "content/_index.md",
        "---\ntitle: The straits dossier\n---\n\n> [!key-judgement] Key judgements\n> - Traffic will keep falling.\n\nAn introduction.\n",
    );
    d.file(
        "content/actors/port-authority.md",
        "---\ntitle: Port authority\nkind: organisation\n---\n\nRuns the port.\n",
    );
    for month in 1..=8 {
        let actors = match month {
            1..=5 => "actors: [Port authority, Coast guard]\n",
            6 | 7 => "actors: [Coast guard]\n",
            _ => "actors: [Harbour master]\n",
        };
        let topics = if month % 2 == 0 {
            "topics: [Shipping, Tolls]\n"
        } else {
            "topics: [Shipping]\n"
        };
        let events = format!(
            "events:\n  - date: 2024-{month:02}-03\n    title: Event {month}a\n  - date: 2024-{month:02}\n    title: Event {month}b\n"
        );
        d.brief(
            &format!("b{month}"),
            &format!("Brief {month}"),
            &format!("date: 2024-{month:02}-10\nsummary: Summary of brief {month}.\n{topics}{actors}{events}"),
            "Body.\n",
        );
    }
    d.brief(
        "secret",
        "A draft brief",
        "date: 2025-01-01\ndraft: true\nevents:\n  - date: 2025-01-01\n    title: Draft event\n",
        "Not yet.\n",
    );
    d
}

#[test]
fn the_front_page_briefs_from_the_model() {
    let d = briefing();
    d.build(&["--no-git"]).success();
    let html = d.read("public/index.html");
    // Title, standfirst, the key judgements, then the lists.
    assert_in_order(
        &html,
        &[
            "<h1>The straits dossier</h1>",
            "Who moves what through the straits.",
            "callout-key-judgement",
            "Traffic will keep falling.",
            ">Latest briefs</h2>",
        ],
    );
    assert_has(&html, "8 briefs</a> · 16 events");

    // The six newest briefs, newest first, with date and summary.
    let latest = section(&html, "Latest briefs");
    assert_in_order(
        latest,
        &[
            "<time datetime=\"2024-08-10\">10 August 2024</time>",
            "Brief 8",
            "Summary of brief 8.",
            "Brief 7",
            "Brief 6",
            "Brief 5",
            "Brief 4",
            "Brief 3",
        ],
    );
    assert_lacks(latest, "Brief 2<");
    assert_lacks(&html, "A draft brief");
    assert_lacks(&html, "Draft event");

    // The eight most recent events, newest first, dates as written, each
    // linking its brief; then the full timeline.
    let events = section(&html, "Recent events");
    assert_in_order(
        events,
        &[
            ">3 August 2024</time> <a href=\"briefs/b8/index.html\"><bdi>Event 8a</bdi>",
            ">August 2024</time> <a href=\"briefs/b8/index.html\"><bdi>Event 8b</bdi>",
            "Event 7a",
            "Event 7b",
            "Event 5b",
            "href=\"timeline/index.html\"",
        ],
    );
    assert_lacks(events, "Event 4a");
    assert_eq!(events.matches("<li>").count(), 8);

    // Topics and actors with how many briefs name them, most first.
    let topics = section(&html, "Topics");
    assert_in_order(
        topics,
        &[
            "Shipping</bdi></a> <span class=\"count\">8",
            "Tolls</bdi></a> <span class=\"count\">4",
        ],
    );
    let actors = section(&html, "Key actors");
    assert_in_order(
        actors,
        &[
            "Coast guard</bdi></a> <span class=\"count\">7",
            "Port authority</bdi></a> <span class=\"kind\">organisation</span> <span class=\"count\">5",
            "Harbour master</bdi></a> <span class=\"count\">1",
        ],
    );
    // Without git there are no corrections to tell of.
    assert_lacks(&html, "Latest corrections");
    assert!(broken_links(&d.path().join("public")).is_empty());
}

#[test]
fn a_written_summary_is_the_standfirst_and_lists_are_capped() {
    let d = Dossier::new();
    d.file(
        "dossier.yaml",
        "title: Many\ndescription: The configured one.\n",
    );
    d.file(
        "content/_index.md",
        "---\ntitle: Many\nsummary: Its own standfirst.\n---\n\nHello.\n",
    );
    for i in 0..15 {
        d.brief(
            &format!("b{i:02}"),
            &format!("Brief {i:02}"),
            &format!(
                "date: 2024-01-{:02}\nactors: [Actor {i:02}]\ntopics: [Topic {i:02}]\n",
                i + 1
            ),
            "Body.\n",
        );
    }
    d.build(&["--no-git"]).success();
    let html = d.read("public/index.html");
    assert_has(
        &html,
        "<p class=\"summary standfirst\">Its own standfirst.</p>",
    );
    assert_lacks(&html, "standfirst\">The configured one.");
    assert_eq!(section(&html, "Key actors").matches("<li>").count(), 8);
    assert_has(section(&html, "Key actors"), "All 15 actors →");
    assert_eq!(section(&html, "Topics").matches("<li>").count(), 12);
    assert_has(section(&html, "Topics"), "All 15 topics →");
    assert_eq!(section(&html, "Latest briefs").matches("<li>").count(), 6);
}

#[test]
fn a_dossier_without_events_topics_or_briefs_leaves_those_sections_out() {
    let d = Dossier::new();
    d.file("dossier.yaml", "title: Bare\n");
    d.brief("only", "Only brief", "date: 2024-05\n", "Body.\n");
    d.build(&["--no-git"]).success();
    let html = d.read("public/index.html");
    assert_has(section(&html, "Latest briefs"), "Only brief");
    for gone in [
        "Recent events",
        "Topics",
        "Key actors",
        "Latest corrections",
    ] {
        assert_lacks(&html, &format!(">{gone}</h2>"));
    }

    // An empty dossier still has a front page, with nothing to list.
    let empty = Dossier::new();
    empty.file("dossier.yaml", "title: Empty\n");
    empty.file(
        "content/about.md",
        "---\ntitle: About\n---\n\nNothing yet.\n",
    );
    empty.build(&["--no-git"]).success();
    let html = empty.read("public/index.html");
    assert_has(&html, "<h1>Empty</h1>");
    assert_has(&html, "0 briefs</a>");
    assert_lacks(&html, ">Latest briefs</h2>");
    assert!(broken_links(&empty.path().join("public")).is_empty());
}

#[test]
fn the_latest_corrections_come_from_git_newest_first() {
    let d = briefing();
    let top = d.path();
    git(top, "2025-01-01T10:00:00+00:00", &["init", "-q"]);
    git(top, "2025-01-01T10:00:00+00:00", &["add", "-A"]);
    git(
        top,
        "2025-01-01T10:00:00+00:00",
        &["commit", "-qm", "Start"],
    );
    d.build(&[]).success();
    let html = d.read("public/index.html");
    assert_has(
        section(&html, "Latest corrections"),
        "No corrections so far.",
    );

    d.brief("b3", "Brief 3", "date: 2024-03-11\n", "Body, fixed.\n");
    git(top, "2025-02-01T10:00:00+00:00", &["add", "-A"]);
    git(
        top,
        "2025-02-01T10:00:00+00:00",
        &[
            "commit",
            "-qm",
            "Fix a date",
            "-m",
            "Correction: Brief 3 is dated 11 March.",
        ],
    );
    d.brief("b5", "Brief 5", "date: 2024-05-11\n", "Body, fixed.\n");
    git(top, "2025-03-01T10:00:00+00:00", &["add", "-A"]);
    git(
        top,
        "2025-03-01T10:00:00+00:00",
        &[
            "commit",
            "-qm",
            "Fix another",
            "-m",
            "Correction: Brief 5 is dated 11 May.",
        ],
    );
    d.build(&[]).success();
    let html = d.read("public/index.html");
    let corrections = section(&html, "Latest corrections");
    assert_in_order(
        corrections,
        &[
            "<time datetime=\"2025-03-01\">1 March 2025</time> Brief 5 is dated 11 May. · <a href=\"briefs/b5/index.html\"><bdi>Brief 5</bdi>",
            "<time datetime=\"2025-02-01\">1 February 2025</time> Brief 3 is dated 11 March. · <a href=\"briefs/b3/index.html\"><bdi>Brief 3</bdi>",
            "href=\"changes/index.html\"",
        ],
    );
    assert_lacks(corrections, "No corrections so far.");
}

#[test]
fn the_graph_has_a_list_for_narrow_screens_and_a_sparse_local_graph_is_small() {
    let d = Dossier::new();
    d.file("dossier.yaml", "title: Pair\n");
    d.file(
        "content/actors/lone.md",
        "---\ntitle: Lone actor\nkind: person\n---\n\nAlone.\n",
    );
    d.brief(
        "one",
        "The one brief",
        "date: 2024\nactors: [Lone actor]\ntopics: [Ports]\n",
        "Body.\n",
    );
    d.build(&["--no-git"]).success();
    let graph = d.read("public/graph/index.html");
    let list = &graph[graph.find("class=\"graph-list\"").expect("a graph list")..];
    assert_in_order(
        list,
        &[
            ">Topics <span class=\"count\">1</span></h2>",
            "<a href=\"../topics/ports/index.html\"><bdi>Ports</bdi></a><span class=\"links\"><a href=\"../briefs/one/index.html\"><bdi>The one brief</bdi></a>",
            ">Actors <span class=\"count\">1</span></h2>",
            "<bdi>Lone actor</bdi></a><span class=\"links\"><a href=\"../briefs/one/index.html\">",
            ">Briefs <span class=\"count\">1</span></h2>",
            "<bdi>The one brief</bdi></a><span class=\"links\"><a href=\"../actors/lone/index.html\"><bdi>Lone actor</bdi></a>, <a href=\"../topics/ports/index.html\">",
        ],
    );

    // The actor's graph holds it and its one brief, in a box its size.
    let actor = d.read("public/actors/lone/index.html");
    let svg = &actor[actor
        .find("<svg class=\"graph local\"")
        .expect("a local graph")..];
    let attr = |name: &str| -> f64 {
        let at = svg.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
        svg[at..at + svg[at..].find('"').unwrap()].parse().unwrap()
    };
    let (width, height) = (attr("width"), attr("height"));
    assert!(width <= 300.0 && height <= 160.0, "{width} × {height}");
    assert_eq!(svg.matches("<circle").count(), 2);
}

/// A brief's local graph is a star: a line from the brief to each page it
/// is joined to, and none between those pages, though one of them (the
/// other brief) names another (the topic).
#[test]
fn a_briefs_local_graph_joins_only_the_brief_to_its_neighbours() {
    let d = Dossier::new();
    d.file("dossier.yaml", "title: Star\n");
    d.brief(
        "one",
        "The one brief",
        "date: 2024\nactors: [Lone actor]\ntopics: [Ports]\n",
        "See [[The other brief]].\n",
    );
    d.brief(
        "two",
        "The other brief",
        "date: 2024\ntopics: [Ports]\n",
        "Back to [[The one brief]].\n",
    );
    d.build(&["--no-git"]).success();
    let page = d.read("public/briefs/one/index.html");
    let svg = &page[page
        .find("<svg class=\"graph local\"")
        .expect("a local graph")..];
    assert_eq!(svg.matches("<circle").count(), 4, "{svg}");
    let at = svg.find("class=\"edges\" d=\"").expect("edges") + 17;
    let path = &svg[at..at + svg[at..].find('"').expect("end of path")];
    let starts: Vec<&str> = path
        .split('M')
        .skip(1)
        .map(|segment| segment.split('L').next().unwrap_or_default())
        .collect();
    // Three lines (topic, actor, other brief), all from the brief.
    assert_eq!(starts.len(), 3, "{path}");
    assert!(starts.iter().all(|s| *s == starts[0]), "{path}");
    let (x, y) = starts[0].split_once(' ').expect("x y");
    let center = &svg[svg.find("node brief center").expect("the brief")..];
    assert_has(center, &format!("<circle cx=\"{x}\" cy=\"{y}\""));
}
