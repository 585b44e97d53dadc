//! What the index is made of: one record per brief, topic and actor, with
//! its plain text, its title and date, and filters for topic, actor, year
//! and kind. The text weighs the page's names: its title most, then its
//! aliases, then the titles of the events it lists and of the sources it
//! cites, above the summary and body ([`weighted_text`]). Records are made
//! from the model, not by parsing the rendered pages, so indexing costs
//! one pass over the text. Result URLs are site-relative
//! (`briefs/x/index.html`) and the search script resolves them against
//! the site's root, so the site works at any path. Records come grouped
//! by the page's language ([`Language`]), as Pagefind stems each language
//! with its own rules.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::markdown::page::Kind;
use crate::render::body;
use crate::site::{PageId, Site};

/// One record for Pagefind.
#[derive(Hash)]
pub(super) struct Record {
    pub(super) url: String,
    pub(super) text: String,
    pub(super) meta: BTreeMap<String, String>,
    pub(super) filters: BTreeMap<String, Vec<String>>,
    pub(super) sort: BTreeMap<String, String>,
}

/// The records of the pages in one language.
pub(super) struct Language {
    /// The language's tag: the site's as `dossier.yaml` spells it, or a
    /// page's `language:` in lower case (tags ignore case; folders
    /// named after them must not differ by case alone).
    pub(super) tag: String,
    /// True for the language whose index the search page loads first
    /// (the site's, unless no page is in it); the others are merged into
    /// it.
    pub(super) primary: bool,
    pub(super) records: Vec<Record>,
}

/// The records of every brief, topic and actor, made in parallel, by
/// language: the site's first, then the others by tag. Each language's
/// records are in page order.
pub(super) fn records(site: &Site) -> Vec<Language> {
    let site_tag = site.config.language.as_str();
    let made: Vec<(String, Record)> = (0..site.pages.len())
        .into_par_iter()
        .filter(|&id| matches!(site.pages[id].kind, Kind::Brief | Kind::Topic | Kind::Actor))
        .map(|id| (language_of(site, id), record(site, id)))
        .collect();
    let mut others: BTreeMap<String, Vec<Record>> = BTreeMap::new();
    let mut primary = Vec::new();
    for (tag, record) in made {
        if tag == site_tag {
            primary.push(record);
        } else {
            others.entry(tag).or_default().push(record);
        }
    }
    let first = Language {
        tag: site_tag.to_string(),
        primary: true,
        records: primary,
    };
    let rest = others.into_iter().map(|(tag, records)| Language {
        tag,
        primary: false,
        records,
    });
    let mut languages: Vec<Language> = std::iter::once(first).chain(rest).collect();
    // The search page reads the first language's index and merges the
    // others into it; an empty one has none to read. When no page is in
    // the site's language, the first other language comes first.
    if languages.len() > 1 && languages[0].records.is_empty() {
        languages.remove(0);
        languages[0].primary = true;
    }
    languages
}

/// The tag of page `id`'s language, as [`Language::tag`] spells it. The
/// front matter has checked the tag; as it names a folder of the index,
/// anything empty or with more than letters, digits and `-` counts as
/// the site's all the same.
fn language_of(site: &Site, id: PageId) -> String {
    let site_tag = site.config.language.as_str();
    let folder_safe =
        |tag: &str| !tag.is_empty() && tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    match site.pages[id].front.language.as_deref() {
        Some(tag) if !tag.eq_ignore_ascii_case(site_tag) && folder_safe(tag) => {
            tag.to_ascii_lowercase()
        }
        _ => site_tag.to_string(),
    }
}

