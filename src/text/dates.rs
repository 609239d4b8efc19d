//! Dates as policies write them (`Last updated: December 10, 2025`,
//! `10 Dec. 2025`, `12/10/2025`), read as `YYYY-MM-DD` (or `YYYY-MM` when
//! no day is named); anything not plainly a calendar date is ignored
//! rather than guessed.

/// True for `YYYY-MM-DD`.
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// Phrases that introduce the date a policy was last changed.
const UPDATED_PHRASES: &[&str] = &[
    "last updated",
    "last modified",
    "last revised",
    "last amended",
    "last changed",
    "updated on",
    "updated:",
    "effective date",
    "effective as of",
    "effective on",
    "effective from",
    "effective:",
    "revised on",
    "revised:",
];
/// The first bytes of [`UPDATED_PHRASES`], as a lookup table.
const PHRASE_STARTS: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < UPDATED_PHRASES.len() {
        table[UPDATED_PHRASES[i].as_bytes()[0] as usize] = true;
        i += 1;
    }
    table
};

/// The smallest end offset of an [`UPDATED_PHRASES`] entry in `lower`
/// (the end of the phrase that ends first), found in one pass.
fn first_phrase_end(lower: &str) -> Option<usize> {
    let bytes = lower.as_bytes();
    let mut first_end: Option<usize> = None;
    for (i, &b) in bytes.iter().enumerate() {
        // A phrase starting here or later ends after `i`.
        if first_end.is_some_and(|end| end <= i) {
            break;
        }
        if !PHRASE_STARTS[usize::from(b)] {
            continue;
        }
        for phrase in UPDATED_PHRASES {
            if bytes[i..].starts_with(phrase.as_bytes()) {
                let end = i + phrase.len();
                first_end = Some(first_end.map_or(end, |e| e.min(end)));
            }
        }
    }
    first_end
}

const MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// The date a `Last updated: December 10, 2025` sentence gives, as
/// `YYYY-MM-DD` (or `YYYY-MM` when it names no day).
pub fn updated_date(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    let at = first_phrase_end(&lower)?;
    let window: String = lower.get(at..)?.chars().take(40).collect();
    parse_date(&window)
}

/// Reads the first date in `text`: `2025-12-10`, `December 10, 2025`,
/// `10 Dec. 2025`, `12/10/2025` (month first unless the day shows it is
/// not), `December 2025`.
pub fn parse_date(text: &str) -> Option<String> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == ':')
        .map(|w| w.trim_matches(|c: char| c == '.' || c == '(' || c == ')'))
        .filter(|w| !w.is_empty())
        .collect();
    for (i, word) in words.iter().enumerate() {
        if let Some(date) = numeric_date(word) {
            return Some(date);
        }
        let Some(month) = month_of(word) else {
            continue;
        };
        let number = |w: Option<&&str>| {
            w.and_then(|w| {
                w.trim_end_matches(['s', 't', 'h', 'n', 'd', 'r'])
                    .parse::<u32>()
                    .ok()
            })
        };
        let (before, after, after2) = (
            i.checked_sub(1).and_then(|j| words.get(j)),
            words.get(i + 1),
            words.get(i + 2),
        );
        let year = |n: Option<u32>| n.filter(|y| (1990..=2100).contains(y));
        if let (Some(day), Some(y)) = (
            number(after).filter(|d| (1..=31).contains(d)),
            year(number(after2)),
        ) {
            return Some(format!("{y:04}-{month:02}-{day:02}"));
        }
        if let Some(y) = year(number(after)) {
            if let Some(day) = number(before).filter(|d| (1..=31).contains(d)) {
                return Some(format!("{y:04}-{month:02}-{day:02}"));
            }
            return Some(format!("{y:04}-{month:02}"));
        }
    }
    None
}

fn month_of(word: &str) -> Option<u32> {
    let w = word.to_lowercase();
    if w.len() < 3 || !w.chars().all(|c| c.is_alphabetic()) {
        return None;
    }
    let at = MONTHS.iter().position(|m| w.starts_with(m))?;
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ][at];
    (full.starts_with(&w) || w == "sept").then_some(at as u32 + 1)
}

/// `2025-12-10`, `12/10/2025`, `10.12.2025`.
fn numeric_date(word: &str) -> Option<String> {
    if is_date(word) {
        return Some(word.to_string());
    }
    let parts: Vec<u32> = word
        .split(['/', '.', '-'])
        .map(|p| p.parse().ok())
        .collect::<Option<Vec<u32>>>()?;
    let [a, b, y] = parts[..] else {
        return None;
    };
    let y = if y < 100 { 2000 + y } else { y };
    if !(1990..=2100).contains(&y) {
        return None;
    }
    let (month, day) = if a > 12 { (b, a) } else { (a, b) };
    ((1..=12).contains(&month) && (1..=31).contains(&day))
        .then(|| format!("{y:04}-{month:02}-{day:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn updated_dates_in_their_common_shapes() {
        let cases = [
            ("Last updated: December 10, 2025", Some("2025-12-10")),
            ("Last Modified: 01/11/2021", Some("2021-01-11")),
            (
                "This policy was last revised on 3 Sept. 2019.",
                Some("2019-09-03"),
            ),
            ("Effective date: 2018-05-25", Some("2018-05-25")),
            ("Last updated June 2016", Some("2016-06")),
            ("Effective on May 14, 2018", Some("2018-05-14")),
            ("We may update this policy from time to time.", None),
            ("Last updated: recently", None),
        ];
        for (text, want) in cases {
            assert_eq!(updated_date(text).as_deref(), want, "{text}");
        }
    }

    #[test]
    fn the_phrase_that_ends_first_wins() {
        let texts = [
            "last updated: 2020-01-01",
            "revised on 2019-02-02, last revised: 2018",
            "effective as of may 2018; updated on june 2019",
            "we revised: nothing. effective: 2021-03-03",
            "nothing here",
        ];
        for text in texts {
            let by_search = UPDATED_PHRASES
                .iter()
                .filter_map(|p| text.find(p).map(|i| i + p.len()))
                .min();
            assert_eq!(first_phrase_end(text), by_search, "{text}");
        }
    }
}
