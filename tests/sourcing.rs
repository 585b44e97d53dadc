//! Sourcing and two-part Admiralty grades as an editor and a reader see
//! them: grades on sources (`B2`, or `B` with `credibility: 2`), a claim's
//! own credibility on a citation (`[@id #2]`) beside Pandoc locators
//! (`[@id, p. 33]`), the badges and legend, a brief's sourcing line, the
//! sources page's sourcing overview and the `check` notes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Dossier, assert_has, assert_lacks, section};

/// A registry with sources of each kind of grade: `bbc` B2 in one part,
/// `memo` C with `credibility: 3`, `blog` E, `rumour` F, `old` A (never
/// cited) and `plain` without a grade.
fn registry(d: &Dossier) {
    d.file(
        "content/sources.yaml",
        "- id: bbc\n  title: Treaty signed\n  date: 2025-01-17\n  reliability: B2\n\
         - id: memo\n  title: Desk memo\n  date: 2019\n  reliability: C\n  credibility: 3\n\
         - id: blog\n  title: A blog\n  date: 2021-05\n  reliability: E\n\
         - id: rumour\n  title: A rumour\n  reliability: F\n\
         - id: old\n  title: Old report\n  reliability: A\n\
         - id: plain\n  title: Ungraded note\n",
    );
}

/// The registry and three briefs: `strong` (bbc, memo, plain), `lone`
/// (bbc only) and `weak` (blog, rumour).
fn dossier() -> Dossier {
    let d = Dossier::new();
    registry(&d);
    d.brief(
        "strong",
        "Strong",
        "",
        "Signed [@bbc]. Planned [@memo]. Noted [@plain].\n",
    );
    d.brief("lone", "Lone", "", "Only this [@bbc].\n");
    d.brief("weak", "Weak", "", "Said [@blog]. Heard [@rumour].\n");
    d
}

/// The group of the sourcing overview under `<h3>heading</h3>`, up to
/// the next group.
#[track_caller]
fn group<'a>(html: &'a str, heading: &str) -> &'a str {
    let start = html
        .find(&format!(">{heading}</h3>"))
        .unwrap_or_else(|| panic!("no group {heading:?} in:\n{html}"));
    let rest = &html[start + heading.len()..];
    &rest[..rest.find("<h3").unwrap_or(rest.len())]
}

#[test]
fn two_part_grades_are_read_in_either_form_and_shown_with_both_halves() {
    let d = dossier();
    d.build(&[]).success();
    let strong = d.read("public/briefs/strong/index.html");
    let sources = section(&strong, "Sources");
    assert_has(
        sources,
        "<abbr class=\"grade grade-B\" title=\"Source reliability B: usually reliable. Information credibility 2: probably true\">B2</abbr>",
    );
    assert_has(
        sources,
        "<abbr class=\"grade grade-C\" title=\"Source reliability C: fairly reliable. Information credibility 3: possibly true\">C3</abbr>",
    );
    // A letter alone keeps its old badge.
    let weak = d.read("public/briefs/weak/index.html");
    assert_has(
        section(&weak, "Sources"),
        "<abbr class=\"grade grade-E\" title=\"Source reliability E: unreliable\">E</abbr>",
    );
}

#[test]
fn grades_that_disagree_or_leave_the_scale_are_errors_at_the_value() {
    let d = Dossier::new();
    // Line 3 `  reliability: B2`, line 4 `  credibility: 3`: the value at
    // column 16. Line 7 `  reliability: B9` at column 16; line 10
    // `  credibility: 7` at column 16.
    d.file(
        "content/sources.yaml",
        "- id: a\n  title: A\n  reliability: B2\n  credibility: 3\n\
         - id: b\n  title: B\n  reliability: B9\n\
         - id: c\n  title: C\n  credibility: 7\n",
    );
    d.brief("x", "X", "", "Cites [@a] [@b] [@c].\n");
    let out = d.run(&["check"]).code(1);
    out.stderr_has("error[invalid-reliability]: source `a` has credibility `3`, but its reliability already says 2")
        .stderr_has("content/sources.yaml:4:16")
        .stderr_has("write the grade once: `reliability: B2`, or `reliability: B` with `credibility: 2`")
        .stderr_has("error[invalid-reliability]: source `b` has reliability `B9`, which is not an Admiralty grade")
        .stderr_has("content/sources.yaml:7:16")
        .stderr_has("error[invalid-reliability]: source `c` has credibility `7`, which is not an Admiralty grade")
        .stderr_has("content/sources.yaml:10:16")
        .stderr_has("use 1 (confirmed by other sources), 2 (probably true), 3 (possibly true), 4 (doubtful), 5 (improbable) or 6 (truth cannot be judged)");
}

