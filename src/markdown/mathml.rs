//! MathML Core as the Nu HTML checker accepts it. math-core writes
//! `displaystyle` and `scriptlevel` on any element (`<mrow>`, `<mfrac>`,
//! `<mtable>`), as MathML Core allows; the checker's schema (MathML 3)
//! allows them on `<mstyle>` only, and `displaystyle` on `<mtable>` too.
//! Such an element is wrapped in an `<mstyle>` that carries them, which
//! browsers render alike: both attributes are inherited.

/// The attributes that move to a wrapping `<mstyle>`.
const MOVED: [&str; 2] = [" displaystyle=\"", " scriptlevel=\""];

/// `mathml` (one `<math>` element as math-core writes it) with each
/// element's style attributes the checker rejects moved to an `<mstyle>`
/// around it.
pub fn for_checker(mathml: &str) -> String {
    let mut out = String::with_capacity(mathml.len() + 64);
    // For each open element: whether it is wrapped, so its end closes
    // the `<mstyle>` too.
    let mut open: Vec<bool> = Vec::new();
    let mut rest = mathml;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        // Text and attribute values are escaped, so `>` ends the tag.
        let Some(end) = rest.find('>') else {
            break;
        };
        let tag = &rest[..=end];
        rest = &rest[end + 1..];
        if tag.starts_with("</") {
            out.push_str(tag);
            if open.pop() == Some(true) {
                out.push_str("</mstyle>");
            }
            continue;
        }
        let (tag, style) = split_style(tag);
        let wrapped = !style.is_empty();
        if wrapped {
            out.push_str("<mstyle");
            out.push_str(&style);
            out.push('>');
        }
        out.push_str(&tag);
        if tag.ends_with("/>") {
            if wrapped {
                out.push_str("</mstyle>");
            }
        } else {
            open.push(wrapped);
        }
    }
    out.push_str(rest);
    out
}

/// `tag` without the attributes the checker rejects on it, and those
/// attributes (each with its leading space).
fn split_style(tag: &str) -> (String, String) {
    let name = tag[1..].split([' ', '>', '/']).next().unwrap_or_default();
    let mut kept = tag.to_string();
    let mut moved = String::new();
    for attribute in MOVED {
        let allowed = name == "mstyle" || (name == "mtable" && attribute == MOVED[0]);
        if allowed {
            continue;
        }
        let Some(start) = kept.find(attribute) else {
            continue;
        };
        let value_start = start + attribute.len();
        let Some(length) = kept[value_start..].find('"') else {
            continue;
        };
        let end = value_start + length + 1;
        moved.push_str(&kept[start..end]);
        kept.replace_range(start..end, "");
    }
    (kept, moved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn style_attributes_move_to_an_mstyle_around_their_element() {
        assert_eq!(
            for_checker(
                "<math><mrow displaystyle=\"true\" scriptlevel=\"0\"><mfrac displaystyle=\"false\">\
                 <mi>a</mi><mi>b</mi></mfrac><mspace width=\"1em\"/></mrow></math>"
            ),
            "<math><mstyle displaystyle=\"true\" scriptlevel=\"0\"><mrow>\
             <mstyle displaystyle=\"false\"><mfrac><mi>a</mi><mi>b</mi></mfrac></mstyle>\
             <mspace width=\"1em\"/></mrow></mstyle></math>"
        );
    }

    #[test]
    fn a_table_keeps_its_displaystyle_and_its_style() {
        assert_eq!(
            for_checker(
                "<mtable displaystyle=\"true\" scriptlevel=\"0\" style=\"width: 100%\"><mtr></mtr></mtable>"
            ),
            "<mstyle scriptlevel=\"0\"><mtable displaystyle=\"true\" style=\"width: 100%\">\
             <mtr></mtr></mtable></mstyle>"
        );
    }

    #[test]
    fn other_markup_is_unchanged() {
        let mathml = "<math display=\"block\"><semantics><mrow><mi>x</mi><mo>&lt;</mo></mrow>\
                      <annotation encoding=\"application/x-tex\">x &lt;</annotation></semantics></math>";
        assert_eq!(for_checker(mathml), mathml);
    }
}
