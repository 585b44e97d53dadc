//! The output folder's journal, `OUT/.dossier-journal`: what a build
//! puts in the folder that no manifest knows yet, so that the next build
//! can take it away if this one never finishes (a `kill -9`, a crash, a
//! power cut of the process). It exists from before the first file is
//! staged until after the manifest is written, and records each folder
//! the build creates (before creating it) and, just before the first
//! rename, every path the commit renames into place. Temporary files need
//! no entry: their names end in [`TEMP_SUFFIX`].
//!
//! Each entry is one unbuffered write, so a killed process loses none
//! (the kernel keeps what was written; no fsync is needed against a kill).

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::{Fatal, HashSet};

/// The journal's name inside the output folder.
pub const JOURNAL: &str = ".dossier-journal";

/// How every temporary file a build writes in the output folder ends.
pub const TEMP_SUFFIX: &str = ".dossier-tmp";

const HEADER: &str = "# dossier journal 1\n";

/// An open journal; [`Journal::end`] removes it once the build is whole.
pub struct Journal {
    path: PathBuf,
    file: Mutex<File>,
}

impl Journal {
    /// Starts an empty journal in `dir`, replacing one already handled
    /// by [`recover`].
    pub fn start(dir: &Path) -> Result<Journal, Fatal> {
        let path = dir.join(JOURNAL);
        let mut file = File::create(&path).map_err(|e| Fatal::io(&path, e))?;
        file.write_all(HEADER.as_bytes())
            .map_err(|e| Fatal::io(&path, e))?;
        Ok(Journal {
            path,
            file: Mutex::new(file),
        })
    }

    /// Records that the build is about to create `folder` (relative to
    /// the output folder).
    pub fn folder(&self, folder: &str) -> Result<(), Fatal> {
        self.write(&entry('F', folder))
    }

    /// Records the paths the commit is about to rename into place.
    pub fn committing<'a>(&self, paths: impl Iterator<Item = &'a str>) -> Result<(), Fatal> {
        let text: String = paths.map(|path| entry('C', path)).collect();
        self.write(&text)
    }

    fn write(&self, text: &str) -> Result<(), Fatal> {
        let mut file = self.file.lock().unwrap_or_else(|p| p.into_inner());
        file.write_all(text.as_bytes())
            .map_err(|e| Fatal::io(&self.path, e))
    }

    /// Removes the journal: what it recorded is now in the manifest, or
    /// gone again.
    pub fn end(self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// One line: a tag and the path as a JSON string, so that no character a
/// path may hold (a line break in a static file's name) can split it.
fn entry(tag: char, path: &str) -> String {
    let quoted = serde_json::to_string(path).unwrap_or_default();
    format!("{tag} {quoted}\n")
}

/// What a journal left by an unfinished build recorded.
#[derive(Debug, Default)]
struct Entries {
    folders: Vec<String>,
    committed: Vec<String>,
}

fn parse(text: &str) -> Entries {
    let mut entries = Entries::default();
    for line in text.lines() {
        let Some((tag, quoted)) = line.split_once(' ') else {
            continue;
        };
        // A line cut short by the kill names nothing, and is skipped.
        let Ok(path) = serde_json::from_str::<String>(quoted) else {
            continue;
        };
        match tag {
            "F" => entries.folders.push(path),
            "C" => entries.committed.push(path),
            _ => {}
        }
    }
    entries
}

/// Cleans up after a build into `dir` that did not finish, if its journal
/// is there: removes temporary files (found by name, walking the folder
/// once), files it committed and files in folders it created that
/// `known` (the manifest's paths) does not list, then those folders if
/// empty, then the journal. Files nobody journaled are the user's and
/// are never touched; nothing is removed through a symbolic link.
/// True when there was a journal.
pub fn recover(
    dir: &Path,
    known: &HashSet<&str>,
    safe: impl Fn(&str) -> bool,
) -> Result<bool, Fatal> {
    let path = dir.join(JOURNAL);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(Fatal::io(&path, e)),
    };
    let entries = parse(&text);
    remove_temporary_files(dir)?;
    let ours = |rel: &&String| safe(rel) && !known.contains(rel.as_str()) && !linked(dir, rel);
    for rel in entries.committed.iter().filter(ours) {
        remove_file(&dir.join(rel))?;
    }
    let mut folders: Vec<&String> = entries.folders.iter().filter(|f| safe(f)).collect();
    folders.sort_by_key(|f| std::cmp::Reverse(f.matches('/').count()));
    folders.dedup();
    for folder in folders.into_iter().filter(|f| !linked(dir, f)) {
        empty_folder(dir, folder, known)?;
    }
    std::fs::remove_file(&path).map_err(|e| Fatal::io(&path, e))?;
    Ok(true)
}

/// Removes every file in `dir` whose name marks it as a build's
/// temporary file, never following a link.
fn remove_temporary_files(dir: &Path) -> Result<(), Fatal> {
    for entry in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        let temporary = !entry.file_type().is_dir()
            && entry.file_name().to_string_lossy().ends_with(TEMP_SUFFIX);
        if temporary {
            remove_file(entry.path())?;
        }
    }
    Ok(())
}

/// Removes the files in the folder `rel` (which the build created) that
/// `known` does not list, then the folder itself if that empties it.
fn empty_folder(dir: &Path, rel: &str, known: &HashSet<&str>) -> Result<(), Fatal> {
    let folder = dir.join(rel);
    let Ok(entries) = std::fs::read_dir(&folder) else {
        return Ok(());
    };
    for entry in entries.filter_map(Result::ok) {
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        let name = entry.file_name();
        let path = format!("{rel}/{}", name.to_string_lossy());
        if !is_dir && !known.contains(path.as_str()) {
            remove_file(&entry.path())?;
        }
    }
    let _ = std::fs::remove_dir(&folder);
    Ok(())
}

fn remove_file(path: &Path) -> Result<(), Fatal> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Fatal::io(path, e)),
    }
}

/// True when `rel` is, or lies under, something in `dir` that is not a
/// plain folder (a symbolic link): nothing there is the build's.
pub fn linked(dir: &Path, rel: &str) -> bool {
    let mut path = dir.to_path_buf();
    let mut parts = rel.split('/').peekable();
    while let Some(part) = parts.next() {
        path.push(part);
        let last = parts.peek().is_none();
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => return true,
            Ok(m) if !last && !m.is_dir() => return true,
            Ok(_) => {}
            Err(_) => return false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_survive_any_character_and_a_cut_last_line() {
        let text = format!(
            "{HEADER}{}{}C \"briefs/cut",
            entry('F', "static/odd\nname"),
            entry('C', "a/index.html")
        );
        let entries = parse(&text);
        assert_eq!(entries.folders, vec!["static/odd\nname".to_string()]);
        assert_eq!(entries.committed, vec!["a/index.html".to_string()]);
    }
}
