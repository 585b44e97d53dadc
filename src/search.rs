//! Search, with Pagefind's library: every brief, topic and actor becomes a
//! record with its plain text, its title and date, and filters for topic,
//! actor, year and kind. The index and Pagefind's own scripts are output
//! files under `pagefind/`, so `build` writes them and `serve` serves them
//! like any page. The theme's `/search/` page runs Pagefind's UI.
//!
//! Records are made from the model, not by parsing the rendered pages, so
//! indexing costs one pass over the text. Result URLs are site-relative
//! (`briefs/x/index.html`) and the search script resolves them against the
//! site's root, so the site works at any path.

use std::collections::BTreeMap;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::diagnostic::Diagnostic;
use crate::graph::{PageId, Site};
use crate::output::OutputFile;
use crate::page::Kind;
use crate::render;

/// The folder of the index and Pagefind's scripts.
pub const FOLDER: &str = "pagefind/";

/// One record for Pagefind.
struct Record {
    url: String,
    text: String,
    meta: BTreeMap<String, String>,
    filters: BTreeMap<String, Vec<String>>,
    sort: BTreeMap<String, String>,
}

/// The index files; a failure is an error diagnostic.
pub fn files(site: &Site, diagnostics: &mut Vec<Diagnostic>) -> Vec<OutputFile> {
    let records: Vec<Record> = site
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| matches!(p.kind, Kind::Brief | Kind::Topic | Kind::Actor))
        .map(|(id, _)| record(site, id))
        .collect();
    match index(records, &site.config.language) {
        Ok(files) => files,
        Err(e) => {
            diagnostics.push(
                Diagnostic::error("search-index", format!("the search index failed: {e}"))
                    .hint("this is a bug in dossier or Pagefind; please report it"),
            );
            Vec::new()
        }
    }
}

/// Replaces the index files among `files` (sorted by path) with a fresh
/// index of `site`: for rebuilds that render only the pages that changed.
pub fn refresh(files: &mut Vec<OutputFile>, site: &Site, diagnostics: &mut Vec<Diagnostic>) {
    files.retain(|f| !f.path.starts_with(FOLDER));
    files.extend(self::files(site, diagnostics));
    files.sort_by(|a, b| a.path.cmp(&b.path));
}

fn record(site: &Site, id: PageId) -> Record {
    let page = &site.pages[id];
    let titles = |ids: &[PageId]| -> Vec<String> {
        ids.iter().map(|&t| site.pages[t].title.clone()).collect()
    };
    let (mut topics, mut actors) = (titles(&site.topics_of[id]), titles(&site.actors_of[id]));
    match page.kind {
        Kind::Topic => topics.push(page.title.clone()),
        Kind::Actor => actors.push(page.title.clone()),
        _ => {}
    }
    let mut meta = BTreeMap::from([("title".to_string(), page.title.clone())]);
    let mut filters = BTreeMap::from([
        ("kind".to_string(), vec![capitalised(page.kind.noun())]),
        ("topic".to_string(), topics),
        ("actor".to_string(), actors),
    ]);
    let mut sort = BTreeMap::new();
    if let Some(date) = page.front.date {
        meta.insert("date".to_string(), date.to_string());
        filters.insert("year".to_string(), vec![date.year().to_string()]);
        sort.insert("date".to_string(), date.iso());
    }
    filters.retain(|_, values| !values.is_empty());
    let summary = site.summary(id);
    let body = plain_text(&render::content(site, id, ""));
    Record {
        // Site-relative: the search script resolves it against the root.
        url: page.output_path(),
        text: format!("{}\n{summary}\n{body}", page.title),
        meta,
        filters,
        sort,
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
}

/// The text of dossier's own body HTML, tags dropped and entities read.
fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Runs Pagefind over `records` on a small runtime of its own.
fn index(records: Vec<Record>, language: &str) -> Result<Vec<OutputFile>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let options = PagefindServiceConfig::builder()
            .keep_index_url(true)
            .force_language(language.to_string())
            .build();
        let mut index = PagefindIndex::new(Some(options)).map_err(|e| e.to_string())?;
        for r in records {
            index
                .add_custom_record(
                    r.url,
                    r.text,
                    language.to_string(),
                    Some(r.meta),
                    Some(r.filters),
                    Some(r.sort),
                )
                .await
                .map_err(|e| e.to_string())?;
        }
        let files = index.get_files().await.map_err(|e| e.to_string())?;
        Ok(files.into_iter().filter_map(output_file).collect())
    })
}

/// A Pagefind file as an output file under [`FOLDER`]; Pagefind names
/// them below its bundle folder, whatever that is called.
fn output_file(file: pagefind::api::SyntheticFile) -> Option<OutputFile> {
    let path = file.filename.to_string_lossy().replace('\\', "/");
    let rel = path
        .rsplit_once("pagefind/")
        .map_or(path.as_str(), |(_, rel)| rel);
    (!rel.is_empty()).then(|| OutputFile::new(format!("{FOLDER}{rel}"), file.contents))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_drops_tags_and_reads_entities() {
        assert_eq!(
            plain_text("<p>A &amp; <a href=\"x\">B</a> &lt;c&gt;</p>"),
            " A &  B  <c> "
        );
    }
}
