//! Finding many phrases (page names) in text as whole words, in any
//! script: a trie over words rather than bytes.
//!
//! A phrase is cut into tokens: a run of letters and digits is one word,
//! any other character is a token of its own. Text is cut the same way,
//! and a phrase can start only where a word starts (or at a punctuation
//! mark not glued to a word), so the search does one hash lookup per word
//! of text and follows the trie only while the words go on matching. A
//! byte automaton over the same names (`aho-corasick`) steps through its
//! states for every byte: at 100,000 briefs the link stage holding the
//! search took 12.6 s with it and 6.4 s with this trie (measured when
//! it was replaced).
//!
//! Phrases are given lowercased; text is given lowercased, or as ASCII in
//! any case (its words are lowercased here, one at a time).

use rayon::prelude::*;

use crate::HashMap;

/// The phrases to look for, as a trie over word ids, laid out in one
/// array: a node is its phrase (or `NONE`), its number of children, their
/// keys (sorted), where each child starts and each child's [`hint`]. Nodes
/// are laid out breadth first, so a deeper node, met at a random place,
/// costs one cache line rather than one per table. The first level, which
/// nearly every word of text steps into, is searched through `starts` and
/// `pairs` instead, without reading its nodes.
pub struct Phrases {
    /// Every word and mark of every phrase, and its id.
    words: HashMap<Box<str>, u32>,
    /// Per word id: where the node a phrase starting with it leads to
    /// starts in `nodes` (or `NONE`), and the phrase ending there (or
    /// `NONE`), so a search reads no first-level node.
    starts: Vec<[u32; 2]>,
    /// The nodes, one after another (see above).
    nodes: Vec<u32>,
    /// The first-level nodes' edges, by first word id and second key
    /// ([`pair`]): each child and its [`hint`]. At 100,000 titles a
    /// common first word has hundreds of children, and a binary search
    /// of them, done for nearly every word of text, misses the cache at
    /// each step; one hash lookup misses it once or twice.
    pairs: HashMap<u64, [u32; 2]>,
    /// The ids of ASCII marks (`-`, `'`, `.`…), looked up without hashing.
    ascii_marks: [u32; 128],
}

const NONE: u32 = u32::MAX;

/// One token of a text: its byte range, whether it is a word, whether a
/// single space came right before it, and its id (`NONE` if no phrase
/// holds it).
#[derive(Clone, Copy)]
struct Token {
    start: usize,
    end: usize,
    word: bool,
    spaced: bool,
    id: u32,
}

/// The key of the edge to a token: its id and whether one space came
/// before it. Folding the space into the key (rather than a token of its
/// own) halves the steps of a walk, and still keeps `a b` apart from
/// `a-b` and from `a  b`.
fn key(token: &Token) -> u32 {
    token.id.wrapping_mul(2) | u32::from(token.spaced)
}

/// A phrase found: its index in the list given to [`Phrases::new`], and
/// its byte range in the text searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub phrase: usize,
    pub start: usize,
    pub end: usize,
}

/// A search's reusable memory: the text's tokens (and again, with the
/// ids of a second trie searched beside: [`Phrases::find_with`]) and one
/// word lowercased.
#[derive(Default)]
pub struct Scratch {
    tokens: Vec<Token>,
    more_tokens: Vec<Token>,
    lower: String,
}

/// The phrases as they are read: each one's tokens as the trie keys
/// them (its first word's id, then [`key`]s), with its index.
#[derive(Default)]
struct Building {
    words: HashMap<Box<str>, u32>,
    phrases: Vec<(Vec<u32>, u32)>,
}

impl Building {
    fn insert(&mut self, phrase: &str, index: u32) {
        let mut keys = Vec::new();
        tokens_of(phrase, |mut token| {
            token.id = self.word_id(&phrase[token.start..token.end]);
            keys.push(match keys.is_empty() {
                true => token.id,
                false => key(&token),
            });
        });
        if !keys.is_empty() {
            self.phrases.push((keys, index));
        }
    }

    fn word_id(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.words.get(word) {
            return id;
        }
        let id = u32::try_from(self.words.len()).unwrap_or(NONE);
        self.words.insert(word.into(), id);
        id
    }

