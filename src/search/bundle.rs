//! One run of Pagefind's library: records in, the files of one Pagefind
//! bundle out, by their names inside the bundle. Pagefind's API is async;
//! each run has a small runtime of its own.

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use super::records::Record;

/// Runs Pagefind over `records` on a small runtime of its own; returns
/// the bundle's files by their names inside it.
pub(super) fn bundle(
    records: Vec<Record>,
    language: &str,
) -> Result<Vec<(String, Vec<u8>)>, String> {
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
        Ok(files.into_iter().filter_map(bundle_file).collect())
    })
}

/// A Pagefind file by its name inside the bundle; Pagefind names them
/// below its bundle folder, whatever that is called.
fn bundle_file(file: pagefind::api::SyntheticFile) -> Option<(String, Vec<u8>)> {
    let path = file.filename.to_string_lossy().replace('\\', "/");
    let rel = path
        .rsplit_once("pagefind/")
        .map_or(path.as_str(), |(_, rel)| rel);
    (!rel.is_empty()).then(|| (rel.to_string(), file.contents))
}
