//! Output: writes the rendered site to the output folder, touching only
//! files whose bytes changed and removing files the site no longer has.
//! Everything is rendered in memory first, so a build that fails for any
//! content or template reason never reaches this stage and leaves the
//! folder exactly as it was; an I/O failure while staging the new files
//! leaves it as it was too.

use crate::{HashMap, HashSet};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::Fatal;
use crate::stamp::FileStamp;

/// A file's bytes, shared, so a rebuild can keep an unchanged page without
/// copying it. A `Vec` rather than a slice: a rendered page becomes one
/// without copying its bytes again.
pub type Bytes = Arc<Vec<u8>>;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative to the output folder, `/`-separated, never climbing out.
    pub path: String,
    pub bytes: Bytes,
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

/// Lists the files the last build wrote, so the next one removes only its
/// own stale files and never a file someone else put there.
const MANIFEST: &str = ".dossier-manifest";

/// Refuses output folders whose clean-up could destroy the dossier itself:
/// the root, `content/`, anything inside `content/`, or any folder that
/// contains the root.
pub fn check_folder(root: &Path, output: &Path) -> Result<(), Fatal> {
    let root = absolute(root)?;
    let output = absolute(output)?;
    let content = root.join(crate::content::CONTENT_DIR);
    if root.starts_with(&output) || output.starts_with(&content) {
        return Err(Fatal::usage(format!(
            "refusing to write the site to {}: it is or contains the dossier's own files; choose a separate folder such as {}",
            output.display(),
            root.join("public").display()
        )));
    }
    Ok(())
}

/// The absolute, normalised form of `path`, resolving symbolic links for
/// the part that exists.
fn absolute(path: &Path) -> Result<PathBuf, Fatal> {
    let path = std::path::absolute(path).map_err(|e| Fatal::io(path, e))?;
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut resolved = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_path_buf());
    for name in rest.iter().rev() {
        resolved.push(name);
    }
    Ok(normalise(&resolved))
}

fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// True when `path` is a plain relative path that stays inside its folder.
fn is_safe(path: &str) -> bool {
    !path.is_empty()
        && !path.contains('\0')
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// What the manifest records besides the files: the build's inputs (see
/// [`crate::stamp`]; 0 when unknown) and what the build reported.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Manifest {
    pub inputs: u64,
    pub pages: usize,
    pub warnings: usize,
}

const MANIFEST_HEADER: &str = "# dossier manifest 2";

/// Writes `files` into `dir` in two phases, so a failure leaves the old
/// site in place: first every new or changed file is written beside its
/// target (identical ones are skipped), then all are renamed over their
/// targets. Last, files the previous build wrote that are gone from the
/// site are removed, and the manifest records this build.
pub fn write(dir: &Path, files: &[OutputFile], manifest: Manifest) -> Result<WriteReport, Fatal> {
    Stager::new(dir).finish(files, manifest)
}

/// The first phase of [`write()`], open to files as they are rendered, from
/// any thread: a build stages each page as soon as it exists and keeps
/// only its path, so the whole site is never in memory at once and
/// writing overlaps rendering. Nothing is in place until
/// [`Stager::finish`]; dropping it unfinished removes what
/// was staged.
pub struct Stager {
    dir: PathBuf,
    /// Folders known to exist, each with whether this build created it
    /// (those are removed again, if empty, when the build fails).
    folders: Mutex<HashMap<PathBuf, bool>>,
    finished: bool,
    stages: Mutex<HashMap<String, Stage>>,
    failure: Mutex<Option<Fatal>>,
}

impl Stager {
    pub fn new(dir: &Path) -> Self {
        Stager {
            dir: dir.to_path_buf(),
            folders: Mutex::default(),
            finished: false,
            stages: Mutex::default(),
            failure: Mutex::default(),
        }
    }

    /// Stages one file. A failure is kept for [`Stager::finish`], which
    /// reports it; later files are not staged.
    pub fn stage(&self, file: &OutputFile) {
        if lock(&self.failure).is_some() {
            return;
        }
        match self.stage_one(file) {
            Ok(stage) => {
                lock(&self.stages).insert(file.path.clone(), stage);
            }
            Err(e) => {
                lock(&self.failure).get_or_insert(e);
            }
        }
    }

