//! An image's width and height from its first bytes: PNG, GIF and WebP
//! headers, JPEG's frame header (walking past its APPn segments), AVIF's
//! `ispe` property and SVG's root element. Files are untrusted: every
//! read is bounds-checked, every loop bounded, and anything unreadable is
//! `None`.

use std::borrow::Cow;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

/// How much of a file is read up front: every header, an AVIF's `meta`
/// box and an SVG's root element fit. Only a JPEG whose metadata is
/// bigger makes reads past it, one segment header at a time.
const HEAD: u64 = 64 * 1024;

/// The most JPEG segments walked looking for the frame header; real
/// files have a handful before it.
const MAX_SEGMENTS: usize = 512;

/// The most fill bytes (0xFF) allowed before a JPEG marker.
const MAX_FILL: usize = 64;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
const JPEG: &[u8] = b"\xFF\xD8\xFF";

/// Width and height in pixels of the image at `path`, as a browser lays
/// it out, or `None` when the file is missing, unreadable, of another
/// format or damaged.
pub fn dimensions(path: &Path) -> Option<(u32, u32)> {
    dimensions_from(std::fs::File::open(path).ok()?)
}

/// [`dimensions`] of what `reader` holds from its start, for callers that
/// open files their own way.
pub fn dimensions_from<R: Read + Seek>(mut reader: R) -> Option<(u32, u32)> {
    reader.seek(SeekFrom::Start(0)).ok()?;
    let mut head = Vec::new();
    reader.by_ref().take(HEAD).read_to_end(&mut head).ok()?;
    let (width, height) = if head.starts_with(PNG) {
        png(&head)
    } else if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
        gif(&head)
    } else if head.starts_with(b"RIFF") && head.get(8..12) == Some(b"WEBP") {
        webp(&head)
    } else if head.starts_with(JPEG) {
        jpeg(&mut Source { reader, head })
    } else if is_avif(&head) {
        avif(&head)
    } else {
        super::svg::dimensions(&head)
    }?;
    (width > 0 && height > 0).then_some((width, height))
}

fn png(head: &[u8]) -> Option<(u32, u32)> {
    if head.get(12..16)? != b"IHDR" {
        return None;
    }
    Some((be32(head, 16)?, be32(head, 20)?))
}

/// The logical screen size, which is what browsers show.
fn gif(head: &[u8]) -> Option<(u32, u32)> {
    Some((u32::from(le16(head, 6)?), u32::from(le16(head, 8)?)))
}

/// The first chunk says which of WebP's three layouts holds the size.
fn webp(head: &[u8]) -> Option<(u32, u32)> {
    match head.get(12..16)? {
        b"VP8 " => {
            if head.get(23..26)? != [0x9D, 0x01, 0x2A] {
                return None;
            }
            let width = le16(head, 26)? & 0x3FFF;
            let height = le16(head, 28)? & 0x3FFF;
            Some((u32::from(width), u32::from(height)))
        }
        b"VP8L" => {
            if *head.get(20)? != 0x2F {
                return None;
            }
            let bits = le32(head, 21)?;
            Some(((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1))
        }
        b"VP8X" => Some((le24(head, 24)? + 1, le24(head, 27)? + 1)),
        _ => None,
    }
}

/// A file read from its head when it can be, and by seeking past it when
/// a JPEG's metadata outgrows the head.
struct Source<R> {
    reader: R,
    head: Vec<u8>,
}

impl<R: Read + Seek> Source<R> {
    /// `len` bytes at `at`, or `None` past the end of the file.
    fn bytes(&mut self, at: u64, len: usize) -> Option<Cow<'_, [u8]>> {
        let start = usize::try_from(at).ok()?;
        let end = start.checked_add(len)?;
        if end <= self.head.len() {
            return self.head.get(start..end).map(Cow::Borrowed);
        }
        if (self.head.len() as u64) < HEAD {
            return None; // the head is the whole file
        }
        self.reader.seek(SeekFrom::Start(at)).ok()?;
        let mut buf = vec![0; len];
        self.reader.read_exact(&mut buf).ok()?;
        Some(Cow::Owned(buf))
    }

    fn byte(&mut self, at: u64) -> Option<u8> {
        self.bytes(at, 1)?.first().copied()
    }
}

