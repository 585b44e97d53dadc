//! Scaffolding for writers: `dossier new` writes one brief, topic or actor
//! with complete front matter, and `dossier init` writes a small dossier
//! that checks and builds clean at once. Neither ever overwrites a file.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::Fatal;
use crate::content::config::CONFIG_FILE;
use crate::content::placeholders::BRIEF_BODY;
use crate::content::scan::CONTENT_DIR;
use crate::markdown::page::Kind;
use crate::text::slug::slugify;

/// Writes `content/<kind>s/<slug>.md` under `root` for a new page titled
/// `title`, dated `today` if it is a brief, and returns its path. Refuses
/// when the file (or, for a brief, any brief with that file name) exists.
pub fn new_page(root: &Path, kind: Kind, title: &str, today: Date) -> Result<PathBuf, Fatal> {
    let title = title.trim();
    let text = match kind {
        Kind::Brief => brief(title, today),
        Kind::Topic => topic(title),
        Kind::Actor => actor(title),
        Kind::Page | Kind::Home => {
            return Err(Fatal::usage(
                "dossier new writes a brief, a topic or an actor",
            ));
        }
    };
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        return Err(Fatal::usage(format!(
            "no content folder at {}: run `dossier new` in a dossier folder (or pass -r ROOT), or start a dossier with `dossier init`",
            content.display()
        )));
    }
    let slug = file_name(kind, title)?;
    let folder = content.join(kind.folder());
    if kind == Kind::Brief {
        refuse_same_brief_name(root, &folder, &slug)?;
    }
    let path = folder.join(format!("{slug}.md"));
    create(&path, &text)?;
    Ok(path)
}

/// The slug a new page's file is named by; an error when the title has
/// nothing to make one of.
fn file_name(kind: Kind, title: &str) -> Result<String, Fatal> {
    let example = format!("dossier new {} \"Treaty signed\"", kind.noun());
    if title.is_empty() {
        return Err(Fatal::usage(format!(
            "the title is empty; give the {} a title, like `{example}`",
            kind.noun()
        )));
    }
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(Fatal::usage(format!(
            "cannot make a file name from the title '{title}': it needs at least one letter or digit, like `{example}`"
        )));
    }
    Ok(slug)
}

/// A brief's URL is its file name wherever it is nested, so a second
/// `<slug>.md` anywhere under `content/briefs` would be a duplicate.
fn refuse_same_brief_name(root: &Path, briefs: &Path, slug: &str) -> Result<(), Fatal> {
    let wanted = format!("{slug}.md");
    let existing = walkdir::WalkDir::new(briefs)
        .into_iter()
        .filter_map(Result::ok)
        .find(|entry| entry.file_type().is_file() && entry.file_name() == wanted.as_str());
    match existing {
        Some(entry) => Err(already_exists(root, entry.path())),
        None => Ok(()),
    }
}

fn already_exists(root: &Path, path: &Path) -> Fatal {
    let shown = path.strip_prefix(root).unwrap_or(path);
    Fatal::usage(format!(
        "{} already exists; dossier never overwrites a file. Edit it, or choose another title",
        shown.display()
    ))
}

/// Creates `path` with `text`, its folders first; fails if it exists.
fn create(path: &Path, text: &str) -> Result<(), Fatal> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Fatal::io(parent, e))?;
    }
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path);
    let mut file = match file {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(already_exists(Path::new(""), path));
        }
        Err(e) => return Err(Fatal::io(path, e)),
    };
    file.write_all(text.as_bytes())
        .map_err(|e| Fatal::io(path, e))
}

/// `text` as a YAML value: plain when it reads back as the same text,
/// double-quoted (JSON is valid YAML) otherwise.
fn yaml_text(text: &str) -> String {
    let plain = text.chars().next().is_some_and(char::is_alphabetic)
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && !text
            .chars()
            .any(|c| "[]{},&*!|>'\"%@`\\".contains(c) || c.is_control())
        && !matches!(
            text.to_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n"
        );
    if plain {
        text.to_string()
    } else {
        serde_json::Value::String(text.to_string()).to_string()
    }
}

