//! `dossier serve`: serves the site from memory with live reload,
//! rebuilding on every change, until stopped.

use std::process::ExitCode;

use dossier::Fatal;
use dossier::serve::ServeOptions;

use crate::cli::options::{PollArgs, SiteArgs, SkipArgs};

#[derive(clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// The port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on. Other machines can reach the server only if you bind 0.0.0.0 (or a LAN address); on a loopback address only requests for localhost, 127.0.0.1 or [::1] are answered.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    #[command(flatten)]
    pub poll: PollArgs,
    #[command(flatten)]
    pub skip: SkipArgs,
}

pub fn run(args: ServeArgs) -> Result<ExitCode, Fatal> {
    let mut build = args.site.options();
    args.skip.apply(&mut build);
    // The writer is at work: pages show their uncommitted edits.
    build.uncommitted = true;
    let running = dossier::serve::start(ServeOptions {
        build,
        bind: args.bind,
        port: args.port,
        poll: args.poll.poll,
    })?;
    out!(
        "serving the dossier at {} (Ctrl-C to stop)",
        running.address
    );
    if let Some(note) = &running.history_note {
        out!("note: {note}");
    }
    if args.open {
        open_browser(&running.address);
    }
    running.run(|line| err!("{line}"))?;
    Ok(ExitCode::SUCCESS)
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
