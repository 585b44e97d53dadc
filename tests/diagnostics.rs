#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Diagnostics as a writer sees them: for each kind of mistake, a tiny
//! dossier holding it, checked with `dossier check` (compiler-style text on
//! stderr), `dossier check --format json` (an array on stdout) and
//! `dossier build`, asserting the exact severity, code, message, path, line,
//! column, marker and hint of every diagnostic, the final summary line and
//! the exit code (0 when only warnings, 1 with errors).
//!
//! Lines and columns are 1-based, in characters, counted in the FILE (not
//! in its front-matter block); each test says how it counted them. The
//! marker width is the number of `^` under the problem.
//!
//! A test of behaviour the engine does not give yet is marked
//! `#[ignore = "bug: ..."]`, naming the bug; at present none is.

mod common;

use common::{Dossier, Output, assert_has, assert_lacks};
use serde_json::{Value, json};

/// Hints that several diagnostics share, spelt once.
const FRONT_MATTER_YAML_HINT: &str =
    "fix the YAML syntax; quote values that contain `: ` or start with `[`, `{`, `@` or `*`";
const SETTINGS_HINT: &str = "dossier.yaml takes title, base_url, language, description, theme, author, list_limit, extra and strict";
const FRONT_MATTER_DATE_HINT: &str =
    "dates are ISO 8601: 2025-01-17, or 2025-01 or 2025 when only the month or year is known";
const ITEM_DATE_HINT: &str = "dates are ISO 8601: 2025-01-17, 2025-01 or 2025";
const RELIABILITY_HINT: &str =
    "use A (completely reliable) to E (unreliable), or F (cannot be judged)";
const SOURCE_FIELDS_HINT: &str = "a source has the fields id, title, author, publisher, url, date, reliability, credibility, note, archive, accessed";
const UNKNOWN_LINK_HINT: &str =
    "link to a brief, topic or actor by its title, file name or an alias";
const DEFINE_SOURCE_HINT: &str =
    "define the source under `sources:` in the front matter or in content/sources.yaml";
const EMPTY_LINK_HINT: &str =
    "write the name of a brief, topic or actor between the brackets, or remove them";
const SOURCES_YAML_HINT: &str =
    "fix the YAML syntax of the source list; until it parses, citations of its ids are not checked";
const DRAFT_HINT: &str = "publish the target (remove `draft: true`) or build with --drafts";

/// Where a diagnostic points: a path relative to the dossier root, a 1-based
/// line and column and the width of the `^` marker, all counted by hand.
#[derive(Debug, Clone, Copy)]
struct At {
    path: &'static str,
    line: usize,
    column: usize,
    width: usize,
}

fn at(path: &'static str, line: usize, column: usize, width: usize) -> At {
    At {
        path,
        line,
        column,
        width,
    }
}

/// One diagnostic as `check` should report it.
#[derive(Debug, Clone)]
struct Diag {
    severity: &'static str,
    code: &'static str,
    message: String,
    at: At,
    hint: String,
}

fn error(code: &'static str, message: impl Into<String>, at: At, hint: impl Into<String>) -> Diag {
    Diag {
        severity: "error",
        code,
        message: message.into(),
        at,
        hint: hint.into(),
    }
}

fn warning(
    code: &'static str,
    message: impl Into<String>,
    at: At,
    hint: impl Into<String>,
) -> Diag {
    Diag {
        severity: "warning",
        ..error(code, message, at, hint)
    }
}

impl Diag {
    /// The JSON object `check --format json` prints for it.
    fn json(&self) -> Value {
        json!({
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "path": self.at.path,
            "line": self.at.line,
            "column": self.at.column,
            "hint": self.hint,
        })
    }

    /// The compiler-style block `check` prints for it: the header, the
    /// location, the source line with a marker under the problem (when the
    /// file is readable text) and the hint.
    fn human(&self, d: &Dossier) -> String {
        let At {
            path,
            line,
            column,
            width,
        } = self.at;
        let pad = " ".repeat(line.to_string().len());
        let mut out = format!(
            "{}[{}]: {}\n{pad}--> {path}:{line}:{column}\n",
            self.severity, self.code, self.message
        );
        if let Some(source) = source_line(d, path, line) {
            let indent: String = source
                .chars()
                .take(column - 1)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let marker = "^".repeat(width);
            out.push_str(&format!(
                "{pad} |\n{line} | {source}\n{pad} | {indent}{marker}\n"
            ));
        }
        out.push_str(&format!("{pad} = help: {}\n", self.hint));
        out
    }
}

/// Line `line` of the file at `path` as the human format shows it: without
/// a byte-order mark or line ending; `None` if the file is not UTF-8.
fn source_line(d: &Dossier, path: &str, line: usize) -> Option<String> {
    let bytes = std::fs::read(d.path().join(path)).ok()?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = String::from_utf8(bytes.to_vec()).ok()?;
    let source = text.lines().nth(line - 1)?;
    Some(source.trim_end_matches('\r').to_string())
}

