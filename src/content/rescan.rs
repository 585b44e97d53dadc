//! Bringing the last scan of `content/` up to date from the paths a
//! watcher reported changed. A new scan walks the folder and reads every
//! file's size and time: at 100,000 briefs that is most of what `serve`
//! does after a save. Updating the last scan from the changed paths alone
//! gives the same listing, as long as each path is a file in a folder the
//! scan already knew: so only a plain scan (no links, no problems) is
//! updated, and a folder created, removed or renamed, a link, or a path
//! this cannot place is answered with `None`, for the caller to scan anew.

use std::cmp::Ordering;
use std::io;
use std::path::{Component, Path, PathBuf};

use super::attachments::{Attachment, is_attachment};
use super::fence::slash_path;
use super::scan::{CONTENT_DIR, Listed, Scanned, classify, stamp};

/// More changed paths than this (a branch switch) are scanned anew: one
/// walk is then cheaper than looking at each, and certainly complete.
const MOST: usize = 256;

/// `last` with the paths in `changed` (relative to `root`) looked at
/// again; `None` when only a new scan can tell.
pub fn updated(root: &Path, last: Scanned, changed: &[PathBuf]) -> Option<Scanned> {
    if !last.plain || changed.len() > MOST {
        return None;
    }
    let mut scanned = last;
    for path in changed {
        let Some(rel) = inside_content(path) else {
            // Not content: the theme, static files and settings are read
            // afresh by every build anyway.
            continue;
        };
        update(root, &mut scanned, &rel?)?;
    }
    Some(scanned)
}

/// `path`'s `/`-separated path inside `content/`: `None` for a path
/// outside it, `Some(None)` for one this cannot place (not UTF-8, or
/// `content/` itself).
fn inside_content(path: &Path) -> Option<Option<String>> {
    let rel = path.strip_prefix(CONTENT_DIR).ok()?;
    let plain = rel.components().all(|c| matches!(c, Component::Normal(_)));
    Some(slash_path(rel).filter(|rel| plain && !rel.is_empty()))
}

/// Looks at the file `rel` inside `content/` again.
fn update(root: &Path, scanned: &mut Scanned, rel: &str) -> Option<()> {
    let full = root.join(CONTENT_DIR).join(rel);
    match std::fs::symlink_metadata(&full) {
        Ok(meta) if meta.is_file() && in_known_folders(root, scanned, rel) => {
            upsert(scanned, rel, full);
            Some(())
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => remove(scanned, rel),
        // A folder, a link, a file in a folder the scan did not know, or
        // a path that cannot be looked at.
        _ => None,
    }
}

/// True when every folder from `content/` down to `rel`'s is a real
/// folder (no link) that the last scan already listed a file in, or
/// `content/` itself. A new folder's files come with the folder's own
/// event, but nothing here relies on their order.
fn in_known_folders(root: &Path, scanned: &Scanned, rel: &str) -> bool {
    let Some((folder, _)) = rel.rsplit_once('/') else {
        return true;
    };
    let known = scanned
        .files
        .iter()
        .map(|l| l.path.as_str())
        .chain(scanned.attachments.iter().map(|a| a.path.as_str()))
        .any(|path| {
            path.strip_prefix(folder)
                .is_some_and(|r| r.starts_with('/'))
        });
    let mut at = root.join(CONTENT_DIR);
    known
        && folder.split('/').all(|part| {
            at.push(part);
            std::fs::symlink_metadata(&at).is_ok_and(|m| m.is_dir())
        })
}

/// Lists the file `rel` (at `full`) with its new size and time, as a
/// content file, an attachment, or nothing, as a scan would.
fn upsert(scanned: &mut Scanned, rel: &str, full: PathBuf) {
    drop_listed(scanned, rel);
    let at_stamp = stamp(&full);
    if let Some(kind) = classify(rel) {
        let at = position(&scanned.files, rel, |l| &l.path);
        let listed = Listed {
            kind,
            path: rel.to_string(),
            stamp: at_stamp,
        };
        scanned.files.insert(at, listed);
    } else if is_attachment(rel) {
        let at = position(&scanned.attachments, rel, |a| &a.path);
        let attachment = Attachment::new(rel.to_string(), full, at_stamp);
        scanned.attachments.insert(at, attachment);
    }
}

/// Takes the file `rel`, which is gone, out of the listing. `None` if it
/// was a folder the scan listed files in: they went with it, or moved.
fn remove(scanned: &mut Scanned, rel: &str) -> Option<()> {
    let under = |path: &str| path.strip_prefix(rel).is_some_and(|r| r.starts_with('/'));
    let was_folder = scanned.files.iter().any(|l| under(&l.path))
        || scanned.attachments.iter().any(|a| under(&a.path));
    if was_folder {
        return None;
    }
    drop_listed(scanned, rel);
    Some(())
}

fn drop_listed(scanned: &mut Scanned, rel: &str) {
    scanned.files.retain(|l| l.path != rel);
    scanned.attachments.retain(|a| a.path != rel);
}

/// Where `rel` goes in `items`, kept in the walk's order.
fn position<T>(items: &[T], rel: &str, path: impl Fn(&T) -> &String) -> usize {
    items
        .binary_search_by(|item| walk_order(path(item), rel))
        .unwrap_or_else(|at| at)
}

/// The order of a walk that lists each folder's entries sorted by name,
/// depth first: by folder and name, part by part, so `a/b.md` comes
/// before `a-b.md` (a plain string order would put `-` before `/`).
pub fn walk_order(a: &str, b: &str) -> Ordering {
    a.split('/').cmp(b.split('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_walk_order_compares_folder_by_folder() {
        let mut paths = vec!["a-b.md", "a/b.md", "a/a/z.md", "b.md", "a.md"];
        paths.sort_by(|a, b| walk_order(a, b));
        assert_eq!(paths, ["a/a/z.md", "a/b.md", "a-b.md", "a.md", "b.md"]);
    }

    #[test]
    fn paths_outside_content_are_not_its_business() {
        assert_eq!(inside_content(Path::new("themes/x.html")), None);
        assert_eq!(
            inside_content(Path::new("content/briefs/a.md")),
            Some(Some("briefs/a.md".to_string()))
        );
        assert_eq!(inside_content(Path::new("content")), Some(None));
        assert_eq!(inside_content(Path::new("content/../x.md")), Some(None));
    }
}