fn record(site: &Site, id: PageId) -> Record {
    let page = &site.pages[id];
    let titles = |ids: &[PageId]| -> Vec<String> {
        ids.iter().map(|&t| site.pages[t].title.clone()).collect()
    };
    let (mut topics, mut actors) = (titles(&site.topics_of[id]), titles(&site.actors_of[id]));
    match page.kind {
        Kind::Topic => topics.push(page.title.clone()),
        Kind::Actor => actors.push(page.title.clone()),
        _ => {}
    }
    let mut meta = BTreeMap::from([("title".to_string(), page.title.clone())]);
    let mut filters = BTreeMap::from([
        ("kind".to_string(), vec![capitalised(page.kind.noun())]),
        ("topic".to_string(), topics),
        ("actor".to_string(), actors),
    ]);
    let mut sort = BTreeMap::new();
    if let Some(date) = page.front.date {
        meta.insert("date".to_string(), date.to_string());
        filters.insert("year".to_string(), vec![date.year().to_string()]);
        sort.insert("date".to_string(), date.iso());
    }
    filters.retain(|_, values| !values.is_empty());
    // A summary the front matter gives is text of its own; the default
    // one is the body's first paragraph, which would only be indexed twice.
    let summary = page.front.summary.as_ref().map_or("", |_| site.summary(id));
    let body = plain_text(&body::content(site, id, ""));
    let aliases: Vec<&str> = page.front.aliases.iter().map(|(a, _)| a.as_str()).collect();
    let events = page.front.events.iter().map(|e| e.title.as_str());
    let sources = site.source_lists[id]
        .iter()
        .filter_map(|&s| site.sources[s].source.title.as_deref());
    let cited: Vec<&str> = events.chain(sources).collect();
    let names = Names {
        title: &page.title,
        aliases: &aliases,
        cited: &cited,
    };
    Record {
        // Site-relative: the search script resolves it against the root.
        url: page.output_path(),
        text: weighted_text(&names, &format!("{summary}\n{body}")),
        meta,
        filters,
        sort,
    }
}

/// The names a record weighs above its text.
struct Names<'a> {
    title: &'a str,
    /// Other names of the page (`aliases:`).
    aliases: &'a [&'a str],
    /// Titles of the events the page lists and of the sources it cites.
    cited: &'a [&'a str],
}

/// Pagefind's weights, on its scale (1 is body text, 10 the most): a
/// title as much as an `<h1>` in Pagefind's own HTML indexing; an alias,
/// another name of the page, a little less; the events and sources a page
/// records, above its prose.
const TITLE_WEIGHT: u8 = 7;
const ALIAS_WEIGHT: u8 = 5;
const CITED_WEIGHT: u8 = 2;

/// The record's text: `names`, each part in Pagefind's weight markers,
/// then `text`. A custom record takes no weights of its own, but Pagefind
/// reads its text as it reads the text of an HTML page, where
/// `data-pagefind-weight="5"` has become `___PAGEFIND_WEIGHT___5 …
/// ___END_PAGEFIND_WEIGHT___`; so the markers weigh a record's words as
/// the attribute weighs a page's. Markers a writer typed are made inert.
fn weighted_text(names: &Names, text: &str) -> String {
    let mut out = String::with_capacity(names.title.len() + text.len() + 200);
    let mut part = |weight: u8, items: &[&str]| {
        if items.is_empty() {
            return;
        }
        out.push_str(&format!("___PAGEFIND_WEIGHT___{weight} "));
        for (n, item) in items.iter().enumerate() {
            if n > 0 {
                out.push_str(", ");
            }
            out.push_str(&inert(item));
        }
        out.push_str(" ___END_PAGEFIND_WEIGHT___\n");
    };
    part(TITLE_WEIGHT, &[names.title]);
    part(ALIAS_WEIGHT, names.aliases);
    part(CITED_WEIGHT, names.cited);
    out.push_str(&inert(text));
    out
}

/// `text` with Pagefind's markers broken by a zero-width space, which
/// Pagefind drops from the words it indexes: a word a writer typed
/// indexes as written and weighs nothing.
fn inert(text: &str) -> Cow<'_, str> {
    if !text.contains("PAGEFIND_") {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.replace("___PAGEFIND_", "_\u{200B}__PAGEFIND_")
            .replace("___END_PAGEFIND_", "_\u{200B}__END_PAGEFIND_"),
    )
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
}

