//! The search index for `serve`, kept up to date on a thread of its own
//! at the lowest priority, so that no rebuild waits for Pagefind.

use std::sync::{Arc, Mutex};

use super::records::records;
use super::shards::{Index, Kept, index_shards, shards};
use crate::output::OutputFile;
use crate::site::Site;

/// Where finished index files go while `serve` or `watch` runs.
pub(super) type Publish = Arc<dyn Fn(Vec<OutputFile>) + Send + Sync>;

/// The search index for `serve`, kept up to date on a thread
/// of its own at the lowest priority. Pagefind takes seconds on a large
/// dossier, far longer than a rebuild, so a rebuild never waits for it
/// and, on a busy machine, hardly shares a core with it: a rebuild takes
/// the last finished index, and a newer one is handed to `publish` when
/// it is ready (and taken by the next rebuild). The worker reads the
/// records from the site itself, so asking costs a rebuild nothing; an
/// unchanged set of records is not indexed again.
pub(super) struct Background {
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
    pub(super) fn new(publish: Publish) -> Self {
        Background {
            publish,
            shared: Arc::default(),
        }
    }

    /// The last finished index files.
    pub(super) fn latest(&self) -> Vec<OutputFile> {
        lock(&self.shared).files.clone()
    }

    /// Asks for an index of `site`; returns at once.
    pub(super) fn update(&self, site: Arc<Site>) {
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
                let shards = pool.install(|| shards(records(&site)));
                // The site can be edited again while Pagefind runs.
                drop(site);
                let kept = lock(&shared).kept.clone();
                if kept.holds_all(&shards) {
                    continue;
                }
                // A failed index keeps the last good one.
                let Ok(Index { files, kept, .. }) =
                    pool.install(|| index_shards(shards, &kept, || ()).0)
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
