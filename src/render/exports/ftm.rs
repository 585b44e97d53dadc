//! `entities.ftm.json`: the dossier as FollowTheMoney entities, one JSON
//! object per line, as Aleph and the `ftm` tools read them. Actors are
//! `Person`, `Organization` or `PublicBody` by their `kind` (FtM has no
//! schema for a state: a state is the public body that acts for it), or
//! `LegalEntity` when the kind is another or none; topics are `Note`s on
//! the actors their briefs name; events are `Event`s with the actors
//! involved; sources are `Article`s, each tied to the events it backs by
//! a `Documentation`. Ids are the dossier's own names (`dossier-actor-iran`),
//! so they stay the same from build to build.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::published::{Published, id_part};
use crate::markdown::page::Kind;
use crate::site::{Entry, PageId};

/// The file's bytes.
pub(super) fn file(published: &Published) -> Vec<u8> {
    let mut entities = Vec::new();
    entities.extend(
        published
            .of_kind(Kind::Actor)
            .map(|id| actor(published, id)),
    );
    entities.extend(
        published
            .of_kind(Kind::Topic)
            .map(|id| topic(published, id)),
    );
    let events = events(published);
    entities.extend(events.iter().map(|(id, entry)| event(published, id, entry)));
    entities.extend(sources(published, &events));
    let mut out = Vec::new();
    for entity in entities {
        if let Ok(line) = serde_json::to_vec(&entity) {
            out.extend(line);
            out.push(b'\n');
        }
    }
    out
}

/// The FtM schema of an actor of `kind`.
fn actor_schema(kind: Option<&str>) -> &'static str {
    match kind.map(|k| k.trim().to_lowercase()).as_deref() {
        Some("person") => "Person",
        Some("organisation" | "organization") => "Organization",
        Some("state") => "PublicBody",
        _ => "LegalEntity",
    }
}

fn page_id(published: &Published, id: PageId) -> String {
    let page = &published.site.pages[id];
    format!("dossier-{}-{}", page.kind.noun(), id_part(&page.slug))
}

/// Leaves out empty values: FtM reads a property as a list of values.
fn values(list: impl IntoIterator<Item = String>) -> Value {
    Value::from(
        list.into_iter()
            .filter(|v| !v.trim().is_empty())
            .collect::<Vec<_>>(),
    )
}

fn entity(id: String, schema: &str, properties: BTreeMap<&str, Value>) -> Value {
    let properties: serde_json::Map<String, Value> = properties
        .into_iter()
        .filter(|(_, v)| v.as_array().is_some_and(|a| !a.is_empty()))
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    json!({ "id": id, "schema": schema, "properties": properties })
}

fn actor(published: &Published, id: PageId) -> Value {
    let site = published.site;
    let page = &site.pages[id];
    let schema = actor_schema(page.front.kind.as_deref());
    let mut properties = BTreeMap::from([
        ("name", values([page.title.clone()])),
        (
            "alias",
            values(page.front.aliases.iter().map(|(a, _)| a.clone())),
        ),
        ("summary", values([site.summary(id).to_string()])),
        ("sourceUrl", values([published.absolute(id)])),
    ]);
    if schema == "Person" {
        properties.insert("position", values(page.front.role.clone()));
    }
    entity(page_id(published, id), schema, properties)
}

/// A topic, as a note on the actors of the briefs that name it.
fn topic(published: &Published, id: PageId) -> Value {
    let site = published.site;
    let page = &site.pages[id];
    let actors: BTreeSet<String> = published
        .among(site.named_by[id].iter().copied())
        .into_iter()
        .flat_map(|brief| published.among(site.actors_of[brief].iter().copied()))
        .map(|actor| page_id(published, actor))
        .collect();
    let properties = BTreeMap::from([
        ("name", values([page.title.clone()])),
        ("description", values([site.summary(id).to_string()])),
        ("sourceUrl", values([published.absolute(id)])),
        ("entity", values(actors)),
    ]);
    entity(page_id(published, id), "Note", properties)
}

/// The timeline's events (not the briefs' own dates), with their ids.
fn events<'a>(published: &Published<'a>) -> Vec<(String, &'a Entry)> {
    let rows = published.rows().into_iter();
    let events = rows.filter(|(_, entry)| entry.is_event);
    events
        .map(|(id, entry)| (format!("dossier-{id}"), entry))
        .collect()
}

fn event(published: &Published, id: &str, entry: &Entry) -> Value {
    let site = published.site;
    let brief = &site.pages[entry.brief];
    let involved = published
        .among(entry.actors.iter().copied())
        .into_iter()
        .map(|actor| page_id(published, actor));
    let properties = BTreeMap::from([
        ("name", values([entry.title.clone()])),
        ("date", values([entry.date.iso()])),
        (
            "summary",
            values([format!("From the brief “{}”.", brief.title)]),
        ),
        ("sourceUrl", values([published.absolute(entry.brief)])),
        ("involved", values(involved)),
    ]);
    entity(id.to_string(), "Event", properties)
}

/// Each cited source as an `Article`, and a `Documentation` for each
/// event it backs.
fn sources(published: &Published, events: &[(String, &Entry)]) -> Vec<Value> {
    let mut backs: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for (event, entry) in events {
        for source in published.event_sources(entry) {
            backs.entry(source).or_default().insert(event);
        }
    }
    let mut out = Vec::new();
    for (entry, _) in published.sources() {
        let source = &entry.source;
        let id = format!("dossier-source-{}", id_part(&source.id));
        let properties = BTreeMap::from([
            (
                "title",
                values([source.title.clone().unwrap_or_else(|| source.id.clone())]),
            ),
            ("author", values(source.author.clone())),
            ("publisher", values(source.publisher.clone())),
            ("sourceUrl", values(source.url.clone())),
            ("publishedAt", values(source.date.map(|d| d.iso()))),
            ("notes", values(source.note.clone())),
        ]);
        out.push(entity(id.clone(), "Article", properties));
        for &event in backs.get(&source.id).into_iter().flatten() {
            let properties = BTreeMap::from([
                ("document", values([id.clone()])),
                ("entity", values([event.to_string()])),
                ("role", values(["source".to_string()])),
            ]);
            let link = format!("{id}-documents-{event}");
            out.push(entity(link, "Documentation", properties));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actor_kinds_pick_a_schema() {
        assert_eq!(actor_schema(Some("person")), "Person");
        assert_eq!(actor_schema(Some("Organisation")), "Organization");
        assert_eq!(actor_schema(Some("state")), "PublicBody");
        assert_eq!(actor_schema(None), "LegalEntity");
    }
}