fn brief(title: &str, today: Date) -> String {
    format!(
        "---
title: {title}
date: {today}          # the day the brief covers; 2025-01 or 2025 when only the month or year is known
# updated: {today}     # when you revise it (git history shows this by itself)
summary:                  # one sentence; default: the first paragraph
topics: []                # names, titles or aliases of topics
actors: []                # names, titles or aliases of actors
sources: []               # ids from content/sources.yaml, or full definitions
# events:                 # dated events, for the timelines
#   - date: {today}
#     title: What happened
#     actors: []
#     sources: []
draft: true               # left out of the site until published: set `draft: false` or remove this line (dossier build --drafts shows drafts)
---

{body}
",
        title = yaml_text(title),
        body = BRIEF_BODY.join("\n"),
    )
}

fn topic(title: &str) -> String {
    format!(
        "---
title: {title}
aliases: []               # other names links may use
summary:                  # one sentence, shown in lists
---

What this topic covers, and why it matters to the dossier.
",
        title = yaml_text(title)
    )
}

fn actor(title: &str) -> String {
    format!(
        "---
title: {title}
aliases: []               # other names links may use
kind:                     # person, state or organisation
role:                     # e.g. President of Russia
country:
summary:                  # one sentence, shown in lists
---

Who this actor is, and their part in the dossier.
",
        title = yaml_text(title)
    )
}

/// What `init` wrote.
pub struct Initialised {
    /// The files created, relative to the dossier folder.
    pub created: Vec<String>,
    /// True if an existing `.gitignore` was given a `public/` line.
    pub gitignore_extended: bool,
}

/// Writes a small, complete dossier into `dir` (created if missing),
/// dated `today`. Refuses when `dir` already holds a dossier.
pub fn init(dir: &Path, today: Date) -> Result<Initialised, Fatal> {
    for existing in [CONTENT_DIR, CONFIG_FILE] {
        let path = dir.join(existing);
        if path.exists() {
            return Err(Fatal::usage(format!(
                "{} already exists, so {} already holds a dossier; dossier init starts a new one in an empty folder (or one without content/ and dossier.yaml)",
                path.display(),
                dir.display()
            )));
        }
    }
    let files = starter_files(today);
    for (rel, text) in &files {
        create(&dir.join(rel), text)?;
    }
    let mut created: Vec<String> = files.iter().map(|(rel, _)| rel.to_string()).collect();
    let gitignore = ignore_output(dir)?;
    if gitignore == Ignore::Created {
        created.push(".gitignore".into());
    }
    Ok(Initialised {
        created,
        gitignore_extended: gitignore == Ignore::Extended,
    })
}

/// What [`ignore_output`] did to `.gitignore`.
#[derive(PartialEq)]
enum Ignore {
    Created,
    Extended,
    AlreadyIgnored,
}

/// Makes git ignore the output folder: writes `.gitignore`, or adds a
/// `public/` line to an existing one that lacks it.
fn ignore_output(dir: &Path) -> Result<Ignore, Fatal> {
    let path = dir.join(".gitignore");
    let existing = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            create(&path, GITIGNORE)?;
            return Ok(Ignore::Created);
        }
        Err(e) => return Err(Fatal::io(&path, e)),
    };
    let ignored = existing
        .lines()
        .any(|l| matches!(l.trim(), "public/" | "/public/" | "public" | "/public"));
    if ignored {
        return Ok(Ignore::AlreadyIgnored);
    }
    let separator = if existing.is_empty() || existing.ends_with('\n') {
        ""
    } else {
        "\n"
    };
    std::fs::write(&path, format!("{existing}{separator}{GITIGNORE}"))
        .map_err(|e| Fatal::io(&path, e))?;
    Ok(Ignore::Extended)
}

const GITIGNORE: &str =
    "# The built site: dossier build writes it, so it is not kept in git.\npublic/\n";

