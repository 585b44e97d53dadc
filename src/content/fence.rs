//! The dossier's fence: dossiers are built in CI from untrusted pull
//! requests, so no symbolic link may make a build read, list or publish
//! anything outside the dossier root. This module owns the one answer to
//! "may this path be read" ([`Fence::resolve`]) and the folder walk built
//! on it ([`Fence::walk`]); `config`, `content`, `theme`, `build` and
//! `stamp` read the disk only through them.

use std::io;
use std::path::{Path, PathBuf};

use walkdir::{DirEntry, WalkDir};

use crate::diagnostic::{Diagnostic, file_location};

/// The dossier root, as the user named it and as it really is.
#[derive(Debug, Clone)]
pub struct Fence {
    /// The root as named (perhaps through a link, or relative): walks go
    /// through it, and messages show paths relative to it.
    root: PathBuf,
    /// The root with every link resolved: "inside" means under this.
    real: PathBuf,
}

/// Why a path may not be read.
#[derive(Debug)]
pub enum Refusal {
    /// It leads outside the root, to this target (every link resolved).
    Outside(PathBuf),
    /// It cannot be resolved: it is missing, loops, or is not permitted.
    Io(io::Error),
}

/// One thing a walk found.
#[derive(Debug)]
pub enum Found {
    /// A file that may be read, at `path` (under the root as named);
    /// `rel` is its `/`-separated path inside the walked folder.
    File { path: PathBuf, rel: String },
    /// A file whose name, or a folder's above it, is not UTF-8.
    BadName(PathBuf),
    /// A link (or the walked folder itself) leading outside the root.
    Outside { path: PathBuf, target: PathBuf },
    /// A folder that cannot be listed, a link to nothing, a link loop.
    Unreadable { path: PathBuf, error: io::Error },
}

impl Fence {
    pub fn new(root: &Path) -> Self {
        // A root that cannot be resolved holds nothing to read: every
        // path under it then fails to resolve too.
        let real = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        Fence {
            root: root.to_path_buf(),
            real,
        }
    }

    /// Where `path` really is, if it may be read. Every link on the way is
    /// resolved, so a link to a file inside the dossier that is itself a
    /// link out is refused too. It costs a `realpath`: callers ask for
    /// links and for the folders they start from, never for each file.
    pub fn resolve(&self, path: &Path) -> Result<PathBuf, Refusal> {
        let target = path.canonicalize().map_err(Refusal::Io)?;
        if target.starts_with(&self.real) {
            Ok(target)
        } else {
            Err(Refusal::Outside(target))
        }
    }

    /// `path` relative to the root, as diagnostics show it.
    pub fn shown(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.root).unwrap_or(path).to_path_buf()
    }

    /// The `symlink-outside` error for `path`, which leads out to
    /// `target`; it names the link on the way that does it.
    pub fn outside(&self, path: &Path, target: &Path) -> Diagnostic {
        let (link, target) = self
            .culprit(path)
            .unwrap_or_else(|| (path.to_path_buf(), target.to_path_buf()));
        let shown = self.shown(&link);
        Diagnostic::error(
            "symlink-outside",
            format!(
                "{} is a symbolic link to {}, outside the dossier; it is not read",
                shown.display(),
                target.display()
            ),
        )
        .at(file_location(&shown))
        .hint("replace the link with a copy of the file, or move its target into the dossier")
    }

    /// The first link on the way from the root to `path` that leads out
    /// (`themes` for `themes/x/static` when `themes` is the link), with
    /// where it leads. Only asked once a path is known to lead out.
    fn culprit(&self, path: &Path) -> Option<(PathBuf, PathBuf)> {
        let mut at = self.root.clone();
        for part in self.shown(path).components() {
            at.push(part);
            let is_link = std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink());
            if let (true, Err(Refusal::Outside(target))) = (is_link, self.resolve(&at)) {
                return Some((at, target));
            }
        }
        None
    }

    /// Every file under the folder `dir`, depth first with each folder's
    /// entries sorted by name (so builds are deterministic). Links that
    /// stay inside the root are followed; one that leads out is reported,
    /// and its target is never listed or read (resolving the link is all
    /// the walk asks of the file system about it). A folder named
    /// `skip` is not entered. `None` if `dir` is absent or not a folder.
    pub fn walk(&self, dir: &Path, skip: Option<&Path>) -> Option<Vec<Found>> {
        self.walk_noting_links(dir, skip).map(|(found, _)| found)
    }

    /// [`Fence::walk`], and whether it met a symbolic link on the way
    /// (`dir` itself included): a file under a followed link is listed
    /// where the link is, not where a watcher of the folder sees it change.
    pub fn walk_noting_links(&self, dir: &Path, skip: Option<&Path>) -> Option<(Vec<Found>, bool)> {
        let real = match self.resolve(dir) {
            Ok(real) => real,
            Err(Refusal::Io(e)) if e.kind() == io::ErrorKind::NotFound => return None,
            Err(refusal) => return Some((vec![found(dir.to_path_buf(), refusal)], true)),
        };
        if !real.is_dir() {
            return None;
        }
        let dir_is_link = std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink());
        let mut walk = Walk {
            fence: self,
            folders: Vec::new(),
            found: Vec::new(),
            links: dir_is_link,
        };
        // A followed folder link is listed in place by a listing of its
        // own, stacked on the one that met it: no recursion, so a long
        // chain of links cannot exhaust the thread's stack.
        let mut listings = vec![(listing(dir, skip), 0)];
        walk.folders.push(Folder {
            path: dir.to_path_buf(),
            rel: PathBuf::new(),
            real,
        });
        while let Some((entries, base)) = listings.last_mut() {
            let base = *base;
            match entries.next() {
                None => {
                    walk.folders.truncate(base);
                    listings.pop();
                }
                // The listed folder itself: already on the way.
                Some(Ok(entry)) if entry.depth() == 0 => {}
                Some(Ok(entry)) => {
                    if let Some(folder) = walk.entry(base, entry) {
                        listings.push((listing(&folder.path, skip), walk.folders.len()));
                        walk.folders.push(folder);
                    }
                }
                Some(Err(error)) => walk.unreadable(error),
            }
        }
        Some((walk.found, walk.links))
    }
}

