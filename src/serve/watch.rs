//! Watching a dossier for changes: which files matter, and a loop that
//! turns a burst of file-system events (an editor's atomic save, a git
//! branch switch) into one call of a rebuild callback.
//!
//! It watches `content/`, `static/` and `themes/` recursively and the root
//! itself for `dossier.yaml`, never the output folder, so writing the site
//! cannot trigger another rebuild.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use notify::{PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, new_debouncer_opt};

use crate::build::outcome::Failure;
use crate::build::rebuild::Builder;
use crate::content::config::BuildOptions;
use crate::diagnostic::render_human;
use crate::output::lock::{self, OutputLock};
use crate::{Fatal, output};

/// How long the debouncer waits for a path to go quiet.
const DEBOUNCE: Duration = Duration::from_millis(25);
/// After a batch arrives, further batches this close are merged into it.
/// The debouncer hands over a long burst (a branch switch) in batches a
/// few milliseconds apart, so this need not be long; every millisecond
/// of it is added to each save's rebuild.
const SETTLE: Duration = Duration::from_millis(15);
/// How often a watch looks whether it was asked to stop.
const STOP: Duration = Duration::from_millis(100);
/// How often the polling watcher looks at every file.
const POLL: Duration = Duration::from_millis(250);

/// The folders under the root whose changes matter, watched recursively.
const WATCHED: &[&str] = &["content", "static", "themes"];

/// The watches on a dossier. Changes made once they are in place are
/// queued until [`Watching::run`] takes them, so a change made during the
/// first build is not missed: start watching, then build.
pub struct Watching {
    debouncer: AnyDebouncer,
    root: PathBuf,
    ignore: Option<PathBuf>,
    events: Receiver<DebounceEventResult>,
}

enum AnyDebouncer {
    Poll(Debouncer<PollWatcher, notify_debouncer_full::NoCache>),
    Native(Debouncer<RecommendedWatcher, notify_debouncer_full::RecommendedCache>),
}

impl AnyDebouncer {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match self {
            AnyDebouncer::Poll(debouncer) => debouncer.watch(path, mode),
            AnyDebouncer::Native(debouncer) => debouncer.watch(path, mode),
        }
    }
}

/// Puts the watches in place. `ignore` is the output folder, if it is
/// inside the root. `poll` uses the polling watcher, for file systems that
/// deliver no events.
pub fn start(root: &Path, ignore: Option<&Path>, poll: bool) -> Result<Watching, Fatal> {
    let (sender, events) = channel();
    let root = std::path::absolute(root).map_err(|e| Fatal::io(root, e))?;
    let ignore = ignore
        .map(std::path::absolute)
        .transpose()
        .map_err(|e| Fatal::io(&root, e))?;
    let failed = |e: notify::Error| {
        Fatal::usage(format!(
            "cannot watch {} for changes: {e}; try --poll",
            root.display()
        ))
    };
    let mut debouncer = if poll {
        let config = notify::Config::default().with_poll_interval(POLL);
        let cache = notify_debouncer_full::NoCache;
        AnyDebouncer::Poll(
            new_debouncer_opt::<_, PollWatcher, _>(DEBOUNCE, None, sender, cache, config)
                .map_err(failed)?,
        )
    } else {
        let cache = notify_debouncer_full::RecommendedCache::new();
        let config = notify::Config::default();
        AnyDebouncer::Native(
            new_debouncer_opt::<_, RecommendedWatcher, _>(DEBOUNCE, None, sender, cache, config)
                .map_err(failed)?,
        )
    };
    debouncer
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(failed)?;
    for folder in WATCHED {
        let path = root.join(folder);
        if path.is_dir() {
            debouncer
                .watch(&path, RecursiveMode::Recursive)
                .map_err(failed)?;
        }
    }
    Ok(Watching {
        debouncer,
        root,
        ignore,
        events,
    })
}

impl Watching {
    /// Calls `rebuild` with the changes after each burst of relevant
    /// ones, until `rebuild` returns false or `stop` is set (looked at
    /// every [`STOP`]).
    pub fn run(
        mut self,
        stop: &AtomicBool,
        mut rebuild: impl FnMut(Changes) -> bool,
    ) -> Result<(), Fatal> {
        loop {
            if stop.load(Ordering::Relaxed) {
                return Ok(());
            }
            let first = match self.events.recv_timeout(STOP) {
                Ok(first) => first,
                Err(RecvTimeoutError::Timeout) => continue,
                Err(RecvTimeoutError::Disconnected) => return Ok(()),
            };
            let mut batch = vec![first];
            // A branch switch arrives as several batches: wait until they stop.
            loop {
                match self.events.recv_timeout(SETTLE) {
                    Ok(more) => batch.push(more),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return Ok(()),
                }
            }
            let changes = relevant(&self.root, self.ignore.as_deref(), batch);
            watch_new_folders(&mut self.debouncer, &self.root, &changes.paths);
            if !changes.paths.is_empty() && !rebuild(changes) {
                return Ok(());
            }
        }
    }
}

