//! Exact-size copies of what is kept for the whole build: what a parsed
//! page keeps (its HTML, prose, lists and front matter) and the
//! diagnostics' messages. `shrink_to_fit` does not give the room
//! back: the allocator (mimalloc) leaves a block where it is when asked
//! to shrink it by less than half, so a body written into room reserved
//! for one and a half times its text kept all of it. A copy costs one
//! `memcpy` of the body and frees the larger block at once.

/// `text` in a block of its own length.
pub(crate) fn string(text: String) -> String {
    match text.capacity() == text.len() {
        true => text,
        false => String::from(text.as_str()),
    }
}

/// `parts` joined, in a block of their length: one allocation, where
/// `format!` and [`string`] make two and copy twice.
pub(crate) fn concat(parts: &[&str]) -> String {
    let mut text = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        text.push_str(part);
    }
    text
}

/// `items` in a block of their own length.
pub(crate) fn vec<T>(items: Vec<T>) -> Vec<T> {
    if items.capacity() == items.len() {
        return items;
    }
    // Moved into a new block: `collect` would reuse the old one.
    let mut exact = Vec::with_capacity(items.len());
    exact.extend(items);
    exact
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_keep_the_contents_and_drop_the_spare_room() {
        let mut text = String::with_capacity(100);
        text.push_str("Gas flows east.");
        let text = string(text);
        assert_eq!((text.as_str(), text.capacity()), ("Gas flows east.", 15));
        let mut items = Vec::with_capacity(64);
        items.extend([String::from("a"), String::from("b")]);
        let items = vec(items);
        let joined = concat(&["source '", "a", "' is listed"]);
        assert_eq!(
            (joined.as_str(), joined.capacity()),
            ("source 'a' is listed", 20)
        );
        assert_eq!((items.len(), items.capacity()), (2, 2));
        assert_eq!(items, ["a", "b"]);
    }
}
