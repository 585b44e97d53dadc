//! The `dossier` command: parses arguments into options, calls the library,
//! prints diagnostics and maps the outcome to an exit code (0 success,
//! 1 content errors, 2 usage or I/O errors).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use dossier::diagnostic::{render_human, render_json};
use dossier::{BuildOptions, Diagnostic, Failure, Severity};

#[derive(Parser)]
#[command(
    name = "dossier",
    version,
    about = "Build cross-linked, sourced briefing dossiers as static sites"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (default: ROOT/public).
    Build {
        /// The dossier folder, holding content/ and dossier.yaml.
        #[arg(short, long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Override base_url from dossier.yaml (used by feeds, sitemap and canonical links).
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Check the dossier and report every problem, writing nothing.
    Check {
        #[arg(short, long, default_value = ".")]
        root: PathBuf,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Output format of the diagnostics.
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Human,
    Json,
}

fn main() -> ExitCode {
    // A panic is a bug in dossier, never the writer's fault: say so plainly
    // and exit like other failures instead of with Rust's 101.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("error: internal error in dossier: {info}");
        eprintln!(
            "This is a bug, not a problem with your dossier; please report it with the file that triggered it."
        );
    }));
    std::panic::catch_unwind(run).unwrap_or(ExitCode::from(2))
}

fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Command::Build {
            root,
            output,
            drafts,
            base_url,
        } => {
            let mut options = BuildOptions::new(root);
            if let Some(output) = output {
                options.output = output;
            }
            options.drafts = drafts;
            options.base_url = base_url;
            build(&options)
        }
        Command::Check {
            root,
            drafts,
            format,
        } => {
            let mut options = BuildOptions::new(root);
            options.drafts = drafts;
            check(&options, format)
        }
    }
}

fn build(options: &BuildOptions) -> ExitCode {
    match dossier::build(options) {
        Ok(report) => {
            print_human(&capped(&report.diagnostics));
            let w = report.write;
            println!(
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
            ExitCode::SUCCESS
        }
        Err(Failure::Content(diagnostics)) => {
            print_human(&diagnostics);
            eprintln!("{}; nothing was written", summary(&diagnostics));
            ExitCode::from(1)
        }
        Err(Failure::Fatal(fatal)) => {
            eprintln!("error: {fatal}");
            ExitCode::from(2)
        }
    }
}

fn check(options: &BuildOptions, format: Format) -> ExitCode {
    let diagnostics = match dossier::check(options) {
        Ok(diagnostics) => diagnostics,
        Err(fatal) => {
            eprintln!("error: {fatal}");
            return ExitCode::from(2);
        }
    };
    match format {
        Format::Json => println!("{}", render_json(&diagnostics)),
        Format::Human => {
            print_human(&diagnostics);
            eprintln!("{}", summary(&diagnostics));
        }
    }
    if diagnostics.iter().any(Diagnostic::is_error) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn print_human(diagnostics: &[Diagnostic]) {
    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for diagnostic in diagnostics {
        let text = render_human(diagnostic);
        if colour {
            let (code, len) = match diagnostic.severity {
                Severity::Error => ("\x1b[1;31m", 5),
                Severity::Warning => ("\x1b[1;33m", 7),
            };
            eprintln!("{code}{}\x1b[0m{}", &text[..len], &text[len..]);
        } else {
            eprintln!("{text}");
        }
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

fn count(diagnostics: &[Diagnostic], severity: Severity) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .count()
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

fn summary(diagnostics: &[Diagnostic]) -> String {
    let (errors, warnings) = (
        count(diagnostics, Severity::Error),
        count(diagnostics, Severity::Warning),
    );
    match (errors, warnings) {
        (0, 0) => "no problems found".to_string(),
        _ => format!(
            "found {} and {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        ),
    }
}

fn warnings_note(diagnostics: &[Diagnostic]) -> String {
    match count(diagnostics, Severity::Warning) {
        0 => String::new(),
        n => format!(", with {}", plural(n, "warning")),
    }
}