    fn stage_one(&self, file: &OutputFile) -> Result<Stage, Fatal> {
        if !is_safe(&file.path) {
            return Err(Fatal::usage(format!(
                "internal error: refusing to write unsafe output path '{}'",
                file.path
            )));
        }
        let folder = self.dir.join(&file.path);
        let folder = folder.parent().unwrap_or(&self.dir);
        let known = lock(&self.folders).get(folder).copied();
        let new = match known {
            Some(new) => new,
            None => self.create(folder)?,
        };
        match new {
            true => write_fresh(&self.dir, file),
            false => stage(&self.dir, file),
        }
    }

    /// Creates `folder` and its missing parents, remembering each and
    /// whether it is new; true when `folder` itself did not exist. Asks
    /// the system to create it first (one call for nearly every folder)
    /// and looks further up only when its parent is missing too.
    fn create(&self, folder: &Path) -> Result<bool, Fatal> {
        match std::fs::create_dir(folder) {
            Ok(()) => {
                lock(&self.folders).insert(folder.to_path_buf(), true);
                Ok(true)
            }
            // Perhaps another thread just made it: then its answer stands.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && folder.is_dir() => {
                Ok(*lock(&self.folders)
                    .entry(folder.to_path_buf())
                    .or_insert(false))
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => match folder.parent() {
                Some(parent) if parent != folder && !parent.as_os_str().is_empty() => {
                    self.create(parent)?;
                    self.create(folder)
                }
                _ => Err(Fatal::io(folder, e)),
            },
            Err(e) => Err(Fatal::io(folder, e)),
        }
    }

    /// Stages those of `files` not staged yet, then puts everything in
    /// place, removes stale files and writes the manifest. `files` lists
    /// the whole site: a staged file missing from it is not kept.
    pub fn finish(
        mut self,
        files: &[OutputFile],
        manifest: Manifest,
    ) -> Result<WriteReport, Fatal> {
        self.create(&self.dir.clone())?;
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
        let mut stages = std::mem::take(&mut *lock(&self.stages));
        let ordered: Vec<Stage> = files
            .iter()
            .filter_map(|f| stages.remove(&f.path))
            .collect();
        // Anything staged but no longer part of the site is dropped.
        discard(stages.into_values());
        let committed: Vec<Result<(FileStamp, bool), Fatal>> =
            ordered.into_par_iter().map(commit).collect();
        let committed = committed.into_iter().collect::<Result<Vec<_>, _>>()?;
        let written = committed.iter().filter(|(_, written)| *written).count();
        let stamps: Vec<FileStamp> = committed.into_iter().map(|(stamp, _)| stamp).collect();
        // The site is in place: from here on nothing is undone.
        self.finished = true;
        let removed = remove_stale(&self.dir, files, &stamps, manifest)?;
        Ok(WriteReport {
            written,
            unchanged: files.len() - written,
            removed,
        })
    }
}

impl Drop for Stager {
    fn drop(&mut self) {
        let stages = std::mem::take(&mut *lock(&self.stages));
        discard(stages.into_values());
        if !self.finished {
            // Deepest first, so each folder is empty when its turn comes.
            let mut created: Vec<PathBuf> = std::mem::take(&mut *lock(&self.folders))
                .into_iter()
                .filter_map(|(folder, new)| new.then_some(folder))
                .collect();
            created.sort_by_key(|folder| std::cmp::Reverse(folder.components().count()));
            for folder in created {
                let _ = std::fs::remove_dir(folder);
            }
        }
    }
}

fn discard(stages: impl Iterator<Item = Stage>) {
    for stage in stages {
        match stage {
            Stage::Unchanged(_) => {}
            Stage::Written(staged, _) => {
                let _ = std::fs::remove_file(&staged.temp);
            }
            Stage::Fresh(path, _) => {
                let _ = std::fs::remove_file(&path);
            }
        }
    }
}

