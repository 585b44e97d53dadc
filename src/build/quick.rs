//! The quick rebuild: when the only changes are to pages whose
//! [`Page::signature`] stayed the same (a body edit that touches no link,
//! heading, citation or first paragraph), no other page can change, so
//! only those pages are rendered again, into the last good build kept
//! here ([`Last`]). Anything else makes the full rebuild necessary.

use std::sync::Arc;

use super::outcome::{Failure, failed, template_errors};
use super::parsed::{ParseCache, Refreshed};
use crate::HashMap;
use crate::content::config::SiteConfig;
use crate::content::history::History;
use crate::diagnostic::Diagnostic;
use crate::markdown::page::Page;
use crate::output::OutputFile;
use crate::render::graphview::Layouts;
use crate::render::{self, theme::Theme};
use crate::site::{PageId, Site};
use crate::text::packed::Pages;

/// The last good build, for rebuilds that change one page's body only.
pub(super) struct Last {
    /// Shared with the background search index while it reads the site.
    pub(super) site: Arc<Site>,
    pub(super) files: Arc<Vec<OutputFile>>,
    pub(super) diagnostics: Arc<Vec<Diagnostic>>,
    pub(super) config: String,
    pub(super) theme: u64,
    pub(super) statics: Vec<OutputFile>,
    /// Every attachment, with its size and modification time.
    pub(super) attachments: Vec<crate::content::attachments::Attachment>,
    /// The page of each content file, by its path inside `content/`.
    pub(super) ids: HashMap<String, PageId>,
}

impl Last {
    /// The pages to render again, each with its new parse, when this
    /// rebuild can be a quick one: the same configuration, theme and
    /// static files and attachments, no file removed, no error, and every changed file a
    /// page of the last build whose signature stayed the same. `None`
    /// when the full rebuild is needed.
    pub(super) fn body_changes(
        &self,
        cache: &ParseCache,
        config: &SiteConfig,
        theme: &Theme,
        (statics, attachments): (&[OutputFile], &[crate::content::attachments::Attachment]),
        refreshed: &Refreshed,
        diagnostics: &[Diagnostic],
    ) -> Option<Vec<(PageId, Arc<Page>)>> {
        let same_setup = theme.fingerprint == self.theme
            && statics == self.statics.as_slice()
            && attachments == self.attachments.as_slice()
            && serde_json::to_string(config).ok()? == self.config
            && !refreshed.removed
            && !diagnostics.iter().any(Diagnostic::is_error);
        if !same_setup || refreshed.changed.is_empty() {
            return None;
        }
        let mut changed = Vec::new();
        for (path, old) in &refreshed.changed {
            let parsed = cache.get(path)?;
            let page = parsed.page.clone()?;
            let id = *self.ids.get(path)?;
            // Problems reported in this file stay right only if they sit
            // above the first line the edit changed.
            let (before, after) = (self.site.pages[id].file.as_ref()?, page.file.as_ref()?);
            // The last build's text may be gone from disk: `serve` leaves
            // texts there, and this is the edit.
            let unchanged = before.held_text().first_changed_line(&after.text());
            // Compared as bytes: both paths are made the same way, and
            // `Path`'s own equality, part by part, is slow over the
            // warnings of a large dossier.
            let path = after.path.as_os_str();
            let moved = |d: &Diagnostic| {
                d.location
                    .as_ref()
                    .is_some_and(|l| l.line >= unchanged && l.path.as_os_str() == path)
            };
            // A new or changed unlinked mention shows on its target's page.
            if parsed.signature != *old
                || !parsed.diagnostics.is_empty()
                || !self.site.mentions.same_for(&self.site, id, &page)
                || self.diagnostics.iter().any(moved)
            {
                return None;
            }
            changed.push((id, page));
        }
        Some(changed)
    }

    /// Puts each changed page into the last site and renders it again
    /// (its own page and every page that shows its body), replacing those
    /// files of the last build.
    pub(super) fn render_bodies(
        &mut self,
        changed: Vec<(PageId, Arc<Page>)>,
        history: &History,
        theme: &Theme,
        previous: &mut render::Previous,
        (layouts, pack): (&Layouts, Option<&Arc<Pages>>),
    ) -> Result<(), Failure> {
        for (id, page) in changed {
            if let (Some(old), Some(new)) = (&self.site.pages[id].file, &page.file) {
                old.show_edited(new);
            }
            Arc::make_mut(&mut self.site).pages[id] = page;
            let rendered = render::showing_body(
                &self.site,
                history,
                &theme.tera,
                theme.fingerprint,
                render::Reuse {
                    previous: Some(previous),
                    unchanged: None,
                    sources: None,
                    timeline: None,
                    faces: None,
                    terms: None,
                    source_pages: None,
                    layouts: Some(layouts),
                    exports: None,
                    pack,
                },
                id,
            );
            let files = rendered.map_err(|error| {
                failed(
                    template_errors(vec![error], &self.site.config, Vec::new()),
                    &self.site.config,
                )
            })?;
            // A copy of the whole list when `serve` still holds it.
            let all = Arc::make_mut(&mut self.files);
            for (file, fingerprint) in files {
                render::record(previous, &file, fingerprint);
                if let Ok(at) = crate::output::position(all, &file.path) {
                    all[at] = file;
                }
            }
        }
        Ok(())
    }
}
