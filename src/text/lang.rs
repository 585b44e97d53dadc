//! Language tags (BCP 47) and the writing direction they imply: the shape
//! check front matter uses for `language:`, and [`direction`], which the
//! render stage uses for `dir` and the search stage may use per language.

/// The direction text in a language is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dir {
    Ltr,
    Rtl,
}

impl Dir {
    /// The value of an HTML `dir` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            Dir::Ltr => "ltr",
            Dir::Rtl => "rtl",
        }
    }
}

/// Languages written right to left when no script subtag says otherwise.
const RTL_LANGUAGES: &[&str] = &[
    "ar", "fa", "he", "ur", "ps", "yi", "dv", "ckb", "sd", "ug", "syr", "iw", "ji", "prs", "pes",
    "arz", "apc", "ajp", "acm", "ary", "arq", "aeb",
];

/// Scripts written right to left (ISO 15924, as script subtags).
const RTL_SCRIPTS: &[&str] = &["arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg"];

/// The direction of text in language `tag`: the script subtag decides
/// when there is one (`az-Arab` is right to left, `sd-Deva` left to
/// right), else the primary language. Unknown and malformed tags are
/// left to right, the HTML default.
pub fn direction(tag: &str) -> Dir {
    let lower = tag.trim().to_ascii_lowercase();
    let mut subtags = lower.split(['-', '_']);
    let primary = subtags.next().unwrap_or("");
    // The script comes before any region or variant, after extlangs.
    let script = subtags
        .take_while(|s| s.len() != 1)
        .find(|s| s.len() == 4 && s.bytes().all(|b| b.is_ascii_alphabetic()));
    let rtl = match script {
        Some(script) => RTL_SCRIPTS.contains(&script),
        None => RTL_LANGUAGES.contains(&primary),
    };
    if rtl { Dir::Rtl } else { Dir::Ltr }
}

/// Checks the shape of a BCP 47 tag: subtags of 1 to 8 letters or digits
/// joined by `-`, the first of 2 to 8 letters. The registry is not
/// consulted: a well-formed tag for a language the browser does not know
/// is harmless, a malformed one is a typo. The error says what is wrong.
pub fn check_tag(tag: &str) -> Result<(), String> {
    let mut subtags = tag.split('-');
    let primary = subtags.next().unwrap_or("");
    if !(2..=8).contains(&primary.len()) || !primary.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(format!(
            "`{tag}` does not start with a language code of 2 to 8 letters"
        ));
    }
    for subtag in subtags {
        if subtag.is_empty() || subtag.len() > 8 {
            return Err(format!(
                "`{tag}` has a part that is empty or longer than 8 characters"
            ));
        }
        if !subtag.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(format!(
                "`{tag}` may hold only letters and digits between its `-`"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_follows_language_then_script() {
        for rtl in [
            "ar",
            "fa",
            "fa-IR",
            "he",
            "ur",
            "ckb",
            "syr",
            "az-Arab",
            "ku-Arab-IQ",
            "AR-eg",
        ] {
            assert_eq!(direction(rtl), Dir::Rtl, "{rtl}");
        }
        for ltr in ["en", "ru-RU", "fr", "sd-Deva", "uz-Latn", "", "x"] {
            assert_eq!(direction(ltr), Dir::Ltr, "{ltr}");
        }
    }

    #[test]
    fn tags_are_checked_for_shape() {
        for good in [
            "en",
            "fa",
            "ru-RU",
            "zh-Hant-TW",
            "es-419",
            "de-CH-1996",
            "en-x-brief",
        ] {
            assert_eq!(check_tag(good), Ok(()), "{good}");
        }
        for bad in [
            "",
            "e",
            "english language",
            "ru_RU",
            "en-",
            "1a",
            "fa--IR",
            "en-abcdefghi",
            "persian9",
        ] {
            assert!(check_tag(bad).is_err(), "{bad}");
        }
    }
}
