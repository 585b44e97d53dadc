//! File stamps: a file's size and modification time, as the manifest
//! records them for every output file and the up-to-date check compares.

use std::path::Path;
use std::time::SystemTime;

/// A file as `stat` sees it: size and modification time in nanoseconds
/// since the epoch. A content change that keeps both needs a clock that
/// stands still, which is why editors and git are trusted with them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FileStamp {
    pub len: u64,
    pub modified: u128,
}

impl FileStamp {
    pub fn of(metadata: &std::fs::Metadata) -> Self {
        let modified = metadata
            .modified()
            .ok()
            .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        FileStamp {
            len: metadata.len(),
            modified,
        }
    }

    /// The stamp of the file at `path`, if it is a file.
    pub fn read(path: &Path) -> Option<Self> {
        std::fs::metadata(path)
            .ok()
            .filter(|m| m.is_file())
            .map(|m| FileStamp::of(&m))
    }
}
