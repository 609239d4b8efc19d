//! Recognises page furniture: text on the captured page that is not policy
//! text (archive header, navigation, logos, cookie banners, buttons,
//! copyright footers).
//!
//! Judgements are deliberately conservative: a block is furniture only when
//! it cannot plausibly be a clause, because furniture is not searchable.

use super::blocks::{Block, BlockKind};
use super::model::FurnitureKind;

const ARCHIVE_HEADER: &str = "The following text is extracted and transformed from";

/// Button captions of consent dialogs and page widgets.
const BUTTONS: &[&str] = &[
    "accept",
    "accept all",
    "accept all cookies",
    "accept cookies",
    "allow",
    "allow all",
    "allow all cookies",
    "allow cookies",
    "reject",
    "reject all",
    "reject all cookies",
    "decline",
    "decline all",
    "deny",
    "ok",
    "okay",
    "got it",
    "i agree",
    "agree",
    "i accept",
    "dismiss",
    "close",
    "cookie settings",
    "cookies settings",
    "manage cookies",
    "manage preferences",
    "save preferences",
    "save settings",
    "customize",
    "customise",
    "back to top",
    "print",
    "skip to content",
    "skip to main content",
    "share",
    "menu",
    "search",
    "toggle navigation",
    "confirm my choices",
    "read more",
    "learn more",
    "show more",
    "see more",
    "view more",
    "more",
    "revoke consent",
    "grant consent",
    "necessary only",
    "only necessary",
    "strictly necessary cookies only",
];

/// Classifies `block` as furniture, if it is.
pub fn detect(block: &Block) -> Option<FurnitureKind> {
    let text = block.text.trim();
    if matches!(block.kind, BlockKind::Quote)
        && text
            .trim_start_matches(['*', '_'])
            .starts_with(ARCHIVE_HEADER)
    {
        return Some(FurnitureKind::ArchiveHeader);
    }
    if text.is_empty() {
        return (block.images > 0).then_some(FurnitureKind::Image);
    }
    if matches!(block.kind, BlockKind::Code | BlockKind::TableRow) {
        return None;
    }
    if is_button(text) {
        return Some(FurnitureKind::Button);
    }
    if is_link_menu(block)
        || is_skip_link(text)
        || is_navigation_notice(text)
        || is_glued_menu(text)
        || is_you_are_here(text)
        || is_home_breadcrumb(text)
    {
        return Some(FurnitureKind::Navigation);
    }
    if is_cookie_banner(text) {
        return Some(FurnitureKind::CookieBanner);
    }
    if is_cart_status(text) || is_share_widget(text) || is_follow_widget(text) {
        return Some(FurnitureKind::Button);
    }
    if is_copyright(text) || is_rights_notice(text) || is_site_credit(text) {
        return Some(FurnitureKind::Copyright);
    }
    if is_script_data(text) || is_lone_symbol(text) {
        return Some(FurnitureKind::Navigation);
    }
    if is_counter(text) {
        return Some(FurnitureKind::Navigation);
    }
    None
}

/// A page's view or reply counter (`1,517 total views, 4 views today`,
/// `132 views 3 replies`): numbers, each counting views, replies,
/// comments or the like, and nothing else but `total` / `today`.
fn is_counter(text: &str) -> bool {
    if text.len() > MAX_COUNTER_BYTES || !text.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let mut numbers = 0;
    let mut counted = 0;
    for word in text.split_whitespace() {
        let word = word.trim_start_matches(['(', '|', '·']);
        let word = word.trim_end_matches([',', '|', ')', '·']);
        if word.is_empty() {
            continue;
        }
        let number = word.ends_with(|c: char| c.is_ascii_digit())
            && word
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b',' || b == b'.');
        if number {
            numbers += 1;
        } else if COUNTED.iter().any(|w| word.eq_ignore_ascii_case(w)) {
            counted += 1;
        } else if !COUNTER_WORDS.iter().any(|w| word.eq_ignore_ascii_case(w)) {
            return false;
        }
    }
    numbers > 0 && counted >= numbers
}

