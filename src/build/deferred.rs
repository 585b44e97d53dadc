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
    /// The site they are made from; let go of once they are made, and
    /// lent to a quick rebuild (see [`Deferred::lend`]) so that it can
    /// change its own copy in place.
    site: Mutex<Option<Arc<Site>>>,
    /// Signalled when the site is given back or the files are made, for
    /// a request that found the site lent.
    returned: Condvar,
    history: Arc<History>,
    tera: Arc<Tera>,
    made: OnceLock<HashMap<String, Bytes>>,
}

impl Deferred {
    pub(super) fn new(site: Arc<Site>, history: Arc<History>, tera: Arc<Tera>) -> Self {
        Deferred {
            site: Mutex::new(Some(site)),
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
    pub fn files(&self) -> &HashMap<String, Bytes> {
        let mut slot = self.slot();
        loop {
            if let Some(made) = self.made.get() {
                return made;
            }
            match slot.take() {
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
        self.slot().take()
    }

    /// Gives the (edited) site back after [`Deferred::lend`]. A quick
    /// rebuild changes nothing the exports show, so they are made from it
    /// as from the site before.
    pub(super) fn give_back(&self, site: Arc<Site>) {
        if self.made.get().is_none() {
            *self.slot() = Some(site);
            self.returned.notify_all();
        }
    }

    fn slot(&self) -> MutexGuard<'_, Option<Arc<Site>>> {
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
            let request = scope.spawn(|| deferred.files().len());
            std::thread::sleep(std::time::Duration::from_millis(50));
            assert!(!request.is_finished(), "made files without the site");
            deferred.give_back(lent);
            request
                .join()
                .unwrap_or_else(|_| panic!("the request failed"))
        });
        assert!(files > 1 && deferred.files().contains_key("exports/index.html"));
        assert!(
            deferred.lend().is_none(),
            "the site is kept once the files are made"
        );
    }
}
