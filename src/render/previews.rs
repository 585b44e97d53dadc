//! Link previews: `previews.json` maps each brief, topic, actor and page
//! to its title, kind, date and summary. The theme's `previews.js` loads
//! it on the first hover or focus of an internal link and shows the
//! target's preview in a positioned popover. One small file for the whole
//! site, so pages stay as they are and the data is fetched only if used.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::markdown::page::Kind;
use crate::output::OutputFile;
use crate::site::Site;

/// The output path of the preview data.
pub const PATH: &str = "previews.json";

/// One page's preview. Short keys: the file holds every page.
#[derive(Serialize)]
struct Preview<'a> {
    /// Title.
    t: &'a str,
    /// Kind: brief, topic, actor or page.
    k: &'static str,
    /// Date as a reader reads it, for briefs that have one.
    #[serde(skip_serializing_if = "Option::is_none")]
    d: Option<String>,
    /// Summary.
    s: &'a str,
}

/// `previews.json`, keyed by each page's URL folder (`briefs/treaty/`).
pub fn file(site: &Site) -> OutputFile {
    let previews: BTreeMap<&str, Preview> = site
        .pages
        .iter()
        .enumerate()
        .filter(|(_, page)| page.kind != Kind::Home)
        .map(|(id, page)| {
            let preview = Preview {
                t: &page.title,
                k: page.kind.noun(),
                d: page.front.date.map(|d| d.to_string()),
                s: site.summary(id),
            };
            (page.url.as_str(), preview)
        })
        .collect();
    let json = serde_json::to_string(&previews).unwrap_or_else(|_| "{}".to_string());
    OutputFile::new(PATH, inert(&json).into_bytes())
}

/// `json` with `<`, `>` and `&` written as `\u` escapes: the same JSON,
/// but no title can read as markup wherever the file ends up. These
/// characters only occur inside JSON strings, where the escapes are valid.
fn inert(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}
