//! Finds the page header and footer of a plain-text page: the menus, cart
//! and search widgets, breadcrumbs and footer links that a text extraction
//! leaves above and below the policy, one short line each.
//!
//! Judged by shape alone: a header is the run of blocks before the first
//! paragraph of prose when most of them are short menu lines; the title
//! and a heading standing right before that prose are left in.

use super::blocks::Block;

/// Shortest run of menu lines taken for a page's header or footer.
const MIN_EDGE_LINES: usize = 3;
/// Longest line, in characters and words, counted as a menu entry when
/// weighing a page header.
const ENTRY_CHARS: usize = 50;
const ENTRY_WORDS: usize = 6;
/// How far before the prose a title line ends the header.
const TITLE_REACH: usize = 3;

/// A line of a page's menus or footer: short, no sentence punctuation, no
/// address or e-mail (contact details are policy text); or a menu cut off
/// the end of the page's last line of text.
pub fn is_menu_line(block: &Block) -> bool {
    if block.glued_menu {
        return true;
    }
    let text = block.text.trim();
    let long_number = has_long_number(text);
    matches!(block.kind, super::blocks::BlockKind::Paragraph)
        && text.chars().count() <= 40
        && text.split_whitespace().count() <= 5
        && !text.ends_with(['.', ':', ';', '?', ','])
        && !text.contains('@')
        && !is_contact_field(text)
        && !long_number
}

/// A promo's call in Title Case, closed by `!` or `?` (`Don't Know Which
/// Filters You Need?`, `Send Us a Picture and We'll Tell You!`): a
/// footer line, when menu lines run below it to the page end.
fn is_promo_line(block: &Block) -> bool {
    let text = block.text.trim();
    matches!(block.kind, super::blocks::BlockKind::Paragraph)
        && text.ends_with(['!', '?'])
        && text.chars().count() <= PROMO_CHARS
        && !super::headings::more_words_than(text, PROMO_WORDS)
        && !text.contains(|c: char| c.is_ascii_digit() || c == '@')
        && super::plain::is_title_case(text)
}

/// A menu entry of up to seven words in Title Case, without sentence
/// marks, digits or addresses (`Head Up Tilt Table (HUTT) Test`).
fn is_long_entry(text: &str) -> bool {
    text.chars().count() <= LONG_ENTRY_CHARS
        && !super::headings::more_words_than(text, LONG_ENTRY_WORDS)
        && !text.ends_with(['.', ':', ';', ','])
        && !text.contains(|c: char| c.is_ascii_digit() || c == '@')
        && super::plain::is_title_case(text)
}

/// Longest menu entry of a footer under way, in characters and words.
const LONG_ENTRY_CHARS: usize = 40;
const LONG_ENTRY_WORDS: usize = 7;

/// Two or more Title Case entries glued on one short line without a
/// space or a sentence (`Data Removal RequestPrivacy Policy QueryGeneral
/// Query`, the options of a form's menu).
fn is_glued_entries(text: &str) -> bool {
    let glued = text
        .as_bytes()
        .windows(2)
        .filter(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase())
        .count();
    glued >= 2
        && text.chars().count() <= GLUED_ENTRIES_CHARS
        && !text.contains(['.', ':', ';', ',', '@'])
        && super::plain::is_title_case(text)
}

/// Longest line of glued entries.
const GLUED_ENTRIES_CHARS: usize = 120;

/// Longest promo call, in characters and words.
const PROMO_CHARS: usize = 80;
const PROMO_WORDS: usize = 14;

/// A line of contact details giving a web address after a one-word label
/// (`Website: www.example.com`).
fn is_contact_field(text: &str) -> bool {
    text.split_once(' ').is_some_and(|(label, value)| {
        label.ends_with(':') && (value.contains("www.") || value.contains("://"))
    })
}

/// What the caller knows of each block.
pub struct Known<'a> {
    /// Whether block `i` is already furniture.
    pub furniture: &'a [bool],
    /// Whether block `i` is still policy text (not a heading or furniture).
    pub text: &'a [bool],
}

