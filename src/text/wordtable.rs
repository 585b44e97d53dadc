//! A fixed set of words and their ids, looked up many millions of times
//! by the mention search (`text::phrases`): an open-addressing table that
//! keeps each short word inside its slot, so a lookup reads one cache line
//! and compares three machine words, with no pointer to follow and no call
//! to `memcmp`. Longer words, rare in names, go to an ordinary map.

use crate::HashMap;

/// Words this long or shorter (in bytes) are kept inside their slot.
const INLINE: usize = 24;

/// A word kept inline: its bytes, zero-padded, read as three integers.
type Key = [u64; INLINE / 8];

const EMPTY: u32 = u32::MAX;

#[derive(Clone, Copy)]
struct Slot {
    key: Key,
    len: u32,
    id: u32,
}

pub struct WordTable {
    slots: Vec<Slot>,
    /// `slots.len() - 1`; the length is a power of two.
    mask: usize,
    long: HashMap<Box<str>, u32>,
}

impl WordTable {
    /// The table of `words`, each with its id (not `u32::MAX`).
    pub fn new<'a>(words: impl ExactSizeIterator<Item = (&'a str, u32)>) -> WordTable {
        // At most half full, so a probe for a word that is not there
        // ends soon.
        let size = (words.len() * 2).next_power_of_two().max(16);
        let empty = Slot {
            key: [0; 3],
            len: 0,
            id: EMPTY,
        };
        let mut table = WordTable {
            slots: vec![empty; size],
            mask: size - 1,
            long: HashMap::default(),
        };
        for (word, id) in words {
            match key_of(word.as_bytes(), false) {
                Some(key) => table.insert(key, word.len(), id),
                None => {
                    table.long.insert(word.into(), id);
                }
            }
        }
        table
    }

    fn insert(&mut self, key: Key, len: usize, id: u32) {
        let mut at = slot_of(&key) & self.mask;
        while self.slots[at].id != EMPTY {
            at = (at + 1) & self.mask;
        }
        self.slots[at] = Slot {
            key,
            len: len as u32,
            id,
        };
    }

    /// The id of `word`, lowercased first (ASCII letters only) if
    /// `lowercase`; `None` if it is not in the table.
    pub fn get(&self, word: &str, lowercase: bool) -> Option<u32> {
        let Some(key) = key_of(word.as_bytes(), lowercase) else {
            return match lowercase {
                true => self.long.get(word.to_ascii_lowercase().as_str()).copied(),
                false => self.long.get(word).copied(),
            };
        };
        let mut at = slot_of(&key) & self.mask;
        loop {
            let slot = &self.slots[at];
            if slot.id == EMPTY {
                return None;
            }
            if slot.key == key && slot.len as usize == word.len() {
                return Some(slot.id);
            }
            at = (at + 1) & self.mask;
        }
    }
}

/// `word` zero-padded into a key, or `None` if it is too long to inline.
/// A word has no zero byte (it is letters, digits or one mark), so
/// padding with zeros cannot make two words the same key; the length is
/// compared as well all the same.
fn key_of(word: &[u8], lowercase: bool) -> Option<Key> {
    if word.len() > INLINE {
        return None;
    }
    let mut bytes = [0u8; INLINE];
    bytes[..word.len()].copy_from_slice(word);
    if lowercase {
        bytes.make_ascii_lowercase();
    }
    let mut key = [0u64; 3];
    for (part, chunk) in key.iter_mut().zip(bytes.chunks_exact(8)) {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(chunk);
        *part = u64::from_le_bytes(eight);
    }
    Some(key)
}

/// Where a key's probe starts (before masking): its parts mixed by
/// multiplication, the high bits kept.
fn slot_of(key: &Key) -> usize {
    let mixed = (key[0] ^ key[1].rotate_left(21) ^ key[2].rotate_left(42))
        .wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (mixed ^ (mixed >> 29)) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_word_and_nothing_else() {
        let long = "a".repeat(40);
        let words = ["iran", "россия", "-", "0", &long, "iran2"];
        let table = WordTable::new(words.iter().zip(0..6).map(|(w, i)| (*w, i)));
        for (i, word) in words.iter().enumerate() {
            assert_eq!(table.get(word, false), Some(i as u32), "{word}");
        }
        assert_eq!(table.get("IRAN", true), Some(0));
        assert_eq!(table.get(&long.to_uppercase(), true), Some(4));
        assert_eq!(table.get("IRAN", false), None);
        assert_eq!(table.get("ira", false), None);
        assert_eq!(table.get("iran\0", false), None);
        assert_eq!(table.get("", false), None);
        assert_eq!(table.get(&"a".repeat(39), false), None);
    }

    #[test]
    fn a_full_probe_run_still_ends() {
        let words: Vec<String> = (0..1000).map(|i| format!("w{i}")).collect();
        let table = WordTable::new(words.iter().zip(0..1000).map(|(w, i)| (w.as_str(), i)));
        for (i, word) in words.iter().enumerate() {
            assert_eq!(table.get(word, false), Some(i as u32));
        }
        assert_eq!(table.get("w1000", false), None);
    }
}
