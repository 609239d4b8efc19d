//! Judgements about section titles that need the whole policy: widget
//! labels repeated as a prefix of many headings (`Accordion Toggle WHO WE
//! ARE`) and tables of contents that repeat the headings.
//!
//! A label is dropped only when the policy itself repeats it, and only
//! when it reads as a widget caption, so a title is never shortened on the
//! strength of a word list alone.

use std::collections::HashMap;

/// Words that only name a page widget (`Accordion Toggle`, `Expand`).
const WIDGET_WORDS: &[&str] = &[
    "accordion",
    "toggle",
    "expand",
    "expander",
    "collapse",
    "collapsible",
    "chevron",
    "caret",
];
/// Words that can be part of a widget caption but also of a real title.
const CAPTION_WORDS: &[&str] = &[
    "show", "hide", "read", "see", "view", "more", "less", "open", "close", "click", "tap",
    "button", "icon", "arrow", "all", "section", "panel", "content", "down", "up",
];
/// Glyphs of disclosure widgets.
const WIDGET_GLYPHS: &[char] = &[
    '+', '−', '–', '▸', '▾', '►', '▼', '▲', '▶', '›', '»', '⊕', '⊖', '✚', '＋', '⌄', '˅', '❯',
];
/// Headings that must repeat a label before it is taken for a widget's.
const MIN_REPEATS: usize = 3;

/// Byte length of the widget caption opening `title` (with the spaces
/// after it), when there is a caption and some title after it.
fn widget_prefix(title: &str) -> Option<usize> {
    let mut end = 0;
    let mut strong = false;
    let mut caption_words = 0;
    for (at, word) in word_starts(title) {
        let bare = word.trim_matches(|c: char| !c.is_alphanumeric() && !WIDGET_GLYPHS.contains(&c));
        let lower = bare.to_lowercase();
        let glyphs = !bare.is_empty() && bare.chars().all(|c| WIDGET_GLYPHS.contains(&c));
        if glyphs || WIDGET_WORDS.contains(&lower.as_str()) {
            strong = true;
        } else if CAPTION_WORDS.contains(&lower.as_str()) {
            caption_words += 1;
        } else {
            end = at;
            break;
        }
    }
    let more_or_less = title[..end]
        .split_whitespace()
        .last()
        .is_some_and(|w| matches!(w.to_lowercase().as_str(), "more" | "less"));
    let caption = strong || caption_words >= 2 && more_or_less;
    (end > 0 && caption).then_some(end)
}

/// Words of `text` with their byte offsets.
fn word_starts(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_whitespace()
        .map(move |w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
}

/// Removes a widget caption that opens at least [`MIN_REPEATS`] titles (or
/// every title, when there are two) from each title it opens; returns the
/// caption removed from each title.
pub fn strip_widget_labels(titles: &mut [&mut String]) -> Vec<Option<String>> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for title in titles.iter() {
        if let Some(end) = widget_prefix(title) {
            *counts.entry(title[..end].trim().to_string()).or_default() += 1;
        }
    }
    let needed = MIN_REPEATS.min(titles.len().max(2));
    let mut removed = Vec::with_capacity(titles.len());
    for title in titles.iter_mut() {
        let label = widget_prefix(title)
            .map(|end| (end, title[..end].trim().to_string()))
            .filter(|(_, label)| counts.get(label).is_some_and(|&n| n >= needed));
        if let Some((end, _)) = &label {
            **title = title[*end..].trim().to_string();
        }
        removed.push(label.map(|(_, l)| l));
    }
    removed
}

/// What a block of the policy is, as far as tables of contents go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry<'a> {
    /// A heading with this title.
    Heading(&'a str),
    /// Policy text.
    Text,
    /// Page furniture, which does not interrupt a run of headings.
    Skip,
}

