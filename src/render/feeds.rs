//! Feeds and crawler files: atom.xml (the latest briefs), changes/atom.xml
//! (the latest commits to the content), sitemap.xml and robots.txt. These
//! need absolute URLs, so they use `base_url`.

use std::fmt::Write as _;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use crate::content::history::History;
use crate::markdown::page::Kind;
use crate::output::OutputFile;
use crate::render::lists::{SourcePage, Terms};
use crate::site::{PageId, Site};
use crate::text::date::PartialDate;
use crate::text::html::{escape, escape_into};
use crate::text::packed::Pages;

const FEED_ENTRIES: usize = 50;

/// The lists the sitemap names besides the pages: a split topic's or
/// actor's parts (`Terms`), and the source list's pages when a rebuild
/// has them already.
pub type Lists<'a> = (&'a Terms, Option<&'a [SourcePage]>);

const SITEMAP: &str = "sitemap.xml";

/// All four files.
pub fn files(site: &Site, history: &History, lists: Lists) -> Vec<OutputFile> {
    let entries = Entries::of(site, history, lists);
    vec![
        atom(site, history),
        changes(site, history),
        sitemap(site, entries),
        robots(site),
    ]
}

/// The feeds as a rebuild last packed them, each with a hash of its text
/// (see [`packed`]), and a fingerprint of the sitemap's entries.
pub struct Packed {
    files: Vec<(u64, OutputFile)>,
    entries: u64,
}

/// `files` packed by `pack`, as `serve` holds them, each taken from
/// `last` instead when its text is what it was: a retitled brief leaves
/// the sitemap of 100,000 briefs (some 15 MB) as it was, and packing it
/// again took more CPU than hashing it. The sitemap is not even made
/// when its entries are those of `last`: sorting, escaping and writing
/// them took some 60 ms of CPU. Without a packer, `files` as they are,
/// and nothing kept.
pub fn packed(
    site: &Site,
    history: &History,
    lists: Lists,
    last: Option<&Packed>,
    pack: Option<&Arc<Pages>>,
) -> (Vec<OutputFile>, Option<Packed>) {
    let Some(pack) = pack else {
        return (files(site, history, lists), None);
    };
    let entries = Entries::of(site, history, lists);
    let print = entries.fingerprint(site);
    let same_entries = last.filter(|last| last.entries == print);
    let kept_sitemap =
        same_entries.and_then(|last| (last.files.iter()).find(|(_, f)| f.path == SITEMAP));
    let mut made = vec![atom(site, history), changes(site, history), robots(site)];
    if kept_sitemap.is_none() {
        made.push(sitemap(site, entries));
    }
    let mut kept: Vec<(u64, OutputFile)> = (made.into_iter())
        .map(|file| {
            let mut hasher = crate::fingerprint_hasher();
            (&file.path, &file.bytes).hash(&mut hasher);
            let text = hasher.finish();
            let same = |(was, old): &&(u64, OutputFile)| *was == text && old.path == file.path;
            match last.and_then(|last| last.files.iter().find(same)) {
                Some((_, old)) => (text, old.clone()),
                None => (text, file.packed_by(Some(pack))),
            }
        })
        .collect();
    kept.extend(kept_sitemap.cloned());
    let files = kept.iter().map(|(_, file)| file.clone()).collect();
    let packed = Packed {
        files: kept,
        entries: print,
    };
    (files, Some(packed))
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
    let titles = titles_of(site, commits.iter().flat_map(|c| &c.paths));
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

/// The title of each page written in one of `paths`, by its path: only
/// the pages the feed's commits changed, not a table of every page.
fn titles_of<'s>(
    site: &'s Site,
    paths: impl Iterator<Item = &'s String>,
) -> crate::HashMap<&'s str, &'s str> {
    let wanted: crate::HashSet<&str> = paths.map(String::as_str).collect();
    (site.pages.iter())
        .filter_map(|page| {
            let path = page.content_path.as_deref()?;
            wanted.contains(path).then_some((path, page.title.as_str()))
        })
        .collect()
}

/// The sitemap's entries, in no order yet: every page's address, with
/// when a brief last changed, then the lists' and the exports'.
struct Entries<'s> {
    pages: Vec<(&'s str, Option<PartialDate>)>,
    others: Vec<String>,
}

impl<'s> Entries<'s> {
    fn of(site: &'s Site, history: &History, (terms, source_pages): Lists) -> Entries<'s> {
        let pages = (site.pages.iter().enumerate())
            .map(|(id, p)| {
                let last = match p.kind {
                    Kind::Brief => last_changed(site, history, id),
                    _ => None,
                };
                (p.url.as_str(), last)
            })
            .collect();
        let mut others = crate::render::lists::urls(site, terms, source_pages);
        others.extend(crate::render::exports::urls());
        Entries { pages, others }
    }

    /// A fingerprint of the entries and the address they are under.
    fn fingerprint(&self, site: &Site) -> u64 {
        let mut hasher = crate::fingerprint_hasher();
        (&self.pages, &self.others, &site.config.base_url).hash(&mut hasher);
        hasher.finish()
    }
}

/// Every page's canonical URL.
fn sitemap(site: &Site, entries: Entries) -> OutputFile {
    let Entries {
        pages: mut urls,
        others,
    } = entries;
    urls.extend(others.iter().map(|u| (u.as_str(), None)));
    // A stable sort, for the runs already in order: the pages come in the
    // order of their files, which is mostly that of their addresses, so
    // the sort merges a few long runs where an unstable one would compare
    // 100,000 addresses some seventeen times each. No two entries are
    // equal unless they are the same, so the order is the same either way.
    urls.sort();
    let base = escape(&site.config.base_url);
    // Room for every entry at once: grown as it is written, the string
    // of 100,000 briefs' entries was moved each time it doubled.
    let addresses: usize = urls.iter().map(|(url, _)| url.len()).sum();
    let mut xml = String::with_capacity(addresses + urls.len() * (base.len() + 64));
    xml.push_str(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (url, last) in urls {
        xml.push_str("  <url><loc>");
        xml.push_str(&base);
        escape_into(&mut xml, url);
        xml.push_str("</loc>");
        // Only a whole day: a month or a year is not a W3C date the
        // sitemap protocol takes.
        if let Some(day) = last.filter(PartialDate::is_day) {
            xml.push_str("<lastmod>");
            let _ = day.write_iso(&mut xml);
            xml.push_str("</lastmod>");
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    OutputFile::new(SITEMAP, xml.into_bytes())
}

fn robots(site: &Site) -> OutputFile {
    let text = format!(
        "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
        site.config.base_url
    );
    OutputFile::new("robots.txt", text.into_bytes())
}
