//! Output: the sink. It takes the rendered site's files ([`OutputFile`],
//! staged with a [`Stager`] as pages render, or all at once with
//! [`write()`]) and gives the output folder, touching only files whose
//! bytes changed and removing files the site no longer has. Everything is
//! rendered in memory first, so a build that fails for any content or
//! template reason never reaches this stage and leaves the folder exactly
//! as it was; an I/O failure while staging the new files leaves it as it
//! was too, and so does Ctrl-C. A build killed outright leaves a journal
//! (see [`crate::output::journal`]) from which the next one cleans up.
//!
//! Beside the stager: `paths` (which folder and paths may be written),
//! `staged` (one file's staging and commit), `manifest` (what the last
//! build wrote), `journal`, `lock` (one build per folder) and `stamp`.

pub mod journal;
pub mod lock;
pub mod manifest;
pub mod paths;
mod staged;
pub mod stamp;

use crate::{HashMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::Fatal;
use crate::text::packed::Pages;
use journal::Journal;
use manifest::{MANIFEST, Manifest};
use paths::{is_safe, slashed};
use staged::{
    Stage, commit, discard, in_the_way, is_plain_dir, link_in_the_way, removed, stage, stage_copy,
    stage_streamed, temp_path, write_fresh, write_new,
};
use stamp::FileStamp;

/// A file's bytes, shared, so a rebuild can keep an unchanged page without
/// copying it. A `Vec` rather than a slice: a rendered page becomes one
/// without copying its bytes again.
pub type Bytes = Arc<Vec<u8>>;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative to the output folder, `/`-separated, never climbing out.
    pub path: String,
    /// Empty for a file copied from disk (`copy`).
    pub bytes: Bytes,
    /// A file that is copied rather than held in memory: an attachment.
    pub copy: Option<CopyFrom>,
    /// The packer of `bytes` when they are packed (see
    /// [`crate::text::packed`]), as `serve` holds its pages:
    /// [`OutputFile::plain`] gives them as written.
    pub packed: Option<Arc<Pages>>,
}

/// Where a copied file comes from, with the size and modification time it
/// had when the build looked: a change makes the file a different one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyFrom {
    pub source: PathBuf,
    pub stamp: (u64, Option<std::time::SystemTime>),
}

impl OutputFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        OutputFile::shared(path, Arc::new(bytes.into()))
    }

    /// A file whose bytes another build already holds.
    pub fn shared(path: impl Into<String>, bytes: Bytes) -> Self {
        OutputFile {
            path: path.into(),
            bytes,
            copy: None,
            packed: None,
        }
    }

    /// A file whose `bytes` `pages` packed (see [`crate::text::packed`]).
    pub fn packed(path: impl Into<String>, bytes: Bytes, pages: Arc<Pages>) -> Self {
        OutputFile {
            packed: Some(pages),
            ..OutputFile::shared(path, bytes)
        }
    }

    /// This file packed by `pages`, as `serve` holds what it renders; as
    /// it is without a packer, when it is copied or already packed, or
    /// should packing fail (held as written, it serves the same).
    pub fn packed_by(self, pages: Option<&Arc<Pages>>) -> OutputFile {
        let Some(pages) = pages.filter(|_| self.copy.is_none() && self.packed.is_none()) else {
            return self;
        };
        match pages.pack(&self.bytes) {
            Ok(bytes) => OutputFile::packed(self.path, Arc::new(bytes), pages.clone()),
            Err(_) => self,
        }
    }

    /// The file's bytes as written, unpacked if they are held packed.
    pub fn plain(&self) -> io::Result<std::borrow::Cow<'_, [u8]>> {
        crate::text::packed::plain(&self.bytes, self.packed.as_deref())
    }

    /// A file copied from `copy.source` when the site is written or
    /// served, never read into memory whole.
    pub fn copied(path: impl Into<String>, copy: CopyFrom) -> Self {
        OutputFile {
            path: path.into(),
            bytes: Bytes::default(),
            copy: Some(copy),
            packed: None,
        }
    }
}

