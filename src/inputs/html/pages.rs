//! Pages that hold more than their policy: blocks rendered several times
//! over (a tab set repeated under every section, a mobile and a desktop
//! copy), and other legal documents on the same page (terms of use in
//! sections beside the privacy policy's).
//!
//! Invariant: only a repeat of text kept elsewhere, or a section titled as
//! another document beside one titled as the privacy policy, is dropped.

use super::content::{amount_of, tag, Amounts, CONTAINERS};
use markup5ever_rcdom::{Handle, NodeData};
use std::collections::HashSet;

/// Blocks shorter than this (in characters other than white space) may
/// repeat: a sentence can rightly appear twice, a whole block should not.
const MIN_REPEATED_TEXT: usize = 500;

/// Drops every container whose text (white space aside) repeats the text
/// of an earlier one, in document order.
pub(super) fn drop_repeats(root: &Handle, amounts: &Amounts) {
    let mut seen = HashSet::new();
    drop_repeats_under(root, amounts, &mut seen);
}

/// A block's text is recorded once its own blocks are done, so that a
/// wrapper and the one block it wraps are not taken for a repeat.
fn drop_repeats_under(node: &Handle, amounts: &Amounts, seen: &mut HashSet<(u64, usize)>) {
    let children: Vec<Handle> = node.children.borrow().clone();
    let mut dropped = HashSet::new();
    for child in &children {
        let block = tag(child).is_some_and(|t| CONTAINERS.contains(&t));
        let key = amount_of(child, amounts)
            .filter(|a| block && a.text >= MIN_REPEATED_TEXT)
            .map(|a| (a.hash, a.text));
        if key.is_some_and(|k| seen.contains(&k)) {
            dropped.insert(std::rc::Rc::as_ptr(child));
            continue;
        }
        drop_repeats_under(child, amounts, seen);
        seen.extend(key);
    }
    if !dropped.is_empty() {
        node.children
            .borrow_mut()
            .retain(|c| !dropped.contains(&std::rc::Rc::as_ptr(c)));
    }
}

/// When `content`'s sections are several documents, one of them titled as
/// the privacy policy, drops those titled as terms of use or of service.
pub(super) fn keep_the_privacy_documents(content: &Handle) {
    let titles: Vec<Option<String>> = content
        .children
        .borrow()
        .iter()
        .map(|child| leading_heading(child).map(|h| h.to_lowercase()))
        .collect();
    let privacy = titles.iter().flatten().any(|t| names_privacy_policy(t));
    let terms = titles.iter().flatten().any(|t| names_terms(t));
    if !(privacy && terms) {
        return;
    }
    let mut titles = titles.into_iter();
    content
        .children
        .borrow_mut()
        .retain(|_| !titles.next().flatten().is_some_and(|t| names_terms(&t)));
}

/// The text of the first `h1`–`h3` of a section, if it has one before any
/// other text.
fn leading_heading(node: &Handle) -> Option<String> {
    if !tag(node).is_some_and(|t| CONTAINERS.contains(&t)) {
        return None;
    }
    let mut stack = vec![node.clone()];
    while let Some(current) = stack.pop() {
        if matches!(tag(&current), Some("h1" | "h2" | "h3")) {
            let text = text_of(&current);
            return (!text.is_empty()).then_some(text);
        }
        if let NodeData::Text { contents } = &current.data {
            if !contents.borrow().trim().is_empty() {
                return None;
            }
        }
        for child in current.children.borrow().iter().rev() {
            stack.push(child.clone());
        }
    }
    None
}

fn text_of(node: &Handle) -> String {
    let mut out = String::new();
    let mut stack = vec![node.clone()];
    while let Some(current) = stack.pop() {
        if let NodeData::Text { contents } = &current.data {
            out.push_str(&contents.borrow());
            out.push(' ');
        }
        for child in current.children.borrow().iter().rev() {
            stack.push(child.clone());
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `Privacy Policy`, `Privacy Notice`, `Privacy Statement`, `Privacy`.
fn names_privacy_policy(title: &str) -> bool {
    title == "privacy"
        || ["privacy policy", "privacy notice", "privacy statement"]
            .iter()
            .any(|n| title.contains(n))
}

/// A document's name such as `Terms of Use`, `Current Terms of Service`,
/// `Partner Program Terms of Use`; not a policy's section about its terms
/// (`Changes to these Terms`).
fn names_terms(title: &str) -> bool {
    let words: Vec<&str> = title.split_whitespace().collect();
    let referring = ["these", "this", "our", "to", "changes", "change", "updates"];
    if words.len() > 6 || words.iter().any(|w| referring.contains(w)) {
        return false;
    }
    [
        "terms of use",
        "terms of service",
        "terms and conditions",
        "terms & conditions",
        "conditions of use",
        "user agreement",
    ]
    .iter()
    .any(|n| title.ends_with(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_names_are_told_from_sections_about_terms() {
        assert!(names_terms("current terms of use"));
        assert!(names_terms("partner program terms of use"));
        assert!(!names_terms("changes to these terms of use"));
        assert!(!names_terms("our terms of service"));
        assert!(names_privacy_policy("privacy policy"));
        assert!(names_privacy_policy(
            "buffer california resident privacy notice"
        ));
        assert!(!names_privacy_policy("privacy rights"));
    }
}
