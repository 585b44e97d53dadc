//! `dossier build`: builds the site into the output folder and says what
//! it wrote, with the first few warnings of each kind.

use std::process::ExitCode;

use dossier::render::TeraTime;
use dossier::{BuildOptions, Diagnostic, Failure, Fatal, Report, Severity};

use crate::cli::env::stoppable;
use crate::cli::options::WriteArgs;
use crate::cli::report::{count, plural, print_human, summary};

#[derive(clap::Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub write: WriteArgs,
    /// Print how long each stage of the build took.
    #[arg(long)]
    pub timings: bool,
    /// Report unlinked mentions as warnings, not notes (as `strict:
    /// [unlinked-mention]` in dossier.yaml does).
    #[arg(long)]
    pub strict_mentions: bool,
}

pub fn run(args: BuildArgs) -> Result<ExitCode, Fatal> {
    let mut options = args.write.options();
    options.strict_mentions = args.strict_mentions;
    let options = stoppable(options);
    match dossier::build(&options, &|line| err!("{line}")) {
        Ok(report) if report.up_to_date => {
            up_to_date(&options, &report);
            Ok(ExitCode::SUCCESS)
        }
        Ok(report) => {
            print_human(&capped(&report.diagnostics));
            if args.timings {
                timings(&report);
            }
            built(&options, &report);
            Ok(ExitCode::SUCCESS)
        }
        Err(Failure::Content(diagnostics)) => {
            print_human(&diagnostics);
            err!("{}; nothing was written", summary(&diagnostics));
            Ok(ExitCode::from(1))
        }
        Err(Failure::Fatal(fatal)) => Err(fatal),
    }
}

/// Nothing changed since the last build, which wrote nothing this time.
fn up_to_date(options: &BuildOptions, report: &Report) {
    out!(
        "{} is up to date: nothing changed since the last build ({} pages, {} files){}",
        options.output.display(),
        report.pages,
        report.files,
        match report.warnings {
            0 => String::new(),
            n => format!(
                ", which had {}; `dossier check` lists them",
                plural(n, "warning")
            ),
        }
    );
}

/// How long each stage took, and how much of the search index was made.
fn timings(report: &Report) {
    let laps: Vec<String> = report
        .timings
        .iter()
        .map(|(stage, took)| format!("{stage} {:.0} ms", took.as_secs_f64() * 1000.0))
        .collect();
    err!("timings: {}", laps.join(", "));
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    let tera = report.tera;
    if tera != TeraTime::default() {
        err!(
            "templates: {:.0} ms of CPU making Tera's values of the pages' data, {:.0} ms running the templates (summed over threads)",
            ms(tera.values),
            ms(tera.templates)
        );
    }
    match report.search_shards {
        Some((made, shards)) if made == shards => {
            err!("search index: {} made", plural(shards, "shard"));
        }
        Some((made, shards)) => err!(
            "search index: {made} of {shards} shards made, {} kept from the last build",
            shards - made
        ),
        None => {}
    }
}

/// What was written where, and the notes a build leaves.
fn built(options: &BuildOptions, report: &Report) {
    let w = &report.write;
    out!(
        "built {} pages ({} files: {} written, {} unchanged, {} removed) into {} in {:.2}s{}",
        report.pages,
        report.files,
        w.written,
        w.unchanged,
        w.removed,
        options.output.display(),
        report.elapsed.as_secs_f64(),
        warnings_note(&report.diagnostics)
    );
    for note in [&report.history_note, &report.base_url_note]
        .into_iter()
        .flatten()
    {
        out!("note: {note}");
    }
}

/// A build lists at most a few warnings of each kind, then says how many
/// more there are; `check` lists them all.
fn capped(diagnostics: &[Diagnostic]) -> Vec<Diagnostic> {
    const SHOWN: usize = 10;
    let mut seen: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    let mut shown = Vec::new();
    for diagnostic in diagnostics {
        if diagnostic.is_error() {
            shown.push(diagnostic.clone());
            continue;
        }
        let count = seen.entry(diagnostic.code).or_default();
        *count += 1;
        if *count <= SHOWN {
            shown.push(diagnostic.clone());
        }
    }
    for (code, count) in seen.into_iter().filter(|(_, n)| *n > SHOWN) {
        let more = count - SHOWN;
        shown.push(
            Diagnostic::warning(code, format!("… and {more} more `{code}` warnings"))
                .hint("run `dossier check` to list them all"),
        );
    }
    shown
}

fn warnings_note(diagnostics: &[Diagnostic]) -> String {
    match count(diagnostics, Severity::Warning) {
        0 => String::new(),
        n => format!(", with {}", plural(n, "warning")),
    }
}
