//! Unlinked mentions (`unlinked-mention` notes, "Also mentioned in") and
//! the `strict:` setting that makes notes warnings.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Dossier;

/// A dossier whose only note is an attachment no page links to.
fn with_unused_attachment(config: &str) -> Dossier {
    let d = Dossier::new();
    d.file("dossier.yaml", config);
    d.bytes("content/briefs/report.pdf", b"%PDF report");
    d.brief("corridor", "Corridor", "", "No links.\n");
    d
}

#[test]
fn strict_makes_the_notes_it_names_warnings_in_check() {
    let plain = with_unused_attachment("title: T\n");
    let check = plain.run(&["check"]).success();
    check.stderr_has("note[unused-attachment]");
    check.stderr_has("no problems found");

    let strict = with_unused_attachment("title: T\nstrict: [unused-attachment]\n");
    let check = strict.run(&["check"]).success();
    check.stderr_has("warning[unused-attachment]");
    check.stderr_has("found 0 errors and 1 warning");
    // A warning everywhere: `build` shows it too, where it drops the note.
    strict.build(&[]).success().stderr_has(
        "warning[unused-attachment]: no published page links to content/briefs/report.pdf",
    );
    let build = plain.build(&[]).success();
    assert!(
        !build.stderr.contains("unused-attachment"),
        "{}",
        build.stderr
    );
}

#[test]
fn strict_with_an_unknown_code_warns_at_it_naming_the_codes() {
    let d = with_unused_attachment("title: T\nstrict: [unused-attachment, unlinked-mentions]\n");
    let check = d.run(&["check"]).success();
    check.stderr_has(
        "warning[unknown-strict-code]: `strict` in dossier.yaml names `unlinked-mentions`",
    );
    check.stderr_has("--> dossier.yaml:2:29");
    check.stderr_has("unlinked-mention, single-source, low-grade-sources, unused-attachment");
    check.stderr_has("warning[unused-attachment]");

    let block = with_unused_attachment("title: T\nstrict:\n  - nope\n");
    block
        .run(&["check"])
        .success()
        .stderr_has("--> dossier.yaml:3:");
}

/// A dossier with the actor Russia (aliases Moscow and Россия), the topic
/// Gas and a brief `a` whose body is `body`.
fn with_names(body: &str) -> Dossier {
    let d = Dossier::new();
    d.file(
        "content/actors/russia.md",
        "---\ntitle: Russia\naliases: [Moscow, \"Россия\", RU]\n---\n\nA state. Russia is its own name here.\n",
    );
    d.file("content/topics/gas.md", "---\ntitle: Gas\n---\n\nFuel.\n");
    d.brief("a", "Alpha", "date: 2024-01-01\n", body);
    d
}

#[test]
fn a_name_without_a_link_is_a_note_at_its_place_with_the_link_to_write() {
    let d = with_names("First line.\nTrade with moscow grew.\n");
    let check = d.run(&["check"]).success();
    check.stderr_has("note[unlinked-mention]: names Russia without a link");
    check.stderr_has("--> content/briefs/a.md:7:12");
    check.stderr_has("write [[moscow]] or [[Russia|moscow]]");
    check.stderr_has("no problems found");
    let build = d.build(&[]).success();
    assert!(
        !build.stderr.contains("unlinked-mention"),
        "{}",
        build.stderr
    );
}

#[test]
fn strict_or_strict_mentions_makes_it_a_warning() {
    let d = with_names("Russia sells gas.\n");
    let check = d.run(&["check", "--strict-mentions"]).success();
    check.stderr_has("warning[unlinked-mention]: names Russia without a link");
    check.stderr_has("warning[unlinked-mention]: names Gas without a link");
    check.stderr_has("found 0 errors and 2 warnings");
    d.build(&["--strict-mentions"])
        .success()
        .stderr_has("warning[unlinked-mention]: names Gas without a link");

    d.file("dossier.yaml", "title: T\nstrict: [unlinked-mention]\n");
    d.run(&["check"])
        .success()
        .stderr_has("warning[unlinked-mention]: names Russia without a link");
    let build = d.build(&[]).success();
    build.stderr_has("warning[unlinked-mention]");
    assert!(build.stdout.contains("with 2 warnings"), "{}", build.stdout);
}

#[test]
fn names_in_code_links_headings_alt_text_or_the_own_page_are_no_mentions() {
    let body = "# Russia rising\n\n`Russia` in code and [about Russia](https://example.org/) and\n[[Gas|gas from Russia]] and ![Russia map](https://example.org/m.png).\n\n```\nRussia\n```\n\n<div>Russia</div>\n";
    assert_no_mention_in(body);
}

#[test]
fn a_name_inside_a_longer_word_is_no_mention_and_short_names_are_skipped() {
    assert_no_mention_in("Russian and Muscovite trade, gasoline, RU.\n");
}

