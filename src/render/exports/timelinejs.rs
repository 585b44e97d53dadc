//! `timeline.json`: the timeline in TimelineJS 3's JSON format. Each row
//! is an event with its date as written (a bare year stays a year), its
//! brief's title as the group, a link to the brief, and its sources as
//! the credit.

use serde_json::{Value, json};

use super::published::Published;
use crate::site::Entry;
use crate::text::date::PartialDate;
use crate::text::html::escape;

/// The file's bytes.
pub(super) fn file(published: &Published) -> Vec<u8> {
    let site = published.site;
    let events: Vec<Value> = published
        .rows()
        .into_iter()
        .map(|(id, entry)| event(published, id, entry))
        .collect();
    let timeline = json!({
        "title": {
            "text": {
                "headline": escape(&site.config.title),
                "text": escape(&site.config.description),
            }
        },
        "events": events,
    });
    let mut bytes = serde_json::to_vec_pretty(&timeline).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// One row as a TimelineJS event. TimelineJS shows `text` as HTML, so
/// the content's words are escaped.
fn event(published: &Published, id: String, entry: &Entry) -> Value {
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
    json!({
        "start_date": date(entry.date),
        "text": { "headline": escape(&entry.title), "text": text },
        "unique_id": id,
        "group": escape(&brief.title),
        "credit": escape(&credit(published, entry)),
    })
}

/// A TimelineJS date: each part as a string without leading zeros, and
/// only the parts the content gives.
fn date(date: PartialDate) -> Value {
    let iso = date.iso();
    let parts: Vec<String> = iso
        .split('-')
        .map(|part| part.trim_start_matches('0').to_string())
        .collect();
    let mut out = serde_json::Map::new();
    for (key, part) in ["year", "month", "day"].iter().zip(parts) {
        out.insert((*key).to_string(), Value::String(part));
    }
    Value::Object(out)
}

/// The row's sources, by title, separated by semicolons.
fn credit(published: &Published, entry: &Entry) -> String {
    let titles: Vec<String> = published
        .event_sources(entry)
        .into_iter()
        .map(|id| {
            let title = published.source(&id).and_then(|s| s.source.title.clone());
            title.unwrap_or(id)
        })
        .collect();
    titles.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_keep_their_precision() {
        let d = |t: &str| date(PartialDate::parse(t).unwrap());
        assert_eq!(d("2025"), json!({"year": "2025"}));
        assert_eq!(d("2025-01"), json!({"year": "2025", "month": "1"}));
        assert_eq!(
            d("2025-01-17"),
            json!({"year": "2025", "month": "1", "day": "17"})
        );
    }
}
