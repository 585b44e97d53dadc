//! One file's staging, the step of a write that can fail without harm:
//! new bytes written beside the file they replace (or in place, in a
//! folder the build made), or nothing when the file already holds them;
//! then the rename that puts them in place, or their removal when the
//! build fails. Nothing here ever writes through a link.

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use super::journal;
use super::stamp::FileStamp;
use crate::Fatal;

/// A changed file written beside its target, waiting to be renamed.
pub(super) struct Staged {
    temp: PathBuf,
    path: PathBuf,
}

/// What staging did with one file, with the stamp it will have in place.
pub(super) enum Stage {
    /// It already held these bytes.
    Unchanged(FileStamp),
    /// Its new bytes wait beside it (a rename keeps the stamp).
    Written(Staged, FileStamp),
    /// Written in place, in a folder this build created: there was nothing
    /// to keep, and a failed build removes the file and the folder.
    Fresh(PathBuf, FileStamp),
}

impl Stage {
    pub(super) fn stamp(&self) -> FileStamp {
        match self {
            Stage::Unchanged(stamp) | Stage::Written(_, stamp) | Stage::Fresh(_, stamp) => *stamp,
        }
    }
}

/// Writes a file's new bytes beside it, unless it already holds exactly
/// these bytes.
pub(super) fn stage(path: &Path, bytes: &[u8]) -> Result<Stage, Fatal> {
    let existing = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => return Err(link_in_the_way(path)),
        Ok(m) if m.is_dir() => return Err(in_the_way(path, "a folder", "file")),
        Ok(m) => Some(m).filter(|m| m.len() == bytes.len() as u64),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(Fatal::io(path, e)),
    };
    if let Some(metadata) = existing
        && std::fs::read(path).is_ok_and(|old| old == bytes)
    {
        return Ok(Stage::Unchanged(FileStamp::of(&metadata)));
    }
    let temp = temp_path(path);
    // One left by a build that was killed: never written through.
    let _ = std::fs::remove_file(&temp);
    let stamp = write_new(&temp, bytes)?;
    Ok(Stage::Written(
        Staged {
            temp,
            path: path.to_path_buf(),
        },
        stamp,
    ))
}

/// Stages a file whose bytes `write` gives, straight into the file
/// (in place in a folder this build created, `fresh`, else beside it)
/// rather than whole in memory first: a large dossier's `dossier.json`
/// is tens of megabytes. As [`stage`]: nothing when the file already
/// holds exactly these bytes, found by comparing the two files.
pub(super) fn stage_streamed(
    path: &Path,
    fresh: bool,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<Stage, Fatal> {
    if fresh {
        let stamp = write_new_with(path, write)?;
        return Ok(Stage::Fresh(path.to_path_buf(), stamp));
    }
    let existing = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => return Err(link_in_the_way(path)),
        Ok(m) if m.is_dir() => return Err(in_the_way(path, "a folder", "file")),
        Ok(m) => Some(m),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(Fatal::io(path, e)),
    };
    let temp = temp_path(path);
    // One left by a build that was killed: never written through.
    let _ = std::fs::remove_file(&temp);
    let stamp = write_new_with(&temp, write)?;
    if let Some(metadata) = existing
        && metadata.len() == stamp.len
        && same_bytes(path, &temp).unwrap_or(false)
    {
        let _ = std::fs::remove_file(&temp);
        return Ok(Stage::Unchanged(FileStamp::of(&metadata)));
    }
    let staged = Staged {
        temp,
        path: path.to_path_buf(),
    };
    Ok(Stage::Written(staged, stamp))
}

/// Whether the files at `a` and `b` hold the same bytes, read a piece
/// at a time.
fn same_bytes(a: &Path, b: &Path) -> io::Result<bool> {
    let (mut a, mut b) = (std::fs::File::open(a)?, std::fs::File::open(b)?);
    let (mut x, mut y) = (vec![0; 1 << 16], vec![0; 1 << 16]);
    loop {
        let (n, m) = (fill(&mut a, &mut x)?, fill(&mut b, &mut y)?);
        if x[..n] != y[..m] {
            return Ok(false);
        }
        if n < x.len() {
            return Ok(true);
        }
    }
}

