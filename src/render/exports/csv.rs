//! The CSV tables: `events.csv`, `sources.csv` and `briefs.csv`, as RFC
//! 4180 says (a header row, CRLF line ends, a field quoted when it holds
//! a comma, a quote, CR or LF, with its quotes doubled), in UTF-8. Dates
//! are as written (`2025`, `2025-01`, `2025-01-17`); a list in one field
//! is separated by `; `. Content comes from anyone's pull request, and a
//! spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a
//! formula: such a field starts with `'` instead, as OWASP advises.
//!
//! Each table is written into one buffer, field by field, borrowing the
//! site's text where it can.

use std::borrow::Cow;

use super::published::Published;
use crate::markdown::page::Kind;
use crate::site::PageId;

/// A guess at a row's length, to size a table's buffer once.
const ROW_BYTES: usize = 160;

/// Every timeline row: `date,title,type,brief,brief_url,actors,sources`.
pub(super) fn events(published: &Published) -> Vec<u8> {
    let site = published.site;
    let timeline = published.timeline();
    let mut table = Table::new(
        [
            "date",
            "title",
            "type",
            "brief",
            "brief_url",
            "actors",
            "sources",
        ],
        timeline.len(),
    );
    for entry in timeline {
        let brief = &site.pages[entry.brief];
        table.row([
            entry.date.iso().into(),
            entry.title.as_ref().into(),
            if entry.is_event { "event" } else { "brief" }.into(),
            brief.title.as_str().into(),
            published.absolute(entry.brief).into(),
            titles(published, &entry.actors),
            published.event_sources(entry).join("; ").into(),
        ]);
    }
    table.bytes()
}

/// Every cited source:
/// `id,title,author,publisher,url,date,reliability,archive,cited_by`.
pub(super) fn sources<'a>(published: &Published<'a>) -> Vec<u8> {
    let sources = published.sources();
    let mut table = Table::new(
        [
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
        sources.len(),
    );
    for (entry, cited_by) in sources {
        let source = &entry.source;
        let text = |value: &'a Option<String>| Cow::from(value.as_deref().unwrap_or_default());
        let archive = match (&entry.archive_file, source.archive.as_deref()) {
            (Some(file), _) => format!("{}{}", published.site.config.base_url, file.url).into(),
            (None, Some(crate::content::frontmatter::sources::Archive::Url(url))) => {
                url.as_str().into()
            }
            _ => Cow::Borrowed(""),
        };
        table.row([
            source.id.as_str().into(),
            text(&source.title),
            text(&source.author),
            text(&source.publisher),
            text(&source.url),
            source.date.map(|d| d.iso()).unwrap_or_default().into(),
            source.reliability.map_or("", |r| r.letter()).into(),
            archive,
            titles(published, &cited_by),
        ]);
    }
    table.bytes()
}

/// Every brief: `slug,title,date,updated,url,summary,topics,actors,sources`.
pub(super) fn briefs(published: &Published) -> Vec<u8> {
    let site = published.site;
    let mut table = Table::new(
        [
            "slug", "title", "date", "updated", "url", "summary", "topics", "actors", "sources",
        ],
        published.pages.len(),
    );
    for id in published.of_kind(Kind::Brief) {
        let page = &site.pages[id];
        table.row([
            page.slug.as_str().into(),
            page.title.as_str().into(),
            page.front.date.map(|d| d.iso()).unwrap_or_default().into(),
            page.front
                .updated
                .map(|d| d.iso())
                .unwrap_or_default()
                .into(),
            published.absolute(id).into(),
            site.summary(id).into(),
            titles(published, &site.topics_of[id]),
            titles(published, &site.actors_of[id]),
            published.source_ids(id).join("; ").into(),
        ]);
    }
    table.bytes()
}

/// The titles of the published pages among `ids`, in URL order.
fn titles<'a>(published: &Published<'a>, ids: &[PageId]) -> Cow<'a, str> {
    let titles: Vec<&str> = published
        .among(ids.iter().copied())
        .into_iter()
        .map(|id| published.site.pages[id].title.as_str())
        .collect();
    match titles[..] {
        [] => Cow::Borrowed(""),
        [one] => Cow::Borrowed(one),
        _ => Cow::Owned(titles.join("; ")),
    }
}

/// A table of `N` columns, written line by line into one buffer, every
/// line ending in CRLF.
struct Table<const N: usize> {
    out: String,
}

impl<const N: usize> Table<N> {
    /// A table with its header row, sized for about `rows` rows.
    fn new(header: [&str; N], rows: usize) -> Self {
        let mut table = Table {
            out: String::with_capacity((rows + 1) * ROW_BYTES),
        };
        table.row(header.map(Cow::Borrowed));
        table
    }

    fn row(&mut self, fields: [Cow<str>; N]) {
        for (i, field) in fields.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            quoted(&mut self.out, field);
        }
        self.out.push_str("\r\n");
    }

    fn bytes(self) -> Vec<u8> {
        self.out.into_bytes()
    }
}

/// Writes a field, quoted when RFC 4180 needs it, and never a formula.
fn quoted(out: &mut String, field: &str) {
    let formula = field.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quote = field.contains([',', '"', '\r', '\n']);
    if quote {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    if quote {
        for (i, part) in field.split('"').enumerate() {
            if i > 0 {
                out.push_str("\"\"");
            }
            out.push_str(part);
        }
        out.push('"');
    } else {
        out.push_str(field);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(text: &str) -> String {
        let mut out = String::new();
        quoted(&mut out, text);
        out
    }

    #[test]
    fn fields_are_quoted_as_rfc_4180_says() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
        let mut table = Table::new(["a", "b"], 1);
        table.row(["1".into(), "x,y".into()]);
        assert_eq!(
            String::from_utf8(table.bytes()).unwrap(),
            "a,b\r\n1,\"x,y\"\r\n"
        );
    }
}
