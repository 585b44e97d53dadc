//! `entities.ftm.json`: the dossier as FollowTheMoney entities, one JSON
//! object per line, as Aleph and the `ftm` tools read them. Actors are
//! `Person`, `Organization` or `PublicBody` by their `kind` (FtM has no
//! schema for a state: a state is the public body that acts for it), or
//! `LegalEntity` when the kind is another or none; topics are `Note`s on
//! the actors their briefs name; events are `Event`s with the actors
//! involved; sources are `Article`s, each tied to the events it backs by
//! a `Documentation`. Ids are the dossier's own names (`dossier-actor-iran`),
//! so they stay the same from build to build.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::published::{Published, id_part};
use crate::markdown::page::Kind;
use crate::site::{Entry, PageId};

/// One entity. Its fields, and the properties' map, are in alphabetical
/// order: the order the file's keys have always had.
#[derive(Serialize)]
struct Entity<'a> {
    id: String,
    properties: BTreeMap<&'static str, Vec<Cow<'a, str>>>,
    schema: &'static str,
}

/// The file's bytes: each entity written as it is made.
pub(super) fn file(published: &Published) -> Vec<u8> {
    let mut out = Vec::new();
    for id in published.of_kind(Kind::Actor) {
        write(&mut out, &actor(published, id));
    }
    for id in published.of_kind(Kind::Topic) {
        write(&mut out, &topic(published, id));
    }
    let events = events(published);
    for (id, entry) in &events {
        write(&mut out, &event(published, id, entry));
    }
    sources(published, &events, &mut out);
    out
}

/// Writes `entity` as one line.
fn write(out: &mut Vec<u8>, entity: &Entity) {
    // Writing to memory fails only on a non-string map key, which an
    // entity has none of.
    if serde_json::to_writer(&mut *out, entity).is_ok() {
        out.push(b'\n');
    }
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
fn values<'a, T: Into<Cow<'a, str>>>(list: impl IntoIterator<Item = T>) -> Vec<Cow<'a, str>> {
    list.into_iter()
        .map(Into::into)
        .filter(|v| !v.trim().is_empty())
        .collect()
}

/// An entity with the properties that have a value.
fn entity<'a>(
    id: String,
    schema: &'static str,
    mut properties: BTreeMap<&'static str, Vec<Cow<'a, str>>>,
) -> Entity<'a> {
    properties.retain(|_, v| !v.is_empty());
    Entity {
        id,
        properties,
        schema,
    }
}

fn actor<'a>(published: &Published<'a>, id: PageId) -> Entity<'a> {
    let site = published.site;
    let page = &site.pages[id];
    let schema = actor_schema(page.front.kind.as_deref());
    let mut properties = BTreeMap::from([
        ("name", values([page.title.as_str()])),
        (
            "alias",
            values(page.front.aliases.iter().map(|(a, _)| a.as_str())),
        ),
        ("summary", values([site.summary(id)])),
        ("sourceUrl", values([published.absolute(id)])),
    ]);
    if schema == "Person" {
        properties.insert("position", values(page.front.role.as_deref()));
    }
    entity(page_id(published, id), schema, properties)
}

/// A topic, as a note on the actors of the briefs that name it.
fn topic<'a>(published: &Published<'a>, id: PageId) -> Entity<'a> {
    let site = published.site;
    let page = &site.pages[id];
    // Each actor once, however many briefs name it with the topic,
    // before its id is written out.
    let briefs = site.named_by[id].iter().copied();
    let actors: BTreeSet<PageId> = briefs
        .filter(|&brief| published.shows(brief))
        .flat_map(|brief| site.actors_of[brief].iter().copied())
        .filter(|&actor| published.shows(actor))
        .collect();
    let actors: BTreeSet<String> = actors
        .into_iter()
        .map(|actor| page_id(published, actor))
        .collect();
    let properties = BTreeMap::from([
        ("name", values([page.title.as_str()])),
        ("description", values([site.summary(id)])),
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

fn event<'a>(published: &Published<'a>, id: &str, entry: &'a Entry) -> Entity<'a> {
    let site = published.site;
    let brief = &site.pages[entry.brief];
    let involved = published
        .among(entry.actors.iter().copied())
        .into_iter()
        .map(|actor| page_id(published, actor));
    let properties = BTreeMap::from([
        ("name", values([entry.title.as_ref()])),
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
fn sources<'a>(published: &Published<'a>, events: &[(String, &'a Entry)], out: &mut Vec<u8>) {
    let mut backs: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (event, entry) in events {
        for source in published.event_sources(entry) {
            backs.entry(source).or_default().insert(event);
        }
    }
    for (entry, _) in published.sources() {
        let source = &entry.source;
        let id = format!("dossier-source-{}", id_part(&source.id));
        let properties = BTreeMap::from([
            (
                "title",
                values([source.title.as_deref().unwrap_or(&source.id)]),
            ),
            ("author", values(source.author.as_deref())),
            ("publisher", values(source.publisher.as_deref())),
            ("sourceUrl", values(source.url.as_deref())),
            ("publishedAt", values(source.date.map(|d| d.iso()))),
            ("notes", values(source.note.as_deref())),
        ]);
        write(out, &entity(id.clone(), "Article", properties));
        for &event in backs.get(source.id.as_str()).into_iter().flatten() {
            let properties = BTreeMap::from([
                ("document", values([id.as_str()])),
                ("entity", values([event])),
                ("role", values(["source"])),
            ]);
            let link = format!("{id}-documents-{event}");
            write(out, &entity(link, "Documentation", properties));
        }
    }
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
