//! Math: `$…$` (inline) and `$$…$$` (display) become MathML at build
//! time, so a reader's browser needs neither script nor fonts. The TeX is
//! kept inside the MathML as an `application/x-tex` annotation, for
//! screen readers, copying and the search index. A formula that does not
//! convert is written back as code, as typed, and reported as a
//! [`MathError`] (`math-error`) at its `$`.
//!
//! Which `$` opens math is pulldown-cmark's rule (its `ENABLE_MATH`): an
//! opening `$` is not followed by a space and a closing one not preceded
//! by one, so prices such as "$5 and $10" stay text.

use std::ops::Range;

use math_core::{LatexToMathML, MathCoreConfig, MathDisplay, PrettyPrint};

use crate::diagnostic::Diagnostic;
use crate::text::html::escape;

/// A formula that did not convert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MathError {
    /// Byte range of the formula, delimiters included, in the whole file.
    pub span: Range<usize>,
    /// The converter's own message.
    pub message: String,
}

impl MathError {
    pub fn diagnostic(&self) -> Diagnostic {
        Diagnostic::error(
            "math-error",
            format!("this math does not render: {}", self.message),
        )
        .hint(
            "fix the TeX (supported: LaTeX math such as \\frac, \\sqrt, ^ and _, \\sum, Greek \
             letters, \\text, matrices); to write a dollar sign that is not math, escape it as `\\$`",
        )
    }
}

/// The converter for one body, made on its first formula: most bodies
/// have none.
#[derive(Default)]
pub struct Math {
    converter: Option<LatexToMathML>,
    pub errors: Vec<MathError>,
}

impl Math {
    /// The HTML for `tex` (without its delimiters), whose `$` is at
    /// `span` in the file; a display formula is a block that scrolls on
    /// its own when it is wider than the screen.
    pub fn html(&mut self, tex: &str, display: bool, span: Range<usize>) -> String {
        let mode = if display {
            MathDisplay::Block
        } else {
            MathDisplay::Inline
        };
        match self.convert(tex, mode) {
            // Focusable, so a keyboard can scroll a formula wider than the
            // screen.
            Ok(mathml) if display => {
                format!("<span class=\"math-display\" tabindex=\"0\">{mathml}</span>")
            }
            Ok(mathml) => mathml,
            Err(message) => {
                self.errors.push(MathError { span, message });
                let dollars = if display { "$$" } else { "$" };
                format!(
                    "<code class=\"math-error\">{dollars}{}{dollars}</code>",
                    escape(tex)
                )
            }
        }
    }

    fn convert(&mut self, tex: &str, mode: MathDisplay) -> Result<String, String> {
        if nesting(tex) > MAX_NESTING {
            return Err(format!(
                "it nests more than {MAX_NESTING} levels deep (groups, `\\left`, `\\begin`, \
                 commands taking commands as arguments)"
            ));
        }
        if self.converter.is_none() {
            // The annotation is added by `annotated`: math-core 0.5's own
            // indents the MathML over several lines even when told not to.
            let config = MathCoreConfig {
                pretty_print: PrettyPrint::Never,
                ..MathCoreConfig::default()
            };
            // Only custom macros can fail here, and none are given.
            let converter =
                LatexToMathML::new(config).map_err(|(error, _, _)| error.to_string())?;
            self.converter = Some(converter);
        }
        let Some(converter) = &self.converter else {
            return Err("the math converter could not start".to_string());
        };
        let mathml = converter
            .convert_with_local_counter(tex, mode)
            .map_err(|error| error.error_message())?;
        Ok(annotated(&super::mathml::for_checker(&mathml), tex))
    }
}

/// The deepest nesting a formula may have, as [`nesting`] counts it.
/// math-core converts by recursion, one level per group or argument, and
/// a formula nested thousands deep (content is untrusted) would overflow
/// the stack and abort the build; this many levels take about half of a
/// 2 MiB thread stack in a debug build, and no analyst's formula needs
/// more than a handful.
const MAX_NESTING: usize = 64;

/// An upper bound of how deep `tex` nests: open groups (`{`, `\left`,
/// `\begin`) plus the run of commands, `^`, `_` and `'` since the last
/// other character, since each may take what follows as its argument
/// (`\sqrt\sqrt\sqrt x`).
fn nesting(tex: &str) -> usize {
    let (mut open, mut run, mut deepest) = (0usize, 0usize, 0usize);
    let bytes = tex.as_bytes();
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        at += 1;
        match byte {
            b'\\' => {
                let name_len = bytes[at..]
                    .iter()
                    .take_while(|b| b.is_ascii_alphabetic())
                    .count();
                let name = &bytes[at..at + name_len];
                at += name_len;
                if name.is_empty() {
                    // A control symbol (`\%`, `\{`, `\\`) is a character.
                    at += 1;
                    run = 0;
                    continue;
                }
                match name {
                    b"left" | b"begin" => open += 1,
                    b"right" | b"end" => open = open.saturating_sub(1),
                    _ => {}
                }
                run += 1;
            }
            b'{' => open += 1,
            b'}' => open = open.saturating_sub(1),
            b'^' | b'_' | b'\'' => run += 1,
            byte if byte.is_ascii_whitespace() => {}
            _ => run = 0,
        }
        deepest = deepest.max(open + run);
    }
    deepest
}