/// A lock that a panic elsewhere does not poison for good: the data are
/// plain lists, valid at every step.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// When the manifest in `dir` records `inputs` and every file it lists is
/// as the build left it, that build's manifest; `None` otherwise.
pub fn up_to_date(dir: &Path, inputs: u64) -> Option<(Manifest, usize)> {
    let text = std::fs::read_to_string(dir.join(MANIFEST)).ok()?;
    let (manifest, files) = parse_manifest(&text)?;
    if manifest.inputs != inputs || inputs == 0 {
        return None;
    }
    let intact = files
        .par_iter()
        .all(|(path, stamp)| is_safe(path) && FileStamp::read(&dir.join(path)) == Some(*stamp));
    intact.then_some((manifest, files.len()))
}

/// What the last build wrote into a folder, by its manifest: files a
/// build can take back instead of making them again.
pub struct Written {
    dir: PathBuf,
    files: Vec<(String, FileStamp)>,
}

impl Written {
    /// The files the manifest in `dir` lists; `None` without one.
    pub fn read(dir: &Path) -> Option<Written> {
        let text = std::fs::read_to_string(dir.join(MANIFEST)).ok()?;
        let (_, files) = parse_manifest(&text)?;
        let files = files
            .into_iter()
            .map(|(path, stamp)| (path.to_string(), stamp))
            .collect();
        Some(Written {
            dir: dir.to_path_buf(),
            files,
        })
    }

    /// The files under `prefix`, read back, when every one is as the last
    /// build left it (the size and modification time its manifest
    /// records); `None` when any is not, or when there are none.
    pub fn kept(&self, prefix: &str) -> Option<Vec<OutputFile>> {
        let under: Vec<&(String, FileStamp)> = self
            .files
            .iter()
            .filter(|(path, _)| path.starts_with(prefix))
            .collect();
        if under.is_empty() {
            return None;
        }
        under
            .into_iter()
            .map(|(path, stamp)| {
                let full = self.dir.join(path);
                let intact = is_safe(path) && FileStamp::read(&full) == Some(*stamp);
                let bytes = intact.then(|| std::fs::read(&full).ok()).flatten()?;
                Some(OutputFile::new(path.clone(), bytes))
            })
            .collect()
    }
}

/// The manifest's header and its files with their stamps; `None` for a
/// manifest of an older version, which lists paths only.
fn parse_manifest(text: &str) -> Option<(Manifest, Vec<(&str, FileStamp)>)> {
    let mut lines = text.lines();
    if lines.next()? != MANIFEST_HEADER {
        return None;
    }
    let mut manifest = Manifest::default();
    for line in lines.by_ref().take_while(|l| !l.is_empty()) {
        let (key, value) = line.split_once(' ')?;
        match key {
            "inputs" => manifest.inputs = u64::from_str_radix(value, 16).ok()?,
            "pages" => manifest.pages = value.parse().ok()?,
            "warnings" => manifest.warnings = value.parse().ok()?,
            _ => {}
        }
    }
    let files = lines
        .map(|line| {
            let mut fields = line.splitn(3, '\t');
            let len = fields.next()?.parse().ok()?;
            let modified = fields.next()?.parse().ok()?;
            Some((fields.next()?, FileStamp { len, modified }))
        })
        .collect::<Option<Vec<_>>>()?;
    Some((manifest, files))
}

/// The paths a manifest lists, in either version.
fn manifest_paths(text: &str) -> Vec<&str> {
    match parse_manifest(text) {
        Some((_, files)) => files.into_iter().map(|(path, _)| path).collect(),
        None if text.starts_with(MANIFEST_HEADER) => Vec::new(),
        None => text.lines().collect(),
    }
}

/// A changed file written beside its target, waiting to be renamed.
struct Staged {
    temp: PathBuf,
    path: PathBuf,
}

/// What staging did with one file, with the stamp it will have in place.
enum Stage {
    /// It already held these bytes.
    Unchanged(FileStamp),
    /// Its new bytes wait beside it (a rename keeps the stamp).
    Written(Staged, FileStamp),
    /// Written in place, in a folder this build created: there was nothing
    /// to keep, and a failed build removes the file and the folder.
    Fresh(PathBuf, FileStamp),
}