/// `check` of a brief with `body`, beside the named pages, notes no
/// unlinked mention.
fn assert_no_mention_in(body: &str) {
    let check = with_names(body).run(&["check"]).success();
    assert!(
        !check.stderr.contains("unlinked-mention"),
        "{}",
        check.stderr
    );
}

#[test]
fn a_cyrillic_alias_is_found_case_insensitively() {
    let d = with_names("Газ и «РОССИЯ» рядом.\n");
    let check = d.run(&["check"]).success();
    check.stderr_has("note[unlinked-mention]: names Russia without a link");
    check.stderr_has("--> content/briefs/a.md:6:8");
    check.stderr_has("write [[РОССИЯ]] or [[Russia|РОССИЯ]]");
}

#[test]
fn each_page_reports_each_target_once_and_none_it_links() {
    let d = with_names("Russia, Russia, Russia.\n\nMoscow again, and gas. See [[Gas]].\n");
    let check = d.run(&["check"]).success();
    assert_eq!(
        check.stderr.matches("names Russia").count(),
        1,
        "{}",
        check.stderr
    );
    assert!(!check.stderr.contains("names Gas"), "{}", check.stderr);
}

#[test]
fn the_target_page_lists_where_it_is_mentioned_with_the_sentence() {
    let d = with_names("Opening line. Trade with Moscow grew fast. Nothing else.\n");
    d.brief(
        "b",
        "Beta",
        "date: 2024-01-02\n",
        "Russia twice: russia. Alpha too.\n",
    );
    d.build(&[]).success();
    let page = d.read("public/actors/russia/index.html");
    let at = page
        .find("<details class=\"mentions\">")
        .expect("the mentions list");
    let mentions = &page[at..];
    assert!(
        mentions.contains("<summary>Also mentioned in (2)</summary>"),
        "{mentions}"
    );
    assert!(
        mentions.contains("Trade with <mark>Moscow</mark> grew fast."),
        "{mentions}"
    );
    assert!(
        mentions.contains("href=\"../../briefs/a/index.html\""),
        "{mentions}"
    );
    assert!(mentions.contains("><bdi>Beta</bdi></a>"), "{mentions}");
    assert!(page.find("Linked from").is_none_or(|l| l < at));
    let alpha = d.read("public/briefs/a/index.html");
    assert!(
        alpha.contains("<summary>Also mentioned in (1)</summary>"),
        "{alpha}"
    );
    assert!(alpha.contains("<mark>Alpha</mark> too."), "{alpha}");
    let gas = d.read("public/topics/gas/index.html");
    assert!(!gas.contains("Also mentioned in"));
}

/// `build` lets go of each file's text once it is parsed and reads it
/// again for the mentions and the lines its warnings show; `check` holds
/// every text. A file with a byte-order mark, in Russian and Persian,
/// reads back the same: the same warnings at the same places, and the
/// page shows the sentence.
#[test]
fn a_build_reads_each_text_again_as_check_holds_it_in_any_script() {
    let d = with_names("");
    d.file("dossier.yaml", "title: T\nstrict: [unlinked-mention]\n");
    d.file(
        "content/briefs/a.md",
        "\u{feff}---\ntitle: Alpha\ndate: 2024-01-01\n---\n\n\
         گاز می‌رود. Россия продаёт газ.\n",
    );
    let warnings = |stderr: &str| -> Vec<String> {
        let lines = stderr
            .lines()
            .filter(|l| !l.contains("found ") && !l.contains("built "));
        lines.map(str::to_string).collect()
    };
    let check = d.run(&["check"]).success();
    let build = d.build(&[]).success();
    build.stderr_has("warning[unlinked-mention]: names Russia without a link");
    build.stderr_has("--> content/briefs/a.md:6:13");
    build.stderr_has("Россия продаёт газ.");
    let shown = warnings(&check.stderr);
    assert!(
        shown.iter().any(|l| l.contains("^^^^^^")),
        "{}",
        check.stderr
    );
    let built = warnings(&build.stderr);
    for line in &shown {
        assert!(
            built.contains(line),
            "{line:?} is not in the build's\n{}",
            build.stderr
        );
    }
    let page = d.read("public/actors/russia/index.html");
    assert!(page.contains("<mark>Россия</mark> продаёт газ."), "{page}");
}

/// Builds `root` with a builder kept between rebuilds and checks each
/// rebuild against a fresh build.
mod rebuild {
    use std::path::Path;

    use dossier::BuildOptions;
    use dossier::build::rebuild::Builder;
    use dossier::build::render_site;
    use dossier::diagnostic::render_human;

