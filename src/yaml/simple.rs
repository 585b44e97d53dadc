//! The plain YAML that front matter nearly always is, read in one quick
//! pass: top-level `key: value` lines whose values are plain or quoted
//! scalars, flow lists of them (`[a, "b c"]`), or block lists of such
//! scalars or of one-level mappings (`sources:` and `events:` items).
//!
//! [`parse`] gives exactly the value yaml_serde would give, or `None` for
//! anything outside that subset, which then goes to yaml_serde with all
//! its rules and error messages. So this only ever saves time: yaml_serde
//! was about a tenth of a whole build. Whatever is doubtful (escapes,
//! comments after values, numbers other than plain digits, keywords such
//! as `true` or `null`, deeper nesting, tabs) is left to yaml_serde.

use yaml_serde::{Mapping, Value};

/// The value of `text`, when it is a mapping in the plain subset.
pub fn parse(text: &str) -> Option<Value> {
    if !text.chars().all(plain_char) {
        return None;
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let mut root = Mapping::new();
    let mut at = 0;
    while at < lines.len() {
        let line = lines[at];
        if is_blank(line) {
            at += 1;
            continue;
        }
        // An indented line belongs to no key here: a multi-line value.
        let (key, rest) = key_value(line).filter(|_| !line.starts_with(' '))?;
        let value = if rest.is_empty() {
            let (value, next) = block(&lines, at + 1)?;
            at = next;
            value
        } else {
            at += 1;
            inline(rest)?
        };
        insert(&mut root, key, value)?;
    }
    (!root.is_empty()).then_some(Value::Mapping(root))
}

/// Adds `key: value` unless the key is there already (yaml_serde's
/// duplicate-key error is left to it).
fn insert(mapping: &mut Mapping, key: &str, value: Value) -> Option<()> {
    let key = Value::String(key.to_string());
    if mapping.contains_key(&key) {
        return None;
    }
    mapping.insert(key, value);
    Some(())
}

/// Characters read the same way here and by YAML: not tabs, not the
/// other line breaks YAML knows (CR, NEL, LS, PS), not the characters it
/// refuses (controls, byte-order marks, non-characters).
fn plain_char(c: char) -> bool {
    match c {
        '\n' => true,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => false,
        '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}' => false,
        _ => true,
    }
}

/// True for a line with nothing to read: empty, spaces, or a comment.
fn is_blank(line: &str) -> bool {
    let trimmed = line.trim_start_matches(' ');
    trimmed.is_empty() || trimmed.starts_with('#')
}

/// `key: rest` at the start of `line` (after its indentation), `rest`
/// trimmed; the key is a plain word that reads as a string.
fn key_value(line: &str) -> Option<(&str, &str)> {
    let line = line.trim_start_matches(' ');
    let colon = line.find(':')?;
    let (key, rest) = (&line[..colon], &line[colon + 1..]);
    let word = key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    let spaced = rest.is_empty() || rest.starts_with(' ');
    (word && spaced && !is_keyword(key)).then(|| (key, rest.trim_matches(' ')))
}

/// The block list under a key, from line `start`: its value (null when
/// there are no items) and the line after it.
fn block(lines: &[&str], start: usize) -> Option<(Value, usize)> {
    let mut items = Vec::new();
    let mut indent = None;
    let mut at = start;
    while let Some(&line) = lines.get(at) {
        if is_blank(line) {
            at += 1;
            continue;
        }
        let depth = line.len() - line.trim_start_matches(' ').len();
        let Some(rest) = line[depth..].strip_prefix("- ") else {
            break;
        };
        if *indent.get_or_insert(depth) != depth {
            return None;
        }
        let content = rest.trim_start_matches(' ');
        let column = line.len() - content.len();
        let (item, next) = match key_value(content) {
            Some((key, value)) => mapping_item(lines, at, column, key, value)?,
            None => (inline(content.trim_end_matches(' '))?, at + 1),
        };
        items.push(item);
        at = next;
    }
    let value = match items.is_empty() {
        true => Value::Null,
        false => Value::Sequence(items),
    };
    Some((value, at))
}

/// A list item that is a mapping: `key: value` on the item's own line
/// `at`, then more `key: value` lines starting at `column`.
fn mapping_item(
    lines: &[&str],
    at: usize,
    column: usize,
    key: &str,
    value: &str,
) -> Option<(Value, usize)> {
    let mut mapping = Mapping::new();
    insert(&mut mapping, key, inline(value)?)?;
    let mut next = at + 1;
    while let Some(&line) = lines.get(next) {
        if is_blank(line) {
            next += 1;
            continue;
        }
        let depth = line.len() - line.trim_start_matches(' ').len();
        if depth < column {
            break;
        }
        // Deeper lines would continue a value; nested blocks are left out.
        let (key, value) = key_value(line).filter(|_| depth == column)?;
        insert(&mut mapping, key, inline(value)?)?;
        next += 1;
    }
    Some((Value::Mapping(mapping), next))
}

/// A value written on its key's line: quoted, a flow list, or plain.
fn inline(text: &str) -> Option<Value> {
    if text.is_empty() {
        return None;
    }
    if text.starts_with('[') {
        return flow_list(text);
    }
    if text.starts_with(['"', '\'']) {
        let (value, rest) = quoted(text)?;
        return rest.is_empty().then_some(Value::String(value.to_string()));
    }
    plain(text, false)
}

/// `"text"` or `'text'` at the start of `text`, without escapes, and what
/// follows it.
fn quoted(text: &str) -> Option<(&str, &str)> {
    let quote = text.chars().next()?;
    let inside = &text[1..];
    let end = inside.find(quote)?;
    let value = &inside[..end];
    let rest = &inside[end + 1..];
    // Escapes and doubled quotes mean more than the text says.
    let simple = !value.contains('\\') && !rest.starts_with(quote);
    simple.then_some((value, rest.trim_start_matches(' ')))
}

/// `[a, "b", c]` on one line.
fn flow_list(text: &str) -> Option<Value> {
    let mut rest = text.strip_prefix('[')?.trim_start_matches(' ');
    let mut items = Vec::new();
    if let Some(after) = rest.strip_prefix(']') {
        return after.is_empty().then_some(Value::Sequence(items));
    }
    loop {
        let (item, after) = if rest.starts_with(['"', '\'']) {
            let (value, after) = quoted(rest)?;
            (Value::String(value.to_string()), after)
        } else {
            let end = rest.find([',', ']'])?;
            (
                plain(rest[..end].trim_end_matches(' '), true)?,
                &rest[end..],
            )
        };
        items.push(item);
        match after.as_bytes().first() {
            Some(b',') => rest = after[1..].trim_start_matches(' '),
            Some(b']') => {
                return (after.len() == 1).then_some(Value::Sequence(items));
            }
            _ => return None,
        }
    }
}

/// A plain scalar as yaml_serde reads it: a string, or a number when it
/// is all digits; anything that could read otherwise is `None`.
fn plain(text: &str, in_flow: bool) -> Option<Value> {
    const INDICATORS: &[char] = &[
        '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@',
        '`',
    ];
    let flow_trouble = in_flow && text.contains([':', '#', '[', ']', '{', '}', '"', '\'']);
    if text.is_empty()
        || text.starts_with(INDICATORS)
        || text.contains(": ")
        || text.contains(" #")
        || text.ends_with(':')
        || flow_trouble
        || is_keyword(text)
    {
        return None;
    }
    if !text.starts_with(|c: char| c.is_ascii_digit() || c == '+' || c == '.') {
        return Some(Value::String(text.to_string()));
    }
    if text.bytes().all(|b| b.is_ascii_digit()) && (text == "0" || !text.starts_with('0')) {
        return text.parse::<u64>().ok().map(|n| Value::Number(n.into()));
    }
    is_date(text).then(|| Value::String(text.to_string()))
}

/// `2025`-`01` or `2025-01-17`: digits and hyphens that are no number.
fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let digits =
        |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [year, month] => digits(year, 4) && digits(month, 2),
        [year, month, day] => digits(year, 4) && digits(month, 2) && digits(day, 2),
        _ => false,
    }
}

