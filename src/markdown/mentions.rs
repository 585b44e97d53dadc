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

use std::borrow::Cow;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use crate::text::file_text::FileText;
use crate::text::word_filter::{WordFilter, Words};

/// Every block of a body that holds prose: their plain texts (as for
/// link sentences) and their runs, kept flat in one string and one list.
/// Kept with each parsed page for the whole build (and between
/// rebuilds), so as little of the text as can be is kept twice: the
/// page keeps the file's text anyway (see [`Prose::share`]). A block
/// written plainly (no markup, entity or smart quote) is read from the
/// file's text whole; a block with some (a link's label, a smart quote)
/// keeps only those pieces, and its ordinary text is read from the file
/// between them: most of a dossier's prose is either.
#[derive(Debug, Clone, Default)]
pub struct Prose {
    text: String,
    runs: Vec<Run>,
    /// Where each block's text is, and where its runs end in `runs`.
    ends: Vec<End>,
    /// The file's text, once a block is read from it: as the file holds
    /// it, left on disk by `serve` (see [`Prose::hold_source`]).
    source: Option<FileText>,
    /// The words of every block, noted for a builder that rebuilds (see
    /// [`Prose::note_words`]).
    words: Option<WordFilter>,
}

/// Where one block's text is (32-bit, as [`Run`]'s offsets):
/// - `Own`: in [`Prose::text`], up to byte `text`;
/// - `File`: `len` bytes of the file's text from byte `at`;
/// - `Pieced`: its exact runs are read from the file's text (at each
///   run's `file`), and the bytes around them are in [`Prose::text`], up
///   to byte `text`, in order.
#[derive(Debug, Clone, Copy)]
enum End {
    Own { text: u32, runs: u32 },
    File { at: u32, len: u32, runs: u32 },
    Pieced { text: u32, runs: u32 },
}

impl End {
    fn runs(self) -> usize {
        match self {
            End::Own { runs, .. } | End::File { runs, .. } | End::Pieced { runs, .. } => {
                runs as usize
            }
        }
    }

    /// Where the block's own bytes end in [`Prose::text`], if it has any.
    fn own_end(self) -> Option<usize> {
        match self {
            End::Own { text, .. } | End::Pieced { text, .. } => Some(text as usize),
            End::File { .. } => None,
        }
    }
}

/// One block's plain text and its prose runs. The text is borrowed when
/// the block is kept whole (in the file or the prose) and put together
/// when it is kept in pieces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProseBlock<'a> {
    pub text: Cow<'a, str>,
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

impl Run {
    /// The run's bytes in the file's text `source`, when they are the
    /// run's text in `block` byte for byte.
    fn in_file<'s>(&self, block: &str, source: &'s str) -> Option<&'s str> {
        let (start, end, file) = (self.start as usize, self.end as usize, self.file as usize);
        let written = source.get(file..file.checked_add(end.checked_sub(start)?)?)?;
        (self.exact && block.get(start..end)? == written).then_some(written)
    }
}

impl Prose {
    /// The file's text the blocks are read from, read again if it is left
    /// on disk: read it once for many calls of [`Prose::blocks`].
    pub fn source(&self) -> Option<Arc<str>> {
        self.source.as_ref().map(FileText::read)
    }

    /// The blocks, in the order of the body, read from `source`, what
    /// [`Prose::source`] gave. A pieced block's text is put together in
    /// a string of its own: where every block is read, as in a search,
    /// [`Prose::any_block`] reuses one.
    pub fn blocks<'a>(&'a self, source: &'a str) -> impl Iterator<Item = ProseBlock<'a>> {
        self.parts(source).map(move |(text, runs)| {
            let text = match text {
                Held::Whole(text) => Cow::Borrowed(text),
                Held::Pieces(own) => {
                    let mut text = String::new();
                    put_together(&mut text, own, runs, source);
                    Cow::Owned(text)
                }
            };
            ProseBlock { text, runs }
        })
    }

