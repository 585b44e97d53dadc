//! Bytes held packed: `serve` keeps every page of the site in memory
//! between rebuilds, and both `serve` and `build` keep every brief's body
//! HTML from when it is parsed until it is rendered. What is packed is
//! unpacked only when it is served, written or rendered.
//!
//! A body is packed on its own: with LZ4 ([`pack`]) by `build`, to about
//! two fifths of its size, and with zstd ([`Small::pack`]) by `serve`,
//! which holds it for as long as it runs, to under a third, for slower
//! packing and unpacking (about 2 s more of CPU for 100,000 briefs,
//! once). The pages are packed with zstd against one page of the same
//! site as a dictionary ([`Pages`]): every page repeats the theme's
//! header, navigation and scripts, which the dictionary then holds once.
//! A brief's page packs to a fifth of its size that way, against two
//! fifths with LZ4 alone (at 100,000 briefs the pages are 2.7 GB as
//! written), which is worth zstd's slower unpacking (some 50 µs for a
//! 30 KB page, against 15 µs): pages are unpacked one at a time, as they
//! are served.

use std::borrow::Cow;
use std::io;

use zstd::bulk::{Compressor, Decompressor};
use zstd::dict::{DecoderDictionary, EncoderDictionary};

/// zstd's level for pages: its fastest, which with a dictionary packs
/// about as fast as LZ4 does without one. Higher levels pack a few
/// percent smaller at half the speed or less.
const LEVEL: i32 = 1;

/// The most of a sample page a dictionary holds (see [`Pages::new`]).
const SAMPLE: usize = 64 * 1024;

/// How a builder packs its pages: zstd against a dictionary made once,
/// from the first page it renders, and kept as long as the builder, as
/// every page it keeps is packed against it.
pub struct Pages {
    encoder: EncoderDictionary<'static>,
    decoder: DecoderDictionary<'static>,
}

impl Pages {
    /// A packer whose dictionary is `sample`, a page of the site: its
    /// bytes are the dictionary as they are (zstd's "raw content"
    /// dictionary), which packs the site's other pages as well as a
    /// dictionary trained on thousands of them, without the seconds the
    /// training takes.
    ///
    /// A sample longer than [`SAMPLE`] is cut to its first and last
    /// halves of that: a page's theme is at its start (head, navigation)
    /// and end (footer, scripts), and a page of a long brief would
    /// otherwise make a dictionary of megabytes, held twice.
    pub fn new(sample: &[u8]) -> Pages {
        let dictionary = match sample.len() > SAMPLE {
            true => [&sample[..SAMPLE / 2], &sample[sample.len() - SAMPLE / 2..]].concat(),
            false => sample.to_vec(),
        };
        Pages {
            encoder: EncoderDictionary::copy(&dictionary, LEVEL),
            decoder: DecoderDictionary::copy(&dictionary),
        }
    }

    /// `plain`, packed: one zstd frame, which says its own length.
    pub fn pack(&self, plain: &[u8]) -> io::Result<Vec<u8>> {
        let mut compressor = Compressor::with_prepared_dictionary(&self.encoder)?;
        pack_frame(&mut compressor, plain)
    }

    /// The bytes `packed` was made from by this packer. Damaged bytes are
    /// an error, as are bytes that unpack to another length than the
    /// frame says.
    pub fn unpack(&self, packed: &[u8]) -> io::Result<Vec<u8>> {
        let mut decompressor = Decompressor::with_prepared_dictionary(&self.decoder)?;
        unpack_frame(&mut decompressor, packed)
    }
}

impl std::fmt::Debug for Pages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages").finish_non_exhaustive()
    }
}

/// Two packers are the same when they are one: each has its own
/// dictionary, and what one packed only it unpacks.
impl PartialEq for Pages {
    fn eq(&self, other: &Pages) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Eq for Pages {}

/// The error for bytes that do not unpack.
fn damaged(why: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("packed page: {why}"))
}

/// zstd's workspaces for packing and unpacking without a dictionary
/// ([`Small::pack`], [`unpack_small`]), each made on first use and kept
/// for the many texts of a loop, one per thread: making one costs about
/// as much as packing a brief (some 7% of the CPU of a first `serve` of
/// 100,000 briefs, when each text and body made its own).
#[derive(Default)]
pub struct Small {
    compressor: Option<Compressor<'static>>,
    decompressor: Option<Decompressor<'static>>,
}

