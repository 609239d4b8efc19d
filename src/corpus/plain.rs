//! Rebuilds the blocks of a plain-text policy from its lines: paragraphs
//! joined back across hard line breaks, bullets as list items, headings
//! cut out of lines they were glued to, setext underlines and rulers.
//!
//! Invariant: every word of the source lands in exactly one block, in
//! document order; only rulers (lines of one repeated mark) are dropped.

use super::blocks::{Block, BlockKind};
use super::glued;
use std::ops::Range;

/// Rebuilds paragraphs from the lines of a plain-text policy.
///
/// A line continues the previous one when that one does not end a sentence
/// and the line starts in lower case, or when that one ends in a comma or a
/// function word; in hard-wrapped text (detected from the share of such
/// continuations) long lines also continue. Headings glued to the text
/// around them are cut out first; rulers (`=====`) are dropped, and one
/// under a short line makes it a heading.
pub fn plain_blocks(source: &str) -> Vec<Block> {
    let lines: Vec<(usize, &str)> = line_offsets(source)
        .filter(|(_, l)| !l.trim().is_empty())
        .collect();
    let wrap = WrapProfile::of(&lines);
    let mut blocks: Vec<Block> = Vec::new();
    let mut previous: Option<&str> = None;
    let mut previous_starts_block = true;
    // Whether the line before `previous` closed a question.
    let mut previous_answers = false;
    let mut last_question = false;
    let doc = glued::Doc::new(source);
    let last_text = lines.iter().rposition(|(_, l)| {
        let line = l.trim();
        !is_short_line(line) && !super::furniture::is_copyright(line)
    });
    let blurbs = menu_blurbs(&lines, &doc);
    for (k, &(offset, raw)) in lines.iter().enumerate() {
        let line = raw.trim();
        let start = offset + (raw.len() - raw.trim_start().len());
        if let Some(level) = ruler_level(line) {
            underline(&mut blocks, level);
            previous = None;
            last_question = false;
            continue;
        }
        // On the page's last line of text, a menu glued onto its end is
        // cut off (the policy's own text never ends in one).
        let tail = (Some(k) == last_text)
            .then(|| glued::glued_tail(line))
            .flatten();
        let main = &line[..tail.unwrap_or(line.len())];
        let mut pieces = if blurbs[k] {
            vec![glued::Piece {
                range: 0..line.len(),
                heading: false,
                menu: true,
            }]
        } else {
            glued::split_line(main, &doc)
        };
        pieces.extend(tail.map(|at| glued::Piece {
            range: at..line.len(),
            heading: false,
            menu: true,
        }));
        for (n, piece) in pieces.into_iter().enumerate() {
            let text = line[piece.range.clone()].trim();
            if text.is_empty() {
                continue;
            }
            let at = start
                + piece.range.start
                + (line[piece.range.clone()].len() - line[piece.range].trim_start().len());
            let range = at..at + text.len();
            let joins = n == 0
                && !piece.heading
                && !piece.menu
                && previous.is_some_and(|p| {
                    wrap.continues(p, text, previous_starts_block)
                        || previous_starts_block && previous_answers && wrap.opens_answer(p, text)
                });
            previous_starts_block = !joins;
            previous_answers = !joins && last_question;
            last_question = text.ends_with('?');
            match blocks.last_mut() {
                Some(block) if joins => {
                    block.breaks.push(block.text.len());
                    block.text.push(' ');
                    block.text.push_str(text);
                    block.touch(&range);
                }
                _ => {
                    let mut block = line_block(text, range, piece.heading);
                    block.glued_menu = piece.menu;
                    blocks.push(block);
                }
            }
            previous = (!piece.heading).then_some(text);
        }
    }
    blocks
}

/// Which lines are menu entries glued to their blurbs (`Pool
/// BrandingCustomize the user experience...` / `Fundraising IdeasSome
/// great ideas...`): runs of three such lines or more (lines starting in
/// lower case, which go on a blurb, aside), most blurbs left without a
/// full stop, as a menu writes them and a policy's glued headings never
/// do.
fn menu_blurbs(lines: &[(usize, &str)], doc: &glued::Doc<'_>) -> Vec<bool> {
    let mut out = vec![false; lines.len()];
    let mut k = 0;
    while k < lines.len() {
        let mut run = Vec::new();
        let mut closed = 0;
        let mut j = k;
        while j < lines.len() {
            let line = lines[j].1.trim();
            if let Some(ends) = glued::entry_and_blurb(line, doc) {
                run.push(j);
                closed += usize::from(ends);
            } else if run.is_empty() || !starts_lower(line) {
                break;
            }
            j += 1;
        }
        if run.len() >= MIN_BLURB_RUN && closed * 2 < run.len() {
            run.iter().for_each(|&i| out[i] = true);
        }
        k = j.max(k + 1);
    }
    out
}

