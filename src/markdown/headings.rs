//! Heading ids: stable, and unique on their page.

use crate::HashMap;
use crate::text::slug::slugify;

/// The heading ids given so far on one page.
#[derive(Default)]
pub struct HeadingIds {
    /// Every id given, with the next suffix to try for it as a base.
    used: HashMap<String, usize>,
}

impl HeadingIds {
    /// The id of a heading with `text`, or the id the writer `given`
    /// (`{#id}`), made unique: `outlook`, `outlook-1`, …
    pub fn id(&mut self, given: Option<String>, text: &str) -> String {
        self.unique(given.unwrap_or_else(|| slugify(text)))
    }

    /// A heading id not used before on this page. A suffixed id may itself
    /// be a later heading's own (`Overview`, `Overview`, `Overview-1`), so
    /// every id given is remembered, not only the bases.
    fn unique(&mut self, base: String) -> String {
        let base = if base.is_empty() {
            "section".to_string()
        } else {
            base
        };
        let mut id = base.clone();
        while self.used.contains_key(&id) {
            let next = self.used.entry(base.clone()).or_insert(0);
            *next += 1;
            id = format!("{base}-{next}");
        }
        self.used.insert(id.clone(), 0);
        id
    }
}

#[cfg(test)]
mod tests {
    use super::HeadingIds;

    #[test]
    fn repeated_and_suffix_like_headings_get_distinct_ids() {
        let mut ids = HeadingIds::default();
        let given: Vec<String> = ["Overview", "Overview", "Overview-1", "Overview", ""]
            .iter()
            .map(|t| ids.id(None, t))
            .collect();
        assert_eq!(
            given,
            [
                "overview",
                "overview-1",
                "overview-1-1",
                "overview-2",
                "section"
            ]
        );
    }
}