#[test]
fn agreeing_halves_written_twice_are_no_error() {
    let d = Dossier::new();
    d.file(
        "content/sources.yaml",
        "- id: a\n  title: A\n  reliability: b2\n  credibility: 2\n",
    );
    d.brief("x", "X", "", "Cites [@a].\n");
    d.build(&[]).success();
    assert_has(&d.read("public/briefs/x/index.html"), ">B2</abbr>");
}

#[test]
fn a_claim_carries_its_own_credibility_beside_the_source_reliability() {
    let d = dossier();
    d.brief(
        "claims",
        "Claims",
        "",
        "Confirmed [@bbc #1]. Possible [@memo, p. 33 #3]. Bare [@plain #4].\n",
    );
    d.build(&[]).success();
    let html = d.read("public/briefs/claims/index.html");
    assert_has(
        &html,
        "Confirmed<sup class=\"cite\">[<a href=\"#source-bbc\">1</a> <abbr class=\"grade grade-B\" title=\"Source reliability B: usually reliable. Claim credibility 1: confirmed by other sources\">B1</abbr>]</sup>.",
    );
    assert_has(
        &html,
        "Possible<sup class=\"cite\">[<a href=\"#source-memo\">2</a>, p. 33 <abbr class=\"grade grade-C\" title=\"Source reliability C: fairly reliable. Claim credibility 3: possibly true\">C3</abbr>]</sup>.",
    );
    // An ungraded source: the claim's digit alone, said so.
    assert_has(
        &html,
        "<abbr class=\"grade\" title=\"Source reliability not graded. Claim credibility 4: doubtful\">4</abbr>",
    );
}

#[test]
fn a_pandoc_locator_is_shown_after_the_number_and_the_source_still_resolves() {
    let d = dossier();
    d.brief(
        "loc",
        "Loc",
        "",
        "Page [@bbc, p. 33]. Both [@bbc, ch. 2; @memo].\nPlain [@bbc; @memo].\n",
    );
    d.build(&[]).success();
    let html = d.read("public/briefs/loc/index.html");
    assert_has(
        &html,
        "Page<sup class=\"cite\">[<a href=\"#source-bbc\">1</a>, p. 33]</sup>.",
    );
    assert_has(
        &html,
        "Both<sup class=\"cite\">[<a href=\"#source-bbc\">1</a>, ch. 2; <a href=\"#source-memo\">2</a>]</sup>.",
    );
    // Without locators the citation reads as it always did.
    assert_has(
        &html,
        "Plain<sup class=\"cite\">[<a href=\"#source-bbc\">1</a>, <a href=\"#source-memo\">2</a>]</sup>.",
    );
    assert_lacks(
        &html,
        "grade grade-B\" title=\"Source reliability B: usually reliable. Claim",
    );
}

#[test]
fn a_claim_credibility_off_the_scale_is_an_error_at_the_citation() {
    let d = dossier();
    // Line 5 of the brief is the body: `Odd [@bbc #7].`, the citation at column 5.
    d.brief("odd", "Odd", "", "Odd [@bbc #7].\n");
    d.run(&["check"])
        .code(1)
        .stderr_has("error[invalid-reliability]: the citation of 'bbc' gives the claim credibility `#7`, which is not an Admiralty grade")
        .stderr_has("content/briefs/odd.md:5:5")
        .stderr_has("as in [@bbc #2]");
}

