//! The output folder: deterministic bytes, no needless rewrites, stale files
//! removed but the user's own files kept, nothing touched by a failed build,
//! and no build into the dossier's own folders.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::time::SystemTime;

use common::{Dossier, assert_has, sample};

type Snapshot = BTreeMap<String, (Vec<u8>, SystemTime)>;

/// The files whose bytes or modification time differ between snapshots,
/// or that exist in only one of them.
/// The search index (`pagefind/`) changes with any text, and the manifest
/// with the index's file names, so both are left out.
fn changed(before: &Snapshot, after: &Snapshot) -> BTreeSet<String> {
    let indexed = cfg!(feature = "search");
    before
        .keys()
        .chain(after.keys())
        .filter(|name| {
            !(indexed && (name.starts_with("pagefind/") || *name == ".dossier-manifest"))
        })
        .filter(|name| before.get(*name) != after.get(*name))
        .cloned()
        .collect()
}

/// Briefs `a` (which links `b` in its second paragraph), `b` and `c`,
/// built once, with every output file dated far in the past.
fn built_and_aged(a_body: &str) -> Dossier {
    let d = Dossier::new();
    d.brief(
        "a",
        "Alpha",
        "date: 2024-01\nsummary: About alpha.\ntopics: [gas]\n",
        a_body,
    );
    d.brief(
        "b",
        "Beta",
        "date: 2024-02\nsummary: About beta.\n",
        "Beta.\n",
    );
    d.brief(
        "c",
        "Gamma",
        "date: 2024-03\nsummary: About gamma.\n",
        "Gamma.\n",
    );
    d.build(&[]).success();
    d.age("public");
    d
}

const A_BODY: &str = "Plain text.\n\nIt mentions [[Beta]] here.\n";

/// The bytes of every file under `rel` in `d`.
fn bytes(d: &Dossier, rel: &str) -> BTreeMap<String, Vec<u8>> {
    d.snapshot(rel)
        .into_iter()
        .map(|(name, (bytes, _))| (name, bytes))
        .collect()
}

