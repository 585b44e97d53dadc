//! The manifest: the list of files the last build wrote into the output
//! folder, with the size and modification time each had when written, and
//! what that build reported (its inputs' digest, pages, warnings). It lets
//! the next build remove only its own stale files, skip a build whose
//! inputs and files did not change, and take back files it need not make
//! again ([`Written`]).

use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::paths::is_safe;
use super::stamp::FileStamp;
use crate::Fatal;

/// Lists the files the last build wrote, so the next one removes only its
/// own stale files and never a file someone else put there.
pub const MANIFEST: &str = ".dossier-manifest";

/// What the manifest records besides the files: the build's inputs (see
/// [`crate::build::inputs`]; 0 when unknown) and what the build reported.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Manifest {
    pub inputs: u64,
    pub pages: usize,
    pub warnings: usize,
}

const MANIFEST_HEADER: &str = "# dossier manifest 2";

/// The manifest's text in `dir`; empty when there is none.
pub fn read_text(dir: &Path) -> Result<String, Fatal> {
    let path = dir.join(MANIFEST);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(text),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(String::new()),
        Err(e) => Err(Fatal::io(&path, e)),
    }
}

/// When the manifest in `dir` records `inputs` and every file it lists is
/// as the build left it, that build's manifest; `None` otherwise.
pub fn up_to_date(dir: &Path, inputs: u64) -> Option<(Manifest, usize)> {
    let text = std::fs::read_to_string(dir.join(MANIFEST)).ok()?;
    let (manifest, files) = parse(&text)?;
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
        let (_, files) = parse(&text)?;
        let files = files
            .into_iter()
            .map(|(path, stamp)| (path.to_string(), stamp))
            .collect();
        Some(Written {
            dir: dir.to_path_buf(),
            files,
        })
    }

    /// The files under `prefix` with their bytes, read back, when every
    /// one is as the last build left it (the size and modification time
    /// its manifest records); `None` when any is not, or when there are
    /// none.
    pub fn kept(&self, prefix: &str) -> Option<Vec<(String, Vec<u8>)>> {
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
                Some((path.clone(), bytes))
            })
            .collect()
    }
}

/// The manifest's header and its files with their stamps; `None` for a
/// manifest of an older version, which lists paths only.
fn parse(text: &str) -> Option<(Manifest, Vec<(&str, FileStamp)>)> {
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
pub fn paths(text: &str) -> Vec<&str> {
    match parse(text) {
        Some((_, files)) => files.into_iter().map(|(path, _)| path).collect(),
        None if text.starts_with(MANIFEST_HEADER) => Vec::new(),
        None => text.lines().collect(),
    }
}

/// The manifest of the files in `listing`: a header, a blank line, then
/// one line per file (size, modification time, path; the path last, as it
/// may hold any character but a line break).
pub fn text(mut listing: Vec<(&str, FileStamp)>, manifest: Manifest) -> String {
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