/// Longest counter line.
const MAX_COUNTER_BYTES: usize = 80;
/// What a page counts.
const COUNTED: &[&str] = &[
    "view",
    "views",
    "reply",
    "replies",
    "comment",
    "comments",
    "like",
    "likes",
    "share",
    "shares",
    "hit",
    "hits",
    "visit",
    "visits",
    "read",
    "reads",
    "download",
    "downloads",
    "vote",
    "votes",
];
/// Other words of a counter line.
const COUNTER_WORDS: &[&str] = &["total", "today", "so", "far"];

/// Captions of a table of contents: never a section, whatever follows.
const CONTENTS_CAPTIONS: &[&str] = &[
    "table of contents",
    "in this policy",
    "in this privacy policy",
    "in this notice",
    "in this privacy notice",
    "in this statement",
    "in this privacy statement",
    "on this page",
    "contents of this page",
    "contents of this section",
    "jump to",
    "jump to section",
    "skip to section",
];
/// Captions of a menu that name the policy's parts or its other
/// versions only when a menu of links follows (`Contents`, `Quick
/// links`, `Available in other languages:`).
const MENU_CAPTIONS: &[&str] = &[
    "contents",
    "quick links",
    "page contents",
    "sections",
    "in this section",
];
/// Longest language switcher caption, in words.
const LANGUAGE_CAPTION_WORDS: usize = 6;

/// Which caption of a page menu `text` is, if any: a table of contents
/// label (`Table of Contents`, `In this policy:`) needs nothing after it,
/// a menu label (`Contents`, `Quick Links`) or a language switcher
/// (`Available in other languages:`, `Select your language`) needs a menu
/// of links after it.
pub fn menu_caption(text: &str) -> Option<Caption> {
    if text.len() > MAX_CAPTION_BYTES {
        return None;
    }
    let caption = text
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_' | '#' | ':' | '-'))
        .to_lowercase();
    if CONTENTS_CAPTIONS.contains(&caption.as_str()) {
        return Some(Caption::Contents);
    }
    let language = caption
        .split(|c: char| !c.is_alphabetic())
        .any(|w| w == "language" || w == "languages")
        && !super::headings::more_words_than(&caption, LANGUAGE_CAPTION_WORDS)
        && !caption.contains(['.', ',', '?']);
    (MENU_CAPTIONS.contains(&caption.as_str()) || language).then_some(Caption::Menu)
}

/// What kind of menu a caption labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caption {
    /// A table of contents, by its very name.
    Contents,
    /// A menu, when links follow.
    Menu,
}

/// Longest menu caption.
const MAX_CAPTION_BYTES: usize = 60;

/// An entry of a table of contents right after its caption: a block of
/// one or more links and little else, or a list item opening with a link
/// to a place on the page (an entry with its summary below it).
pub fn is_contents_entry(block: &Block) -> bool {
    if block.links == 0 || matches!(block.kind, BlockKind::Heading(_) | BlockKind::TableRow) {
        return false;
    }
    let item = matches!(block.kind, BlockKind::ListItem { .. });
    is_link_only(block) || item && block.anchor_links > 0
}

/// A block whose text is all link text (one link, or several with only
/// separators between them).
pub fn is_link_only(block: &Block) -> bool {
    block.links > 0 && outside_links(block) <= block.links * 3
}

/// Bytes of a block's text outside its links, a run of spaces counted once.
fn outside_links(block: &Block) -> usize {
    let text = block.text.trim();
    let mut extra_space = 0;
    let mut previous_space = false;
    for c in text.chars() {
        let space = c.is_whitespace();
        if space && previous_space {
            extra_space += c.len_utf8();
        }
        previous_space = space;
    }
    text.len()
        .saturating_sub(extra_space)
        .saturating_sub(block.link_bytes)
}

/// Captions of page widgets that never close a cookie dialog: a sentence
/// about signing up or logging in just above one stays text.
const WIDGET_BUTTONS: &[&str] = &[
    "return to top",
    "back to the top",
    "scroll to top",
    "go to top",
    "to top",
    "top of page",
    "top",
    "loading",
    "search for",
    "log in",
    "login",
    "sign in",
    "sign up",
    "register now",
    "lost your password",
    "forgot password",
    "forgot your password",
    "reset your password",
    "cancel",
    "submit",
    "view cart",
    "shopping cart",
    "checkout",
    "password recovery",
    "enable accessibility",
    "breadcrumb navigation",
    "all posts",
];

