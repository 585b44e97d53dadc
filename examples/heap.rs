//! What `dossier serve` holds, by the code that allocated it. Builds a
//! dossier as `serve` does (pages and bodies packed, the content texts
//! left on disk, the exports deferred; no search, no git history) with
//! dhat's counting allocator, which records every allocation with its
//! call stack, and keeps what the build holds until the end, so dhat's
//! "at t-end" is what a server holds after its first build.
//!
//! With `title`, it then retitles one brief, rebuilds as a title edit
//! does, and puts the brief back; only that rebuild is recorded, so
//! "at t-gmax" is what the rebuild adds at its peak (what it frees of
//! the first build is not seen).
//!
//! With `new`, it instead adds a brief, rebuilds as `serve` does when a
//! brief is added, and removes it: "at t-gmax" is what that rebuild adds
//! at its peak.
//!
//! With `build OUT`, it instead runs a one-off build into OUT as
//! `dossier build --no-search --no-git` does, recorded whole: "at t-gmax"
//! is the build's peak.
//!
//! mimalloc, the binary's allocator, never calls `malloc`, which is why
//! this is an example: heaptrack sees nothing of the binary.
//!
//! ```sh
//! cargo build --profile profiling --example heap
//! target/profiling/examples/heap /dev/shm/dossier-scale/dossier-10000
//! python3 benches/heap_sites.py dhat-heap.json end
//! target/profiling/examples/heap /dev/shm/dossier-scale/dossier-10000 title
//! python3 benches/heap_sites.py dhat-heap.json peak
//! target/profiling/examples/heap /dev/shm/dossier-scale/dossier-10000 new
//! python3 benches/heap_sites.py dhat-heap.json peak
//! target/profiling/examples/heap /dev/shm/dossier-scale/dossier-10000 build /dev/shm/o
//! python3 benches/heap_sites.py dhat-heap.json peak
//! ```

use std::path::{Path, PathBuf};

use dossier::BuildOptions;
use dossier::Failure;
use dossier::build::outcome::Rendered;
use dossier::build::rebuild::Builder;

#[global_allocator]
static ALLOCATOR: dhat::Alloc = dhat::Alloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(root) = args.next().map(PathBuf::from) else {
        eprintln!("usage: heap DOSSIER [title | new | build OUT]");
        std::process::exit(2);
    };
    let mode = args.next();
    let retitle = mode.as_deref() == Some("title");
    let add = mode.as_deref() == Some("new");
    let mut options = BuildOptions::new(&root);
    options.search = false;
    options.git = false;
    if mode.as_deref() == Some("build") {
        let Some(output) = args.next() else {
            eprintln!("usage: heap DOSSIER build OUT");
            std::process::exit(2);
        };
        options.output = PathBuf::from(output);
        let _profiler = dhat::Profiler::new_heap();
        if dossier::build(&options, &|line| eprintln!("{line}")).is_err() {
            eprintln!(
                "the build failed: run `dossier check` on {}",
                root.display()
            );
            std::process::exit(1);
        }
        eprintln!("build: {}", resident());
        return;
    }
    let mut builder = Builder::new(options)
        .deferring_exports()
        .without_warnings()
        .packing_pages();
    let profiler = match retitle || add {
        true => None,
        false => Some(dhat::Profiler::new_heap()),
    };
    if builder.rebuild().is_err() {
        eprintln!(
            "the first build failed: run `dossier check` on {}",
            root.display()
        );
        std::process::exit(1);
    }
    eprintln!("first build: {}", resident());
    let profiler = profiler.or_else(|| (retitle || add).then(dhat::Profiler::new_heap));
    if retitle && let Err(e) = rebuild_retitled(&root, &mut builder) {
        eprintln!("the title edit failed: {e}");
        std::process::exit(1);
    }
    if add && let Err(e) = rebuild_with_new_brief(&root, &mut builder) {
        eprintln!("the new brief's rebuild failed: {e}");
        std::process::exit(1);
    }
    // Held to the end, as a server holds it.
    std::mem::forget(builder);
    drop(profiler);
}

/// Retitles the first brief (in file name order), rebuilds, and writes
/// the brief back as it was.
fn rebuild_retitled(root: &Path, builder: &mut Builder) -> std::io::Result<()> {
    let briefs = root.join("content/briefs");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&briefs)?
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .collect();
    names.sort();
    let Some(brief) = names.first() else {
        return Err(std::io::Error::other("no brief in content/briefs"));
    };
    let text = std::fs::read_to_string(brief)?;
    let retitled: Vec<&str> = (text.lines())
        .map(|line| match line.starts_with("title:") {
            true => "title: \"Retitled for the heap profile\"",
            false => line,
        })
        .collect();
    std::fs::write(brief, retitled.join("\n") + "\n")?;
    let rebuilt = builder.rebuild();
    std::fs::write(brief, &text)?;
    report("title edit", rebuilt)
}

/// Adds a brief, as `serve_latency.py`'s "new brief" does, rebuilds, and
/// removes it: the pages after it in the site's order move, so the
/// rebuild shares little with the last.
fn rebuild_with_new_brief(root: &Path, builder: &mut Builder) -> std::io::Result<()> {
    let new = root.join("content/briefs/zz-heap-profile.md");
    let text = "---\ntitle: New brief for the heap profile\ndate: 2025-01-01\n---\nA new brief.\n";
    std::fs::write(&new, text)?;
    let rebuilt = builder.rebuild();
    std::fs::remove_file(&new)?;
    report("new brief", rebuilt)
}

/// Says how many pages the rebuild `what` rendered and the memory now;
/// a failed rebuild is an error.
fn report(what: &str, rebuilt: Result<Rendered, Failure>) -> std::io::Result<()> {
    let rendered = rebuilt.map_err(|_| std::io::Error::other("the rebuild failed"))?;
    eprintln!(
        "{what}: {} pages rendered, {}",
        rendered.rendered,
        resident()
    );
    Ok(())
}

/// The process's resident memory now and at its peak, from /proc.
fn resident() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let lines = status
        .lines()
        .filter(|l| l.starts_with("VmRSS") || l.starts_with("VmHWM"));
    lines
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join(", ")
}