    /// Whether `f` is true of any block, asked in the order of the body;
    /// a pieced block's text is put together in `buffer`.
    pub fn any_block(
        &self,
        buffer: &mut String,
        mut f: impl FnMut(ProseBlock<'_>) -> bool,
    ) -> bool {
        let source = self.source();
        let source = source.as_deref().unwrap_or_default();
        for (text, runs) in self.parts(source) {
            let text = match text {
                Held::Whole(text) => text,
                Held::Pieces(own) => {
                    put_together(buffer, own, runs, source);
                    buffer.as_str()
                }
            };
            let block = ProseBlock {
                text: Cow::Borrowed(text),
                runs,
            };
            if f(block) {
                return true;
            }
        }
        false
    }

    /// Notes which words the blocks hold, so that a rebuild can tell at
    /// once that a changed name is not in them (see [`Prose::may_name`]).
    /// Done by a builder that rebuilds (`serve`, `watch`) as each page is
    /// parsed: a one-off build never asks.
    pub fn note_words(&mut self) {
        let mut words = Words::default();
        self.any_block(&mut String::new(), |block| {
            words.add(&block.text);
            false
        });
        self.words = Some(words.filter());
    }

    /// False when no block can hold any of `names` (each a name's words,
    /// from [`crate::text::word_filter::phrase_words`]) as the phrase
    /// search would find it; true when one may, or no words were noted.
    pub fn may_name(&self, names: &[Vec<u64>]) -> bool {
        match &self.words {
            Some(filter) => names.iter().any(|name| filter.may_hold(name)),
            None => true,
        }
    }

    /// Each block's text as it is held (read from `source` where it is
    /// written there), and its runs.
    fn parts<'a>(&'a self, source: &'a str) -> impl Iterator<Item = (Held<'a>, &'a [Run])> {
        let mut from = (0, 0);
        self.ends.iter().map(move |&end| {
            let runs = self.runs.get(from.1..end.runs()).unwrap_or_default();
            from.1 = end.runs();
            let own = end.own_end().map_or("", |to| {
                let own = self.text.get(from.0..to).unwrap_or_default();
                from.0 = to;
                own
            });
            let text = match end {
                End::Own { .. } => Held::Whole(own),
                End::File { at, len, .. } => Held::Whole(
                    source
                        .get(at as usize..(at as usize).saturating_add(len as usize))
                        .unwrap_or_default(),
                ),
                End::Pieced { .. } => Held::Pieces(own),
            };
            (text, runs)
        })
    }

    /// Reads from `file` (the file's text) what of each block is
    /// written in it byte for byte rather than keeping a copy: a whole
    /// block written plainly, or the ordinary text between the pieces of
    /// a block with markup (see [`Prose`]). The blocks read the same.
    pub fn share(&mut self, file: &FileText) {
        let source = file.read();
        let before = self.source();
        let mut own = String::with_capacity(self.text.len());
        let mut ends = Vec::with_capacity(self.ends.len());
        let blocks = self.blocks(before.as_deref().unwrap_or_default());
        for (block, end) in blocks.zip(&self.ends) {
            // A `u32` read back as `usize`.
            let runs = end.runs() as u32;
            if let Some((at, len)) = written_at(&block, &source) {
                ends.push(End::File { at, len, runs });
                continue;
            }
            let pieced = pieces_around_file(&block, &source, &mut own);
            // No longer than the text it was, whose length fit.
            let text = u32::try_from(own.len()).unwrap_or(u32::MAX);
            ends.push(match pieced {
                true => End::Pieced { text, runs },
                false => End::Own { text, runs },
            });
        }
        if own.len() == self.text.len() {
            return;
        }
        self.text = crate::text::tight::string(own);
        self.ends = crate::text::tight::vec(ends);
        self.source = Some(file.clone());
    }

    /// Reads the blocks from `file`, the same text held otherwise (left
    /// on disk, by `serve`), if they are read from the file's text at all.
    pub fn hold_source(&mut self, file: &FileText) {
        if self.source.is_some() {
            self.source = Some(file.clone());
        }
    }

    /// Whether the blocks are read from a text left on disk.
    #[cfg(test)]
    pub fn reads_source_on_disk(&self) -> bool {
        self.source.as_ref().is_some_and(FileText::is_on_disk)
    }
}

/// Where in `source` the block's text is written as it is, if it is: the
/// text its first run starts is the file's from that run's byte.
fn written_at(block: &ProseBlock, source: &str) -> Option<(u32, u32)> {
    let first = block.runs.first().filter(|run| run.exact)?;
    let at = (first.file as usize).checked_sub(first.start as usize)?;
    let written = source.get(at..at.checked_add(block.text.len())?)?;
    if written != block.text {
        return None;
    }
    Some((
        u32::try_from(at).ok()?,
        u32::try_from(block.text.len()).ok()?,
    ))
}

