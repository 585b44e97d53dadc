//! Slugs and name keys: how a title becomes an ASCII URL segment, and how a
//! name a writer types is normalised before it is looked up.

/// Turns any text into a lowercase ASCII slug: letters and digits joined by
/// single hyphens. Non-Latin scripts are transliterated (Путин → putin) so
/// URLs stay portable; returns an empty string when nothing survives.
pub fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode_with_tofu(text, "-");
    let mut slug = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') && c != '\'' {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    // Keep every slug a safe, short path segment on every file system.
    if slug.len() > 80 {
        slug.truncate(80);
        while slug.ends_with('-') {
            slug.pop();
        }
    }
    slug
}

/// A slug that is never empty: names that transliterate to nothing (only
/// punctuation, say) get a stable slug derived from their bytes.
pub fn slugify_or_hash(text: &str) -> String {
    let slug = slugify(text);
    if slug.is_empty() {
        format!("n-{:08x}", fnv1a(text.as_bytes()) as u32)
    } else {
        slug
    }
}

/// The key a name is looked up by: case-folded, whitespace collapsed, so
/// `[[Zangezur  Corridor]]` and `zangezur corridor` meet.
pub fn name_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        key.extend(word.chars().flat_map(char::to_lowercase));
    }
    key
}

/// FNV-1a: a tiny, stable hash for fallback names; not for security.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf29ce484222325, |hash, b| {
        (hash ^ u64::from(*b)).wrapping_mul(0x100000001b3)
    })
}

/// Edit distance between two short strings, used to suggest the name a
/// writer probably meant. Counts characters, not bytes.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == *cb {
                diagonal
            } else {
                1 + diagonal.min(above).min(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

/// The candidate closest to `wanted`, if it is close enough to be a likely
/// typo: one edit away for a name of 4 characters or fewer, else at most a
/// third of the name's length (and at least 2).
pub fn nearest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    // Edit distance costs the product of the two lengths, so hundreds of
    // broken links to long names would take hours; typos worth suggesting
    // are in names people type, which are shorter than this.
    const LONGEST: usize = 120;
    let wanted = name_key(wanted);
    let length = wanted.chars().count();
    if length > LONGEST {
        return None;
    }
    // Names of very different length cannot be close; skipping them keeps
    // suggestions cheap in a dossier with tens of thousands of names.
    // Short names allow one typo; longer ones a third of their length.
    let limit = if length <= 4 { 1 } else { (length / 3).max(2) };
    candidates
        .into_iter()
        .filter(|c| c.chars().count().abs_diff(length) <= limit)
        .map(|c| (edit_distance(&wanted, &name_key(c)), c))
        .filter(|(d, _)| *d <= limit)
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ascii_and_hyphenated() {
        assert_eq!(slugify("Zangezur corridor"), "zangezur-corridor");
        assert_eq!(slugify("  Su-35 fighters!  "), "su-35-fighters");
        assert_eq!(slugify("Владимир Путин"), "vladimir-putin");
        assert_eq!(slugify("Türkiye's İzmir"), "turkiyes-izmir");
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("!!!"), "");
        assert!(slugify_or_hash("!!!").starts_with("n-"));
    }

    #[test]
    fn persian_names_transliterate() {
        assert!(!slugify("مسعود پزشکیان").is_empty());
    }

    #[test]
    fn name_keys_fold_case_and_space() {
        assert_eq!(name_key("  Zangezur   Corridor "), "zangezur corridor");
        assert_eq!(name_key("ПУТИН"), "путин");
    }

    #[test]
    fn nearest_suggests_close_names() {
        let names = ["Zangezur corridor", "Syria", "gas"];
        assert_eq!(
            nearest("zangerzur corridor", names),
            Some("Zangezur corridor")
        );
        assert_eq!(nearest("completely different", names), None);
        let long = "a".repeat(500);
        assert_eq!(nearest(&format!("{long}b"), [long.as_str()]), None);
    }
}
