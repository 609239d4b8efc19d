//! Citation ids of sections, in the policy's own numbering.
//!
//! A section whose title carries a number (`10.`, `4.2`, `Section 3`,
//! `Article V`, `III.`, `(a)`) is cited by that number: `10`, `4.2`, `3`,
//! `V`, `III`, `a`. A dotted number with several parts (`4.2`) stands on its
//! own; a one-part number below another section is prefixed with its
//! parent's id (`(a)` under `4.2` is `4.2.a`). An unnumbered section is
//! `s` and its rank among the unnumbered sections of its parent, after the
//! parent's id (`s1`, `2.s3`): no number or letter ever reads `s1`, so the
//! two kinds never collide. When an id is taken already (a policy that
//! prints `14.` twice), the later section gets `~2`, `~3`, ... after it.
//!
//! Invariant: ids are unique within a policy and depend only on its
//! section titles and tree.

use super::headings::{numbering_of, Numbering};
use super::model::Section;
use std::collections::HashSet;

/// Gives every section its citation id (stored in [`Section::path`]).
pub fn assign(sections: &mut [Section]) {
    let mut taken: HashSet<String> = HashSet::with_capacity(sections.len());
    let mut unnumbered_children = vec![0usize; sections.len()];
    let mut unnumbered_top = 0;
    for i in 0..sections.len() {
        let parent = sections[i].parent;
        let number = citation_number(&sections[i].title);
        let base = match &number {
            Some(n) if n.contains('.') => n.clone(),
            Some(n) => match parent {
                Some(p) => format!("{}.{n}", sections[p].path),
                None => n.clone(),
            },
            None => {
                let rank = match parent {
                    Some(p) => &mut unnumbered_children[p],
                    None => &mut unnumbered_top,
                };
                *rank += 1;
                match parent {
                    Some(p) => format!("{}.s{rank}", sections[p].path),
                    None => format!("s{rank}"),
                }
            }
        };
        let id = unique(base, &taken);
        taken.insert(id.clone());
        sections[i].path = id;
    }
}

/// `base`, or `base~2`, `base~3`, ... when it is taken.
fn unique(base: String, taken: &HashSet<String>) -> String {
    if !taken.contains(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}~{n}"))
        .find(|id| !taken.contains(id))
        .unwrap_or(base)
}

/// The number a title is cited by, as printed without its punctuation.
pub fn citation_number(title: &str) -> Option<String> {
    let (numbering, dotted) = numbering_of(title);
    let first = title.split_whitespace().next()?;
    let bare = |word: &str| {
        word.trim_start_matches('(')
            .trim_end_matches(['.', ')', ':', '-'])
            .to_string()
    };
    match numbering {
        Numbering::None => None,
        Numbering::Dotted(_) => dotted,
        Numbering::Named => title.split_whitespace().nth(1).map(bare),
        Numbering::LowerLetter | Numbering::UpperLetter | Numbering::Roman => Some(bare(first)),
    }
    .filter(|n| !n.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(title: &str, parent: Option<usize>) -> Section {
        Section {
            title: title.to_string(),
            depth: 1,
            parent,
            path: String::new(),
            span: 0..0,
        }
    }

    fn ids(sections: &[(&str, Option<usize>)]) -> Vec<String> {
        let mut s: Vec<Section> = sections.iter().map(|(t, p)| section(t, *p)).collect();
        assign(&mut s);
        s.into_iter().map(|s| s.path).collect()
    }

    #[test]
    fn numbers_as_printed() {
        for (title, number) in [
            ("10. Your Australian privacy rights", "10"),
            ("4.2 ‘Contact Us’ Information.", "4.2"),
            ("Section 3 - Scope", "3"),
            ("ARTICLE V: Rights", "V"),
            ("III. Sharing", "III"),
            ("(a) Cookies", "a"),
        ] {
            assert_eq!(citation_number(title).as_deref(), Some(number), "{title}");
        }
        assert_eq!(citation_number("Your rights"), None);
    }

    #[test]
    fn a_preamble_section_does_not_shift_the_numbers() {
        let got = ids(&[
            ("About this policy", None),
            ("1. Who we are", None),
            ("Details", Some(1)),
            ("(a) Cookies", Some(2)),
            ("Contact", None),
            ("A. Email", Some(4)),
            ("10. Australia", None),
        ]);
        assert_eq!(got, ["s1", "1", "1.s1", "1.s1.a", "s2", "s2.A", "10"]);
    }

    #[test]
    fn dotted_numbers_stand_alone_and_repeats_are_told_apart() {
        let got = ids(&[
            ("4. Collection", None),
            ("4.2 Contact", Some(0)),
            ("14. California", None),
            ("14. Do Not Track", None),
            ("14. Again", None),
        ]);
        assert_eq!(got, ["4", "4.2", "14", "14~2", "14~3"]);
    }
}