/// Adds to `own` the bytes of `block` outside its exact runs, when there
/// is at least one such run, each is the file's text byte for byte and
/// they come one after another, as the pass writes them (true); else the
/// whole block (false). A run whose text only has the file's length
/// (`...` made `…`) keeps the block whole.
fn pieces_around_file(block: &ProseBlock, source: &str, own: &mut String) -> bool {
    let text: &str = &block.text;
    let before = own.len();
    let mut exact = block.runs.iter().filter(|run| run.exact).peekable();
    let mut at = 0;
    let mut pieced = exact.peek().is_some();
    for run in exact {
        let gap = text.get(at..run.start as usize);
        match (run.in_file(text, source), gap) {
            (Some(_), Some(gap)) => own.push_str(gap),
            _ => {
                pieced = false;
                break;
            }
        }
        at = run.end as usize;
    }
    match text.get(at..) {
        Some(rest) if pieced => own.push_str(rest),
        _ => {
            own.truncate(before);
            own.push_str(text);
            pieced = false;
        }
    }
    pieced
}

/// How a block's text is held: whole (in the prose or the file), or as
/// the pieces around its exact runs (see [`End::Pieced`]).
enum Held<'a> {
    Whole(&'a str),
    Pieces(&'a str),
}

/// Puts a pieced block's text together in `text`: `own` (its bytes
/// outside its exact runs, in order) with each exact run's bytes read
/// from `source` between them.
fn put_together(text: &mut String, own: &str, runs: &[Run], source: &str) {
    text.clear();
    let mut own = own;
    for run in runs.iter().filter(|run| run.exact) {
        let (start, end, file) = (run.start as usize, run.end as usize, run.file as usize);
        let gap = start.saturating_sub(text.len());
        let written = source.get(file..file.saturating_add(end.saturating_sub(start)));
        let (Some(piece), Some(written)) = (own.get(..gap), written) else {
            break;
        };
        text.push_str(piece);
        text.push_str(written);
        own = own.get(gap..).unwrap_or_default();
    }
    text.push_str(own);
}

/// Two proses are equal when their blocks are, wherever their texts are
/// kept.
impl PartialEq for Prose {
    fn eq(&self, other: &Self) -> bool {
        let (mine, theirs) = (self.source(), other.source());
        let mine = self.blocks(mine.as_deref().unwrap_or_default());
        mine.eq(other.blocks(theirs.as_deref().unwrap_or_default()))
    }
}

impl Eq for Prose {}

impl Hash for Prose {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.ends.len().hash(state);
        let source = self.source();
        for block in self.blocks(source.as_deref().unwrap_or_default()) {
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
            text: crate::text::tight::string(prose.text),
            runs: crate::text::tight::vec(prose.runs),
            ends: crate::text::tight::vec(prose.ends),
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
        let blocks: Vec<ProseBlock> = prose.blocks("").collect();
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].text, "Gas flows");
        assert_eq!(blocks[0].runs.len(), 1);
        assert_eq!(blocks[1].text, "Oil &amp; ok");
        assert_eq!(blocks[1].runs.len(), 2);
        assert!(!blocks[1].runs[1].exact);
        assert_eq!(blocks[1].file_offset(&blocks[1].runs[0], 1), 41);
    }

    /// A body's prose, with the file it was read from.
    fn prose_of(file: &str) -> (Prose, FileText) {
        let (body, _) = crate::markdown::pass::render(file, 0, &Default::default());
        (body.prose, FileText::from(Arc::<str>::from(file)))
    }

    fn hash(prose: &Prose) -> u64 {
        let mut h = crate::fingerprint_hasher();
        prose.hash(&mut h);
        h.finish()
    }

    fn texts(prose: &Prose) -> Vec<String> {
        blocks(prose).into_iter().map(|(text, _)| text).collect()
    }

    /// Each block's text and runs, read from the file as the prose holds it.
    fn blocks(prose: &Prose) -> Vec<(String, Vec<Run>)> {
        let source = prose.source();
        let blocks = prose.blocks(source.as_deref().unwrap_or_default());
        blocks
            .map(|b| (b.text.into_owned(), b.runs.to_vec()))
            .collect()
    }

    /// A block written plainly is read from the file's text whole; one
    /// with markup, an entity or a smart quote keeps only those pieces
    /// and reads its ordinary text from the file between them. Either way
    /// the blocks, and so the mentions, are the same.
    #[test]
    fn blocks_are_read_from_the_file_and_come_back_the_same() {
        let file = "Gas flows east.\n\nIt **was** \"cut\" &amp; see [[Baku]] now.\n\n- Oil too\n";
        let (unshared, source) = prose_of(file);
        let mut shared = unshared.clone();
        shared.share(&source);
        let texts = texts(&shared);
        assert_eq!(texts.len(), 3, "{texts:?}");
        assert_eq!(texts[0], "Gas flows east.");
        // An unlabelled link reads as its placeholder until links resolve.
        assert!(
            texts[1].starts_with("It was \u{201c}cut\u{201d} & see "),
            "{texts:?}"
        );
        assert_eq!(texts[2], "Oil too");
        assert_eq!(blocks(&unshared), blocks(&shared));
        assert_eq!(shared, unshared);
        assert!(
            shared.text.starts_with("\u{201c}\u{201d}&") && !shared.text.contains("was"),
            "only what the file does not hold as written is kept: {:?}",
            shared.text
        );
        assert_eq!(hash(&shared), hash(&unshared));
    }

    /// A run that has the file's length but not its bytes (`...` made
    /// `…`) keeps its block whole: read from the file, it would read
    /// otherwise. The block next to it is still read from the file.
    #[test]
    fn a_block_is_read_from_the_file_only_where_every_byte_matches() {
        let (mut prose, source) = prose_of("Wait... then gas.\n\nIran's gas.\n");
        let before = prose.clone();
        prose.share(&source);
        assert_eq!(
            texts(&prose),
            ["Wait\u{2026} then gas.", "Iran\u{2019}s gas."]
        );
        assert_eq!(prose, before);
        assert_eq!(prose.text, "Wait\u{2026} then gas.\u{2019}");
        assert_eq!(hash(&prose), hash(&before));
    }

    /// Runs that overlap (which the pass never writes) keep their block
    /// whole rather than put together wrong.
    #[test]
    fn a_block_whose_runs_overlap_is_kept_whole() {
        let source = FileText::from(Arc::<str>::from("Gas flows east."));
        let mut collect = Collect::default();
        collect.run(0, 9, 0, 9);
        collect.run(4, 9, 4, 5);
        collect.finish("Gas flows [x]");
        let whole = collect.done();
        let mut shared = whole.clone();
        shared.share(&source);
        assert_eq!(texts(&shared), ["Gas flows [x]"]);
        assert_eq!(shared.text, "Gas flows [x]");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

        /// Whatever the body, its prose reads the same kept in pieces
        /// as kept whole: every block's text and runs.
        #[test]
        fn prose_kept_in_pieces_reads_as_kept_whole(
            words in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::prelude::Just("gas "), proptest::prelude::Just("Iran's "),
                    proptest::prelude::Just("\"cut\" "), proptest::prelude::Just("... "),
                    proptest::prelude::Just("&amp; "), proptest::prelude::Just("[[Baku]] "),
                    proptest::prelude::Just("[[b|Baku’s]] "), proptest::prelude::Just("**was** "),
                    proptest::prelude::Just("`code` "), proptest::prelude::Just("\n\n"),
                    proptest::prelude::Just("\n- "), proptest::prelude::Just("# T\n"),
                    proptest::prelude::Just("Тегеран "), proptest::prelude::Just("--- "),
                    proptest::prelude::Just("\\* "), proptest::prelude::Just("[@s1] "),
                    proptest::prelude::Just("<b>x</b> "), proptest::prelude::Just("$x$ "),
                ],
                0..40,
            )
        ) {
            let (whole, source) = prose_of(&words.concat());
            let mut pieces = whole.clone();
            pieces.share(&source);
            proptest::prop_assert!(pieces.text.len() <= whole.text.len());
            proptest::prop_assert_eq!(blocks(&pieces), blocks(&whole));
            let dir = tempfile::tempdir().expect("a temporary folder");
            std::fs::write(dir.path().join("a.md"), &*source.read()).expect("written");
            let root = crate::text::file_text::Root::new(dir.path());
            let mut on_disk = pieces.clone();
            on_disk.hold_source(&source.leave_on_disk(&root, &Arc::from(std::path::Path::new("a.md"))));
            proptest::prop_assert_eq!(blocks(&on_disk), blocks(&whole));
        }
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
        let blocks: Vec<ProseBlock> = prose.blocks("").collect();
        assert_eq!(blocks.len(), 1);
        assert_eq!(blocks[0].text, "Oil gas");
        assert_eq!(blocks[0].runs.len(), 1);
        assert_eq!(blocks[0].file_offset(&blocks[0].runs[0], 1), 41);
    }
}
