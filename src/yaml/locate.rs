//! Where things are written in a YAML file. The parser gives no positions
//! for values, so they are found in the text: a [`Locator`] finds the
//! top-level keys of a block of YAML, their values and their list items;
//! [`field_of_item`] and [`key_of_item`] find the fields of one list item;
//! [`Place`] carries a position beside a value without being part of it.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use crate::HashMap;
use crate::diagnostic::{FileRef, Location};

/// Where a value was written, kept for messages. It is no part of the
/// value: every place equals every other and hashes to nothing, so a value
/// moved to another line is the same value. That lets whole front matter
/// be compared and hashed (`Page::signature`) with no field left out.
#[derive(Debug, Clone)]
pub struct Place(pub Location);

impl PartialEq for Place {
    fn eq(&self, _: &Place) -> bool {
        true
    }
}

impl Eq for Place {}

impl Hash for Place {
    fn hash<H: Hasher>(&self, _: &mut H) {}
}

/// Where the value of top-level `key` is in a YAML file (for settings).
pub fn setting_location(file: &FileRef, key: &str) -> Location {
    Locator::new(file, &file.text(), 1).value(key)
}

/// Where top-level `key` itself is in a YAML file.
pub fn setting_key_location(file: &FileRef, key: &str) -> Location {
    Locator::new(file, &file.text(), 1).key(key)
}

/// Finds where keys and list items sit in a block of YAML text (a whole
/// file, or the front matter of one): top-level keys are found by their
/// line.
pub struct Locator<'a> {
    file: &'a FileRef,
    lines: Vec<&'a str>,
    /// The 1-based line of the file where the YAML starts.
    first_line: usize,
    /// The 0-based line of each top-level key, found once per file so a
    /// huge front matter stays linear.
    keys: HashMap<&'a str, usize>,
}

impl<'a> Locator<'a> {
    /// A locator for `yaml`, which starts on line `first_line` of `file`.
    pub fn new(file: &'a FileRef, yaml: &'a str, first_line: usize) -> Self {
        let lines: Vec<&str> = yaml.lines().collect();
        let mut keys = HashMap::default();
        for (index, line) in lines.iter().enumerate() {
            let top_level = line.starts_with(|c: char| !c.is_whitespace() && c != '-' && c != '#');
            if let Some(colon) = line.find(':').filter(|_| top_level) {
                let key = line[..colon].trim_end();
                let key = key
                    .strip_prefix(['"', '\''])
                    .and_then(|k| k.strip_suffix(['"', '\'']))
                    .unwrap_or(key);
                keys.entry(key).or_insert(index);
            }
        }
        Locator {
            file,
            lines,
            first_line,
            keys,
        }
    }

    /// The 0-based line within the YAML of top-level `key:`.
    fn key_line(&self, key: &str) -> Option<usize> {
        self.keys.get(key).copied()
    }

    /// The location of top-level `key` itself (the YAML's first line if it
    /// is not found).
    pub fn key(&self, key: &str) -> Location {
        let line = self
            .key_line(key)
            .map_or(self.first_line, |l| l + self.first_line);
        self.file.line_col(line, 1, key.chars().count())
    }

    /// The location of a key's value (or of the key, if the value is on
    /// later lines).
    pub fn value(&self, key: &str) -> Location {
        let Some(index) = self.key_line(key) else {
            return self.file.line_col(self.first_line, 1, 1);
        };
        let line = self.lines.get(index).copied().unwrap_or("");
        let (column, width) = value_span(line, key);
        self.file.line_col(self.first_line + index, column, width)
    }

    /// Where `needle` is written on the line of `key` (an item of a flow
    /// list such as `[a, b]`).
    pub fn on_key_line(&self, key: &str, needle: &str) -> Option<Location> {
        let index = self.key_line(key)?;
        let line = self.lines.get(index)?;
        let colon = line.find(':')?;
        // The item as a whole, not inside a longer one: `Gas` in `[Gasoline, Gas]`.
        let at = line[colon..]
            .match_indices(needle)
            .map(|(i, _)| colon + i)
            .find(|&at| {
                let before = line[..at].trim_end_matches([' ', '"', '\'']);
                let after = line[at + needle.len()..].trim_start_matches([' ', '"', '\'']);
                before.ends_with(['[', ',', ':'])
                    && (after.is_empty() || after.starts_with([',', ']', '#']))
            })?;
        let column = line[..at].chars().count() + 1;
        Some(
            self.file
                .line_col(self.first_line + index, column, needle.chars().count()),
        )
    }