/// What a write did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteReport {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// Where the file at `path` is among `files`, which are sorted by path
/// (as a build's are): `Err` with where it would go when it is not there.
pub fn position(files: &[OutputFile], path: &str) -> Result<usize, usize> {
    files.binary_search_by(|file| file.path.as_str().cmp(path))
}

/// Writes `files` into `dir` in two phases, so a failure leaves the old
/// site in place: first every new or changed file is written beside its
/// target (identical ones are skipped), then all are renamed over their
/// targets. Last, files the previous build wrote that are gone from the
/// site are removed, and the manifest records this build. The caller
/// holds the folder's lock and has run [`recover`].
pub fn write(
    dir: &Path,
    files: &[OutputFile],
    manifest: Manifest,
    cancel: Arc<AtomicBool>,
) -> Result<WriteReport, Fatal> {
    Stager::new(dir, cancel)?.finish(files, manifest)
}

/// Cleans up after a build into `dir` that did not finish (see
/// [`journal::recover`]); true when one had not. Run with the folder's
/// lock held, before anything else looks at the folder.
pub fn recover(dir: &Path) -> Result<bool, Fatal> {
    let text = manifest::read_text(dir)?;
    let known: HashSet<&str> = manifest::paths(&text).into_iter().collect();
    journal::recover(dir, &known, is_safe)
}

/// The first phase of [`write()`], open to files as they are rendered, from
/// any thread: a build stages each page as soon as it exists and keeps
/// only its path, so the whole site is never in memory at once and
/// writing overlaps rendering. Nothing is in place until
/// [`Stager::finish`]; dropping it unfinished removes what
/// was staged. Everything it creates that no manifest lists yet is in
/// the [`Journal`] first, so a build killed at any moment leaves nothing
/// the next one cannot find.
pub struct Stager {
    dir: PathBuf,
    /// Folders known to exist, each with whether this build created it
    /// (those are removed again, if empty, when the build fails).
    folders: Mutex<HashMap<PathBuf, bool>>,
    /// Set once the first file is renamed into place: from then on the
    /// commit is finished rather than undone.
    committing: bool,
    stages: Mutex<HashMap<String, Stage>>,
    failure: Mutex<Option<Fatal>>,
    /// The new manifest, written beside the old one before the commit.
    manifest_temp: Option<PathBuf>,
    journal: Option<Journal>,
    /// Set by Ctrl-C: staging stops and the build is undone.
    cancel: Arc<AtomicBool>,
}

impl Stager {
    /// A stager for `dir`, which it creates if needed; it starts the
    /// journal there.
    pub fn new(dir: &Path, cancel: Arc<AtomicBool>) -> Result<Self, Fatal> {
        std::fs::create_dir_all(dir).map_err(|e| Fatal::io(dir, e))?;
        Ok(Stager {
            dir: dir.to_path_buf(),
            folders: Mutex::default(),
            committing: false,
            stages: Mutex::default(),
            failure: Mutex::default(),
            manifest_temp: None,
            journal: Some(Journal::start(dir)?),
            cancel,
        })
    }

    /// Stages one file. A failure is kept for [`Stager::finish`], which
    /// reports it; later files are not staged.
    pub fn stage(&self, file: &OutputFile) {
        if lock(&self.failure).is_some() {
            return;
        }
        let staged = match self.cancelled() {
            true => Err(crate::output::lock::interrupted(&self.dir)),
            false => self.stage_one(file),
        };
        match staged {
            Ok(stage) => {
                lock(&self.stages).insert(file.path.clone(), stage);
            }
            Err(e) => {
                lock(&self.failure).get_or_insert(e);
            }
        }
    }

    /// Stages the file at `path` (relative to the output folder) with
    /// the bytes `write` gives, written straight into it, never held
    /// whole in memory; how many bytes it has. A failure is kept for
    /// [`Stager::finish`], as [`Stager::stage`] keeps it.
    pub fn stage_streamed(
        &self,
        path: &str,
        write: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
    ) -> u64 {
        if lock(&self.failure).is_some() {
            return 0;
        }
        let staged = match self.cancelled() {
            true => Err(crate::output::lock::interrupted(&self.dir)),
            false => self
                .target(path)
                .and_then(|(target, fresh)| stage_streamed(&target, fresh, write)),
        };
        match staged {
            Ok(stage) => {
                let len = stage.stamp().len;
                lock(&self.stages).insert(path.to_string(), stage);
                len
            }
            Err(e) => {
                lock(&self.failure).get_or_insert(e);
                0
            }
        }
    }

    fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    fn stage_one(&self, file: &OutputFile) -> Result<Stage, Fatal> {
        let (path, fresh) = self.target(&file.path)?;
        if let Some(copy) = &file.copy {
            return stage_copy(&path, &copy.source, fresh);
        }
        let bytes = file.plain().map_err(|e| Fatal::io(&path, e))?;
        match fresh {
            true => write_fresh(&path, &bytes),
            false => stage(&path, &bytes),
        }
    }

    /// Where the site's file `path` goes, once it is known to be safe
    /// and its folder exists; with whether this build created that folder.
    fn target(&self, path: &str) -> Result<(PathBuf, bool), Fatal> {
        if !is_safe(path) {
            return Err(Fatal::usage(format!(
                "internal error: refusing to write unsafe output path '{path}'"
            )));
        }
        if let Some(name) = reserved(path) {
            return Err(Fatal::usage(format!(
                "refusing to write {path}: {name} is a name dossier keeps for its own files in the output folder; rename that file in static/ or the theme"
            )));
        }
        let path = self.dir.join(path);
        let folder = path.parent().unwrap_or(&self.dir);
        let fresh = self.folder(folder)?;
        Ok((path, fresh))
    }

    /// Makes sure `folder` (inside the output folder) exists as a plain
    /// folder, creating it and its missing parents, and remembers each
    /// and whether this build created it; true when it did. Each folder
    /// is looked at once, so none is a symbolic link that would take the
    /// build's files elsewhere.
    fn folder(&self, folder: &Path) -> Result<bool, Fatal> {
        if folder == self.dir || !folder.starts_with(&self.dir) {
            return Ok(false);
        }
        if let Some(new) = lock(&self.folders).get(folder).copied() {
            return Ok(new);
        }
        let parent_new = self.folder(folder.parent().unwrap_or(&self.dir))?;
        let new = match parent_new {
            // Nothing can be in a folder this build just made.
            true => true,
            false => match std::fs::symlink_metadata(folder) {
                Ok(m) if m.is_dir() => false,
                Ok(m) if m.file_type().is_symlink() => return Err(link_in_the_way(folder)),
                Ok(_) => return Err(in_the_way(folder, "a file", "folder")),
                Err(e) if e.kind() == io::ErrorKind::NotFound => true,
                Err(e) => return Err(Fatal::io(folder, e)),
            },
        };
        if new {
            self.create(folder)?;
        }
        // Another thread may have made it meanwhile: both made it new.
        *lock(&self.folders)
            .entry(folder.to_path_buf())
            .or_insert(new) |= new;
        Ok(new)
    }

