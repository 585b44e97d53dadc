//! Math: `$…$` and `$$…$$` become MathML at build time, with the TeX kept
//! as an annotation; prices stay text; a formula that does not convert is
//! a `math-error` at its `$`; summaries, previews and feeds hold the TeX.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Dossier, assert_has, assert_lacks};

fn dossier() -> Dossier {
    let d = Dossier::new();
    d.file("dossier.yaml", "title: Math test\n");
    d
}

/// The rendered body of brief `name`.
fn prose(d: &Dossier, name: &str) -> String {
    let html = d.read(&format!("public/briefs/{name}/index.html"));
    let start = html.find("<div class=\"prose\">").expect("a body");
    let end = html[start..]
        .find("</article>")
        .map_or(html.len(), |e| start + e);
    html[start..end].to_string()
}

#[test]
fn inline_and_display_math_become_mathml_keeping_their_tex() {
    let d = dossier();
    d.brief(
        "one",
        "One",
        "date: 2024-01-01\n",
        "Growth was $g \\approx 3\\%$ a year.\n\n\
         $$\n\\frac{V_1}{V_0} = \\sum_{i=1}^{n} x_i\n$$\n",
    );
    d.build(&[]).success();
    let html = prose(&d, "one");
    assert_has(
        &html,
        "<p dir=\"auto\">Growth was <math><semantics><mrow><mi>g</mi><mo>≈</mo><mn>3</mn><mi>%</mi></mrow>\
         <annotation encoding=\"application/x-tex\">g \\approx 3\\%</annotation></semantics></math> a year.</p>",
    );
    assert_has(
        &html,
        "<p dir=\"auto\"><span class=\"math-display\" tabindex=\"0\"><math display=\"block\"><semantics><mrow><mfrac>",
    );
    assert_has(
        &html,
        "<annotation encoding=\"application/x-tex\">\n\\frac{V_1}{V_0} = \\sum_{i=1}^{n} x_i\n</annotation>",
    );
    assert_lacks(&html, "$");
}

#[test]
fn prices_and_escaped_dollars_stay_text() {
    let d = dossier();
    let text = "It costs $5 and $10, or $3.5bn in all; from $5 to $6. A $ alone, US$5.";
    d.brief(
        "one",
        "One",
        "date: 2024-01-01\n",
        &format!("{text}\n\nAn escaped \\$x\\$ and \\$5 and \\$10\\$.\n"),
    );
    d.build(&[]).success();
    let html = prose(&d, "one");
    assert_has(&html, &format!("<p dir=\"auto\">{text}</p>"));
    assert_has(&html, "<p dir=\"auto\">An escaped $x$ and $5 and $10$.</p>");
    assert_lacks(&html, "<math");
}

#[test]
fn a_tex_error_is_reported_at_its_dollar_with_the_message() {
    let d = dossier();
    d.brief(
        "one",
        "One",
        "date: 2024-01-01\n",
        "Fine: $x^2$.\n\nBad: $\\foo{x} + 1$ and\n$$\\frac{a}{b} & c$$\n",
    );
    let out = d.build(&[]).code(1);
    out.stderr_has("error[math-error]: this math does not render: Unknown command \"\\foo\".")
        .stderr_has("content/briefs/one.md:8:6")
        .stderr_has("content/briefs/one.md:9:1")
        .stderr_has("help: fix the TeX")
        .stderr_has("escape it as `\\$`");
    assert_eq!(out.stderr.matches("error[math-error]").count(), 2);
}

#[test]
fn math_works_in_headings_tables_notes_callouts_and_link_text() {
    let d = dossier();
    d.brief(
        "one",
        "One",
        "date: 2024-01-01\n",
        "## Ratio $\\alpha$\n\n\
         | share | value |\n|---|---|\n| $\\beta_1$ | 2 |\n\n\
         A note.[^n] See [the rate $r$](https://example.com/).\n\n\
         > [!NOTE]\n> Callout $z^2$.\n\n\
         [^n]: Note with $\\sqrt{2}$.\n",
    );
    d.build(&[]).success();
    let html = prose(&d, "one");
    let tex = |t: &str| format!("<annotation encoding=\"application/x-tex\">{t}</annotation>");
    assert_has(
        &html,
        "<h2 id=\"ratio-alpha\" dir=\"auto\">Ratio <math><semantics>",
    );
    assert_has(
        &html,
        &format!(
            "<td dir=\"auto\"><math><semantics><mrow><msub><mi>β</mi><mn>1</mn></msub></mrow>{}",
            tex("\\beta_1")
        ),
    );
    assert_has(
        &html,
        &format!(
            "<a href=\"https://example.com/\">the rate <math><semantics><mrow><mi>r</mi></mrow>{}</semantics></math></a>",
            tex("r")
        ),
    );
    assert_has(&html, &tex("z^2"));
    assert_has(
        &html,
        &format!(
            "<li id=\"fn-1\" dir=\"auto\">\n<p dir=\"auto\">Note with <math><semantics><mrow><msqrt><mn>2</mn></msqrt></mrow>{}",
            tex("\\sqrt{2}")
        ),
    );
}

#[test]
fn summaries_previews_and_feeds_hold_the_tex_not_mathml() {
    let d = dossier();
    d.brief(
        "one",
        "One",
        "date: 2024-01-01\n",
        "Exports grew by $\\frac{1}{3}$ in a year.\n",
    );
    d.build(&[]).success();
    let previews = d.preview_buckets().concat();
    assert_has(&previews, "Exports grew by \\\\frac{1}{3} in a year.");
    assert_lacks(&previews, "<m");
    let feed = d.read("public/atom.xml");
    assert_has(
        &feed,
        "<summary>Exports grew by \\frac{1}{3} in a year.</summary>",
    );
    assert_lacks(&feed, "&lt;m");
}

#[test]
fn style_attributes_the_nu_checker_rejects_sit_on_an_mstyle() {
    let d = dossier();
    d.brief(
        "one",
        "One",
        "date: 2024-01-01\n",
        "Shares $\\dfrac{a}{b}$ and $\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}$.\n",
    );
    d.build(&[]).success();
    let html = prose(&d, "one");
    assert_has(
        &html,
        "<mstyle displaystyle=\"true\"><mfrac><mi>a</mi><mi>b</mi></mfrac></mstyle>",
    );
    assert_has(
        &html,
        "<mstyle scriptlevel=\"0\"><mtable displaystyle=\"false\">",
    );
    // The MathML 3 schema the checker uses allows these on `<mstyle>`
    // only (and `displaystyle` on `<mtable>`).
    for tag in html.split('<').filter(|t| t.starts_with('m')) {
        let name = tag.split([' ', '>']).next().unwrap();
        if name != "mstyle" {
            assert!(!tag.contains("scriptlevel="), "<{tag}");
            assert!(name == "mtable" || !tag.contains("displaystyle="), "<{tag}");
        }
    }
}

#[test]
fn a_formula_nested_thousands_deep_is_a_math_error_not_a_crash() {
    let d = dossier();
    let deep = format!("{}a{}", "{".repeat(3000), "}".repeat(3000));
    let chain = "\\sqrt ".repeat(3000);
    d.brief(
        "one",
        "One",
        "date: 2024-01-01\n",
        &format!("Deep ${deep}$.\n\nChained ${chain}a$.\n"),
    );
    let out = d.build(&[]).code(1);
    out.stderr_has(
        "error[math-error]: this math does not render: it nests more than 64 levels deep",
    )
    .stderr_has("content/briefs/one.md:6:6")
    .stderr_has("content/briefs/one.md:8:9");
}