/// Reads into `buf` until it is full or the file ends; how much it read.
fn fill(file: &mut std::fs::File, buf: &mut [u8]) -> io::Result<usize> {
    let mut read = 0;
    while read < buf.len() {
        match file.read(&mut buf[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(read)
}

/// Stages a copy of the file at `source` (an attachment) for `path`:
/// nothing when `path` already has the source's size and modification
/// time (a copy keeps them), else a copy beside it (in place in a folder
/// this build created, `fresh`). The bytes go from file to file in the
/// kernel (`copy_file_range`, or a reflink), never through memory.
pub(super) fn stage_copy(path: &Path, source: &Path, fresh: bool) -> Result<Stage, Fatal> {
    let wanted = std::fs::metadata(source).map_err(|e| Fatal::io(source, e))?;
    let wanted = FileStamp::of(&wanted);
    if !fresh {
        match std::fs::symlink_metadata(path) {
            Ok(m) if m.file_type().is_symlink() => return Err(link_in_the_way(path)),
            Ok(m) if m.is_dir() => return Err(in_the_way(path, "a folder", "file")),
            Ok(m) if FileStamp::of(&m) == wanted => return Ok(Stage::Unchanged(wanted)),
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(Fatal::io(path, e)),
        }
    }
    let target = if fresh {
        path.to_path_buf()
    } else {
        temp_path(path)
    };
    if !fresh {
        // One left by a build that was killed: never written through.
        let _ = std::fs::remove_file(&target);
    }
    let stamp = copy_new(source, &target)?;
    Ok(match fresh {
        true => Stage::Fresh(target, stamp),
        false => Stage::Written(
            Staged {
                temp: target,
                path: path.to_path_buf(),
            },
            stamp,
        ),
    })
}

/// Copies `source` to a new file at `target` (never through a link) and
/// gives it the source's modification time; the stamp of the copy.
fn copy_new(source: &Path, target: &Path) -> Result<FileStamp, Fatal> {
    let mut from = std::fs::File::open(source).map_err(|e| Fatal::io(source, e))?;
    let modified = from.metadata().and_then(|m| m.modified()).ok();
    let copied = std::fs::File::options()
        .write(true)
        .create_new(true)
        .open(target)
        .and_then(|mut to| {
            // File to file: std copies with copy_file_range, as fs::copy does.
            io::copy(&mut from, &mut to)?;
            if let Some(modified) = modified {
                to.set_modified(modified)?;
            }
            to.metadata()
        });
    copied.map(|m| FileStamp::of(&m)).map_err(|e| {
        let _ = std::fs::remove_file(target);
        Fatal::io(target, e)
    })
}

/// The temporary file beside `path`, named so that recovery finds it.
pub(super) fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}{}", journal::TEMP_SUFFIX))
}

/// Writes a file in a folder this build created, where nothing can be
/// overwritten: in place, without comparing or renaming.
pub(super) fn write_fresh(path: &Path, bytes: &[u8]) -> Result<Stage, Fatal> {
    let stamp = write_new(path, bytes)?;
    Ok(Stage::Fresh(path.to_path_buf(), stamp))
}

/// Writes `bytes` to a new file at `path`, never through a link (a name
/// already taken is an error); the stamp of the file written.
pub(super) fn write_new(path: &Path, bytes: &[u8]) -> Result<FileStamp, Fatal> {
    write_new_unbuffered(path, |f| f.write_all(bytes))
}

/// As [`write_new`], with the bytes `write` gives, through a buffer.
fn write_new_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<FileStamp, Fatal> {
    write_new_unbuffered(path, |f| {
        let mut buffered = io::BufWriter::with_capacity(1 << 16, f);
        write(&mut buffered)?;
        buffered.flush()
    })
}

fn write_new_unbuffered(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> io::Result<()>,
) -> Result<FileStamp, Fatal> {
    let written = std::fs::File::options()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut f| {
            write(&mut f)?;
            f.metadata()
        });
    written.map(|m| FileStamp::of(&m)).map_err(|e| {
        let _ = std::fs::remove_file(path);
        Fatal::io(path, e)
    })
}

/// Puts a staged file in place: whether it was written.
pub(super) fn commit(stage: Stage) -> Result<bool, Fatal> {
    match stage {
        Stage::Unchanged(_) => Ok(false),
        Stage::Fresh(..) => Ok(true),
        Stage::Written(staged, _) => std::fs::rename(&staged.temp, &staged.path)
            .map(|()| true)
            .map_err(|e| Fatal::io(&staged.path, e)),
    }
}

/// Removes staged files; true when every one is gone.
pub(super) fn discard(stages: impl Iterator<Item = Stage>) -> bool {
    let mut clean = true;
    for stage in stages {
        clean &= match stage {
            Stage::Unchanged(_) => true,
            Stage::Written(staged, _) => removed(&staged.temp),
            Stage::Fresh(path, _) => removed(&path),
        };
    }
    clean
}

/// Removes a file; true when it is gone.
pub(super) fn removed(path: &Path) -> bool {
    match std::fs::remove_file(path) {
        Ok(()) => true,
        Err(e) => e.kind() == io::ErrorKind::NotFound,
    }
}

pub(super) fn link_in_the_way(path: &Path) -> Fatal {
    Fatal::usage(format!(
        "{} is a symbolic link; dossier never writes through a link in the output folder: remove the link (its target is left alone) or build into another folder",
        path.display()
    ))
}

pub(super) fn in_the_way(path: &Path, what: &str, wanted: &str) -> Fatal {
    Fatal::usage(format!(
        "{} is {what} where the site has a {wanted}; move it out of the output folder and build again",
        path.display()
    ))
}

pub(super) fn is_plain_dir(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}
