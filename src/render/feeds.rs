//! Feeds and crawler files: atom.xml (the latest briefs), changes/atom.xml
//! (the latest commits to the content), sitemap.xml and robots.txt. These
//! need absolute URLs, so they use `base_url`.

use std::fmt::Write as _;

use crate::content::history::History;
use crate::markdown::page::Kind;
use crate::output::OutputFile;
use crate::render::lists::Terms;
use crate::site::{PageId, Site};
use crate::text::date::PartialDate;
use crate::text::html::escape;

const FEED_ENTRIES: usize = 50;

/// All four files.
pub fn files(site: &Site, history: &History, terms: &Terms) -> Vec<OutputFile> {
    vec![
        atom(site, history),
        changes(site, history),
        sitemap(site, history, terms),
        robots(site),
    ]
}

/// When page `id` last changed: its front matter's `updated`, else its
/// last commit, else its `date`.
fn last_changed(site: &Site, history: &History, id: PageId) -> Option<PartialDate> {
    let page = &site.pages[id];
    let committed = || {
        let path = page.content_path.as_deref()?;
        Some(history.page(path)?.revisions.first()?.date)
    };
    page.front.updated.or_else(committed).or(page.front.date)
}

/// An Atom feed of the newest briefs. Its `updated` is the newest brief's
/// date, never the clock, so builds stay reproducible.
fn atom(site: &Site, history: &History) -> OutputFile {
    let base = &site.config.base_url;
    let briefs: Vec<usize> = site
        .briefs_by_date
        .iter()
        .copied()
        .take(FEED_ENTRIES)
        .collect();
    let stamp = |id: usize| {
        last_changed(site, history, id).map_or("1970-01-01T00:00:00Z".to_string(), |d| d.rfc3339())
    };
    let updated = briefs
        .iter()
        .map(|&id| stamp(id))
        .max()
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n",
    );
    let _ = writeln!(xml, "  <title>{}</title>", escape(&site.config.title));
    if !site.config.description.is_empty() {
        let _ = writeln!(
            xml,
            "  <subtitle>{}</subtitle>",
            escape(&site.config.description)
        );
    }
    let _ = writeln!(
        xml,
        "  <link href=\"{0}atom.xml\" rel=\"self\"/>\n  <link href=\"{0}\"/>\n  <id>{0}</id>\n  <updated>{updated}</updated>",
        escape(base)
    );
    let _ = writeln!(
        xml,
        "  <author><name>{}</name></author>",
        escape(site.config.author.as_deref().unwrap_or(&site.config.title))
    );
    for id in briefs {
        let page = &site.pages[id];
        let url = escape(&format!("{base}{}", page.url));
        let _ = writeln!(
            xml,
            "  <entry>\n    <title>{}</title>\n    <link href=\"{url}\"/>\n    <id>{url}</id>\n    <updated>{}</updated>",
            escape(&page.title),
            stamp(id)
        );
        if let Some(date) = page.front.date {
            let _ = writeln!(xml, "    <published>{}</published>", date.rfc3339());
        }
        let _ = writeln!(
            xml,
            "    <summary>{}</summary>\n  </entry>",
            escape(site.summary(id))
        );
    }
    xml.push_str("</feed>\n");
    OutputFile::new("atom.xml", xml.into_bytes())
}

/// An Atom feed of the newest commits that touched the content, each with
/// its corrections and the pages it changed. Its `updated` is the newest
/// commit's time, so builds stay reproducible.
fn changes(site: &Site, history: &History) -> OutputFile {
    let base = &site.config.base_url;
    let commits = &history.commits()[..history.commits().len().min(FEED_ENTRIES)];
    let updated = commits
        .first()
        .map_or("1970-01-01T00:00:00Z", |c| c.time.as_str());
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n",
    );
    let _ = writeln!(
        xml,
        "  <title>{} · Changes</title>\n  <link href=\"{1}changes/atom.xml\" rel=\"self\"/>\n  <link href=\"{1}changes/\"/>\n  <id>{1}changes/</id>\n  <updated>{2}</updated>",
        escape(&site.config.title),
        escape(base),
        escape(updated)
    );
    let titles: crate::HashMap<&str, &str> = site
        .pages
        .iter()
        .filter_map(|p| Some((p.content_path.as_deref()?, p.title.as_str())))
        .collect();
    for commit in commits {
        let url = escape(&format!("{base}changes/#{}", commit.short));
        let mut summary: Vec<String> = commit
            .corrections
            .iter()
            .map(|c| format!("Correction: {c}"))
            .collect();
        let pages: Vec<&str> = commit
            .paths
            .iter()
            .filter_map(|p| titles.get(p.as_str()).copied())
            .collect();
        if !pages.is_empty() {
            summary.push(format!("Changed: {}", pages.join(", ")));
        }
        let _ = writeln!(
            xml,
            "  <entry>\n    <title>{}</title>\n    <link href=\"{url}\"/>\n    <id>{url}</id>\n    <updated>{}</updated>\n    <author><name>{}</name></author>\n    <summary>{}</summary>\n  </entry>",
            escape(&commit.subject),
            escape(&commit.time),
            escape(&commit.author),
            escape(&summary.join("\n"))
        );
    }
    xml.push_str("</feed>\n");
    OutputFile::new("changes/atom.xml", xml.into_bytes())
}

/// Every page's canonical URL.
fn sitemap(site: &Site, history: &History, terms: &Terms) -> OutputFile {
    let base = &site.config.base_url;
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let lists = crate::render::lists::urls(site, terms);
    let mut urls: Vec<(&str, Option<String>)> = site
        .pages
        .iter()
        .enumerate()
        .map(|(id, p)| {
            let last = if p.kind == Kind::Brief {
                last_changed(site, history, id).map(|d| d.iso())
            } else {
                None
            };
            (p.url.as_str(), last)
        })
        .collect();
    urls.extend(lists.iter().map(|u| (u.as_str(), None)));
    let exports: Vec<String> = crate::render::exports::urls().collect();
    urls.extend(exports.iter().map(|u| (u.as_str(), None)));
    urls.sort();
    for (url, last) in urls {
        let _ = write!(xml, "  <url><loc>{}</loc>", escape(&format!("{base}{url}")));
        if let Some(last) = last.filter(|d| d.len() == 10) {
            let _ = write!(xml, "<lastmod>{last}</lastmod>");
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    OutputFile::new("sitemap.xml", xml.into_bytes())
}

fn robots(site: &Site) -> OutputFile {
    let text = format!(
        "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
        site.config.base_url
    );
    OutputFile::new("robots.txt", text.into_bytes())
}
