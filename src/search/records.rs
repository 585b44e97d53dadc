//! What the index is made of: one record per brief, topic and actor, with
//! its plain text, its title and date, and filters for topic, actor, year
//! and kind. Records are made from the model, not by parsing the rendered
//! pages, so indexing costs one pass over the text. Result URLs are
//! site-relative (`briefs/x/index.html`) and the search script resolves
//! them against the site's root, so the site works at any path.

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

/// The records of every brief, topic and actor, made in parallel.
pub(super) fn records(site: &Site) -> Vec<Record> {
    (0..site.pages.len())
        .into_par_iter()
        .filter(|&id| matches!(site.pages[id].kind, Kind::Brief | Kind::Topic | Kind::Actor))
        .map(|id| record(site, id))
        .collect()
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
    Record {
        // Site-relative: the search script resolves it against the root.
        url: page.output_path(),
        text: format!("{}\n{summary}\n{body}", page.title),
        meta,
        filters,
        sort,
    }
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
}