/// Writes a file's new bytes beside it, unless it already holds exactly
/// these bytes.
fn stage(dir: &Path, file: &OutputFile) -> Result<Stage, Fatal> {
    let path = dir.join(&file.path);
    let existing = std::fs::metadata(&path)
        .ok()
        .filter(|m| m.is_file() && m.len() == file.bytes.len() as u64);
    if let Some(metadata) = existing
        && std::fs::read(&path).is_ok_and(|old| old == *file.bytes)
    {
        return Ok(Stage::Unchanged(FileStamp::of(&metadata)));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.dossier-tmp"));
    let stamp = write_file(&temp, &file.bytes)?;
    Ok(Stage::Written(Staged { temp, path }, stamp))
}

/// Writes a file in a folder this build created, where nothing can be
/// overwritten: in place, without comparing or renaming.
fn write_fresh(dir: &Path, file: &OutputFile) -> Result<Stage, Fatal> {
    let path = dir.join(&file.path);
    let stamp = write_file(&path, &file.bytes)?;
    Ok(Stage::Fresh(path, stamp))
}

/// Writes `bytes` to `path`; the stamp of the file written.
fn write_file(path: &Path, bytes: &[u8]) -> Result<FileStamp, Fatal> {
    let written = std::fs::File::create(path).and_then(|mut f| {
        f.write_all(bytes)?;
        f.metadata()
    });
    written.map(|m| FileStamp::of(&m)).map_err(|e| {
        let _ = std::fs::remove_file(path);
        Fatal::io(path, e)
    })
}

/// Puts a staged file in place: its stamp, and whether it was written.
fn commit(stage: Stage) -> Result<(FileStamp, bool), Fatal> {
    match stage {
        Stage::Unchanged(stamp) => Ok((stamp, false)),
        Stage::Fresh(_, stamp) => Ok((stamp, true)),
        Stage::Written(staged, stamp) => std::fs::rename(&staged.temp, &staged.path)
            .map(|()| (stamp, true))
            .map_err(|e| Fatal::io(&staged.path, e)),
    }
}

/// Removes what the last build wrote and this one did not, then empty
/// folders left behind, and records this build's files.
fn remove_stale(
    dir: &Path,
    files: &[OutputFile],
    stamps: &[FileStamp],
    manifest: Manifest,
) -> Result<usize, Fatal> {
    let manifest_path = dir.join(MANIFEST);
    let current: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let previous = match std::fs::read_to_string(&manifest_path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(Fatal::io(&manifest_path, e)),
    };
    let mut removed = 0;
    for stale in manifest_paths(&previous)
        .into_iter()
        .filter(|p| is_safe(p) && !current.contains(p))
    {
        let path = dir.join(stale);
        match std::fs::remove_file(&path) {
            Ok(()) => removed += 1,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(Fatal::io(&path, e)),
        }
        remove_empty_parents(dir, &path);
    }
    let text = manifest_text(files, stamps, manifest);
    if previous != text {
        std::fs::write(&manifest_path, text).map_err(|e| Fatal::io(&manifest_path, e))?;
    }
    Ok(removed)
}

/// The manifest: a header, a blank line, then one line per file (size,
/// modification time, path; the path last, as it may hold any character
/// but a line break).
fn manifest_text(files: &[OutputFile], stamps: &[FileStamp], manifest: Manifest) -> String {
    let mut listing: Vec<(&str, FileStamp)> = files
        .iter()
        .zip(stamps)
        .map(|(f, s)| (f.path.as_str(), *s))
        .collect();
    listing.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut text = format!(
        "{MANIFEST_HEADER}\ninputs {:016x}\npages {}\nwarnings {}\n\n",
        manifest.inputs, manifest.pages, manifest.warnings
    );
    for (path, stamp) in listing {
        text.push_str(&format!("{}\t{}\t{path}\n", stamp.len, stamp.modified));
    }
    text
}

fn remove_empty_parents(dir: &Path, path: &Path) {
    let mut folder = path.parent();
    while let Some(f) = folder {
        if f == dir || !f.starts_with(dir) || std::fs::remove_dir(f).is_err() {
            break;
        }
        folder = f.parent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_paths_are_refused() {
        assert!(is_safe("briefs/a/index.html"));
        assert!(!is_safe("../x"));
        assert!(!is_safe("/etc/passwd"));
        assert!(!is_safe("a/../../b"));
        assert!(!is_safe(""));
    }
}