    /// Creates `folder`, journaled first.
    fn create(&self, folder: &Path) -> Result<(), Fatal> {
        if let (Some(journal), Ok(rel)) = (&self.journal, folder.strip_prefix(&self.dir)) {
            journal.folder(&slashed(rel))?;
        }
        match std::fs::create_dir(folder) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && is_plain_dir(folder) => Ok(()),
            Err(e) => Err(Fatal::io(folder, e)),
        }
    }

    /// Stages those of `files` not staged yet, then puts everything in
    /// place, removes stale files and writes the manifest. `files` lists
    /// the whole site: a staged file missing from it is not kept. Every
    /// check that can fail runs before the first rename; a failure after
    /// it says the folder is partly updated (the next build repairs it).
    pub fn finish(
        mut self,
        files: &[OutputFile],
        manifest: Manifest,
    ) -> Result<WriteReport, Fatal> {
        {
            let staged = lock(&self.stages);
            let rest: Vec<&OutputFile> = files
                .iter()
                .filter(|f| !staged.contains_key(&f.path))
                .collect();
            drop(staged);
            rest.par_iter().for_each(|file| self.stage(file));
        }
        if let Some(failure) = lock(&self.failure).take() {
            return Err(failure);
        }
        if self.cancelled() {
            // The last moment to stop: nothing is in place yet, and what
            // was staged is removed again on drop.
            return Err(crate::output::lock::interrupted(&self.dir));
        }
        let mut stages = std::mem::take(&mut *lock(&self.stages));
        let ordered: Vec<Stage> = files
            .iter()
            .filter_map(|f| stages.remove(&f.path))
            .collect();
        // Anything staged but no longer part of the site is dropped.
        discard(stages.into_values());
        let stamps: Vec<FileStamp> = ordered.iter().map(Stage::stamp).collect();
        let plan = match self.plan(files, &stamps, manifest) {
            Ok(plan) => plan,
            Err(e) => {
                *lock(&self.stages) = files.iter().map(|f| f.path.clone()).zip(ordered).collect();
                return Err(e);
            }
        };
        if let Some(journal) = &self.journal {
            let renamed = files.iter().zip(&ordered);
            let renamed = renamed.filter(|(_, s)| matches!(s, Stage::Written(..)));
            journal.committing(renamed.map(|(f, _)| f.path.as_str()))?;
        }
        self.committing = true;
        let report = self
            .commit(ordered, plan)
            .map_err(|e| partly(&self.dir, e))?;
        if let Some(journal) = self.journal.take() {
            journal.end();
        }
        Ok(report)
    }

    /// What the commit will do besides the renames, checked: the stale
    /// files to remove (each a file, or already gone) and the new
    /// manifest, written beside the old one.
    fn plan(
        &mut self,
        files: &[OutputFile],
        stamps: &[FileStamp],
        manifest: Manifest,
    ) -> Result<Plan, Fatal> {
        let manifest_path = self.dir.join(MANIFEST);
        let previous = manifest::read_text(&self.dir)?;
        let current: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
        let mut stale = Vec::new();
        for rel in manifest::paths(&previous) {
            // A file behind a link the user put in is not the build's.
            if !is_safe(rel) || current.contains(rel) || journal::linked(&self.dir, rel) {
                continue;
            }
            let path = self.dir.join(rel);
            match std::fs::symlink_metadata(&path) {
                Ok(m) if m.is_dir() => return Err(stale_folder(&path)),
                Ok(_) => stale.push(path),
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(Fatal::io(&path, e)),
            }
        }
        let listing = files
            .iter()
            .map(|f| f.path.as_str())
            .zip(stamps.iter().copied());
        let text = manifest::text(listing.collect(), manifest);
        let manifest_temp = match previous == text {
            true => None,
            false => {
                let temp = temp_path(&manifest_path);
                let _ = std::fs::remove_file(&temp);
                self.manifest_temp = Some(temp.clone());
                write_new(&temp, text.as_bytes())?;
                Some(temp)
            }
        };
        Ok(Plan {
            stale,
            manifest_temp,
            files: files.len(),
        })
    }

    /// Renames every staged file into place, removes the stale ones and
    /// puts the new manifest in place.
    fn commit(&mut self, ordered: Vec<Stage>, plan: Plan) -> Result<WriteReport, Fatal> {
        let committed: Vec<Result<bool, Fatal>> = ordered.into_par_iter().map(commit).collect();
        let written = committed.into_iter().collect::<Result<Vec<_>, _>>()?;
        let written = written.into_iter().filter(|w| *w).count();
        let mut removed = 0;
        for path in &plan.stale {
            match std::fs::remove_file(path) {
                Ok(()) => removed += 1,
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(Fatal::io(path, e)),
            }
            remove_empty_parents(&self.dir, path);
        }
        if let Some(temp) = plan.manifest_temp {
            let manifest = self.dir.join(MANIFEST);
            std::fs::rename(&temp, &manifest).map_err(|e| Fatal::io(&manifest, e))?;
            self.manifest_temp = None;
        }
        Ok(WriteReport {
            written,
            unchanged: plan.files - written,
            removed,
        })
    }
}

