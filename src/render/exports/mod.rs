//! Exports: the dossier as data files that other tools open, under
//! `exports/`. Takes the linked `Site` and gives each file (TimelineJS
//! JSON, FollowTheMoney entities, CSV tables, the whole model as JSON
//! with its JSON Schema) and the list the `/exports/` page shows. Only
//! published pages are exported: a build with `--drafts` shows drafts on
//! its pages, never in the data. Every file is sorted and holds no time
//! but the content's own dates, so the same dossier gives the same bytes.

mod csv;
mod ftm;
mod model;
mod published;
mod timelinejs;

use std::io::{self, Write};

use rayon::prelude::*;
use serde::Serialize;

use crate::output::{OutputFile, Stager};
use crate::site::Site;
use crate::text::media::size_label;
use published::Published;

/// The folder of the exports, under the output root.
pub const FOLDER: &str = "exports";

/// The JSON Schema of `dossier.json`, kept in the repository at
/// `schema/dossier.schema.json` and published beside it.
const SCHEMA: &str = include_str!("../../../schema/dossier.schema.json");

/// Each export: its file name and what opens it, in the order the
/// `/exports/` page lists them.
const EXPORTS: &[(&str, &str)] = &[
    (
        "timeline.json",
        "The timeline for TimelineJS 3 (Knight Lab): load it as the timeline's JSON source.",
    ),
    (
        "entities.ftm.json",
        "Actors, topics, events and sources as FollowTheMoney entities, one per line: Aleph, OpenAleph and the ftm command-line tools import it.",
    ),
    (
        "events.csv",
        "Every timeline row (brief dates and events) as a table: any spreadsheet opens it.",
    ),
    (
        "sources.csv",
        "Every cited source with the briefs that cite it: any spreadsheet opens it.",
    ),
    (
        "briefs.csv",
        "Every brief with its date, summary, topics and actors: any spreadsheet opens it.",
    ),
    (
        "dossier.json",
        "The whole linked dossier (pages, links with their sentences, sources, events) as JSON, for scripts and jq.",
    ),
    (
        "dossier.schema.json",
        "The JSON Schema (draft 2020-12) of dossier.json: JSON Schema validators and editors read it.",
    ),
];

/// One export as the `/exports/` page lists it.
#[derive(Serialize, Hash)]
pub struct ExportView {
    pub name: &'static str,
    pub href: String,
    pub opens: &'static str,
    pub bytes: usize,
    /// The size for a reader, as the rest of the site writes it:
    /// `812 bytes`, `14.2 kB`.
    pub size: String,
}

/// Every export file, and each one's size for [`listing`]. `sink`, for a
/// one-off build, takes each file as it is made, written straight into
/// its place in the output folder: the returned files then have their
/// paths only, as [`super::pages`] gives pages (a large dossier's
/// exports are a hundred megabytes that need not be in memory at all).
pub fn files(site: &Site, sink: Option<&Stager>) -> (Vec<OutputFile>, Vec<usize>) {
    let published = Published::of(site);
    let path = |name: &str| format!("{FOLDER}/{name}");
    let Some(sink) = sink else {
        // Kept in memory all together anyway (a rebuild's output), so
        // they are made at once: dossier.json alone takes as long as
        // the others together, and the pages wait for their sizes.
        let files: Vec<OutputFile> = EXPORTS
            .par_iter()
            .map(|(name, _)| {
                let mut bytes = Vec::new();
                // Writing to memory fails only on a map key that is not
                // a string, which none of these files has.
                let _ = write(name, &published, &mut bytes);
                OutputFile::new(path(name), bytes)
            })
            .collect();
        let sizes = files.iter().map(|f| f.bytes.len()).collect();
        return (files, sizes);
    };
    // One at a time, in the table's order: those made whole before they
    // are written (the tables) then never wait together, and the pages,
    // rendered beside them (`render::pages_beside_exports`), keep the
    // other cores busy.
    EXPORTS
        .iter()
        .map(|(name, _)| {
            let path = path(name);
            let size = sink.stage_streamed(&path, |out| write(name, &published, out));
            let size = usize::try_from(size).unwrap_or(usize::MAX);
            (OutputFile::new(path, Vec::new()), size)
        })
        .unzip()
}

/// Writes the export `name` to `out`. The two largest are written as they
/// are made; the others are small enough to be made whole first.
fn write(name: &str, published: &Published, out: &mut dyn Write) -> io::Result<()> {
    let whole = match name {
        "timeline.json" => return timelinejs::write(published, out),
        "dossier.json" => return model::write(published, out),
        "entities.ftm.json" => ftm::file(published),
        "events.csv" => csv::events(published),
        "sources.csv" => csv::sources(published),
        "briefs.csv" => csv::briefs(published),
        _ => return out.write_all(SCHEMA.as_bytes()),
    };
    out.write_all(&whole)
}

/// The site-relative URL of every export file, for the sitemap.
pub fn urls() -> impl Iterator<Item = String> {
    EXPORTS.iter().map(|(name, _)| format!("{FOLDER}/{name}"))
}

/// What the `/exports/` page lists: each file with its size from
/// `sizes` (see [`files`]: the files are made once, before the pages,
/// never for this list); `root` is the page's way back to the site root.
pub fn listing(sizes: &[usize], root: &str) -> Vec<ExportView> {
    EXPORTS
        .iter()
        .zip(sizes)
        .map(|(&(name, opens), &bytes)| ExportView {
            name,
            href: format!("{root}{FOLDER}/{name}"),
            opens,
            bytes,
            size: size_label(bytes as u64),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_labelled_as_the_rest_of_the_site_labels_them() {
        let sizes: Vec<String> = listing(&[812, 2_000, 20_000, 3_000_000], "")
            .into_iter()
            .map(|e| e.size)
            .collect();
        assert_eq!(sizes, ["812 bytes", "2.0 kB", "20 kB", "3.0 MB"]);
    }
}
