//! What a render keeps for the next one: each file's fingerprint and
//! bytes by its path (`Previous`), how each file of a render was had
//! (`Made`), and the update of the table after a render (`remember`).

use crate::HashMap;
use crate::output::{Bytes, OutputFile};

/// What a previous render produced: each file's fingerprints and bytes.
pub type Previous = HashMap<String, (Print, Bytes)>;

/// The fingerprints a file is kept under: the one it is looked up by,
/// and that of the template data it was made from. They differ only for
/// a part of a split list, looked up by its rows' key (see
/// `split::RowKey`): a render that cannot vouch for the part's rows (an
/// attachment changed) compares its data instead, and renders it again
/// only if they changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Print {
    pub value: u64,
    pub data: u64,
}

impl Print {
    /// The print of a file looked up by its template data's fingerprint.
    pub fn of_data(data: u64) -> Print {
        Print { value: data, data }
    }

    /// This print, looked up by `key` instead where there is one.
    pub fn keyed(self, key: Option<u64>) -> Print {
        match key {
            Some(value) => Print { value, ..self },
            None => self,
        }
    }
}

/// How a render had one of its files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Made {
    /// Taken from the last render, under the fingerprint it had there.
    Kept,
    /// Taken from the last render, now under another fingerprint: a list
    /// part whose rows' key now stands for the template data it was
    /// found the same by last time.
    Rekeyed,
    /// Rendered afresh.
    Fresh,
}

impl Made {
    /// `made` by a render that looked the file up by the data it
    /// fingerprinted, for a list part that is kept under `key` when it
    /// has one: a file taken as it was changes its fingerprint to the key.
    pub fn keyed(self, key: Option<u64>) -> Made {
        match (self, key) {
            (Made::Kept, Some(_)) => Made::Rekeyed,
            (made, _) => made,
        }
    }
}

/// Puts `file`, made from data of `fingerprint`, into `previous`, in
/// place of what it held at that path.
pub fn record(previous: &mut Previous, file: &OutputFile, fingerprint: Print) {
    previous.insert(file.path.clone(), (fingerprint, file.bytes.clone()));
}

/// Updates `previous`, which a render of `files` was rendered against,
/// to what it rendered: `changed` (each an index in `files` with its
/// fingerprint) replace their entries, and the files the render no
/// longer has are let go. Every other file was taken from `previous`
/// with its fingerprint and bytes ([`Made::Kept`]), so its entry stays
/// as it is: a retitled brief among 100,000 leaves all but a few dozen,
/// which a table made anew would copy and hash again one by one.
pub fn remember(previous: &mut Previous, files: &[OutputFile], changed: &[(usize, Print)]) {
    for &(index, fingerprint) in changed {
        record(previous, &files[index], fingerprint);
    }
    // Each file is in the table now, so when the table has as many
    // entries as there are files (whose paths are unique in a build that
    // renders), it holds no other.
    if previous.len() != files.len() {
        let now: crate::HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
        previous.retain(|path, _| now.contains(path.as_str()));
    }
}