/// `dossier watch`: builds into the output folder, then rebuilds and writes
/// only what changed after every change, until the process ends. A
/// rebuild with errors leaves the folder as it was. `log` gets one line
/// per rebuild (with the diagnostics when it fails).
pub fn keep_built(options: BuildOptions, poll: bool, log: impl Fn(&str)) -> Result<(), Fatal> {
    output::paths::check_folder(&options.root, &options.output)?;
    // Held while watching: no build writes the folder meanwhile.
    let _lock = OutputLock::take(&options.output, &options.cancel, |pid| {
        log(&lock::waiting_message(&options.output, pid))
    })?;
    output::recover(&options.output)?;
    let mut builder = Builder::new(options.clone());
    let cancel = options.cancel.clone();
    let mut step = |what: &str, changed: Option<&[PathBuf]>| -> Result<(), Fatal> {
        let started = std::time::Instant::now();
        let rebuilt = match changed {
            Some(changed) => builder.rebuild_after(changed),
            None => builder.rebuild(),
        };
        match rebuilt {
            // Ctrl-C (see `Watching::run`): the folder stays as it is.
            _ if cancel.load(Ordering::Relaxed) => {}
            Ok(rendered) => {
                // No input digest: the next `dossier build` renders afresh.
                let manifest = output::manifest::Manifest {
                    inputs: 0,
                    pages: rendered.pages,
                    warnings: rendered.diagnostics.len(),
                };
                let written =
                    output::write(&options.output, &rendered.files, manifest, cancel.clone());
                let report = match written {
                    Err(_) if cancel.load(Ordering::Relaxed) => return Ok(()),
                    written => written?,
                };
                let ms = started.elapsed().as_millis();
                log(&format!(
                    "built in {ms} ms after {what}: {} written, {} removed",
                    report.written, report.removed
                ));
                // The history note is the same on every rebuild: say it once.
                if let Some(note) = rendered.history_note.filter(|_| what == "start") {
                    log(&format!("note: {note}"));
                }
            }
            Err(Failure::Content(diagnostics)) => {
                let text: Vec<String> = diagnostics
                    .iter()
                    .filter(|d| d.is_error())
                    .map(render_human)
                    .collect();
                log(&format!(
                    "{}build failed after {what}; {} left as it was",
                    text.join("\n"),
                    options.output.display()
                ));
            }
            Err(Failure::Fatal(fatal)) => log(&format!("error: {fatal}")),
        }
        Ok(())
    };
    // Watch first, so a change made during the first build is not missed.
    let watching = start(&options.root, Some(options.output.as_path()), poll)?;
    step("start", None)?;
    let mut failure = None;
    watching.run(&options.cancel, |changes| {
        match step(&describe(&changes.paths), changes.exact()) {
            Ok(()) => true,
            Err(fatal) => {
                failure = Some(fatal);
                false
            }
        }
    })?;
    failure.map_or(Ok(()), Err)
}

/// Says what changed, for the one line printed per rebuild.
pub fn describe(changed: &[PathBuf]) -> String {
    match changed {
        [one] => format!("a change to {}", one.display()),
        many => format!("changes to {} files", many.len()),
    }
}

/// A folder such as `themes/` created after the start is watched from then on.
fn watch_new_folders(debouncer: &mut AnyDebouncer, root: &Path, changed: &[PathBuf]) {
    for path in changed.iter().filter(|p| p.components().count() == 1) {
        let folder = root.join(path);
        if WATCHED.iter().any(|w| path == Path::new(w)) && folder.is_dir() {
            let _ = debouncer.watch(&folder, RecursiveMode::Recursive);
        }
    }
}

/// What a burst of file system events says changed.
pub struct Changes {
    /// The changed paths that can affect the site, relative to the root,
    /// sorted and without repeats.
    pub paths: Vec<PathBuf>,
    /// True when the events may not name every change: the watcher
    /// reported an error or lost events, so the files must all be looked
    /// at again.
    pub incomplete: bool,
}

impl Changes {
    /// The changed paths, when they are all that changed.
    pub fn exact(&self) -> Option<&[PathBuf]> {
        (!self.incomplete).then_some(&self.paths[..])
    }
}

/// What `batch` says changed in the files under `root`.
fn relevant(root: &Path, ignore: Option<&Path>, batch: Vec<DebounceEventResult>) -> Changes {
    let mut incomplete = false;
    let mut paths = Vec::new();
    for events in batch {
        let Ok(events) = events else {
            incomplete = true;
            continue;
        };
        for event in events.into_iter().filter(|e| !e.kind.is_access()) {
            incomplete |= event.need_rescan();
            paths.extend(
                (event.event.paths.into_iter())
                    .filter(|path| ignore.is_none_or(|ignored| !path.starts_with(ignored)))
                    .filter_map(|path| path.strip_prefix(root).ok().map(Path::to_path_buf))
                    .filter(|path| matters(path)),
            );
        }
    }
    paths.sort();
    paths.dedup();
    Changes { paths, incomplete }
}

/// True for paths the site is built from: `dossier.yaml` and files in the
/// watched folders, but not editors' swap, backup and temporary files.
pub fn matters(path: &Path) -> bool {
    let mut components = path.components();
    let first = components
        .next()
        .and_then(|c| c.as_os_str().to_str())
        .unwrap_or("");
    let top_level = components.next().is_none();
    if top_level && first == crate::content::config::CONFIG_FILE {
        return true;
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    WATCHED.contains(&first) && !scratch(name)
}

/// Names editors and tools give files they are about to rename or delete.
fn scratch(name: &str) -> bool {
    name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
        || name.ends_with(".dossier-tmp")
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        || name == ".DS_Store"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_source_files_matter() {
        assert!(matters(Path::new("dossier.yaml")));
        assert!(matters(Path::new("content/briefs/a.md")));
        assert!(matters(Path::new("themes/default/templates/brief.html")));
        assert!(matters(Path::new("static/logo.png")));
        assert!(matters(Path::new("content")));
        assert!(!matters(Path::new("public/index.html")));
        assert!(!matters(Path::new("content/briefs/.a.md.swp")));
        assert!(!matters(Path::new("content/briefs/a.md~")));
        assert!(!matters(Path::new("content/briefs/4913")));
        assert!(!matters(Path::new("content/briefs/.#a.md")));
        assert!(!matters(Path::new(".git/index")));
        assert!(!matters(Path::new("notes/dossier.yaml")));
    }
}