/// Fewest menu entries glued to their blurbs taken for a menu.
const MIN_BLURB_RUN: usize = 3;

/// A line of a few words with no sentence mark at its end: a menu entry,
/// a button, a caption.
fn is_short_line(line: &str) -> bool {
    !super::headings::more_words_than(line, SHORT_LINE_WORDS) && !ends_sentence(line)
}

/// Most words of a short line.
const SHORT_LINE_WORDS: usize = 5;

fn line_block(text: &str, range: Range<usize>, heading: bool) -> Block {
    let (kind, text) = match strip_bullet(text) {
        Some(rest) if !heading => (BlockKind::ListItem { ordered: false }, rest),
        _ => (BlockKind::Paragraph, text),
    };
    let mut block = Block::new(kind);
    block.text = text.to_string();
    block.span = range;
    block.glued_heading = heading;
    block
}

/// A line drawn with one repeated mark: `1` for `=`, `2` for `-`, `0` for
/// other marks (`***`, `___`).
fn ruler_level(line: &str) -> Option<u8> {
    let first = line.chars().next()?;
    let ruler = line.len() >= 3
        && matches!(first, '=' | '-' | '_' | '*' | '~' | '#')
        && line.chars().all(|c| c == first || c == ' ');
    ruler.then_some(match first {
        '=' => 1,
        '-' => 2,
        _ => 0,
    })
}

/// A setext underline makes the short single line above it a heading.
fn underline(blocks: &mut [Block], level: u8) {
    if level == 0 {
        return;
    }
    if let Some(block) = blocks.last_mut() {
        let short = block.text.chars().count() <= 90 && block.breaks.is_empty();
        if short && matches!(block.kind, BlockKind::Paragraph) {
            block.kind = BlockKind::Heading(level);
        }
    }
}

fn line_offsets(source: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    source.split('\n').map(move |line| {
        let start = offset;
        offset += line.len() + 1;
        (start, line)
    })
}

fn strip_bullet(line: &str) -> Option<&str> {
    for bullet in ["• ", "· ", "* ", "- ", "– ", "o ", "▪ ", "● "] {
        if let Some(rest) = line.strip_prefix(bullet) {
            if !rest.trim().is_empty() {
                return Some(rest.trim_start());
            }
        }
    }
    None
}

/// How lines of a plain-text policy are wrapped.
struct WrapProfile {
    hard_wrapped: bool,
    width: usize,
}

impl WrapProfile {
    fn of(lines: &[(usize, &str)]) -> Self {
        let mut lengths: Vec<usize> = lines
            .iter()
            .map(|(_, l)| l.trim().chars().count())
            .collect();
        lengths.sort_unstable();
        let width = lengths.get(lengths.len() * 9 / 10).copied().unwrap_or(80);
        let lower_starts = lines
            .windows(2)
            .filter(|w| !ends_sentence(w[0].1.trim()) && starts_lower(w[1].1.trim()))
            .count();
        let hard_wrapped = lines.len() >= 8 && lower_starts * 6 >= lines.len() && width <= 120;
        WrapProfile {
            hard_wrapped,
            width,
        }
    }

    fn continues(&self, previous: &str, line: &str, previous_starts_block: bool) -> bool {
        if ends_sentence(previous)
            || strip_bullet(line).is_some()
            || is_bare_url(previous)
            || opens_numbered(line)
        {
            return false;
        }
        if opens_with_address(line) && previous_starts_block && is_title_case(previous) {
            return false;
        }
        if starts_lower(line)
            || previous.ends_with(',')
            || ends_with_joining_word(previous)
            || ends_with_determiner(previous)
        {
            return true;
        }
        if self.hard_wrapped && (opens_question(previous, line) || ends_with_conjunction(previous))
        {
            return true;
        }
        if wraps_caps_sentence(previous, line) {
            return true;
        }
        self.hard_wrapped
            && !(previous_starts_block && is_title_case(previous))
            && (previous.chars().count() * 5 >= self.width * 3 || ends_with_function_word(previous))
    }
}