/// Asserts two trees hold the same files with the same bytes.
fn assert_same_tree(one: &BTreeMap<String, Vec<u8>>, two: &BTreeMap<String, Vec<u8>>) {
    assert!(one.len() > 10, "too few files: {:?}", one.keys());
    assert_eq!(
        one.keys().collect::<Vec<_>>(),
        two.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in one {
        assert!(bytes == &two[name], "{name} differs between builds");
    }
}

#[test]
fn two_builds_of_the_same_input_are_byte_identical() {
    let d = sample();
    d.build(&["-o", "one"]).success();
    d.build(&["-o", "two"]).success();
    assert_same_tree(&bytes(&d, "one"), &bytes(&d, "two"));
}

#[test]
fn the_output_does_not_depend_on_how_many_threads_build_it() {
    let d = sample();
    d.run_with(&["build", "-o", "one"], &[("RAYON_NUM_THREADS", "1")])
        .success();
    d.run_with(&["build", "-o", "four"], &[("RAYON_NUM_THREADS", "4")])
        .success();
    assert_same_tree(&bytes(&d, "one"), &bytes(&d, "four"));
}

#[test]
fn the_output_does_not_depend_on_where_the_dossier_is() {
    let (here, there) = (sample(), sample());
    here.build(&[]).success();
    there.build(&[]).success();
    assert_same_tree(&bytes(&here, "public"), &bytes(&there, "public"));
}

#[test]
fn a_second_build_of_the_same_input_rewrites_nothing() {
    let d = built_and_aged(A_BODY);
    let before = d.snapshot("public");
    let out = d.build(&[]).success();
    assert_has(&out.stdout, " 0 written, ");
    assert_has(&out.stdout, " 0 removed)");
    assert_eq!(changed(&before, &d.snapshot("public")), BTreeSet::new());
}

#[test]
fn a_build_with_nothing_changed_stops_at_the_up_to_date_check() {
    let d = sample();
    d.build(&[]).success();
    let before = d.snapshot("public");
    let out = d.build(&[]).success();
    assert_has(
        &out.stdout,
        "public is up to date: nothing changed since the last build (",
    );
    assert_eq!(changed(&before, &d.snapshot("public")), BTreeSet::new());
}

#[test]
fn any_changed_input_or_option_makes_the_build_run_again() {
    let d = sample();
    d.build(&[]).success();
    let full_build = |d: &Dossier, args: &[&str]| {
        let out = d.build(args).success();
        assert!(
            !out.stdout.contains("up to date"),
            "{args:?} after a change: {}",
            out.stdout
        );
        d.build(args).success();
    };
    d.file("content/briefs/new.md", "---\ntitle: New\n---\nText.\n");
    full_build(&d, &[]);
    assert!(d.exists("public/briefs/new/index.html"));
    d.file("static/extra.txt", "x");
    full_build(&d, &[]);
    full_build(&d, &["--drafts"]);
    full_build(&d, &["--base-url", "https://elsewhere.example/"]);
    fs::remove_file(d.path().join("content/briefs/new.md")).expect("remove a brief");
    full_build(&d, &["--base-url", "https://elsewhere.example/"]);
    assert!(!d.exists("public/briefs/new/index.html"));
}

#[test]
fn a_damaged_output_folder_is_repaired_even_when_nothing_changed() {
    let d = sample();
    d.build(&[]).success();
    let index = d.read("public/index.html");
    fs::remove_file(d.path().join("public/briefs/gas-trade/index.html")).expect("remove a page");
    d.file("public/index.html", "defaced");
    let out = d.build(&[]).success();
    assert_has(&out.stdout, " 2 written, ");
    assert_eq!(d.read("public/index.html"), index);
    assert!(d.exists("public/briefs/gas-trade/index.html"));
}

#[test]
fn editing_a_brief_body_rewrites_only_that_brief() {
    let d = built_and_aged(A_BODY);
    let before = d.snapshot("public");
    d.brief(
        "a",
        "Alpha",
        "date: 2024-01\nsummary: About alpha.\ntopics: [gas]\n",
        "Plain text, revised.\n\nIt mentions [[Beta]] here.\n",
    );
    let _out = d.build(&[]).success();
    // The brief, and the briefing packs that hold its body.
    // With search, the index files count among the written and removed.
    #[cfg(not(feature = "search"))]
    assert_has(&_out.stdout, " 3 written, ");
    assert_eq!(
        changed(&before, &d.snapshot("public")),
        BTreeSet::from([
            "briefs/a/index.html".to_string(),
            "print/index.html".to_string(),
            "topics/gas/print/index.html".to_string()
        ])
    );
}

#[test]
fn editing_the_sentence_around_a_link_rewrites_the_linked_page_too() {
    let d = built_and_aged(A_BODY);
    let before = d.snapshot("public");
    d.brief(
        "a",
        "Alpha",
        "date: 2024-01\nsummary: About alpha.\ntopics: [gas]\n",
        "Plain text.\n\nIt now mentions [[Beta]] here.\n",
    );
    let _out = d.build(&[]).success();
    // With search, the index files count among the written and removed.
    #[cfg(not(feature = "search"))]
    assert_has(&_out.stdout, " 5 written, ");
    // dossier.json holds the sentence around each link.
    assert_eq!(
        changed(&before, &d.snapshot("public")),
        BTreeSet::from([
            "briefs/a/index.html".to_string(),
            "briefs/b/index.html".to_string(),
            "exports/dossier.json".to_string(),
            "print/index.html".to_string(),
            "topics/gas/print/index.html".to_string()
        ])
    );
    assert_has(
        &d.read("public/briefs/b/index.html"),
        "It now mentions <mark>Beta</mark> here.",
    );
}

#[test]
fn a_deleted_brief_is_removed_from_the_output() {
    let d = built_and_aged(A_BODY);
    d.brief(
        "a",
        "Alpha",
        "date: 2024-01\nsummary: About alpha.\ntopics: [gas]\n",
        "No link.\n",
    );
    d.remove("content/briefs/b.md");
    let _out = d.build(&[]).success();
    // With search, the index files count among the written and removed.
    #[cfg(not(feature = "search"))]
    assert_has(&_out.stdout, " 1 removed)");
    assert!(!d.exists("public/briefs/b"));
    assert!(d.exists("public/briefs/c/index.html"));
}

#[test]
fn files_a_user_put_in_the_output_are_kept() {
    let d = built_and_aged(A_BODY);
    d.file("public/CNAME", "dossier.example.org\n");
    d.file("public/briefs/notes.txt", "mine\n");
    d.file("public/briefs/a/attachment.pdf", "mine too\n");
    d.remove("content/briefs/a.md");
    d.build(&[]).success();
    assert!(!d.exists("public/briefs/a/index.html"));
    assert_eq!(d.read("public/CNAME"), "dossier.example.org\n");
    assert_eq!(d.read("public/briefs/notes.txt"), "mine\n");
    assert_eq!(d.read("public/briefs/a/attachment.pdf"), "mine too\n");
}

#[test]
fn a_failed_build_leaves_the_output_as_it_was() {
    let d = built_and_aged(A_BODY);
    let before = d.snapshot("public");
    // A change, a deletion and a broken link: the build would otherwise
    // write, remove and rewrite files.
    d.brief("b", "Beta", "summary: Changed.\n", "Now see [[nowhere]].\n");
    d.remove("content/briefs/c.md");
    let out = d.build(&[]).code(1);
    out.stderr_has("unknown link target 'nowhere'");
    out.stderr_has("nothing was written");
    assert_eq!(changed(&before, &d.snapshot("public")), BTreeSet::new());
}

#[test]
fn a_build_that_fails_while_rendering_leaves_no_new_page_behind() {
    let d = built_and_aged(A_BODY);
    let before = d.snapshot("public");
    // The new brief's page goes into a folder the build creates, written
    // in place; the topic template then fails on the topic page.
    d.brief("n", "New", "topics: [gas]\n", "A new brief.\n");
    d.file(
        "themes/default/templates/topic.html",
        "{{ page.nope.deeper }}\n",
    );
    d.build(&[])
        .code(1)
        .stderr_has("error[template-error]: template topic.html failed on page /topics/gas/: ");
    assert_eq!(changed(&before, &d.snapshot("public")), BTreeSet::new());
    assert!(!d.exists("public/briefs/n"));
}

#[test]
fn a_dossier_without_a_content_folder_is_a_usage_error() {
    let d = Dossier::new();
    d.file("dossier.yaml", "title: Empty\n");
    d.build(&[])
        .code(2)
        .stderr_has("error: no content folder at ");
    d.run(&["check"]).code(2).stderr_has("no content folder");
    assert!(!d.exists("public"));
}

#[test]
fn building_into_the_dossier_folder_itself_is_refused() {
    let d = sample();
    let before = d.snapshot("");
    let root = d.path().to_str().unwrap().to_string();
    for output in [".", root.as_str()] {
        d.build(&["-o", output])
            .code(2)
            .stderr_has("error: refusing to write the site to ");
    }
    assert_eq!(changed(&before, &d.snapshot("")), BTreeSet::new());
}

#[test]
fn building_into_the_content_folder_is_refused() {
    let d = sample();
    let before = d.snapshot("");
    for output in ["content", "content/briefs", "content/new"] {
        d.build(&["-o", output])
            .code(2)
            .stderr_has("error: refusing to write the site to ");
    }
    assert_eq!(changed(&before, &d.snapshot("")), BTreeSet::new());
}

#[test]
fn an_unknown_option_is_a_usage_error() {
    let d = sample();
    d.build(&["--no-such-option"]).code(2);
    assert!(!d.exists("public"));
}
