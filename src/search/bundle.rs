//! One run of Pagefind's library: records in, the files of one Pagefind
//! bundle out, by their names inside the bundle. Pagefind's API is async;
//! each run has a small runtime of its own.

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use super::records::Record;

/// Runs Pagefind over `records` on a small runtime of its own, on a
/// thread of its own; returns the bundle's files by their names inside it.
///
/// Pagefind works in parallel inside (on the rayon pool it is called
/// on), and a pool thread that waits for such work runs any other task
/// meanwhile: run on one of the build's threads, a bundle could take up
/// another shard's bundle in the middle of its own, whose runtime tokio
/// then refuses with a panic. On a pool of one thread of its own nothing
/// else is queued, so Pagefind's work runs there in order, while the
/// calling thread waits without taking up other work (which would start
/// every shard's bundle at once, each holding its index in memory). The
/// shards themselves are bundled side by side (`shards`).
pub(super) fn bundle(records: Vec<Record>, language: &str) -> Result<Files, String> {
    let alone = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .thread_name(|_| "pagefind".into())
        // A panic in Pagefind ends its job, and the sender with it: the
        // bundle fails with an error below rather than ending the build.
        .panic_handler(|_| {})
        .build()
        .map_err(|e| e.to_string())?;
    let (done, made) = std::sync::mpsc::channel();
    let (copied, back) = std::sync::mpsc::channel::<Files>();
    let language = language.to_string();
    alone.spawn(move || {
        let _ = done.send(run(records, &language));
        // The files come back once copied, to be freed here: see `copy`.
        drop(back.recv());
    });
    let files = made
        .recv()
        .map_err(|_| "Pagefind stopped with an internal error".to_string())??;
    let copy = copy(&files);
    let _ = copied.send(files);
    Ok(copy)
}

/// A bundle's files by their names inside it.
type Files = Vec<(String, Vec<u8>)>;

/// `files`, made on the calling thread. Made on Pagefind's thread, the
/// files (thousands of small fragments) would keep most of the memory
/// that thread used while indexing from going back when it ends, until
/// the site is written; copied, that memory is all freed there.
fn copy(files: &Files) -> Files {
    files
        .iter()
        .map(|(name, bytes)| (name.clone(), bytes.clone()))
        .collect()
}

/// Runs Pagefind over `records` on a small runtime of its own.
fn run(records: Vec<Record>, language: &str) -> Result<Files, String> {
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

    fn records(n: usize) -> Vec<Record> {
        (0..n)
            .map(|i| Record {
                url: format!("briefs/b{i}/index.html"),
                text: format!("Gas flows east through pipeline {i}; the treaty of {i} was signed."),
                meta: [("title".to_string(), format!("Brief {i}"))].into(),
                filters: Default::default(),
                sort: Default::default(),
            })
            .collect()
    }

    /// Shards are bundled side by side on the pool's threads (and by
    /// builds side by side, as tests run), and Pagefind works in parallel
    /// inside each bundle: a thread waiting for that work must not take up
    /// another bundle in the middle of its own, as tokio refuses a runtime
    /// started inside another with a panic (which builds met now and then).
    #[test]
    fn bundles_made_side_by_side_on_the_pool_all_succeed() {
        let Ok(pool) = rayon::ThreadPoolBuilder::new().num_threads(2).build() else {
            panic!("no thread pool");
        };
        let made: Vec<Result<usize, String>> = std::thread::scope(|scope| {
            let asking: Vec<_> = (0..8)
                .map(|_| {
                    scope.spawn(|| {
                        (0..6)
                            .map(|_| pool.install(|| bundle(records(300), "en")).map(|f| f.len()))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            asking
                .into_iter()
                .flat_map(|t| t.join().unwrap_or_default())
                .collect()
        });
        assert_eq!(made.len(), 48);
        for files in made {
            assert!(files.is_ok_and(|n| n > 0));
        }
    }
}
