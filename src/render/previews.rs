//! Link previews: each brief, topic, actor and page's title, kind, date
//! and summary, for the theme's `previews.js`, which shows the target of
//! a hovered or focused internal link in a positioned popover.
//!
//! The previews are split into buckets by a hash of each page's key (its
//! URL folder, `briefs/treaty/`): `previews/0.json`, `previews/1.json`,
//! ..., each an object of about [`BUCKET_SIZE`] pages' previews, and
//! `previews/index.json` says how many buckets there are. The script
//! fetches the index and then, for each link, the one bucket its key
//! hashes to: in a dossier of 100,000 briefs a reader's first hover
//! downloads about 45 kB, not the 46 MB all previews weigh. A page added
//! or retitled changes its own bucket only (unless the number of buckets
//! changes), so a rebuild makes the changed buckets again and keeps the
//! others.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::markdown::page::{Kind, Page};
use crate::output::OutputFile;
use crate::site::{PageId, Site};
use crate::text::packed::Pages;

/// The folder of the previews.
const FOLDER: &str = "previews/";
/// The file that says how many buckets there are, under [`FOLDER`]
/// (`site::files` names it too, as the site stage comes before this one).
const INDEX: &str = "previews/index.json";
/// Pages per bucket, on average: small enough that a hover fetches
/// little, large enough that a reader who hovers a few links fetches few
/// files. The number of buckets is a power of two.
const BUCKET_SIZE: usize = 128;
/// At most this many buckets, however large the dossier.
const MAX_BUCKETS: usize = 4096;

/// One page's preview. Short keys: a bucket holds many pages.
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

/// The buckets a rebuilding builder made last: the next rebuild takes a
/// bucket whose pages all show as they did instead of writing it again.
pub struct Kept {
    buckets: Vec<Arc<Bucket>>,
}

/// One bucket's file and what it shows.
struct Bucket {
    /// A hash of everything the bucket shows (see [`shows`]).
    shows: u64,
    file: OutputFile,
    /// Its pages with their summaries: the same pages (and summaries) show
    /// the same, which is known without hashing them again.
    pages: Vec<(Arc<Page>, Arc<str>)>,
}

/// How many buckets `pages` previews make (see [`BUCKET_SIZE`]).
fn bucket_count(pages: usize) -> usize {
    pages
        .div_ceil(BUCKET_SIZE)
        .next_power_of_two()
        .clamp(1, MAX_BUCKETS)
}

/// The bucket of the page with key `key`, of `count` (a power of two):
/// the low bits of the key's 32-bit FNV-1a hash over its UTF-8 bytes,
/// which `previews.js` computes the same way.
fn bucket_of(key: &str, count: usize) -> usize {
    let hash = key.bytes().fold(0x811c_9dc5_u32, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    });
    hash as usize & (count - 1)
}

