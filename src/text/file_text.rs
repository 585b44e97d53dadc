//! A content file's text as it is kept once the file is parsed, for what
//! reads it later: the lines its diagnostics show, the places of new
//! problems found when the site is linked, and the prose the unlinked
//! mentions are looked for in.
//!
//! Held as written ([`FileText::Plain`]) by `check` and `watch`. `build`
//! and `serve` leave it on disk ([`FileText::OnDisk`]) and read the file
//! again when it is asked: held, the texts are some 740 MB at 100,000
//! briefs, which `serve` would hold for as long as it runs and a build
//! through linking, its peak. A build reads each text once more, for its
//! unlinked mentions; a rebuild in `serve` only the few texts whose prose
//! may name a changed title, or which have a new problem. What is kept of
//! the text is its length, its hash and a hash of each line: a file read
//! again is used only if it is still the text that was parsed, and an
//! edited file's first changed line is found from the line hashes alone
//! (see [`FileText::first_changed_line`]).

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A file's text, cheap to clone: clones share one copy.
#[derive(Clone, Debug)]
pub enum FileText {
    Plain(Arc<str>),
    /// Not held: read again from the file when asked.
    OnDisk(Arc<OnDisk>),
}

/// What is kept of a text left on disk: where to read it again, and
/// enough to tell that what is read is still the text that was parsed.
#[derive(Debug)]
pub struct OnDisk {
    root: Root,
    /// Relative to the root, as diagnostics show it.
    path: Arc<Path>,
    len: usize,
    hash: u64,
    /// A short hash of each line, its newline included ([`line_hash`]).
    lines: Box<[u32]>,
}

/// The dossier root texts are read again from: as named (the path read
/// is under it, as when the file was first read) and as it really is.
#[derive(Debug, Clone)]
pub struct Root {
    named: Arc<Path>,
    real: Arc<Path>,
}

impl Root {
    pub fn new(named: &Path) -> Root {
        // A root that cannot be resolved holds nothing to read again:
        // no file under it resolves either.
        let real = named.canonicalize().unwrap_or_else(|_| named.to_path_buf());
        Root {
            named: Arc::from(named),
            real: Arc::from(real),
        }
    }
}

impl From<Arc<str>> for FileText {
    fn from(text: Arc<str>) -> Self {
        FileText::Plain(text)
    }
}

/// The hash a text is known by: the same text, the same hash, in every
/// run (a rebuild compares it with the hash of the last build's text).
pub fn hash(text: &str) -> u64 {
    let mut hasher = crate::fingerprint_hasher();
    text.hash(&mut hasher);
    hasher.finish()
}

/// A line's hash as a text left on disk keeps it: 32 bits, folded from
/// [`hash`]'s 64. A `serve` of 100,000 briefs keeps some 7 million lines,
/// and the lines are compared only to find where an edit starts: a
/// changed line taken for unchanged (one edit in four billion) keeps a
/// message of the file where it was until the next full rebuild.
fn line_hash(line: &str) -> u32 {
    let hash = hash(line);
    (hash ^ (hash >> 32)) as u32
}

impl FileText {
    /// The text as written: shared when it is held so, else read again
    /// from the file. A file that can no longer be read, or no longer
    /// holds the text that was parsed (it was edited since, and the
    /// edit's rebuild is still to come), reads as empty: that shows no
    /// line and names nothing, rather than showing the wrong one.
    pub fn read(&self) -> Arc<str> {
        match self {
            FileText::Plain(text) => text.clone(),
            FileText::OnDisk(disk) => Arc::from(disk.read().unwrap_or_default()),
        }
    }

    /// The text left on disk, at `path` under `root`, as a builder that
    /// keeps every file's text as long as it runs holds it; left as it is
    /// if it already is.
    pub fn leave_on_disk(&self, root: &Root, path: &Arc<Path>) -> FileText {
        match self {
            FileText::Plain(text) => FileText::OnDisk(Arc::new(OnDisk {
                root: root.clone(),
                path: path.clone(),
                len: text.len(),
                hash: hash(text),
                lines: text.split_inclusive('\n').map(line_hash).collect(),
            })),
            FileText::OnDisk(_) => self.clone(),
        }
    }

    /// Whether the text is left on disk.
    pub fn is_on_disk(&self) -> bool {
        matches!(self, FileText::OnDisk(_))
    }

    /// The 1-based line where `edited`, the file's new text, first
    /// differs from this one: every line above it is the same. For a text
    /// left on disk, which is gone once the file is edited, the lines
    /// are compared by their hashes.
    pub fn first_changed_line(&self, edited: &str) -> usize {
        let lines_above = match self {
            FileText::Plain(text) => {
                let same = text.bytes().zip(edited.bytes()).take_while(|(a, b)| a == b);
                same.filter(|(a, _)| *a == b'\n').count()
            }
            FileText::OnDisk(disk) => {
                let lines = disk.lines.iter().zip(edited.split_inclusive('\n'));
                lines
                    .take_while(|(old, new)| **old == line_hash(new))
                    .count()
            }
        };
        lines_above + 1
    }
}