/// The starter dossier: settings, a front page, one brief citing one
/// source, naming one topic and one actor that each have a page.
fn starter_files(today: Date) -> Vec<(&'static str, String)> {
    vec![
        (CONFIG_FILE, CONFIG.to_string()),
        ("content/_index.md", HOME.to_string()),
        (
            "content/briefs/first-brief.md",
            FIRST_BRIEF.replace("{today}", &today.to_string()),
        ),
        ("content/topics/method.md", METHOD.to_string()),
        ("content/actors/example-agency.md", ACTOR.to_string()),
        (
            "content/sources.yaml",
            SOURCES.replace("{today}", &today.to_string()),
        ),
    ]
}

const CONFIG: &str = "# Settings of this dossier. Every key is optional.

# The site's name, in the masthead, page titles and feeds.
title: My dossier
# One sentence for search engines and the feeds.
description: A sourced, cross-linked dossier.
# The address the site is published at, ending in /. Feeds, the sitemap,
# robots.txt, canonical links and 404.html use it; `dossier build
# --base-url URL` overrides it. Set it before you publish: until then they
# point at http://localhost:1111/, this computer (`dossier serve` needs
# none). Internal links are relative, so the site works at any address.
# base_url: https://example.org/my-dossier/
# The pages' language, for browsers and screen readers.
language: en
# Who writes the dossier, for the feeds and the page footer.
# author: Jane Analyst
# themes/<theme>/templates/ overrides the built-in theme, file by file.
theme: default
# Free values for your own templates, as `site.extra`.
# extra:
#   contact: desk@example.org
";

const HOME: &str = "---
title: My dossier
---

This is the front page, written in `content/_index.md`. Start with
[[Your first brief]], or browse the timeline, topics and actors.
";

const FIRST_BRIEF: &str = "---
title: Your first brief
date: {today}
summary: What a brief is, and how it names topics and actors and cites its sources.
topics: [Method]
actors: [Example Agency]
sources: [dossier-readme]
events:
  - date: {today}
    title: The dossier is started
    actors: [Example Agency]
    sources: [dossier-readme]
---

A brief covers one development, claim or argument in a few paragraphs. This
one names the topic [[Method]] and the actor [[the Agency|Example Agency]] in
its front matter and links to them in its text; each of their pages lists it
in return. Every claim points at a source in `content/sources.yaml`
[@dossier-readme].

## Next steps

Write a brief with `dossier new brief \"Title\"`, preview the site with
`dossier serve`, and run `dossier check` before you commit. Keep the dossier
in git: every brief then shows when and how it changed, and a commit message
with a `Correction:` line lists that correction on the brief and on the
changes page.
";

const METHOD: &str = "---
title: Method
aliases: [methodology]
summary: How the briefs in this dossier are written, sourced and corrected.
---

Each brief deals with one development and cites a source for every reported
fact. Corrections are made in the open: the commit that makes one carries a
`Correction:` line, and the brief lists it.
";

const ACTOR: &str = "---
title: Example Agency
aliases: [the Agency]
kind: organisation
role: A placeholder; rename it or delete it
country: Nowhere
summary: An example actor, to show what an actor page gathers.
---

An actor's page lists the briefs that name it, the events it took part in
and the pages that link to it.
";

const SOURCES: &str = "# Shared sources, cited from any brief as [@id]. Reliability is the
# Admiralty grade, from A (completely reliable) to F (cannot be judged),
# optionally with the information's credibility, 1 to 6: `reliability: B2`.
- id: dossier-readme
  title: The dossier README
  publisher: dossier
  date: {today}
  reliability: A
  note: A placeholder; replace it with the first real source of your dossier.
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_quoted_only_when_yaml_would_misread_them() {
        assert_eq!(yaml_text("Treaty signed"), "Treaty signed");
        assert_eq!(yaml_text("Владимир Путин"), "Владимир Путин");
        assert_eq!(yaml_text("Gas: a primer"), "\"Gas: a primer\"");
        assert_eq!(yaml_text("2025"), "\"2025\"");
        assert_eq!(yaml_text("yes"), "\"yes\"");
        assert_eq!(yaml_text("\"Quoted\" #1"), "\"\\\"Quoted\\\" #1\"");
    }
}