/// `<math …>…</math>` with its content and the TeX it came from wrapped
/// in `<semantics>`, on one line.
fn annotated(mathml: &str, tex: &str) -> String {
    let Some((open, rest)) = mathml.split_once('>') else {
        return mathml.to_string();
    };
    let Some(content) = rest.strip_suffix("</math>") else {
        return mathml.to_string();
    };
    format!(
        "{open}><semantics><mrow>{content}</mrow>\
         <annotation encoding=\"application/x-tex\">{}</annotation></semantics></math>",
        escape(tex)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(tex: &str, display: bool) -> (String, Vec<MathError>) {
        let mut math = Math::default();
        let html = math.html(tex, display, 10..20);
        (html, math.errors)
    }

    #[test]
    fn converts_what_analysts_write() {
        for tex in [
            r"\frac{a}{b}",
            r"x_i^2",
            r"\sum_{i=1}^{n} x_i",
            r"\alpha + \beta = \Gamma \Delta",
            r"\text{GDP growth} \approx 3\%",
            r"\sqrt{2} \times 10^{9}",
            r"\left(\frac{V_1}{V_0}\right)^{1/n} - 1",
            r"\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}",
            r"\le \ge \neq \pm \cdot",
            r"\sqrt[3]{x} + \bar{x} + \prod_{t} (1 + r_t)",
            r"\frac{\Delta V}{V_0} \approx 12\%",
            r"\text{CAGR} = \left(\frac{V_n}{V_0}\right)^{1/n} - 1",
            r"\begin{aligned} a &= b \\ c &= d \end{aligned}",
        ] {
            let (html, errors) = html(tex, false);
            assert!(errors.is_empty(), "{tex}: {errors:?}");
            assert!(html.starts_with("<math><semantics><mrow>"), "{tex}: {html}");
            assert!(!html.contains('\n'), "{tex}: {html}");
            assert!(
                html.contains("<annotation encoding=\"application/x-tex\">"),
                "{tex}: {html}"
            );
        }
    }

    #[test]
    fn what_is_not_math_is_an_error() {
        for tex in [r"\foo{x}", r"a & b", r"\left( x", r"\frac{1}"] {
            let (_, errors) = html(tex, false);
            assert_eq!(errors.len(), 1, "{tex}");
        }
    }

    #[test]
    fn nesting_counts_groups_and_runs_of_commands() {
        assert_eq!(nesting(r"\frac{a}{b} + \sqrt{2} \times 10^{9}"), 2);
        assert_eq!(nesting(r"\sqrt \sqrt \sqrt x"), 3);
        assert_eq!(nesting(r"x^{y^{z}}"), 3);
        assert_eq!(nesting(r"\left( a \right) \% \{ b \}"), 2);
        assert_eq!(nesting("{{{é}}}"), 3);
    }

    #[test]
    fn a_formula_nested_too_deep_is_an_error_not_a_crash() {
        for tex in [
            format!("{}a{}", "{".repeat(5000), "}".repeat(5000)),
            format!("{}a", r"\sqrt ".repeat(5000)),
            format!("{}a{}", r"\left(".repeat(5000), r"\right)".repeat(5000)),
        ] {
            let (html, errors) = html(&tex, true);
            assert_eq!(errors.len(), 1);
            assert!(errors[0].message.contains("nests more than 64 levels"));
            assert!(html.starts_with("<code class=\"math-error\">$$"));
        }
        let deep_enough = format!("{}a{}", r"\sqrt{".repeat(32), "}".repeat(32));
        assert!(html(&deep_enough, false).1.is_empty());
    }

    #[test]
    fn display_math_is_a_block() {
        let (html, _) = html(r"a < b", true);
        assert_eq!(
            html,
            "<span class=\"math-display\" tabindex=\"0\"><math display=\"block\"><semantics><mrow>\
             <mi>a</mi><mo>&lt;</mo><mi>b</mi></mrow>\
             <annotation encoding=\"application/x-tex\">a &lt; b</annotation>\
             </semantics></math></span>"
        );
    }

    #[test]
    fn a_tex_error_is_kept_as_code_and_reported() {
        let (html, errors) = html(r"\frac{1}{<2", false);
        assert_eq!(html, r#"<code class="math-error">$\frac{1}{&lt;2$</code>"#);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].span, 10..20);
        assert!(!errors[0].message.is_empty());
    }
}
