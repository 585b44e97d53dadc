//! Link resolution: every body link of every page, a wiki link by name
//! (`[[Gas]]`, `[[topics/gas#outlook]]`) or a Markdown link to a content
//! file (`../gas.md`), resolved against the name table to a page and
//! heading, a draft shown as text, or a broken link with its diagnostic;
//! any other local link or image, and an embedded attachment
//! (`![[map.png]]`), resolved by `files` to a file of the site.
//! An unknown name's "did you mean" is computed once every link is seen.
//!
//! A rebuild takes a page's links from the last build ([`Earlier`]) when
//! neither the page nor any page its links name by key changed: one
//! retitled brief in a dossier of 100,000 then resolves the few pages
//! that use its names, not every link of every page.

use crate::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use super::files::{FileIndex, join_relative};
use super::names::{NameIndex, describe};
use super::{LinksFound, PageId, Resolved, Site};
use crate::diagnostic::Diagnostic;
use crate::markdown::page::Page;
use crate::markdown::{Link, LinkTarget};
use crate::text::slug::{nearest, slugify};

/// Every page's links and, for a page with a problem or a link that
/// depends on more than the name keys, what resolving them found.
pub(super) type Resolution = (Vec<Arc<[Resolved]>>, Vec<Option<Box<LinksFound>>>);

/// Resolves every body link of every page, taking from `earlier` those
/// the last build resolved as they would be now.
pub(super) fn resolve_links(
    pages: &[Arc<Page>],
    (names, files): (&NameIndex, &FileIndex),
    earlier: Option<&Earlier>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Resolution {
    let results: Vec<(Arc<[Resolved]>, LinksFound)> = pages
        .par_iter()
        .enumerate()
        .map(|(id, page)| {
            if let Some(lent) = earlier.and_then(|e| e.lend(id, page)) {
                return lent;
            }
            let mut found = LinksFound::default();
            let resolved = (page.body.links.iter())
                .map(|link| resolve(id, page, link, (names, files), &mut found))
                .collect();
            (resolved, found)
        })
        .collect();
    let mut unknown = Vec::new();
    let (resolved, kept) = results
        .into_iter()
        .map(|(resolved, found)| {
            let offset = diagnostics.len();
            unknown.extend((found.unknown.iter()).map(|(at, name)| (offset + at, name.clone())));
            diagnostics.extend(found.diagnostics.iter().cloned());
            let kept = (found.open || !found.diagnostics.is_empty()).then(|| Box::new(found));
            (resolved, kept)
        })
        .unzip();
    suggest_names(diagnostics, unknown, names);
    (resolved, kept)
}

/// The last build's links, lent to a page whose links certainly lead
/// where they did: one that did not change and whose every link was
/// found by a name key that no changed page has or had. A key's pages,
/// and every page such a link can show (its title, its headings for an
/// anchor), change only with a page that has or had the key.
pub(super) struct Earlier<'a> {
    site: &'a Site,
    /// Every key of each page that changed, as it was and as it is.
    changed: HashSet<&'a str>,
}

impl<'a> Earlier<'a> {
    /// `None` when pages were added, dropped or moved: the ids the last
    /// build's links hold would name other pages. The drafts need not be
    /// the same: a name is looked up among them only when no page's key
    /// finds it, and such a page is never lent (see `LinksFound::open`).
    pub(super) fn new(last: &'a Site, pages: &'a [Arc<Page>]) -> Option<Self> {
        let same_pages = last.pages.len() == pages.len()
            && (last.pages.iter().zip(pages)).all(|(a, b)| a.kind == b.kind && a.url == b.url);
        if !same_pages {
            return None;
        }
        let changed = (last.pages.iter().zip(pages))
            .filter(|(a, b)| !Arc::ptr_eq(a, b))
            .flat_map(|(a, b)| a.keys.iter().chain(&b.keys))
            .map(String::as_str)
            .collect();
        Some(Earlier {
            site: last,
            changed,
        })
    }

