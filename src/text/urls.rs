//! URLs a writer gives: which scheme a link's destination has as a browser
//! reads it (to refuse links that run script), whether a source's `url`
//! or the site's `base_url` is an absolute http(s) address, and whether
//! such an address names this machine rather than a published host.
//!
//! Content is untrusted (dossiers are built in CI from pull requests), so
//! the scheme is found the way browsers' URL parser finds it, and more
//! eagerly: escapes that a browser would not decode in a scheme are
//! decoded too, so a doubtful destination is refused rather than passed.

use std::net::{Ipv4Addr, Ipv6Addr};

/// Schemes whose links run script or show a page made of the link itself.
const SCRIPT_SCHEMES: &[&str] = &["javascript", "vbscript", "data"];

/// Image types a `data:` image may have: pictures that cannot hold script
/// (SVG can, so `data:image/svg+xml` is refused).
const DATA_IMAGES: &[&str] = &["png", "jpeg", "jpg", "gif", "webp", "avif"];

/// The script-capable scheme of a link (`image` false) or image (`image`
/// true) destination, lowercased, or `None` when it is safe to pass:
/// http, https, mailto, tel, relative paths and `#fragments` are.
pub fn unsafe_scheme(dest: &str, image: bool) -> Option<String> {
    let normal = normalise(dest);
    let scheme = scheme(&normal)?;
    if !SCRIPT_SCHEMES.contains(&scheme.as_str()) {
        return None;
    }
    if image && scheme == "data" && is_data_picture(&normal) {
        return None;
    }
    Some(scheme)
}

/// A destination as a browser's URL parser sees it before it looks for
/// the scheme, with every escape decoded: HTML character references and
/// percent-escapes, then leading and trailing C0 controls and spaces
/// stripped and tabs and line breaks removed.
fn normalise(dest: &str) -> String {
    let decoded = crate::text::percent::percent_decode(&decode_references(dest));
    let trimmed = decoded.trim_matches(|c: char| c <= ' ');
    trimmed
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

/// The lowercased scheme of a normalised URL: letters, digits, `+`, `-`
/// and `.` before the first `:`, starting with a letter.
fn scheme(url: &str) -> Option<String> {
    let (scheme, _) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    let valid = first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| scheme.to_ascii_lowercase())
}

/// True for `data:image/png,…`, `data:image/jpeg;base64,…` and the other
/// picture types in [`DATA_IMAGES`].
fn is_data_picture(url: &str) -> bool {
    let media = url
        .get("data:".len()..)
        .unwrap_or("")
        .split([',', ';'])
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    media
        .strip_prefix("image/")
        .is_some_and(|kind| DATA_IMAGES.contains(&kind))
}

/// Decodes HTML character references (`&#106;`, `&#x6A;`, `&Tab;`,
/// `&colon;` and the few other named ones that can hide a scheme); any
/// other `&` is left as written.
fn decode_references(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match reference(rest) {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character a reference at the start of `text` stands for, and the
/// reference's length in bytes (its `;` is optional, as browsers allow).
fn reference(text: &str) -> Option<(char, usize)> {
    const NAMED: &[(&str, char)] = &[
        ("&Tab;", '\t'),
        ("&NewLine;", '\n'),
        ("&colon;", ':'),
        ("&amp;", '&'),
    ];
    if let Some((name, c)) = NAMED.iter().find(|(name, _)| text.starts_with(name)) {
        return Some((*c, name.len()));
    }
    let body = text.strip_prefix("&#")?;
    let (digits, radix, skip) = match body.strip_prefix(['x', 'X']) {
        Some(hex) => (hex, 16, 3),
        None => (body, 10, 2),
    };
    let len = digits
        .find(|c: char| !c.is_digit(radix))
        .unwrap_or(digits.len());
    let code = u32::from_str_radix(digits.get(..len).filter(|d| !d.is_empty())?, radix).ok()?;
    let c = char::from_u32(code).unwrap_or('\u{fffd}');
    let semicolon = usize::from(digits[len..].starts_with(';'));
    Some((c, skip + len + semicolon))
}

/// Why `url` is not an absolute http or https address with a host, or
/// `Ok` with its host (lowercased, IPv6 in brackets) when it is.
pub fn http_host(url: &str) -> Result<String, &'static str> {
    if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err("it holds a space or a control character");
    }
    let lower = url.to_ascii_lowercase();
    let rest = ["http://", "https://"]
        .iter()
        .find_map(|prefix| lower.strip_prefix(prefix))
        .ok_or("it does not start with http:// or https://")?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host = match host_port.strip_prefix('[') {
        Some(v6) => format!("[{}]", v6.split(']').next().unwrap_or("")),
        None => host_port.split(':').next().unwrap_or("").to_string(),
    };
    if host.is_empty() || host == "[]" {
        return Err("it names no host after the //");
    }
    Ok(host)
}

