//! An SVG's size from its root element alone: `width` and `height` in
//! pixels (unitless or `px`), else its `viewBox`. With one of the two and
//! a `viewBox`, the other follows the `viewBox`'s ratio, as browsers
//! size it. Other units (`%`, `em`, `cm`) depend on where the image is
//! shown, so they count as absent.

/// The size of the SVG at the start of `head`, or `None` when `head`
/// does not start with an `<svg>` root element (after any XML
/// declaration, comments and doctype) or the element gives no size.
pub(super) fn dimensions(head: &[u8]) -> Option<(u32, u32)> {
    let text = String::from_utf8_lossy(head);
    let attributes = root_attributes(&text)?;
    let get = |name: &str| {
        attributes
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, value)| *value)
    };
    let width = get("width").and_then(length);
    let height = get("height").and_then(length);
    let view = get("viewBox").and_then(view_box);
    let (width, height) = match (width, height, view) {
        (Some(w), Some(h), _) => (w, h),
        (Some(w), None, Some((vw, vh))) => (w, w * vh / vw),
        (None, Some(h), Some((vw, vh))) => (h * vw / vh, h),
        (None, None, Some(view)) => view,
        _ => return None,
    };
    Some((pixels(width)?, pixels(height)?))
}

/// The attributes of the root element, if it is `svg` (with or without
/// a namespace prefix) and its start tag is complete.
fn root_attributes(text: &str) -> Option<Vec<(&str, &str)>> {
    let rest = skip_prolog(text.trim_start_matches('\u{FEFF}'))?;
    let rest = rest.strip_prefix('<')?;
    let name_end = rest.find(|c: char| c.is_whitespace() || c == '/' || c == '>')?;
    let name = rest.get(..name_end)?;
    if name.rsplit(':').next() != Some("svg") {
        return None;
    }
    attributes(rest.get(name_end..)?)
}

/// Past the XML declaration, processing instructions, comments and the
/// doctype (whose internal subset, in brackets, may hold `>`).
fn skip_prolog(mut rest: &str) -> Option<&str> {
    loop {
        rest = rest.trim_start();
        rest = if let Some(r) = rest.strip_prefix("<?") {
            after(r, "?>")?
        } else if let Some(r) = rest.strip_prefix("<!--") {
            after(r, "-->")?
        } else if let Some(r) = rest.strip_prefix("<!DOCTYPE") {
            let close = r.find(['[', '>'])?;
            let r = r.get(close..)?;
            match r.strip_prefix('[') {
                Some(subset) => after(after(subset, "]")?, ">")?,
                None => r.get(1..)?,
            }
        } else {
            return Some(rest);
        };
    }
}

fn after<'a>(text: &'a str, end: &str) -> Option<&'a str> {
    let at = text.find(end)?;
    text.get(at + end.len()..)
}

/// `name="value"` pairs up to the end of the start tag; `None` when the
/// tag is cut off or malformed.
fn attributes(mut rest: &str) -> Option<Vec<(&str, &str)>> {
    let mut found = Vec::new();
    loop {
        rest = rest.trim_start();
        if rest.starts_with('>') || rest.starts_with("/>") {
            return Some(found);
        }
        let (name, value) = rest.split_once('=')?;
        let name = name.trim_end();
        if name.is_empty() || name.contains(|c: char| c.is_whitespace() || "<>/\"'".contains(c)) {
            return None;
        }
        let value = value.trim_start();
        let quote = value.chars().next().filter(|c| matches!(c, '"' | '\''))?;
        let (value, tail) = value.get(1..)?.split_once(quote)?;
        found.push((name, value));
        rest = tail;
    }
}

/// A length in pixels: a number, unitless or in `px`.
fn length(value: &str) -> Option<f64> {
    let value = value.trim();
    positive(value.strip_suffix("px").unwrap_or(value))
}