/// Words YAML reads as null or a boolean (or, in older YAML, might).
fn is_keyword(text: &str) -> bool {
    matches!(
        text.to_ascii_lowercase().as_str(),
        "~" | "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same_as_yaml_serde(text: &str) -> bool {
        let fast = parse(text);
        let full: Result<Value, _> = yaml_serde::from_str(text);
        match (&fast, full) {
            (Some(fast), Ok(full)) => *fast == full,
            (Some(_), Err(_)) => false,
            (None, _) => true,
        }
    }

    #[test]
    fn reads_a_typical_brief_as_yaml_serde_does() {
        let text = "title: \"Battalion delegation (00002)\"\ndate: 2023-12-18\ntopics: [satellites, energy-transit]\nactors: [\"Ministry of Energy\", \"Zara Nasser\"]\nsources:\n  - id: s2-0\n    title: \"Dolor settlement\"\n    url: \"https://fieldnotes.example/2/0\"\n  - kumar-2025\nevents:\n  - date: 2023-12-18\n    title: Event reported\n    actors: [\"Ministry of Energy\"]\n    sources: [s2-0]\n# a comment\ndraft: false_start\nyear: 2025\nsummary: Putin's visit, in short [draft].\n";
        assert!(parse(text).is_some());
        assert!(same_as_yaml_serde(text));
    }

    #[test]
    fn leaves_everything_doubtful_to_yaml_serde() {
        for text in [
            "title: a: b\n",
            "title: x # note\n",
            "draft: true\n",
            "draft: yes\n",
            "count: 0123\n",
            "count: 1.5\n",
            "count: -3\n",
            "title: \"a \\\" b\"\n",
            "title: 'it''s'\n",
            "title: [a, b\n",
            "title: multi\n  line\n",
            "extra:\n  key: value\n",
            "items:\n  - a\n   - b\n",
            "title: a\ntitle: b\n",
            "\ttitle: a\n",
            "title: a\r\n",
            "big: 99999999999999999999\n",
            "title: a\u{2028}b\n",
            "title: a\u{1}b\n",
            "- a\n- b\n",
            "title: *alias\n",
            "title: !tag x\n",
            "list: [a: b]\n",
            "list: [\"a\" b]\n",
            "list: [a,, b]\n",
            "events:\n  - date: 2025\n    actors:\n      - A\n",
        ] {
            assert_eq!(parse(text), None, "{text:?}");
        }
    }

    /// Values the quick reading takes, and values it leaves to yaml_serde
    /// (or that are no YAML at all), for the property tests.
    const GOOD: &[&str] = &[
        "plain words",
        "Putin's visit",
        "a:b",
        "C#",
        "2025",
        "0",
        "2025-01",
        "2025-01-17",
        "\"quoted, with: colon\"",
        "'single'",
        "[a, b]",
        "[\"x, y\", z]",
        "[]",
        "Zangezur – corridor",
        "https://example.org/a?b=c",
        "trailing   ",
        "[ spaced , list ]",
        "\"\"",
        "café",
        "Ünïcödé [draft]",
        "B",
        "s2-0",
    ];
    const BAD: &[&str] = &[
        "a: b",
        "x # c",
        "007",
        "2025-1-7",
        "1.5",
        "-3",
        "+4",
        "true",
        "False",
        "null",
        "~",
        "yes",
        "\"esc \\\" q\"",
        "'it''s'",
        "[a,, b]",
        "[a: b]",
        "[a] # c",
        "{a: b}",
        "*ref",
        "&anchor x",
        "!tag x",
        "|",
        ">",
        "@at",
        "`tick`",
        "%pct",
        "ends:",
        ".5",
        "",
    ];
    const KEYS: &[&str] = &[
        "title", "date", "topics", "a-b", "_x", "Title", "y", "null", "2k",
    ];
    /// Forms below this one are in the quick reading's subset.
    const GOOD_FORMS: usize = 5;

    /// A document from `(key, value, form)` choices: a key and value are
    /// good below `GOOD.len()` and `KEYS.len() - 3`, a form below
    /// [`GOOD_FORMS`].
    fn document(choices: &[(usize, usize, usize)]) -> String {
        let mut text = String::new();
        for (n, &(key, value, form)) in choices.iter().enumerate() {
            let value = GOOD
                .get(value)
                .or(BAD.get(value - GOOD.len().min(value)))
                .unwrap_or(&"x");
            // Keys differ, so no document repeats one unless it means to.
            let key = format!(
                "{}{}",
                KEYS[key % KEYS.len()],
                if key < KEYS.len() - 3 {
                    n.to_string()
                } else {
                    String::new()
                }
            );
            match form {
                0 => text.push_str(&format!("{key}: {value}\n")),
                1 => text.push_str(&format!("{key}:\n  - {value}\n  - {value}\n")),
                2 => text.push_str(&format!("{key}:\n- id: {value}\n  title: {value}\n")),
                3 => text.push_str(&format!("{key}:\n  - date: {value}\n    when: {value}\n")),
                4 => text.push_str(&format!("# {value}\n\n{key}: {value}\n")),
                5 => text.push_str(&format!("{key}:\n   - {value}\n  - other\n")),
                _ => text.push_str(&format!("{key}: {value}\n  more {value}\n")),
            }
        }
        text
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// Whatever the quick reading gives, yaml_serde gives too.
        #[test]
        fn the_quick_reading_never_differs_from_yaml_serde(
            choices in proptest::collection::vec(
                (0..KEYS.len(), 0..GOOD.len() + BAD.len(), 0usize..7), 1..6)
        ) {
            let text = document(&choices);
            proptest::prop_assert!(same_as_yaml_serde(&text), "{:?}", text);
        }

        /// The subset is read quickly: good pieces in good forms never go
        /// to yaml_serde (or the quick reading would quietly do nothing).
        #[test]
        fn good_documents_are_read_quickly(
            choices in proptest::collection::vec(
                (0..KEYS.len() - 3, 0..GOOD.len(), 0..GOOD_FORMS), 1..6)
        ) {
            let text = document(&choices);
            proptest::prop_assert!(parse(&text).is_some(), "{:?}", text);
            proptest::prop_assert!(same_as_yaml_serde(&text), "{:?}", text);
        }
    }

    #[test]
    fn numbers_dates_and_empty_values() {
        for text in [
            "count: 2025\nmonth: 2025-01\nday: 2025-01-17\nempty:\nzero: 0\n",
            "list: []\nother: [  a  ,b ]\n",
            "under:\n\n- first\n- second\nnext: c\n",
        ] {
            assert!(parse(text).is_some(), "{text:?}");
            assert!(same_as_yaml_serde(text), "{text:?}");
        }
    }
}
