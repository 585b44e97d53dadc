//! Dates with year, month or day precision: parsing, validation, display and
//! an order that is total across precisions.

use std::fmt;

/// A calendar date known to the year, the month or the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    // Field order gives the sort: a bare year sorts before any month of it,
    // a bare month before any day of it (0 stands for "unknown").
    year: i16,
    month: u8,
    day: u8,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl PartialDate {
    /// Parses `2023`, `2023-07` or `2023-07-17`; the error says what is wrong.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let parts: Vec<&str> = text.split('-').collect();
        let bad = || format!("'{text}' is not a date; write YYYY-MM-DD, YYYY-MM or YYYY");
        let number = |part: &str, len: usize| -> Result<u16, String> {
            if part.len() == len && part.bytes().all(|b| b.is_ascii_digit()) {
                part.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        let year = number(parts.first().copied().unwrap_or(""), 4)?;
        let month = parts.get(1).map(|m| number(m, 2)).transpose()?.unwrap_or(0);
        let day = parts.get(2).map(|d| number(d, 2)).transpose()?.unwrap_or(0);
        if parts.len() > 3 || year == 0 {
            return Err(bad());
        }
        if parts.len() >= 2 && !(1..=12).contains(&month) {
            return Err(format!(
                "'{text}' has no month {month}; months run from 01 to 12"
            ));
        }
        if parts.len() == 3 {
            jiff::civil::Date::new(year as i16, month as i8, day as i8).map_err(|_| {
                format!(
                    "'{text}' does not exist: {} {year} has no day {day}",
                    MONTHS[month as usize - 1]
                )
            })?;
        }
        Ok(PartialDate {
            year: year as i16,
            month: month as u8,
            day: day as u8,
        })
    }

    /// ISO 8601 at the date's own precision: `2023`, `2023-07`, `2023-07-17`.
    pub fn iso(&self) -> String {
        let mut iso = String::with_capacity(10);
        let _ = self.write_iso(&mut iso);
        iso
    }

    /// Writes [`Self::iso`] onto `out`, for a file made of many dates.
    pub fn write_iso(&self, out: &mut impl fmt::Write) -> fmt::Result {
        match (self.month, self.day) {
            (0, _) => write!(out, "{:04}", self.year),
            (m, 0) => write!(out, "{:04}-{m:02}", self.year),
            (m, d) => write!(out, "{:04}-{m:02}-{d:02}", self.year),
        }
    }

    /// Whether the date names a day, not only a month or a year.
    pub fn is_day(&self) -> bool {
        self.day != 0
    }

    /// A full RFC 3339 timestamp for feeds, which need one: the first moment
    /// of the period the date names.
    pub fn rfc3339(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T00:00:00Z",
            self.year,
            self.month.max(1),
            self.day.max(1)
        )
    }

    /// The year, for grouping.
    pub fn year(&self) -> i16 {
        self.year
    }
}

impl fmt::Display for PartialDate {
    /// Reads as a person writes it: `2023`, `July 2023`, `17 July 2023`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.month, self.day) {
            (0, _) => write!(f, "{}", self.year),
            (m, 0) => write!(f, "{} {}", MONTHS[m as usize - 1], self.year),
            (m, d) => write!(f, "{d} {} {}", MONTHS[m as usize - 1], self.year),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> PartialDate {
        PartialDate::parse(text).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn parses_and_displays_each_precision() {
        assert_eq!(date("2023").to_string(), "2023");
        assert_eq!(date("2023-07").to_string(), "July 2023");
        assert_eq!(date("2023-07-17").to_string(), "17 July 2023");
        assert_eq!(date("2023-07").iso(), "2023-07");
    }

    #[test]
    fn sorts_across_precisions() {
        let mut dates = [
            date("2024-01-02"),
            date("2023-07"),
            date("2024"),
            date("2023-07-01"),
        ];
        dates.sort();
        let iso: Vec<String> = dates.iter().map(PartialDate::iso).collect();
        assert_eq!(iso, ["2023-07", "2023-07-01", "2024", "2024-01-02"]);
    }

    #[test]
    fn rejects_impossible_and_malformed_dates() {
        assert!(
            PartialDate::parse("2023-02-30")
                .unwrap_err()
                .contains("does not exist")
        );
        assert!(
            PartialDate::parse("2023-13")
                .unwrap_err()
                .contains("no month 13")
        );
        assert!(PartialDate::parse("yesterday").is_err());
        assert!(PartialDate::parse("2023-7-1").is_err());
        assert!(PartialDate::parse("0000").is_err());
        assert!(date("2024-02-29").iso() == "2024-02-29");
    }
}