/// The width and height of `min-x min-y width height`, separated by
/// spaces and/or commas.
fn view_box(value: &str) -> Option<(f64, f64)> {
    let numbers: Vec<&str> = value
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|part| !part.is_empty())
        .collect();
    match numbers.as_slice() {
        [_, _, width, height] => Some((positive(width)?, positive(height)?)),
        _ => None,
    }
}

fn positive(number: &str) -> Option<f64> {
    number
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite() && *n > 0.0)
}

/// A size rounded to whole pixels, at least one.
fn pixels(size: f64) -> Option<u32> {
    let rounded = size.round();
    // The range check makes the cast exact.
    (rounded >= 1.0 && rounded <= f64::from(u32::MAX)).then_some(rounded as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size(svg: &str) -> Option<(u32, u32)> {
        dimensions(svg.as_bytes())
    }

    #[test]
    fn width_and_height_in_pixels_win() {
        assert_eq!(
            size(r#"<svg width="300" height="150px" viewBox="0 0 3 2"></svg>"#),
            Some((300, 150))
        );
        assert_eq!(
            size("<svg height='20.4' width=' 10.6px '/>"),
            Some((11, 20))
        );
    }

    #[test]
    fn a_view_box_alone_gives_the_size() {
        assert_eq!(
            size(r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 3 2">"#),
            Some((3, 2))
        );
        assert_eq!(size(r#"<svg viewBox="-5,-5, 40 , 30">"#), Some((40, 30)));
    }

    #[test]
    fn one_side_and_a_view_box_give_the_other_side() {
        assert_eq!(
            size(r#"<svg width="100" viewBox="0 0 50 25">"#),
            Some((100, 50))
        );
        assert_eq!(
            size(r#"<svg height="100" viewBox="0 0 50 25">"#),
            Some((200, 100))
        );
    }

    #[test]
    fn relative_units_fall_back_to_the_view_box() {
        assert_eq!(
            size(r#"<svg width="100%" height="2em" viewBox="0 0 3 2">"#),
            Some((3, 2))
        );
        assert_eq!(size(r#"<svg width="100%" height="100%">"#), None);
    }

    #[test]
    fn the_prolog_is_skipped() {
        let svg = "\u{FEFF}<?xml version=\"1.0\"?>\n<!-- made by hand -->\n\
                   <!DOCTYPE svg [ <!ENTITY a \"<b>\"> ]>\n\
                   <svg:svg xmlns:svg=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 3 2\">";
        assert_eq!(size(svg), Some((3, 2)));
        assert_eq!(
            size(
                "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"x.dtd\"><svg width=\"3\" height=\"2\">"
            ),
            Some((3, 2))
        );
    }

    #[test]
    fn only_the_root_element_counts() {
        assert_eq!(size(r#"<html><svg width="3" height="2">"#), None);
        assert_eq!(size(r#"<svg><rect width="3" height="2"/></svg>"#), None);
        assert_eq!(size(r#"<svgx width="3" height="2">"#), None);
    }

    #[test]
    fn bad_or_cut_off_values_give_nothing() {
        for svg in [
            r#"<svg width="0" height="2">"#,
            r#"<svg width="-3" height="2">"#,
            r#"<svg width="NaN" height="2">"#,
            r#"<svg width="inf" height="2">"#,
            r#"<svg width="1e40" height="2">"#,
            r#"<svg viewBox="0 0 3">"#,
            r#"<svg viewBox="0 0 0 2">"#,
            r#"<svg width="3" height="2"#,
            r#"<svg width="3" height=2>"#,
            r#"<svg width="3" height="2""#,
            "<!-- <svg width=\"3\" height=\"2\">",
            "<svg width=\"3\" hei",
            "",
            "\u{FEFF}",
        ] {
            assert_eq!(size(svg), None, "{svg}");
        }
        assert_eq!(size("<svg width=\"3\u{e9}\" height=\"2\">"), None);
        assert_eq!(
            dimensions(b"<svg width=\"3\" height=\"2\" x=\"\xff\">"),
            Some((3, 2))
        );
    }
}
