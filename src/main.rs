//! The `dossier` command: parses the arguments, runs the command they
//! name (one file each under `cli/`) and maps the outcome to an exit code:
//! 0 success, 1 content errors, 2 usage or I/O errors (a [`dossier::Fatal`]
//! or a panic), 130 a watch ended by Ctrl-C.

use std::process::ExitCode;

use clap::Parser;

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

mod cli;

use cli::{Args, Command};

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
    let args = match Args::try_parse() {
        Ok(args) => args,
        Err(e) => {
            // `--help` and `--version` come this way too, to stdout.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let result = match args.command {
        Command::Build(args) => cli::build::run(args),
        Command::Serve(args) => cli::serve::run(args),
        Command::Watch(args) => cli::watch::run(args),
        Command::Check(args) => cli::check::run(args),
        Command::New(args) => cli::new::run(args),
        Command::Init(args) => cli::init::run(args),
    };
    result.unwrap_or_else(|fatal| {
        err!("error: {fatal}");
        ExitCode::from(2)
    })
}
