//! Link previews: `previews.json` maps each brief, topic, actor and page
//! to its title, kind, date and summary. The theme's `previews.js` loads
//! it on the first hover or focus of an internal link and shows the
//! target's preview in a positioned popover. One small file for the whole
//! site, so pages stay as they are and the data is fetched only if used.

use rayon::prelude::*;
use serde::Serialize;

use crate::markdown::page::Kind;
use crate::output::OutputFile;
use crate::site::{PageId, Site};

/// The output path of the preview data.
pub const PATH: &str = "previews.json";

/// One page's preview. Short keys: the file holds every page.
#[derive(Serialize)]
struct Preview<'a> {
    /// Title.
    t: &'a str,
    /// Kind: brief, topic, actor or page.
    k: &'static str,
    /// Date as a reader reads it, for briefs that have one.
    #[serde(skip_serializing_if = "Option::is_none")]
    d: Option<String>,
    /// Summary.
    s: &'a str,
}

/// `previews.json`, keyed by each page's URL folder (`briefs/treaty/`),
/// in the order of the keys. Each page's entry is written on its own, on
/// every core: at 100,000 pages the file is tens of megabytes.
pub fn file(site: &Site) -> OutputFile {
    let pages = &site.pages;
    let mut ids: Vec<PageId> = (0..pages.len())
        .filter(|&id| pages[id].kind != Kind::Home)
        .collect();
    // Of pages sharing an address (a build with errors), the last is
    // kept, as a map filled in page order keeps it.
    ids.par_sort_unstable_by(|&a, &b| pages[a].url.cmp(&pages[b].url).then(b.cmp(&a)));
    ids.dedup_by(|a, b| pages[*a].url == pages[*b].url);
    let entries: Result<Vec<String>, _> = ids.par_iter().map(|&id| entry(site, id)).collect();
    let json = match entries {
        Ok(entries) => object(&entries),
        Err(_) => "{}".to_string(),
    };
    OutputFile::new(PATH, json.into_bytes())
}

/// The JSON object of `entries` (each `"key":{...}`), written into one
/// string of its final size: at 100,000 pages a string grown as it is
/// written takes twice the memory, all of it new pages the system must
/// clear, on every rebuild.
fn object(entries: &[String]) -> String {
    // Each entry and its comma, less one comma, and the two braces.
    let size = entries.iter().map(|e| e.len() + 1).sum::<usize>().max(1) + 1;
    let mut json = String::with_capacity(size);
    json.push('{');
    for (n, entry) in entries.iter().enumerate() {
        if n > 0 {
            json.push(',');
        }
        json.push_str(entry);
    }
    json.push('}');
    json
}

/// Page `id`'s entry: its key and its preview, `"key":{...}`.
fn entry(site: &Site, id: PageId) -> serde_json::Result<String> {
    let page = &site.pages[id];
    let preview = Preview {
        t: &page.title,
        k: page.kind.noun(),
        d: page.front.date.map(|d| d.to_string()),
        s: site.summary(id),
    };
    let mut entry = serde_json::to_string(page.url.as_str())?;
    entry.push(':');
    entry.push_str(&serde_json::to_string(&preview)?);
    Ok(inert(entry))
}

/// `json` with `<`, `>` and `&` written as `\u` escapes: the same JSON,
/// but no title can read as markup wherever the file ends up. These
/// characters only occur inside JSON strings, where the escapes are valid.
fn inert(json: String) -> String {
    if !json.contains(['<', '>', '&']) {
        return json;
    }
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_make_one_object_with_no_spare_room() {
        assert_eq!(object(&[]), "{}");
        let entries = [
            r#""a/":{"t":"A"}"#.to_string(),
            r#""b/":{"t":"B"}"#.to_string(),
        ];
        let json = object(&entries);
        assert_eq!(json, r#"{"a/":{"t":"A"},"b/":{"t":"B"}}"#);
        assert_eq!(json.capacity(), json.len());
        let parsed: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(parsed["b/"]["t"], "B");
    }
}