/// The caption of a button, lower-cased, without marks around it.
fn caption_of(text: &str) -> String {
    text.trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

/// A button that may close a cookie dialog (not a page widget's).
pub fn is_consent_button(text: &str) -> bool {
    is_button(text) && !WIDGET_BUTTONS.contains(&caption_of(text).as_str())
}

fn is_button(text: &str) -> bool {
    if text.len() > 40 {
        return false;
    }
    let caption = caption_of(text);
    let consent_verb = ["accept ", "reject ", "decline ", "allow ", "deny "]
        .iter()
        .any(|v| caption.starts_with(v))
        && caption.split_whitespace().count() <= 4
        && !caption.contains(['.', ','])
        && caption.chars().next().is_some();
    BUTTONS.contains(&caption.as_str())
        || WIDGET_BUTTONS.contains(&caption.as_str())
        || consent_verb && starts_upper(text)
}

fn starts_upper(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_uppercase)
}

/// Indexes of the blocks just before a consent button that form a cookie
/// dialog with it: short blocks about cookies, with at most one other short
/// line (such as "See our privacy policy") right before the buttons.
pub fn consent_dialog(blocks: &[Block], button: usize) -> Vec<usize> {
    let mut i = button;
    while i > 0 && detect(&blocks[i - 1]) == Some(FurnitureKind::Button) {
        i -= 1;
    }
    let mut run = Vec::new();
    let mut other_allowed = true;
    let mut about_cookies = false;
    while i > 0 && run.len() < 5 {
        let block = &blocks[i - 1];
        if block.text.len() > 500 || matches!(block.kind, BlockKind::TableRow) {
            break;
        }
        if block.text.to_lowercase().contains("cookie") {
            about_cookies = true;
            other_allowed = false;
        } else if other_allowed && block.text.len() < 120 {
            other_allowed = false;
        } else {
            break;
        }
        run.push(i - 1);
        i -= 1;
    }
    if about_cookies {
        run
    } else {
        Vec::new()
    }
}

/// Several links separated only by punctuation, one short link alone in a
/// list item or heading, a list item that only links to a place on the
/// page (a table of contents), or links that only drive a page widget
/// (`[Collapse All](#)`): a menu. A heading whose text is one link to an
/// anchor is a heading linking to itself, not a menu.
fn is_link_menu(block: &Block) -> bool {
    let text = block.text.trim();
    if block.links == 0 {
        return false;
    }
    if outside_links(block) > block.links * 3 {
        return false;
    }
    let words = text.split_whitespace().count();
    let all_anchors = block.anchor_links == block.links;
    if block.widget_links == block.links && words <= 4 {
        return true;
    }
    match block.kind {
        BlockKind::Heading(_) if block.links == 1 && all_anchors => false,
        BlockKind::ListItem { .. } if all_anchors => true,
        BlockKind::ListItem { .. } | BlockKind::Heading(_) => words <= 6,
        _ => block.links >= 2 && words <= block.links * 5,
    }
}

/// `Skip to main content`, `Skip Navigation ...`, `Jump to navigation`:
/// accessibility links, often glued to the menu after them.
pub(super) fn is_skip_link(text: &str) -> bool {
    // Only `s`, `S`, `j` and `J` lower-case to `s` and `j`: other lines are
    // ruled out before any lower-casing.
    if text.len() > 160 || !matches!(text.as_bytes().first(), Some(b's' | b'S' | b'j' | b'J')) {
        return false;
    }
    let lower = text.get(..text.len().min(20)).unwrap_or("").to_lowercase();
    lower.starts_with("skip to ")
        || lower.starts_with("skip navigation")
        || lower.starts_with("jump to ")
}

/// A shop widget's state (`Your cart is currently empty.`, `There are 0
/// items in your cart.`, `You have not viewed any products recently.`):
/// one short sentence about the visitor's cart, basket or recently viewed
/// products.
fn is_cart_status(text: &str) -> bool {
    if text.len() > MAX_CART_STATUS_BYTES || text.contains(". ") {
        return false;
    }
    let lower = text.to_lowercase();
    let cart = [
        "your cart",
        "your basket",
        "in the basket",
        "in the cart",
        "your shopping cart",
    ]
    .iter()
    .any(|c| lower.contains(c));
    let state = ["empty", "0 items", "no items", "no products"]
        .iter()
        .any(|s| lower.contains(s));
    cart && state || lower.contains("viewed any products")
}

