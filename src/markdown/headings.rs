//! Heading ids: stable, and unique on their page.

use crate::HashMap;
use crate::text::slug::slugify;

/// The heading ids given so far on one page.
#[derive(Default)]
pub struct HeadingIds {
    /// How often each base id was asked for.
    used: HashMap<String, usize>,
}

impl HeadingIds {
    /// The id of a heading with `text`, or the id the writer `given`
    /// (`{#id}`), made unique: `outlook`, `outlook-1`, …
    pub fn id(&mut self, given: Option<String>, text: &str) -> String {
        self.unique(given.unwrap_or_else(|| slugify(text)))
    }

    /// A heading id not used before on this page.
    fn unique(&mut self, base: String) -> String {
        let base = if base.is_empty() {
            "section".to_string()
        } else {
            base
        };
        let count = self.used.entry(base.clone()).or_insert(0);
        *count += 1;
        if *count == 1 {
            base
        } else {
            format!("{base}-{}", *count - 1)
        }
    }
}
