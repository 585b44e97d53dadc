//! The sentence around a link, for backlinks: split around the link's own
//! text, shortened to a readable length, with white space tidied.

use crate::markdown::Context;

/// The sentence of `block` that holds `start..end`, shortened to a readable
/// length around the link.
pub fn sentence_around(block: &str, start: usize, end: usize) -> Context {
    const SIDE: usize = 160;
    let (start, end) = (
        start.min(block.len()),
        end.min(block.len()).max(start.min(block.len())),
    );
    // Look for the sentence's ends only near the link, so a huge paragraph
    // with many links stays linear.
    let before = &block[floor_boundary(block, start.saturating_sub(4 * SIDE))..start];
    let sentence_start = before
        .char_indices()
        .rev()
        .find(|&(i, c)| {
            matches!(c, '.' | '!' | '?') && before[i + 1..].starts_with(char::is_whitespace)
        })
        .map_or(0, |(i, _)| i + 1);
    let after = &block[end..floor_boundary(block, end.saturating_add(4 * SIDE))];
    let sentence_end = after
        .char_indices()
        .find(|&(i, c)| {
            matches!(c, '.' | '!' | '?')
                && after[i + c.len_utf8()..]
                    .chars()
                    .next()
                    .is_none_or(char::is_whitespace)
        })
        .map_or(after.len(), |(i, c)| i + c.len_utf8());
    Context::new(
        &clip_start(&tidy_start(&before[sentence_start..]), SIDE),
        &clip_end(&block[start..end], 4 * SIDE),
        &clip_end(&tidy_end(&after[..sentence_end]), SIDE),
    )
}

/// The nearest char boundary at or before `at` (clamped to the text).
fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Collapses runs of white space and drops the space a hidden citation
/// leaves before punctuation ("claim [@x]." reads "claim.").
pub fn tidy(text: &str) -> String {
    tidy_end(text).trim().to_string()
}

fn tidy_start(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() && !word.starts_with(['.', ',', ';', ':', '!', '?', ')']) {
            out.push(' ');
        }
        out.push_str(word);
    }
    if text.ends_with(char::is_whitespace) && !out.is_empty() {
        out.push(' ');
    }
    out
}

fn tidy_end(text: &str) -> String {
    let leading = text.starts_with(char::is_whitespace)
        && !text
            .trim_start()
            .starts_with(['.', ',', ';', ':', '!', '?', ')']);
    let body = tidy_start(text);
    if leading && !body.is_empty() {
        format!(" {body}")
    } else {
        body
    }
}

/// The last `max` characters of `text`, cut at a word, with an ellipsis.
fn clip_start(text: &str, max: usize) -> String {
    let count = text.chars().count();
    if count <= max {
        return text.to_string();
    }
    let tail: String = text.chars().skip(count - max).collect();
    let tail = tail.split_once(' ').map_or(tail.as_str(), |(_, rest)| rest);
    format!("…{tail}")
}

/// The first `max` characters of `text`, cut at a word, with an ellipsis.
fn clip_end(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let head: String = text.chars().take(max).collect();
    let head = head
        .rsplit_once(' ')
        .map_or(head.as_str(), |(first, _)| first);
    format!("{head}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Held as one string, a sentence gives back the parts it was made
    /// of, in any script and with any part empty.
    #[test]
    fn a_sentence_gives_back_its_parts() {
        for (before, text, after) in [
            ("Gas flows ", "east", "."),
            ("", "Москва", " и Тегеран"),
            ("پیمان ", "", ""),
            ("", "", ""),
        ] {
            let context = Context::new(before, text, after);
            assert_eq!(
                (context.before(), context.text(), context.after()),
                (before, text, after)
            );
        }
        let around = sentence_around("Intro. The route worried Tehran. Next.", 11, 16);
        assert_eq!(
            (around.before(), around.text(), around.after()),
            ("The ", "route", " worried Tehran.")
        );
        assert_ne!(Context::new("a", "b", ""), Context::new("", "ab", ""));
    }
}