    fn write(root: &Path, rel: &str, text: &str) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn matches_fresh(builder: &mut Builder, root: &Path) {
        let rebuilt = builder.rebuild().unwrap_or_else(|_| panic!("rebuild"));
        let fresh = render_site(&BuildOptions::new(root)).unwrap_or_else(|_| panic!("fresh"));
        assert_eq!(rebuilt.files.len(), fresh.files.len());
        for (a, b) in rebuilt.files.iter().zip(fresh.files.iter()) {
            assert_eq!(a.path, b.path);
            // As written: `serve`'s builder holds its pages packed.
            let plain = a.plain().unwrap();
            assert!(*plain == *b.bytes, "{} differs from a fresh build", a.path);
        }
        let shown = |d: &[dossier::Diagnostic]| d.iter().map(render_human).collect::<Vec<_>>();
        assert_eq!(shown(&rebuilt.diagnostics), shown(&fresh.diagnostics));
    }

    const A: &str =
        "---\ntitle: Alpha\ndate: 2024-01-02\n---\n\nAlpha opens here.\n\nA quiet paragraph.\n";
    const B: &str = "---\ntitle: Beta\ndate: 2024-01-03\n---\n\nBeta text.\n";

    #[test]
    fn body_edits_and_renames_change_the_mentions_as_a_fresh_build_does() {
        edits_and_renames(Builder::new);
    }

    /// As above, with the pages, bodies and texts held packed between
    /// rebuilds, as `serve` holds them: the prose searched again is read
    /// from the packed text. `strict:` makes each mention a warning,
    /// which shows its line.
    #[test]
    fn mentions_are_found_in_texts_held_packed_as_in_texts_as_written() {
        edits_and_renames(|options| Builder::new(options).packing_pages());
    }

    fn edits_and_renames(builder: impl Fn(BuildOptions) -> Builder) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "content/briefs/a.md", A);
        write(root, "content/briefs/b.md", B);
        write(
            root,
            "dossier.yaml",
            "title: T\nstrict: [unlinked-mention]\n",
        );
        let mut builder = builder(BuildOptions::new(root));
        builder.rebuild().unwrap_or_else(|_| panic!("first build"));
        // A mention appears in a body edit that touches no link.
        write(root, "content/briefs/a.md", &A.replace("A quiet", "A Beta"));
        matches_fresh(&mut builder, root);
        // Its sentence changes further on.
        write(
            root,
            "content/briefs/a.md",
            &A.replace("A quiet paragraph.", "A Beta\nparagraph grew."),
        );
        matches_fresh(&mut builder, root);
        // A new alias makes other words a mention.
        write(
            root,
            "content/briefs/b.md",
            &B.replace("title: Beta\n", "title: Beta\naliases: [Alpha opens]\n"),
        );
        matches_fresh(&mut builder, root);
        // And it goes again.
        write(root, "content/briefs/a.md", A);
        matches_fresh(&mut builder, root);
    }
}

#[test]
fn a_name_with_an_apostrophe_is_found_and_its_hint_names_it() {
    let d = with_names("Trade grew.\n");
    d.file(
        "content/topics/nuclear.md",
        "---\ntitle: Iran's nuclear programme\n---\n\nEnrichment.\n",
    );
    d.brief(
        "b",
        "Beta",
        "date: 2024-01-02\n",
        "Then Iran's nuclear programme grew.\n",
    );
    let check = d.run(&["check"]).success();
    check.stderr_has("note[unlinked-mention]: names Iran's nuclear programme without a link");
    assert!(!check.stderr.contains("[[]]"), "{}", check.stderr);
}

#[test]
fn a_page_named_by_many_lists_the_first_hundred_and_says_how_many() {
    let d = with_names("Moscow once.\n");
    for n in 0..120 {
        d.brief(
            &format!("m{n:03}"),
            &format!("Mentioner {n:03}"),
            "date: 2024-01-02\n",
            "Moscow again, in Russian: Россия.\n",
        );
    }
    d.build(&[]).success();
    let page = d.read("public/actors/russia/index.html");
    let at = page
        .find("<details class=\"mentions\">")
        .expect("the mentions list");
    let mentions = &page[at..page[at..].find("</details>").map_or(page.len(), |e| at + e)];
    assert!(
        mentions.contains("<summary>Also mentioned in (121)</summary>"),
        "{mentions}"
    );
    assert_eq!(mentions.matches("<li>").count(), 100, "{mentions}");
    assert!(
        mentions.contains("The first 100 of 121: <code>dossier check</code> lists every one."),
        "{mentions}"
    );
    // Each mentioner is one note in check, whatever the page shows.
    let check = d.run(&["check"]);
    let notes = format!("{}{}", check.stdout, check.stderr);
    assert_eq!(notes.matches("note[unlinked-mention]").count(), 121);
}
