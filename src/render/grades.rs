//! Admiralty reliability grades as pages show them: the letter and what
//! it means.

/// The grade letter shown for `grade` (anything unknown shows as F).
pub fn grade(grade: char) -> &'static str {
    match grade {
        'A' => "A",
        'B' => "B",
        'C' => "C",
        'D' => "D",
        'E' => "E",
        _ => "F",
    }
}

/// What the grade letter means, for the badge's accessible label.
pub fn reliability_label(grade: char) -> &'static str {
    match grade {
        'A' => "completely reliable",
        'B' => "usually reliable",
        'C' => "fairly reliable",
        'D' => "not usually reliable",
        'E' => "unreliable",
        _ => "reliability cannot be judged",
    }
}