impl Small {
    /// `plain` packed with zstd, without a dictionary: smaller than with
    /// [`pack`], slower to make and read.
    pub fn pack(&mut self, plain: &[u8]) -> io::Result<Vec<u8>> {
        let mut compressor = match self.compressor.take() {
            Some(compressor) => compressor,
            None => Compressor::new(LEVEL)?,
        };
        let packed = pack_frame(&mut compressor, plain);
        self.compressor = Some(compressor);
        packed
    }

    /// As [`unpack_small`].
    pub fn unpack(&mut self, packed: &[u8]) -> io::Result<Vec<u8>> {
        let mut decompressor = match self.decompressor.take() {
            Some(decompressor) => decompressor,
            None => Decompressor::new()?,
        };
        let plain = unpack_frame(&mut decompressor, packed);
        self.decompressor = Some(decompressor);
        plain
    }
}

/// `plain` as one zstd frame by `compressor`, in no more memory than it
/// takes.
fn pack_frame(compressor: &mut Compressor, plain: &[u8]) -> io::Result<Vec<u8>> {
    let mut packed = compressor.compress(plain)?;
    // zstd writes into room for the worst case, about the input's own
    // size: held as it is, each page or body would keep that room.
    packed.shrink_to_fit();
    Ok(packed)
}

/// The bytes [`Small::pack`] made `packed` from; damaged bytes are an
/// error, as for [`Pages::unpack`].
pub fn unpack_small(packed: &[u8]) -> io::Result<Vec<u8>> {
    Small::default().unpack(packed)
}

/// The bytes of the zstd frame `packed`, which says its own length, by
/// `decompressor`: an error if they are not exactly that many.
fn unpack_frame(decompressor: &mut Decompressor, packed: &[u8]) -> io::Result<Vec<u8>> {
    let size = match zstd::zstd_safe::get_frame_content_size(packed) {
        Ok(Some(size)) => usize::try_from(size).map_err(|_| damaged(format!("{size} bytes")))?,
        _ => return Err(damaged("no length".to_string())),
    };
    let plain = decompressor
        .decompress(packed, size)
        .map_err(|e| damaged(e.to_string()))?;
    match plain.len() == size {
        true => Ok(plain),
        false => Err(damaged(format!("{} bytes of {size}", plain.len()))),
    }
}

/// `plain`, packed: its length first, then the LZ4 block.
pub fn pack(plain: &[u8]) -> Vec<u8> {
    lz4_flex::block::compress_prepend_size(plain)
}

/// The bytes `packed` was made from. Damaged bytes are an error, also
/// when they unpack to fewer bytes than were packed, which the LZ4 block
/// format alone does not tell.
pub fn unpack(packed: &[u8]) -> io::Result<Vec<u8>> {
    let size = packed
        .first_chunk::<4>()
        .map(|prefix| u32::from_le_bytes(*prefix) as usize)
        .ok_or_else(|| damaged("no length".to_string()))?;
    let plain =
        lz4_flex::block::decompress_size_prepended(packed).map_err(|e| damaged(e.to_string()))?;
    match plain.len() == size {
        true => Ok(plain),
        false => Err(damaged(format!("{} bytes of {size}", plain.len()))),
    }
}