/// Walks the segments from the start of the image to the first frame
/// header (SOFn), noting an EXIF orientation on the way: browsers turn
/// such images, so a quarter turn swaps width and height.
fn jpeg<R: Read + Seek>(source: &mut Source<R>) -> Option<(u32, u32)> {
    let mut at = 2;
    let mut turned = false;
    for _ in 0..MAX_SEGMENTS {
        let (marker, after) = jpeg_marker(source, at)?;
        at = after;
        match marker {
            // Standalone markers carry no length.
            0x01 | 0xD0..=0xD8 => continue,
            // The end of the image or its scan data before any frame header.
            0xD9 | 0xDA => return None,
            _ => {}
        }
        let length = u64::from(be16(&source.bytes(at, 2)?, 0)?);
        if length < 2 {
            return None;
        }
        if is_frame_header(marker) {
            let frame = source.bytes(at + 2, 5)?;
            let height = u32::from(be16(&frame, 1)?);
            let width = u32::from(be16(&frame, 3)?);
            return Some(if turned {
                (height, width)
            } else {
                (width, height)
            });
        }
        if marker == 0xE1 && !turned {
            let body = usize::try_from(length - 2).ok()?;
            turned = source
                .bytes(at + 2, body)
                .is_some_and(|body| exif_quarter_turn(&body));
        }
        at += length;
    }
    None
}

/// The marker at `at` and where its segment's length starts, past any
/// fill bytes.
fn jpeg_marker<R: Read + Seek>(source: &mut Source<R>, at: u64) -> Option<(u8, u64)> {
    if source.byte(at)? != 0xFF {
        return None;
    }
    let mut at = at + 1;
    for _ in 0..MAX_FILL {
        let byte = source.byte(at)?;
        at += 1;
        if byte != 0xFF {
            return Some((byte, at));
        }
    }
    None
}

/// SOF0 to SOF15, less DHT (C4), JPG (C8) and DAC (CC), which share the
/// range.
fn is_frame_header(marker: u8) -> bool {
    (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC)
}

/// True when an APP1 segment's EXIF orientation (tag 0x0112 in IFD0) is
/// 5 to 8: a quarter turn, with or without a mirror.
fn exif_quarter_turn(body: &[u8]) -> bool {
    exif_orientation(body).is_some_and(|o| (5..=8).contains(&o))
}

fn exif_orientation(body: &[u8]) -> Option<u16> {
    let tiff = body.strip_prefix(b"Exif\0\0")?;
    let little = match tiff.get(..4)? {
        b"II*\0" => true,
        b"MM\0*" => false,
        _ => return None,
    };
    let u16_at = |at: usize| {
        if little {
            le16(tiff, at)
        } else {
            be16(tiff, at)
        }
    };
    let u32_at = |at: usize| {
        if little {
            le32(tiff, at)
        } else {
            be32(tiff, at)
        }
    };
    let ifd = usize::try_from(u32_at(4)?).ok()?;
    let count = usize::from(u16_at(ifd)?);
    for i in 0..count {
        let entry = ifd.checked_add(2 + i * 12)?;
        if u16_at(entry)? == 0x0112 {
            return u16_at(entry.checked_add(8)?);
        }
    }
    None
}

/// An ISO media file whose `ftyp` box names the AVIF brand, as its major
/// brand or a compatible one.
fn is_avif(head: &[u8]) -> bool {
    let Some((kind, body)) = Boxes(head).next() else {
        return false;
    };
    let major = body.get(..4).into_iter();
    let compatible = body.get(8..).unwrap_or_default().chunks_exact(4);
    kind == *b"ftyp"
        && major
            .chain(compatible)
            .any(|b| b == b"avif" || b == b"avis")
}

