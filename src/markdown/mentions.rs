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

/// Every block of a body that holds prose: their plain texts (as for
/// link sentences) one after another in one string, and their runs in one
/// list. Kept with each parsed page for the whole build (and between
/// rebuilds), so it is stored flat: a string and a vector per block cost
/// a body of 30 paragraphs some 60 allocations and their spare room.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Prose {
    text: String,
    runs: Vec<Run>,
    /// Where each block ends in `text` and in `runs`.
    ends: Vec<(usize, usize)>,
}

/// One block's plain text and its prose runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProseBlock<'a> {
    pub text: &'a str,
    pub runs: &'a [Run],
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

impl Prose {
    /// The blocks, in the order of the body.
    pub fn blocks(&self) -> impl Iterator<Item = ProseBlock<'_>> {
        let mut from = (0, 0);
        self.ends.iter().map(move |&(text, runs)| {
            let block = ProseBlock {
                text: self.text.get(from.0..text).unwrap_or_default(),
                runs: self.runs.get(from.1..runs).unwrap_or_default(),
            };
            from = (text, runs);
            block
        })
    }
}

impl ProseBlock<'_> {
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
pub(super) struct Collect {
    /// The runs of the current block.
    block_runs: usize,
    pub(super) prose: Prose,
}

impl Collect {
    /// Text `start..end` of the current block came from `source_len`
    /// bytes at byte `file` of the file.
    pub(super) fn run(&mut self, start: usize, end: usize, file: usize, source_len: usize) {
        if end > start {
            self.prose.runs.push(Run {
                start,
                end,
                file,
                exact: end - start == source_len,
            });
            self.block_runs += 1;
        }
    }

    /// The current block ended with text `block`: it is kept if it held prose.
    pub(super) fn finish(&mut self, block: &str) {
        if self.block_runs > 0 {
            self.prose.text.push_str(block);
            self.prose
                .ends
                .push((self.prose.text.len(), self.prose.runs.len()));
            self.block_runs = 0;
        }
    }

    /// The prose of the whole body, without the room reserved for more.
    pub(super) fn done(mut self) -> Prose {
        self.prose.text.shrink_to_fit();
        self.prose.runs.shrink_to_fit();
        self.prose.ends.shrink_to_fit();
        self.prose
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blocks share one string and one run list: each must come back
    /// alone, so no name is found across two paragraphs, and a block
    /// without prose (a heading) leaves no empty block between them.
    #[test]
    fn blocks_come_back_one_by_one_with_their_own_runs() {
        let mut collect = Collect::default();
        collect.run(0, 5, 10, 5);
        collect.finish("Gas flows");
        collect.finish("A heading");
        collect.run(0, 3, 40, 3);
        collect.run(4, 9, 44, 6);
        collect.finish("Oil &amp; ok");
        let prose = collect.done();
        let blocks: Vec<ProseBlock> = prose.blocks().collect();
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].text, "Gas flows");
        assert_eq!(blocks[0].runs.len(), 1);
        assert_eq!(blocks[1].text, "Oil &amp; ok");
        assert_eq!(blocks[1].runs.len(), 2);
        assert!(!blocks[1].runs[1].exact);
        assert_eq!(blocks[1].file_offset(&blocks[1].runs[0], 1), 41);
    }
}
