//! Exports made only when asked for. `serve` publishes every page of a
//! rebuild at once but the exports (every brief, link and event as
//! TimelineJS, FollowTheMoney, CSV and JSON) and the `/exports/` page,
//! which shows their sizes, only when a request names one of them: a
//! title edit would otherwise remake all of them, the larger part of its
//! work, for files a writer previewing the site rarely opens. What is
//! made is what a fresh build makes from the same site.

use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock};

use tera::Tera;

use crate::HashMap;
use crate::content::history::History;
use crate::output::Bytes;
use crate::render::{self, exports};
use crate::site::Site;

/// The exports of one site and its `/exports/` page, made on first use.
pub struct Deferred {
    /// The site they are made from: let go of once they are made, lent
    /// to a quick rebuild (see [`Deferred::lend`]) so that it can change
    /// its own copy in place, and given up when a full rebuild starts
    /// (see [`Deferred::retire`]).
    site: Mutex<Slot>,
    /// Signalled when the site is given back or the files are made, for
    /// a request that found the site lent.
    returned: Condvar,
    history: Arc<History>,
    tera: Arc<Tera>,
    made: OnceLock<HashMap<String, Bytes>>,
}

/// The site the exports are made from, while they are not made.
struct Slot {
    /// `None` while it is lent, and once the files are made.
    site: Option<Arc<Site>>,
    /// Given up for good: no files will be made.
    retired: bool,
}

impl Deferred {
    pub(super) fn new(site: Arc<Site>, history: Arc<History>, tera: Arc<Tera>) -> Self {
        Deferred {
            site: Mutex::new(Slot {
                site: Some(site),
                retired: false,
            }),
            returned: Condvar::new(),
            history,
            tera,
            made: OnceLock::new(),
        }
    }

    /// Whether `key`, a path in the output, is one of these files.
    pub fn holds(key: &str) -> bool {
        key.strip_prefix(exports::FOLDER)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    }

    /// Every file, by output path, made now if they were not yet. A
    /// template that fails on the exports page leaves that page out: the
    /// same template rendered every other list page of the build. While
    /// a quick rebuild has the site (see [`Deferred::lend`]), waits for it.
    /// `None` once the site is given up unmade (see [`Deferred::retire`]):
    /// the next site's exports are the ones to ask for.
    pub fn files(&self) -> Option<&HashMap<String, Bytes>> {
        let mut slot = self.slot();
        loop {
            if let Some(made) = self.made.get() {
                return Some(made);
            }
            if slot.retired {
                return None;
            }
            match slot.site.take() {
                // Made under the lock, so that a quick rebuild waits
                // rather than finds the site gone.
                Some(site) => {
                    let _ = self.made.set(self.make(&site));
                    self.returned.notify_all();
                }
                None => slot = self.returned.wait(slot).unwrap_or_else(|p| p.into_inner()),
            }
        }
    }

    fn make(&self, site: &Site) -> HashMap<String, Bytes> {
        let (files, sizes) = exports::files(site, None);
        let page = render::exports_page(site, &self.history, &self.tera, &sizes);
        let page = page.ok().flatten();
        files
            .into_iter()
            .chain(page)
            .map(|f| (f.path, f.bytes))
            .collect()
    }

    /// Takes the site away while a quick rebuild changes it in place
    /// (a second owner would make it copy the whole site first); `None`
    /// once the files are made, as they need it no more.
    pub(super) fn lend(&self) -> Option<Arc<Site>> {
        self.slot().site.take()
    }

    /// Gives the (edited) site back after [`Deferred::lend`]. A quick
    /// rebuild changes nothing the exports show, so they are made from it
    /// as from the site before.
    pub(super) fn give_back(&self, site: Arc<Site>) {
        let mut slot = self.slot();
        if self.made.get().is_none() && !slot.retired {
            slot.site = Some(site);
            self.returned.notify_all();
        }
    }

    /// Gives the site up for good, when a full rebuild starts: the last
    /// site then goes once the new one is compared with it, rather than
    /// being held beside it while the new one renders (at 100,000 briefs
    /// some 30–60 MB off the rebuild's peak and 140–150 MB off what the
    /// server holds after it). Files already made stay; a request waiting
    /// for the site, or asking later, is told there will be none.
    pub(crate) fn retire(&self) {
        let mut slot = self.slot();
        slot.site = None;
        slot.retired = true;
        self.returned.notify_all();
    }

    fn slot(&self) -> MutexGuard<'_, Slot> {
        self.site.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::BuildOptions;
    use crate::build::rebuild::Builder;
    use crate::render::theme;

    fn deferred() -> Deferred {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut diagnostics = Vec::new();
        let site = Builder::once(BuildOptions::new(root)).link(&mut diagnostics);
        let site = site.unwrap_or_else(|_| panic!("the shipped dossier does not link"));
        let theme = theme::load(root, &site.config.theme, &mut diagnostics);
        let theme = theme.unwrap_or_else(|| panic!("the shipped theme does not load"));
        Deferred::new(Arc::new(site), Arc::new(History::default()), theme.tera)
    }

    /// A request that comes while a quick rebuild has the site waits for
    /// it to be given back, then makes the files from it.
    #[test]
    fn a_request_while_the_site_is_lent_waits_for_it() {
        let deferred = deferred();
        let lent = deferred.lend().unwrap_or_else(|| panic!("nothing to lend"));
        let files = std::thread::scope(|scope| {
            let request = scope.spawn(|| deferred.files().map_or(0, HashMap::len));
            std::thread::sleep(std::time::Duration::from_millis(50));
            assert!(!request.is_finished(), "made files without the site");
            deferred.give_back(lent);
            request
                .join()
                .unwrap_or_else(|_| panic!("the request failed"))
        });
        let made = deferred.files().unwrap_or_else(|| panic!("no files"));
        assert!(files > 1 && made.contains_key("exports/index.html"));
        assert!(
            deferred.lend().is_none(),
            "the site is kept once the files are made"
        );
    }

    /// A full rebuild gives the site up: a request waiting for it (it was
    /// lent) is told there will be no files, as is any later one.
    #[test]
    fn a_retired_site_makes_no_files_and_wakes_who_waits() {
        let deferred = deferred();
        let lent = deferred.lend().unwrap_or_else(|| panic!("nothing to lend"));
        let waited = std::thread::scope(|scope| {
            let request = scope.spawn(|| deferred.files().is_none());
            std::thread::sleep(std::time::Duration::from_millis(50));
            deferred.retire();
            request
                .join()
                .unwrap_or_else(|_| panic!("the request failed"))
        });
        assert!(waited, "the waiting request was told");
        deferred.give_back(lent);
        assert!(deferred.files().is_none(), "nor once the site is back");
    }

    /// Files made before the site is given up are still served.
    #[test]
    fn files_made_before_retiring_stay() {
        let deferred = deferred();
        let made = deferred.files().map(HashMap::len);
        deferred.retire();
        assert!(made.is_some_and(|n| n > 1));
        assert_eq!(deferred.files().map(HashMap::len), made);
    }
}