impl WrapProfile {
    /// The first words of an answer wrapped onto the next line, on a page
    /// that wraps its questions the same way (`Can a Visitor delete...?` /
    /// `We provide` / `Visitors with a mechanism to...`): in hard-wrapped
    /// text, a line of up to three words (no digits, no closing mark) right
    /// after a question, before a full-width line that runs on.
    fn opens_answer(&self, previous: &str, line: &str) -> bool {
        self.hard_wrapped
            && !super::headings::more_words_than(previous, 3)
            && !ends_sentence(previous)
            && !previous.contains(|c: char| c.is_ascii_digit())
            && !ends_sentence(line)
            && line.chars().count() * 5 >= self.width * 3
            && super::headings::more_words_than(line, 4)
    }
}

/// A line opening with the number of a section or list item followed by
/// a capitalised word (`2. How we use your data`, `4.1 Accounts`, `(b)
/// The purposes`): it starts a block of its own.
fn opens_numbered(line: &str) -> bool {
    let Some((number, rest)) = line.split_once(' ') else {
        return false;
    };
    let next_capital = rest.trim_start().starts_with(char::is_uppercase);
    let dotted = number.ends_with('.') || number.contains('.');
    let digits = number.trim_end_matches('.');
    let numeric = !digits.is_empty()
        && digits.len() <= 8
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && digits.starts_with(|c: char| c.is_ascii_digit());
    let bracketed = number.len() <= 6
        && number.starts_with('(')
        && number.ends_with(')')
        && number[1..number.len() - 1]
            .chars()
            .all(char::is_alphanumeric);
    next_capital && (numeric && dotted || bracketed)
}

/// Most content words capitalised (function words aside).
pub(super) fn is_title_case(line: &str) -> bool {
    let (mut content, mut capitalised) = (0, 0);
    for word in line.split_whitespace().filter(|w| !is_function_word(w)) {
        content += 1;
        if word.chars().next().is_some_and(|c| c.is_uppercase()) {
            capitalised += 1;
        }
    }
    content > 0 && capitalised * 4 >= content * 3
}

/// True when `word` lower-cased is one of [`FUNCTION_WORDS`]. Only ASCII
/// letters lower-case to the ASCII letters these words are made of, so an
/// ASCII comparison matches what lower-casing would.
fn is_function_word(word: &str) -> bool {
    FUNCTION_WORDS.iter().any(|f| word.eq_ignore_ascii_case(f))
}

/// A line opening with a web address (`www.example.com does not use
/// cookies.`): in lower case, yet a sentence's subject, which a Title-Case
/// line above it does not run on into.
fn opens_with_address(line: &str) -> bool {
    line.starts_with("http://") || line.starts_with("https://") || line.starts_with("www.")
}

/// A line that is only a web address (the page's URL on the first line).
pub(super) fn is_bare_url(line: &str) -> bool {
    (line.starts_with("http://") || line.starts_with("https://")) && !line.contains(' ')
}

fn ends_sentence(line: &str) -> bool {
    line.trim_end_matches(['"', '\'', ')', '”', '’', '*', '_'])
        .ends_with(['.', '!', '?', ':', ';'])
}

fn starts_lower(line: &str) -> bool {
    line.chars().next().is_some_and(|c| c.is_lowercase())
}

const FUNCTION_WORDS: &[&str] = &[
    "the", "a", "an", "of", "and", "or", "to", "in", "for", "with", "by", "on", "at", "our",
    "your", "any", "such", "that", "is", "are", "be", "as", "from", "this", "we", "you", "its",
    "their", "not", "may", "will",
];

/// Words a sentence cannot end on (`...Filing Services, and`).
fn ends_with_joining_word(line: &str) -> bool {
    super::headings::more_words_than(line, 3)
        && line.rsplit(' ').next().is_some_and(|w| {
            matches!(
                w,
                "and" | "or" | "the" | "of" | "to" | "a" | "an" | "for" | "with" | "by" | "in"
            )
        })
}

/// A sentence in capitals wrapped over lines (`...THROUGH THIS SITE,
/// INCLUDING WITHOUT` / `LIMITATION THE PROCESSING OF ORDERS.`): a line
/// of capitals too long for a title, not closed, holding a comma or a
/// sentence end or ending in a function word, then another line of
/// capitals that does not open with a number.
fn wraps_caps_sentence(previous: &str, line: &str) -> bool {
    let runs_on = previous.contains([',', ';'])
        || previous.contains(". ")
        || ends_with_function_word(previous);
    runs_on
        && super::headings::more_words_than(previous, MAX_CAPS_TITLE_WORDS)
        && super::headings::is_all_caps(previous)
        && super::headings::is_all_caps(line)
        && super::headings::numbering_of(line).0 == super::headings::Numbering::None
}