/// The last line of a human-format `check`: `found 1 error and 2 warnings`.
fn summary(expected: &[Diag]) -> String {
    let errors = expected.iter().filter(|d| d.severity == "error").count();
    let warnings = expected.len() - errors;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    if expected.is_empty() {
        "no problems found".to_string()
    } else {
        format!(
            "found {} and {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        )
    }
}

/// The notes about how well a brief is sourced, which most fixtures (a
/// brief citing one source) draw; a test that expects none of them does
/// not list them (`tests/sourcing.rs` tests them).
const SOURCING_NOTES: [&str; 2] = ["single-source", "low-grade-sources"];

/// `stderr` without the blocks of sourcing notes `expected` does not list.
fn without_sourcing_notes(stderr: &str, expected: &[Diag]) -> String {
    let unexpected = |block: &&str| {
        SOURCING_NOTES.iter().any(|code| {
            block.starts_with(&format!("note[{code}]")) && !expected.iter().any(|e| e.code == *code)
        })
    };
    let blocks: Vec<&str> = stderr.split("\n\n").collect();
    let kept: Vec<&str> = blocks.iter().filter(|b| !unexpected(b)).copied().collect();
    kept.join("\n\n")
}

/// Runs `check`, `check --format json` and `build` on `d` and asserts that
/// each reports exactly `expected`, in this order (by file, then line and
/// column), with the right summary and exit code; that `check` writes
/// nothing; and that `build` fails without writing when there are errors.
/// Returns what `build` printed.
#[track_caller]
fn assert_reports(d: &Dossier, expected: &[Diag]) -> Output {
    let has_errors = expected.iter().any(|d| d.severity == "error");
    let code = i32::from(has_errors);
    let blocks: String = expected.iter().map(|e| e.human(d) + "\n").collect();

    let mut human = d.run(&["check"]).code(code);
    human.stderr = without_sourcing_notes(&human.stderr, expected);
    assert_eq!(
        human.stderr,
        format!("{blocks}{}\n", summary(expected)),
        "human check output"
    );
    assert_eq!(human.stdout, "", "human check prints only to stderr");

    let machine = d.run(&["check", "--format", "json"]).code(code);
    let mut found: Value = serde_json::from_str(&machine.stdout)
        .unwrap_or_else(|e| panic!("check --format json is not JSON ({e}):\n{}", machine.stdout));
    if let Value::Array(items) = &mut found {
        items.retain(|item| {
            let code = item["code"].as_str().unwrap_or("");
            !SOURCING_NOTES.contains(&code) || expected.iter().any(|e| e.code == code)
        });
    }
    let wanted = Value::Array(expected.iter().map(Diag::json).collect());
    assert_eq!(found, wanted, "JSON check output");
    assert_eq!(machine.stderr, "", "JSON check prints only to stdout");

    assert!(!d.exists("public"), "check wrote a public/ folder");

    let mut build = d.build(&[]).code(code);
    build.stderr = without_sourcing_notes(&build.stderr, expected);
    if has_errors {
        assert_eq!(
            build.stderr,
            format!("{blocks}{}; nothing was written\n", summary(expected)),
            "build output"
        );
        assert!(!d.exists("public"), "a failed build wrote a public/ folder");
    } else {
        assert_eq!(build.stderr, blocks, "build output");
        assert!(build.stdout.starts_with("built "), "{}", build.stdout);
    }
    build
}

// ---------------------------------------------------------------- yaml-syntax

#[test]
fn an_unclosed_flow_list_in_front_matter_is_reported_where_it_opened() {
    let d = Dossier::new();
    // Line 3 is `topics: [gas, oil`; `topics: ` is 8 characters, so the `[`
    // that is never closed is at column 9.
    d.file(
        "content/briefs/a.md",
        "---\ntitle: Gas deal\ntopics: [gas, oil\ndate: 2024\n---\n\nBody.\n",
    );
    assert_reports(
        &d,
        &[error(
            "yaml-syntax",
            "invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence)",
            at("content/briefs/a.md", 3, 9, 1),
            FRONT_MATTER_YAML_HINT,
        )],
    );
}

#[test]
fn a_duplicate_front_matter_key_is_reported_at_the_second_key() {
    let d = Dossier::new();
    // `title:` is on line 2 and again on line 4, at column 1.
    d.file(
        "content/briefs/a.md",
        "---\ntitle: Gas deal\ndate: 2024\ntitle: Oil deal\n---\n\nBody.\n",
    );
    assert_reports(
        &d,
        &[error(
            "yaml-syntax",
            "invalid YAML: duplicate entry with key \"title\"",
            at("content/briefs/a.md", 4, 1, 1),
            "each key may appear once; merge the two entries",
        )],
    );
}

#[test]
fn a_duplicate_key_inside_a_source_is_reported_at_the_second_key() {
    let d = Dossier::new();
    // The source's `title:` is on line 5 and again on line 6; both are
    // indented by 4 spaces, so the second is at column 5.
    d.file(
        "content/briefs/a.md",
        "---\ntitle: Treaty\nsources:\n  - id: x\n    title: A\n    title: B\n---\n\nBody.\n",
    );
    assert_reports(
        &d,
        &[error(
            "yaml-syntax",
            "invalid YAML: sources[0]: duplicate entry with key \"title\"",
            at("content/briefs/a.md", 6, 5, 1),
            "each key may appear once; merge the two entries",
        )],
    );
}

#[test]
fn a_duplicate_top_level_key_is_not_confused_with_a_nested_key_of_that_name() {
    let d = Dossier::new();
    // The source's `date:` on line 5 is indented and is no top-level key;
    // the top-level `date:` is on line 6 and again on line 7, at column 1.
    d.file(
        "content/briefs/a.md",
        "---\ntitle: Treaty\nsources:\n  - id: x\n    date: 2024\ndate: 2025\ndate: 2026\n---\n\nBody.\n",
    );
    assert_reports(
        &d,
        &[error(
            "yaml-syntax",
            "invalid YAML: duplicate entry with key \"date\"",
            at("content/briefs/a.md", 7, 1, 1),
            "each key may appear once; merge the two entries",
        )],
    );
}

#[test]
fn a_tab_in_front_matter_is_reported_at_the_tab() {
    let d = Dossier::new();
    // Line 3 starts with a tab, column 1: where the parser stopped, not the
    // start of the scalar `T` before it (2:8). Only an unclosed bracket or
    // quote is reported where it opened, with "(while ...)" in the message;
    // a tab is not, so the message has no "(while scanning a plain scalar)".
    d.file(
        "content/briefs/a.md",
        "---\ntitle: T\n\tdate: 2024\n---\n\nBody.\n",
    );
    assert_reports(
        &d,
        &[error(
            "yaml-syntax",
            "invalid YAML: found a tab character that violates indentation",
            at("content/briefs/a.md", 3, 1, 1),
            FRONT_MATTER_YAML_HINT,
        )],
    );
}

#[test]
fn a_syntax_error_in_sources_yaml_is_located_in_that_file() {
    let d = Dossier::new();
    // Line 2 is `  title: [Russia and Iran`; `  title: ` is 9 characters, so
    // the unclosed `[` is at column 10.
    d.file(
        "content/sources.yaml",
        "- id: kumar-2025\n  title: [Russia and Iran\n  publisher: Globe\n",
    );
    d.brief("a", "A", "", "No citations.\n");
    assert_reports(
        &d,
        &[error(
            "yaml-syntax",
            "invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence)",
            at("content/sources.yaml", 2, 10, 1),
            SOURCES_YAML_HINT,
        )],
    );
}

#[test]
fn a_broken_sources_yaml_is_the_one_error_not_every_citation_of_its_ids() {
    let d = Dossier::new();
    // As above, the unclosed `[` is at 2:10. The brief cites `kumar-2025`
    // in front matter, in its text and in an event, and `typo-2025`, which
    // would be unknown anyway: none can be checked until the list parses.
    d.file(
        "content/sources.yaml",
        "- id: kumar-2025\n  title: [Russia and Iran\n  publisher: Globe\n",
    );
    d.brief(
        "a",
        "A",
        "sources: [kumar-2025]\nevents:\n  - date: 2025\n    title: Signed\n    sources: [kumar-2025]\n",
        "Signed [@kumar-2025] [@typo-2025].\n",
    );
    assert_reports(
        &d,
        &[error(
            "yaml-syntax",
            "invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence)",
            at("content/sources.yaml", 2, 10, 1),
            SOURCES_YAML_HINT,
        )],
    );

    // A list that parses but is no list at all is read as no sources, too.
    d.file("content/sources.yaml", "id: kumar-2025\ntitle: Pact\n");
    assert_reports(
        &d,
        &[error(
            "invalid-source",
            "sources.yaml must be a list of sources",
            at("content/sources.yaml", 1, 1, 1),
            "start each source with `- id: ...`; until it is a list, citations of its ids are not checked",
        )],
    );

    // Once it parses, an id it lacks is reported as ever.
    d.file("content/sources.yaml", "- id: kumar-2025\n  title: Pact\n");
    // Line 9 is the body: `Signed [@kumar-2025] ` is 21 characters, so
    // `[@typo-2025]` (12) is at column 22.
    assert_reports(
        &d,
        &[error(
            "unknown-source",
            "citation 'typo-2025' is not a source of this page or of content/sources.yaml",
            at("content/briefs/a.md", 10, 22, 12),
            DEFINE_SOURCE_HINT,
        )],
    );
}

#[test]
fn a_syntax_error_in_dossier_yaml_is_located_and_the_content_still_checked() {
    let d = Dossier::new();
    // Line 2 is `base_url: "https://example.org/`; `base_url: ` is 10
    // characters, so the quote that is never closed is at column 11.
    d.file(
        "dossier.yaml",
        "title: Caspian watch\nbase_url: \"https://example.org/\nlanguage: en\n",
    );
    // The brief's body starts on line 5: `See ` is 4 characters, so the link
    // is at column 5; `[[nowhere]]` is 11 characters.
    d.brief("a", "A", "", "See [[nowhere]].\n");
    assert_reports(
        &d,
        &[
            error(
                "unknown-link",
                "unknown link target 'nowhere'",
                at("content/briefs/a.md", 5, 5, 11),
                UNKNOWN_LINK_HINT,
            ),
            error(
                "yaml-syntax",
                "invalid YAML: found unexpected end of stream (while scanning a quoted scalar)",
                at("dossier.yaml", 2, 11, 1),
                SETTINGS_HINT,
            ),
        ],
    );
}

// -------------------------------------------------------------- invalid-value

#[test]
fn a_number_where_a_list_of_topics_belongs_is_an_invalid_value() {
    let d = Dossier::new();
    // Line 3 is `topics: 5`; `topics: ` is 8 characters, so the value is at
    // column 9, one character wide.
    d.file(
        "content/briefs/a.md",
        "---\ntitle: Gas deal\ntopics: 5\n---\n\nBody.\n",
    );
    assert_reports(
        &d,
        &[error(
            "invalid-value",
            "`topics` must be a list of names, found a number",
            at("content/briefs/a.md", 3, 9, 1),
            "write it like `topics: [First name, Second name]`",
        )],
    );
}

#[test]
fn a_list_where_a_title_belongs_is_an_invalid_value() {
    let d = Dossier::new();
    // The front page may have no title, so this is the only problem (see
    // the next test for a brief). Line 2 is `title: [a, b]`;
    // `title: ` is 7 characters, so the value is at column 8, 6 wide.
    d.file("content/_index.md", "---\ntitle: [a, b]\n---\n\nWelcome.\n");
    assert_reports(
        &d,
        &[error(
            "invalid-value",
            "`title` must be text, found a list",
            at("content/_index.md", 2, 8, 6),
            "write it like `title: Some words`",
        )],
    );
}

#[test]
fn a_brief_whose_title_is_a_list_is_reported_once() {
    let d = Dossier::new();
    // As above: line 2, column 8, `[a, b]` is 6 characters. A brief must
    // have a title, but one of the wrong type is reported once, as
    // invalid-value, not again as missing-title.
    d.file("content/briefs/a.md", "---\ntitle: [a, b]\n---\n\nBody.\n");
    assert_reports(
        &d,
        &[error(
            "invalid-value",
            "`title` must be text, found a list",
            at("content/briefs/a.md", 2, 8, 6),
            "write it like `title: Some words`",
        )],
    );
}

#[test]
fn an_alias_that_is_a_mapping_is_an_invalid_value_at_its_item() {
    let d = Dossier::new();
    // Line 5 is `  - name: x`: the item's text starts after `  - ` (4
    // characters), at column 5, and `name: x` is 7 characters.
    d.file(
        "content/briefs/a.md",
        "---\ntitle: Pipeline\naliases:\n  - Pipes\n  - name: x\n---\n\nBody.\n",
    );
    assert_reports(
        &d,
        &[error(
            "invalid-value",
            "item 2 of `aliases` must be a name, found a set of key: value pairs",
            at("content/briefs/a.md", 5, 5, 7),
            "write names as plain text: `[Vladimir Putin, Iran]`",
        )],
    );
}

// --------------------------------------------------------------- invalid-date

#[test]
fn invalid_front_matter_dates_are_reported_at_the_value() {
    let d = Dossier::new();
    // In each file line 3 is `date: ...`; `date: ` is 6 characters, so the
    // value is at column 7, as wide as the value.
    d.file(
        "content/briefs/a.md",
        "---\ntitle: A\ndate: yesterday\n---\n\nBody.\n",
    );
    d.file(
        "content/briefs/b.md",
        "---\ntitle: B\ndate: 2023-02-30\n---\n\nBody.\n",
    );
    d.file(
        "content/briefs/c.md",
        "---\ntitle: C\ndate: 2023-13\n---\n\nBody.\n",
    );
    assert_reports(
        &d,
        &[
            error(
                "invalid-date",
                "invalid `date`: 'yesterday' is not a date; write YYYY-MM-DD, YYYY-MM or YYYY",
                at("content/briefs/a.md", 3, 7, 9),
                FRONT_MATTER_DATE_HINT,
            ),
            error(
                "invalid-date",
                "invalid `date`: '2023-02-30' does not exist: February 2023 has no day 30",
                at("content/briefs/b.md", 3, 7, 10),
                FRONT_MATTER_DATE_HINT,
            ),
            error(
                "invalid-date",
                "invalid `date`: '2023-13' has no month 13; months run from 01 to 12",
                at("content/briefs/c.md", 3, 7, 7),
                FRONT_MATTER_DATE_HINT,
            ),
        ],
    );
}

#[test]
fn invalid_dates_of_a_source_and_an_event_are_reported_at_the_value() {
    let d = Dossier::new();
    // Line 3 is `  date: 2025-01-32`: `  date: ` is 8 characters, so the
    // value is at column 9, 10 wide.
    d.file(
        "content/sources.yaml",
        "- id: kumar-2025\n  title: Pact of convenience\n  date: 2025-01-32\n",
    );
    // Line 4 is `  - date: 2024-02-30`: `  - date: ` is 10 characters, so the
    // value is at column 11, 10 wide.
    d.file(
        "content/briefs/a.md",
        "---\ntitle: Treaty\nevents:\n  - date: 2024-02-30\n    title: Talks\n---\n\nSigned [@kumar-2025].\n",
    );
    assert_reports(
        &d,
        &[
            error(
                "invalid-date",
                "invalid date of event 'Talks': '2024-02-30' does not exist: February 2024 has no day 30",
                at("content/briefs/a.md", 4, 11, 10),
                ITEM_DATE_HINT,
            ),
            error(
                "invalid-date",
                "invalid date of source `kumar-2025`: '2025-01-32' does not exist: January 2025 has no day 32",
                at("content/sources.yaml", 3, 9, 10),
                ITEM_DATE_HINT,
            ),
        ],
    );
}

// ---------------------------------------------------------------- unknown-key

#[test]
fn singular_keys_are_unknown_key_warnings_suggesting_the_plural() {
    let d = Dossier::new();
    // Lines 3, 4 and 5 start with `actor`, `topic` and `source` at column 1
    // (5, 5 and 6 characters). `layout` is an extra key for templates, not
    // close to a known one, so it passes silently.
    d.file(
        "content/briefs/a.md",
        "---\ntitle: Gas deal\nactor: [Vladimir Putin]\ntopic: gas\nsource: [kumar-2025]\nlayout: wide\n---\n\nBody.\n",
    );
    let hint = |known: &str, key: &str| {
        format!("did you mean `{known}`? Unknown keys are kept for templates as `extra.{key}`")
    };
    assert_reports(
        &d,
        &[
            warning(
                "unknown-key",
                "unknown front-matter key `actor`",
                at("content/briefs/a.md", 3, 1, 5),
                hint("actors", "actor"),
            ),
            warning(
                "unknown-key",
                "unknown front-matter key `topic`",
                at("content/briefs/a.md", 4, 1, 5),
                hint("topics", "topic"),
            ),
            warning(
                "unknown-key",
                "unknown front-matter key `source`",
                at("content/briefs/a.md", 5, 1, 6),
                hint("sources", "source"),
            ),
        ],
    );
}

#[test]
fn a_quoted_unknown_key_is_reported_at_its_line() {
    let d = Dossier::new();
    // Line 3 is `"actor": x`; the key starts at column 1 (a 5-character name).
    d.file(
        "content/briefs/a.md",
        "---\ntitle: T\n\"actor\": x\n---\n\nBody.\n",
    );
    assert_reports(
        &d,
        &[warning(
            "unknown-key",
            "unknown front-matter key `actor`",
            at("content/briefs/a.md", 3, 1, 5),
            "did you mean `actors`? Unknown keys are kept for templates as `extra.actor`",
        )],
    );
}

// -------------------------------------------------------------- missing-title

#[test]
fn a_page_without_a_title_is_reported_at_its_first_line() {
    let d = Dossier::new();
    // Each file's line 1 is its opening `---` (3 characters).
    d.file("content/briefs/a.md", "---\ndate: 2024\n---\n\nBody.\n");
    d.file(
        "content/topics/gas.md",
        "---\naliases: [natural gas]\n---\n",
    );
    d.file("content/actors/putin.md", "---\nkind: person\n---\n");
    let hint = "add `title: ...` to the front matter";
    assert_reports(
        &d,
        &[
            error(
                "missing-title",
                "this actor has no title",
                at("content/actors/putin.md", 1, 1, 3),
                hint,
            ),
            error(
                "missing-title",
                "this brief has no title",
                at("content/briefs/a.md", 1, 1, 3),
                hint,
            ),
            error(
                "missing-title",
                "this topic has no title",
                at("content/topics/gas.md", 1, 1, 3),
                hint,
            ),
        ],
    );
}

// -------------------------------------------------------- invalid-reliability

#[test]
fn an_unknown_reliability_grade_is_reported_at_the_value() {
    let d = Dossier::new();
    // Line 3 is `  reliability: Z`: `  reliability: ` is 15 characters, so
    // the grade is at column 16.
    d.file(
        "content/sources.yaml",
        "- id: kumar-2025\n  title: Pact\n  reliability: Z\n",
    );
    // Line 6 is `    reliability: Z`: 17 characters before the grade, column 18.
    d.file(
        "content/briefs/a.md",
        "---\ntitle: Treaty\nsources:\n  - id: desk-note\n    title: Desk note\n    reliability: Z\n---\n\nSigned [@kumar-2025] [@desk-note].\n",
    );
    assert_reports(
        &d,
        &[
            error(
                "invalid-reliability",
                "source `desk-note` has reliability `Z`, which is not an Admiralty grade",
                at("content/briefs/a.md", 6, 18, 1),
                RELIABILITY_HINT,
            ),
            error(
                "invalid-reliability",
                "source `kumar-2025` has reliability `Z`, which is not an Admiralty grade",
                at("content/sources.yaml", 3, 16, 1),
                RELIABILITY_HINT,
            ),
        ],
    );
}

#[test]
fn sources_yaml_with_a_document_marker_locates_its_sources() {
    let d = Dossier::new();
    // The `---` on line 1 is not an item. Line 4 is `  reliability: Z`:
    // 15 characters before the grade, column 16.
    d.file(
        "content/sources.yaml",
        "---\n- id: kumar-2025\n  title: Pact\n  reliability: Z\n",
    );
    d.brief("a", "A", "", "Signed [@kumar-2025].\n");
    assert_reports(
        &d,
        &[error(
            "invalid-reliability",
            "source `kumar-2025` has reliability `Z`, which is not an Admiralty grade",
            at("content/sources.yaml", 4, 16, 1),
            RELIABILITY_HINT,
        )],
    );
}

#[test]
fn sources_yaml_with_an_indented_list_locates_each_source() {
    let d = Dossier::new();
    // The second item starts on line 3 with `  - id: unused`: an item is
    // marked from its text after `- `, so at column 5, and `id: unused` is
    // 10 characters.
    d.file(
        "content/sources.yaml",
        "  - id: kumar-2025\n    title: Pact\n  - id: unused\n    title: Never cited\n",
    );
    d.brief("a", "A", "", "Signed [@kumar-2025].\n");
    assert_reports(
        &d,
        &[warning(
            "uncited-source",
            "source 'unused' in sources.yaml is never cited",
            at("content/sources.yaml", 3, 5, 10),
            "cite it as [@unused] in a brief, or remove it from content/sources.yaml",
        )],
    );
}

#[test]
fn sources_yaml_items_are_marked_from_their_text() {
    let d = Dossier::new();
    // Line 3 is `-   id: spaced`: the item's text starts after the dash and
    // three spaces, at column 5, and `id: spaced` is 10 characters. Line 4
    // is a lone `-` whose item is on the next line: marked at the dash,
    // column 1.
    d.file(
        "content/sources.yaml",
        "- id: kumar-2025\n  title: Pact\n-   id: spaced\n-\n  id: below\n",
    );
    d.brief("a", "A", "", "Signed [@kumar-2025].\n");
    assert_reports(
        &d,
        &[
            warning(
                "uncited-source",
                "source 'spaced' in sources.yaml is never cited",
                at("content/sources.yaml", 3, 5, 10),
                "cite it as [@spaced] in a brief, or remove it from content/sources.yaml",
            ),
            warning(
                "uncited-source",
                "source 'below' in sources.yaml is never cited",
                at("content/sources.yaml", 4, 1, 1),
                "cite it as [@below] in a brief, or remove it from content/sources.yaml",
            ),
        ],
    );
}

// ------------------------------------------------- invalid-source, -event

#[test]
fn an_unknown_source_field_is_reported_at_the_key_with_a_suggestion() {
    let d = Dossier::new();
    // Line 3 is `  publsher: Globe`: the key is at column 3, 8 characters.
    // Line 4 starts the source without an id: an item is marked from its
    // text after `- `, column 3, and `title: No id at all` is 19 characters.
    d.file(
        "content/sources.yaml",
        "- id: kumar-2025\n  title: Pact\n  publsher: Globe\n- title: No id at all\n",
    );
    // Line 5 is `    titel: Desk note`: the key is at column 5, 5 characters.
    d.file(
        "content/briefs/a.md",
        "---\ntitle: Treaty\nsources:\n  - id: desk-note\n    titel: Desk note\n---\n\nSigned [@kumar-2025] [@desk-note].\n",
    );
    assert_reports(
        &d,
        &[
            error(
                "invalid-source",
                "unknown field `titel` in a source",
                at("content/briefs/a.md", 5, 5, 5),
                format!("did you mean `title`? {SOURCE_FIELDS_HINT}"),
            ),
            error(
                "invalid-source",
                "unknown field `publsher` in a source",
                at("content/sources.yaml", 3, 3, 8),
                format!("did you mean `publisher`? {SOURCE_FIELDS_HINT}"),
            ),
            error(
                "invalid-source",
                "a source needs an `id`",
                at("content/sources.yaml", 4, 3, 19),
                "give every source a short id such as `kumar-2025`, then cite it as [@kumar-2025]",
            ),
        ],
    );
}

#[test]
fn an_event_without_a_date_or_title_is_reported_at_its_item() {
    let d = Dossier::new();
    // Line 4 is `  - title: Talks`: the item's text starts at column 5 and
    // `title: Talks` is 12 characters. Line 6 is `  - date: 2024`: column
    // 5, `date: 2024` is 10 characters.
    d.file(
        "content/briefs/a.md",
        "---\ntitle: Treaty\nevents:\n  - title: Talks\n    actors: [Iran]\n  - date: 2024\n---\n\nBody.\n",
    );
    assert_reports(
        &d,
        &[
            error(
                "invalid-event",
                "event 'Talks' needs a `date`",
                at("content/briefs/a.md", 4, 5, 12),
                "add `date: 2025-01-17` to it",
            ),
            error(
                "invalid-event",
                "an event needs a `title`",
                at("content/briefs/a.md", 6, 5, 10),
                "add `title: What happened` to it",
            ),
        ],
    );
}

#[test]
fn an_unknown_event_field_is_reported_at_the_key_with_a_suggestion() {
    let d = Dossier::new();
    // Line 6 is `    sorces: [x]`: the key is at column 5, 6 characters.
    d.file(
        "content/briefs/a.md",
        "---\ntitle: Treaty\nevents:\n  - date: 2024\n    title: Talks\n    sorces: [x]\n---\n\nBody.\n",
    );
    assert_reports(
        &d,
        &[error(
            "invalid-event",
            "unknown field `sorces` in an event",
            at("content/briefs/a.md", 6, 5, 6),
            "did you mean `sources`? an event has the fields date, title, actors, sources",
        )],
    );
}

#[test]
fn front_matter_that_is_not_a_mapping_is_invalid_front_matter() {
    let d = Dossier::new();
    // Line 2 is the first line of the YAML block, `- a`.
    d.file("content/briefs/a.md", "---\n- a\n- b\n---\n\nBody.\n");
    assert_reports(
        &d,
        &[error(
            "invalid-front-matter",
            "the front matter is not a set of `key: value` lines",
            at("content/briefs/a.md", 2, 1, 1),
            "write one `key: value` per line, e.g. `title: My brief`",
        )],
    );
}

// ------------------------------------------------------------- links

#[test]
fn an_unknown_link_is_reported_with_the_nearest_name() {
    let d = Dossier::new();
    d.file(
        "content/topics/zangezur-corridor.md",
        "---\ntitle: Zangezur corridor\n---\n",
    );
    // The body starts on line 5. Line 7: `The route via ` is 14 characters,
    // so the link is at column 15; `[[zangerzur corridor]]` is 22. Line 9:
    // `Also ` is 5 characters, column 6; `[[Nothing like it]]` is 19 and
    // close to no name, so it gets the general hint.
    d.brief(
        "a",
        "A",
        "",
        "First paragraph.\n\nThe route via [[zangerzur corridor]] worried Tehran.\n\nAlso [[Nothing like it]].\n",
    );
    assert_reports(
        &d,
        &[
            error(
                "unknown-link",
                "unknown link target 'zangerzur corridor'",
                at("content/briefs/a.md", 7, 15, 22),
                "did you mean 'Zangezur corridor'?",
            ),
            error(
                "unknown-link",
                "unknown link target 'Nothing like it'",
                at("content/briefs/a.md", 9, 6, 19),
                UNKNOWN_LINK_HINT,
            ),
        ],
    );
}

#[test]
fn a_short_link_name_is_only_matched_with_one_typo() {
    let d = Dossier::new();
    d.file("content/actors/iran.md", "---\ntitle: Iran\n---\n");
    // Line 5: `See ` is 4 characters, so `[[gas]]` (7) is at column 5;
    // `See [[gas]] and ` is 16, so `[[Iram]]` (8) is at column 17. `gas` is
    // two edits from this brief's title `A`, too far for a name of 4
    // characters or fewer; `Iram` is one from `Iran`.
    d.brief("a", "A", "", "See [[gas]] and [[Iram]].\n");
    assert_reports(
        &d,
        &[
            error(
                "unknown-link",
                "unknown link target 'gas'",
                at("content/briefs/a.md", 5, 5, 7),
                UNKNOWN_LINK_HINT,
            ),
            error(
                "unknown-link",
                "unknown link target 'Iram'",
                at("content/briefs/a.md", 5, 17, 8),
                "did you mean 'Iran'?",
            ),
        ],
    );
}

#[test]
fn an_ambiguous_link_lists_the_candidates_and_the_kind_slug_form() {
    let d = Dossier::new();
    d.file("content/topics/iran.md", "---\ntitle: Iran\n---\n");
    d.file("content/actors/iran.md", "---\ntitle: Iran\n---\n");
    // Line 5: `See ` is 4 characters, column 5; `[[Iran]]` is 8.
    d.brief("a", "A", "", "See [[Iran]] today.\n");
    assert_reports(
        &d,
        &[error(
            "ambiguous-link",
            "'Iran' could mean actors/iran ('Iran') or topics/iran ('Iran')",
            at("content/briefs/a.md", 5, 5, 8),
            "name the page by kind and slug, e.g. [[actors/iran]]",
        )],
    );
}

#[test]
fn a_link_to_a_missing_heading_is_an_unknown_heading() {
    let d = Dossier::new();
    d.brief("b", "Beta", "", "## Supply routes\n\nText.\n");
    // Line 5: `See ` is 4 characters, so `[[Beta#nope]]` (13) is at column 5;
    // `See [[Beta#nope]] and ` is 22, so `[[Beta#supply route]]` (21) is at
    // column 23. Line 7: `Also ` is 5, so `[[Alpha#x]]` (11) is at column 6.
    d.brief(
        "a",
        "Alpha",
        "",
        "See [[Beta#nope]] and [[Beta#supply route]].\n\nAlso [[Alpha#x]].\n",
    );
    assert_reports(
        &d,
        &[
            error(
                "unknown-heading",
                "'Beta' has no heading 'nope'",
                at("content/briefs/a.md", 5, 5, 13),
                "its headings are: supply-routes",
            ),
            error(
                "unknown-heading",
                "'Beta' has no heading 'supply route'",
                at("content/briefs/a.md", 5, 23, 21),
                "did you mean '#supply-routes'?",
            ),
            error(
                "unknown-heading",
                "'Alpha' has no heading 'x'",
                at("content/briefs/a.md", 7, 6, 11),
                "the page has no headings; link to the page itself",
            ),
        ],
    );
}

#[test]
fn a_link_to_a_missing_file_is_an_unknown_file_link() {
    let d = Dossier::new();
    // Line 5: `See ` is 4 characters, so `[x](missing.md)` (15) is at column
    // 5; `See [x](missing.md) and ` is 24, so `[y](../../up.md)` (16) is at
    // column 25.
    d.brief("a", "A", "", "See [x](missing.md) and [y](../../up.md).\n");
    assert_reports(
        &d,
        &[
            error(
                "unknown-file-link",
                "no content file 'missing.md' (looked for content/briefs/missing.md)",
                at("content/briefs/a.md", 5, 5, 15),
                "check the path; it is relative to the folder of the file that links",
            ),
            error(
                "unknown-file-link",
                "link to '../../up.md' leaves the content folder",
                at("content/briefs/a.md", 5, 25, 16),
                "link to Markdown files inside content/ with paths relative to this file",
            ),
        ],
    );
}

#[test]
fn empty_wiki_links_are_errors() {
    let d = Dossier::new();
    // Line 5: `A ` is 2 characters, so `[[]]` (4) is at column 3;
    // `A [[]] and ` is 11, so `[[ ]]` (5) is at column 12. Both are the
    // same mistake and get the same message.
    d.brief("a", "A", "", "A [[]] and [[ ]] here.\n");
    assert_reports(
        &d,
        &[
            error(
                "empty-link",
                "empty wiki link: no page is named between the brackets",
                at("content/briefs/a.md", 5, 3, 4),
                EMPTY_LINK_HINT,
            ),
            error(
                "empty-link",
                "empty wiki link: no page is named between the brackets",
                at("content/briefs/a.md", 5, 12, 5),
                EMPTY_LINK_HINT,
            ),
        ],
    );
}

#[test]
fn empty_wiki_links_read_the_same_with_or_without_a_space() {
    let d = Dossier::new();
    d.brief("a", "A", "", "A [[]] and [[ ]] here.\n");
    let out = d.run(&["check", "--format", "json"]).code(1);
    let found: Vec<Value> = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(found.len(), 2, "{}", out.stdout);
    assert_eq!(found[0]["message"], found[1]["message"], "{}", out.stdout);
}

#[test]
fn a_link_to_a_draft_is_a_warning_and_shows_as_unpublished_text() {
    let d = Dossier::new();
    d.brief("plan", "Draft plan", "draft: true\n", "Secret.\n");
    // Line 5: `See ` is 4 characters, so `[[Draft plan]]` (14) is at column
    // 5; `See [[Draft plan]] and ` is 23, so `[that](plan.md)` (15) is at
    // column 24.
    d.brief("a", "A", "", "See [[Draft plan]] and [that](plan.md).\n");
    assert_reports(
        &d,
        &[
            warning(
                "link-to-draft",
                "'Draft plan' is a draft, so this link is shown as unpublished text",
                at("content/briefs/a.md", 5, 5, 14),
                DRAFT_HINT,
            ),
            warning(
                "link-to-draft",
                "'plan.md' is a draft, so this link is shown as unpublished text",
                at("content/briefs/a.md", 5, 24, 15),
                DRAFT_HINT,
            ),
        ],
    );
    // Only warnings: the build went ahead, without the draft.
    let html = d.read("public/briefs/a/index.html");
    assert_has(
        &html,
        "See <a class=\"unpublished\" title=\"Not published yet\">Draft plan</a> and <a class=\"unpublished\" title=\"Not published yet\">that</a>.",
    );
    assert!(!html.contains("href=\"../../briefs/plan/"), "{html}");
    assert!(!d.exists("public/briefs/plan"));
}

// ------------------------------------------------------------------- sources

#[test]
fn an_unknown_source_is_reported_with_the_nearest_id() {
    let d = Dossier::new();
    d.file("content/sources.yaml", "- id: kumar-2025\n  title: Pact\n");
    // Line 3 is `sources: [nope]`: `sources: [` is 10 characters, so the id
    // `nope` is at column 11, 4 wide. Line 6: `Signed ` is 7, so
    // `[@kumr-2025]` (12) is at column 8.
    d.file(
        "content/briefs/a.md",
        "---\ntitle: Treaty\nsources: [nope]\n---\n\nSigned [@kumr-2025] and [@kumar-2025].\n",
    );
    assert_reports(
        &d,
        &[
            error(
                "unknown-source",
                "source 'nope' is not a source of this page or of content/sources.yaml",
                at("content/briefs/a.md", 3, 11, 4),
                DEFINE_SOURCE_HINT,
            ),
            error(
                "unknown-source",
                "citation 'kumr-2025' is not a source of this page or of content/sources.yaml",
                at("content/briefs/a.md", 6, 8, 12),
                "did you mean 'kumar-2025'?",
            ),
        ],
    );
}

#[test]
fn sources_listed_or_registered_but_never_cited_are_warnings() {
    let d = Dossier::new();
    // `unused-2024` starts on line 3; a source is marked from its item's
    // text after `- `: column 3, and `id: unused-2024` is 15 characters.
    d.file(
        "content/sources.yaml",
        "- id: kumar-2025\n  title: Pact\n- id: unused-2024\n  title: Never cited\n",
    );
    // Line 4 is `  - kumar-2025`: the id is at column 5, 10 characters.
    d.file(
        "content/briefs/a.md",
        "---\ntitle: Treaty\nsources:\n  - kumar-2025\n---\n\nNo citation here.\n",
    );
    assert_reports(
        &d,
        &[
            warning(
                "uncited-source",
                "source 'kumar-2025' is listed but never cited",
                at("content/briefs/a.md", 4, 5, 10),
                "cite it as [@kumar-2025] after the claim it supports, or remove it from `sources:`",
            ),
            warning(
                "uncited-source",
                "source 'unused-2024' in sources.yaml is never cited",
                at("content/sources.yaml", 3, 3, 15),
                "cite it as [@unused-2024] in a brief, or remove it from content/sources.yaml",
            ),
        ],
    );
}

#[test]
fn a_source_id_defined_twice_in_sources_yaml_is_a_duplicate_source() {
    let d = Dossier::new();
    // The second `kumar-2025` starts on line 3, marked from its text after
    // `- `: column 3, and `id: kumar-2025` is 14 characters.
    d.file(
        "content/sources.yaml",
        "- id: kumar-2025\n  title: Pact\n- id: kumar-2025\n  title: Pact again\n",
    );
    d.brief("a", "A", "", "Signed [@kumar-2025].\n");
    assert_reports(
        &d,
        &[error(
            "duplicate-source",
            "source id 'kumar-2025' is defined twice in sources.yaml",
            at("content/sources.yaml", 3, 3, 14),
            "give each source its own id",
        )],
    );
}

// --------------------------------------------------------------- names

#[test]
fn two_briefs_with_one_file_name_are_a_duplicate_slug_naming_both() {
    let d = Dossier::new();
    d.file("content/briefs/x/dup.md", "---\ntitle: Dup one\n---\n");
    d.file("content/briefs/y/dup.md", "---\ntitle: Dup two\n---\n");
    // Reported once, at the first line of the second file.
    assert_reports(
        &d,
        &[error(
            "duplicate-slug",
            "duplicate slug 'dup': content/briefs/x/dup.md and content/briefs/y/dup.md both become /briefs/dup/",
            at("content/briefs/y/dup.md", 1, 1, 1),
            "rename one of the files; a brief's slug is its file name, whatever folder it is in",
        )],
    );
}

#[test]
fn an_alias_equal_to_another_pages_title_is_an_alias_collision() {
    let d = Dossier::new();
    d.file("content/topics/gas.md", "---\ntitle: Gas\n---\n");
    // Line 3 is `aliases: [Pipes, Gas]`: `aliases: [Pipes, ` is 17 characters,
    // so `Gas` is at column 18, 3 wide.
    d.file(
        "content/briefs/p.md",
        "---\ntitle: Pipeline\naliases: [Pipes, Gas]\n---\n\nBody.\n",
    );
    assert_reports(
        &d,
        &[error(
            "alias-collision",
            "alias 'Gas' is also a name of topics/gas ('Gas')",
            at("content/briefs/p.md", 3, 18, 3),
            "change or remove the alias: links using it could not tell the pages apart",
        )],
    );
}

#[test]
fn an_alias_collision_points_at_the_alias_not_at_a_longer_name_containing_it() {
    let d = Dossier::new();
    d.file("content/topics/gas.md", "---\ntitle: Gas\n---\n");
    // Line 3 is `aliases: [Gasoline, Gas]`: `aliases: [Gasoline, ` is 20
    // characters, so the alias `Gas` is at column 21.
    d.file(
        "content/briefs/p.md",
        "---\ntitle: Pipeline\naliases: [Gasoline, Gas]\n---\n\nBody.\n",
    );
    assert_reports(
        &d,
        &[error(
            "alias-collision",
            "alias 'Gas' is also a name of topics/gas ('Gas')",
            at("content/briefs/p.md", 3, 21, 3),
            "change or remove the alias: links using it could not tell the pages apart",
        )],
    );
}

// ---------------------------------------------------------------- files

#[test]
fn a_latin1_brief_is_invalid_utf8_at_the_first_bad_byte() {
    let d = Dossier::new();
    // Line 2 is `title: Caf\xE9`: `title: Caf` is 10 characters, so the
    // bad byte is at column 11; the message names its offset in the file,
    // 0-based: `---\n` is 4 bytes and `title: Caf` 10, so byte 14. The
    // file is not text, so the human form shows no source line.
    d.bytes(
        "content/briefs/a.md",
        b"---\ntitle: Caf\xE9\n---\n\nBody.\n",
    );
    d.brief("b", "B", "", "Fine.\n");
    assert_reports(
        &d,
        &[error(
            "invalid-utf8",
            "the file is not valid UTF-8: byte 14 (0xE9) is not part of a UTF-8 character",
            at("content/briefs/a.md", 2, 11, 1),
            "save the file as UTF-8 in your editor",
        )],
    );
}

#[test]
fn invalid_utf8_counts_the_byte_order_mark_in_the_offset_not_in_the_column() {
    let d = Dossier::new();
    // a.md: a byte-order mark (3 bytes), `---\n` (4), then line 2
    // `title: Cañó caf\xE9`: `title: Ca` is 9 bytes, `ñ` and `ó` 2 each,
    // ` caf` 4, so the bad byte is byte 3 + 4 + 9 + 4 + 4 = 24 of the file.
    // `title: Cañó caf` is 15 characters, so it is at column 16.
    d.bytes(
        "content/briefs/a.md",
        b"\xEF\xBB\xBF---\ntitle: Ca\xC3\xB1\xC3\xB3 caf\xE9\n---\n\nBody.\n",
    );
    // b.md: the bad byte follows the mark at once: byte 3, line 1, column 1.
    d.bytes("content/briefs/b.md", b"\xEF\xBB\xBF\xFF---\n");
    let hint = "save the file as UTF-8 in your editor";
    assert_reports(
        &d,
        &[
            error(
                "invalid-utf8",
                "the file is not valid UTF-8: byte 24 (0xE9) is not part of a UTF-8 character",
                at("content/briefs/a.md", 2, 16, 1),
                hint,
            ),
            error(
                "invalid-utf8",
                "the file is not valid UTF-8: byte 3 (0xFF) is not part of a UTF-8 character",
                at("content/briefs/b.md", 1, 1, 1),
                hint,
            ),
        ],
    );
}

#[test]
fn invalid_utf8_in_sources_settings_and_templates_is_located_too() {
    let d = Dossier::new();
    // sources.yaml: `- id: a\n` is 8 bytes and `  title: ` 9, so the bad
    // byte is byte 17, on line 2 at column 10.
    d.bytes("content/sources.yaml", b"- id: a\n  title: \xFF\n");
    // dossier.yaml: `title: x\n` is 9 bytes and `description: caf` 16, so
    // byte 25, on line 2 at column 17.
    d.bytes("dossier.yaml", b"title: x\ndescription: caf\xE9\n");
    // A template of the (default) theme: line 3 `<p>caf\xE9` after
    // `{{ x }}\n` (8 bytes) and `<h1>\n` (5): byte 19, column 7.
    d.bytes(
        "themes/default/templates/brief.html",
        b"{{ x }}\n<h1>\n<p>caf\xE9</p>\n",
    );
    d.brief("a", "A", "", "Body.\n");
    let hint = "save the file as UTF-8 in your editor";
    assert_reports(
        &d,
        &[
            error(
                "invalid-utf8",
                "the file is not valid UTF-8: byte 17 (0xFF) is not part of a UTF-8 character",
                at("content/sources.yaml", 2, 10, 1),
                hint,
            ),
            error(
                "invalid-utf8",
                "the file is not valid UTF-8: byte 25 (0xE9) is not part of a UTF-8 character",
                at("dossier.yaml", 2, 17, 1),
                hint,
            ),
            error(
                "invalid-utf8",
                "the file is not valid UTF-8: byte 19 (0xE9) is not part of a UTF-8 character",
                at("themes/default/templates/brief.html", 3, 7, 1),
                hint,
            ),
        ],
    );
}

#[test]
fn front_matter_that_is_never_closed_is_unterminated() {
    let d = Dossier::new();
    // Line 1 is the opening `---` (3 characters). No missing-title follows.
    d.file("content/briefs/a.md", "---\ntitle: Open\n\nBody.\n");
    assert_reports(
        &d,
        &[error(
            "unterminated-front-matter",
            "the front matter opened on line 1 is never closed",
            at("content/briefs/a.md", 1, 1, 3),
            "end the front matter with a line holding only `---`",
        )],
    );
}

#[test]
fn an_unknown_setting_in_dossier_yaml_is_a_warning_at_its_line() {
    let d = Dossier::new();
    // Line 2 starts with `base_ulr` (8 characters) at column 1.
    d.file(
        "dossier.yaml",
        "title: Caspian watch\nbase_ulr: https://example.org/\n",
    );
    d.brief("a", "A", "", "Body.\n");
    assert_reports(
        &d,
        &[warning(
            "unknown-setting",
            "unknown setting `base_ulr` in dossier.yaml",
            at("dossier.yaml", 2, 1, 8),
            format!("did you mean `base_url`? {SETTINGS_HINT}"),
        )],
    );
}

#[test]
fn a_brief_with_a_bom_and_crlf_line_endings_is_located_like_any_other() {
    let d = Dossier::new();
    // A byte-order mark, then CRLF lines. Line 9 is `The route via
    // [[nowhere]] worried Tehran.`: `The route via ` is 14 characters, so
    // the link is at column 15, 11 wide; the CR of the earlier lines adds
    // no column.
    let brief = |link: &str| {
        format!(
            "\u{feff}---\r\ntitle: A\r\ndate: 2024-05-01\r\ntopics: [gas]\r\n---\r\n\r\nFirst paragraph.\r\n\r\nThe route via [[{link}]] worried Tehran.\r\n"
        )
    };
    // The front page may have no title: its first line is body, where the
    // mark must add no column: `See ` is 4 characters, column 5;
    // `[[elsewhere]]` is 13.
    let home = |link: &str| format!("\u{feff}See [[{link}]].\r\n");
    d.bytes("content/briefs/a.md", brief("nowhere").as_bytes());
    d.bytes("content/_index.md", home("elsewhere").as_bytes());
    assert_reports(
        &d,
        &[
            error(
                "unknown-link",
                "unknown link target 'elsewhere'",
                at("content/_index.md", 1, 5, 13),
                UNKNOWN_LINK_HINT,
            ),
            error(
                "unknown-link",
                "unknown link target 'nowhere'",
                at("content/briefs/a.md", 9, 15, 11),
                UNKNOWN_LINK_HINT,
            ),
        ],
    );

    // With the links mended the same files check clean.
    d.bytes("content/briefs/a.md", brief("gas").as_bytes());
    d.bytes("content/_index.md", home("A").as_bytes());
    let human = d.run(&["check"]).success();
    assert_eq!(human.stderr, "no problems found\n");
    let json = d.run(&["check", "--format", "json"]).success();
    assert_eq!(
        serde_json::from_str::<Value>(&json.stdout).unwrap(),
        json!([])
    );
    assert!(!d.exists("public"));
}

#[test]
fn a_bad_value_in_crlf_front_matter_is_located_without_the_carriage_return() {
    let d = Dossier::new();
    // Line 3 is `date: yesterday\r`: column 7, and the marker covers the 9
    // characters of `yesterday`, not the CR.
    d.bytes(
        "content/briefs/a.md",
        b"---\r\ntitle: A\r\ndate: yesterday\r\n---\r\n\r\nBody.\r\n",
    );
    assert_reports(
        &d,
        &[error(
            "invalid-date",
            "invalid `date`: 'yesterday' is not a date; write YYYY-MM-DD, YYYY-MM or YYYY",
            at("content/briefs/a.md", 3, 7, 9),
            FRONT_MATTER_DATE_HINT,
        )],
    );
}

// ------------------------------------------------------- one run lists all

#[test]
fn one_check_lists_every_mistake_in_every_file_sorted_by_file_then_line() {
    let d = Dossier::new();
    // dossier.yaml, line 2: `base_ulr` at column 1.
    d.file(
        "dossier.yaml",
        "title: Caspian watch\nbase_ulr: https://example.org/\n",
    );
    // sources.yaml: line 3 `  reliability: Z` (grade at column 16); the
    // second `kumar-2025` on line 4 and `unused-2024` on line 6, each
    // marked from its text after `- `: column 3, 14 and 15 characters.
    d.file(
        "content/sources.yaml",
        "- id: kumar-2025\n  title: Pact of convenience\n  reliability: Z\n- id: kumar-2025\n  title: Pact again\n- id: unused-2024\n  title: Never cited\n",
    );
    d.file("content/actors/iran.md", "---\ntitle: Iran\n---\n");
    d.file(
        "content/topics/zangezur-corridor.md",
        "---\ntitle: Zangezur corridor\n---\n",
    );
    // No title: line 1, the opening `---`.
    d.file(
        "content/topics/gas.md",
        "---\naliases: [natural gas]\n---\n\nPipelines.\n",
    );
    d.brief("plan", "Draft plan", "draft: true\n", "Secret.\n");
    // a.md: line 3 `date: 2023-02-30` (value at column 7, 10 wide); line 4
    // `actor:` at column 1; line 7 `Signed [@kumar-2025] with ` is 26
    // characters, so `[[Zangezur corridr]]` (20) is at column 27; line 9
    // `See ` is 4, so `[[Draft plan]]` (14) is at column 5, and
    // `See [[Draft plan]] and ` is 23, so `[[]]` is at column 24.
    d.file(
        "content/briefs/a.md",
        "---\ntitle: Treaty signed\ndate: 2023-02-30\nactor: [Iran]\n---\n\nSigned [@kumar-2025] with [[Zangezur corridr]].\n\nSee [[Draft plan]] and [[]].\n",
    );
    // b.md: never closed, line 1.
    d.file("content/briefs/b.md", "---\ntitle: Open\n\nBody.\n");
    // c.md: line 3 `topics: [gas, oil`, the `[` at column 9.
    d.file(
        "content/briefs/c.md",
        "---\ntitle: Broken YAML\ntopics: [gas, oil\n---\n\nBody.\n",
    );
    // d.md: line 3 `sources: [nope]`, the id at column 11 (4 wide). Line 6:
    // `See ` is 4, so `[[Treaty signed#terms]]` (23) is at column 5;
    // 4 + 23 + ` and ` (5) = 32, so `[the plan](missing.md)` (22) is at
    // column 33; 32 + 22 + 1 = 55, so `[@kumr-2025]` (12) is at column 56.
    d.file(
        "content/briefs/d.md",
        "---\ntitle: Drones\nsources: [nope]\n---\n\nSee [[Treaty signed#terms]] and [the plan](missing.md) [@kumr-2025].\n",
    );
    // e.md: line 3 `aliases: [Tehran, Iran]`, `aliases: [Tehran, ` is 18
    // characters so `Iran` is at column 19; line 4 `topics: 5`, column 9.
    d.file(
        "content/briefs/e.md",
        "---\ntitle: Pipeline\naliases: [Tehran, Iran]\ntopics: 5\n---\n\nBody.\n",
    );
    let expected = [
        error(
            "invalid-date",
            "invalid `date`: '2023-02-30' does not exist: February 2023 has no day 30",
            at("content/briefs/a.md", 3, 7, 10),
            FRONT_MATTER_DATE_HINT,
        ),
        warning(
            "unknown-key",
            "unknown front-matter key `actor`",
            at("content/briefs/a.md", 4, 1, 5),
            "did you mean `actors`? Unknown keys are kept for templates as `extra.actor`",
        ),
        error(
            "unknown-link",
            "unknown link target 'Zangezur corridr'",
            at("content/briefs/a.md", 7, 27, 20),
            "did you mean 'Zangezur corridor'?",
        ),
        warning(
            "link-to-draft",
            "'Draft plan' is a draft, so this link is shown as unpublished text",
            at("content/briefs/a.md", 9, 5, 14),
            DRAFT_HINT,
        ),
        error(
            "empty-link",
            "empty wiki link: no page is named between the brackets",
            at("content/briefs/a.md", 9, 24, 4),
            EMPTY_LINK_HINT,
        ),
        error(
            "unterminated-front-matter",
            "the front matter opened on line 1 is never closed",
            at("content/briefs/b.md", 1, 1, 3),
            "end the front matter with a line holding only `---`",
        ),
        error(
            "yaml-syntax",
            "invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence)",
            at("content/briefs/c.md", 3, 9, 1),
            FRONT_MATTER_YAML_HINT,
        ),
        error(
            "unknown-source",
            "source 'nope' is not a source of this page or of content/sources.yaml",
            at("content/briefs/d.md", 3, 11, 4),
            DEFINE_SOURCE_HINT,
        ),
        error(
            "unknown-heading",
            "'Treaty signed' has no heading 'terms'",
            at("content/briefs/d.md", 6, 5, 23),
            "the page has no headings; link to the page itself",
        ),
        error(
            "unknown-file-link",
            "no content file 'missing.md' (looked for content/briefs/missing.md)",
            at("content/briefs/d.md", 6, 33, 22),
            "check the path; it is relative to the folder of the file that links",
        ),
        error(
            "unknown-source",
            "citation 'kumr-2025' is not a source of this page or of content/sources.yaml",
            at("content/briefs/d.md", 6, 56, 12),
            "did you mean 'kumar-2025'?",
        ),
        error(
            "alias-collision",
            "alias 'Iran' is also a name of actors/iran ('Iran')",
            at("content/briefs/e.md", 3, 19, 4),
            "change or remove the alias: links using it could not tell the pages apart",
        ),
        error(
            "invalid-value",
            "`topics` must be a list of names, found a number",
            at("content/briefs/e.md", 4, 9, 1),
            "write it like `topics: [First name, Second name]`",
        ),
        error(
            "invalid-reliability",
            "source `kumar-2025` has reliability `Z`, which is not an Admiralty grade",
            at("content/sources.yaml", 3, 16, 1),
            RELIABILITY_HINT,
        ),
        error(
            "duplicate-source",
            "source id 'kumar-2025' is defined twice in sources.yaml",
            at("content/sources.yaml", 4, 3, 14),
            "give each source its own id",
        ),
        warning(
            "uncited-source",
            "source 'unused-2024' in sources.yaml is never cited",
            at("content/sources.yaml", 6, 3, 15),
            "cite it as [@unused-2024] in a brief, or remove it from content/sources.yaml",
        ),
        error(
            "missing-title",
            "this topic has no title",
            at("content/topics/gas.md", 1, 1, 3),
            "add `title: ...` to the front matter",
        ),
        warning(
            "unknown-setting",
            "unknown setting `base_ulr` in dossier.yaml",
            at("dossier.yaml", 2, 1, 8),
            format!("did you mean `base_url`? {SETTINGS_HINT}"),
        ),
    ];
    // Fourteen errors and four warnings, across eight files.
    assert_eq!(summary(&expected), "found 14 errors and 4 warnings");
    let places: Vec<(&str, usize, usize)> = expected
        .iter()
        .map(|e| (e.at.path, e.at.line, e.at.column))
        .collect();
    assert!(places.is_sorted(), "the expected list itself is in order");
    assert_reports(&d, &expected);
}

// ------------------------------------------------------------ closed pipes

/// Runs `dossier ARGS -r ROOT` on `d` with stdout and stderr piped, reads
/// one byte from stdout (or stderr when `from_stderr`) and closes that pipe,
/// like `dossier check | head -c 1`, then waits. Returns the exit code (-1
/// if killed by a signal) and what reached the other stream.
fn stop_reading_after_one_byte(d: &Dossier, args: &[&str], from_stderr: bool) -> (i32, String) {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .arg("-r")
        .arg(d.path())
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run the dossier binary");
    let mut first = [0u8; 1];
    if from_stderr {
        let mut stderr = child.stderr.take().unwrap();
        stderr.read_exact(&mut first).unwrap();
    } else {
        let mut stdout = child.stdout.take().unwrap();
        stdout.read_exact(&mut first).unwrap();
    }
    // The pipe read from is closed here, with most of the output unread.
    let output = child.wait_with_output().unwrap();
    let other = if from_stderr {
        output.stdout
    } else {
        output.stderr
    };
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&other).into_owned(),
    )
}