    /// The trie laid out breadth first. Sorted, the phrases sharing a
    /// node's words are a run of the list, the one ending there first
    /// (the lowest index of equal phrases first), and its children are
    /// the runs that go on with the same next key.
    fn freeze(mut self) -> Phrases {
        // On every core: 100,000 titles take a tenth of a second on one.
        self.phrases.par_sort_unstable();
        let phrases = &self.phrases;
        let mut starts = vec![NONE; self.words.len()];
        let mut nodes: Vec<u32> = Vec::new();
        // Each node to lay out: its run, its depth (the keys its phrases
        // share) and where its parent keeps its place (`None` for a first
        // word's node, kept in `starts`).
        let mut queue = std::collections::VecDeque::new();
        for run in runs(phrases, 0, 0..phrases.len()) {
            queue.push_back((run, 1, None));
        }
        while let Some((run, depth, parent)) = queue.pop_front() {
            let at = u32::try_from(nodes.len()).unwrap_or(NONE);
            let (keys, _) = &phrases[run.start];
            match parent {
                Some(slot) => nodes[slot] = at,
                None => starts[keys[0] as usize] = at,
            }
            // A phrase listed twice ends here twice: the first wins.
            let ending = phrases[run.clone()]
                .iter()
                .take_while(|(keys, _)| keys.len() == depth)
                .count();
            let end = match ending {
                0 => NONE,
                _ => phrases[run.start].1,
            };
            let rest = run.start + ending..run.end;
            let children = runs(phrases, depth, rest);
            nodes.push(end);
            nodes.push(u32::try_from(children.len()).unwrap_or(NONE));
            nodes.extend(children.iter().map(|c| phrases[c.start].0[depth]));
            let first_slot = nodes.len();
            nodes.resize(first_slot + children.len(), NONE);
            nodes.extend(
                children
                    .iter()
                    .map(|c| hint(&phrases[c.clone()], depth + 1)),
            );
            for (i, child) in children.into_iter().enumerate() {
                queue.push_back((child, depth + 1, Some(first_slot + i)));
            }
        }
        let (starts, pairs) = first_level(&starts, &nodes);
        let mut ascii_marks = [NONE; 128];
        for (word, &id) in &self.words {
            if let [b] = word.as_bytes()
                && !b.is_ascii_alphanumeric()
                && let Some(slot) = ascii_marks.get_mut(usize::from(*b))
            {
                *slot = id;
            }
        }
        Phrases {
            words: self.words,
            starts,
            nodes,
            pairs,
            ascii_marks,
        }
    }
}

/// Per word id, its first-level node and the phrase ending there; and
/// every edge out of a first-level node, by [`pair`].
fn first_level(starts: &[u32], nodes: &[u32]) -> (Vec<[u32; 2]>, HashMap<u64, [u32; 2]>) {
    let mut pairs = HashMap::default();
    let firsts = starts
        .iter()
        .enumerate()
        .map(|(word, &node)| {
            let Some(edges) = edges(nodes, node) else {
                return [NONE, NONE];
            };
            let word = u32::try_from(word).unwrap_or(NONE);
            for (key, child, hint) in edges {
                pairs.insert(pair(word, key), [child, hint]);
            }
            [node, nodes.get(node as usize).copied().unwrap_or(NONE)]
        })
        .collect();
    (firsts, pairs)
}

/// The edges out of the node at `node`: each child's key, place and hint.
fn edges(nodes: &[u32], node: u32) -> Option<impl Iterator<Item = (u32, u32, u32)> + '_> {
    let at = usize::try_from(node).ok().filter(|_| node != NONE)?;
    let count = *nodes.get(at + 1)? as usize;
    let keys = nodes.get(at + 2..at + 2 + count)?;
    let children = nodes.get(at + 2 + count..at + 2 + 2 * count)?;
    let hints = nodes.get(at + 2 + 2 * count..at + 2 + 3 * count)?;
    Some(
        keys.iter()
            .zip(children)
            .zip(hints)
            .map(|((&key, &child), &hint)| (key, child, hint)),
    )
}

/// The key of the edge from the first-level node of word `first` by `key`.
fn pair(first: u32, key: u32) -> u64 {
    (u64::from(first) << 32) | u64::from(key)
}

/// A node's hint, kept with the edge to it: whether a phrase ends there
/// (`ENDS`) and a one-word-wide filter of its children's keys. A walk
/// reads the node only when the hint says it could go on there: at
/// 100,000 titles nearly every two words of text are the start of one,
/// and the node of the third is a cache miss.
fn hint(run: &[(Vec<u32>, u32)], depth: usize) -> u32 {
    run.iter().fold(0, |hint, (keys, _)| match keys.get(depth) {
        Some(&key) => hint | filter_bit(key),
        None => hint | ENDS,
    })
}