/// Indexes of the page header and footer. `names_policy` tells a line that
/// names the policy (its title), which the header never takes.
pub fn page_edges(
    blocks: &[Block],
    known: &Known<'_>,
    names_policy: impl Fn(&Block) -> bool,
) -> Vec<usize> {
    let mut out = header(blocks, known.furniture, names_policy);
    let after_header = out.last().map_or(0, |&i| i + 1);
    let chrome: Vec<&str> = (0..after_header)
        .filter(|&i| known.furniture[i] || out.contains(&i))
        .map(|i| blocks[i].text.trim())
        .collect();
    let footer = footer(blocks, known, after_header, &chrome);
    out.extend(footer);
    out
}

/// The blocks before the first paragraph of prose, when at least two
/// thirds of them are short entries; it stops before a title line among
/// the last three of them (or a heading of five words or more, or a
/// numbered one, among the last two, taking the entries between a title
/// line and a numbered one), and else takes them all, a last short line
/// included.
fn header(
    blocks: &[Block],
    furniture: &[bool],
    names_policy: impl Fn(&Block) -> bool,
) -> Vec<usize> {
    let notices = leading_notices(blocks, furniture);
    let mut run: Vec<usize> = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        if furniture[i] || notices.contains(&i) {
            continue;
        }
        if !block.glued_menu && is_prose(block) || block.glued_heading {
            break;
        }
        run.push(i);
    }
    if !notices.is_empty() {
        let entries = run.iter().filter(|&&i| is_entry(&blocks[i])).count();
        if entries >= NOTICE_MENU_ENTRIES && entries * 10 >= run.len() * 9 {
            run.splice(0..0, notices);
        } else {
            run.clear();
        }
    }
    let entries = run.iter().filter(|&&i| is_entry(&blocks[i])).count();
    if run.len() < MIN_EDGE_LINES || entries * 3 < run.len() * 2 {
        return Vec::new();
    }
    let near_end = |n: usize| run.len().saturating_sub(n)..run.len();
    let title = near_end(TITLE_REACH).find(|&k| names_policy(&blocks[run[k]]));
    let heading = near_end(2).find(|&k| stands_as_title(&blocks[run[k]]));
    // With an entry between the title line and a numbered heading (`Privacy
    // Policy` / `Here's the legal bit` / `1.0 Introduction`), both stand
    // and the entry between them is header too.
    if let (Some(t), Some(h)) = (title, heading) {
        if h > t + 1 && is_numbered_title(&blocks[run[h]]) {
            run.truncate(h);
            run.remove(t);
            return run;
        }
    }
    run.truncate(title.or(heading).unwrap_or(run.len()));
    if run.len() < MIN_EDGE_LINES {
        run.clear();
    }
    run
}

/// The site notices a page opens with (`We are currently experiencing
/// difficulties with our phone system...`, `PATIENT ALERT: ...`): at most
/// two lines of prose before anything else, none of them opening a list
/// with a colon. [`header`] takes them only when a long menu follows.
fn leading_notices(blocks: &[Block], furniture: &[bool]) -> Vec<usize> {
    blocks
        .iter()
        .enumerate()
        .filter(|&(i, _)| !furniture[i])
        .take(MAX_NOTICES + 1)
        .take_while(|(_, b)| is_prose(b) && !b.glued_menu && !b.glued_heading)
        .take_while(|(_, b)| !b.text.trim_end().ends_with(':'))
        .map(|(i, _)| i)
        .take(MAX_NOTICES)
        .collect()
}

/// Most site notices above a page's menu, and the fewest menu entries
/// (nine in ten of the lines after the notices) that make them header.
const MAX_NOTICES: usize = 2;
const NOTICE_MENU_ENTRIES: usize = 12;