/// The preview files: `previews/index.json` and each bucket, every
/// bucket's pages in the order of their keys. A bucket is written on its
/// own, on every core, or taken from `last` when its pages show as they
/// did then. With `keep`, also what the next rebuild needs to take from
/// this one. Each bucket is packed by `pack` if it is given, as `serve`
/// holds its files (at 100,000 briefs the buckets are some 46 MB).
pub fn files(
    site: &Site,
    (last, keep): (Option<&Kept>, bool),
    pack: Option<&Arc<Pages>>,
) -> (Vec<OutputFile>, Option<Kept>) {
    let pages = &site.pages;
    let shown = (0..pages.len()).filter(|&id| pages[id].kind != Kind::Home);
    // Pages sharing an address, an error that fails the build, count
    // once each here.
    let count = bucket_count(shown.clone().count());
    let numbers: Vec<usize> = (0..pages.len())
        .into_par_iter()
        .map(|id| bucket_of(&pages[id].url, count))
        .collect();
    let mut buckets: Vec<Vec<PageId>> = vec![Vec::new(); count];
    for id in shown {
        buckets[numbers[id]].push(id);
    }
    // Sorted bucket by bucket rather than all at once, which at 100,000
    // pages was most of this function's time. Of pages sharing an
    // address (a build with errors), the last is kept, as a map filled
    // in page order keeps it.
    buckets.par_iter_mut().for_each(|ids| {
        ids.sort_unstable_by(|&a, &b| pages[a].url.cmp(&pages[b].url).then(b.cmp(&a)));
        ids.dedup_by(|a, b| pages[*a].url == pages[*b].url);
    });
    let last = last.filter(|last| last.buckets.len() == count);
    let made: Result<Vec<Arc<Bucket>>, serde_json::Error> = (buckets.par_iter().enumerate())
        .map(|(number, ids)| {
            let kept = last.and_then(|last| last.buckets.get(number));
            if let Some(kept) = kept.filter(|kept| same_pages(site, ids, &kept.pages)) {
                return Ok(kept.clone());
            }
            let shows = shows(site, ids);
            let file = match kept.filter(|kept| kept.shows == shows) {
                Some(kept) => kept.file.clone(),
                None => {
                    let file =
                        OutputFile::new(format!("{FOLDER}{number}.json"), bucket(site, ids)?);
                    file.packed_by(pack)
                }
            };
            let summary = |id: PageId| site.summaries.get(id).cloned().unwrap_or_default();
            let pages = ids.iter().map(|&id| (pages[id].clone(), summary(id)));
            Ok(Arc::new(Bucket {
                shows,
                file,
                pages: pages.collect(),
            }))
        })
        .collect();
    let Ok(made) = made else {
        // No preview is better than a wrong one: an empty index.
        return (
            vec![OutputFile::new(INDEX, br#"{"buckets":0}"#.to_vec())],
            None,
        );
    };
    let index = format!(r#"{{"buckets":{count}}}"#);
    let mut files = vec![OutputFile::new(INDEX, index.into_bytes())];
    files.extend(made.iter().map(|bucket| bucket.file.clone()));
    (files, keep.then_some(Kept { buckets: made }))
}

/// Whether `ids` are the pages `was` holds, each with the same summary:
/// then the bucket shows what it did.
fn same_pages(site: &Site, ids: &[PageId], was: &[(Arc<Page>, Arc<str>)]) -> bool {
    ids.len() == was.len()
        && ids.iter().zip(was).all(|(&id, (page, summary))| {
            Arc::ptr_eq(&site.pages[id], page)
                && (site.summaries.get(id)).is_some_and(|now| Arc::ptr_eq(now, summary))
        })
}

/// A hash of everything the previews of `ids` show, keys included: the
/// same in two builds when the bucket is.
fn shows(site: &Site, ids: &[PageId]) -> u64 {
    let mut hasher = crate::fingerprint_hasher();
    for &id in ids {
        let page = &site.pages[id];
        (&page.url, &page.title, page.kind.noun()).hash(&mut hasher);
        (page.front.date, site.summary(id)).hash(&mut hasher);
    }
    hasher.finish()
}

/// The JSON object of the previews of `ids`, each `"key":{...}`.
fn bucket(site: &Site, ids: &[PageId]) -> serde_json::Result<Vec<u8>> {
    let mut json = String::from("{");
    for (n, &id) in ids.iter().enumerate() {
        if n > 0 {
            json.push(',');
        }
        json.push_str(&entry(site, id)?);
    }
    json.push('}');
    Ok(json.into_bytes())
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
    fn buckets_come_in_powers_of_two_of_about_bucket_size_pages() {
        assert_eq!(bucket_count(0), 1);
        assert_eq!(bucket_count(BUCKET_SIZE), 1);
        assert_eq!(bucket_count(BUCKET_SIZE + 1), 2);
        assert_eq!(bucket_count(10_080), 128);
        assert_eq!(bucket_count(100_080), 1024);
        assert_eq!(bucket_count(usize::MAX / 2), MAX_BUCKETS);
    }

    /// `previews.js` computes the same FNV-1a hash; these are the hash's
    /// published test values, and a key in another script.
    #[test]
    fn a_key_hashes_to_its_bucket_as_fnv_1a() {
        assert_eq!(bucket_of("", 1 << 31), 0x811c_9dc5 & 0x7fff_ffff);
        assert_eq!(bucket_of("a", 1 << 31), 0xe40c_292c & 0x7fff_ffff);
        assert_eq!(bucket_of("foobar", 1 << 31), 0xbf9c_f968 & 0x7fff_ffff);
        assert_eq!(bucket_of("foobar", 16), 0x8);
        assert_eq!(bucket_of("briefs/ایران/", 1), 0);
    }
}
