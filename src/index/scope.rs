//! Which versions of each company a search covers: the newest (the
//! default), every version, or the version in force on a date.
//!
//! Each document carries a validity column written at index time, when a
//! company's versions are indexed together: the day its version starts
//! (its date) and the day the next version of the company starts (or
//! "still in force"). A scope is then a test on that one number, made
//! while collecting hits; nothing is read from the catalog or the
//! stored documents.

use std::fmt;
use std::str::FromStr;

/// A calendar day as the number `YYYYMMDD` (0: undated).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Day(u32);

/// Validity of a version no later version replaces.
const IN_FORCE: u32 = u32::MAX;

impl Day {
    /// The day of a policy date (`YYYY-MM-DD`); undated or unreadable
    /// dates give the undated day, which no `--as-of` date reaches.
    pub fn of_date(date: Option<&str>) -> Day {
        date.and_then(|d| d.parse().ok()).unwrap_or_default()
    }

    /// The day `year`-`month`-`day`, or `None` when that is no calendar day.
    pub fn from_ymd(year: u32, month: u32, day: u32) -> Option<Day> {
        let valid = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && (1..=days_in_month(year, month)).contains(&day);
        valid.then(|| Day(year * 10_000 + month * 100 + day))
    }

    /// The last day of `year`-`month`, or `None` when that is no month.
    pub fn month_end(year: u32, month: u32) -> Option<Day> {
        Day::from_ymd(year, month, days_in_month(year, month))
    }

    /// The day's year (0 for the undated day).
    pub fn year(self) -> u32 {
        self.0 / 10_000
    }

    /// The day as the number `YYYYMMDD` (0: undated), as the index stores it.
    pub(crate) fn number(self) -> u32 {
        self.0
    }

    /// The day of a number [`number`](Day::number) gave.
    pub(crate) fn from_number(number: u64) -> Day {
        Day(u32::try_from(number).unwrap_or_default())
    }

    /// `YYYY-MM-DD`, or `None` for the undated day.
    pub fn date(self) -> Option<String> {
        (self.0 != 0).then(|| self.to_string())
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Why a date was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a date: write it as YYYY-MM-DD, e.g. 2019-01-01")]
pub struct BadDate(String);

impl FromStr for Day {
    type Err = BadDate;

    fn from_str(text: &str) -> Result<Day, BadDate> {
        let bad = || BadDate(text.to_string());
        let mut parts = text.trim().splitn(3, '-');
        let mut number = |len: usize| {
            parts
                .next()
                .filter(|p| p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|p| p.parse::<u32>().ok())
        };
        let (year, month, day) = (
            number(4).ok_or_else(bad)?,
            number(2).ok_or_else(bad)?,
            number(2).ok_or_else(bad)?,
        );
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) || year == 0 {
            return Err(bad());
        }
        Ok(Day(year * 10_000 + month * 100 + day))
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = (self.0 / 10_000, self.0 / 100 % 100, self.0 % 100);
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

/// The versions a search covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    /// Each company's newest version.
    #[default]
    Newest,
    /// Every version; a clause text repeated across a company's versions
    /// counts once.
    AllVersions,
    /// Each company's version in force on a day: the newest not after it
    /// (undated versions are never in force on a date).
    AsOf(Day),
    /// Only the versions dated this day (the last of a company's, when it
    /// has two that day; the undated day: undated versions): to search one
    /// version of a company.
    Version(Day),
}

impl Scope {
    /// Whether a document of the given validity is in scope.
    pub(super) fn admits(self, validity: u64) -> bool {
        let (from, until) = unpack(validity);
        match self {
            Scope::Newest => until == IN_FORCE,
            Scope::AllVersions => true,
            Scope::AsOf(Day(day)) => from != 0 && from <= day && day < until,
            // A run of versions starts on or before the day and is
            // replaced after it; undated versions never join a run.
            Scope::Version(Day(0)) => from == 0,
            Scope::Version(Day(day)) => from != 0 && from <= day && day < until,
        }
    }

    /// What tells apart the versions of one company that the scope
    /// holds at once: nothing in a one-version scope (a document stands
    /// for a run of versions, and runs starting on different days meet in
    /// the one version in scope); with every version, the day the
    /// document's run is replaced.
    pub(super) fn version_key(self, validity: u64) -> u32 {
        match self {
            Scope::AllVersions => unpack(validity).1,
            _ => 0,
        }
    }

    /// Whether identical texts of a company count once.
    pub(super) fn merges_versions(self) -> bool {
        self == Scope::AllVersions
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scope::Newest => f.write_str("newest versions"),
            Scope::AllVersions => f.write_str("all versions"),
            Scope::AsOf(day) => write!(f, "versions in force on {day}"),
            Scope::Version(day) => match day.date() {
                Some(date) => write!(f, "versions of {date}"),
                None => f.write_str("undated versions"),
            },
        }
    }
}

/// The validity of a version that starts on `from` and is replaced on
/// `until` (`None`: still in force).
pub(super) fn validity(from: Day, until: Option<Day>) -> u64 {
    (u64::from(from.0) << 32) | u64::from(until.map_or(IN_FORCE, |d| d.0))
}

/// The validity of a run of consecutive versions: from the start of the
/// first (`first`'s validity) until the last (`last`'s) is replaced.
pub(super) fn joined(first: u64, last: u64) -> u64 {
    (first & !u64::from(u32::MAX)) | (last & u64::from(u32::MAX))
}

/// The day a version starts, from its validity.
pub(super) fn start(validity: u64) -> Day {
    Day(unpack(validity).0)
}

fn unpack(validity: u64) -> (u32, u32) {
    ((validity >> 32) as u32, validity as u32)
}

/// Validity of each of a company's versions, given their days oldest
/// first (equal days in a fixed order: only the last of them is ever in
/// force).
pub(super) fn validities(days: &[Day]) -> Vec<u64> {
    days.iter()
        .enumerate()
        .map(|(i, &day)| validity(day, days.get(i + 1).copied()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Day {
        text.parse().unwrap()
    }

    #[test]
    fn dates_round_trip_and_bad_ones_are_refused() {
        assert_eq!(day("2019-01-01").to_string(), "2019-01-01");
        assert_eq!(Day::month_end(2024, 2), Some(day("2024-02-29")));
        assert_eq!(Day::month_end(2100, 2), Some(day("2100-02-28")));
        assert_eq!(Day::from_ymd(2019, 4, 31), None);
        assert_eq!(day("2019-04-30").year(), 2019);
        for bad in ["2019-1-1", "2019-13-01", "yesterday", "2019-01-01x"] {
            assert!(bad.parse::<Day>().is_err(), "{bad}");
        }
    }

    #[test]
    fn the_version_in_force_is_the_newest_not_after_the_day() {
        let days = [Day::default(), day("2018-05-25"), day("2020-01-01")];
        let v = validities(&days);
        let in_force = |scope: Scope| -> Vec<bool> { v.iter().map(|&x| scope.admits(x)).collect() };
        assert_eq!(in_force(Scope::Newest), [false, false, true]);
        assert_eq!(
            in_force(Scope::AsOf(day("2019-12-31"))),
            [false, true, false]
        );
        assert_eq!(
            in_force(Scope::AsOf(day("2020-01-01"))),
            [false, false, true]
        );
        assert_eq!(
            in_force(Scope::AsOf(day("2018-05-24"))),
            [false, false, false]
        );
        assert!(v.iter().all(|&x| Scope::AllVersions.admits(x)));
        assert_eq!(start(v[1]), day("2018-05-25"));
    }
}