/// What a block of a policy is, seen from a flattened table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell<'a> {
    /// A line heading with this title.
    Term(&'a str),
    /// A clause with this text.
    Text(&'a str),
    /// Anything else.
    Other,
}

/// Shortest run of term and text pairs taken for a table.
const MIN_TABLE_ROWS: usize = 4;
/// Longest text cell of such a table, in characters.
const MAX_CELL_CHARS: usize = 120;

/// Indexes of line headings that are the first column of a two-column
/// table flattened one cell per line (`CART` / `The association with your
/// shopping cart.`), or the terms of a glossary: a run of at least four
/// one-word lines (headings or not), each followed by one short sentence
/// of text.
pub fn table_terms(cells: &[Cell<'_>]) -> Vec<usize> {
    let row = |i: usize| match (cells[i], cells.get(i + 1)) {
        (Cell::Term(term) | Cell::Text(term), Some(Cell::Text(text))) => {
            !term.trim().contains(char::is_whitespace)
                && text.chars().count() <= MAX_CELL_CHARS
                && !text.trim_end_matches('.').contains(". ")
        }
        _ => false,
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < cells.len() {
        let mut j = i;
        while j < cells.len() && row(j) {
            j += 2;
        }
        if (j - i) / 2 >= MIN_TABLE_ROWS {
            out.extend(
                (i..j)
                    .step_by(2)
                    .filter(|&k| matches!(cells[k], Cell::Term(_))),
            );
        }
        i = j.max(i + 1);
    }
    out
}

/// Shortest run of headings taken for a table of contents.
const MIN_TOC_ENTRIES: usize = 3;

/// Indexes of headings that form a table of contents: a run of at least
/// three headings with no text between them (after the contents' own
/// heading, if any) whose titles all come back, in the same order, as
/// headings after the run.
pub fn table_of_contents(entries: &[Entry<'_>]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < entries.len() {
        let run: Vec<usize> = (i..entries.len())
            .take_while(|&j| !matches!(entries[j], Entry::Text))
            .filter(|&j| matches!(entries[j], Entry::Heading(_)))
            .collect();
        let end = (i..entries.len())
            .find(|&j| matches!(entries[j], Entry::Text))
            .unwrap_or(entries.len());
        // The run may open with the contents' own heading.
        for from in [0, 1] {
            let entries_run = run.get(from..).unwrap_or(&[]);
            if entries_run.len() >= MIN_TOC_ENTRIES && repeated_later(entries, entries_run, end) {
                out.extend_from_slice(entries_run);
                break;
            }
        }
        i = end + 1;
    }
    out
}

fn repeated_later(entries: &[Entry<'_>], run: &[usize], end: usize) -> bool {
    let mut later = entries[end..].iter().filter_map(|e| match e {
        Entry::Heading(t) => Some(key(t)),
        _ => None,
    });
    run.iter().all(|&j| match entries[j] {
        Entry::Heading(t) => {
            let wanted = key(t);
            later.any(|k| k == wanted)
        }
        _ => true,
    })
}

/// A title compared without case, punctuation or spacing.
fn key(title: &str) -> String {
    title
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stripped(titles: &[&str]) -> Vec<String> {
        let mut owned: Vec<String> = titles.iter().map(|t| t.to_string()).collect();
        let mut refs: Vec<&mut String> = owned.iter_mut().collect();
        let removed = strip_widget_labels(&mut refs);
        for (label, title) in removed.iter().zip(titles) {
            assert!(label.as_ref().is_none_or(|l| title.starts_with(l.as_str())));
        }
        owned
    }

    #[test]
    fn repeated_accordion_labels_are_dropped() {
        assert_eq!(
            stripped(&[
                "SCOPE",
                "Accordion Toggle WHO WE ARE",
                "Accordion Toggle TYPES OF INFORMATION",
                "Accordion Toggle Definitions",
            ]),
            ["SCOPE", "WHO WE ARE", "TYPES OF INFORMATION", "Definitions"]
        );
        assert_eq!(
            stripped(&["+ Cookies", "+ Sharing", "+ Your rights"]),
            ["Cookies", "Sharing", "Your rights"]
        );
        assert_eq!(
            stripped(&["Show more Cookies", "Show more Sharing", "Show more Rights"]),
            ["Cookies", "Sharing", "Rights"]
        );
    }

    #[test]
    fn labels_that_do_not_repeat_or_are_title_words_stay() {
        assert_eq!(
            stripped(&["Expand Cookies", "Sharing", "Rights"]),
            ["Expand Cookies", "Sharing", "Rights"]
        );
        assert_eq!(
            stripped(&["More Information", "More about ads", "More on cookies"]),
            ["More Information", "More about ads", "More on cookies"]
        );
        assert_eq!(stripped(&["Toggle", "Toggle", "Toggle"]), ["Toggle"; 3]);
    }

    #[test]
    fn a_run_of_headings_repeated_later_is_a_table_of_contents() {
        use Entry::{Heading as H, Skip, Text};
        let entries = [
            H("Contents"),
            H("Who we are"),
            Skip,
            H("What we collect"),
            H("Your rights"),
            Text,
            H("Who we are"),
            Text,
            H("What we collect"),
            H("Cookies"),
            Text,
            H("Your Rights"),
            Text,
        ];
        assert_eq!(table_of_contents(&entries), [1, 3, 4]);
        assert_eq!(table_of_contents(&entries[1..]), [0, 2, 3]);
        let nested = [H("Data"), H("Account data"), Text, H("Rights"), Text];
        assert_eq!(table_of_contents(&nested), Vec::<usize>::new());
    }

    #[test]
    fn one_word_lines_each_before_a_short_sentence_are_a_table() {
        use Cell::{Other, Term, Text};
        let cells = [
            Term("List of cookies"),
            Text("The table below lists the cookies we collect."),
            Text("CART"),
            Text("The association with your shopping cart."),
            Term("CATEGORY_INFO"),
            Text("Stores the category info on the page."),
            Term("COMPARE"),
            Text("The items that you have in the Compare Products list."),
            Term("CURRENCY"),
            Text("Your preferred currency"),
            Other,
        ];
        assert_eq!(table_terms(&cells), [4, 6, 8]);
        let sections = [
            Term("Security"),
            Text("We protect your data. We encrypt it in transit and at rest."),
            Term("Cookies"),
            Text("We use cookies."),
            Term("Children"),
            Text("We do not collect data from children."),
        ];
        assert_eq!(table_terms(&sections), Vec::<usize>::new());
    }
}
