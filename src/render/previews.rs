//! Link previews: `previews.json` maps each brief, topic, actor and page
//! to its title, kind, date and summary. The theme's `previews.js` loads
//! it on the first hover or focus of an internal link and shows the
//! target's preview in a positioned popover. One small file for the whole
//! site, so pages stay as they are and the data is fetched only if used.

use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::HashMap;
use crate::markdown::page::Kind;
use crate::output::{Bytes, OutputFile};
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

/// The last `previews.json` a rebuilding builder made, and where each
/// page's entry is in it: the next rebuild copies the entry of every page
/// that shows as it did instead of writing it again (at 100,000 pages the
/// file is 46 MB, remade on every full rebuild).
pub struct Kept {
    bytes: Bytes,
    /// Per page, by a hash of its key: a hash of everything its entry
    /// shows (the key included) and the entry's bytes in `bytes`.
    entries: HashMap<u64, (u64, Range<usize>)>,
}

/// One page's entry: copied from the last file, or written now.
enum Entry<'a> {
    Copied(&'a [u8]),
    Written(String),
}

impl Entry<'_> {
    fn bytes(&self) -> &[u8] {
        match self {
            Entry::Copied(bytes) => bytes,
            Entry::Written(entry) => entry.as_bytes(),
        }
    }
}

/// `previews.json`, keyed by each page's URL folder (`briefs/treaty/`),
/// in the order of the keys. Each page's entry is written on its own, on
/// every core, or copied from `last` when the page shows as it did then.
/// With `keep`, also what the next rebuild needs to copy from this one.
pub fn file(site: &Site, last: Option<&Kept>, keep: bool) -> (OutputFile, Option<Kept>) {
    let pages = &site.pages;
    let mut ids: Vec<PageId> = (0..pages.len())
        .filter(|&id| pages[id].kind != Kind::Home)
        .collect();
    // Of pages sharing an address (a build with errors), the last is
    // kept, as a map filled in page order keeps it.
    ids.par_sort_unstable_by(|&a, &b| pages[a].url.cmp(&pages[b].url).then(b.cmp(&a)));
    ids.dedup_by(|a, b| pages[*a].url == pages[*b].url);
    let entries: Result<Vec<(u64, u64, Entry)>, serde_json::Error> = ids
        .par_iter()
        .map(|&id| {
            let (key, shows) = hashes(site, id);
            let copied = last.and_then(|last| {
                let (_, range) = last.entries.get(&key).filter(|(was, _)| *was == shows)?;
                last.bytes.get(range.clone())
            });
            let entry = match copied {
                Some(bytes) => Entry::Copied(bytes),
                None => Entry::Written(entry(site, id)?),
            };
            Ok((key, shows, entry))
        })
        .collect();
    let Ok(entries) = entries else {
        return (OutputFile::new(PATH, b"{}".to_vec()), None);
    };
    let (json, ranges) = object(entries.iter().map(|(_, _, entry)| entry.bytes()));
    let bytes: Bytes = Arc::new(json);
    let kept = keep.then(|| Kept {
        bytes: bytes.clone(),
        entries: (entries.iter())
            .zip(ranges)
            .map(|((key, shows, _), range)| (*key, (*shows, range)))
            .collect(),
    });
    (OutputFile::shared(PATH, bytes), kept)
}

/// Hashes of page `id`'s key, and of everything its entry shows (its key
/// included): the same in two builds when the entry is.
fn hashes(site: &Site, id: PageId) -> (u64, u64) {
    let page = &site.pages[id];
    let mut key = crate::fingerprint_hasher();
    page.url.hash(&mut key);
    let mut shows = crate::fingerprint_hasher();
    (&page.url, &page.title, page.kind.noun()).hash(&mut shows);
    (page.front.date, site.summary(id)).hash(&mut shows);
    (key.finish(), shows.finish())
}

/// The JSON object of `entries` (each `"key":{...}`), written into one
/// buffer of its final size (at 100,000 pages a buffer grown as it is
/// written takes twice the memory, all of it new pages the system must
/// clear, on every rebuild), and where each entry is in it.
fn object<'e>(entries: impl Iterator<Item = &'e [u8]> + Clone) -> (Vec<u8>, Vec<Range<usize>>) {
    // Each entry and its comma, less one comma, and the two braces.
    let size = entries.clone().map(|e| e.len() + 1).sum::<usize>().max(1) + 1;
    let mut json = Vec::with_capacity(size);
    let mut ranges = Vec::new();
    json.push(b'{');
    for (n, entry) in entries.enumerate() {
        if n > 0 {
            json.push(b',');
        }
        ranges.push(json.len()..json.len() + entry.len());
        json.extend_from_slice(entry);
    }
    json.push(b'}');
    (json, ranges)
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
        let (json, ranges) = object(std::iter::empty());
        assert_eq!((json.as_slice(), json.capacity()), (&b"{}"[..], 2));
        assert!(ranges.is_empty());
        let entries = [&br#""a/":{"t":"A"}"#[..], &br#""b/":{"t":"B"}"#[..]];
        let (json, ranges) = object(entries.iter().copied());
        assert_eq!(json, br#"{"a/":{"t":"A"},"b/":{"t":"B"}}"#);
        assert_eq!(json.capacity(), json.len());
        assert_eq!(&json[ranges[1].clone()], entries[1]);
        let parsed: serde_json::Value = serde_json::from_slice(&json).unwrap_or_default();
        assert_eq!(parsed["b/"]["t"], "B");
    }
}