/// True for a host that only this machine reaches: `localhost` and
/// `*.localhost`, 127.0.0.0/8, `[::1]`, and the unspecified `0.0.0.0` and
/// `[::]` (a server's "every address", not a place to publish).
pub fn is_local_host(host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if host == "localhost" || host.ends_with(".localhost") {
        return true;
    }
    if let Ok(v4) = host.parse::<Ipv4Addr>() {
        return v4.is_loopback() || v4.is_unspecified();
    }
    let v6 = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .and_then(|h| h.parse::<Ipv6Addr>().ok());
    v6.is_some_and(|v6| {
        v6.is_loopback()
            || v6.is_unspecified()
            || v6
                .to_ipv4_mapped()
                .is_some_and(|v4| v4.is_loopback() || v4.is_unspecified())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_schemes_are_found_however_they_are_written() {
        for dest in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            "java%09script:alert(1)",
            " \u{1}javascript:alert(1)",
            "&#106;avascript:alert(1)",
            "&#x6A;avascript:alert(1)",
            "javascript&colon;alert(1)",
            "java&Tab;script:alert(1)",
            "%6Aavascript:alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html,<script>alert(1)</script>",
        ] {
            assert!(unsafe_scheme(dest, false).is_some(), "{dest:?} passed");
        }
        assert_eq!(
            unsafe_scheme("JAVA\nSCRIPT:x", false).as_deref(),
            Some("javascript")
        );
    }

    #[test]
    fn ordinary_links_pass() {
        for dest in [
            "https://example.org/a?b=javascript:x",
            "http://example.org",
            "mailto:desk@example.org",
            "tel:+441234",
            "../briefs/a.md#x",
            "#notes",
            "briefs/javascript.md",
            "?q=1",
            "",
            "a&b:c",
        ] {
            assert_eq!(unsafe_scheme(dest, false), None, "{dest:?}");
        }
    }

    #[test]
    fn data_pictures_are_images_only_and_never_svg() {
        assert_eq!(unsafe_scheme("data:image/png;base64,AAAA", true), None);
        assert_eq!(unsafe_scheme("DATA:image/JPEG,xx", true), None);
        assert!(unsafe_scheme("data:image/png;base64,AAAA", false).is_some());
        assert!(unsafe_scheme("data:image/svg+xml,<svg/>", true).is_some());
        assert!(unsafe_scheme("data:text/html,x", true).is_some());
        assert!(unsafe_scheme("javascript:x", true).is_some());
    }

    #[test]
    fn http_addresses_need_a_host() {
        assert_eq!(
            http_host("https://Example.org/a").as_deref(),
            Ok("example.org")
        );
        assert_eq!(http_host("http://u:p@[::1]:8080/").as_deref(), Ok("[::1]"));
        assert_eq!(
            http_host("HTTP://127.0.0.1:1111").as_deref(),
            Ok("127.0.0.1")
        );
        for bad in [
            "javascript:alert(1)",
            "ftp://example.org",
            "https://",
            "https:///path",
            "//example.org",
            "example.org",
            "https://exa mple.org",
            "",
        ] {
            assert!(http_host(bad).is_err(), "{bad:?} passed");
        }
    }

    #[test]
    fn local_hosts_are_this_machine() {
        for host in [
            "localhost",
            "LOCALHOST.",
            "app.localhost",
            "127.0.0.1",
            "127.8.9.1",
            "0.0.0.0",
            "[::1]",
            "[::]",
            "[::ffff:127.0.0.1]",
        ] {
            assert!(is_local_host(host), "{host}");
        }
        for host in [
            "example.org",
            "localhost.example.org",
            "10.0.0.1",
            "[2001:db8::1]",
        ] {
            assert!(!is_local_host(host), "{host}");
        }
    }
}