/// A dossier with 3000 unknown links: their diagnostics are hundreds of
/// kilobytes in either format, far more than a pipe holds, so dossier is
/// still writing when the reader goes away.
fn many_diagnostics() -> Dossier {
    let d = Dossier::new();
    let body: String = (0..3000)
        .map(|i| format!("See [[nowhere-{i}]].\n"))
        .collect();
    d.brief("a", "A", "", &body);
    d
}

#[test]
fn json_output_piped_into_a_reader_that_stops_early_is_not_a_crash() {
    // `dossier check --format json | head -c 1`: the rest of the output is
    // not wanted, which is no internal error; the exit code is still 1
    // for the errors found (a caught panic exits with 2, an uncaught one
    // with 101).
    let d = many_diagnostics();
    let (code, stderr) = stop_reading_after_one_byte(&d, &["check", "--format", "json"], false);
    assert!(!stderr.contains("internal error"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(code, 1, "{stderr}");
}

#[test]
fn human_output_piped_into_a_reader_that_stops_early_is_not_a_crash() {
    // `dossier check 2>&1 | head -c 1`: the messages go to stderr, which is
    // closed, so a panic message could not be seen; but a panic would not
    // exit with 1: a caught one exits with 2, and one whose message fails
    // to print too aborts (-1 here).
    let d = many_diagnostics();
    let (code, stdout) = stop_reading_after_one_byte(&d, &["check"], true);
    assert_eq!(stdout, "");
    assert_eq!(code, 1);
}

/// A brief without `date:` is left off the timeline among dated briefs:
/// a warning at line 1, not silence. Drafts are not warned, and nor is a
/// dossier where no brief has a date (its timeline lists no briefs).
#[test]
fn an_undated_brief_among_dated_ones_is_a_warning_at_line_one() {
    let d = Dossier::new();
    d.brief("a", "Alpha", "date: 2024-01-01\n", "Text.\n");
    d.brief("b", "Beta", "", "Text.\n");
    d.brief("c", "Gamma", "draft: true\n", "Text.\n");
    let out = assert_reports(
        &d,
        &[warning(
            "undated-brief",
            "this brief has no date, so it is not on the timeline",
            at("content/briefs/b.md", 1, 1, 3),
            "add `date: 2025-01-17` to the front matter (2025-01 or 2025 when only the month or year is known)",
        )],
    );
    assert_has(&out.stdout, ", with 1 warning");
    let timeline = d.read("public/timeline/index.html");
    assert_has(&timeline, "Alpha");
    assert_lacks(&timeline, "Beta");

    let alone = Dossier::new();
    alone.brief("a", "Alpha", "", "Text.\n");
    assert_reports(&alone, &[]);
}

/// `dossier new brief` writes placeholder text; a published brief that
/// still has it is a warning at the first placeholder line. A draft
/// holding it is not.
#[test]
fn a_published_brief_with_the_new_brief_placeholder_text_is_a_warning() {
    let d = Dossier::new();
    d.file("content/_index.md", "---\ntitle: Home\n---\n");
    d.run(&["new", "brief", "Gas primer"]).success();
    d.run(&["new", "brief", "Oil primer"]).success();
    let path = d.path().join("content/briefs/gas-primer.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let published = text.replace("draft: true", "draft: false");
    assert_ne!(published, text, "a new brief is a draft:\n{text}");
    std::fs::write(&path, &published).unwrap();
    let line = published
        .lines()
        .position(|l| l.starts_with("Write the brief here."))
        .unwrap()
        + 1;
    assert_reports(
        &d,
        &[warning(
            "placeholder-text",
            "this published brief still has the placeholder text `dossier new` wrote",
            at("content/briefs/gas-primer.md", line, 1, 21),
            "replace it with the brief's text, or keep the brief a draft with `draft: true` until it is written",
        )],
    );
}
