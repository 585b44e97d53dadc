//! `dossier check`: reports every problem in the dossier, writing nothing.

use std::process::ExitCode;

use dossier::diagnostic::render_json;
use dossier::{Diagnostic, Fatal};

use crate::cli::options::SiteArgs;
use crate::cli::report::{print_human, summary};

#[derive(clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output format of the diagnostics.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Report unlinked mentions as warnings, not notes (as `strict:
    /// [unlinked-mention]` in dossier.yaml does).
    #[arg(long)]
    pub strict_mentions: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// Exits with 1 if there is an error, warnings alone pass.
pub fn run(args: CheckArgs) -> Result<ExitCode, Fatal> {
    let mut options = args.site.options();
    options.strict_mentions = args.strict_mentions;
    let diagnostics = dossier::check(&options)?;
    match args.format {
        Format::Json => out!("{}", render_json(&diagnostics)),
        Format::Human => {
            print_human(&diagnostics);
            err!("{}", summary(&diagnostics));
        }
    }
    Ok(if diagnostics.iter().any(Diagnostic::is_error) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