/// The run of menu lines at the end of the page, through furniture, down
/// to block `from` at most. A line repeating one of the page's `chrome`
/// above the policy (its menus, address, phone) is a menu line whatever
/// its length; so is template junk (`{}`) and a short sentence next to it
/// (a form's `An error occurred while submitting this form.`). A blog
/// widget caption (`Recent Posts`) after the last paragraph of prose takes
/// everything below it.
fn footer(blocks: &[Block], known: &Known<'_>, from: usize, chrome: &[&str]) -> Vec<usize> {
    let open: Vec<usize> = (from..blocks.len())
        .filter(|&i| !known.furniture[i])
        .collect();
    let junk_beside = |k: usize| {
        let junk = |k: Option<&usize>| k.is_some_and(|&i| is_template_junk(&blocks[i].text));
        junk(k.checked_sub(1).and_then(|k| open.get(k))) || junk(open.get(k + 1))
    };
    let mut run = Vec::new();
    for (k, &i) in open.iter().enumerate().rev() {
        let text = blocks[i].text.trim();
        let repeated = || chrome.contains(&text);
        let widget = || is_template_junk(text) || junk_beside(k) && is_short_sentence(text);
        let line = || is_menu_line(&blocks[i]) || is_promo_line(&blocks[i]);
        // Once a menu is under way, its longer entries (`How to Prepare
        // For Your Visit`) and a few entries glued on one line belong to it.
        let entry = || run.len() >= MIN_EDGE_LINES && is_long_entry(text) || is_glued_entries(text);
        if !(known.text[i] && (line() || repeated() || widget() || entry())) {
            break;
        }
        run.push(i);
    }
    let all_repeated =
        run.len() >= 2 && run.iter().all(|&i| chrome.contains(&blocks[i].text.trim()));
    let entries: usize = run.iter().map(|&i| menu_entries(&blocks[i])).sum();
    if entries < MIN_EDGE_LINES && !all_repeated {
        run.clear();
    }
    let below_caption = widget_tail(blocks, known, &open);
    let unclosed = unclosed_tail(blocks, known, &open);
    [below_caption, unclosed]
        .into_iter()
        .fold(run, |best, other| {
            if other.len() > best.len() {
                other
            } else {
                best
            }
        })
}

/// The lines after the policy's last sentence, when they are many and
/// mostly short and none of them closes a sentence, runs long or gives
/// the policy's date: a list of sponsors,
/// partners or site sections below the policy (`ELCA`, `Dignity Health`,
/// `Walter S. Johnson Foundation grant for business planning`, ...). A
/// list a colon opens, or one giving contact details (an e-mail, phone
/// and post codes), stays text.
fn unclosed_tail(blocks: &[Block], known: &Known<'_>, open: &[usize]) -> Vec<usize> {
    let closes = |i: usize| {
        let text = blocks[i].text.trim_end();
        text.ends_with(['.', '!', '?', ':', ';'])
            || has_sentence_break(text)
            || text.chars().count() > MAX_UNCLOSED_CHARS
            || super::headings::more_words_than(text, MAX_UNCLOSED_WORDS)
            || super::meta::updated_date(text).is_some()
    };
    let tail: Vec<usize> = open
        .iter()
        .rev()
        .take_while(|&&i| known.text[i] && !closes(i))
        .copied()
        .collect();
    let opened_by_colon = open
        .len()
        .checked_sub(tail.len() + 1)
        .is_some_and(|k| blocks[open[k]].text.trim_end().ends_with(':'));
    let entries = tail.iter().filter(|&&i| is_entry(&blocks[i])).count();
    let numbers = tail
        .iter()
        .filter(|&&i| has_long_number(&blocks[i].text))
        .count();
    let contact = numbers >= 2 || tail.iter().any(|&i| blocks[i].text.contains('@'));
    let list = tail.len() >= MIN_UNCLOSED_TAIL && entries * 3 >= tail.len() * 2;
    if list && !opened_by_colon && !contact {
        tail
    } else {
        Vec::new()
    }
}

/// Fewest lines of a list below the policy's last sentence taken for page
/// furniture, and the longest line of one in characters and words (a
/// longer one is a paragraph, whether it closes or not).
const MIN_UNCLOSED_TAIL: usize = 8;
const MAX_UNCLOSED_CHARS: usize = 160;
const MAX_UNCLOSED_WORDS: usize = 15;

/// A full stop ending a word of two letters or more in lower case before
/// more text: a sentence ends inside the line (an initial, `Del E. Webb`,
/// does not end one).
fn has_sentence_break(text: &str) -> bool {
    text.match_indices(". ").any(|(at, _)| {
        let word = text[..at]
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        word.chars().count() >= 2 && word.ends_with(|c: char| c.is_lowercase())
    })
}

/// Three digits in a row: a phone number, a post code, an amount.
fn has_long_number(text: &str) -> bool {
    text.as_bytes()
        .windows(3)
        .any(|w| w.iter().all(u8::is_ascii_digit))
}

/// How many menu entries a short line holds: one, or for a menu cut off
/// the end of the page's last line, one for each entry glued on without
/// a space (`Privacy policyTerms of website use`).
fn menu_entries(block: &Block) -> usize {
    if !block.glued_menu {
        return 1;
    }
    let glued = block
        .text
        .as_bytes()
        .windows(2)
        .filter(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase())
        .count();
    1 + glued
}