/// The size of the primary image: the `ispe` (image spatial extents)
/// property the `ipma` box associates with the `pitm` item, turned by an
/// `irot` property of a quarter turn. A file without a primary item is
/// the size of its largest `ispe`, as tiles, thumbnails and alpha planes
/// are never larger than the image.
fn avif(head: &[u8]) -> Option<(u32, u32)> {
    let meta = child(head, b"meta")?.get(4..)?; // a full box: version, flags
    let iprp = child(meta, b"iprp")?;
    let properties: Vec<_> = Boxes(child(iprp, b"ipco")?).collect();
    let chosen: Vec<_> = match child(meta, b"pitm") {
        Some(pitm) => primary_properties(pitm, iprp)?
            .into_iter()
            .filter_map(|index| properties.get(index.checked_sub(1)?).copied())
            .collect(),
        None => properties,
    };
    let (width, height) = chosen
        .iter()
        .filter(|(kind, _)| kind == b"ispe")
        .filter_map(|(_, body)| Some((be32(body, 4)?, be32(body, 8)?)))
        .max_by_key(|(w, h)| u64::from(*w) * u64::from(*h))?;
    let turned = chosen
        .iter()
        .any(|(kind, body)| kind == b"irot" && body.first().is_some_and(|a| a & 1 == 1));
    Some(if turned {
        (height, width)
    } else {
        (width, height)
    })
}

/// The 1-based indices into `ipco` of the properties of the item `pitm`
/// names.
fn primary_properties(pitm: &[u8], iprp: &[u8]) -> Option<Vec<usize>> {
    let item = match *pitm.first()? {
        0 => u32::from(be16(pitm, 4)?),
        _ => be32(pitm, 4)?,
    };
    let ipma = child(iprp, b"ipma")?;
    let (version, wide) = (*ipma.first()?, ipma.get(3)? & 1 == 1);
    let mut at = 8;
    for _ in 0..be32(ipma, 4)? {
        let id = if version == 0 {
            at += 2;
            u32::from(be16(ipma, at - 2)?)
        } else {
            at += 4;
            be32(ipma, at - 4)?
        };
        let count = *ipma.get(at)?;
        at += 1;
        let mut indices = Vec::new();
        for _ in 0..count {
            let index = if wide {
                at += 2;
                usize::from(be16(ipma, at - 2)? & 0x7FFF)
            } else {
                at += 1;
                usize::from(ipma.get(at - 1)? & 0x7F)
            };
            indices.push(index);
        }
        if id == item {
            return Some(indices);
        }
    }
    None
}

/// The body of the first box of `kind` among the boxes in `data`.
fn child<'a>(data: &'a [u8], kind: &[u8; 4]) -> Option<&'a [u8]> {
    Boxes(data).find(|(k, _)| k == kind).map(|(_, body)| body)
}

/// The boxes of ISO media laid end to end in a slice, as (type, body).
/// A box running past the slice (cut by the head or by damage) ends the
/// walk: half a box would give half the truth, such as a size without
/// its rotation.
struct Boxes<'a>(&'a [u8]);

impl<'a> Iterator for Boxes<'a> {
    type Item = ([u8; 4], &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        let data = std::mem::take(&mut self.0);
        let kind: [u8; 4] = data.get(4..8)?.try_into().ok()?;
        let (header, size) = match be32(data, 0)? {
            0 => (8, data.len()),
            1 => (16, usize::try_from(be64(data, 8)?).unwrap_or(usize::MAX)),
            size => (8, usize::try_from(size).unwrap_or(usize::MAX)),
        };
        let body = data.get(header..size)?;
        self.0 = data.get(size..).unwrap_or_default();
        Some((kind, body))
    }
}

fn array<const N: usize>(data: &[u8], at: usize) -> Option<[u8; N]> {
    data.get(at..at.checked_add(N)?)?.try_into().ok()
}

fn be16(data: &[u8], at: usize) -> Option<u16> {
    array(data, at).map(u16::from_be_bytes)
}

fn le16(data: &[u8], at: usize) -> Option<u16> {
    array(data, at).map(u16::from_le_bytes)
}

fn le24(data: &[u8], at: usize) -> Option<u32> {
    let [a, b, c] = array(data, at)?;
    Some(u32::from_le_bytes([a, b, c, 0]))
}

fn be32(data: &[u8], at: usize) -> Option<u32> {
    array(data, at).map(u32::from_be_bytes)
}

fn le32(data: &[u8], at: usize) -> Option<u32> {
    array(data, at).map(u32::from_le_bytes)
}