/// The bit of `key` in a hint.
fn filter_bit(key: u32) -> u32 {
    1 << (key % 31)
}

/// The hint bit of a node where a phrase ends.
const ENDS: u32 = 1 << 31;

/// The runs of `range` (sorted phrases, each longer than `depth` keys)
/// that share their key at `depth`.
fn runs(
    phrases: &[(Vec<u32>, u32)],
    depth: usize,
    range: std::ops::Range<usize>,
) -> Vec<std::ops::Range<usize>> {
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    for i in range {
        let key = phrases[i].0[depth];
        match out.last_mut() {
            Some(run) if phrases[run.start].0[depth] == key => run.end = i + 1,
            _ => out.push(i..i + 1),
        }
    }
    out
}

impl Phrases {
    /// The trie of `phrases` (lowercased, not empty, no leading or
    /// trailing space); a phrase listed twice is found as its first.
    pub fn new<'a>(phrases: impl IntoIterator<Item = &'a str>) -> Phrases {
        let mut building = Building::default();
        for (index, phrase) in phrases.into_iter().enumerate() {
            building.insert(phrase, u32::try_from(index).unwrap_or(NONE));
        }
        building.freeze()
    }

    /// Calls `found` for each phrase in `text`, left to right, the longest
    /// at each place, none overlapping; `found` returns whether to go on.
    /// A phrase counts only as whole words: no letter or digit touches it
    /// on either side.
    pub fn find(&self, text: &str, scratch: &mut Scratch, mut found: impl FnMut(Found) -> bool) {
        self.find_with(|_| true, None, text, scratch, |hit, _| found(hit));
    }

    /// As [`find`](Self::find), over the phrases of this trie that `keep`
    /// keeps (by index) and every phrase of `more`: `found` is also told
    /// whether the phrase is `more`'s. So a trie of many phrases need not
    /// be built again when a few of them are dropped and a few added:
    /// the dropped are not kept and the added are `more`. A phrase in
    /// both is found in `more`; one listed twice in this trie is known by
    /// its first index alone, so `keep` keeps or drops it by that.
    pub fn find_with(
        &self,
        keep: impl Fn(usize) -> bool,
        more: Option<&Phrases>,
        text: &str,
        scratch: &mut Scratch,
        mut found: impl FnMut(Found, bool) -> bool,
    ) {
        let Scratch {
            tokens,
            more_tokens,
            lower,
        } = scratch;
        self.tokenize(text, tokens, lower);
        // The second trie's tokens are cut where these are: only their
        // ids differ.
        if let Some(more) = more {
            more.retag(text, tokens, more_tokens, lower);
        }
        let mut i = 0;
        while i < tokens.len() {
            let here = self.longest_at(tokens, i, &keep);
            let there = more.and_then(|more| more.longest_at(more_tokens, i, &|_| true));
            let longest = match (here, there) {
                (Some(here), Some(there)) if here.1 > there.1 => Some((here, false)),
                (_, Some(there)) => Some((there, true)),
                (here, None) => here.map(|here| (here, false)),
            };
            let Some(((phrase, last), in_more)) = longest else {
                i += 1;
                continue;
            };
            let hit = Found {
                phrase,
                start: tokens[i].start,
                end: tokens[last].end,
            };
            if !found(hit, in_more) {
                return;
            }
            i = last + 1;
        }
    }

    /// The longest phrase that `keep` keeps starting at token `i`, and
    /// its last token.
    fn longest_at(
        &self,
        tokens: &[Token],
        i: usize,
        keep: &impl Fn(usize) -> bool,
    ) -> Option<(usize, usize)> {
        let first = tokens[i];
        // A mark glued to the word before it starts nothing.
        if !first.word
            && !first.spaced
            && i > 0
            && tokens[i - 1].word
            && tokens[i - 1].end == first.start
        {
            return None;
        }
        let [mut node, mut phrase] = *self.starts.get(first.id as usize)?;
        if node == NONE {
            return None;
        }
        let mut best = None;
        let mut j = i;
        loop {
            if phrase != NONE && !self.glued_after(tokens, j) && keep(phrase as usize) {
                best = Some((phrase as usize, j));
            }
            j += 1;
            let next = match j == i + 1 {
                true => self.first_child(first.id, tokens, j),
                false => self.child(node, tokens, j),
            };
            let Some((child, hint)) = next else {
                break;
            };
            // No phrase ends at the child and the token after it leads
            // nowhere from there: the walk would end in the child.
            let on = tokens.get(j + 1).is_some_and(|t| t.id != NONE)
                && hint & filter_bit(key(&tokens[j + 1])) != 0;
            if hint & ENDS == 0 && !on {
                break;
            }
            node = child;
            let Some(&at_child) = self.nodes.get(node as usize) else {
                break;
            };
            phrase = at_child;
        }
        best
    }

    /// The child of word `first`'s first-level node that token `j` leads
    /// to, and its hint.
    fn first_child(&self, first: u32, tokens: &[Token], j: usize) -> Option<(u32, u32)> {
        let token = tokens.get(j).filter(|t| t.id != NONE)?;
        let [child, hint] = *self.pairs.get(&pair(first, key(token)))?;
        Some((child, hint))
    }

    /// Whether token `j` is a mark with a word right after it, so a phrase
    /// ending there would end inside that word's neighbour.
    fn glued_after(&self, tokens: &[Token], j: usize) -> bool {
        !tokens[j].word && tokens.get(j + 1).is_some_and(|t| t.word && !t.spaced)
    }

    /// The child of `node` that token `j` leads to, and its hint.
    fn child(&self, node: u32, tokens: &[Token], j: usize) -> Option<(u32, u32)> {
        let token = tokens.get(j).filter(|t| t.id != NONE)?;
        let node = node as usize;
        let count = *self.nodes.get(node + 1)? as usize;
        let keys = self.nodes.get(node + 2..node + 2 + count)?;
        let at = keys.binary_search(&key(token)).ok()?;
        let child = *self.nodes.get(node + 2 + count + at)?;
        let hint = *self.nodes.get(node + 2 + 2 * count + at)?;
        Some((child, hint))
    }

    /// Cuts `text` into `tokens`, each with its id (`lower` is room to
    /// lowercase a word in).
    fn tokenize(&self, text: &str, tokens: &mut Vec<Token>, lower: &mut String) {
        tokens.clear();
        tokens_of(text, |mut token| {
            token.id = self.id_of(text, &token, lower);
            tokens.push(token);
        });
    }

    /// `cut`, the tokens of `text` another trie cut, with this trie's ids.
    fn retag(&self, text: &str, cut: &[Token], tokens: &mut Vec<Token>, lower: &mut String) {
        tokens.clear();
        tokens.extend(cut.iter().map(|token| Token {
            id: self.id_of(text, token, lower),
            ..*token
        }));
    }

    /// The id of `token` of `text` in this trie (`NONE` if no phrase holds
    /// it); ASCII letters are matched in any case.
    fn id_of(&self, text: &str, token: &Token, lower: &mut String) -> u32 {
        let piece = &text[token.start..token.end];
        let id = if let (false, [b]) = (token.word, piece.as_bytes()) {
            self.ascii_marks.get(usize::from(*b))
        } else if token.word && piece.bytes().any(|b| b.is_ascii_uppercase()) {
            lower.clear();
            lower.push_str(piece);
            lower.make_ascii_lowercase();
            self.words.get(lower.as_str())
        } else {
            self.words.get(piece)
        };
        id.copied().unwrap_or(NONE)
    }
}