#[test]
fn each_brief_shows_a_sourcing_line_with_count_grades_and_years() {
    let d = dossier();
    d.build(&[]).success();
    let strong = d.read("public/briefs/strong/index.html");
    assert_has(
        section(&strong, "Sources"),
        "<p class=\"sourcing\">3 sources · grades B2, C3 · 1 ungraded · 2019–2025</p>",
    );
    let lone = d.read("public/briefs/lone/index.html");
    assert_has(
        section(&lone, "Sources"),
        "<p class=\"sourcing\">1 source · grade B2 · 2025</p>",
    );
    let weak = d.read("public/briefs/weak/index.html");
    assert_has(
        section(&weak, "Sources"),
        "<p class=\"sourcing\">2 sources · grades E, F · 2021</p>",
    );
}

#[test]
fn the_sources_page_lists_the_weak_spots_and_explains_the_grades() {
    let d = dossier();
    d.build(&[]).success();
    let html = d.read("public/sources/index.html");
    let overview = section(&html, "Sourcing overview");
    let group = |heading: &str| group(overview, heading).to_string();
    let single = group("Briefs resting on a single source");
    assert_has(
        &single,
        "<a href=\"../briefs/lone/index.html\"><bdi>Lone</bdi></a>",
    );
    assert_lacks(&single, "Strong");
    let low = group("Briefs whose sources are all graded D, E or F");
    assert_has(
        &low,
        "<a href=\"../briefs/weak/index.html\"><bdi>Weak</bdi></a>",
    );
    assert_lacks(&low, "Lone");
    let one = group("Sources cited by only one brief");
    assert_has(&one, "<a href=\"#source-memo\"><bdi>Desk memo</bdi></a>");
    assert_has(&one, "<a href=\"#source-rumour\"><bdi>A rumour</bdi></a>");
    assert_lacks(&one, "Treaty signed");
    let never = group("Sources never cited");
    assert_has(&never, "<a href=\"#source-old\"><bdi>Old report</bdi></a>");
    let legend = section(&html, "Grades");
    assert_has(
        legend,
        "<dt>B</dt><dd>Usually reliable: minor doubt; a history of mostly valid information.</dd>",
    );
    assert_has(
        legend,
        "<dt>2</dt><dd>Probably true: not confirmed; logical in itself; consistent with other information on the subject.</dd>",
    );
}

#[test]
fn an_empty_group_of_the_overview_says_none() {
    let d = Dossier::new();
    d.file(
        "content/sources.yaml",
        "- id: a\n  title: A\n  reliability: A1\n- id: b\n  title: B\n  reliability: B\n",
    );
    d.brief("x", "X", "", "Cites [@a] [@b].\n");
    d.brief("y", "Y", "", "Cites [@a] [@b].\n");
    d.build(&[]).success();
    let html = d.read("public/sources/index.html");
    let overview = section(&html, "Sourcing overview");
    for heading in [
        "Briefs resting on a single source",
        "Briefs whose sources are all graded D, E or F",
        "Sources cited by only one brief",
        "Sources never cited",
    ] {
        assert_has(group(overview, heading), "<p>None.</p>");
    }
}

