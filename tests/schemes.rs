//! Addresses a writer gives, through the real binary: no Markdown link or
//! image, source `url` or `base_url` can put a script-running address
//! (`javascript:`, `vbscript:`, `data:`) into a page, however it is
//! spelt; each is an error at its line and column. And a build meant for
//! publishing says when `base_url` names this computer, or is not set.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Dossier, Output, assert_has, assert_lacks, attributes, files};
use serde_json::Value;

/// The errors `check --format json` reports, as (code, path, line,
/// column), after asserting that `check` and `build` both exit with 1 and
/// the build writes nothing.
#[track_caller]
fn errors(d: &Dossier) -> Vec<(String, String, u64, u64)> {
    let out = d.run(&["check", "--format", "json"]).code(1);
    d.build(&["--no-git"]).code(1);
    assert!(!d.exists("public"), "a failed build wrote public/");
    let found: Value = serde_json::from_str(&out.stdout).unwrap();
    found
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["path"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn error(code: &str, path: &str, line: u64, column: u64) -> (String, String, u64, u64) {
    (code.to_string(), path.to_string(), line, column)
}

/// Every `href` and `src` of every file in the built site, lowercased and
/// with white space and control characters removed, as a browser reads a
/// scheme.
fn every_address(d: &Dossier) -> Vec<String> {
    let mut found = Vec::new();
    for path in files(&d.path().join("public")).into_values() {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        for attr in ["href", "src"] {
            for value in attributes(&text, attr) {
                let value: String = value
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect();
                found.push(value.to_ascii_lowercase());
            }
        }
    }
    found
}

/// Markdown destinations that run script, one a paragraph, each with the
/// column its link or image starts at.
const UNSAFE_MARKDOWN: &[(&str, u64)] = &[
    ("[a](javascript:alert(1))", 1),
    ("Say [b](JaVaScRiPt:alert(1)).", 5),
    ("[c](<java\tscript:alert(1)>)", 1),
    ("[d](<\u{1}javascript:alert(1)>)", 1),
    ("[e](<  javascript:alert(1)>)", 1),
    ("[f](&#106;avascript:alert(1))", 1),
    ("[g](java&Tab;script:alert(1))", 1),
    ("[h](vbscript:msgbox(1))", 1),
    ("[i](data:text/html,<script>alert(1)</script>)", 1),
    ("![j](javascript:alert(1))", 1),
    (
        "![k](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        1,
    ),
    ("See [l][bad] and ![m][bad].", 5),
    ("<javascript:alert(1)>", 1),
    ("A [n](data:image/png;base64,AAAA) link, not an image.", 3),
];

#[test]
fn markdown_links_and_images_that_run_script_are_errors_where_they_are_written() {
    let d = Dossier::new();
    let body: String = UNSAFE_MARKDOWN
        .iter()
        .map(|(text, _)| format!("{text}\n\n"))
        .collect::<String>()
        + "[bad]: javascript:alert(1)\n";
    d.brief("a", "A", "", &body);
    // The body starts on line 5; each case is a paragraph of one line
    // followed by a blank line. The reference-style case has two errors.
    let mut expected = Vec::new();
    for (n, (text, column)) in UNSAFE_MARKDOWN.iter().enumerate() {
        let line = 5 + 2 * n as u64;
        expected.push(error("unsafe-link", "content/briefs/a.md", line, *column));
        if text.contains("][bad]") {
            let image = text.find("![m]").unwrap() as u64 + 1;
            expected.push(error("unsafe-link", "content/briefs/a.md", line, image));
        }
    }
    assert_eq!(errors(&d), expected);
}

#[test]
fn the_message_names_the_scheme_and_the_hint_says_what_to_do() {
    let d = Dossier::new();
    d.brief("a", "A", "", "Read [this](JAVASCRIPT:alert(1)).\n");
    let out = d.run(&["check"]).code(1);
    out.stderr_has(
        "error[unsafe-link]: link to a `javascript:` address, which can run script in the reader's browser\n --> content/briefs/a.md:5:6\n",
    );
    out.stderr_has("= help: link to an http(s) address, a page or a file in static/");
    out.stderr_has("found 1 error and 0 warnings");
}

#[test]
fn safe_addresses_build_and_no_page_links_to_script() {
    let d = Dossier::new();
    d.file(
        "dossier.yaml",
        "title: Safe\nbase_url: https://example.org/safe/\n",
    );
    d.file(
        "content/sources.yaml",
        "- id: s1\n  title: One\n  url: https://example.org/one?next=javascript:alert(1)\n- id: s2\n  title: Two\n  url: HTTP://Example.org\n",
    );
    d.brief(
        "a",
        "A",
        "sources:\n  - id: s3\n    title: Three\n    url: http://[2001:db8::1]:8080/three\n",
        "Mail [the desk](mailto:desk@example.org), call [it](tel:+441234), \
         read [b](b.md) and [notes](#notes) [@s1] [@s2] [@s3].\n\n\
         ![a dot](data:image/png;base64,iVBORw0KGgo=) and `javascript:alert(1)` as code; \
         the word javascript: in text.\n\n## Notes\n\nEnd.\n",
    );
    d.brief("b", "B", "", "B.\n");
    d.build(&["--no-git"]).success();
    let addresses = every_address(&d);
    assert!(addresses.len() > 10, "{addresses:?}");
    for address in &addresses {
        for scheme in ["javascript:", "vbscript:", "data:text"] {
            assert!(!address.starts_with(scheme), "a page links to {address}");
        }
    }
    let brief = d.read("public/briefs/a/index.html");
    assert_has(&brief, "href=\"mailto:desk@example.org\"");
    assert_has(&brief, "src=\"data:image/png;base64,iVBORw0KGgo=\"");
    assert_has(&brief, "href=\"http://[2001:db8::1]:8080/three\"");
}

#[test]
fn a_source_url_must_be_an_http_address_with_a_host() {
    let d = Dossier::new();
    // Each source sits on three lines, `- id:`, `  title:`, `  url:`; the
    // value of `  url: ` starts at column 8. YAML's double-quoted "\t" and
    // "\x01" are a tab and a control character.
    let urls = [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "\"java\\tscript:alert(1)\"",
        "\"\\x01javascript:alert(1)\"",
        "\"  javascript:alert(1)\"",
        "vbscript:msgbox(1)",
        "\"data:text/html,<script>alert(1)</script>\"",
        "ftp://example.org/file",
        "https://",
        "//example.org/no-scheme",
        "example.org",
    ];
    let mut registry = String::new();
    let mut cites = String::new();
    let mut expected = Vec::new();
    for (n, url) in urls.iter().enumerate() {
        registry.push_str(&format!("- id: s{n}\n  title: S\n  url: {url}\n"));
        cites.push_str(&format!("[@s{n}] "));
        expected.push(error(
            "invalid-url",
            "content/sources.yaml",
            3 * n as u64 + 3,
            8,
        ));
    }
    d.file("content/sources.yaml", &registry);
    // In front matter: line 4 is `  - id: local`, line 6 `    url: ...`,
    // whose value starts at column 10.
    d.brief(
        "a",
        "A",
        "sources:\n  - id: local\n    title: L\n    url: javascript:alert(1)\n",
        &format!("{cites}[@local]\n"),
    );
    expected.insert(0, error("invalid-url", "content/briefs/a.md", 6, 10));
    assert_eq!(errors(&d), expected);

    let out = d.run(&["check"]).code(1);
    out.stderr_has(
        "error[invalid-url]: the `url` of source `local` is not an http or https address: it does not start with http:// or https://\n",
    );
    out.stderr_has("= help: write the full address, like `url: https://example.org/report`");
}

#[test]
fn base_url_in_dossier_yaml_must_be_an_http_address() {
    for (base, why) in [
        (
            "javascript:alert(1)//",
            "it does not start with http:// or https://",
        ),
        ("\"  JavaScript:alert(1)\"", "it does not start with http"),
        ("ftp://example.org/", "it does not start with http"),
        ("https:///dossier/", "it names no host after the //"),
        ("\"\"", "it does not start with http"),
    ] {
        let d = Dossier::new();
        d.file("dossier.yaml", &format!("title: T\nbase_url: {base}\n"));
        d.brief("a", "A", "", "Text.\n");
        assert_eq!(
            errors(&d),
            vec![error("invalid-config", "dossier.yaml", 2, 11)],
            "{base}"
        );
        let out = d.run(&["check"]).code(1);
        out.stderr_has(&format!(
            "error[invalid-config]: `base_url` in dossier.yaml is not an http or https address: {why}"
        ));
    }
}

#[test]
fn base_url_on_the_command_line_must_be_an_http_address() {
    let d = Dossier::new();
    d.brief("a", "A", "", "Text.\n");
    for base in [
        "javascript:alert(1)//",
        "data:text/html,x",
        "example.org",
        "",
    ] {
        let out = d.build(&["--no-git", "--base-url", base]).code(2);
        out.stderr_has(&format!(
            "error: --base-url {base:?} is not an http or https address"
        ));
        assert!(!d.exists("public"), "--base-url {base:?} wrote public/");
    }
    d.build(&["--no-git", "--base-url", "https://example.org/d"])
        .success();
    assert_has(
        &d.read("public/briefs/a/index.html"),
        "<link rel=\"canonical\" href=\"https://example.org/d/briefs/a/\">",
    );
}

// ------------------------------------------------------------- local-base-url

/// A build's output with the warning lines only.
fn warnings(out: &Output) -> Vec<&str> {
    out.stderr
        .lines()
        .filter(|l| l.starts_with("warning["))
        .collect()
}

#[test]
fn a_build_warns_when_base_url_names_this_computer() {
    for base in [
        "http://localhost:1111/",
        "http://LOCALHOST/",
        "https://docs.localhost/d/",
        "http://127.0.0.1:8000/",
        "http://127.1.2.3/",
        "http://[::1]:1111/",
        "http://0.0.0.0:1111/",
    ] {
        let d = Dossier::new();
        d.file(
            "dossier.yaml",
            &format!("title: T\n# where it goes\nbase_url: {base}\n"),
        );
        d.brief("a", "A", "", "Text.\n");
        let out = d.build(&["--no-git"]).success();
        assert_eq!(
            warnings(&out),
            vec![format!(
                "warning[local-base-url]: `base_url` in dossier.yaml is {base}, which only this computer reaches: feeds, sitemap.xml, robots.txt, canonical links and 404.html point there"
            )],
            "{base}"
        );
        out.stderr_has(" --> dossier.yaml:3:11\n");
        out.stderr_has("= help: set `base_url` to the address the site is published at");
        assert_has(&out.stdout, ", with 1 warning");
        // The site is still built as asked.
        assert_has(&d.read("public/sitemap.xml"), &format!("<loc>{base}"));
        // `check` is about the content, and `serve` and `watch` preview
        // on this computer: only a build for publishing warns.
        let check = d.run(&["check"]).success();
        assert_eq!(check.stderr, "no problems found\n", "{base}");
    }
}

#[test]
fn a_build_warns_when_base_url_option_names_this_computer() {
    let d = Dossier::new();
    d.file("dossier.yaml", "title: T\nbase_url: https://example.org/\n");
    d.brief("a", "A", "", "Text.\n");
    let out = d
        .build(&["--no-git", "--base-url", "http://127.0.0.1:9000"])
        .success();
    assert_eq!(
        warnings(&out),
        vec![
            "warning[local-base-url]: --base-url is http://127.0.0.1:9000/, which only this computer reaches: feeds, sitemap.xml, robots.txt, canonical links and 404.html point there"
        ]
    );
    out.stderr_has("= help: give --base-url the address the site is published at");
}

#[test]
fn a_published_address_gets_no_warning() {
    for base in [
        "https://example.org/",
        "http://localhost.example.org/",
        "http://10.0.0.1/",
        "http://[2001:db8::1]/",
    ] {
        let d = Dossier::new();
        d.file("dossier.yaml", &format!("title: T\nbase_url: {base}\n"));
        d.brief("a", "A", "", "Text.\n");
        let out = d.build(&["--no-git"]).success();
        assert_eq!(out.stderr, "", "{base}");
        assert_lacks(&out.stdout, "note:");
    }
}

#[test]
fn a_dossier_yaml_without_base_url_builds_with_a_note() {
    let d = Dossier::new();
    d.file("dossier.yaml", "title: T\n");
    d.brief("a", "A", "", "Text.\n");
    let out = d.build(&["--no-git"]).success();
    assert_eq!(out.stderr, "", "a note, not a warning");
    let notes: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.starts_with("note: "))
        .collect();
    assert_eq!(
        notes,
        vec![
            "note: dossier.yaml sets no base_url, so feeds, sitemap.xml, robots.txt, canonical links and 404.html use http://localhost:1111/; set it to the address the site is published at before publishing"
        ]
    );
    // Feeds and the sitemap are still made, with the default address.
    assert_has(&d.read("public/atom.xml"), "http://localhost:1111/");
    assert_has(
        &d.read("public/sitemap.xml"),
        "<loc>http://localhost:1111/briefs/a/</loc>",
    );
    // `--base-url` sets it: nothing to say.
    let given = d
        .build(&["--no-git", "--base-url", "https://example.org/"])
        .success();
    assert_lacks(&given.stdout, "note:");
    assert_eq!(given.stderr, "");
}
