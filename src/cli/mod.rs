//! The command line: the arguments `dossier` takes ([`Args`]), one
//! subcommand per file, each with its options (`XArgs`) and its `run`,
//! which gives an exit code or the [`dossier::Fatal`] that stopped it.
//! Options several commands take are declared once, in [`options`].

pub mod build;
pub mod check;
pub mod env;
pub mod init;
pub mod new;
pub mod options;
pub mod report;
pub mod serve;
pub mod watch;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "dossier",
    version,
    about = "Build cross-linked, sourced briefing dossiers as static sites"
)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Build the site into the output folder (default: ROOT/public).
    Build(build::BuildArgs),
    /// Serve the site from memory with live reload, rebuilding on every change.
    Serve(serve::ServeArgs),
    /// Build into the output folder, then rebuild and write only what changed on every change.
    Watch(watch::WatchArgs),
    /// Check the dossier and report every problem, writing nothing.
    Check(check::CheckArgs),
    /// Write a new brief, topic or actor with complete front matter, and print its path.
    New(new::NewArgs),
    /// Start a new dossier in DIR: settings, a brief, a topic, an actor and sources that build clean.
    Init(init::InitArgs),
}