/// A sharing widget (`Share this:FacebookTwitterWhatsApp…`).
fn is_share_widget(text: &str) -> bool {
    text.len() <= MAX_WIDGET_LINE_BYTES
        && text
            .get(..11)
            .is_some_and(|s| s.eq_ignore_ascii_case("share this:"))
}

/// A follow-by-email widget's prompt (`Enter your email address to follow
/// us and receive notifications of news by email.`).
fn is_follow_widget(text: &str) -> bool {
    text.len() <= MAX_WIDGET_LINE_BYTES
        && text
            .get(..27)
            .is_some_and(|s| s.eq_ignore_ascii_case("enter your email address to"))
}

/// Longest line of a sharing or follow widget.
const MAX_WIDGET_LINE_BYTES: usize = 200;

/// Longest cart status line.
const MAX_CART_STATUS_BYTES: usize = 70;

/// `All rights reserved.` on a line of its own.
fn is_rights_notice(text: &str) -> bool {
    text.len() <= 30
        && text
            .trim_matches(|c: char| !c.is_alphanumeric())
            .eq_ignore_ascii_case("all rights reserved")
}

/// A footer's credit to whoever built or hosts the site (`Elegant Themes |
/// Powered by Wordpress`, `MachineryHost website by Machinio`): a short
/// line, no sentence.
fn is_site_credit(text: &str) -> bool {
    if text.len() > MAX_CREDIT_BYTES || text.ends_with(['.', ':']) || text.contains(". ") {
        return false;
    }
    let lower = text.to_lowercase();
    [
        "powered by ",
        "website by ",
        "site by ",
        "designed by ",
        "theme by ",
    ]
    .iter()
    .filter_map(|credit| lower.find(credit).map(|at| &lower[at + credit.len()..]))
    .any(|credited| !super::headings::more_words_than(credited, CREDITED_WORDS))
}

/// Longest site credit, and most words naming whom it credits (more is a
/// sentence or a title that happens to start the same way).
const MAX_CREDIT_BYTES: usize = 80;
const CREDITED_WORDS: usize = 3;

/// Data a page's script left as text (`{"cart_token":"","hash":""}`).
fn is_script_data(text: &str) -> bool {
    text.starts_with('{') && text.ends_with('}') && text.contains("\":")
}

/// A single mark standing alone: a dialog's close button (`×`), an icon.
/// A lone ASCII mark (`[`, `_`) is left to the markup that made it.
fn is_lone_symbol(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| !c.is_alphanumeric() && !c.is_ascii())
        && chars.next().is_none()
}

/// A screen reader's notice of the menu below it (`Primary navigation
/// follows, skip to content?`, `Footer navigation follows, return to
/// top?`).
fn is_navigation_notice(text: &str) -> bool {
    text.len() <= MAX_NAVIGATION_NOTICE_BYTES
        && text.to_ascii_lowercase().contains("navigation follows")
}

/// Longest notice of a menu below.
const MAX_NAVIGATION_NOTICE_BYTES: usize = 80;

/// A cookie notice without its buttons, as a page's first or last line
/// leaves it (`This website uses cookies to ensure you get the best
/// experience on our website.`): one or two sentences whose subject, the
/// site or `we`, uses cookies for the visitor's experience or the site's
/// traffic. Only a line at the page's edge is taken: the same words in
/// the policy's own text are policy.
pub fn is_cookie_notice(text: &str) -> bool {
    let text = text.trim();
    if text.len() > MAX_COOKIE_NOTICE_BYTES || text.matches(". ").count() > 1 {
        return false;
    }
    let lower = text.to_lowercase();
    let opener = [
        "we use cookies",
        "this website uses cookies",
        "this site uses cookies",
        "our website uses cookies",
        "our site uses cookies",
    ]
    .iter()
    .any(|o| lower.starts_with(o));
    let purpose = ["experience", "traffic", "browsing"]
        .iter()
        .any(|p| lower.contains(p));
    opener && purpose
}

/// Longest cookie notice without buttons.
const MAX_COOKIE_NOTICE_BYTES: usize = 320;

