//! Where a graph's labels go. Each name is tried beside, before, above and
//! below its dot, and takes the first spot that stays inside the picture
//! and meets no label placed before it nor another dot (the first label
//! placed may cover a dot); the most linked names are placed first. A name that fits nowhere is marked crowded:
//! the theme shows it on hover and focus only, so no two labels a reader
//! sees ever overlap. Widths are estimated from the characters (there
//! are no font metrics at build time), generously, so an estimate errs
//! towards a hidden label rather than an overlap.

/// A rectangle: left, top, right, bottom.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect(pub f64, pub f64, pub f64, pub f64);

impl Rect {
    fn meets(&self, other: &Rect) -> bool {
        self.0 < other.2 && other.0 < self.2 && self.1 < other.3 && other.1 < self.3
    }

    fn inside(&self, bounds: &Rect) -> bool {
        self.0 >= bounds.0 && self.1 >= bounds.1 && self.2 <= bounds.2 && self.3 <= bounds.3
    }

    /// The smallest rectangle holding both.
    pub fn union(&self, other: &Rect) -> Rect {
        Rect(
            self.0.min(other.0),
            self.1.min(other.1),
            self.2.max(other.2),
            self.3.max(other.3),
        )
    }
}

/// A dot to label: its centre, radius, label and whether the label is
/// wanted in view (brief titles are not: they show on hover).
pub struct Dot<'a> {
    pub x: f64,
    pub y: f64,
    pub r: f64,
    pub text: &'a str,
    pub wanted: bool,
}

/// Where a label is drawn: its text's anchor point and alignment, the
/// box it takes, and whether it is shown (false: crowded, or unwanted).
#[derive(Clone, Copy, Debug)]
pub struct Label {
    pub x: f64,
    pub y: f64,
    pub anchor: &'static str,
    pub rect: Rect,
    pub shown: bool,
}

/// How wide `text` is at `font` units, overestimated: capitals and wide
/// scripts (CJK, most symbols) take more room than lower case.
pub fn text_width(text: &str, font: f64) -> f64 {
    let ems: f64 = text
        .chars()
        .map(|c| match c {
            ' ' => 0.3,
            'i' | 'j' | 'l' | 't' | 'f' | 'r' | '.' | ',' | '\'' | '’' | '-' => 0.4,
            'm' | 'w' | 'M' | 'W' => 0.95,
            c if c.is_ascii_uppercase() => 0.72,
            c if c.is_ascii() => 0.6,
            c if (c as u32) < 0x2E80 => 0.68,
            _ => 1.05,
        })
        .sum();
    ems * font
}

/// The label of `dot` at each spot, in the order they are tried: the side
/// facing away from the middle of `bounds` first.
fn spots(dot: &Dot, font: f64, bounds: &Rect) -> [Label; 4] {
    let width = text_width(dot.text, font);
    let gap = dot.r + 3.0;
    // A line of text takes about 1.2 em; its baseline sits 0.35 em below
    // the middle of the dot for labels beside it.
    let (up, down) = (font * 0.95, font * 0.3);
    let beside = |x: f64, anchor: &'static str| {
        let left = match anchor {
            "end" => x - width,
            _ => x,
        };
        let y = dot.y + font * 0.35;
        Label {
            x,
            y,
            anchor,
            rect: Rect(left, y - up, left + width, y + down),
            shown: true,
        }
    };
    let stacked = |y: f64| Label {
        x: dot.x,
        y,
        anchor: "middle",
        rect: Rect(dot.x - width / 2.0, y - up, dot.x + width / 2.0, y + down),
        shown: true,
    };
    let right = beside(dot.x + gap, "start");
    let left = beside(dot.x - gap, "end");
    let above = stacked(dot.y - gap - down);
    let below = stacked(dot.y + gap + up);
    if dot.x > (bounds.0 + bounds.2) / 2.0 {
        [left, right, above, below]
    } else {
        [right, left, above, below]
    }
}

/// Places the labels of `dots` in `order` (most important first) inside
/// `bounds`; gives one label per dot, in the dots' order.
pub fn place(dots: &[Dot], order: &[usize], font: f64, bounds: Rect) -> Vec<Label> {
    let circles: Vec<Rect> = dots
        .iter()
        .map(|d| Rect(d.x - d.r, d.y - d.r, d.x + d.r, d.y + d.r))
        .collect();
    let mut labels: Vec<Option<Label>> = vec![None; dots.len()];
    let mut taken: Vec<Rect> = Vec::new();
    for (n, &i) in order.iter().enumerate() {
        let dot = &dots[i];
        // The first label (a local graph's own page) may cover a dot when
        // nothing else fits: in a dense neighbourhood it would otherwise
        // find no room at all.
        let last_resort = n == 0;
        let candidates = spots(dot, font, &bounds);
        let fits = |label: &Label, over_dots: bool| {
            let padded = Rect(
                label.rect.0 - 2.0,
                label.rect.1 - 1.0,
                label.rect.2 + 2.0,
                label.rect.3 + 1.0,
            );
            padded.inside(&bounds)
                && !taken.iter().any(|t| t.meets(&padded))
                && (over_dots
                    || !circles
                        .iter()
                        .enumerate()
                        .any(|(j, c)| j != i && c.meets(&padded)))
        };
        let chosen = dot
            .wanted
            .then(|| {
                let free = candidates.iter().find(|l| fits(l, false));
                free.or_else(|| candidates.iter().find(|l| last_resort && fits(l, true)))
                    .copied()
            })
            .flatten();
        labels[i] = Some(match chosen {
            Some(label) => {
                taken.push(label.rect);
                label
            }
            None => Label {
                shown: false,
                ..candidates[0]
            },
        });
    }
    let default = |i: usize| Label {
        shown: false,
        ..spots(&dots[i], font, &bounds)[0]
    };
    labels
        .into_iter()
        .enumerate()
        .map(|(i, l)| l.unwrap_or_else(|| default(i)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dot(x: f64, y: f64, text: &str) -> Dot<'_> {
        Dot {
            x,
            y,
            r: 10.0,
            text,
            wanted: true,
        }
    }

    #[test]
    fn shown_labels_never_meet_and_stay_inside() {
        let names = ["Russia", "Iran", "Gas", "Sanctions", "Vladimir Putin"];
        let dots: Vec<Dot> = (0..40)
            .map(|i| {
                dot(
                    100.0 + (i % 8) as f64 * 30.0,
                    100.0 + (i / 8) as f64 * 20.0,
                    names[i % 5],
                )
            })
            .collect();
        let order: Vec<usize> = (0..dots.len()).collect();
        let bounds = Rect(0.0, 0.0, 400.0, 300.0);
        let labels = place(&dots, &order, 16.0, bounds);
        let shown: Vec<&Label> = labels.iter().filter(|l| l.shown).collect();
        assert!(!shown.is_empty() && shown.len() < dots.len());
        for (a, la) in shown.iter().enumerate() {
            assert!(la.rect.inside(&bounds), "{la:?}");
            for lb in &shown[a + 1..] {
                assert!(!la.rect.meets(&lb.rect), "{la:?} meets {lb:?}");
            }
        }
    }

    #[test]
    fn a_lone_label_goes_beside_its_dot_and_unwanted_ones_are_hidden() {
        let dots = [
            dot(50.0, 50.0, "Gas"),
            Dot {
                wanted: false,
                ..dot(300.0, 50.0, "A brief")
            },
        ];
        let labels = place(&dots, &[0, 1], 16.0, Rect(0.0, 0.0, 400.0, 100.0));
        assert!(labels[0].shown && labels[0].anchor == "start");
        assert!(!labels[1].shown);
    }
}
