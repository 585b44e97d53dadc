//! How diagnostics and counts are shown on the terminal.

use dossier::diagnostic::render_human;
use dossier::{Diagnostic, Severity};

use crate::cli::env;

/// Writes `diagnostics` to stderr, their severity coloured if it shows.
pub fn print_human(diagnostics: &[Diagnostic]) {
    let colour = env::colour();
    for diagnostic in diagnostics {
        let text = render_human(diagnostic);
        if colour {
            let (code, len) = match diagnostic.severity {
                Severity::Error => ("\x1b[1;31m", 5),
                Severity::Warning => ("\x1b[1;33m", 7),
                Severity::Note => ("\x1b[1;36m", 4),
            };
            err!("{code}{}\x1b[0m{}", &text[..len], &text[len..]);
        } else {
            err!("{text}");
        }
    }
}

pub fn count(diagnostics: &[Diagnostic], severity: Severity) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .count()
}

/// `n word` or `n words`.
pub fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// "found 1 error and 2 warnings", or "no problems found".
pub fn summary(diagnostics: &[Diagnostic]) -> String {
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