/// A breadcrumb trail introduced as such (`You are here: Home > Privacy`,
/// `You are here:Home`).
fn is_you_are_here(text: &str) -> bool {
    text.len() <= MAX_BREADCRUMB_BYTES
        && text
            .get(..YOU_ARE_HERE.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(YOU_ARE_HERE))
}

const YOU_ARE_HERE: &str = "you are here";

/// A breadcrumb trail from the home page (`Home>Privacy Policy`, `Home »
/// Legal » Privacy`, `Home / Privacy`): `Home`, then a trail mark.
fn is_home_breadcrumb(text: &str) -> bool {
    let home = text
        .get(..4)
        .is_some_and(|h| h.eq_ignore_ascii_case("home"));
    home && text.len() <= MAX_BREADCRUMB_BYTES
        && (text[4..]
            .trim_start()
            .starts_with(['>', '»', '›', '/', '|'])
            || text[4..].starts_with(" : "))
        && !text.contains(". ")
}
/// Longest breadcrumb line.
const MAX_BREADCRUMB_BYTES: usize = 120;

/// Menu entries glued into one line by text extraction
/// (`HomeNewsCareersPrivacy Policy`): several words glued without a space
/// and no sentence in the line, nor one opening it. A long line (a
/// mega-menu of product names) must be glued at least once every four
/// words.
pub(super) fn is_glued_menu(text: &str) -> bool {
    if text.len() > MAX_GLUED_MENU_BYTES || text.contains(". ") || text.ends_with(['.', ':', ';']) {
        return false;
    }
    let glued = text
        .as_bytes()
        .windows(2)
        .filter(|w| (w[0].is_ascii_lowercase() || w[0] == b')') && w[1].is_ascii_uppercase())
        .count();
    let words = text.split_whitespace().count();
    if opens_with_sentence(text) {
        return false;
    }
    if text.len() <= SHORT_GLUED_MENU_BYTES {
        return glued >= 3 && glued * 8 >= words;
    }
    glued * 4 >= words
}

/// A line opening with a sentence glued to what follows (`The following
/// pages tell you about our privacy practices.Privacy PolicyCookie...`).
fn opens_with_sentence(text: &str) -> bool {
    let bytes = text.as_bytes();
    let first_glue = (1..bytes.len()).find(|&i| {
        bytes[i].is_ascii_uppercase() && (bytes[i - 1].is_ascii_lowercase() || bytes[i - 1] == b'.')
    });
    first_glue.is_some_and(|i| {
        let before = &text[..i];
        before.ends_with('.') && super::headings::more_words_than(before, 5)
    })
}

/// Longest line taken for a glued menu, and longest held to the laxer
/// share of glued words.
const MAX_GLUED_MENU_BYTES: usize = 4000;
const SHORT_GLUED_MENU_BYTES: usize = 300;

/// A line of a cookie settings panel: text about cookies, or a caption
/// of a few words (`Cancel`, `Save`, `Necessary`).
pub fn is_cookie_panel_line(block: &Block) -> bool {
    let text = block.text.trim();
    let caption = text.chars().count() <= PANEL_CAPTION_CHARS
        && text.split_whitespace().count() <= PANEL_CAPTION_WORDS
        && !text.ends_with(['.', ':', ';', ','])
        && !matches!(block.kind, BlockKind::TableRow | BlockKind::Code);
    caption || text.len() <= PANEL_TEXT_BYTES && text.to_lowercase().contains("cookie")
}

/// Longest caption of a cookie settings panel, in characters and words,
/// and longest text about cookies in one.
const PANEL_CAPTION_CHARS: usize = 40;
const PANEL_CAPTION_WORDS: usize = 5;
const PANEL_TEXT_BYTES: usize = 600;

fn is_cookie_banner(text: &str) -> bool {
    if text.len() > 600 || !(text.contains("ookie") || text.contains("OOKIE")) {
        return false;
    }
    let lower = text.to_lowercase();
    let about_cookies = lower.contains("cookie");
    let site_uses = [
        "uses cookies",
        "use cookies",
        "utilise cookies",
        "utilize cookies",
        "uses of cookies",
    ]
    .iter()
    .any(|p| lower.contains(p));
    let consent_call = [
        "by continuing",
        "continue to use",
        "continuing to browse",
        "click accept",
        "clicking accept",
        "you agree to our use",
        "you consent to our use",
        "you accept our use",
        "accept all",
        "accept cookies",
        "consent to the use of cookies",
        "cookie settings",
        "manage your preferences",
        "if you continue",
        "you are agreeing",
        "you're ok with",
        "you're okay with",
        "consent to all cookies",
        "by clicking",
    ]
    .iter()
    .any(|p| lower.contains(p));
    about_cookies && site_uses && consent_call
}

