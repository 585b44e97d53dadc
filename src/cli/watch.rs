//! `dossier watch`: builds into the output folder, then rebuilds and
//! writes only what changed on every change, until stopped.

use std::process::ExitCode;
use std::sync::atomic::Ordering;

use dossier::Fatal;

use crate::cli::env::stoppable;
use crate::cli::options::{PollArgs, WriteArgs};

#[derive(clap::Args)]
pub struct WatchArgs {
    #[command(flatten)]
    pub write: WriteArgs,
    #[command(flatten)]
    pub poll: PollArgs,
}

pub fn run(args: WatchArgs) -> Result<ExitCode, Fatal> {
    let options = stoppable(args.write.options());
    let stopped = options.cancel.clone();
    dossier::serve::watch::keep_built(options, args.poll.poll, |line| err!("{line}"))?;
    // Ctrl-C is how a watch ends: like a shell's interrupted command.
    Ok(if stopped.load(Ordering::Relaxed) {
        ExitCode::from(130)
    } else {
        ExitCode::SUCCESS
    })
}
