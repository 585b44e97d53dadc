//! The index in shards. Pagefind indexes one record after another, about
//! a millisecond each, so a large dossier is split into shards of at most
//! [`SHARD_SIZE`] records, each a Pagefind bundle of its own
//! (`pagefind/0/`, `pagefind/1/`, ...) that the search script merges in
//! the browser. Shards are made in parallel, and a shard whose records did
//! not change is taken from the last index, or from the last build in the
//! output folder ([`Kept`]), instead of being made again: an edit
//! re-indexes one shard. A record's shard follows from its URL alone, so
//! adding a brief leaves the other shards as they were.
//! The site's language has the shards above (or, when no page is in it,
//! the first other language); each other language that pages set has
//! shards of its own under its tag (`pagefind/fa/0/`), so
//! Pagefind stems its words by its rules. `pagefind/shards.json` lists
//! the shards for the search script, each other language's with its tag,
//! which the script merges under that language.

use std::hash::{Hash, Hasher};
use std::path::Path;

use rayon::prelude::*;

use super::bundle::bundle;
use super::files::FOLDER;
use super::records::{Language, Record, records};
use crate::HashMap;
use crate::diagnostic::Diagnostic;
use crate::output::OutputFile;
use crate::output::manifest::Written;
use crate::site::Site;

/// Records per shard, at most. Pagefind holds a shard's whole index in
/// memory, and more while it writes the shard's files (some 140 MB more
/// for 1,260 records), and a build makes as many shards at once as it
/// has threads: at 10,000 briefs, shards of 630 records instead of 1,260
/// lower a search build's peak from about 900 to 650 MB, in the same
/// time. Each shard costs the search page two small requests more (its
/// entry and metadata: a merged shard uses the first one's wasm), and an
/// edit makes a smaller shard again. The number of shards is a power of
/// two, so they share two or four cores evenly.
const SHARD_SIZE: usize = 1250;
/// At most this many shards, however large the dossier. The search page
/// reads them all, and at 100,000 briefs (`tests/browser/load-time.mjs`,
/// 40 ms a request) it showed its first results after 8.7-10.2 s with 16
/// shards, 6.4-7.3 s with 32, 6.7-7.1 s with 64 and 9.5-10.5 s with 128;
/// the build's peak went from 5.8-6.0 GB to 4.8, 4.1 and 3.8 GB.
const MAX_SHARDS: usize = 64;
/// From this many records on, two shards at least: a thousand records
/// take a second of Pagefind's time, which two cores can share.
const TWO_SHARDS_FROM: usize = 1000;
/// The list of shards, under [`FOLDER`].
const SHARD_LIST: &str = "shards.json";
/// Pagefind files that only the first shard needs: the scripts a page
/// loads. Merged shards bring their index alone (see [`shard_files`]).
const SCRIPTS: &[&str] = &["pagefind.js", "pagefind-worker.js", "pagefind-highlight.js"];

/// Shards of an earlier index, by the key of their records, to take again.
#[derive(Default, Clone)]
pub(super) struct Kept(HashMap<u64, Vec<OutputFile>>);

impl Kept {
    /// The shards the last build left in the output folder `dir`, those
    /// whose files are as it wrote them (see [`Written::kept`]).
    pub(super) fn from_output(dir: &Path) -> Kept {
        let list = dir.join(FOLDER).join(SHARD_LIST);
        let (Ok(text), Some(written)) = (std::fs::read_to_string(&list), Written::read(dir)) else {
            return Kept::default();
        };
        let Ok(listed) = serde_json::from_str::<ShardList>(&text) else {
            return Kept::default();
        };
        let shards = listed.shards.into_par_iter().filter_map(|shard| {
            let key = u64::from_str_radix(&shard.key, 16).ok()?;
            let files = written.kept(&format!("{FOLDER}{}", shard.path))?;
            let files = files
                .into_iter()
                .map(|(path, bytes)| OutputFile::new(path, bytes));
            Some((key, files.collect()))
        });
        Kept(shards.collect())
    }

    /// True when `shards` are the shards kept, every one: there is
    /// nothing to make.
    pub(super) fn holds_all(&self, shards: &[Shard]) -> bool {
        shards.len() == self.0.len() && shards.iter().all(|shard| self.0.contains_key(&shard.key))
    }
}

