//! Search, with Pagefind's library: every brief, topic and actor becomes a
//! record with its plain text, its title and date, and filters for topic,
//! actor, year and kind. The index and Pagefind's own scripts are output
//! files under `pagefind/`, so `build` writes them and `serve` serves them
//! like any page. The theme's `/search/` page runs Pagefind's UI.
//!
//! Records are made from the model, not by parsing the rendered pages, so
//! indexing costs one pass over the text. Result URLs are site-relative
//! (`briefs/x/index.html`) and the search script resolves them against the
//! site's root, so the site works at any path.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::diagnostic::Diagnostic;
use crate::graph::{PageId, Site};
use crate::output::OutputFile;
use crate::page::Kind;
use crate::render;

/// The folder of the index and Pagefind's scripts.
pub const FOLDER: &str = "pagefind/";

/// One record for Pagefind.
#[derive(Hash)]
struct Record {
    url: String,
    text: String,
    meta: BTreeMap<String, String>,
    filters: BTreeMap<String, Vec<String>>,
    sort: BTreeMap<String, String>,
}

/// The index files; a failure is an error diagnostic.
pub fn files(site: &Site, diagnostics: &mut Vec<Diagnostic>) -> Vec<OutputFile> {
    match index(records(site), &site.config.language) {
        Ok(files) => files,
        Err(e) => {
            diagnostics.push(
                Diagnostic::error("search-index", format!("the search index failed: {e}"))
                    .hint("this is a bug in dossier or Pagefind; please report it"),
            );
            Vec::new()
        }
    }
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
    /// The hash of the records of the last index made.
    indexed: u64,
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
                let (key, records, language) = pool.install(|| {
                    let records = records(&site);
                    (
                        key(&records, &site.config.language),
                        records,
                        site.config.language.clone(),
                    )
                });
                // The site can be edited again while Pagefind runs.
                drop(site);
                if lock(&shared).indexed == key {
                    continue;
                }
                // A failed index keeps the last good one.
                let Ok(files) = pool.install(|| index(records, &language)) else {
                    continue;
                };
                {
                    let mut shared = lock(&shared);
                    shared.indexed = key;
                    shared.files = files.clone();
                }
                publish(files);
            }
        });
    }
}

/// What an index is made of, hashed: equal keys give equal indexes.
fn key(records: &[Record], language: &str) -> u64 {
    let mut hasher = crate::fingerprint_hasher();
    (records, language).hash(&mut hasher);
    hasher.finish()
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
    let summary = site.summary(id);
    let body = plain_text(&render::content(site, id, ""));
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
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Runs Pagefind over `records` on a small runtime of its own.
fn index(records: Vec<Record>, language: &str) -> Result<Vec<OutputFile>, String> {
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
        Ok(files.into_iter().filter_map(output_file).collect())
    })
}

/// A Pagefind file as an output file under [`FOLDER`]; Pagefind names
/// them below its bundle folder, whatever that is called.
fn output_file(file: pagefind::api::SyntheticFile) -> Option<OutputFile> {
    let path = file.filename.to_string_lossy().replace('\\', "/");
    let rel = path
        .rsplit_once("pagefind/")
        .map_or(path.as_str(), |(_, rel)| rel);
    (!rel.is_empty()).then(|| OutputFile::new(format!("{FOLDER}{rel}"), file.contents))
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
    }
}
