//! YAML text read into a value, and the value's pieces as dossier reads
//! them: [`parse`] takes text and gives a `yaml_serde::Value` (quickly for
//! the plain subset, see [`crate::yaml::simple`]); [`scalar`] reads a value
//! as text and [`describe`] names its kind for messages.

use yaml_serde::Value;

/// Parses YAML text into a value: with [`crate::yaml::simple`] when it
/// can, which gives the same value, else with yaml_serde. Flow collections (`[…]`, `{…}`) nested
/// deeper than the parser accepts (128) are refused before parsing: its
/// scanner's work grows with the square of that depth, and 100 000
/// brackets took 20 seconds only to fail.
pub fn parse(text: &str) -> Result<Value, yaml_serde::Error> {
    // Nearly all front matter is plain enough to read in one quick pass.
    if let Some(value) = crate::yaml::simple::parse(text) {
        return Ok(value);
    }
    const DEEPEST: usize = 200;
    if flow_depth(text) > DEEPEST {
        return Err(serde::de::Error::custom(format!(
            "lists or mappings nested more than {DEEPEST} deep"
        )));
    }
    yaml_serde::from_str(text)
}

/// How deep `[` and `{` may nest in YAML text, erring high: every opening
/// bracket counts, even in a string or comment, and closing brackets count
/// only outside what looks like a quoted string or a comment, so brackets
/// in strings (`"]]]"`) do not hide real nesting. A string holding hundreds
/// of unmatched `[` is refused too.
fn flow_depth(text: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut inside: Option<char> = None;
    let mut chars = text.chars().peekable();
    let mut token_start = true;
    while let Some(c) = chars.next() {
        match (inside, c) {
            (_, '[' | '{') => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            (None, '"' | '\'' | '#') if token_start => inside = Some(c),
            (Some('#'), '\n') => inside = None,
            (Some('"'), '\\') => {
                chars.next_if(|&c| c != '[' && c != '{');
            }
            (Some('\''), '\'') if chars.peek() == Some(&'\'') => {
                chars.next();
            }
            (Some(quote), c) if c == quote && quote != '#' => inside = None,
            _ => {}
        }
        token_start = c.is_whitespace() || matches!(c, '[' | '{' | ',' | ':' | '-' | '?');
    }
    deepest
}

/// A YAML scalar as text: strings, numbers and booleans all read as written.
pub fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Tagged(tagged) => scalar(&tagged.value),
        _ => None,
    }
}

/// What kind of value this is, as a message names it ("found a list").
pub fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a set of key: value pairs",
        Value::Tagged(_) => "a tagged value",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flow_depth_errs_high() {
        assert_eq!(flow_depth("topics: [a, b]\nactors: [c]\n"), 1);
        assert_eq!(flow_depth("x: {a: [b, {c: d}]}"), 3);
        assert_eq!(flow_depth("x: \"]]\" [['it''s ]]' [ # ]]\n"), 3);
        assert_eq!(flow_depth("title: Putin's ]] [plan]"), 1);
    }
}
