//! Appending to the page being written, without a `String` per piece
//! and without `core::fmt`: escaped text, and the graphs' whole-number
//! coordinates. A graph writes thousands of coordinates, and float
//! formatting (exact, arbitrary-precision rounding) was a few per cent of
//! a whole build. A coordinate's text is exactly what
//! `format!("{:.0}", x)` gives, so the drawings stay byte for byte as
//! they were.

use crate::text::html::escape;

/// Appends `text` escaped as [`escape`] does; most titles, paths and
/// labels need no escaping, and those are copied without a new string.
pub fn escaped(out: &mut String, text: &str) {
    // A byte scan: all five are ASCII, and `contains` with a set of
    // chars decodes and compares each char five times.
    if text
        .bytes()
        .any(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\''))
    {
        out.push_str(&escape(text));
    } else {
        out.push_str(text);
    }
}

/// Appends `x` to `out` as `format!("{:.0}", x)` would write it: rounded
/// half to even on its exact value, with a minus sign for any negative
/// value, also one that rounds to zero (`-0.4` is `-0`, as is `-0.0`).
pub fn number(out: &mut String, x: f64) {
    // Beyond 2^53 every f64 is a whole number, but the u64 path below
    // would not hold the largest; those and NaN and infinities go the
    // slow way, which never happens for a coordinate in a graph's box.
    const EXACT: f64 = 9_007_199_254_740_992.0;
    if x.is_nan() || x.abs() >= EXACT {
        use std::fmt::Write as _;
        let _ = write!(out, "{x:.0}");
        return;
    }
    if x.is_sign_negative() {
        out.push('-');
    }
    // Rounding to a whole number is exact in binary floating point, so
    // this is the same rounding `{:.0}` does on the exact decimal value.
    let whole = x.abs().round_ties_even() as u64;
    push_u64(out, whole);
}

/// Appends the decimal digits of `n`.
fn push_u64(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // Only ASCII digits were written.
    out.push_str(std::str::from_utf8(&digits[at..]).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pushed(x: f64) -> String {
        let mut out = String::new();
        number(&mut out, x);
        out
    }

    fn same_as_fmt(x: f64) {
        assert_eq!(pushed(x), format!("{x:.0}"), "{x:e} ({:#x})", x.to_bits());
    }

    #[test]
    fn escaped_text_is_what_escape_gives() {
        for text in ["plain", "", "a & b", "<i>\"q\"</i> 'x'", "Dağ & Ğ"] {
            let mut out = String::from(">");
            escaped(&mut out, text);
            assert_eq!(out, format!(">{}", escape(text)));
        }
    }

    #[test]
    fn matches_fmt_on_ties_negatives_and_zeros() {
        let special = [
            0.0,
            -0.0,
            0.4,
            -0.4,
            0.5,
            -0.5,
            1.5,
            -1.5,
            2.5,
            -2.5,
            0.499_999_999_999_999_94,
            0.500_000_000_000_000_1,
            999.5,
            1000.5,
            -999.5,
            f64::MIN_POSITIVE,
            -f64::MIN_POSITIVE,
            1e-300,
            -1e-300,
            4_503_599_627_370_495.5,
            4_503_599_627_370_497.0,
            9_007_199_254_740_991.0,
            9_007_199_254_740_992.0,
            1e20,
            -1e300,
            f64::MAX,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ];
        for x in special {
            same_as_fmt(x);
        }
    }

    #[test]
    fn matches_fmt_on_every_half_and_near_half() {
        for n in -4000..4000 {
            let half = n as f64 / 2.0;
            for x in [half, half.next_up(), half.next_down()] {
                same_as_fmt(x);
            }
        }
    }

    #[test]
    fn matches_fmt_on_many_values() {
        // A fixed xorshift sequence: values across many magnitudes, and
        // coordinates with fractions as a layout gives them.
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..200_000 {
            let bits = next();
            same_as_fmt(f64::from_bits(bits));
            let unit = (bits >> 11) as f64 / (1u64 << 53) as f64;
            same_as_fmt(unit * 2400.0 - 1200.0);
        }
    }
}