    /// Page `id`'s links and problems as the last build resolved them,
    /// when they lead where they did.
    fn lend(&self, id: PageId, page: &Arc<Page>) -> Option<(Arc<[Resolved]>, LinksFound)> {
        if !Arc::ptr_eq(self.site.pages.get(id)?, page) {
            return None;
        }
        let found = self.site.found.get(id)?;
        if found.as_ref().is_some_and(|found| found.open) {
            return None;
        }
        let changed = |link: &Link| self.changed.contains(link.key.as_str());
        if page.body.links.iter().any(changed) {
            return None;
        }
        let found = found.as_deref().cloned().unwrap_or_default();
        Some((self.site.links.get(id)?.clone(), found))
    }
}

/// Adds a "did you mean" hint to each unknown-link diagnostic, computing
/// each distinct name's suggestion once. Past a few hundred distinct names
/// (a renamed topic, say) the rest get the general hint, so a large dossier
/// with many broken links still reports at once.
fn suggest_names(diagnostics: &mut [Diagnostic], unknown: Vec<(usize, String)>, names: &NameIndex) {
    const MOST: usize = 500;
    let mut cache: HashMap<String, Option<String>> = HashMap::default();
    for (at, wanted) in unknown {
        let Some(diagnostic) = diagnostics.get_mut(at) else {
            continue;
        };
        let near = match cache.get(&wanted) {
            Some(near) => near.clone(),
            None if cache.len() < MOST => {
                let near = names.suggest(&wanted);
                cache.insert(wanted, near.clone());
                near
            }
            None => None,
        };
        diagnostic.hint = Some(match near {
            Some(near) => format!("did you mean '{near}'?"),
            None => {
                "link to a brief, topic or actor by its title, file name or an alias".to_string()
            }
        });
    }
}

/// Where link `link` of page `from` leads; its problems go to `problems`.
fn resolve(
    from: PageId,
    page: &Page,
    link: &Link,
    (names, files): (&NameIndex, &FileIndex),
    problems: &mut LinksFound,
) -> Resolved {
    let target = &link.target;
    let out = &mut problems.diagnostics;
    // Where the link is, worked out only for a link with a problem.
    let located = |d: Diagnostic| match &page.file {
        Some(file) => d.at(file.span(link.span.start, link.span.end)),
        None => d,
    };
    // Only a name found by its key is certainly found again while no
    // page with that key changes (see `Earlier`).
    problems.open |= !matches!(target, LinkTarget::Name { .. });
    let (found, fragment) = match target {
        LinkTarget::Name {
            name,
            fragment: None,
        } if name.is_empty() => (Err(Some(empty_link())), &None),
        LinkTarget::Name { name, fragment } if name.is_empty() => (Ok(from), fragment),
        LinkTarget::Name { name, fragment } => {
            let (ids, by_key) = names.found_by(&link.key, name);
            problems.open |= !by_key;
            (by_name(name, ids, names), fragment)
        }
        LinkTarget::File { path, fragment } => (by_file(page, path, names), fragment),
        LinkTarget::Local {
            path,
            rooted,
            suffix,
        } => {
            let base = page.content_path.as_deref().unwrap_or("");
            return file_url(files.resolve(base, path, *rooted), suffix, |d| {
                out.push(located(d))
            });
        }
        LinkTarget::FileName { name, suffix } => {
            return file_url(files.by_file_name(name), suffix, |d| out.push(located(d)));
        }
    };
    let id = match found {
        Ok(id) => id,
        Err(Some(diagnostic)) => {
            if let (LinkTarget::Name { name, .. }, "unknown-link") = (target, diagnostic.code) {
                problems.unknown.push((out.len(), name.clone()));
            }
            out.push(located(diagnostic));
            return Resolved::Broken;
        }
        Err(None) => {
            out.push(located(link_to_draft(target)));
            return Resolved::Unpublished;
        }
    };
    let Some(fragment) = fragment else {
        return Resolved::Page { id, anchor: None };
    };
    match anchor(&names.pages[id], fragment) {
        Ok(anchor) => Resolved::Page {
            id,
            anchor: Some(anchor),
        },
        Err(diagnostic) => {
            out.push(located(diagnostic));
            Resolved::Broken
        }
    }
}