/// Most words of a title in capitals.
const MAX_CAPS_TITLE_WORDS: usize = 7;

/// A line ending in an article, `of` or a possessive, which no title or
/// sentence ends on (`Send Us a Picture of Your` / `Water Filtration
/// System...`, `Backpackers By The` / `Bay operates...`); a capital `A`
/// alone is a letter (`Schedule A`).
fn ends_with_determiner(line: &str) -> bool {
    let Some(word) = line.rsplit(' ').next() else {
        return false;
    };
    word == "a"
        || DETERMINERS
            .iter()
            .any(|d| word.len() > 1 && word.eq_ignore_ascii_case(d))
}

/// Words ending a line that must go on: articles, `of`, possessives.
const DETERMINERS: &[&str] = &["the", "an", "of", "your", "our", "their", "its", "my"];

/// The first words of a question wrapped onto the next line (`What` /
/// `Personally Identifiable Information is collected?`, `Are Cookies` /
/// `Used on the Site?`): a line of up to three words opening with a
/// question word, before a line that is not a question of its own and
/// ends in a question mark or runs on.
fn opens_question(previous: &str, line: &str) -> bool {
    let opens = |text: &str| {
        text.split_whitespace().next().is_some_and(|w| {
            super::headings::QUESTION_WORDS
                .iter()
                .any(|q| w.eq_ignore_ascii_case(q))
        })
    };
    let runs_on = !ends_sentence(line) && super::headings::more_words_than(line, 4);
    !super::headings::more_words_than(previous, 3)
        && opens(previous)
        && !opens(line)
        && (line.ends_with('?') || runs_on)
}

/// A line ending in `and`, `or`, `of` or `the`, which no title ends on
/// (`Visitors and` / `Authorized Customers may opt out...`).
fn ends_with_conjunction(line: &str) -> bool {
    line.rsplit(' ')
        .next()
        .is_some_and(|w| matches!(w, "and" | "or" | "of" | "the"))
}

