//! The floor: the least work any build of a generated corpus must do with
//! the crates this project requires, with nothing of dossier's own. It
//! measures what the dependencies alone cost, so the benchmark can say how
//! much of a build is theirs (README, "Benchmarks").
//!
//! Each step adds one required crate to the one before:
//!
//! - `md`: read every brief, render its body with pulldown-cmark, write
//!   one file per brief (the floor issue 18 names);
//! - `yaml`: also parse its front matter with yaml_serde;
//! - `tera`: also render each page through a small Tera template (title,
//!   date, topics, actors, sources, body), as a site must;
//! - `search`: index each brief's title and text with Pagefind's library,
//!   in shards of at most 2,500 records as dossier makes them (or
//!   `FLOOR_SHARDS` of them), and write the bundles
//!   (needs the `search` feature, on by default).
//!
//! ```sh
//! cargo build --release --example floor
//! /usr/bin/time target/release/examples/floor tera /dev/shm/c10k/content /dev/shm/floor-out
//! ```

use std::error::Error;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// The allocator dossier uses, so the floor is not held back by another.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

type Result<T> = std::result::Result<T, Box<dyn Error + Send + Sync>>;

/// One brief: its file name's stem and its text.
struct Brief {
    stem: String,
    text: String,
}

#[derive(Deserialize, Default)]
struct Front {
    #[serde(default)]
    title: String,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    topics: Vec<String>,
    #[serde(default)]
    actors: Vec<String>,
    #[serde(default)]
    sources: Vec<Source>,
}

#[derive(Deserialize, Serialize, Default)]
struct Source {
    #[serde(default)]
    title: String,
    #[serde(default)]
    url: String,
    #[serde(default)]
    publisher: String,
}

/// What the page template reads.
#[derive(Serialize)]
struct PageData<'a> {
    title: &'a str,
    date: &'a str,
    topics: &'a [String],
    actors: &'a [String],
    sources: &'a [Source],
    body: &'a str,
}

const TEMPLATE: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title><link rel="stylesheet" href="../../style.css"></head>
<body><header><a href="../../">Dossier</a><nav><a href="../../briefs/">Briefs</a> <a href="../../topics/">Topics</a> <a href="../../actors/">Actors</a></nav></header>
<main><article><h1>{{ title }}</h1><p><time>{{ date }}</time></p>
<ul class="chips">{% for t in topics %}<li><a href="../../topics/{{ t }}/">{{ t }}</a></li>{% endfor %}</ul>
<ul class="chips">{% for a in actors %}<li><a href="../../actors/{{ a }}/">{{ a }}</a></li>{% endfor %}</ul>
{{ body | safe }}
<ol class="sources">{% for s in sources %}<li><a href="{{ s.url }}">{{ s.title }}</a>, {{ s.publisher }}</li>{% endfor %}</ol>
</article></main></body></html>
"#;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [step, content, out] = args.as_slice() else {
        return Err("usage: floor md|yaml|tera|search CONTENT_DIR OUT_DIR".into());
    };
    let briefs = read(Path::new(content))?;
    let out = PathBuf::from(out);
    fs::create_dir_all(&out)?;
    match step.as_str() {
        "md" | "yaml" | "tera" => pages(step, &briefs, &out),
        "search" => search(&briefs, &out),
        _ => Err(format!("unknown step `{step}`: md, yaml, tera or search").into()),
    }
}

/// Every `.md` file under `content`, read in parallel.
fn read(content: &Path) -> Result<Vec<Brief>> {
    let paths: Vec<PathBuf> = walkdir::WalkDir::new(content)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    paths
        .par_iter()
        .map(|path| {
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            Ok(Brief {
                stem,
                text: fs::read_to_string(path)?,
            })
        })
        .collect()
}

/// The front matter and the body of a brief.
fn split(text: &str) -> (&str, &str) {
    let Some(rest) = text.strip_prefix("---\n") else {
        return ("", text);
    };
    match rest.find("\n---\n") {
        Some(end) => (&rest[..end], &rest[end + 5..]),
        None => ("", text),
    }
}

fn markdown(body: &str) -> String {
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(body));
    html
}

