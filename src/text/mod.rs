//! Text helpers at the bottom of the pipeline, used by every stage and
//! using none: HTML escaping, slugs and name keys, partial dates, and
//! percent-decoding of link paths, which addresses may be linked
//! (`urls`: nothing that runs script), and media files (`media`: image
//! sizes from file headers, file kinds and labels, the HTML for images,
//! players and file links), and language tags with their writing
//! direction (`lang`), and many names found as whole words in text
//! (`phrases`), and bytes held packed in memory (`packed`), and lists
//! and strings copied into blocks of their own size (`tight`), and which
//! words a text holds, in little memory (`word_filter`), and a content
//! file's text kept as written or left on disk (`file_text`).

pub mod date;
pub mod file_text;
pub mod html;
pub mod lang;
pub mod media;
pub mod packed;
pub mod percent;
pub mod phrases;
pub mod slug;
pub mod tight;
pub mod urls;
pub mod word_filter;
