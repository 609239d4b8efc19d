//! Finding a page's main content in its DOM, the way reader modes do:
//! drop what is never policy text (scripts, styles, forms' controls,
//! navigation, site headers and footers, cookie banners), then keep the
//! smallest element that still holds nearly all of the remaining text that
//! is not link text.
//!
//! Invariant: callers have checked the tree's depth (see [`depth`]); every
//! walk here recurses at most that deep.

use markup5ever_rcdom::{Handle, Node, NodeData};
use std::collections::HashMap;

/// Text amounts of every element, by node address.
pub(super) type Amounts = HashMap<*const Node, Amount>;

/// Elements that never hold policy text.
const DROPPED_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed",
    "button", "input", "select", "textarea", "nav", "aside", "dialog", "img", "picture", "video",
    "audio", "map", "head",
];

/// ARIA roles of page chrome.
const CHROME_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "dialog",
    "alertdialog",
    "search",
    "menu",
    "menubar",
    "complementary",
    "toolbar",
];

/// Words in an `id` or `class` that mark chrome (checked as substrings).
const CHROME_MARKS: &[&str] = &[
    "cookie-banner",
    "cookiebanner",
    "cookie-consent",
    "cookieconsent",
    "cookie-notice",
    "cookie-bar",
    "cookie-law",
    "onetrust",
    "cookiebot",
    "cc-window",
    "consent-banner",
    "gdpr-banner",
    "breadcrumb",
    "skip-link",
    "skiplink",
    "skip-to",
    "social-share",
    "share-buttons",
    "newsletter",
    "site-header",
    "site-footer",
    "global-header",
    "global-footer",
    "global-nav",
    "masthead",
    "navbar",
    "nav-bar",
    "sidebar",
    "side-bar",
    "mega-menu",
    "megamenu",
];

/// Chrome marked by class or id is dropped only when it holds less text
/// than this (a real section may carry such a class by accident).
const CHROME_MAX_TEXT: usize = 1500;

/// Share of the content text the chosen element must hold.
const CONTENT_SHARE: f64 = 0.9;

/// Text amounts of one element: all characters that are not white space,
/// those inside links, and a hash of the former (so that a block repeated
/// verbatim can be told).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Amount {
    pub(super) text: usize,
    links: usize,
    pub(super) hash: u64,
}

/// Base of the polynomial text hash (odd, so that powers never vanish).
const HASH_BASE: u64 = 0x100_0000_01b3;

impl Amount {
    fn content(self) -> usize {
        self.text.saturating_sub(self.links)
    }

    /// Appends `other`'s text to this one's.
    fn extend(&mut self, other: Amount) {
        let shift = HASH_BASE.wrapping_pow(u32::try_from(other.text).unwrap_or(u32::MAX));
        self.hash = self.hash.wrapping_mul(shift).wrapping_add(other.hash);
        self.text += other.text;
        self.links += other.links;
    }
}

/// The depth of the deepest node under `root`, computed without recursion.
pub(crate) fn depth(root: &Handle) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(root.clone(), 0usize)];
    while let Some((node, d)) = stack.pop() {
        deepest = deepest.max(d);
        for child in node.children.borrow().iter() {
            stack.push((child.clone(), d + 1));
        }
    }
    deepest
}

/// Removes page chrome under `root` and returns the element holding the
/// main content (or `root` itself).
pub(crate) fn main_content(root: &Handle) -> Handle {
    strip(root, false);
    let mut amounts = Amounts::new();
    measure(root, false, &mut amounts);
    super::pages::drop_repeats(root, &amounts);
    amounts.clear();
    measure(root, false, &mut amounts);
    let start =
        landmark(root, &amounts).unwrap_or_else(|| body(root).unwrap_or_else(|| root.clone()));
    let content = narrow(start, &amounts);
    super::pages::keep_the_privacy_documents(&content);
    content
}

/// The amounts of `node`, if measured.
pub(super) fn amount_of(node: &Handle, amounts: &Amounts) -> Option<Amount> {
    amounts.get(&std::rc::Rc::as_ptr(node)).copied()
}

fn content_of(node: &Handle, amounts: &Amounts) -> usize {
    amounts
        .get(&std::rc::Rc::as_ptr(node))
        .map_or(0, |a| a.content())
}

pub(super) fn tag(node: &Handle) -> Option<&str> {
    match &node.data {
        NodeData::Element { name, .. } => Some(&*name.local),
        _ => None,
    }
}

fn attr(node: &Handle, name: &str) -> Option<String> {
    match &node.data {
        NodeData::Element { attrs, .. } => attrs
            .borrow()
            .iter()
            .find(|a| &*a.name.local == name)
            .map(|a| a.value.to_string()),
        _ => None,
    }
}