/// `bytes` as written: unpacked when `packed` packed them, else as they
/// are.
pub fn plain<'a>(bytes: &'a [u8], packed: Option<&Pages>) -> io::Result<Cow<'a, [u8]>> {
    match packed {
        Some(pages) => pages.unpack(bytes).map(Cow::Owned),
        None => Ok(Cow::Borrowed(bytes)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_unpacks_to_the_bytes_it_was_packed_from() {
        let page = "<!DOCTYPE html><p>Shahed drones, Shahed drones</p>\n".repeat(50);
        let packed = pack(page.as_bytes());
        assert!(packed.len() < page.len() / 4);
        assert_eq!(unpack(&packed).unwrap(), page.as_bytes());
        assert_eq!(unpack(&pack(b"")).unwrap(), b"");
    }

    /// A page packed against another page of its site keeps little more
    /// than what differs, and unpacks to what it was.
    #[test]
    fn a_page_packed_against_another_unpacks_to_what_it_was() {
        let frame = |body: &str| {
            format!(
                "<!DOCTYPE html><html><head><title>{body}</title><link rel=stylesheet \
                 href=/static/style.css></head><body><nav>{}</nav><main>{body}</main></body></html>",
                "<a href=/briefs/>Briefs</a><a href=/topics/>Topics</a>".repeat(40)
            )
        };
        let pages = Pages::new(frame("Shahed drones").as_bytes());
        let page = frame("Су-35 deliveries, and a passage in Persian: پهپاد");
        let packed = pages.pack(page.as_bytes()).unwrap();
        assert!(packed.len() < 200, "{} bytes", packed.len());
        assert_eq!(pages.unpack(&packed).unwrap(), page.as_bytes());
        assert_eq!(plain(&packed, Some(&pages)).unwrap(), page.as_bytes());
        assert_eq!(plain(page.as_bytes(), None).unwrap(), page.as_bytes());
        let empty = pages.pack(b"").unwrap();
        assert_eq!(pages.unpack(&empty).unwrap(), b"");
        // A sample far longer than a dictionary holds is cut, and packs
        // pages as well.
        let long = frame(&"Zangezur corridor. ".repeat(20_000));
        let cut = Pages::new(long.as_bytes());
        let packed = cut.pack(page.as_bytes()).unwrap();
        assert!(packed.len() < 200, "{} bytes", packed.len());
        assert_eq!(cut.unpack(&packed).unwrap(), page.as_bytes());
        // No dictionary at all (a site without pages to take one from)
        // packs as zstd alone.
        let alone = Pages::new(b"");
        assert_eq!(
            alone.unpack(&alone.pack(page.as_bytes()).unwrap()).unwrap(),
            page.as_bytes()
        );
    }

    #[test]
    fn damaged_pages_are_an_error_not_a_panic() {
        let pages = Pages::new(b"<html><body><main></main></body></html>");
        let mut packed = pages.pack("αβγ".repeat(100).as_bytes()).unwrap();
        let whole = packed.clone();
        packed.truncate(packed.len() / 2);
        assert!(pages.unpack(&packed).is_err());
        assert!(pages.unpack(b"\xff\xff\xff\x7f").is_err());
        assert!(pages.unpack(b"").is_err());
        // Bytes after the frame, or a frame cut short by one byte.
        let mut longer = whole.clone();
        longer.extend_from_slice(b"tail");
        assert!(pages.unpack(&longer).is_err());
        assert!(pages.unpack(&whole[..whole.len() - 1]).is_err());
        assert_eq!(pages.unpack(&whole).unwrap(), "αβγ".repeat(100).as_bytes());
    }

    #[test]
    fn small_packing_reads_back_and_damage_is_an_error() {
        let plain = "Сухой Су-35 и گاز, ".repeat(200);
        let packed = Small::default().pack(plain.as_bytes()).unwrap();
        assert!(packed.len() < plain.len() / 4);
        assert_eq!(unpack_small(&packed).unwrap(), plain.as_bytes());
        assert_eq!(
            unpack_small(&Small::default().pack(b"").unwrap()).unwrap(),
            b""
        );
        assert!(unpack_small(&packed[..packed.len() / 2]).is_err());
        assert!(unpack_small(&packed[..packed.len() - 1]).is_err());
        assert!(unpack_small(b"\xff\xff\xff\x7f").is_err());
        assert!(unpack_small(b"").is_err());
    }

    /// One `Small` packs and unpacks text after text, each as alone,
    /// and goes on after damaged bytes.
    #[test]
    fn one_small_packs_many_texts_as_each_alone() {
        let mut small = Small::default();
        let texts = [
            "Газ идёт.\n".repeat(50),
            String::new(),
            "پهپاد ".repeat(300),
        ];
        for text in &texts {
            let packed = small.pack(text.as_bytes()).unwrap();
            assert_eq!(packed, Small::default().pack(text.as_bytes()).unwrap());
            assert!(small.unpack(&packed[..packed.len() / 2]).is_err());
            assert_eq!(small.unpack(&packed).unwrap(), text.as_bytes());
        }
    }

    #[test]
    fn damaged_bytes_are_an_error_not_a_panic() {
        let mut packed = pack("αβγ".repeat(100).as_bytes());
        packed.truncate(packed.len() / 2);
        assert!(unpack(&packed).is_err());
        assert!(unpack(b"\xff\xff\xff\x7f").is_err());
        assert!(unpack(b"").is_err());
    }
}