/// A folder the walk is in: where it is as walked, its path inside the
/// walked folder, and its real place (for finding link loops).
struct Folder {
    path: PathBuf,
    rel: PathBuf,
    real: PathBuf,
}

/// A walk in progress: the folders it is in, outermost first, and what
/// it has found so far.
struct Walk<'a> {
    fence: &'a Fence,
    folders: Vec<Folder>,
    found: Vec<Found>,
    /// Whether a symbolic link was met.
    links: bool,
}

/// The entries under `path`, sorted by name, without following links
/// (the walk decides about each link through [`Fence::resolve`]); the
/// entry named `skip` is left out, and a folder so named not listed.
/// File types come from the listing itself: no `stat` per entry.
fn listing<'a>(
    path: &Path,
    skip: Option<&'a Path>,
) -> impl Iterator<Item = walkdir::Result<DirEntry>> + use<'a> {
    WalkDir::new(path)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(move |entry| entry.depth() == 0 || skip != Some(entry.path()))
}

impl Walk<'_> {
    /// Takes in `entry` of the listing whose folder is `folders[base]`;
    /// a folder link to follow in place is returned, to be listed next.
    fn entry(&mut self, base: usize, entry: DirEntry) -> Option<Folder> {
        // Folders of the listing that `entry` is not in are done.
        self.folders.truncate(base + entry.depth());
        let parent = self.folders.last()?;
        let rel = parent.rel.join(entry.file_name());
        let kind = entry.file_type();
        if kind.is_symlink() {
            return self.follow(entry.into_path(), rel);
        }
        if kind.is_dir() {
            let real = parent.real.join(entry.file_name());
            let path = entry.into_path();
            self.folders.push(Folder { path, rel, real });
        } else if kind.is_file() {
            self.found.push(file(entry.into_path(), &rel));
        }
        None
    }

    /// The link at `path`, if it stays inside the root: a file is found, a
    /// folder returned to be walked in place (unless it encloses the link:
    /// a loop).
    fn follow(&mut self, path: PathBuf, rel: PathBuf) -> Option<Folder> {
        self.links = true;
        let target = match self.fence.resolve(&path) {
            Ok(target) => target,
            Err(refusal) => {
                self.found.push(found(path, refusal));
                return None;
            }
        };
        let metadata = match std::fs::metadata(&target) {
            Ok(metadata) => metadata,
            Err(error) => {
                self.found.push(Found::Unreadable { path, error });
                return None;
            }
        };
        if metadata.is_file() {
            self.found.push(file(path, &rel));
        } else if metadata.is_dir() {
            let Some(ancestor) = self.folders.iter().find(|folder| folder.real == target) else {
                return Some(Folder {
                    path,
                    rel,
                    real: target,
                });
            };
            let error = io::Error::other(format!(
                "a symbolic link loop: it leads back to {}, a folder it is in",
                self.fence.shown(&ancestor.path).display()
            ));
            self.found.push(Found::Unreadable { path, error });
        }
        None
    }

    /// A folder (or, rarely, one entry) the listing could not read.
    fn unreadable(&mut self, error: walkdir::Error) {
        // Without a path of its own, the error is the listing of the
        // folder the walk is in.
        let path = error
            .path()
            .map(Path::to_path_buf)
            .or_else(|| self.folders.last().map(|folder| folder.path.clone()))
            .unwrap_or_default();
        // Links are never followed by walkdir, so it finds no loops: its
        // errors are I/O errors.
        let error = match error.into_io_error() {
            Some(error) => error,
            None => io::Error::other("a symbolic link loop"),
        };
        self.found.push(Found::Unreadable { path, error });
    }
}