/// Calls `each` with every word of `text` as [`Phrases::find`] cuts it
/// (a run of letters and digits), as written: the search lowercases an
/// ASCII word's letters itself.
pub fn each_word(text: &str, mut each: impl FnMut(&str)) {
    tokens_of(text, |token| {
        if token.word {
            each(&text[token.start..token.end]);
        }
    });
}

/// The apostrophe smart punctuation writes for `'`, which names are
/// matched as if it were.
pub const CURLY_APOSTROPHE: char = '\u{2019}';

/// Adds `c` lowercased to `lower`, as text other than ASCII is given to
/// [`Phrases::find`]: letter by letter (`Σ` is always `σ`), the curly
/// apostrophe made straight.
pub fn push_lowercase(c: char, lower: &mut String) {
    if c == CURLY_APOSTROPHE {
        lower.push('\'');
    } else {
        lower.extend(c.to_lowercase());
    }
}

/// Calls `each` with the tokens of `text` (ids not yet set): each run of
/// letters and digits is a word, any other character a token of its own,
/// except one space between two other tokens, which marks the token after
/// it as `spaced`. So a phrase matches the text's characters exactly, as
/// a reader searching for it would expect.
fn tokens_of(text: &str, mut each: impl FnMut(Token)) {
    let bytes = text.as_bytes();
    let mut at = 0;
    let mut spaced = false;
    let mut previous_space = true;
    while let Some((c, len)) = char_at(text, at) {
        let start = at;
        at += len;
        if c == ' ' && !previous_space && bytes.get(at).is_some_and(|&b| b != b' ') {
            spaced = true;
            previous_space = true;
            continue;
        }
        let word = c.is_alphanumeric();
        if word {
            // Most text is ASCII: its letters are read as bytes.
            while let Some(&b) = bytes.get(at) {
                if b.is_ascii_alphanumeric() {
                    at += 1;
                    continue;
                }
                match char_at(text, at) {
                    Some((c, len)) if !c.is_ascii() && c.is_alphanumeric() => at += len,
                    _ => break,
                }
            }
        }
        each(Token {
            start,
            end: at,
            word,
            spaced,
            id: NONE,
        });
        spaced = false;
        previous_space = c == ' ';
    }
}

