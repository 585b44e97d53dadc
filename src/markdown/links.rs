//! Internal links as written: which links point into the dossier (wiki
//! links, relative links to Markdown files, and every other local link
//! or image: a file beside the page, a static file, a generated page),
//! what they point at, and
//! empty `[[]]` links, which pulldown-cmark leaves as plain brackets.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType};

use crate::markdown::LinkTarget;
use crate::text::percent::percent_decode;

/// What a link with destination `dest` points at, if into the dossier,
/// and for an unlabelled wiki link the name it shows until links resolve.
pub fn target(link_type: LinkType, dest: &str) -> Option<(LinkTarget, Option<String>)> {
    match link_type {
        LinkType::WikiLink { has_pothole } => {
            let (name, fragment) = split_fragment(dest);
            // Without a label, the render stage picks one: the name as
            // written, or the target's title when a slug was written.
            let replace_label = (!has_pothole).then(|| name.trim().to_string());
            let name = name.trim().to_string();
            Some((LinkTarget::Name { name, fragment }, replace_label))
        }
        _ if is_relative_markdown(dest) => {
            let (path, fragment) = split_fragment(dest);
            let path = percent_decode(path);
            Some((LinkTarget::File { path, fragment }, None))
        }
        LinkType::Email | LinkType::Autolink => None,
        _ => local(dest).map(|target| (target, None)),
    }
}

/// What an embed `![[dest]]` shows: an attachment when the name ends in
/// a file extension (`map.png`, `maps/report.pdf#page=2`), otherwise a
/// page, named as `[[dest]]` names it.
pub fn embed(dest: &str) -> LinkTarget {
    let (name, fragment) = split_fragment(dest);
    let name = name.trim().to_string();
    if is_file_name(&name) {
        let suffix = dest[dest.find('#').unwrap_or(dest.len())..].to_string();
        return LinkTarget::FileName { name, suffix };
    }
    LinkTarget::Name { name, fragment }
}

/// Whether `name` ends in a file extension: a dot, then up to five ASCII
/// letters and digits with a letter among them, and not `.md` (a page).
/// "U.S. sanctions" or "Version 2.0" are page names.
fn is_file_name(name: &str) -> bool {
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    !stem.is_empty()
        && (1..=5).contains(&ext.len())
        && ext.chars().all(|c| c.is_ascii_alphanumeric())
        && ext.chars().any(|c| c.is_ascii_alphabetic())
        && !ext.eq_ignore_ascii_case("md")
}

/// The target of a local destination (a relative or root-relative path,
/// with any `?query#fragment` kept as written); `None` for one with a
/// scheme (`https:`, `mailto:`), for `//host/…`, and for an empty path
/// (`#fragment`, `?query`), which are left as written.
pub fn local(dest: &str) -> Option<LinkTarget> {
    let end = dest.find(['?', '#']).unwrap_or(dest.len());
    let (path, suffix) = dest.split_at(end);
    let has_scheme = path
        .split('/')
        .next()
        .is_some_and(|first| first.contains(':'));
    if path.trim().is_empty() || has_scheme || path.starts_with("//") {
        return None;
    }
    let rooted = path.starts_with('/');
    Some(LinkTarget::Local {
        path: percent_decode(path),
        rooted,
        suffix: suffix.to_string(),
    })
}

/// Splits `name#fragment`.
fn split_fragment(dest: &str) -> (&str, Option<String>) {
    match dest.split_once('#') {
        Some((name, fragment)) => (
            name,
            Some(fragment.trim().to_string()).filter(|f| !f.is_empty()),
        ),
        None => (dest, None),
    }
}

/// A relative link to a Markdown file: no scheme, not absolute, `.md` path.
fn is_relative_markdown(dest: &str) -> bool {
    let path = dest.split(['#', '?']).next().unwrap_or("");
    let has_scheme = path
        .split('/')
        .next()
        .is_some_and(|first| first.contains(':'));
    !has_scheme && !path.starts_with('/') && path.to_ascii_lowercase().ends_with(".md")
}

/// Notices `[[]]`, which pulldown-cmark leaves as four bracket texts
/// rather than a link, so it can be reported.
#[derive(Default)]
pub struct EmptyLinks {
    /// Text events of `[[]]` seen so far in a row: `[`, `[`, `]`, `]`.
    brackets: Vec<Range<usize>>,
}

impl EmptyLinks {
    /// Takes the next event; gives the range (in the parsed text) of an
    /// empty link it completes.
    pub fn see(&mut self, event: &Event<'_>, range: &Range<usize>) -> Option<Range<usize>> {
        const EMPTY: [&str; 4] = ["[", "[", "]", "]"];
        let text = match event {
            Event::Text(text) => text.as_ref(),
            _ => "",
        };
        let adjacent = self
            .brackets
            .last()
            .is_none_or(|last| last.end == range.start);
        if EMPTY.get(self.brackets.len()) == Some(&text) && adjacent {
            self.brackets.push(range.clone());
        } else {
            self.brackets.clear();
            if text == "[" {
                self.brackets.push(range.clone());
            }
        }
        if self.brackets.len() < EMPTY.len() {
            return None;
        }
        let start = self.brackets.first().map_or(range.start, |r| r.start);
        self.brackets.clear();
        Some(start..range.end)
    }
}