/// Where a link to a file leads: its output path and `suffix`, or
/// nothing, its error given to `report`.
fn file_url(
    found: Result<String, Diagnostic>,
    suffix: &str,
    report: impl FnOnce(Diagnostic),
) -> Resolved {
    match found {
        Ok(path) => Resolved::Url {
            path,
            suffix: suffix.to_string(),
        },
        Err(diagnostic) => {
            report(diagnostic);
            Resolved::Broken
        }
    }
}

/// The warning for a link whose target is a draft left out of the build.
fn link_to_draft(target: &LinkTarget) -> Diagnostic {
    let name = match target {
        LinkTarget::Name { name, .. } => name,
        LinkTarget::File { path, .. }
        | LinkTarget::Local { path, .. }
        | LinkTarget::FileName { name: path, .. } => path,
    };
    Diagnostic::warning(
        "link-to-draft",
        format!("'{name}' is a draft, so this link is shown as unpublished text"),
    )
    .hint("publish the target (remove `draft: true`) or build with --drafts")
}

fn empty_link() -> Diagnostic {
    Diagnostic::error(
        "empty-link",
        "empty wiki link: no page is named between the brackets",
    )
    .hint("write the name of a brief, topic or actor between the brackets, or remove them")
}

/// The page `ids` (the pages the name finds) name. `Err(None)` means the
/// name is a draft's. An unknown name's diagnostic
/// has no hint yet: `suggest_names` adds one once all links are resolved.
fn by_name(name: &str, ids: &[PageId], names: &NameIndex) -> Result<PageId, Option<Diagnostic>> {
    match ids {
        [id] => Ok(*id),
        [] if names.draft(name).is_some() => Err(None),
        [] => Err(Some(Diagnostic::error(
            "unknown-link",
            format!("unknown link target '{name}'"),
        ))),
        ids => {
            let candidates: Vec<String> =
                ids.iter().map(|&id| describe(&names.pages[id])).collect();
            let first = ids.first().map(|&id| &names.pages[id]);
            let example = first.map_or(String::new(), |p| {
                format!("[[{}/{}]]", p.kind.folder(), p.slug)
            });
            Err(Some(
                Diagnostic::error(
                    "ambiguous-link",
                    format!("'{name}' could mean {}", candidates.join(" or ")),
                )
                .hint(format!("name the page by kind and slug, e.g. {example}")),
            ))
        }
    }
}

fn by_file(page: &Page, path: &str, names: &NameIndex) -> Result<PageId, Option<Diagnostic>> {
    let base = page.content_path.as_deref().unwrap_or("");
    let Some(joined) = join_relative(base, path) else {
        return Err(Some(
            Diagnostic::error(
                "unknown-file-link",
                format!("link to '{path}' leaves the content folder"),
            )
            .hint("link to Markdown files inside content/ with paths relative to this file"),
        ));
    };
    if let Some(&id) = names.files.get(joined.as_str()) {
        return Ok(id);
    }
    if names.draft_files.contains_key(joined.as_str()) {
        return Err(None);
    }
    Err(Some(
        Diagnostic::error(
            "unknown-file-link",
            format!("no content file '{path}' (looked for content/{joined})"),
        )
        .hint("check the path; it is relative to the folder of the file that links"),
    ))
}

/// The id of the heading `fragment` names on `page`.
fn anchor(page: &Page, fragment: &str) -> Result<String, Diagnostic> {
    let wanted = slugify(fragment);
    let headings = &page.body.headings;
    if let Some(h) = headings.iter().find(|h| h.id == fragment || h.id == wanted) {
        return Ok(h.id.clone());
    }
    let diagnostic = Diagnostic::error(
        "unknown-heading",
        format!("'{}' has no heading '{fragment}'", page.title),
    );
    let near = nearest(fragment, headings.iter().map(|h| h.id.as_str()));
    Err(match near {
        Some(near) => diagnostic.hint(format!("did you mean '#{near}'?")),
        None if headings.is_empty() => {
            diagnostic.hint("the page has no headings; link to the page itself")
        }
        None => {
            let ids: Vec<&str> = headings.iter().map(|h| h.id.as_str()).collect();
            diagnostic.hint(format!("its headings are: {}", ids.join(", ")))
        }
    })
}
