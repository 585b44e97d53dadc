//! `dossier new`: writes a new brief, topic or actor with complete front
//! matter, and prints its path.

use std::process::ExitCode;

use dossier::Fatal;
use dossier::markdown::page::Kind;

use crate::cli::env::today;
use crate::cli::options::RootArgs;

#[derive(clap::Args)]
pub struct NewArgs {
    /// What to write: content/briefs/, content/topics/ or content/actors/<slug>.md.
    #[arg(value_enum)]
    pub kind: NewKind,
    /// Its title; the file is named after it.
    pub title: String,
    #[command(flatten)]
    pub root: RootArgs,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum NewKind {
    Brief,
    Topic,
    Actor,
}

pub fn run(args: NewArgs) -> Result<ExitCode, Fatal> {
    let kind = match args.kind {
        NewKind::Brief => Kind::Brief,
        NewKind::Topic => Kind::Topic,
        NewKind::Actor => Kind::Actor,
    };
    let path = dossier::scaffold::new_page(&args.root.root, kind, &args.title, today())?;
    // The path alone, so `$EDITOR "$(dossier new brief ...)"` works.
    out!("{}", path.display());
    Ok(ExitCode::SUCCESS)
}
