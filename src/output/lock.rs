//! The output folder's lock: one process at a time (a `build` or a
//! `watch`) writes a folder. It is an advisory lock on `OUT/.dossier-lock`,
//! which the system releases when the process ends, however it ends; the
//! file holds the holder's process id so that a build that has to wait can
//! say for whom. The holder removes the file when it is done, so a folder
//! nobody is writing holds no lock file.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::Fatal;

/// The lock file's name inside the output folder.
pub const LOCK: &str = ".dossier-lock";

/// How often a waiting build tries the lock again.
const RETRY: Duration = Duration::from_millis(50);

/// The lock on an output folder, held until dropped.
pub struct OutputLock {
    file: File,
    path: PathBuf,
    /// Folders made to hold the lock file (the output folder and missing
    /// parents), deepest first: removed again if still empty at the end.
    made: Vec<PathBuf>,
}

impl OutputLock {
    /// Takes the lock on `dir`, making the folder if needed. While another
    /// process holds it, calls `waiting` once with that process's id and
    /// waits; stops waiting, with an error saying so, once `cancel` is set.
    pub fn take(
        dir: &Path,
        cancel: &AtomicBool,
        waiting: impl Fn(Option<u32>),
    ) -> Result<OutputLock, Fatal> {
        let made = make_folder(dir)?;
        let path = dir.join(LOCK);
        let mut told = false;
        loop {
            let file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(|e| Fatal::io(&path, e))?;
            match file.try_lock() {
                Ok(()) if !same_file(&file, &path) => continue,
                Ok(()) => return OutputLock { file, path, made }.with_pid(),
                Err(std::fs::TryLockError::WouldBlock) => {}
                // A file system without locks: build unlocked, as before.
                Err(std::fs::TryLockError::Error(e)) if e.kind() == io::ErrorKind::Unsupported => {
                    return Ok(OutputLock { file, path, made });
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(Fatal::io(&path, e)),
            }
            if !told {
                waiting(holder(&path));
                told = true;
            }
            if cancel.load(Ordering::Relaxed) {
                return Err(interrupted(dir));
            }
            std::thread::sleep(RETRY);
        }
    }

    fn with_pid(self) -> Result<OutputLock, Fatal> {
        let written = self
            .file
            .set_len(0)
            .and_then(|()| (&self.file).write_all(std::process::id().to_string().as_bytes()));
        written.map_err(|e| Fatal::io(&self.path, e))?;
        Ok(self)
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Removed while still locked: a process that opened it meanwhile
        // sees, once it has the lock, that the file is gone and opens anew.
        if cfg!(unix) && same_file(&self.file, &self.path) {
            let _ = std::fs::remove_file(&self.path);
        }
        for folder in &self.made {
            if std::fs::remove_dir(folder).is_err() {
                break;
            }
        }
    }
}

/// What a build says while it waits for `pid` to finish writing `dir`.
pub fn waiting_message(dir: &Path, pid: Option<u32>) -> String {
    let whom = pid.map_or_else(
        || "another process".to_string(),
        |pid| format!("process {pid}"),
    );
    format!(
        "waiting for {whom} to finish writing {} (it holds {}; Ctrl-C to stop waiting)",
        dir.display(),
        dir.join(LOCK).display()
    )
}

/// The message of a build stopped by Ctrl-C or a termination signal
/// before it changed anything.
pub fn interrupted(dir: &Path) -> Fatal {
    Fatal::usage(format!("interrupted: {} left as it was", dir.display()))
}

/// Makes `dir` and its missing parents; the ones it made, deepest first.
fn make_folder(dir: &Path) -> Result<Vec<PathBuf>, Fatal> {
    let mut missing = Vec::new();
    let mut folder = Some(dir);
    while let Some(f) = folder.filter(|f| !f.as_os_str().is_empty() && !f.exists()) {
        missing.push(f.to_path_buf());
        folder = f.parent();
    }
    std::fs::create_dir_all(dir).map_err(|e| Fatal::io(dir, e))?;
    Ok(missing)
}

/// The process id the lock file holds, if it holds one yet.
fn holder(path: &Path) -> Option<u32> {
    let mut text = String::new();
    File::open(path).ok()?.read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}

/// True when `path` still names the open `file`: its holder removes it
/// when done, and a new one may have been made since.
#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Without a way to compare files the lock file is never removed (see
/// `drop`), so the path always names the file that was locked.
#[cfg(not(unix))]
fn same_file(_file: &File, _path: &Path) -> bool {
    true
}