pub(super) fn is_copyright(text: &str) -> bool {
    if text.len() > 200
        || !(text.contains('©')
            || text.contains("opyright")
            || text.contains("OPYRIGHT")
            || text.starts_with(['(', '&']))
    {
        return false;
    }
    let lower = text.to_lowercase();
    let starts = lower.starts_with('©')
        || lower.starts_with("copyright")
        || lower.starts_with("(c) ")
        || lower.starts_with("&copy;");
    let dated = lower.contains(|c: char| c.is_ascii_digit()) || lower.contains("rights");
    // `(c)` also letters the third item of a list: it marks a copyright
    // only beside a year or a rights notice.
    let lettered = lower.starts_with("(c) ");
    let year = lower
        .split(|c: char| !c.is_ascii_digit())
        .any(|n| n.len() == 4 && (n.starts_with("19") || n.starts_with("20")));
    let noticed = year || lower.contains("reserved");
    let spelled = lower.starts_with("copyright");
    starts && if lettered { noticed } else { dated || !spelled }
        || lower.contains("all rights reserved")
            && (lower.contains('©') || lower.contains("copyright"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::blocks::markdown_blocks;

    fn kind_of(md: &str) -> Option<FurnitureKind> {
        detect(&markdown_blocks(md)[0])
    }

    #[test]
    fn widget_captions_credits_and_script_data_are_furniture() {
        for caption in [
            "Loading...",
            "Search for:",
            "Scroll to Top",
            "Lost your password?",
            "Log in",
        ] {
            assert_eq!(kind_of(caption), Some(FurnitureKind::Button), "{caption}");
        }
        for credit in [
            "Elegant Themes | Powered by Wordpress",
            "MachineryHost website by Machinio",
            "All rights reserved.",
        ] {
            assert_eq!(kind_of(credit), Some(FurnitureKind::Copyright), "{credit}");
        }
        assert_eq!(
            kind_of(r#"{"cart_token":"","hash":""}"#),
            Some(FurnitureKind::Navigation)
        );
        assert_eq!(kind_of("×"), Some(FurnitureKind::Navigation));
        assert_eq!(
            kind_of("Primary navigation follows, skip to content?"),
            Some(FurnitureKind::Navigation)
        );
        // Sentences and titles that merely mention the same words stay.
        for text in [
            "Our website is powered by software that sets no cookies.",
            "Powered by Acme Sites rights and responsibilities",
            "We are not responsible for sites designed by others:",
            "Log in to your account to change these settings.",
        ] {
            assert_eq!(kind_of(text), None, "{text}");
        }
    }

    #[test]
    fn shop_widget_states_and_jump_links_are_furniture() {
        for text in [
            "Your cart is currently empty.",
            "There are 0 items in your cart.",
            "You have not viewed any products recently.",
            "Jump to navigation",
            "View Cart",
            "Home : Terms of Service",
            "Share this:FacebookTwitterWhatsAppEmailLike this:Like Loading...",
            "Enter your email address to follow us and receive notifications of news by email.",
        ] {
            assert!(kind_of(text).is_some(), "{text}");
        }
        assert_eq!(
            kind_of("We keep the items in your cart for 30 days, even when you log out."),
            None
        );
    }

    #[test]
    fn a_cookie_notice_is_told_from_policy_text_about_cookies() {
        assert!(is_cookie_notice(
            "This website uses cookies to ensure you get the best experience on our website."
        ));
        assert!(!is_cookie_notice(
            "We use cookies to remember your settings. You can turn them off in your browser. They expire after a year."
        ));
        assert!(!is_cookie_notice(
            "We use cookies to remember your language."
        ));
    }

    #[test]
    fn archive_header() {
        let md = "> *The following text is extracted and transformed from the x.com privacy policy that was archived on 2017-06-06. Please check the [original](http://a).*\n";
        assert_eq!(kind_of(md), Some(FurnitureKind::ArchiveHeader));
    }

    #[test]
    fn navigation_menus() {
        assert_eq!(
            kind_of("* [Home](/)\n* [About us](/about)\n"),
            Some(FurnitureKind::Navigation)
        );
        assert_eq!(
            kind_of("[Home](/) | [Blog](/blog) | [Contact](/c)\n"),
            Some(FurnitureKind::Navigation)
        );
        assert_eq!(
            kind_of("* [Use of your information by our family of companies](#use)\n"),
            Some(FurnitureKind::Navigation)
        );
        assert_eq!(
            kind_of("[Collapse All](#)\n"),
            Some(FurnitureKind::Navigation)
        );
        assert_eq!(
            kind_of("* You can opt out with the [Google Analytics Opt-out Browser Add-on](https://x), which we recommend.\n"),
            None
        );
    }

    #[test]
    fn headings_linking_to_themselves_are_not_menus() {
        assert_eq!(kind_of("### [From You](#from-you)\n"), None);
        assert_eq!(
            kind_of("#### [Accordion Toggle WHO WE ARE](#collapse1)\n"),
            None
        );
        assert_eq!(
            kind_of("### [Careers](https://example.com/jobs)\n"),
            Some(FurnitureKind::Navigation)
        );
    }

    #[test]
    fn logos_buttons_banners_footers() {
        assert_eq!(
            kind_of("[![Logo](logo.png)](/)\n"),
            Some(FurnitureKind::Image)
        );
        assert_eq!(kind_of("Accept All\n"), Some(FurnitureKind::Button));
        assert_eq!(
            kind_of("This website uses cookies to improve your experience. By continuing to browse you agree.\n"),
            Some(FurnitureKind::CookieBanner)
        );
        assert_eq!(
            kind_of("© 2024 Example Inc. All rights reserved.\n"),
            Some(FurnitureKind::Copyright)
        );
        assert_eq!(
            kind_of("(c) 2019 Example Ltd\n"),
            Some(FurnitureKind::Copyright)
        );
        assert_eq!(
            kind_of("(c) the right to erasure: you can ask us to erase your data;\n"),
            None
        );
    }

    #[test]
    fn skip_links_and_glued_menus() {
        assert_eq!(
            kind_of("Skip to contentHome/Privacy Policy\n"),
            Some(FurnitureKind::Navigation)
        );
        assert_eq!(
            kind_of("01604 499691 sales@example.co.ukHomeNewsCareers\n"),
            Some(FurnitureKind::Navigation)
        );
        assert_eq!(kind_of("We use PayPal and YouTube on our site.\n"), None);
        assert_eq!(
            kind_of("You are here:Home\n"),
            Some(FurnitureKind::Navigation)
        );
        let mega = "Home Motion ControllersEthernetDMC-40x0DMC-41x3EtherCATDMC-500x0PCIDMC-18x6Single-axisDMC-3x01xProduct ComparisonCustomizationsAmplifier and Drive OptionsSoftwareMotorsPower SuppliesCablesPrior GenerationAccessories PLCsRemote I/ORIO-471xxRIO-4720xEtherCATRIO-574x0Product ComparisonCustomizationsAccessoriesSoftwarePower SuppliesCables";
        assert!(mega.len() > 300);
        assert_eq!(
            kind_of(&format!("{mega}\n")),
            Some(FurnitureKind::Navigation)
        );
        let led = format!("The following pages tell you about our privacy practices.{mega}\n");
        assert_eq!(kind_of(&led), None);
    }

    #[test]
    fn menu_captions() {
        assert_eq!(menu_caption("Table of Contents:"), Some(Caption::Contents));
        assert_eq!(
            menu_caption("Contents of this section"),
            Some(Caption::Contents)
        );
        assert_eq!(menu_caption("**Quick Links**"), Some(Caption::Menu));
        assert_eq!(
            menu_caption("Read the statement in other languages"),
            Some(Caption::Menu)
        );
        assert_eq!(menu_caption("Language preferences and cookies."), None);
        assert_eq!(menu_caption("Contents of communications"), None);
    }

    #[test]
    fn policy_text_about_cookies_is_not_a_banner() {
        assert_eq!(
            kind_of("We use cookies to remember your preferences. You can disable cookies in your browser settings.\n"),
            None
        );
    }
}