/// The blocks from a blog widget caption (`Recent Posts`, `Comments are
/// closed.`) to the end of the page, when no prose stands below it.
fn widget_tail(blocks: &[Block], known: &Known<'_>, open: &[usize]) -> Vec<usize> {
    let tail: Vec<usize> = open
        .iter()
        .rev()
        .take_while(|&&i| {
            known.text[i] && (!is_prose(&blocks[i]) || is_widget_caption(&blocks[i].text))
        })
        .copied()
        .collect();
    match tail
        .iter()
        .rposition(|&i| is_widget_caption(&blocks[i].text))
    {
        Some(k) => tail[..=k].to_vec(),
        None => Vec::new(),
    }
}

/// Captions of the widgets a blog page puts below its post.
const WIDGET_CAPTIONS: &[&str] = &[
    "recent posts",
    "recent comments",
    "related posts",
    "popular posts",
    "latest posts",
    "comments are closed",
    "leave a reply",
    "leave a comment",
];

/// A blog widget caption, alone on its line.
fn is_widget_caption(text: &str) -> bool {
    let text = text.trim().trim_end_matches(['.', ':']);
    text.len() <= 20 && WIDGET_CAPTIONS.iter().any(|c| c.eq_ignore_ascii_case(text))
}

/// Template junk left by a page's scripts: a few marks, no letter or digit
/// (`{}`, `[]`).
fn is_template_junk(text: &str) -> bool {
    let text = text.trim();
    !text.is_empty() && text.chars().count() <= 6 && !text.chars().any(char::is_alphanumeric)
}

/// Longest sentence, in words and characters, taken for a widget's
/// message beside template junk.
const WIDGET_WORDS: usize = 8;
const WIDGET_CHARS: usize = 60;

/// A short line of a few words, closed by a sentence mark or not.
fn is_short_sentence(text: &str) -> bool {
    text.chars().count() <= WIDGET_CHARS && text.split_whitespace().count() <= WIDGET_WORDS
}

/// A paragraph of running text: a long line of many words, or a sentence
/// of four words or more (a question or a trailing ellipsis is not one:
/// menus hold both, and short calls like `Give us a call!`).
fn is_prose(block: &Block) -> bool {
    let text = block.text.trim();
    let words = text.split_whitespace().count();
    let sentence = text.ends_with(['.', ';', ':']) && !text.ends_with("...");
    let exclamation = text.ends_with('!') && words >= EXCLAMATION_WORDS;
    text.chars().count() >= 80 && words >= 8 || (sentence || exclamation) && words >= 4
}

/// Fewest words of an exclamation taken for prose rather than a call to
/// action in a menu.
const EXCLAMATION_WORDS: usize = 6;

/// A menu entry, a widget caption or a breadcrumb: a short line.
fn is_entry(block: &Block) -> bool {
    if block.glued_menu {
        return true;
    }
    let text = block.text.trim();
    text.chars().count() <= ENTRY_CHARS && text.split_whitespace().count() <= ENTRY_WORDS
}

/// A line long enough to be a page heading rather than a menu entry, or
/// a numbered title (`1. ACCEPTANCE OF TERMS`), and not a breadcrumb.
fn stands_as_title(block: &Block) -> bool {
    let text = block.text.trim();
    (text.split_whitespace().count() >= 5 || is_numbered_title(block)) && !is_breadcrumb(text)
}

/// A numbered title line (`1. ACCEPTANCE OF TERMS`).
fn is_numbered_title(block: &Block) -> bool {
    super::headings::title_shaped_line(block)
        .is_some_and(|h| h.numbering != super::headings::Numbering::None)
}

