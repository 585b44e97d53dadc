//! Search, with Pagefind's library: every brief, topic and actor becomes a
//! record with its plain text, its title and date, and filters for topic,
//! actor, year and kind. The index and Pagefind's own scripts are output
//! files under `pagefind/`, so `build` writes them and `serve` serves them
//! like any page. The theme's `/search/` page runs Pagefind's search.
//!
//! Records are made from the model, not by parsing the rendered pages, so
//! indexing costs one pass over the text. Result URLs are site-relative
//! (`briefs/x/index.html`) and the search script resolves them against the
//! site's root, so the site works at any path.
//!
//! Pagefind indexes one record after another, about a millisecond each, so
//! a large dossier is split into shards of at most [`SHARD_SIZE`] records, each a
//! Pagefind bundle of its own (`pagefind/0/`, `pagefind/1/`, ...) that the
//! search script merges in the browser. Shards are made in parallel, and a
//! shard whose records did not change is taken from the last index, or
//! from the last build in the output folder, instead of being made again:
//! an edit re-indexes one shard. A record's shard follows from its URL
//! alone, so adding a brief leaves the other shards as they were.
//! `pagefind/shards.json` lists the shards for the search script.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::HashMap;
use crate::diagnostic::Diagnostic;
use crate::markdown::page::Kind;
use crate::output::OutputFile;
use crate::render::body;
use crate::site::{PageId, Site};

/// The folder of the index and Pagefind's scripts.
pub const FOLDER: &str = "pagefind/";

/// Records per shard, at most: fewer shards load faster in the browser
/// (each brings Pagefind's 60 kB wasm), more make a shard quicker to
/// make again after an edit. The number of shards is a power of two, so
/// they share two or four cores evenly.
pub const SHARD_SIZE: usize = 2500;
/// At most this many shards, however large the dossier.
const MAX_SHARDS: usize = 16;
/// From this many records on, two shards at least: a thousand records
/// take a second of Pagefind's time, which two cores can share.
const TWO_SHARDS_FROM: usize = 1000;
/// The list of shards, under [`FOLDER`].
const SHARD_LIST: &str = "shards.json";
/// Pagefind files that only the first shard needs: the scripts a page
/// loads. Merged shards bring their index and wasm alone.
const SCRIPTS: &[&str] = &["pagefind.js", "pagefind-worker.js", "pagefind-highlight.js"];

/// One record for Pagefind.
#[derive(Hash)]
struct Record {
    url: String,
    text: String,
    meta: BTreeMap<String, String>,
    filters: BTreeMap<String, Vec<String>>,
    sort: BTreeMap<String, String>,
}

/// Shards of an earlier index, by the key of their records, to take again.
#[derive(Default, Clone)]
pub struct Kept(HashMap<u64, Vec<OutputFile>>);