impl Found {
    /// The problem this stands for, as a diagnostic; `None` for a file.
    pub fn diagnostic(&self, fence: &Fence) -> Option<Diagnostic> {
        match self {
            Found::File { .. } => None,
            Found::Outside { path, target } => Some(fence.outside(path, target)),
            Found::BadName(path) => {
                let shown = PathBuf::from(fence.shown(path).to_string_lossy().into_owned());
                Some(
                    Diagnostic::error("invalid-file-name", "a file name is not valid UTF-8")
                        .at(file_location(&shown))
                        .hint("rename the file using UTF-8 characters"),
                )
            }
            Found::Unreadable { path, error } => {
                let shown = fence.shown(path);
                Some(
                    Diagnostic::error("read-error", format!("cannot read {}: {error}", shown.display()))
                        .at(file_location(&shown))
                        .hint("check the file's permissions, or remove the symbolic link if it points to nothing or back into its own folder"),
                )
            }
        }
    }

    /// True for a file whose name starts with `.`.
    pub fn is_hidden(&self) -> bool {
        match self {
            Found::File { path, .. } | Found::BadName(path) => path
                .file_name()
                .is_some_and(|name| name.as_encoded_bytes().starts_with(b".")),
            Found::Outside { .. } | Found::Unreadable { .. } => false,
        }
    }
}

/// What a refused path is to the walk.
fn found(path: PathBuf, refusal: Refusal) -> Found {
    match refusal {
        Refusal::Outside(target) => Found::Outside { path, target },
        Refusal::Io(error) => Found::Unreadable { path, error },
    }
}

/// A file at `path`, or a bad name if `rel` is not UTF-8.
fn file(path: PathBuf, rel: &Path) -> Found {
    match slash_path(rel) {
        Some(rel) => Found::File { path, rel },
        None => Found::BadName(path),
    }
}

/// A relative path as a `/`-separated string, built from its components;
/// `None` if it is not UTF-8. Never by replacing `\`: on Unix a backslash is
/// an ordinary character of a file name, and `..\..\x.md` must stay one
/// name, not become a path that climbs out of its folder.
pub fn slash_path(rel: &Path) -> Option<String> {
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    parts.map(|parts| parts.join("/"))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn files(found: &[Found]) -> Vec<&str> {
        found
            .iter()
            .filter_map(|f| match f {
                Found::File { rel, .. } => Some(rel.as_str()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_walk_is_depth_first_in_name_order() -> io::Result<()> {
        let root = tempfile::tempdir()?;
        for rel in ["d/b/x", "d/a", "d/c", "d/b/a"] {
            let path = root.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap_or(root.path()))?;
            std::fs::write(path, "")?;
        }
        let fence = Fence::new(root.path());
        let found = fence.walk(&root.path().join("d"), None).unwrap_or_default();
        assert_eq!(files(&found), ["a", "b/a", "b/x", "c"]);
        Ok(())
    }

    #[test]
    fn a_link_out_is_reported_and_not_followed() -> io::Result<()> {
        let (root, outside) = (tempfile::tempdir()?, tempfile::tempdir()?);
        std::fs::write(outside.path().join("secret"), "x")?;
        std::fs::create_dir(root.path().join("d"))?;
        symlink(outside.path(), root.path().join("d/out"))?;
        let fence = Fence::new(root.path());
        let found = fence.walk(&root.path().join("d"), None).unwrap_or_default();
        assert!(files(&found).is_empty());
        assert!(matches!(&found[..], [Found::Outside { .. }]));
        Ok(())
    }

    #[test]
    fn a_folder_link_inside_is_walked_in_place_and_a_loop_is_refused() -> io::Result<()> {
        let root = tempfile::tempdir()?;
        let d = root.path().join("d");
        std::fs::create_dir_all(d.join("a"))?;
        std::fs::write(d.join("a/x"), "")?;
        symlink(d.join("a"), d.join("l"))?;
        symlink(&d, d.join("a/back"))?;
        let fence = Fence::new(root.path());
        let found = fence.walk(&d, None).unwrap_or_default();
        assert_eq!(files(&found), ["a/x", "l/x"]);
        let loops: Vec<PathBuf> = found
            .iter()
            .filter_map(|f| match f {
                Found::Unreadable { path, error }
                    if error.to_string().contains("symbolic link loop") =>
                {
                    Some(fence.shown(path))
                }
                _ => None,
            })
            .collect();
        assert_eq!(loops, [Path::new("d/a/back"), Path::new("d/l/back")]);
        Ok(())
    }

    #[test]
    fn the_skipped_folder_is_not_walked() -> io::Result<()> {
        let root = tempfile::tempdir()?;
        for rel in ["d/out/x", "d/y"] {
            let path = root.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap_or(root.path()))?;
            std::fs::write(path, "")?;
        }
        let fence = Fence::new(root.path());
        let d = root.path().join("d");
        let found = fence.walk(&d, Some(&d.join("out"))).unwrap_or_default();
        assert_eq!(files(&found), ["y"]);
        Ok(())
    }

    #[test]
    fn an_absent_folder_is_none() {
        let fence = Fence::new(Path::new("/nonexistent-dossier"));
        assert!(
            fence
                .walk(Path::new("/nonexistent-dossier/x"), None)
                .is_none()
        );
    }
}