#[test]
fn check_notes_single_source_and_low_grade_briefs_at_their_first_citation() {
    let d = dossier();
    // Bodies start on line 5; `Only this [@bbc].` has its citation at
    // column 11, `Said [@blog].` at column 6.
    let out = d.run(&["check"]).success();
    out.stderr_has("note[single-source]: this brief rests on a single source, 'bbc'")
        .stderr_has("content/briefs/lone.md:5:11")
        .stderr_has("note[low-grade-sources]: every source of this brief is graded D, E or F")
        .stderr_has("content/briefs/weak.md:5:6");
    assert!(
        !out.stderr.contains("content/briefs/strong.md"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_brief_without_citations_is_noted_at_its_listed_source() {
    let d = Dossier::new();
    registry(&d);
    // Line 3 of the file is `sources: [blog]`; the id at column 11.
    d.file(
        "content/briefs/listed.md",
        "---\ntitle: Listed\nsources: [blog]\nevents:\n  - date: 2025\n    title: E\n    sources: [blog]\n---\n\nNo citations.\n",
    );
    let out = d.run(&["check"]).success();
    out.stderr_has("note[single-source]")
        .stderr_has("content/briefs/listed.md:3:11");
}

#[test]
fn strict_single_source_makes_the_note_a_warning_that_build_shows() {
    let d = dossier();
    d.file("dossier.yaml", "title: T\nstrict: [single-source]\n");
    let check = d.run(&["check"]).success();
    check
        .stderr_has("warning[single-source]: this brief rests on a single source, 'bbc'")
        .stderr_has("content/briefs/lone.md:5:11")
        // Only the one it names: low grades stay a note.
        .stderr_has("note[low-grade-sources]")
        // The other warning: `old` in sources.yaml is never cited.
        .stderr_has("found 0 errors and 2 warnings");
    let build = d.build(&[]).success();
    build.stderr_has("warning[single-source]");
    assert!(
        !build.stderr.contains("low-grade-sources"),
        "{}",
        build.stderr
    );
}

#[test]
fn a_split_source_list_links_the_overview_to_the_page_of_each_source() {
    let d = dossier();
    d.file("dossier.yaml", "title: T\nlist_limit: 2\n");
    d.build(&[]).success();
    let html = d.read("public/sources/index.html");
    let never = group(section(&html, "Sourcing overview"), "Sources never cited");
    assert_has(
        never,
        "<a href=\"../sources/o/index.html#source-old\"><bdi>Old report</bdi></a>",
    );
    assert_has(&d.read("public/sources/o/index.html"), "id=\"source-old\"");
    // The overview and legend are on the list's first page only.
    assert_lacks(&d.read("public/sources/o/index.html"), "Sourcing overview");
}

/// Each group of the overview shows its first `list_limit` entries and
/// says how many more there are, as a split list does: in a large
/// dossier nearly every source is cited by one brief.
#[test]
fn an_overview_group_longer_than_the_list_limit_shows_its_first_entries_and_how_many_more() {
    let d = Dossier::new();
    d.file("dossier.yaml", "title: T\nlist_limit: 2\n");
    let sources: String = (1..=5)
        .map(|n| format!("- id: s{n}\n  title: Source {n}\n  reliability: E\n"))
        .collect();
    d.file("content/sources.yaml", &sources);
    for n in 1..=4 {
        d.brief(
            &format!("b{n}"),
            &format!("Brief {n}"),
            "",
            &format!("Claim [@s{n}].\n"),
        );
    }
    d.build(&[]).success();
    let html = d.read("public/sources/index.html");
    let overview = section(&html, "Sourcing overview");
    let single = group(overview, "Briefs resting on a single source");
    assert_has(single, "<bdi>Brief 1</bdi>");
    assert_has(single, "<bdi>Brief 2</bdi>");
    assert_lacks(single, "Brief 3");
    assert_has(
        single,
        "<p>And 2 more; <code>dossier check</code> lists every one.</p>",
    );
    let low = group(overview, "Briefs whose sources are all graded D, E or F");
    assert_has(
        low,
        "<p>And 2 more; <code>dossier check</code> lists every one.</p>",
    );
    let one = group(overview, "Sources cited by only one brief");
    assert_has(one, "<bdi>Source 2</bdi>");
    assert_lacks(one, "Source 3");
    assert_has(one, "<p>And 2 more.</p>");
    // One never-cited source: no more to count.
    let never = group(overview, "Sources never cited");
    assert_has(never, "<bdi>Source 5</bdi>");
    assert_lacks(never, "more");
    // `check` still notes every weak brief.
    let check = d.run(&["check"]).success();
    check.stderr_has("content/briefs/b4.md");
}
