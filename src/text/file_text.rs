//! A content file's text as it is kept once the file is parsed, for what
//! reads it later: the lines its diagnostics show, the places of new
//! problems found when the site is linked, and the prose the unlinked
//! mentions are looked for in. Held as written, or packed with zstd
//! ([`FileText::pack`]) by `serve`, which keeps every file's text for as
//! long as it runs: at 100,000 briefs the texts are some 740 MB as
//! written and a rebuild reads only the few whose prose may name a
//! changed title, or which have a new problem.

use std::sync::Arc;

use super::packed::Small;

/// A file's text, cheap to clone: clones share one copy.
#[derive(Clone, Debug)]
pub enum FileText {
    Plain(Arc<str>),
    /// Packed with zstd ([`Small::pack`]), without a
    /// dictionary.
    Packed(Arc<[u8]>),
}

impl From<Arc<str>> for FileText {
    fn from(text: Arc<str>) -> Self {
        FileText::Plain(text)
    }
}

impl FileText {
    /// The text as written: shared when it is held so, else unpacked.
    /// Packed bytes are this program's own, made from a `str`: should
    /// they ever fail to unpack (zstd cannot allocate), the text reads
    /// as empty, which shows no line and names nothing, rather than the
    /// build stopping.
    pub fn read(&self) -> Arc<str> {
        self.read_with(&mut Small::default())
    }

    /// [`FileText::read`] with `small`'s workspace, kept for many texts.
    pub fn read_with(&self, small: &mut Small) -> Arc<str> {
        match self {
            FileText::Plain(text) => text.clone(),
            FileText::Packed(bytes) => match small.unpack(bytes).map(String::from_utf8) {
                Ok(Ok(text)) => Arc::from(text),
                _ => Arc::from(""),
            },
        }
    }

    /// The text packed with zstd by `small`, if it is not yet; as written
    /// should zstd fail.
    pub fn pack(&self, small: &mut Small) -> FileText {
        match self {
            FileText::Plain(text) => match small.pack(text.as_bytes()) {
                Ok(bytes) => FileText::Packed(Arc::from(bytes)),
                Err(_) => self.clone(),
            },
            FileText::Packed(_) => self.clone(),
        }
    }

    /// Whether the text is held packed.
    pub fn is_packed(&self) -> bool {
        matches!(self, FileText::Packed(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_texts_read_back_as_written_in_any_script() {
        for written in [
            "",
            "---\ntitle: A\n---\nGas flows.\n",
            "Газ идёт. گاز می‌رود.\n",
        ] {
            let text = FileText::from(Arc::<str>::from(written));
            let small = &mut Small::default();
            let packed = text.pack(small);
            assert!(packed.is_packed());
            assert_eq!(&*packed.read(), written);
            assert_eq!(&*packed.read_with(small), written);
            assert_eq!(
                &*packed.pack(small).read(),
                written,
                "packing twice is once"
            );
        }
    }

    #[test]
    fn damaged_packed_bytes_read_as_empty_not_a_panic() {
        let damaged = FileText::Packed(Arc::from(&b"\x28\xb5\x2f\xfd\x20\x05oops"[..]));
        assert_eq!(&*damaged.read(), "");
    }
}
