//! Events: the dated happenings a brief lists for the timelines. Takes one
//! item of a page's `events:` list, gives an [`Event`] or reports why not.

use yaml_serde::Value;

use super::item::Item;
use crate::diagnostic::{Diagnostic, Location};
use crate::text::date::PartialDate;
use crate::yaml::locate::Place;

/// A dated event for the timelines.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Event {
    pub date: PartialDate,
    pub title: String,
    pub actors: Vec<String>,
    pub sources: Vec<String>,
    pub location: Place,
}

/// The fields an event may have, in the order messages list them.
const EVENT_FIELDS: &[&str] = &["date", "title", "actors", "sources"];

/// Reads one event; `title` and `date` are required.
pub(super) fn read_event(
    value: Value,
    location: Location,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Event> {
    let mut item = Item::new(value, location.clone(), "event", EVENT_FIELDS, diagnostics)?;
    let title = item.text("title");
    let Some(title) = title else {
        item.missing("title", "an event needs a `title`".into());
        return None;
    };
    if !item.fields.contains_key("date") {
        item.missing("date", format!("event '{title}' needs a `date`"));
        return None;
    }
    let date = item.date("date", &format!("event '{title}'"))?;
    Some(Event {
        date,
        actors: item.list("actors"),
        sources: item.list("sources"),
        title,
        location: Place(location),
    })
}
