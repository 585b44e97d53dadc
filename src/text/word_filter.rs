//! Which words a text holds, in little memory: a Bloom filter over its
//! words as the phrase search cuts and lowercases them (`phrases`). It
//! says for certain when a phrase cannot be in the text, and only
//! probably when it can. A rebuild that renamed a page asks each page's
//! filter first and searches the prose of the few that may hold the old
//! or new name (`site::mentions`), not every page's: at 100,000 briefs
//! that search took 0.2–0.3 s of a 3–4 s title edit.
//!
//! About 6 bits a distinct word, four of them set: a word the text does
//! not hold passes about one time in twenty, and a name of several words
//! passes only if every one of them does.

use super::phrases::{each_word, push_lowercase};

/// Bits of filter per distinct word of the text.
const BITS_PER_WORD: usize = 6;

/// Bits set (and looked at) per word.
const PROBES: u64 = 4;

/// The words of one text (see the module's documentation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordFilter {
    bits: Box<[u64]>,
}

/// The words of a text as they are added, before the filter is made.
#[derive(Default)]
pub struct Words {
    hashes: Vec<u64>,
    lower: String,
}

impl Words {
    /// Adds the words of `text` as the phrase search reads it: an ASCII
    /// text's words lowercased one at a time, any other text lowercased
    /// whole first (a capital may lowercase to two characters, `İ` to `i`
    /// and a dot above, which then end a word).
    pub fn add(&mut self, text: &str) {
        let Words { hashes, lower } = self;
        let text = match text.is_ascii() {
            true => text,
            false => {
                lower.clear();
                text.chars().for_each(|c| push_lowercase(c, lower));
                lower.as_str()
            }
        };
        each_word(text, |word| hashes.push(hash(word)));
    }

    /// The filter of every word added, sized for them.
    pub fn filter(mut self) -> WordFilter {
        self.hashes.sort_unstable();
        self.hashes.dedup();
        let blocks = (self.hashes.len() * BITS_PER_WORD).div_ceil(64).max(1);
        let mut bits = vec![0u64; blocks].into_boxed_slice();
        for &hash in &self.hashes {
            for bit in probes(hash, blocks) {
                bits[bit / 64] |= 1 << (bit % 64);
            }
        }
        WordFilter { bits }
    }
}

/// A phrase's words, hashed to ask filters about; the phrase is given
/// lowercased, as the phrase search is given its phrases.
pub fn phrase_words(phrase: &str) -> Vec<u64> {
    let mut hashes = Vec::new();
    each_word(phrase, |word| hashes.push(hash(word)));
    hashes
}

impl WordFilter {
    /// False when the text certainly lacks one of `words` (a phrase's,
    /// from [`phrase_words`]); true when it may hold them all. A phrase
    /// of no words (all marks) may be anywhere.
    pub fn may_hold(&self, words: &[u64]) -> bool {
        let blocks = self.bits.len();
        words.iter().all(|&hash| {
            probes(hash, blocks).all(|bit| {
                let block = self.bits.get(bit / 64).copied().unwrap_or(0);
                block >> (bit % 64) & 1 == 1
            })
        })
    }
}

/// A word's hash, its ASCII letters in either case hashing alike (FNV-1a,
/// then mixed, as its low bits alone are poor).
fn hash(word: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in word.bytes() {
        hash ^= u64::from(b.to_ascii_lowercase());
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    // The finalizer of splitmix64.
    hash = (hash ^ (hash >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    hash = (hash ^ (hash >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    hash ^ (hash >> 31)
}

/// The bits a word sets in a filter of `blocks` 64-bit blocks: double
/// hashing, each step's hash mapped onto the bits by multiplication.
fn probes(hash: u64, blocks: usize) -> impl Iterator<Item = usize> {
    let step = hash.rotate_left(32) | 1;
    let bits = (blocks as u128) * 64;
    (0..PROBES).map(move |i| {
        let h = hash.wrapping_add(i.wrapping_mul(step));
        // Below `bits`, which is a `usize`: the cast loses nothing.
        ((u128::from(h) * bits) >> 64) as usize
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter_of(texts: &[&str]) -> WordFilter {
        let mut words = Words::default();
        texts.iter().for_each(|text| words.add(text));
        words.filter()
    }

    #[test]
    fn a_text_may_hold_each_of_its_words_in_any_case_and_script() {
        let filter = filter_of(&[
            "The Shahed drones reached Kyiv.",
            "Россия и Иран подписали ДОГОВОР.",
            "İstanbul talks; روسیه و ایران",
        ]);
        for phrase in [
            "shahed drones",
            "the",
            "kyiv",
            "россия",
            "договор",
            "i",
            "stanbul",
            "روسیه و ایران",
            "...",
        ] {
            assert!(filter.may_hold(&phrase_words(phrase)), "{phrase}");
        }
    }

    #[test]
    fn most_words_a_text_lacks_are_ruled_out() {
        let text: String = (0..300).map(|n| format!("word{n} ")).collect();
        let filter = filter_of(&[&text]);
        assert!(filter.bits.len() * 64 >= 300 * BITS_PER_WORD);
        let passed = (0..1000)
            .filter(|n| filter.may_hold(&phrase_words(&format!("other{n}"))))
            .count();
        assert!(passed < 100, "{passed} of 1000 absent words pass");
        // A phrase of two absent words passes more rarely still.
        let passed = (0..1000)
            .filter(|n| filter.may_hold(&phrase_words(&format!("other{n} else{n}"))))
            .count();
        assert!(passed < 10, "{passed} of 1000 absent phrases pass");
        assert!(!filter_of(&[""]).may_hold(&phrase_words("anything")));
    }
}
