//! `dossier init`: starts a new dossier that builds clean, and says what
//! it wrote and what to do next.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use dossier::Fatal;

use crate::cli::env::today;

#[derive(clap::Args)]
pub struct InitArgs {
    /// The folder to start it in; created if missing.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

pub fn run(args: InitArgs) -> Result<ExitCode, Fatal> {
    let dir = args.dir.as_path();
    let done = dossier::scaffold::init(dir, today())?;
    out!("started a dossier in {}:", dir.display());
    for file in &done.created {
        out!("  {file}");
    }
    if done.gitignore_extended {
        out!("  .gitignore (added public/)");
    }
    let cd = if dir == Path::new(".") {
        String::new()
    } else {
        format!("cd {} && ", dir.display())
    };
    out!("next: {cd}dossier serve --open, then write with `dossier new brief \"Title\"`");
    Ok(ExitCode::SUCCESS)
}