/// Writes one page per brief, doing as much as `step` says.
fn pages(step: &str, briefs: &[Brief], out: &Path) -> Result<()> {
    let mut tera = tera::Tera::new();
    tera.autoescape_on(vec![".html"]);
    tera.add_raw_template("page.html", TEMPLATE)?;
    briefs.par_iter().try_for_each(|brief| {
        let (yaml, body) = split(&brief.text);
        let html = markdown(body);
        let bytes = match step {
            "md" => html,
            _ => {
                let front: Front = yaml_serde::from_str(yaml)?;
                match step {
                    "yaml" => format!("<h1>{}</h1>{html}", front.title),
                    _ => page(&tera, &front, &html)?,
                }
            }
        };
        let dir = out.join(&brief.stem);
        fs::create_dir_all(&dir)?;
        fs::write(dir.join("index.html"), bytes)?;
        Ok(())
    })
}

fn page(tera: &tera::Tera, front: &Front, body: &str) -> Result<String> {
    let data = PageData {
        title: &front.title,
        date: front.date.as_deref().unwrap_or(""),
        topics: &front.topics,
        actors: &front.actors,
        sources: &front.sources,
        body,
    };
    let context = tera::Context::from_serialize(&data)?;
    Ok(tera.render("page.html", &context)?)
}

/// Indexes every brief's title and text with Pagefind, in shards as
/// dossier makes them, and writes each bundle under `out/pagefind-N/`.
#[cfg(feature = "search")]
fn search(briefs: &[Brief], out: &Path) -> Result<()> {
    // As dossier shards an index: a power of two, at most 2,500 records
    // each; FLOOR_SHARDS overrides it.
    let shards = std::env::var("FLOOR_SHARDS")
        .ok()
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or_else(|| briefs.len().div_ceil(2500).next_power_of_two())
        .max(1);
    let size = briefs.len().div_ceil(shards).max(1);
    briefs
        .par_chunks(size)
        .enumerate()
        .try_for_each(|(n, chunk)| {
            let files = index(chunk)?;
            for (name, bytes) in files {
                let path = out.join(format!("pagefind-{n}")).join(name);
                if let Some(dir) = path.parent() {
                    fs::create_dir_all(dir)?;
                }
                fs::write(path, bytes)?;
            }
            Ok(())
        })
}

#[cfg(not(feature = "search"))]
fn search(_: &[Brief], _: &Path) -> Result<()> {
    Err("built without the `search` feature".into())
}

/// One Pagefind index over `briefs`: each one's title and the plain text of
/// its body, as a custom record.
#[cfg(feature = "search")]
fn index(briefs: &[Brief]) -> Result<Vec<(String, Vec<u8>)>> {
    use pagefind::api::PagefindIndex;
    use pagefind::options::PagefindServiceConfig;
    let runtime = tokio::runtime::Builder::new_current_thread().build()?;
    runtime.block_on(async {
        let options = PagefindServiceConfig::builder()
            .keep_index_url(true)
            .force_language("en".to_string())
            .build();
        let mut index = PagefindIndex::new(Some(options)).map_err(|e| e.to_string())?;
        for brief in briefs {
            let (yaml, body) = split(&brief.text);
            let front: Front = yaml_serde::from_str(yaml)?;
            let meta = std::collections::BTreeMap::from([("title".to_string(), front.title)]);
            index
                .add_custom_record(
                    format!("/briefs/{}/", brief.stem),
                    plain_text(body),
                    "en".to_string(),
                    Some(meta),
                    None,
                    None,
                )
                .await
                .map_err(|e| e.to_string())?;
        }
        let files = index.get_files().await.map_err(|e| e.to_string())?;
        Ok(files
            .into_iter()
            .map(|f| {
                let name = f.filename.to_string_lossy();
                (name.trim_start_matches('/').to_string(), f.contents)
            })
            .collect())
    })
}

/// The text of a Markdown body, without its markup.
#[cfg(feature = "search")]
fn plain_text(body: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut text = String::with_capacity(body.len());
    for event in Parser::new(body) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => text.push(' '),
            _ => {}
        }
    }
    text
}
