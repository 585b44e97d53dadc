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

use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// Every block of a body that holds prose: their plain texts (as for
/// link sentences) one after another in one string, and their runs in one
/// list. Kept with each parsed page for the whole build (and between
/// rebuilds), so it is stored flat: a string and a vector per block cost
/// a body of 30 paragraphs some 60 allocations and their spare room. A
/// block written plainly (no markup, entity or smart quote) is the file's
/// text byte for byte: it is read from the file's text, which the page
/// keeps anyway, not copied (see [`Prose::share`]); a third of the prose
/// of a typical dossier.
#[derive(Debug, Clone, Default)]
pub struct Prose {
    text: String,
    runs: Vec<Run>,
    /// Where each block's text is, and where its runs end in `runs`.
    ends: Vec<End>,
    /// The file's text, once a block is read from it.
    source: Option<Arc<str>>,
}

/// Where one block's text is: in [`Prose::text`] up to byte `text`, or
/// `len` bytes of the file's text from byte `at`. 32-bit, as [`Run`]'s
/// offsets: 16 bytes a block.
#[derive(Debug, Clone, Copy)]
enum End {
    Own { text: u32, runs: u32 },
    File { at: u32, len: u32, runs: u32 },
}

impl End {
    fn runs(self) -> usize {
        match self {
            End::Own { runs, .. } | End::File { runs, .. } => runs as usize,
        }
    }
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
/// Offsets are 32-bit: a dossier has some hundred runs a brief, and half
/// the size is some 14 MB less at 10,000 briefs; prose past 4 GiB in a
/// file is not searched for mentions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Run {
    pub start: u32,
    pub end: u32,
    pub file: u32,
    pub exact: bool,
}

impl Prose {
    /// The blocks, in the order of the body.
    pub fn blocks(&self) -> impl Iterator<Item = ProseBlock<'_>> {
        let mut from = (0, 0);
        self.ends.iter().map(move |&end| {
            let text = match end {
                End::Own { text, .. } => {
                    let text = text as usize;
                    let own = self.text.get(from.0..text).unwrap_or_default();
                    from.0 = text;
                    own
                }
                End::File { at, len, .. } => self
                    .source
                    .as_deref()
                    .and_then(|source| {
                        source.get(at as usize..(at as usize).checked_add(len as usize)?)
                    })
                    .unwrap_or_default(),
            };
            let runs = self.runs.get(from.1..end.runs()).unwrap_or_default();
            from.1 = end.runs();
            ProseBlock { text, runs }
        })
    }

    /// Reads every block that is `source` (the file's text) byte for
    /// byte from it rather than keeping a copy; the rest stay as they are.
    pub fn share(&mut self, source: &Arc<str>) {
        let mut own = String::with_capacity(self.text.len());
        let mut ends = Vec::with_capacity(self.ends.len());
        for (block, end) in self.blocks().zip(&self.ends) {
            let written = written_at(&block, source).and_then(|at| {
                let (at, len) = (
                    u32::try_from(at).ok()?,
                    u32::try_from(block.text.len()).ok()?,
                );
                Some((at, len))
            });
            // A `u32` read back as `usize`.
            let runs = end.runs() as u32;
            match written {
                Some((at, len)) => ends.push(End::File { at, len, runs }),
                None => {
                    own.push_str(block.text);
                    // No longer than the text it was, whose length fit.
                    let text = u32::try_from(own.len()).unwrap_or(u32::MAX);
                    ends.push(End::Own { text, runs });
                }
            }
        }
        if own.len() == self.text.len() {
            return;
        }
        self.text = super::tight::string(own);
        self.ends = super::tight::vec(ends);
        self.source = Some(source.clone());
    }
}

/// Where in `source` the block's text is written as it is, if it is: the
/// text its first run starts is the file's from that run's byte.
fn written_at(block: &ProseBlock, source: &str) -> Option<usize> {
    let first = block.runs.first().filter(|run| run.exact)?;
    let at = (first.file as usize).checked_sub(first.start as usize)?;
    let written = source.get(at..at.checked_add(block.text.len())?)?;
    (written == block.text).then_some(at)
}

/// Two proses are equal when their blocks are, wherever their texts are
/// kept.
impl PartialEq for Prose {
    fn eq(&self, other: &Self) -> bool {
        self.blocks().eq(other.blocks())
    }
}

impl Eq for Prose {}

impl Hash for Prose {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.ends.len().hash(state);
        for block in self.blocks() {
            block.text.hash(state);
            block.runs.hash(state);
        }
    }
}

