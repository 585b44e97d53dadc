//! `timeline.json`: the timeline in TimelineJS 3's JSON format. Each row
//! is an event with its date as written (a bare year stays a year), its
//! brief's title as the group, a link to the brief, and its sources as
//! the credit. Typed structs, serialized straight to the file's bytes;
//! their fields are in alphabetical order, the order the file's keys
//! have always had.

use std::io::{self, Write};

use serde::Serialize;

use super::published::Published;
use crate::site::Entry;
use crate::text::html::escape;

#[derive(Serialize)]
struct Timeline<'a> {
    events: Vec<Event<'a>>,
    title: Title,
}

#[derive(Serialize)]
struct Title {
    text: Text,
}

/// A headline and its text, both HTML.
#[derive(Serialize)]
struct Text {
    headline: String,
    text: String,
}

#[derive(Serialize)]
struct Event<'a> {
    credit: String,
    group: String,
    start_date: Date<'a>,
    text: Text,
    unique_id: String,
}

/// A TimelineJS date: only the parts the content gives.
#[derive(Serialize, Debug, PartialEq)]
struct Date<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    day: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    month: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    year: Option<&'a str>,
}

/// Writes the file.
pub(super) fn write(published: &Published, out: &mut dyn Write) -> io::Result<()> {
    let site = published.site;
    let rows = published.rows();
    // The dates' text, which each event's date borrows from.
    let isos: Vec<String> = rows.iter().map(|(_, entry)| entry.date.iso()).collect();
    let events = rows
        .into_iter()
        .zip(&isos)
        .map(|((id, entry), iso)| event(published, id, entry, iso))
        .collect();
    let timeline = Timeline {
        events,
        title: Title {
            text: Text {
                headline: escape(&site.config.title),
                text: escape(&site.config.description),
            },
        },
    };
    serde_json::to_writer_pretty(&mut *out, &timeline)?;
    out.write_all(b"\n")
}

/// One row as a TimelineJS event. TimelineJS shows `text` as HTML, so
/// the content's words are escaped.
fn event<'a>(published: &Published, id: String, entry: &Entry, iso: &'a str) -> Event<'a> {
    let site = published.site;
    let brief = &site.pages[entry.brief];
    let link = format!(
        "<p><a href=\"{}\">{}</a></p>",
        escape(&published.absolute(entry.brief)),
        escape(&brief.title)
    );
    let summary = site.summary(entry.brief);
    let text = if summary.is_empty() {
        link
    } else {
        format!("<p>{}</p>{link}", escape(summary))
    };
    Event {
        credit: escape(&credit(published, entry)),
        group: escape(&brief.title),
        start_date: date(iso),
        text: Text {
            headline: escape(&entry.title),
            text,
        },
        unique_id: id,
    }
}

/// A date's ISO text (see [`PartialDate::iso`]) as TimelineJS reads it:
/// each part without leading zeros.
fn date(iso: &str) -> Date<'_> {
    let mut parts = iso.split('-').map(|part| part.trim_start_matches('0'));
    Date {
        year: parts.next(),
        month: parts.next(),
        day: parts.next(),
    }
}

/// The row's sources, by title, separated by semicolons.
fn credit(published: &Published, entry: &Entry) -> String {
    let titles: Vec<&str> = published
        .event_sources(entry)
        .into_iter()
        .map(|id| {
            let title = published.source(id).and_then(|s| s.source.title.as_deref());
            title.unwrap_or(id)
        })
        .collect();
    titles.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::date::PartialDate;
    use serde_json::json;

    #[test]
    fn partial_dates_keep_their_precision() {
        let d = |t: &str| {
            let iso = PartialDate::parse(t).unwrap().iso();
            serde_json::to_value(date(&iso)).unwrap()
        };
        assert_eq!(d("2025"), json!({"year": "2025"}));
        assert_eq!(d("2025-01"), json!({"year": "2025", "month": "1"}));
        assert_eq!(
            d("2025-01-17"),
            json!({"year": "2025", "month": "1", "day": "17"})
        );
    }
}