/// The character at byte `at` of `text` (a character boundary) and its
/// length, ASCII without decoding.
fn char_at(text: &str, at: usize) -> Option<(char, usize)> {
    let b = *text.as_bytes().get(at)?;
    if b.is_ascii() {
        return Some((char::from(b), 1));
    }
    let c = text.get(at..)?.chars().next()?;
    Some((c, c.len_utf8()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(phrases: &[&str], text: &str) -> Vec<(usize, &'static str)> {
        let trie = Phrases::new(phrases.iter().copied());
        let mut out = Vec::new();
        let mut scratch = Scratch::default();
        trie.find(text, &mut scratch, |f| {
            out.push((f.phrase, leak(&text[f.start..f.end])));
            true
        });
        out
    }

    fn leak(s: &str) -> &'static str {
        Box::leak(s.to_string().into_boxed_str())
    }

    #[test]
    fn whole_words_only_in_any_script() {
        let phrases = ["iran", "россия", "ایران"];
        assert_eq!(
            all(&phrases, "Iran and iranian, IRAN."),
            vec![(0, "Iran"), (0, "IRAN")]
        );
        assert_eq!(all(&phrases, "«россия» и россиянин"), vec![(1, "россия")]);
        assert_eq!(all(&phrases, "در ایران و ایرانی"), vec![(2, "ایران")]);
    }

    #[test]
    fn the_longest_phrase_at_a_place_wins_and_none_overlap() {
        let phrases = ["iran", "iran's nuclear programme", "nuclear programme"];
        assert_eq!(
            all(&phrases, "iran's nuclear programme grew; iran's army too"),
            vec![(1, "iran's nuclear programme"), (0, "iran")]
        );
    }

    #[test]
    fn a_phrase_ends_only_where_a_word_ends() {
        let phrases = ["su-35", "su"];
        assert_eq!(
            all(&phrases, "su-35s and su-35."),
            vec![(1, "su"), (0, "su-35")]
        );
    }

    #[test]
    fn a_phrase_starting_with_a_mark_needs_no_word_before_it() {
        let phrases = ["«x»"];
        assert_eq!(all(&phrases, "a «x» b"), vec![(0, "«x»")]);
        assert_eq!(all(&phrases, "a«x» b"), vec![]);
    }

    #[test]
    fn phrases_sharing_their_first_words_part_later() {
        let phrases = ["a b c", "a b d e", "a b d"];
        assert_eq!(all(&phrases, "a b c"), vec![(0, "a b c")]);
        assert_eq!(all(&phrases, "a b d e"), vec![(1, "a b d e")]);
        assert_eq!(all(&phrases, "a b d f"), vec![(2, "a b d")]);
        assert_eq!(all(&phrases, "a b e, a b"), vec![]);
    }

    #[test]
    fn spaces_match_exactly() {
        let phrases = ["north south"];
        assert_eq!(all(&phrases, "north south"), vec![(0, "north south")]);
        assert_eq!(all(&phrases, "north  south"), vec![]);
    }

    #[test]
    fn a_phrase_ending_in_a_mark_needs_no_word_after_it() {
        let phrases = ["iran (country)"];
        assert_eq!(all(&phrases, "iran (country)x"), vec![]);
        assert_eq!(
            all(&phrases, "iran (country), x"),
            vec![(0, "iran (country)")]
        );
    }

    #[test]
    fn a_space_is_not_a_hyphen() {
        let phrases = ["north south", "north-south"];
        assert_eq!(
            all(&phrases, "north-south, north south"),
            vec![(1, "north-south"), (0, "north south")]
        );
    }

    /// The same search done slowly: at each place a phrase may start, the
    /// longest phrase written there whose both ends are word boundaries.
    fn slowly(phrases: &[String], text: &str) -> Vec<(usize, usize, usize)> {
        let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        let mut out = Vec::new();
        let mut at = 0;
        while at < text.len() {
            let before = text[..at].chars().next_back();
            let here = text[at..].chars().next();
            let best = if alnum(before) || here == Some(' ') {
                None
            } else {
                phrases
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| text[at..].starts_with(p.as_str()))
                    .filter(|(_, p)| !alnum(text[at + p.len()..].chars().next()))
                    .max_by_key(|(i, p)| (p.len(), std::cmp::Reverse(*i)))
                    .map(|(i, p)| (i, at, at + p.len()))
            };
            match best {
                Some(hit) => {
                    // A phrase listed twice is found as its first.
                    let first = phrases
                        .iter()
                        .position(|p| *p == phrases[hit.0])
                        .unwrap_or(hit.0);
                    out.push((first, hit.1, hit.2));
                    at = hit.2;
                }
                None => at += here.map_or(1, char::len_utf8),
            }
        }
        out
    }

    /// What the trie finds in `text`, as [`slowly`] gives it.
    fn quickly(phrases: &[String], text: &str) -> Vec<(usize, usize, usize)> {
        let trie = Phrases::new(phrases.iter().map(String::as_str));
        let mut found = Vec::new();
        trie.find(text, &mut Scratch::default(), |f| {
            found.push((f.phrase, f.start, f.end));
            true
        });
        found
    }

    proptest::proptest! {
        #[test]
        fn finds_what_a_slow_search_finds(
            phrases in proptest::collection::vec("[ab]{1,2}([ -.]{1,2}[ab]{1,2}){0,2}[-.]?|[-.][ab]", 1..8),
            text in "[abAB -.ä]{0,40}",
        ) {
            proptest::prop_assert_eq!(quickly(&phrases, &text), slowly(&phrases, &text.to_ascii_lowercase()));
        }

        /// Many phrases sharing few first words: the first level, kept
        /// apart from the deeper nodes, holds many edges per word.
        #[test]
        fn many_phrases_sharing_first_words_are_found_as_slowly(
            phrases in proptest::collection::vec("[ab]( [a-f]{1,2}){1,3}|[a-f]{1,2}", 1..40),
            text in "([abcdefAB]{1,2}[ ,-]){0,20}",
        ) {
            proptest::prop_assert_eq!(quickly(&phrases, &text), slowly(&phrases, &text.to_ascii_lowercase()));
        }

        /// A trie with some phrases dropped and a second trie beside it
        /// find what one trie of the phrases left finds.
        #[test]
        fn a_trie_with_phrases_dropped_and_added_finds_what_one_trie_finds(
            phrases in proptest::collection::vec("[ab]{1,2}([ -.]{1,2}[ab]{1,2}){0,2}[-.]?|[-.][ab]", 1..8),
            kept in proptest::collection::vec(proptest::bool::ANY, 8),
            added in proptest::collection::vec("[ab]{1,2}([ -.]{1,2}[ab]{1,2}){0,2}", 0..4),
            text in "[abAB -.ä]{0,40}",
        ) {
            // A phrase listed twice is kept or dropped by its first index.
            let first = |p: &String| phrases.iter().position(|q| q == p).unwrap_or(0);
            let left: Vec<String> = phrases.iter()
                .filter(|p| kept[first(p)])
                .cloned()
                .chain(added.iter().cloned())
                .collect();
            let named = |list: &[String], hits: Vec<(usize, usize, usize)>| {
                hits.into_iter().map(|(i, start, end)| (list[i].clone(), start, end)).collect::<Vec<_>>()
            };
            let expected = named(&left, slowly(&left, &text.to_ascii_lowercase()));
            let (base, more) = (Phrases::new(phrases.iter().map(String::as_str)), Phrases::new(added.iter().map(String::as_str)));
            let mut found = Vec::new();
            base.find_with(|i| kept[i], Some(&more), &text, &mut Scratch::default(), |hit, in_more| {
                let phrase = match in_more { true => &added[hit.phrase], false => &phrases[hit.phrase] };
                found.push((phrase.clone(), hit.start, hit.end));
                true
            });
            proptest::prop_assert_eq!(found, expected);
        }
    }
}