fn be64(data: &[u8], at: usize) -> Option<u64> {
    array(data, at).map(u64::from_be_bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::io::Cursor;

    /// Real 3x2 files: the PNG written by hand (valid CRCs and IDAT), the
    /// others by ImageMagick, cwebp and avifenc.
    const SAMPLES: &[(&str, &str)] = &[
        (
            "png",
            "89504e470d0a1a0a0000000d49484452000000030000000208020000001216f14d000000104944415478\
             9c63f8cfc000410c70160041d205fb87f0b9480000000049454e44ae426082",
        ),
        (
            "gif",
            "47494638396103000200f00000ff0000ffffff21f904000000000021ff0b496d6167654d616769636b\
             0d67616d6d613d302e3435343535002c0000000003000200000202845f003b",
        ),
        (
            "jpg",
            "ffd8ffe000104a46494600010100000100010000ffdb004300100b0c0e0c0a100e0d0e1211101318281a\
             181616183123251d283a333d3c3933383740485c4e404457453738506d51575f626768673e4d71797064\
             785c656763ffdb0043011112121815182f1a1a2f63423842636363636363636363636363636363636363\
             6363636363636363636363636363636363636363636363636363636363636363ffc00011080002000303\
             012200021101031101ffc4001500010100000000000000000000000000000005ffc40014100100000000\
             000000000000000000000000ffc4001501010100000000000000000000000000000506ffc40014110100\
             000000000000000000000000000000ffda000c03010002110311003f008a00b5e3ffd9",
        ),
        (
            "webp",
            "524946463c000000574542505650382030000000d001009d012a0300020002003425a00274ba01f8000\
             3b000fef0c40bff20b96175c8d7ff203fe407fc80fff8f2000000",
        ),
        (
            "webp",
            "524946461c000000574542505650384c0f0000002f024000000710fd8ffe0722a2ff0100",
        ),
        (
            "webp",
            "524946465e00000057454250565038580a00000010000000020000010000414c50480700000000808080\
             808080005650382030000000d001009d012a0300020002003425a00274ba01f80003b000fef0c40bff20\
             b96175c8d7ff203fe407fc80fff8f2000000",
        ),
        (
            "avif",
            "00000020667479706176696600000000617669666d6966316d6961664d413141000000f26d6574610000\
             00000000002868646c720000000000000000706963740000000000000000000000006c69626176696600\
             0000000e7069746d0000000000010000001e696c6f6300000000440000010001000000010000011a0000\
             00200000002869696e660000000000010000001a696e6665020000000001000061763031436f6c6f7200\
             0000006a697072700000004b6970636f0000001469737065000000000000000300000002000000107069\
             786900000000030808080000000c617631438120000000000013636f6c726e636c780001000d00068000\
             00001769706d61000000000000000100010401028304000000286d64617412000a0838042b0808683480\
             32121640061861840000794cdc3d531f63105ea8",
        ),
        (
            "svg",
            "3c73766720786d6c6e733d22687474703a2f2f7777772e77332e6f72672f323030302f73766722207669\
             6577426f783d2230203020332032223e3c726563742077696474683d223322206865696768743d223222\
             2f3e3c2f7376673e0a",
        ),
    ];

    /// A 3x2 AVIF rotated a quarter turn (`avifenc --irot 1`).
    const TURNED_AVIF: &str = "00000020667479706176696600000000617669666d6966316d6961664d413141000000fc6d6574610000\
        00000000002868646c720000000000000000706963740000000000000000000000006c69626176696600\
        0000000e7069746d0000000000010000001e696c6f630000000044000001000100000001000001240000\
        00200000002869696e660000000000010000001a696e6665020000000001000061763031436f6c6f7200\
        0000007469707270000000546970636f0000001469737065000000000000000300000002000000107069\
        786900000000030808080000000c617631438120000000000013636f6c726e636c780001000d00068000\
        00000969726f74010000001869706d6100000000000000010001050102830485000000286d6461741200\
        0a0838042b080868348032121640061861840000794cdc3d531f63105ea8";

    fn hex(text: &str) -> Vec<u8> {
        let digits: Vec<u8> = text
            .bytes()
            .filter(u8::is_ascii_hexdigit)
            .map(|d| (d as char).to_digit(16).unwrap() as u8)
            .collect();
        digits
            .chunks(2)
            .map(|pair| pair[0] << 4 | pair[1])
            .collect()
    }

    fn of(bytes: &[u8]) -> Option<(u32, u32)> {
        dimensions_from(Cursor::new(bytes))
    }

    #[test]
    fn real_files_give_width_and_height() {
        let dir = tempfile::tempdir().unwrap();
        for (i, (ext, sample)) in SAMPLES.iter().enumerate() {
            let path = dir.path().join(format!("{i}.{ext}"));
            std::fs::write(&path, hex(sample)).unwrap();
            assert_eq!(dimensions(&path), Some((3, 2)), "sample {i} ({ext})");
        }
    }

    #[test]
    fn unreadable_or_unknown_files_have_no_dimensions() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(dimensions(&dir.path().join("missing.png")), None);
        assert_eq!(dimensions(dir.path()), None);
        assert_eq!(of(b""), None);
        assert_eq!(of(b"%PDF-1.7\n"), None);
        assert_eq!(
            of(b"<html><svg width=\"3\" height=\"2\"></svg></html>"),
            None
        );
    }

    #[test]
    fn an_avif_rotated_a_quarter_turn_swaps_width_and_height() {
        let turned = hex(TURNED_AVIF);
        assert_eq!(of(&turned), Some((2, 3)));
    }

    /// An AVIF box: size, type, body.
    fn iso_box(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
        let mut out = u32::try_from(body.len() + 8)
            .unwrap()
            .to_be_bytes()
            .to_vec();
        out.extend_from_slice(kind);
        out.extend_from_slice(body);
        out
    }

    fn ispe(width: u32, height: u32) -> Vec<u8> {
        let body = [[0; 4], width.to_be_bytes(), height.to_be_bytes()].concat();
        iso_box(b"ispe", &body)
    }

    /// An AVIF whose item 2 (a big thumbnail, say) comes first in `ipco`
    /// and whose primary item 1 is 3x2.
    fn avif_with_two_items(primary: bool) -> Vec<u8> {
        let ipco = iso_box(b"ipco", &[ispe(300, 200), ispe(3, 2)].concat());
        // version 0, flags 0, two entries: item 1 -> property 2, item 2 -> 1.
        let ipma = iso_box(b"ipma", &hex("00000000 00000002 0001 01 02 0002 01 01"));
        let pitm = iso_box(b"pitm", &hex("00000000 0001"));
        let iprp = iso_box(b"iprp", &[ipco, ipma].concat());
        let mut meta = vec![0; 4];
        if primary {
            meta.extend(pitm);
        }
        meta.extend(iprp);
        let ftyp = iso_box(b"ftyp", b"mif1\0\0\0\0mif1avifmiaf");
        [ftyp, iso_box(b"meta", &meta), iso_box(b"mdat", &[0; 16])].concat()
    }

    #[test]
    fn an_avif_is_the_size_of_its_primary_item() {
        assert_eq!(of(&avif_with_two_items(true)), Some((3, 2)));
        // Without a primary item, the largest image stands for the file.
        assert_eq!(of(&avif_with_two_items(false)), Some((300, 200)));
    }

    /// The sample JPEG with `segments` inserted after its start marker.
    fn jpeg_with(segments: &[Vec<u8>]) -> Vec<u8> {
        let jpeg = hex(SAMPLES[2].1);
        [&jpeg[..2], &segments.concat(), &jpeg[2..]].concat()
    }

    fn segment(marker: u8, body: &[u8]) -> Vec<u8> {
        let length = u16::try_from(body.len() + 2).unwrap().to_be_bytes();
        [&[0xFF, marker][..], &length, body].concat()
    }

    /// An APP1 EXIF segment whose IFD0 holds one other tag, then the
    /// orientation.
    fn exif(orientation: u16, little: bool) -> Vec<u8> {
        let u16b = |v: u16| {
            if little {
                v.to_le_bytes()
            } else {
                v.to_be_bytes()
            }
        };
        let u32b = |v: u32| {
            if little {
                v.to_le_bytes()
            } else {
                v.to_be_bytes()
            }
        };
        let mut tiff = if little {
            b"II*\0".to_vec()
        } else {
            b"MM\0*".to_vec()
        };
        tiff.extend(u32b(8));
        tiff.extend(u16b(2));
        for (tag, value) in [(0x010F, 7), (0x0112, orientation)] {
            tiff.extend([u16b(tag), u16b(3)].concat());
            tiff.extend(u32b(1));
            tiff.extend([u16b(value), [0, 0]].concat());
        }
        tiff.extend(u32b(0));
        segment(0xE1, &[b"Exif\0\0".as_slice(), &tiff].concat())
    }

    #[test]
    fn a_jpeg_turned_by_exif_swaps_width_and_height() {
        assert_eq!(of(&jpeg_with(&[exif(6, false)])), Some((2, 3)));
        assert_eq!(of(&jpeg_with(&[exif(8, true)])), Some((2, 3)));
        assert_eq!(of(&jpeg_with(&[exif(1, true)])), Some((3, 2)));
        assert_eq!(of(&jpeg_with(&[exif(3, false)])), Some((3, 2)));
    }

    #[test]
    fn jpeg_fill_bytes_and_metadata_past_the_head_are_skipped() {
        let big = segment(0xE2, &[0xFF; 65_533]);
        let jpeg = jpeg_with(&[big.clone(), big, vec![0xFF, 0xFF]]);
        assert!(jpeg.len() as u64 > HEAD);
        assert_eq!(of(&jpeg), Some((3, 2)));
        // Scan data before any frame header: not an image we can size.
        assert_eq!(of(&jpeg_with(&[segment(0xDA, &[0; 4])])), None);
    }

    /// A reader that counts the bytes it hands out.
    struct Counting<R> {
        inner: R,
        read: u64,
    }

    impl<R: Read> Read for Counting<R> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.inner.read(buf)?;
            self.read += n as u64;
            Ok(n)
        }
    }

    impl<R: Seek> Seek for Counting<R> {
        fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
            self.inner.seek(pos)
        }
    }

    #[test]
    fn only_the_head_of_a_big_file_is_read() {
        let mut png = hex(SAMPLES[0].1);
        png.resize(8 << 20, 0);
        let mut reader = Counting {
            inner: Cursor::new(png),
            read: 0,
        };
        assert_eq!(dimensions_from(&mut reader), Some((3, 2)));
        assert!(reader.read <= HEAD, "read {} bytes", reader.read);
    }

    #[test]
    fn every_cut_of_every_sample_is_none_or_right() {
        let mut samples: Vec<Vec<u8>> = SAMPLES.iter().map(|(_, s)| hex(s)).collect();
        samples.push(jpeg_with(&[exif(6, false)]));
        samples.push(avif_with_two_items(true));
        samples.push(hex(TURNED_AVIF));
        for sample in &samples {
            let full = of(sample);
            assert!(full.is_some());
            for cut in 0..sample.len() {
                let got = of(&sample[..cut]);
                assert!(got.is_none() || got == full, "cut at {cut}: {got:?}");
            }
        }
    }

    #[test]
    fn damaged_sizes_are_none() {
        let mut png = hex(SAMPLES[0].1);
        png[16..20].copy_from_slice(&[0; 4]);
        assert_eq!(of(&png), None, "a zero width");
        let mut png = hex(SAMPLES[0].1);
        png[12..16].copy_from_slice(b"IDAT");
        assert_eq!(of(&png), None, "no IHDR first");
        let mut webp = hex(SAMPLES[3].1);
        webp[23] = 0;
        assert_eq!(of(&webp), None, "no VP8 start code");
        assert_eq!(
            of(&jpeg_with(&[vec![0xFF, 0xE0, 0, 1]])),
            None,
            "short segment"
        );
    }

    proptest! {
        #[test]
        fn garbage_never_panics(
            magic in 0..SAMPLES.len() + 1,
            keep in 0usize..64,
            tail in proptest::collection::vec(any::<u8>(), 0..512),
        ) {
            let mut bytes = SAMPLES.get(magic).map_or_else(Vec::new, |(_, s)| hex(s));
            bytes.truncate(keep);
            bytes.extend(tail);
            if let Some((width, height)) = of(&bytes) {
                prop_assert!(width > 0 && height > 0);
            }
        }

        #[test]
        fn flipped_bytes_never_panic(
            sample in 0..SAMPLES.len(),
            flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..8),
        ) {
            let mut bytes = hex(SAMPLES[sample].1);
            for (at, byte) in flips {
                let at = at % bytes.len();
                bytes[at] = byte;
            }
            let _ = of(&bytes);
        }
    }
}