/// What the commit does besides the renames.
struct Plan {
    stale: Vec<PathBuf>,
    manifest_temp: Option<PathBuf>,
    /// The number of files in the site.
    files: usize,
}

impl Drop for Stager {
    fn drop(&mut self) {
        if self.committing {
            // A commit that failed halfway: the journal stays, so the next
            // build repairs the folder.
            return;
        }
        let stages = std::mem::take(&mut *lock(&self.stages));
        let mut clean = discard(stages.into_values());
        if let Some(temp) = self.manifest_temp.take() {
            clean &= removed(&temp);
        }
        // Deepest first, so each folder is empty when its turn comes.
        let mut created: Vec<PathBuf> = std::mem::take(&mut *lock(&self.folders))
            .into_iter()
            .filter_map(|(folder, new)| new.then_some(folder))
            .collect();
        created.sort_by_key(|folder| std::cmp::Reverse(folder.components().count()));
        for folder in created {
            let _ = std::fs::remove_dir(folder);
        }
        // What could not be removed is left to the next build's recovery.
        if let (true, Some(journal)) = (clean, self.journal.take()) {
            journal.end();
        }
    }
}

/// The error of a commit that failed after it began.
fn partly(dir: &Path, error: Fatal) -> Fatal {
    Fatal::usage(format!(
        "{error}; the site in {} is partly updated: run the build again to repair it",
        dir.display()
    ))
}

fn stale_folder(path: &Path) -> Fatal {
    Fatal::usage(format!(
        "{} is a folder where the last build wrote a file the site no longer has, so it cannot be removed; move the folder out of the output folder and build again",
        path.display()
    ))
}

/// The part of `path` that names one of dossier's own files in the output
/// folder, if any: a site file there would be taken for it.
fn reserved(path: &str) -> Option<&str> {
    path.split('/').find(|part| {
        [MANIFEST, crate::output::lock::LOCK, journal::JOURNAL].contains(part)
            || part.ends_with(journal::TEMP_SUFFIX)
    })
}

/// Removes the folders above `path` that are left empty, up to `dir`.
fn remove_empty_parents(dir: &Path, path: &Path) {
    let mut folder = path.parent();
    while let Some(f) = folder {
        if f == dir || !f.starts_with(dir) || std::fs::remove_dir(f).is_err() {
            break;
        }
        folder = f.parent();
    }
}

