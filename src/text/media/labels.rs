//! Files by extension and size, in the words a reader knows: what kind
//! a file is, "PNG image", "1.2 MB".

/// What a file is, as far as showing it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MediaKind {
    Image,
    Video,
    Audio,
    Pdf,
    Other,
}

/// Extensions of each kind, lowercased, with the name a reader knows the
/// format by.
const KNOWN: &[(&str, MediaKind, &str)] = &[
    ("svg", MediaKind::Image, "SVG"),
    ("png", MediaKind::Image, "PNG"),
    ("jpg", MediaKind::Image, "JPEG"),
    ("jpeg", MediaKind::Image, "JPEG"),
    ("webp", MediaKind::Image, "WebP"),
    ("avif", MediaKind::Image, "AVIF"),
    ("gif", MediaKind::Image, "GIF"),
    ("mp4", MediaKind::Video, "MP4"),
    ("webm", MediaKind::Video, "WebM"),
    ("ogv", MediaKind::Video, "Ogg"),
    ("mov", MediaKind::Video, "QuickTime"),
    ("mp3", MediaKind::Audio, "MP3"),
    ("ogg", MediaKind::Audio, "Ogg"),
    ("oga", MediaKind::Audio, "Ogg"),
    ("wav", MediaKind::Audio, "WAV"),
    ("m4a", MediaKind::Audio, "M4A"),
    ("flac", MediaKind::Audio, "FLAC"),
    ("pdf", MediaKind::Pdf, "PDF"),
];

/// An extension as the tables spell it: no leading dot, lowercase.
fn normal_ext(ext: &str) -> String {
    ext.trim_start_matches('.').to_ascii_lowercase()
}

/// The kind of a file by its extension (`"PNG"`, `".pdf"` and `"pdf"`
/// all work); anything unknown is [`MediaKind::Other`].
pub fn kind(ext: &str) -> MediaKind {
    let ext = normal_ext(ext);
    KNOWN
        .iter()
        .find(|(known, ..)| *known == ext)
        .map_or(MediaKind::Other, |(_, kind, _)| *kind)
}

/// What a reader calls a file with this extension: "PDF", "PNG image",
/// "MP4 video", "CSV file", or "File" when the extension says nothing.
pub fn type_label(ext: &str) -> String {
    label_for(kind(ext), ext)
}

/// The type label with the kind given by the caller, who may know it
/// better than the extension does.
pub(super) fn label_for(kind: MediaKind, ext: &str) -> String {
    let ext = normal_ext(ext);
    let format = KNOWN
        .iter()
        .find(|(known, ..)| *known == ext)
        .map(|(.., name)| (*name).to_string())
        .or_else(|| plain_ext(&ext).then(|| ext.to_ascii_uppercase()));
    let noun = match kind {
        MediaKind::Image => "image",
        MediaKind::Video => "video",
        MediaKind::Audio => "audio",
        MediaKind::Pdf => return "PDF".to_string(),
        MediaKind::Other => "file",
    };
    match format {
        Some(format) => format!("{format} {noun}"),
        None => format!("{}{}", noun[..1].to_ascii_uppercase(), &noun[1..]),
    }
}

/// True for an extension worth showing a reader: short, letters and
/// digits only (not `tar.gz~`, not a whole sentence after a dot).
fn plain_ext(ext: &str) -> bool {
    (1..=8).contains(&ext.len()) && ext.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// A file size in SI units as readers expect it: "4 bytes", "820 kB",
/// "1.2 MB"; one decimal below 10, whole numbers above.
pub fn size_label(bytes: u64) -> String {
    const UNITS: &[&str] = &["kB", "MB", "GB", "TB", "PB", "EB"];
    match bytes {
        1 => return "1 byte".to_string(),
        0..1000 => return format!("{bytes} bytes"),
        _ => {}
    }
    let mut value = bytes as f64 / 1000.0;
    for (i, unit) in UNITS.iter().enumerate() {
        let tenths = (value * 10.0).round() / 10.0;
        if tenths < 10.0 {
            return format!("{tenths:.1} {unit}");
        }
        if value.round() < 1000.0 || i + 1 == UNITS.len() {
            return format!("{:.0} {unit}", value.round());
        }
        value /= 1000.0;
    }
    format!("{bytes} bytes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_follow_lowercased_extensions() {
        for ext in ["svg", "png", "jpg", "JPEG", "webp", "avif", ".gif"] {
            assert_eq!(kind(ext), MediaKind::Image, "{ext}");
        }
        for ext in ["mp4", "webm", "ogv", "MOV"] {
            assert_eq!(kind(ext), MediaKind::Video, "{ext}");
        }
        for ext in ["mp3", "ogg", "oga", "wav", "m4a", "Flac"] {
            assert_eq!(kind(ext), MediaKind::Audio, "{ext}");
        }
        assert_eq!(kind("PDF"), MediaKind::Pdf);
        for ext in ["csv", "", "tiff", "pdf.exe", "png "] {
            assert_eq!(kind(ext), MediaKind::Other, "{ext:?}");
        }
    }

    #[test]
    fn type_labels_name_format_and_kind() {
        assert_eq!(type_label("pdf"), "PDF");
        assert_eq!(type_label("PNG"), "PNG image");
        assert_eq!(type_label("jpg"), "JPEG image");
        assert_eq!(type_label("webp"), "WebP image");
        assert_eq!(type_label("mp4"), "MP4 video");
        assert_eq!(type_label("oga"), "Ogg audio");
        assert_eq!(type_label("csv"), "CSV file");
        assert_eq!(type_label(".xlsx"), "XLSX file");
        assert_eq!(type_label(""), "File");
        assert_eq!(type_label("a b<c>"), "File");
        assert_eq!(type_label("verylongext"), "File");
        assert_eq!(label_for(MediaKind::Video, "mkv"), "MKV video");
        assert_eq!(label_for(MediaKind::Audio, ""), "Audio");
    }

    #[test]
    fn size_labels_use_si_units_with_one_decimal_below_ten() {
        assert_eq!(size_label(0), "0 bytes");
        assert_eq!(size_label(1), "1 byte");
        assert_eq!(size_label(4), "4 bytes");
        assert_eq!(size_label(999), "999 bytes");
        assert_eq!(size_label(1000), "1.0 kB");
        assert_eq!(size_label(1234), "1.2 kB");
        assert_eq!(size_label(9_949), "9.9 kB");
        assert_eq!(size_label(9_960), "10 kB");
        assert_eq!(size_label(820_000), "820 kB");
        assert_eq!(size_label(999_499), "999 kB");
        assert_eq!(size_label(999_500), "1.0 MB");
        assert_eq!(size_label(1_200_000), "1.2 MB");
        assert_eq!(size_label(1_250_000), "1.3 MB");
        assert_eq!(size_label(45_600_000), "46 MB");
        assert_eq!(size_label(3_000_000_000), "3.0 GB");
        assert_eq!(size_label(u64::MAX), "18 EB");
    }
}
