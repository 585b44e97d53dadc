//! What a command reads from its surroundings besides its arguments: the
//! signals that stop it, today's date, whether stderr shows colour.

use std::io::IsTerminal;
use std::sync::atomic::Ordering;

use dossier::BuildOptions;

/// `options` with a cancellation flag that Ctrl-C, SIGTERM and SIGHUP
/// set: a build then stops before it changes the output folder (or
/// finishes a commit it has begun), and a watch ends after its write.
pub fn stoppable(options: BuildOptions) -> BuildOptions {
    let cancel = options.cancel.clone();
    // Without a handler the signal ends the process at once; the next
    // build cleans up after it (see the output folder's journal).
    let _ = ctrlc::set_handler(move || cancel.store(true, Ordering::Relaxed));
    options
}

/// Today in the writer's time zone, for dating what they start.
pub fn today() -> jiff::civil::Date {
    jiff::ZonedDateTime::now().date()
}

/// Whether diagnostics on stderr are coloured: on a terminal, unless
/// `NO_COLOR` is set.
pub fn colour() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}