/// `You are here: Home > Privacy`, `Home / Privacy Policy`.
pub fn is_breadcrumb(text: &str) -> bool {
    text.contains(" > ") || text.contains(" » ") || text.contains(" / ") && !text.contains(". ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::plain::plain_blocks;

    fn edges(text: &str) -> Vec<String> {
        let blocks = plain_blocks(text);
        let is_text = vec![true; blocks.len()];
        let none = vec![false; blocks.len()];
        let known = Known {
            furniture: &none,
            text: &is_text,
        };
        page_edges(&blocks, &known, |b| b.text.contains("Privacy"))
            .into_iter()
            .map(|i| blocks[i].text.clone())
            .collect()
    }

    #[test]
    fn shop_menus_and_footers_at_the_page_edges() {
        let text = "Home\nShop\nCart\nSearch\nPrivacy Policy\nWe collect the name and address you give us when you order.\nContact us at 12 High Street, Leeds.\nAbout Us\nDelivery\nFacebook\nPowered by Shopify\n";
        assert_eq!(
            edges(text),
            [
                "Home",
                "Shop",
                "Cart",
                "Search",
                "Powered by Shopify",
                "Facebook",
                "Delivery",
                "About Us"
            ]
        );
    }

    #[test]
    fn a_header_with_caps_groups_a_phone_and_an_ellipsis_stops_at_the_title() {
        let text = "Call: (717) 909-6000\nLog In\nHOME\nPRODUCTS\nAll Products\nand many more...\nPrivacy Policy\nWhat do we collect?\nWe collect the name and address you give us when you order.\n";
        assert_eq!(
            edges(text),
            [
                "Call: (717) 909-6000",
                "Log In",
                "HOME",
                "PRODUCTS",
                "All Products and many more..."
            ]
        );
    }

    #[test]
    fn a_last_menu_entry_before_the_text_is_header_but_a_long_heading_is_not() {
        let text = "Cart\nAccount\nStores\nLogin\nWe collect the name and address you give us when you order.\n";
        assert_eq!(edges(text), ["Cart", "Account", "Stores", "Login"]);
        let text = "Cart\nAccount\nStores\nYou are here: Home > Notice\nHow we protect and use your information\nWho we are\nWe are a gallery in Edinburgh and a registered charity.\n";
        assert_eq!(
            edges(text),
            ["Cart", "Account", "Stores", "You are here: Home > Notice"]
        );
    }

    #[test]
    fn a_numbered_title_right_before_the_text_ends_the_header() {
        let text = "Log In\nJoin a Pool\nOur Services\nSupport\nTerms of Service\n1. ACCEPTANCE OF TERMS\nWe collect the name and address you give us when you order.\n";
        assert_eq!(
            edges(text),
            [
                "Log In",
                "Join a Pool",
                "Our Services",
                "Support",
                "Terms of Service"
            ]
        );
    }

    #[test]
    fn entries_between_the_title_and_a_numbered_heading_are_header() {
        let text = "FAQ\nGet Help\nStatus\nPrivacy Policy\nHere's the legal bit\n1.0 Introduction\nWe collect the name and address you give us when you order.\n";
        assert_eq!(
            edges(text),
            ["FAQ", "Get Help", "Status", "Here's the legal bit"]
        );
    }

    #[test]
    fn a_policy_opening_with_its_title_and_a_heading_has_no_header() {
        let text = "Privacy Policy\nLast updated: 1 May 2020\nIntroduction\nWe collect the name and address you give us when you order.\n";
        assert!(edges(text).is_empty());
    }

    #[test]
    fn a_call_to_action_stays_in_the_header_and_a_footer_may_repeat_it() {
        let text = "Home\nA Day at the Races Derby Party and Gala\nShop\nGive us a call!\nEvents\nWe collect the name and address you give us when you order.\nA Day at the Races Derby Party and Gala\nEvents\n";
        assert_eq!(
            edges(text),
            [
                "Home",
                "A Day at the Races Derby Party and Gala",
                "Shop",
                "Give us a call!",
                "Events",
                "Events",
                "A Day at the Races Derby Party and Gala"
            ]
        );
    }

    #[test]
    fn a_promo_in_title_case_above_the_footer_menu_is_footer() {
        let text = "We collect the name and address you give us when you order.\nContact us at 12 High Street, Leeds.\nDon't Know Which Filters You Need?\nSend Us a Picture and We'll Tell You!\nCall Us\nE-Mail\n";
        assert_eq!(
            edges(text),
            [
                "E-Mail",
                "Call Us",
                "Send Us a Picture and We'll Tell You!",
                "Don't Know Which Filters You Need?"
            ]
        );
        // A closing question in sentence case is policy text.
        let text = "We collect the name and address you give us when you order.\nDo you have any questions about this policy?\nCall Us\nE-Mail\nHome\n";
        assert_eq!(edges(text), ["Home", "E-Mail", "Call Us"]);
    }

    #[test]
    fn a_long_list_below_the_last_sentence_is_footer_unless_a_colon_opens_it() {
        let sponsors = "ABC\nDEF\nRiver Valley Community Trust\nHope Street Fund\nJ. R. Miller Foundation grant for the youth employment program\nThe Harbour Trust\nIn kind sponsor of paper products for the shelter\nCity Housing Agency\nFacebook\nTwitter\n";
        let text =
            format!("We collect the name and address you give us when you order.\n{sponsors}");
        assert_eq!(edges(&text).len(), 10);
        let text = format!("We share your details with these partners:\n{sponsors}");
        assert_eq!(edges(&text), ["Twitter", "Facebook", "City Housing Agency"]);
        // The last lines of the policy itself stop it: a date, a sentence.
        let text = format!("We collect the name and address you give us when you order.\nThis policy was last modified on March 19, 2017\n{sponsors}");
        assert_eq!(edges(&text).len(), 10);
    }

    #[test]
    fn template_junk_and_the_form_messages_beside_it_are_footer() {
        let text = "We collect the name and address you give us when you order, and keep it for two years.\nCan't find what you're looking for?\n{}\n[]\nAn error occurred while submitting this form.\n";
        assert_eq!(
            edges(text),
            [
                "An error occurred while submitting this form.",
                "[]",
                "{}",
                "Can't find what you're looking for?"
            ]
        );
        let text =
            "We collect the name and address you give us when you order.\nThank you for reading.\n";
        assert!(edges(text).is_empty());
    }

    #[test]
    fn a_footer_menu_under_way_takes_longer_entries_and_glued_options() {
        let text = "We collect the name and address you give us when you order.\nPatient Forms\nLatest News\nHow Are We Doing?\nHead Up Tilt Table (HUTT) Test\nHow to Prepare For Your Visit\nAngina\nStroke\nHypertension\n";
        assert_eq!(edges(text).len(), 8);
        // A contact form's fields and its menu's options glued on a line.
        let text = "We collect the name and address you give us when you order.\nPlease fill out the form below:\nYour Name (required)\nYour Email (required)\nSubject\nData Removal RequestPrivacy Policy QueryGeneral Query\nYour Message\n";
        assert_eq!(edges(text).len(), 5);
        // Before three menu lines, a long Title Case line is policy text.
        let text = "We collect the name and address you give us when you order.\nHow to Prepare For Your Visit\nAngina\nStroke\n";
        assert!(edges(text).is_empty());
    }

    #[test]
    fn site_notices_above_a_long_menu_are_header_but_not_above_a_short_list() {
        let menu: String = (1..=12).map(|n| format!("Menu Entry {n}\n")).collect();
        let notices = "We are currently experiencing difficulties with our phone system. Please call back later.\nPATIENT ALERT: Information regarding our opening hours.\n";
        let text = format!("{notices}{menu}Privacy Policy\nWe collect the name and address you give us when you order.\n");
        let header = edges(&text);
        assert_eq!(header.len(), 14);
        assert!(header[0].starts_with("We are currently"));
        let short: String = (1..=4).map(|n| format!("Menu Entry {n}\n")).collect();
        let text = format!("{notices}{short}Privacy Policy\nWe collect the name and address you give us when you order.\n");
        assert!(edges(&text).is_empty());
        // A paragraph opening a list with a colon is the policy's.
        let text = format!("We collect the following:\n{menu}We keep it for two years.\n");
        assert!(edges(&text).is_empty());
    }

    #[test]
    fn a_blog_widget_caption_after_the_text_takes_the_page_end() {
        let text = "We collect the name and address you give us when you order.\nComments are closed.\nRecent Posts\nDO IT YOURSELF HOME IMPROVEMENT FOR BEGINNERS\n10 Tips to Improve Energy Efficiency in the Home\n";
        assert_eq!(
            edges(text),
            [
                "10 Tips to Improve Energy Efficiency in the Home",
                "DO IT YOURSELF HOME IMPROVEMENT FOR BEGINNERS",
                "Recent Posts",
                "Comments are closed."
            ]
        );
        let text = "Recent posts are kept in our archive for a year.\nWe collect the name and address you give us when you order.\n";
        assert!(edges(text).is_empty());
    }
}