/// What `pagefind/shards.json` holds.
#[derive(serde::Serialize, serde::Deserialize)]
struct ShardList {
    shards: Vec<ListedShard>,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct ListedShard {
    /// The bundle's folder under `pagefind/`.
    path: String,
    /// The shard's key in hexadecimal, to find it again.
    key: String,
    /// The language of a shard not in the site's language; absent for
    /// the site's, so a site in one language lists what it always did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    language: Option<String>,
}

/// One shard: its number, its records' language, its records and their
/// key.
pub(super) struct Shard {
    number: usize,
    key: u64,
    records: Vec<Record>,
    language: String,
    /// In the language read first (the site's, see `records::Language`):
    /// at the top of [`FOLDER`], and the first brings the scripts.
    primary: bool,
}

impl Shard {
    /// The shard's bundle folder under [`FOLDER`].
    fn path(&self) -> String {
        match self.primary {
            true => format!("{}/", self.number),
            false => format!("{}/{}/", self.language, self.number),
        }
    }
}

/// An index: its files, its shards to keep for the next one, and how
/// many of them were made afresh rather than kept.
pub(super) struct Index {
    pub(super) files: Vec<OutputFile>,
    pub(super) kept: Kept,
    pub(super) made: usize,
    pub(super) shards: usize,
}

/// The index of `site`, each shard not in `kept` made afresh (in
/// parallel); a failure is an error diagnostic and an empty index.
pub(super) fn files(site: &Site, kept: &Kept, diagnostics: &mut Vec<Diagnostic>) -> Index {
    files_beside(site, kept, diagnostics, || ()).0
}

/// [`files`], made while `beside` runs on the same threads, and what
/// `beside` returns. A shard is a second or more of Pagefind on one
/// thread; `beside` (the pages' rendering) is many small jobs. So the
/// shards start first, one per free thread, and `beside` once every shard
/// has: its jobs then fill the threads while the last shards finish,
/// instead of one thread finishing a shard alone at the end.
pub(super) fn files_beside<R: Send>(
    site: &Site,
    kept: &Kept,
    diagnostics: &mut Vec<Diagnostic>,
    beside: impl FnOnce() -> R + Send,
) -> (Index, R) {
    let (index, other) = index_shards(shards(records(site)), kept, beside);
    let index = match index {
        Ok(index) => index,
        Err(e) => {
            diagnostics.push(
                Diagnostic::error("search-index", format!("the search index failed: {e}"))
                    .hint("this is a bug in dossier or Pagefind; please report it"),
            );
            Index {
                files: Vec::new(),
                kept: Kept::default(),
                made: 0,
                shards: 0,
            }
        }
    };
    (index, other)
}

/// How many shards `records` records make: a power of two, at least two
/// from [`TWO_SHARDS_FROM`] records on.
fn shard_count(records: usize) -> usize {
    let least = if records >= TWO_SHARDS_FROM { 2 } else { 1 };
    records
        .div_ceil(SHARD_SIZE)
        .next_power_of_two()
        .clamp(least, MAX_SHARDS)
}

/// Each language's records split into shards, the site's language first.
pub(super) fn shards(languages: Vec<Language>) -> Vec<Shard> {
    languages.into_iter().flat_map(language_shards).collect()
}

/// One language's records split into shards by URL, each with its key.
fn language_shards(language: Language) -> Vec<Shard> {
    let Language {
        tag: language,
        primary,
        records,
    } = language;
    let count = shard_count(records.len());
    let mut split: Vec<Vec<Record>> = (0..count).map(|_| Vec::new()).collect();
    for record in records {
        let mut hasher = crate::fingerprint_hasher();
        record.url.hash(&mut hasher);
        split[(hasher.finish() % count as u64) as usize].push(record);
    }
    split
        .into_iter()
        .enumerate()
        .map(|(number, records)| {
            let mut hasher = crate::fingerprint_hasher();
            (number, count, &records, &language).hash(&mut hasher);
            Shard {
                number,
                key: hasher.finish(),
                records,
                language: language.clone(),
                primary,
            }
        })
        .collect()
}

/// One shard's files, or why Pagefind could not make them.
type Made = Result<Vec<OutputFile>, String>;

/// Every shard's files, from `kept` or from Pagefind, and the list of
/// shards; with what `beside` returns (see [`files_beside`]).
pub(super) fn index_shards<R: Send>(
    shards: Vec<Shard>,
    kept: &Kept,
    beside: impl FnOnce() -> R + Send,
) -> (Result<Index, String>, R) {
    let list = ShardList {
        shards: shards
            .iter()
            .map(|shard| ListedShard {
                path: shard.path(),
                key: format!("{:016x}", shard.key),
                language: (!shard.primary).then(|| shard.language.clone()),
            })
            .collect(),
    };
    let count = shards.len();
    // Each shard's files, in shard order: kept ones now, the others
    // (`None` here) once made.
    let mut done: Vec<(u64, Option<Made>)> = Vec::new();
    let mut to_make = Vec::new();
    for shard in shards {
        match kept.0.get(&shard.key) {
            Some(files) => done.push((shard.key, Some(Ok(files.clone())))),
            None => {
                done.push((shard.key, None));
                to_make.push(shard);
            }
        }
    }
    let made = to_make.len();
    let mut other = None;
    // First in, first out: every shard is started before `beside` is.
    rayon::scope_fifo(|scope| {
        for ((_, slot), shard) in done.iter_mut().filter(|(_, f)| f.is_none()).zip(to_make) {
            scope.spawn_fifo(move |_| *slot = Some(shard_files(shard)));
        }
        scope.spawn_fifo(|_| other = Some(beside()));
    });
    let Some(other) = other else {
        unreachable!("a scope runs every task it spawns before it returns")
    };
    (assemble(list, count, made, done), other)
}

/// The index from each shard's files, in shard order.
fn assemble(
    list: ShardList,
    count: usize,
    made: usize,
    done: Vec<(u64, Option<Made>)>,
) -> Result<Index, String> {
    let done = done
        .into_iter()
        .map(|(key, files)| {
            Ok((
                key,
                files.unwrap_or_else(|| Err("a shard was not made".into()))?,
            ))
        })
        .collect::<Result<Vec<_>, String>>()?;
    let json = serde_json::to_string(&list).map_err(|e| e.to_string())?;
    let mut files = vec![OutputFile::new(
        format!("{FOLDER}{SHARD_LIST}"),
        json.into_bytes(),
    )];
    files.extend(done.iter().flat_map(|(_, files)| files.iter().cloned()));
    Ok(Index {
        files,
        kept: Kept(done.into_iter().collect()),
        made,
        shards: count,
    })
}

/// Pagefind's bundle for one shard's records, in its folder under
/// [`FOLDER`]; shards after the first leave out the scripts, Pagefind's
/// UI and its wasm: only the first one's are loaded. (Pagefind's
/// `mergeIndex` reads a merged shard's entry, metadata, index and
/// fragments, and searches it with the first shard's wasm.)
fn shard_files(shard: Shard) -> Result<Vec<OutputFile>, String> {
    let first = shard.primary && shard.number == 0;
    let merged_needs = |name: &str| {
        !(SCRIPTS.contains(&name) || name.contains("-ui.") || name.starts_with("wasm."))
    };
    let needed = |name: &str| first || merged_needs(name);
    let path = shard.path();
    Ok(bundle(shard.records, &shard.language)?
        .into_iter()
        .filter(|(name, _)| needed(name))
        .map(|(name, bytes)| OutputFile::new(format!("{FOLDER}{path}{name}"), bytes))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_come_in_powers_of_two_of_at_most_shard_size_records() {
        assert_eq!(shard_count(0), 1);
        assert_eq!(shard_count(999), 1);
        assert_eq!(shard_count(1000), 2);
        assert_eq!(shard_count(2500), 2);
        assert_eq!(shard_count(2600), 4);
        assert_eq!(shard_count(5001), 8);
        assert_eq!(shard_count(10_080), 16);
        assert_eq!(shard_count(100_080), 64);
        assert_eq!(shard_count(1_000_000), MAX_SHARDS);
    }
}