impl Kept {
    /// The shards the last build left in the output folder `dir`, those
    /// whose files are as it wrote them (see [`crate::output::manifest::Written::kept`]).
    pub fn from_output(dir: &Path) -> Kept {
        let list = dir.join(FOLDER).join(SHARD_LIST);
        let (Ok(text), Some(written)) = (
            std::fs::read_to_string(&list),
            crate::output::manifest::Written::read(dir),
        ) else {
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
}

/// One shard: its number, its records and their key.
struct Shard {
    number: usize,
    key: u64,
    records: Vec<Record>,
}

impl Shard {
    /// The shard's bundle folder under [`FOLDER`].
    fn path(&self) -> String {
        format!("{}/", self.number)
    }
}

/// An index: its files, its shards to keep for the next one, and how
/// many of them were made afresh rather than kept.
pub struct Index {
    pub files: Vec<OutputFile>,
    pub kept: Kept,
    pub made: usize,
    pub shards: usize,
}

/// The index of `site`, each shard not in `kept` made afresh (in
/// parallel); a failure is an error diagnostic and an empty index.
pub fn files(site: &Site, kept: &Kept, diagnostics: &mut Vec<Diagnostic>) -> Index {
    files_beside(site, kept, diagnostics, || ()).0
}

/// [`files`], made while `beside` runs on the same threads, and what
/// `beside` returns. A shard is a second or more of Pagefind on one
/// thread; `beside` (the pages' rendering) is many small jobs. So the
/// shards start first, one per free thread, and `beside` once every shard
/// has: its jobs then fill the threads while the last shards finish,
/// instead of one thread finishing a shard alone at the end.
pub fn files_beside<R: Send>(
    site: &Site,
    kept: &Kept,
    diagnostics: &mut Vec<Diagnostic>,
    beside: impl FnOnce() -> R + Send,
) -> (Index, R) {
    let language = &site.config.language;
    let (index, other) = index_shards(shards(records(site), language), language, kept, beside);
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

/// `records` split into shards by URL, each with its key.
fn shards(records: Vec<Record>, language: &str) -> Vec<Shard> {
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
            (number, count, &records, language).hash(&mut hasher);
            Shard {
                number,
                key: hasher.finish(),
                records,
            }
        })
        .collect()
}

/// One shard's files, or why Pagefind could not make them.
type Made = Result<Vec<OutputFile>, String>;

/// Every shard's files, from `kept` or from Pagefind, and the list of
/// shards; with what `beside` returns (see [`files_beside`]).
fn index_shards<R: Send>(
    shards: Vec<Shard>,
    language: &str,
    kept: &Kept,
    beside: impl FnOnce() -> R + Send,
) -> (Result<Index, String>, R) {
    let list = ShardList {
        shards: shards
            .iter()
            .map(|shard| ListedShard {
                path: shard.path(),
                key: format!("{:016x}", shard.key),
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
            scope.spawn_fifo(move |_| {
                *slot = Some(shard_files(
                    &shard.path(),
                    shard.number,
                    shard.records,
                    language,
                ));
            });
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

/// Pagefind's bundle for one shard's records, in `path` under [`FOLDER`];
/// shards after the first leave out the scripts and Pagefind's UI: only
/// the first one's are loaded.
fn shard_files(
    path: &str,
    number: usize,
    records: Vec<Record>,
    language: &str,
) -> Result<Vec<OutputFile>, String> {
    let needed = |name: &str| number == 0 || !(SCRIPTS.contains(&name) || name.contains("-ui."));
    Ok(index(records, language)?
        .into_iter()
        .filter(|(name, _)| needed(name))
        .map(|(name, bytes)| OutputFile::new(format!("{FOLDER}{path}{name}"), bytes))
        .collect())
}

/// The records of every brief, topic and actor, made in parallel.
fn records(site: &Site) -> Vec<Record> {
    (0..site.pages.len())
        .into_par_iter()
        .filter(|&id| matches!(site.pages[id].kind, Kind::Brief | Kind::Topic | Kind::Actor))
        .map(|id| record(site, id))
        .collect()
}

/// Where finished index files go while `serve` or `watch` runs.
pub type Publish = Arc<dyn Fn(Vec<OutputFile>) + Send + Sync>;

/// The search index for `serve` and `watch`, kept up to date on a thread
/// of its own at the lowest priority. Pagefind takes seconds on a large
/// dossier, far longer than a rebuild, so a rebuild never waits for it
/// and, on a busy machine, hardly shares a core with it: a rebuild takes
/// the last finished index, and a newer one is handed to `publish` when
/// it is ready (and taken by the next rebuild). The worker reads the
/// records from the site itself, so asking costs a rebuild nothing; an
/// unchanged set of records is not indexed again.
pub struct Background {
    publish: Publish,
    shared: Arc<Mutex<Shared>>,
}

#[derive(Default)]
struct Shared {
    /// The last finished index.
    files: Vec<OutputFile>,
    /// Its shards, to take again while their records stay the same.
    kept: Kept,
    /// The newest site waiting for the worker.
    waiting: Option<Arc<Site>>,
    working: bool,
}

impl Background {
    pub fn new(publish: Publish) -> Self {
        Background {
            publish,
            shared: Arc::default(),
        }
    }

    /// The last finished index files.
    pub fn latest(&self) -> Vec<OutputFile> {
        lock(&self.shared).files.clone()
    }

    /// Asks for an index of `site`; returns at once.
    pub fn update(&self, site: Arc<Site>) {
        let mut shared = lock(&self.shared);
        shared.waiting = Some(site);
        if !shared.working {
            shared.working = true;
            self.spawn();
        }
    }

    /// One worker at a time, taking the newest waiting site until none is
    /// left. Its threads, and the threads Pagefind starts from them, run
    /// at the lowest priority, so edits keep both cores for their rebuilds.
    fn spawn(&self) {
        let (shared, publish) = (self.shared.clone(), self.publish.clone());
        std::thread::spawn(move || {
            lower_priority();
            let pool = rayon::ThreadPoolBuilder::new()
                .start_handler(|_| lower_priority())
                .build();
            let Ok(pool) = pool else {
                lock(&shared).working = false;
                return;
            };
            loop {
                let Some(site) = lock(&shared).waiting.take() else {
                    lock(&shared).working = false;
                    return;
                };
                let (shards, language) = pool.install(|| {
                    let language = site.config.language.clone();
                    (shards(records(&site), &language), language)
                });
                // The site can be edited again while Pagefind runs.
                drop(site);
                let kept = lock(&shared).kept.clone();
                let same = shards.len() == kept.0.len()
                    && shards.iter().all(|shard| kept.0.contains_key(&shard.key));
                if same {
                    continue;
                }
                // A failed index keeps the last good one.
                let Ok(Index { files, kept, .. }) =
                    pool.install(|| index_shards(shards, &language, &kept, || ()).0)
                else {
                    continue;
                };
                {
                    let mut shared = lock(&shared);
                    shared.kept = kept;
                    shared.files = files.clone();
                }
                publish(files);
            }
        });
    }
}

/// Lowers the calling thread to the idle scheduling class where there is
/// one (Linux), else to its lowest priority. Threads it starts inherit
/// that. Best effort: a refusal leaves the priority as it was.
fn lower_priority() {
    use thread_priority::{ThreadPriority, set_current_thread_priority};
    #[cfg(target_os = "linux")]
    {
        use thread_priority::{
            NormalThreadSchedulePolicy, ThreadSchedulePolicy, set_thread_priority_and_policy,
            thread_native_id,
        };
        let idle = ThreadSchedulePolicy::Normal(NormalThreadSchedulePolicy::Idle);
        if set_thread_priority_and_policy(thread_native_id(), ThreadPriority::Min, idle).is_ok() {
            return;
        }
    }
    let _ = set_current_thread_priority(ThreadPriority::Min);
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// `files` (sorted by path) with the index files replaced by `index`.
pub fn with_index(files: &mut Vec<OutputFile>, index: Vec<OutputFile>) {
    files.retain(|f| !f.path.starts_with(FOLDER));
    files.extend(index);
    files.sort_by(|a, b| a.path.cmp(&b.path));
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

/// The text of dossier's own body HTML, tags dropped and entities read.
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
        if rest.starts_with('<') {
            let Some(end) = rest.find('>') else {
                return out;
            };
            out.push(' ');
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

/// Runs Pagefind over `records` on a small runtime of its own; returns
/// the bundle's files by their names inside it.
fn index(records: Vec<Record>, language: &str) -> Result<Vec<(String, Vec<u8>)>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let options = PagefindServiceConfig::builder()
            .keep_index_url(true)
            .force_language(language.to_string())
            .build();
        let mut index = PagefindIndex::new(Some(options)).map_err(|e| e.to_string())?;
        for r in records {
            index
                .add_custom_record(
                    r.url,
                    r.text,
                    language.to_string(),
                    Some(r.meta),
                    Some(r.filters),
                    Some(r.sort),
                )
                .await
                .map_err(|e| e.to_string())?;
        }
        let files = index.get_files().await.map_err(|e| e.to_string())?;
        Ok(files.into_iter().filter_map(bundle_file).collect())
    })
}

/// A Pagefind file by its name inside the bundle; Pagefind names them
/// below its bundle folder, whatever that is called.
fn bundle_file(file: pagefind::api::SyntheticFile) -> Option<(String, Vec<u8>)> {
    let path = file.filename.to_string_lossy().replace('\\', "/");
    let rel = path
        .rsplit_once("pagefind/")
        .map_or(path.as_str(), |(_, rel)| rel);
    (!rel.is_empty()).then(|| (rel.to_string(), file.contents))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_come_in_powers_of_two_of_at_most_shard_size_records() {
        assert_eq!(shard_count(0), 1);
        assert_eq!(shard_count(999), 1);
        assert_eq!(shard_count(1000), 2);
        assert_eq!(shard_count(2600), 2);
        assert_eq!(shard_count(5001), 4);
        assert_eq!(shard_count(10_080), 8);
        assert_eq!(shard_count(1_000_000), MAX_SHARDS);
    }

    #[test]
    fn plain_text_drops_tags_and_reads_entities() {
        assert_eq!(
            plain_text("<p>A &amp; <a href=\"x\">B</a> &lt;c&gt;</p>"),
            " A &  B  <c> "
        );
        assert_eq!(plain_text("&amp;lt; &#39;q&quot; & x"), "&lt; 'q\" & x");
        assert_eq!(plain_text("cut <b"), "cut ");
    }
}
