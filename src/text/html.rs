//! HTML escaping: the one place text becomes safe to put between tags
//! or in an attribute value.

/// Escapes text for HTML text and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// Escapes `text` as [`escape`] does, onto the end of `out`: for a file
/// written piece by piece, without a string per piece. The text between
/// the characters to escape is copied whole: the sitemap of 100,000
/// briefs escapes some 7 MB of addresses, which holds none of them, and
/// pushing them one character at a time took tens of milliseconds.
pub fn escape_into(out: &mut String, text: &str) {
    out.reserve(text.len());
    let mut rest = text;
    while let Some(at) = rest.bytes().position(needs_escape) {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        // The five are ASCII, so the next character starts right after.
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

/// Whether `byte` is one of the characters [`escape_into`] replaces.
fn needs_escape(byte: u8) -> bool {
    matches!(byte, b'&' | b'<' | b'>' | b'"' | b'\'')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_attributes() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn text_between_and_around_escapes_is_kept() {
        assert_eq!(escape(""), "");
        assert_eq!(escape("plain"), "plain");
        assert_eq!(
            escape("Zangezur — «\u{0646}» & more"),
            "Zangezur — «\u{0646}» &amp; more"
        );
        assert_eq!(escape("&&x<"), "&amp;&amp;x&lt;");
        let mut out = String::from("kept ");
        escape_into(&mut out, "a'b");
        assert_eq!(out, "kept a&#39;b");
    }
}