    /// The locations of the items of a block list under `key`; a flow list
    /// (`[a, b]`) has none, and its items are reported at the key.
    pub fn items(&self, key: &str) -> Vec<Location> {
        let Some(index) = self.key_line(key) else {
            return Vec::new();
        };
        let block = self
            .lines
            .iter()
            .enumerate()
            .skip(index + 1)
            .take_while(|(_, l)| l.trim().is_empty() || l.starts_with([' ', '\t', '-']));
        let mut indent = None;
        let mut items = Vec::new();
        for (i, line) in block {
            let depth = line.len() - line.trim_start().len();
            if !line.trim_start().starts_with('-') || indent.is_some_and(|d| d != depth) {
                continue;
            }
            indent = Some(depth);
            let width = line.trim().chars().count().saturating_sub(2);
            items.push(self.file.line_col(self.first_line + i, depth + 3, width));
        }
        items
    }
}

/// The column and width of the value of `key:` on `line`, or of the key
/// itself when the value continues on later lines.
fn value_span(line: &str, key: &str) -> (usize, usize) {
    let after = line.find(':').map_or(0, |i| i + 1);
    let value = line.get(after..).unwrap_or("").trim();
    if value.is_empty() || value.starts_with('#') {
        let column = line
            .chars()
            .take_while(|c| c.is_whitespace() || *c == '-')
            .count()
            + 1;
        return (column, key.chars().count());
    }
    let column = line[..after].chars().count()
        + line[after..]
            .chars()
            .take_while(|c| c.is_whitespace())
            .count()
        + 1;
    (column, value.chars().count())
}

/// The 1-based lines of the items of a top-level block list: lines opening
/// with `- ` at the shallowest such indentation (not a `---` marker).
pub fn list_items(text: &str) -> Vec<usize> {
    let items: Vec<(usize, usize)> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| {
            let t = l.trim_start();
            t == "-" || t.starts_with("- ")
        })
        .map(|(i, l)| (i + 1, l.len() - l.trim_start().len()))
        .collect();
    let shallowest = items.iter().map(|&(_, depth)| depth).min().unwrap_or(0);
    items
        .into_iter()
        .filter(|&(_, depth)| depth == shallowest)
        .map(|(line, _)| line)
        .collect()
}

/// The location of the value of `key:` inside the list item at `item` (its
/// `- ` line and the more indented lines after it); the item if none.
pub fn field_of_item(item: &Location, key: &str) -> Location {
    let text = item.text().unwrap_or_else(|| Arc::from(""));
    match find_in_item(item, &text, key) {
        Some((number, line)) => {
            let (column, width) = value_span(line, key);
            Location {
                line: number,
                column,
                width,
                ..item.clone()
            }
        }
        None => item.clone(),
    }
}

/// The location of `key` itself inside the list item at `item`.
pub fn key_of_item(item: &Location, key: &str) -> Location {
    let text = item.text().unwrap_or_else(|| Arc::from(""));
    match find_in_item(item, &text, key) {
        Some((number, line)) => {
            let column = line
                .chars()
                .take_while(|c| c.is_whitespace() || *c == '-')
                .count()
                + 1;
            Location {
                line: number,
                column,
                width: key.chars().count(),
                ..item.clone()
            }
        }
        None => item.clone(),
    }
}

/// The 1-based number and text of the line holding `key:` in an item.
fn find_in_item<'t>(item: &Location, text: &'t str, key: &str) -> Option<(usize, &'t str)> {
    let dash = item.column.saturating_sub(3);
    let lines = text.lines().enumerate().skip(item.line.saturating_sub(1));
    for (n, (index, line)) in lines.enumerate() {
        let depth = line.len() - line.trim_start().len();
        if n > 0 && (line.trim().is_empty() || depth <= dash) {
            return None;
        }
        let content = line.trim_start().trim_start_matches('-').trim_start();
        if content
            .strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
        {
            return Some((index + 1, line));
        }
    }
    None
}