impl OnDisk {
    /// The file's text, if it is still the one that was parsed. Read as
    /// the content folder's files are first read: under the root as
    /// named, its byte-order mark dropped; and only if it still resolves
    /// inside the root (see `content::fence`), so that a file replaced
    /// by a link since is not followed out of the dossier.
    fn read(&self) -> Option<String> {
        let path: PathBuf = self.root.named.join(&self.path);
        let real = path.canonicalize().ok()?;
        if !real.starts_with(&self.root.real) {
            return None;
        }
        let mut bytes = std::fs::read(real).ok()?;
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
        }
        let text = String::from_utf8(bytes).ok()?;
        (text.len() == self.len && hash(&text) == self.hash).then_some(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on_disk(root: &Path, rel: &str, written: &str) -> FileText {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, written).unwrap();
        let text = written.strip_prefix('\u{feff}').unwrap_or(written);
        FileText::from(Arc::<str>::from(text))
            .leave_on_disk(&Root::new(root), &Arc::from(Path::new(rel)))
    }

    #[test]
    fn texts_left_on_disk_read_back_as_written_in_any_script() {
        let dir = tempfile::tempdir().unwrap();
        for (i, written) in [
            "",
            "---\ntitle: A\n---\nGas flows.\n",
            "Газ идёт. گاز می‌رود.\n",
            "\u{feff}---\ntitle: With a byte-order mark\n---\n",
        ]
        .into_iter()
        .enumerate()
        {
            let text = on_disk(dir.path(), &format!("content/briefs/{i}.md"), written);
            assert!(text.is_on_disk());
            let expected = written.strip_prefix('\u{feff}').unwrap_or(written);
            assert_eq!(&*text.read(), expected);
            let again = text.leave_on_disk(&Root::new(dir.path()), &Arc::from(Path::new("x")));
            assert_eq!(&*again.read(), expected, "leaving it twice is once");
        }
    }

    #[test]
    fn a_file_edited_since_or_gone_reads_as_empty_not_as_its_new_text() {
        let dir = tempfile::tempdir().unwrap();
        let text = on_disk(dir.path(), "content/a.md", "Gas flows east.\n");
        std::fs::write(dir.path().join("content/a.md"), "Gas flows west.\n").unwrap();
        assert_eq!(&*text.read(), "");
        std::fs::write(dir.path().join("content/a.md"), "Gas flows east.\n").unwrap();
        assert_eq!(&*text.read(), "Gas flows east.\n", "the text parsed, back");
        std::fs::remove_file(dir.path().join("content/a.md")).unwrap();
        assert_eq!(&*text.read(), "");
    }

    #[cfg(unix)]
    #[test]
    fn a_file_replaced_by_a_link_out_of_the_dossier_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let (root, outside) = (dir.path().join("dossier"), dir.path().join("secret.md"));
        let text = on_disk(&root, "content/a.md", "Gas flows east.\n");
        std::fs::write(&outside, "Gas flows east.\n").unwrap();
        std::fs::remove_file(root.join("content/a.md")).unwrap();
        std::os::unix::fs::symlink(&outside, root.join("content/a.md")).unwrap();
        assert_eq!(&*text.read(), "", "the same text, but outside the root");
        // A link to a file inside the dossier is read, as the scan reads it.
        std::fs::write(root.join("content/b.md"), "Gas flows east.\n").unwrap();
        std::fs::remove_file(root.join("content/a.md")).unwrap();
        std::os::unix::fs::symlink(root.join("content/b.md"), root.join("content/a.md")).unwrap();
        assert_eq!(&*text.read(), "Gas flows east.\n");
    }

    #[test]
    fn the_first_changed_line_is_the_same_from_line_hashes_as_from_the_text() {
        let dir = tempfile::tempdir().unwrap();
        let old = "---\ntitle: A\n---\n\nOne.\n\nTwo.";
        let edits = [
            old,
            "---\ntitle: B\n---\n\nOne.\n\nTwo.",
            "---\ntitle: A\n---\n\nOne.\n\nTwo. Three.",
            "---\ntitle: A\n---\n\nOne.\n\nTwo.\n",
            "---\ntitle: A\n---\n\nOne.\n",
            "---\ntitle: A\n---\n\nOne.\n\nTwo.\n\nThree.\n",
            "",
            "Before.\n---\ntitle: A\n---\n",
        ];
        let plain = FileText::from(Arc::<str>::from(old));
        let disk = on_disk(dir.path(), "a.md", old);
        for edited in edits {
            let lines = (
                plain.first_changed_line(edited),
                disk.first_changed_line(edited),
            );
            match edited == old {
                // Unchanged: no line above the last changed.
                true => assert!(lines.0 >= 7 && lines.1 >= 7, "{lines:?}"),
                false => assert_eq!(lines.0, lines.1, "{edited:?}"),
            }
        }
        assert_eq!(disk.first_changed_line(edits[1]), 2);
        assert_eq!(disk.first_changed_line(edits[2]), 7);
    }
}