/// Drops chrome children of `node`, recursively. Inside `<main>` or
/// `<article>`, `<header>` and `<footer>` belong to the content.
fn strip(node: &Handle, in_content: bool) {
    let in_content = in_content || matches!(tag(node), Some("main" | "article"));
    node.children
        .borrow_mut()
        .retain(|child| !is_chrome(child, in_content));
    for child in node.children.borrow().iter() {
        strip(child, in_content);
    }
}

fn is_chrome(node: &Handle, in_content: bool) -> bool {
    match &node.data {
        NodeData::Comment { .. } | NodeData::ProcessingInstruction { .. } => return true,
        NodeData::Element { .. } => {}
        _ => return false,
    }
    let Some(name) = tag(node) else {
        return false;
    };
    if DROPPED_TAGS.contains(&name) || (!in_content && matches!(name, "header" | "footer")) {
        return true;
    }
    if attr(node, "role").is_some_and(|r| CHROME_ROLES.contains(&r.trim().to_lowercase().as_str()))
    {
        return true;
    }
    let marks = format!(
        "{} {}",
        attr(node, "id").unwrap_or_default(),
        attr(node, "class").unwrap_or_default()
    )
    .to_lowercase();
    CHROME_MARKS.iter().any(|m| marks.contains(m)) && amount(node).content() < CHROME_MAX_TEXT
}

/// The `<main>` (or `role="main"`) element holding most of the text, if
/// it holds at least half of the body's.
fn landmark(root: &Handle, amounts: &Amounts) -> Option<Handle> {
    let mut found = Vec::new();
    let is_main = |n: &Handle| {
        tag(n) == Some("main") || attr(n, "role").is_some_and(|r| r.eq_ignore_ascii_case("main"))
    };
    collect(root, &mut { is_main }, &mut found);
    let total = content_of(root, amounts);
    found
        .into_iter()
        .map(|n| (content_of(&n, amounts), n))
        .filter(|(c, _)| *c * 2 >= total && *c > 0)
        .max_by_key(|(c, _)| *c)
        .map(|(_, n)| n)
}

fn body(root: &Handle) -> Option<Handle> {
    let mut found = Vec::new();
    collect(root, &mut |n: &Handle| tag(n) == Some("body"), &mut found);
    found.into_iter().next()
}

fn collect(node: &Handle, matches: &mut dyn FnMut(&Handle) -> bool, out: &mut Vec<Handle>) {
    if matches(node) {
        out.push(node.clone());
    }
    for child in node.children.borrow().iter() {
        collect(child, matches, out);
    }
}

/// Elements [`narrow`] may descend into: containers, never a text block
/// (which would leave its headings behind).
pub(super) const CONTAINERS: &[&str] = &["div", "section", "article", "main", "form"];

/// Descends from `start` while one container child holds at least
/// [`CONTENT_SHARE`] of `start`'s content text.
fn narrow(start: Handle, amounts: &Amounts) -> Handle {
    let total = content_of(&start, amounts);
    let need = (total as f64 * CONTENT_SHARE).ceil() as usize;
    let mut current = start;
    loop {
        let next = current
            .children
            .borrow()
            .iter()
            .filter(|c| tag(c).is_some_and(|t| CONTAINERS.contains(&t)))
            .find(|c| content_of(c, amounts) >= need.max(1))
            .cloned();
        match next {
            Some(child) => current = child,
            None => return current,
        }
    }
}

/// Records the amounts of `node` and everything under it.
fn measure(node: &Handle, in_link: bool, amounts: &mut Amounts) -> Amount {
    let mut out = Amount::default();
    match &node.data {
        NodeData::Text { contents } => {
            for c in contents.borrow().chars().filter(|c| !c.is_whitespace()) {
                out.text += 1;
                out.hash = out.hash.wrapping_mul(HASH_BASE).wrapping_add(u64::from(c));
            }
            if in_link {
                out.links = out.text;
            }
        }
        _ => {
            let in_link = in_link || tag(node) == Some("a");
            for child in node.children.borrow().iter() {
                out.extend(measure(child, in_link, amounts));
            }
            amounts.insert(std::rc::Rc::as_ptr(node), out);
        }
    }
    out
}

fn amount(node: &Handle) -> Amount {
    let mut out = Amount::default();
    add_amount(node, false, &mut out);
    out
}

fn add_amount(node: &Handle, in_link: bool, out: &mut Amount) {
    match &node.data {
        NodeData::Text { contents } => {
            let n = contents
                .borrow()
                .chars()
                .filter(|c| !c.is_whitespace())
                .count();
            out.text += n;
            if in_link {
                out.links += n;
            }
        }
        NodeData::Element { .. } => {
            let in_link = in_link || tag(node) == Some("a");
            for child in node.children.borrow().iter() {
                add_amount(child, in_link, out);
            }
        }
        _ => {
            for child in node.children.borrow().iter() {
                add_amount(child, in_link, out);
            }
        }
    }
}
