//! The `dossier` command: parses arguments into options, calls the library,
//! prints diagnostics and maps the outcome to an exit code (0 success,
//! 1 content errors, 2 usage or I/O errors).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::Ordering;

use clap::{Parser, Subcommand};
use dossier::diagnostic::{render_human, render_json};
use dossier::markdown::page::Kind;
use dossier::serve::ServeOptions;
use dossier::{BuildOptions, Diagnostic, Failure, Severity};

/// Like `println!` and `eprintln!`, except that a closed pipe
/// (`dossier check | head`) is not worth a panic: the output is simply no
/// longer wanted.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

macro_rules! err {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

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
        #[command(flatten)]
        site: SiteArgs,
        /// Print how long each stage of the build took.
        #[arg(long)]
        timings: bool,
    },
    /// Serve the site from memory with live reload, rebuilding on every change.
    Serve {
        #[arg(short, long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on; 0 picks a free one.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on. Other machines can reach the server only if you bind 0.0.0.0 (or a LAN address); on a loopback address only requests for localhost, 127.0.0.1 or [::1] are answered.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Poll for changes instead of relying on file-system events (network drives, some containers).
        #[arg(long)]
        poll: bool,
        /// Do not read page history from git.
        #[arg(long)]
        no_git: bool,
        /// Do not build the search index.
        #[arg(long)]
        no_search: bool,
    },
    /// Build into the output folder, then rebuild and write only what changed on every change.
    Watch {
        #[command(flatten)]
        site: SiteArgs,
        /// Poll for changes instead of relying on file-system events (network drives, some containers).
        #[arg(long)]
        poll: bool,
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
    /// Write a new brief, topic or actor with complete front matter, and print its path.
    New {
        /// What to write: content/briefs/, content/topics/ or content/actors/<slug>.md.
        #[arg(value_enum)]
        kind: NewKind,
        /// Its title; the file is named after it.
        title: String,
        #[arg(short, long, default_value = ".")]
        root: PathBuf,
    },
    /// Start a new dossier in DIR: settings, a brief, a topic, an actor and sources that build clean.
    Init {
        /// The folder to start it in; created if missing.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum NewKind {
    Brief,
    Topic,
    Actor,
}

/// What `build` and `watch` both take.
#[derive(clap::Args)]
struct SiteArgs {
    /// The dossier folder, holding content/ and dossier.yaml.
    #[arg(short, long, default_value = ".")]
    root: PathBuf,
    /// Where to write the site (default: ROOT/public).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Override base_url from dossier.yaml (used by feeds, sitemap and canonical links).
    #[arg(long)]
    base_url: Option<String>,
    /// Do not read page history from git.
    #[arg(long)]
    no_git: bool,
    /// Do not build the search index (a large dossier builds much faster).
    #[arg(long)]
    no_search: bool,
}

impl SiteArgs {
    fn options(self) -> BuildOptions {
        let mut options = BuildOptions::new(self.root);
        if let Some(output) = self.output {
            options.output = output;
        }
        options.drafts = self.drafts;
        options.base_url = self.base_url;
        options.git = !self.no_git;
        options.search = !self.no_search;
        options
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Human,
    Json,
}

/// mimalloc: a build allocates and frees millions of small strings from
/// two threads at once, where it is markedly faster than the system
/// allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // A panic is a bug in dossier, never the writer's fault: say so plainly
    // and exit like other failures instead of with Rust's 101.
    std::panic::set_hook(Box::new(|info| {
        err!("error: internal error in dossier: {info}");
        err!(
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
        Command::Build { site, timings } => build(&stoppable(site.options()), timings),
        Command::Serve {
            root,
            port,
            bind,
            open,
            drafts,
            poll,
            no_git,
            no_search,
        } => {
            let mut build = BuildOptions::new(root);
            build.drafts = drafts;
            build.git = !no_git;
            build.search = !no_search;
            build.uncommitted = true;
            serve(
                ServeOptions {
                    build,
                    bind,
                    port,
                    poll,
                },
                open,
            )
        }
        Command::Watch { site, poll } => {
            let options = stoppable(site.options());
            let stopped = options.cancel.clone();
            match dossier::serve::watch::keep_built(options, poll, |line| err!("{line}")) {
                // Ctrl-C is how a watch ends: like a shell's interrupted command.
                Ok(()) if stopped.load(Ordering::Relaxed) => ExitCode::from(130),
                result => exit_code(result),
            }
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
        Command::New { kind, title, root } => new(&root, kind, &title),
        Command::Init { dir } => init(&dir),
    }
}

/// `options` with a cancellation flag that Ctrl-C, SIGTERM and SIGHUP
/// set: a build then stops before it changes the output folder (or
/// finishes a commit it has begun), and a watch ends after its write.
fn stoppable(options: BuildOptions) -> BuildOptions {
    let cancel = options.cancel.clone();
    // Without a handler the signal ends the process at once; the next
    // build cleans up after it (see the output folder's journal).
    let _ = ctrlc::set_handler(move || cancel.store(true, Ordering::Relaxed));
    options
}

/// Today in the writer's time zone, for dating what they start.
fn today() -> jiff::civil::Date {
    jiff::ZonedDateTime::now().date()
}

fn new(root: &std::path::Path, kind: NewKind, title: &str) -> ExitCode {
    let kind = match kind {
        NewKind::Brief => Kind::Brief,
        NewKind::Topic => Kind::Topic,
        NewKind::Actor => Kind::Actor,
    };
    match dossier::scaffold::new_page(root, kind, title, today()) {
        Ok(path) => {
            // The path alone, so `$EDITOR "$(dossier new brief ...)"` works.
            out!("{}", path.display());
            ExitCode::SUCCESS
        }
        Err(fatal) => exit_code(Err(fatal)),
    }
}

fn init(dir: &std::path::Path) -> ExitCode {
    let done = match dossier::scaffold::init(dir, today()) {
        Ok(done) => done,
        Err(fatal) => return exit_code(Err(fatal)),
    };
    out!("started a dossier in {}:", dir.display());
    for file in &done.created {
        out!("  {file}");
    }
    if done.gitignore_extended {
        out!("  .gitignore (added public/)");
    }
    let cd = if dir == std::path::Path::new(".") {
        String::new()
    } else {
        format!("cd {} && ", dir.display())
    };
    out!("next: {cd}dossier serve --open, then write with `dossier new brief \"Title\"`");
    ExitCode::SUCCESS
}

fn build(options: &BuildOptions, timings: bool) -> ExitCode {
    match dossier::build(options, &|line| err!("{line}")) {
        Ok(report) => {
            if report.up_to_date {
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
                return ExitCode::SUCCESS;
            }
            print_human(&capped(&report.diagnostics));
            if timings {
                let laps: Vec<String> = report
                    .timings
                    .iter()
                    .map(|(stage, took)| format!("{stage} {:.0} ms", took.as_secs_f64() * 1000.0))
                    .collect();
                err!("timings: {}", laps.join(", "));
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
            let w = report.write;
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
            for note in [report.history_note, report.base_url_note]
                .into_iter()
                .flatten()
            {
                out!("note: {note}");
            }
            ExitCode::SUCCESS
        }
        Err(Failure::Content(diagnostics)) => {
            print_human(&diagnostics);
            err!("{}; nothing was written", summary(&diagnostics));
            ExitCode::from(1)
        }
        Err(Failure::Fatal(fatal)) => {
            err!("error: {fatal}");
            ExitCode::from(2)
        }
    }
}

fn serve(options: ServeOptions, open: bool) -> ExitCode {
    let running = match dossier::serve::start(options) {
        Ok(running) => running,
        Err(fatal) => return exit_code(Err(fatal)),
    };
    out!(
        "serving the dossier at {} (Ctrl-C to stop)",
        running.address
    );
    if let Some(note) = &running.history_note {
        out!("note: {note}");
    }
    if open {
        open_browser(&running.address);
    }
    exit_code(running.run(|line| err!("{line}")))
}

/// Opens `url` with the desktop's opener; failing to is not an error.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        err!("could not open a browser; visit {url}");
    }
}

fn exit_code(result: Result<(), dossier::Fatal>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(fatal) => {
            err!("error: {fatal}");
            ExitCode::from(2)
        }
    }
}

fn check(options: &BuildOptions, format: Format) -> ExitCode {
    let diagnostics = match dossier::check(options) {
        Ok(diagnostics) => diagnostics,
        Err(fatal) => {
            err!("error: {fatal}");
            return ExitCode::from(2);
        }
    };
    match format {
        Format::Json => out!("{}", render_json(&diagnostics)),
        Format::Human => {
            print_human(&diagnostics);
            err!("{}", summary(&diagnostics));
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
            err!("{code}{}\x1b[0m{}", &text[..len], &text[len..]);
        } else {
            err!("{text}");
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