fn ends_with_function_word(line: &str) -> bool {
    line.rsplit(' ')
        .next()
        .is_some_and(|w| FUNCTION_WORDS.contains(&w.to_lowercase().as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Four hard-wrapped paragraphs: the page's usual line width.
    fn wrapped_paragraphs() -> String {
        "We may\ncollect basic user profile information from all of our\nvisitors when they browse the pages of the site.\n".repeat(4)
    }

    fn texts(blocks: &[Block]) -> Vec<&str> {
        blocks.iter().map(|b| b.text.as_str()).collect()
    }

    #[test]
    fn plain_lines_join_when_wrapped() {
        let text = "Title Line\nWe collect data and\nuse it well.\nNext paragraph.\n";
        assert_eq!(
            texts(&plain_blocks(text)),
            [
                "Title Line",
                "We collect data and use it well.",
                "Next paragraph."
            ]
        );
    }

    #[test]
    fn questions_wrapped_after_their_first_words_are_rejoined() {
        let mut text = wrapped_paragraphs();
        text.push_str("What\nPersonally Identifiable Information is collected?\nVisitors and\nAuthorized Customers may opt out at any time by writing to us.\n");
        let blocks = plain_blocks(&text);
        let texts = texts(&blocks);
        assert!(texts.contains(&"What Personally Identifiable Information is collected?"));
        assert!(texts.contains(
            &"Visitors and Authorized Customers may opt out at any time by writing to us."
        ));
    }

    #[test]
    fn answers_wrapped_after_their_first_words_are_rejoined() {
        let mut text = wrapped_paragraphs();
        text.push_str("How is your information shared?\nPersonally\nIdentifiable Information about customers may be shared with other\ncustomers who wish to trade with them.\nSecurity\nWe keep your information in locked rooms on our own servers.\n");
        let blocks = plain_blocks(&text);
        let texts = texts(&blocks);
        assert!(texts.contains(&"Personally Identifiable Information about customers may be shared with other customers who wish to trade with them."));
        assert!(texts.contains(&"Security"));
    }

    #[test]
    fn a_line_ending_in_an_article_or_possessive_goes_on() {
        let text = "Example Privacy Policy\nAcme Holidays By The\nBay operates https://www.example.com/\nSend Us a Picture of Your\nWater Filtration System and We'll Tell You!\nSee Schedule A\nThe schedule lists our partners.\n";
        assert_eq!(
            texts(&plain_blocks(text)),
            [
                "Example Privacy Policy",
                "Acme Holidays By The Bay operates https://www.example.com/",
                "Send Us a Picture of Your Water Filtration System and We'll Tell You!",
                "See Schedule A",
                "The schedule lists our partners."
            ]
        );
    }

    #[test]
    fn a_line_opening_with_a_web_address_starts_a_sentence_under_a_title() {
        let text = "Cookies and Web Beacons\nwww.example.com does not use cookies.\nFor more information please visit\nwww.example.com/help today.\n";
        assert_eq!(
            texts(&plain_blocks(text)),
            [
                "Cookies and Web Beacons",
                "www.example.com does not use cookies.",
                "For more information please visit www.example.com/help today."
            ]
        );
    }

    #[test]
    fn a_sentence_in_capitals_wrapped_over_lines_is_one_block() {
        let text = "WE SHALL NOT BE LIABLE FOR GOODS OFFERED THROUGH THIS SITE, INCLUDING WITHOUT\nLIMITATION THE PROCESSING OF ORDERS.\nLIMITATION OF LIABILITY AND DISCLAIMER OF WARRANTIES\nIN NO EVENT SHALL WE BE LIABLE TO YOU.\nTHE SERVICES ARE PROVIDED AS IS, WITHOUT WARRANTIES OF ANY\n12. GOVERNING LAW\n";
        assert_eq!(
            texts(&plain_blocks(text)),
            [
                "WE SHALL NOT BE LIABLE FOR GOODS OFFERED THROUGH THIS SITE, INCLUDING WITHOUT LIMITATION THE PROCESSING OF ORDERS.",
                "LIMITATION OF LIABILITY AND DISCLAIMER OF WARRANTIES",
                "IN NO EVENT SHALL WE BE LIABLE TO YOU.",
                "THE SERVICES ARE PROVIDED AS IS, WITHOUT WARRANTIES OF ANY",
                "12. GOVERNING LAW"
            ]
        );
    }

    #[test]
    fn menu_entries_glued_to_their_blurbs_stay_whole_and_are_marked() {
        let text = "Solutions\nPool BrandingCustomize the user experience to fit your brand\nFundraising IdeasSome great ideas on how to use our services\nto help your fundraising\nBars & CafesRequire your customers to be on site to take part.\nCustom WorkIf our service won't work for you, we build one\nSupport\n";
        let blocks = plain_blocks(text);
        let menu: Vec<&str> = blocks
            .iter()
            .filter(|b| b.glued_menu)
            .map(|b| b.text.as_str())
            .collect();
        assert_eq!(menu.len(), 4);
        assert_eq!(
            menu[1],
            "Fundraising IdeasSome great ideas on how to use our services to help your fundraising"
        );
        assert!(blocks.iter().all(|b| !b.glued_heading));
        // Two lines are no menu, and glued headings over closed sentences
        // are cut out as ever.
        let text = "We keep your data safe and never sell it.\nWhat We CollectWe collect your name and address when you order from our shop.\nHow We Use ItWe use your name and address to send you what you ordered.\nCookiesWe use cookies to keep your basket between visits to the shop.\n";
        let blocks = plain_blocks(text);
        assert!(blocks.iter().all(|b| !b.glued_menu));
        assert!(blocks
            .iter()
            .any(|b| b.glued_heading && b.text == "What We Collect"));
    }

    #[test]
    fn a_numbered_line_starts_a_block_of_its_own() {
        let mut text = wrapped_paragraphs();
        text.push_str("1.5 In this policy, we and our refer to the company that runs the\nshop and its affiliated companies in the United Kingdom\n2. How we use your personal data\n(a) The categories of personal data we may process\n");
        let blocks = plain_blocks(&text);
        let texts = texts(&blocks);
        assert!(texts.contains(&"2. How we use your personal data"));
        assert!(texts.contains(&"(a) The categories of personal data we may process"));
    }

    #[test]
    fn the_page_url_never_joins_the_line_after_it() {
        let mut text = String::from("http://www.example.com/company/privacy-policy\nHome\n");
        for _ in 0..8 {
            text.push_str("we keep what you tell us and\nwe never sell it to anyone\n");
        }
        let blocks = plain_blocks(&text);
        assert_eq!(
            blocks[0].text,
            "http://www.example.com/company/privacy-policy"
        );
        assert_eq!(blocks[1].text.split(' ').next(), Some("Home"));
    }
}
