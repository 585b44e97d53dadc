//! The prose a body's unlinked mentions are looked for in: the plain text
//! of each block that holds some, with the runs of it that are ordinary
//! text (not code, link text, a heading, an image's alt text or raw HTML)
//! and where each run starts in the file.
//!
//! The pass records this, not the mentions themselves: which names exist
//! is known only once every page's front matter is read, and a body is
//! parsed (and cached) alone. The site stage searches it with one
//! trie of names for the whole build (see `site::mentions`), so a renamed
//! page changes every page's mentions without any body being parsed
//! again.

/// One block's plain text (as for link sentences) and its prose runs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ProseBlock {
    pub text: String,
    pub runs: Vec<Run>,
}

/// A run of ordinary text: `start..end` in the block's text, from byte
/// `file` of the file. `exact` when the run is the file's text byte for
/// byte (not a smart quote or an entity), so offsets inside it map back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Run {
    pub start: usize,
    pub end: usize,
    pub file: usize,
    pub exact: bool,
}

impl ProseBlock {
    /// The byte of the file where `at` (inside a run) was written.
    pub fn file_offset(&self, run: &Run, at: usize) -> usize {
        if run.exact {
            run.file + (at - run.start)
        } else {
            run.file
        }
    }
}

/// Collects prose runs during the pass, block by block.
#[derive(Default)]
pub(super) struct Prose {
    runs: Vec<Run>,
    pub(super) blocks: Vec<ProseBlock>,
}

impl Prose {
    /// Text `start..end` of the current block came from `source_len`
    /// bytes at byte `file` of the file.
    pub(super) fn run(&mut self, start: usize, end: usize, file: usize, source_len: usize) {
        if end > start {
            self.runs.push(Run {
                start,
                end,
                file,
                exact: end - start == source_len,
            });
        }
    }

    /// The current block ended with text `block`: it is kept if it held prose.
    pub(super) fn finish(&mut self, block: &str) {
        if !self.runs.is_empty() {
            self.blocks.push(ProseBlock {
                text: block.to_string(),
                runs: std::mem::take(&mut self.runs),
            });
        }
    }
}
