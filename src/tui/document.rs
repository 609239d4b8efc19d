//! Lays a policy out as the lines of the clause view: title, section
//! headings and wrapped clauses with their short ids in the margin, each
//! clause followed by a line of its category badges when categories are known.

use crate::categories::CategorySet;
use crate::corpus::Policy;
use std::ops::Range;
use unicode_width::UnicodeWidthChar;

/// Width of the margin holding clause ids.
pub const MARGIN: usize = 9;

/// What a line of the view shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineKind {
    /// The policy's title.
    Title,
    /// A section heading (section index).
    Heading(usize),
    /// Part of a clause: clause index, byte range of its text on this line,
    /// and which line of the clause it is (0 for the first).
    Clause {
        /// Index of the clause in the policy.
        clause: usize,
        /// Byte range of the clause's text shown on this line.
        range: Range<usize>,
        /// Which line of the clause this is, 0 for the first.
        part: usize,
    },
    /// The category badges of a clause (clause index).
    Badges(usize),
    /// An empty spacer line.
    Blank,
}

/// A laid-out policy.
#[derive(Debug, Default)]
pub struct Document {
    /// Every line of the view, top to bottom.
    pub lines: Vec<LineKind>,
    /// First line of each section.
    pub section_line: Vec<usize>,
    /// First line of each clause.
    pub clause_line: Vec<usize>,
}

impl Document {
    /// Lays out `policy` for a view `width` columns wide (margin included),
    /// with a badge line under each clause that `tags` gives categories.
    pub fn layout(policy: &Policy, width: usize, tags: Option<&[CategorySet]>) -> Document {
        let text_width = width.saturating_sub(MARGIN + 1).max(10);
        let mut doc = Document {
            lines: vec![LineKind::Title, LineKind::Blank],
            section_line: vec![0; policy.sections.len()],
            clause_line: vec![0; policy.clauses.len()],
        };
        // Headings are emitted up to each clause's section, in document order.
        let mut next_heading = 0;
        for (c, clause) in policy.clauses.iter().enumerate() {
            if let Some(s) = clause.section {
                doc.headings(next_heading..s + 1);
                next_heading = next_heading.max(s + 1);
            }
            doc.clause_line[c] = doc.lines.len();
            for (i, range) in wrap(&clause.text, text_width).into_iter().enumerate() {
                doc.lines.push(LineKind::Clause {
                    clause: c,
                    range,
                    part: i,
                });
            }
            if tags
                .and_then(|t| t.get(c))
                .is_some_and(|set| !set.is_empty())
            {
                doc.lines.push(LineKind::Badges(c));
            }
        }
        doc.headings(next_heading..policy.sections.len());
        doc
    }

    /// Emits the heading lines of `sections` (sections without clauses
    /// still get theirs).
    fn headings(&mut self, sections: Range<usize>) {
        for s in sections {
            self.lines.push(LineKind::Blank);
            self.section_line[s] = self.lines.len();
            self.lines.push(LineKind::Heading(s));
        }
    }
}

/// Greedy word wrap of `text` into byte ranges no wider than `width` columns.
pub fn wrap(text: &str, width: usize) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    for (para_start, para) in split_keep_offsets(text) {
        let mut start = para_start;
        let mut line_width = 0;
        let mut last_space: Option<usize> = None;
        let mut i = para_start;
        for c in para.chars() {
            let w = c.width().unwrap_or(0);
            if line_width + w > width && i > start {
                let cut = last_space.filter(|&s| s > start).unwrap_or(i);
                lines.push(start..cut);
                last_space = None;
                if cut == i && c == ' ' {
                    // The break falls on this space: it starts no line.
                    start = i + 1;
                    line_width = 0;
                    i += 1;
                    continue;
                }
                start = if text[cut..].starts_with(' ') {
                    cut + 1
                } else {
                    cut
                };
                line_width = text[start..i].chars().map(|c| c.width().unwrap_or(0)).sum();
            }
            if c == ' ' {
                last_space = Some(i);
            }
            line_width += w;
            i += c.len_utf8();
        }
        lines.push(start..para_start + para.len());
    }
    if lines.is_empty() {
        lines.push(0..0);
    }
    lines
}

fn split_keep_offsets(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split('\n') {
        out.push((offset, line));
        offset += line.len() + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces_and_keeps_every_byte() {
        let text = "We collect the information you give us when you register.";
        let lines = wrap(text, 20);
        assert!(lines.iter().all(|r| text[r.clone()].chars().count() <= 20));
        let joined: Vec<&str> = lines.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(joined.join(" "), text);
    }

    proptest::proptest! {
        #[test]
        fn any_width_keeps_every_word(text in "[a-z]{0,6}( {1,2}[a-z]{0,6}){0,12}", width in 0usize..8) {
            let lines = wrap(&text, width);
            let kept: Vec<&str> = lines.iter().flat_map(|r| text[r.clone()].split_whitespace()).collect();
            let words: Vec<&str> = text.split_whitespace().collect();
            proptest::prop_assert_eq!(kept.concat(), words.concat());
        }
    }

    #[test]
    fn long_words_are_cut() {
        let lines = wrap("abcdefghijklmnop", 5);
        assert_eq!(lines, vec![0..5, 5..10, 10..15, 15..16]);
    }
}
