//! The placeholder text `dossier new brief` writes into a new brief's
//! body, in one place: below both `scaffold`, which writes it, and the
//! markdown stage, which warns (`placeholder-text`) when a published
//! brief still holds it. Each sentence is written on a line of its own
//! so the check finds it as written.

/// The sentences of a new brief's body, one per line.
pub const BRIEF_BODY: &[&str] = &[
    "Write the brief here.",
    "Link to other pages with their names in double square brackets,",
    "and cite sources by id in square brackets with an at sign.",
];