impl ProseBlock<'_> {
    /// The byte of the file where `at` (inside a run) was written.
    pub fn file_offset(&self, run: &Run, at: usize) -> usize {
        let file = run.file as usize;
        if run.exact {
            file + at.saturating_sub(run.start as usize)
        } else {
            file
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
        let narrow = |n: usize| u32::try_from(n).ok();
        if end > start
            && let (Some(start32), Some(end32), Some(file32)) =
                (narrow(start), narrow(end), narrow(file))
        {
            self.prose.runs.push(Run {
                start: start32,
                end: end32,
                file: file32,
                exact: end - start == source_len,
            });
            self.block_runs += 1;
        }
    }

    /// The current block ended with text `block`: it is kept if it held prose.
    pub(super) fn finish(&mut self, block: &str) {
        let prose = &mut self.prose;
        let ends = (
            u32::try_from(prose.text.len() + block.len()),
            u32::try_from(prose.runs.len()),
        );
        match ends {
            (Ok(text), Ok(runs)) if self.block_runs > 0 => {
                prose.text.push_str(block);
                prose.ends.push(End::Own { text, runs });
            }
            // Prose past 4 GiB of a body is not searched for mentions.
            _ => prose.runs.truncate(prose.runs.len() - self.block_runs),
        }
        self.block_runs = 0;
    }

    /// The prose of the whole body, without the room reserved for more.
    pub(super) fn done(self) -> Prose {
        let prose = self.prose;
        Prose {
            text: super::tight::string(prose.text),
            runs: super::tight::vec(prose.runs),
            ends: super::tight::vec(prose.ends),
            ..prose
        }
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

    /// A body's prose, with the file it was read from.
    fn prose_of(file: &str) -> (Prose, Arc<str>) {
        let body = crate::markdown::pass::render(file, 0, &Default::default());
        (body.prose, Arc::from(file))
    }

    /// A block written plainly is read from the file's text rather than
    /// kept twice; one with markup, an entity or a smart quote is kept as
    /// it reads. Either way the blocks, and so the mentions, are the same.
    #[test]
    fn blocks_written_plainly_are_read_from_the_file_and_come_back_the_same() {
        let file = "Gas flows east.\n\nIt **was** \"cut\" &amp; see [[Baku]] now.\n\n- Oil too\n";
        let (unshared, source) = prose_of(file);
        let mut shared = unshared.clone();
        shared.share(&source);
        let texts: Vec<&str> = shared.blocks().map(|b| b.text).collect();
        assert_eq!(texts.len(), 3, "{texts:?}");
        assert_eq!(texts[0], "Gas flows east.");
        assert_eq!(texts[2], "Oil too");
        assert!(unshared.blocks().eq(shared.blocks()));
        assert_eq!(shared, unshared);
        assert_eq!(shared.text, texts[1], "only the block with markup is kept");
        let hash = |p: &Prose| {
            let mut h = crate::fingerprint_hasher();
            p.hash(&mut h);
            h.finish()
        };
        assert_eq!(hash(&shared), hash(&unshared));
    }

    /// A block whose text is the file's only in length (a smart quote
    /// turned `'` into `’` elsewhere in it) is not read from the file.
    #[test]
    fn a_block_is_read_from_the_file_only_where_every_byte_matches() {
        let (mut prose, source) = prose_of("Iran's gas.\n");
        let before = prose.clone();
        prose.share(&source);
        assert_eq!(
            prose.blocks().next().map(|b| b.text),
            Some("Iran\u{2019}s gas.")
        );
        assert_eq!(prose, before);
        assert!(prose.source.is_none(), "nothing read from the file");
    }

    /// Offsets are kept in 32 bits: a run past 4 GiB of its file is left
    /// out, and a block left with no run is not kept, rather than either
    /// being kept with a wrong offset.
    #[test]
    fn a_run_past_four_gib_of_its_file_is_left_out() {
        let mut collect = Collect::default();
        collect.run(0, 3, 5_000_000_000, 3);
        collect.finish("Gas");
        collect.run(0, 3, 40, 3);
        collect.run(4, 7, 5_000_000_000, 3);
        collect.finish("Oil gas");
        let prose = collect.done();
        let blocks: Vec<ProseBlock> = prose.blocks().collect();
        assert_eq!(blocks.len(), 1);
        assert_eq!(blocks[0].text, "Oil gas");
        assert_eq!(blocks[0].runs.len(), 1);
        assert_eq!(blocks[0].file_offset(&blocks[0].runs[0], 1), 41);
    }
}
