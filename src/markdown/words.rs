//! Word counts, shown with each page and its reading time.

/// The number of words in `text` (runs with a letter or digit).
/// One pass over the text: a run is counted at its first letter or digit,
/// so nothing is split or allocated; ASCII, nearly all of it, is read byte
/// by byte without decoding.
pub fn words(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut count, mut counted, mut at) = (0, false, 0);
    while at < bytes.len() {
        let byte = bytes[at];
        let (alphanumeric, space, width) = match ASCII_CLASS.get(usize::from(byte)) {
            Some(&class) => (class == ALPHANUMERIC, class == SPACE, 1),
            None => {
                let c = text[at..].chars().next().unwrap_or(' ');
                (c.is_alphanumeric(), c.is_whitespace(), c.len_utf8())
            }
        };
        // No branch on the byte's class: text alternates between letters
        // and spaces too often for a branch to be guessed right.
        count += usize::from(alphanumeric & !counted);
        counted = (counted | alphanumeric) & !space;
        at += width;
    }
    count
}

const ALPHANUMERIC: u8 = 1;
const SPACE: u8 = 2;

/// What each ASCII byte is to [`words`]: a letter or digit, a space, or
/// neither (punctuation, which neither starts nor ends a word).
const ASCII_CLASS: [u8; 128] = {
    let mut classes = [0; 128];
    let mut byte = 0;
    while byte < 128 {
        let b = byte as u8;
        if b.is_ascii_alphanumeric() {
            classes[byte] = ALPHANUMERIC;
        } else if matches!(b, b' ' | b'\t'..=b'\r') {
            classes[byte] = SPACE;
        }
        byte += 1;
    }
    classes
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_runs_with_a_letter_or_digit() {
        assert_eq!(words("Hello, world \u{2014} 42 times"), 4);
        assert_eq!(words("\u{e9}t\u{e9}\u{2003}na\u{ef}ve\tx-y\n\n"), 3);
        assert_eq!(words(" \u{a0}-- ... "), 0);
        assert_eq!(words("\u{434}\u{440}\u{43e} \u{645}\u{633}\u{64a}"), 2);
    }
}