/// A lock that a panic elsewhere does not poison for good: the data are
/// plain lists, valid at every step.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(text: &str) -> Vec<OutputFile> {
        ["a.html", "b.html", "c/index.html"]
            .iter()
            .map(|path| OutputFile::new(*path, format!("{path}: {text}")))
            .collect()
    }

    /// A packed page (as `serve` holds them) is written as it reads, both
    /// as a new file and over an older one.
    #[test]
    fn a_packed_file_is_written_unpacked() {
        let dir = tempfile::tempdir().unwrap();
        let dir = dir.path();
        let cancel = Arc::new(AtomicBool::new(false));
        let pages = Arc::new(Pages::new(b"<p>Shahed</p>"));
        for text in ["<p>Су-35 first</p>", "<p>Су-35 second</p>"] {
            let packed = Arc::new(pages.pack(text.as_bytes()).unwrap());
            let files = [OutputFile::packed(
                "briefs/a/index.html",
                packed,
                pages.clone(),
            )];
            write(dir, &files, Manifest::default(), cancel.clone()).unwrap();
            let written = std::fs::read_to_string(dir.join("briefs/a/index.html")).unwrap();
            assert_eq!(written, text);
        }
    }

    /// A rename can fail only through the system (a disk error), which a
    /// test cannot cause as root: here a staged file vanishes instead.
    #[test]
    fn a_commit_that_fails_halfway_says_so_and_the_next_build_repairs_it() {
        let dir = tempfile::tempdir().unwrap();
        let dir = dir.path();
        let cancel = Arc::new(AtomicBool::new(false));
        write(dir, &site("old"), Manifest::default(), cancel.clone()).unwrap();
        let stager = Stager::new(dir, cancel.clone()).unwrap();
        let new = site("new");
        for file in &new {
            stager.stage(file);
        }
        std::fs::remove_file(dir.join(format!(".b.html{}", journal::TEMP_SUFFIX))).unwrap();
        let error = stager.finish(&new, Manifest::default()).unwrap_err();
        assert!(error.to_string().contains(&format!(
            "the site in {} is partly updated: run the build again to repair it",
            dir.display()
        )));
        assert!(dir.join(journal::JOURNAL).exists());
        assert!(recover(dir).unwrap());
        write(dir, &new, Manifest::default(), cancel).unwrap();
        for file in &new {
            assert_eq!(std::fs::read(dir.join(&file.path)).unwrap(), *file.bytes);
        }
        assert!(!dir.join(journal::JOURNAL).exists());
    }

    /// Stages `text` as `x/big.json` with the writer-style call, then
    /// finishes the build with that file alone; what the write did.
    fn streamed(dir: &Path, text: &'static str) -> Result<WriteReport, Fatal> {
        let stager = Stager::new(dir, Arc::new(AtomicBool::new(false)))?;
        let len = stager.stage_streamed("x/big.json", |out| {
            // In pieces, as an export is written.
            text.split_inclusive(',')
                .try_for_each(|piece| out.write_all(piece.as_bytes()))
        });
        let files = [OutputFile::new("x/big.json", Vec::new())];
        let report = stager.finish(&files, Manifest::default())?;
        assert_eq!(len, text.len() as u64);
        Ok(report)
    }

    #[test]
    fn a_streamed_file_is_written_kept_when_the_same_and_replaced_when_not() {
        let dir = tempfile::tempdir().unwrap();
        let dir = dir.path();
        let file = dir.join("x/big.json");
        assert_eq!(streamed(dir, "[1,2,3]").unwrap().written, 1);
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "[1,2,3]");
        let again = streamed(dir, "[1,2,3]").unwrap();
        assert_eq!((again.written, again.unchanged), (0, 1));
        // The same size, other bytes: compared, not only measured.
        assert_eq!(streamed(dir, "[1,2,4]").unwrap().written, 1);
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "[1,2,4]");
        let names: Vec<_> = std::fs::read_dir(dir.join("x")).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file is left");
    }

    #[test]
    fn a_streamed_file_is_never_written_through_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let (dir, elsewhere) = (dir.path().join("site"), dir.path().join("elsewhere"));
        std::fs::create_dir_all(dir.join("x")).unwrap();
        std::fs::write(&elsewhere, "kept").unwrap();
        std::os::unix::fs::symlink(&elsewhere, dir.join("x/big.json")).unwrap();
        let error = streamed(&dir, "[1]").unwrap_err();
        assert!(error.to_string().contains("is a symbolic link"), "{error}");
        assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), "kept");
    }

    #[test]
    fn a_streamed_file_whose_writer_fails_fails_the_build_and_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let dir = dir.path();
        std::fs::create_dir_all(dir.join("x")).unwrap();
        let stager = Stager::new(dir, Arc::new(AtomicBool::new(false))).unwrap();
        stager.stage_streamed("x/big.json", |out| {
            out.write_all(b"[1,")?;
            Err(io::Error::other("the model could not be written"))
        });
        let files = [OutputFile::new("x/big.json", Vec::new())];
        let error = stager.finish(&files, Manifest::default()).unwrap_err();
        assert!(
            error.to_string().contains("could not be written"),
            "{error}"
        );
        let names: Vec<_> = std::fs::read_dir(dir.join("x")).unwrap().collect();
        assert!(names.is_empty(), "nothing is left in x/: {names:?}");
    }

    #[test]
    fn a_site_file_may_not_take_the_name_of_dossiers_own_files() {
        assert_eq!(reserved("static/x.dossier-tmp"), Some("x.dossier-tmp"));
        assert_eq!(reserved(".dossier-journal/a"), Some(".dossier-journal"));
        assert_eq!(reserved("static/style.css"), None);
    }
}