/// The text of dossier's own body HTML, tags dropped and entities read;
/// an image's alt text is text too (a figure's caption already is), and a
/// formula's text is its TeX, not the symbols of its MathML.
fn plain_text(html: &str) -> String {
    const ENTITIES: [(&str, char); 5] = [
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&#39;", '\''),
        ("&amp;", '&'),
    ];
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    // One pass: text is copied in runs up to the next tag or entity.
    while let Some(at) = rest.find(['<', '&']) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some((tex, after)) = math_text(rest) {
            out.push(' ');
            out.push_str(&plain_text(tex));
            out.push(' ');
            rest = after;
        } else if rest.starts_with('<') {
            let Some(end) = rest.find('>') else {
                return out;
            };
            out.push(' ');
            if let Some(alt) = alt_text(&rest[..end]) {
                out.push_str(&plain_text(alt));
                out.push(' ');
            }
            rest = &rest[end + 1..];
        } else if let Some((entity, c)) = ENTITIES.iter().find(|(e, _)| rest.starts_with(e)) {
            out.push(*c);
            rest = &rest[entity.len()..];
        } else {
            out.push('&');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// The TeX annotation of the `<math>` element `html` starts with (as
/// `markdown::math` writes it), and what follows the element.
fn math_text(html: &str) -> Option<(&str, &str)> {
    const ANNOTATION: &str = "<annotation encoding=\"application/x-tex\">";
    if !html.starts_with("<math>") && !html.starts_with("<math ") {
        return None;
    }
    let (element, after) = html.split_once("</math>")?;
    let (_, tex) = element.split_once(ANNOTATION)?;
    let (tex, _) = tex.split_once("</annotation>")?;
    Some((tex, after))
}

/// The `alt` attribute of `tag` (`<img …`, up to its `>`), as written.
fn alt_text(tag: &str) -> Option<&str> {
    let rest = tag.strip_prefix("<img ")?;
    let (_, value) = rest.split_once(" alt=\"")?;
    value.split_once('"').map(|(alt, _)| alt)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_drops_tags_and_reads_entities() {
        assert_eq!(
            plain_text("<p>A &amp; <a href=\"x\">B</a> &lt;c&gt;</p>"),
            " A &  B  <c> "
        );
        assert_eq!(plain_text("&amp;lt; &#39;q&quot; & x"), "&lt; 'q\" & x");
        assert_eq!(plain_text("cut <b"), "cut ");
        assert_eq!(
            plain_text("<p>A <img src=\"m.png\" alt=\"Troop &amp; map\"></p>"),
            " A  Troop & map  "
        );
        assert_eq!(
            plain_text(
                "<p>g <math><semantics><mrow><mi>g</mi><mo>≈</mo></mrow>\
                 <annotation encoding=\"application/x-tex\">g \\approx 3\\% &lt; 1</annotation>\
                 </semantics></math>.</p>"
            ),
            " g  g \\approx 3\\% < 1 . "
        );
    }

    #[test]
    fn names_are_weighted_above_the_text_and_typed_markers_are_inert() {
        let names = Names {
            title: "Arctic",
            aliases: &["Севморпуть", "NSR"],
            cited: &["Treaty signed", "Reuters report"],
        };
        assert_eq!(
            weighted_text(&names, "Body ___PAGEFIND_WEIGHT___10 loud"),
            "___PAGEFIND_WEIGHT___7 Arctic ___END_PAGEFIND_WEIGHT___\n\
             ___PAGEFIND_WEIGHT___5 Севморпуть, NSR ___END_PAGEFIND_WEIGHT___\n\
             ___PAGEFIND_WEIGHT___2 Treaty signed, Reuters report ___END_PAGEFIND_WEIGHT___\n\
             Body _\u{200B}__PAGEFIND_WEIGHT___10 loud"
        );
        let bare = Names {
            title: "A ___END_PAGEFIND_WEIGHT___",
            aliases: &[],
            cited: &[],
        };
        assert_eq!(
            weighted_text(&bare, "x"),
            "___PAGEFIND_WEIGHT___7 A _\u{200B}__END_PAGEFIND_WEIGHT___ ___END_PAGEFIND_WEIGHT___\nx"
        );
    }
}
