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
