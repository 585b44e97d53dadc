//! The CSV tables: `events.csv`, `sources.csv` and `briefs.csv`, as RFC
//! 4180 says (a header row, CRLF line ends, a field quoted when it holds
//! a comma, a quote, CR or LF, with its quotes doubled), in UTF-8. Dates
//! are as written (`2025`, `2025-01`, `2025-01-17`); a list in one field
//! is separated by `; `. Content comes from anyone's pull request, and a
//! spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a
//! formula: such a field starts with `'` instead, as OWASP advises.

use super::published::Published;
use crate::markdown::page::Kind;
use crate::site::PageId;

/// Every timeline row: `date,title,type,brief,brief_url,actors,sources`.
pub(super) fn events(published: &Published) -> Vec<u8> {
    let site = published.site;
    let rows = published.timeline().into_iter().map(|entry| {
        let brief = &site.pages[entry.brief];
        vec![
            entry.date.iso(),
            entry.title.clone(),
            if entry.is_event { "event" } else { "brief" }.to_string(),
            brief.title.clone(),
            published.absolute(entry.brief),
            titles(published, &entry.actors),
            published.event_sources(entry).join("; "),
        ]
    });
    table(
        &[
            "date",
            "title",
            "type",
            "brief",
            "brief_url",
            "actors",
            "sources",
        ],
        rows,
    )
}

/// Every cited source:
/// `id,title,author,publisher,url,date,reliability,archive,cited_by`.
pub(super) fn sources(published: &Published) -> Vec<u8> {
    let rows = published.sources().into_iter().map(|(entry, cited_by)| {
        let source = &entry.source;
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        vec![
            source.id.clone(),
            text(&source.title),
            text(&source.author),
            text(&source.publisher),
            text(&source.url),
            source.date.map(|d| d.iso()).unwrap_or_default(),
            source
                .reliability
                .map(|r| r.letter().to_string())
                .unwrap_or_default(),
            entry
                .archive_file
                .as_ref()
                .map(|file| format!("{}{}", published.site.config.base_url, file.url))
                .or_else(|| match &source.archive {
                    Some(crate::content::frontmatter::sources::Archive::Url(url)) => {
                        Some(url.clone())
                    }
                    _ => None,
                })
                .unwrap_or_default(),
            titles(published, &cited_by),
        ]
    });
    table(
        &[
            "id",
            "title",
            "author",
            "publisher",
            "url",
            "date",
            "reliability",
            "archive",
            "cited_by",
        ],
        rows,
    )
}

/// Every brief: `slug,title,date,updated,url,summary,topics,actors,sources`.
pub(super) fn briefs(published: &Published) -> Vec<u8> {
    let site = published.site;
    let rows = published.of_kind(Kind::Brief).map(|id| {
        let page = &site.pages[id];
        vec![
            page.slug.clone(),
            page.title.clone(),
            page.front.date.map(|d| d.iso()).unwrap_or_default(),
            page.front.updated.map(|d| d.iso()).unwrap_or_default(),
            published.absolute(id),
            site.summary(id).to_string(),
            titles(published, &site.topics_of[id]),
            titles(published, &site.actors_of[id]),
            published.source_ids(id).join("; "),
        ]
    });
    table(
        &[
            "slug", "title", "date", "updated", "url", "summary", "topics", "actors", "sources",
        ],
        rows,
    )
}

/// The titles of the published pages among `ids`, in URL order.
fn titles(published: &Published, ids: &[PageId]) -> String {
    let titles: Vec<&str> = published
        .among(ids.iter().copied())
        .into_iter()
        .map(|id| published.site.pages[id].title.as_str())
        .collect();
    titles.join("; ")
}

/// A table: the header, then each row, every line ending in CRLF.
fn table(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Vec<u8> {
    let mut out = String::new();
    let header: Vec<String> = header.iter().map(|h| (*h).to_string()).collect();
    line(&mut out, &header);
    for row in rows {
        line(&mut out, &row);
    }
    out.into_bytes()
}

fn line(out: &mut String, fields: &[String]) {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&quoted(field));
    }
    out.push_str("\r\n");
}

/// A field, quoted when RFC 4180 needs it, and never a formula.
fn quoted(field: &str) -> String {
    let formula = field.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let field = if formula {
        format!("'{field}")
    } else {
        field.to_string()
    };
    if field.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_as_rfc_4180_says() {
        assert_eq!(quoted("plain"), "plain");
        assert_eq!(quoted("a, b"), "\"a, b\"");
        assert_eq!(quoted("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(quoted("two\nlines"), "\"two\nlines\"");
        assert_eq!(quoted("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(quoted("@SUM(A1)"), "'@SUM(A1)");
        let out = table(&["a", "b"], std::iter::once(vec!["1".into(), "x,y".into()]));
        assert_eq!(String::from_utf8(out).unwrap(), "a,b\r\n1,\"x,y\"\r\n");
    }
}
