//! Cuts headings back out of plain text where a careless HTML-to-text step
//! glued them to the sentences around them
//! (`...we may link.Information We CollectPersonal InformationMost of...`,
//! `SECTION 2 - CONSENTHow do you get my consent?When you...`).
//!
//! Conservative by design: a false split inside a sentence is worse than a
//! missed heading. A heading is only cut out when it starts after a
//! sentence end (or the line start), is title-shaped, ends where a
//! capitalised word is glued to it, and is followed by body text.

use super::headings::more_words_than;
use std::cell::OnceCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

/// The whole policy text, with an index of its words built on first use,
/// so that telling a glued word from a name costs one lookup, not a scan
/// of the policy per candidate.
pub struct Doc<'a> {
    text: &'a str,
    words: OnceCell<WordCounts<'a>>,
}

/// Counts of the policy's words.
type WordCounts<'a> = HashMap<&'a str, u32, BuildHasherDefault<WordHasher>>;

/// A fast multiplicative hash for short words (the one of rustc's
/// FxHasher); the index lives only while one policy is parsed.
#[derive(Default)]
struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(SEED);
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(byte)).wrapping_mul(SEED);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The multiplier of [`WordHasher`].
const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl<'a> Doc<'a> {
    /// Wraps the policy text; nothing is indexed until a line needs it.
    pub fn new(text: &'a str) -> Self {
        Doc {
            text,
            words: OnceCell::new(),
        }
    }

    /// How many times `word` stands as a whole word (a maximal run of
    /// letters and digits) in the policy.
    fn count(&self, word: &str) -> u32 {
        let words = self.words.get_or_init(|| {
            let mut map = WordCounts::default();
            for w in self.text.split(|c: char| !c.is_alphanumeric()) {
                if w.len() >= MIN_NAME_BYTES {
                    *map.entry(w).or_insert(0) += 1;
                }
            }
            map
        });
        words.get(word).copied().unwrap_or(0)
    }
}

/// Shortest word indexed in [`Doc`]: a glued name joins a word of three
/// letters or more to at least one more letter.
const MIN_NAME_BYTES: usize = 4;

/// A piece of a line: its byte range and whether it is a heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// Byte range of the piece in the line.
    pub range: Range<usize>,
    /// True if the piece is a title glued to the text after it.
    pub heading: bool,
    /// True if the piece is a menu glued onto the end of the line.
    pub menu: bool,
}

/// What joins two glued runs of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Glue {
    /// `.`, `!`, `?` or `;` followed by a capitalised word.
    Sentence,
    /// `:` followed by a capitalised word: what follows is list content.
    Colon,
    /// A run of dashes or `=` (`----SECTION`).
    Ruler,
    /// A lower-case letter, digit or closing bracket followed by a
    /// capitalised word (`CollectPersonal`, `(GDPR)As`, `2018Our`).
    Camel,
    /// An ALL-CAPS run followed by a capitalised word (`CONSENTHow`).
    Caps,
}

/// Longest glued heading, in characters and words.
const MAX_CHARS: usize = 90;
const MAX_WORDS: usize = 12;
/// Longest glued question heading, in words and characters.
const MAX_QUESTION_WORDS: usize = 16;
const MAX_QUESTION_CHARS: usize = 110;
/// Longest heading after the first of a run of glued headings.
const MAX_RUN_WORDS: usize = 8;
/// Lines shorter than this are never searched for glued headings.
const MIN_LINE_CHARS: usize = 60;

/// Splits one line into body and heading pieces. `doc` is the whole text,
/// used to tell glued words from names written that way (`AdSense`).
pub fn split_line(line: &str, doc: &Doc<'_>) -> Vec<Piece> {
    let whole = vec![Piece {
        range: 0..line.len(),
        heading: false,
        menu: false,
    }];
    // A menu glued into one line holds no headings.
    if line.len() < MIN_LINE_CHARS
        || !may_be_glued(line.as_bytes())
        || super::furniture::is_glued_menu(line)
    {
        return whole;
    }
    let glues = numbered_titles(line, glue_points(line));
    if glues.is_empty() {
        return whole;
    }
    let mut bounds: Vec<(usize, Option<Glue>)> = vec![(0, None)];
    bounds.extend(glues.iter().map(|&(at, g)| (at, Some(g))));
    bounds.push((line.len(), None));
    let mut segments: Vec<Segment<'_>> = bounds
        .windows(2)
        .map(|w| Segment {
            range: w[0].0..w[1].0,
            text: &line[w[0].0..w[1].0],
            left: w[0].1,
            right: w[1].1,
        })
        .collect();
    let chrome = chrome_prefix(&segments);
    let mut out = Vec::new();
    if chrome > 0 {
        out.push(Piece {
            range: 0..segments[chrome].range.start,
            heading: false,
            menu: false,
        });
        segments.drain(..chrome);
        segments[0].left = None;
    }
    let headings = heading_segments(&segments, line, doc);
    if !headings.iter().any(|&h| h) {
        if chrome == 0 {
            return whole;
        }
        let rest = segments[0].range.start..line.len();
        out.push(Piece {
            range: rest,
            heading: false,
            menu: false,
        });
        return out;
    }
    out.extend(pieces(line, &segments, &headings));
    out
}

/// Where the page footer glued onto the end of a line begins: a run of
/// short menu entries (`...www.ico.org.uk.Phone:...NN3 6AX UKPrivacy
/// policyTerms of website use`), at least two entries of up to four
/// words, each glued to the one before without a space, with no sentence
/// mark, digit or address in them; or a widget's message glued onto the
/// e-mail or web address closing the contact details (`...
/// support@example.comFor faster service, please contact your store...`).
/// Only asked of the page's last line of text, where no text follows that
/// such a run could head.
pub fn glued_tail(line: &str) -> Option<usize> {
    let whole_menu = super::furniture::is_glued_menu(line);
    if line.len() < MIN_LINE_CHARS || whole_menu || !may_be_glued(line.as_bytes()) {
        return None;
    }
    let glues = glue_points(line);
    let mut start = line.len();
    let mut entries = 0;
    for &(at, glue) in glues.iter().rev() {
        if !matches!(glue, Glue::Camel | Glue::Caps) || !is_tail_entry(&line[at..start]) {
            break;
        }
        entries += 1;
        start = at;
    }
    if entries >= MIN_TAIL_ENTRIES {
        return Some(start);
    }
    glues
        .iter()
        .rev()
        .map(|&(at, _)| at)
        .find(|&at| ends_with_address(&line[..at]))
        .filter(|&at| is_widget_message(&line[at..]))
}

/// A menu entry glued to its blurb (`Pool BrandingCustomize the user
/// experience to fit your style`): a Title-Case entry of up to four
/// words, then a capitalised run of three words or more holding at most
/// one sentence; the glued word is written nowhere else in the policy
/// (`ZooBuh` is a name). Whether the blurb closes with a full stop is returned
/// too; a line alone is no menu (see `plain`, which asks for a run).
pub fn entry_and_blurb(line: &str, doc: &Doc<'_>) -> Option<bool> {
    if line.len() > MAX_BLURB_LINE_BYTES || !may_be_glued(line.as_bytes()) {
        return None;
    }
    let &(at, glue) = glue_points(line).first()?;
    let (entry, blurb) = (line[..at].trim(), line[at..].trim_end());
    let capitalised = entry
        .split_whitespace()
        .filter(|w| w.starts_with(char::is_alphabetic))
        .all(|w| w.starts_with(char::is_uppercase) || w.chars().count() <= 3);
    let whole = whole_word_at(line, at);
    let entry_shaped = glue == Glue::Camel
        && capitalised
        && !more_words_than(entry, MAX_TAIL_WORDS)
        && !entry.contains(['.', '!', '?', ';', ':', ',', '@'])
        && !written_elsewhere(whole, whole, doc);
    let sentence_end = blurb.ends_with(['.', '!', '?']);
    let blurb_shaped = more_words_than(blurb, 2)
        && !blurb
            .trim_end_matches(['.', '!', '?'])
            .contains(['.', '!', '?', ';']);
    (entry_shaped && blurb_shaped).then_some(sentence_end)
}

/// Longest line taken for a menu entry glued to its blurb.
const MAX_BLURB_LINE_BYTES: usize = 200;

/// Text ending in an e-mail or web address (`...customersupport@example.com`).
fn ends_with_address(text: &str) -> bool {
    let token = text.rsplit(char::is_whitespace).next().unwrap_or("");
    let domain = token.rsplit_once('.').is_some_and(|(name, tld)| {
        name.len() > 1
            && (2..=4).contains(&tld.len())
            && tld.bytes().all(|b| b.is_ascii_lowercase())
    });
    domain && (token.contains('@') || token.starts_with("www."))
}

/// A page widget's message glued onto the contact details above it (`For
/// faster service, please contact your store...`): one sentence of five
/// to twenty words, closed by a full stop, with no address or number of
/// its own.
fn is_widget_message(text: &str) -> bool {
    let text = text.trim_end();
    let Some(sentence) = text.strip_suffix('.') else {
        return false;
    };
    more_words_than(sentence, MIN_MESSAGE_WORDS - 1)
        && !more_words_than(sentence, MAX_MESSAGE_WORDS)
        && !sentence.contains(|c: char| {
            c.is_ascii_digit() || matches!(c, '@' | '.' | '!' | '?' | ';' | ':')
        })
}

/// Fewest and most words of a widget's message glued onto an address.
const MIN_MESSAGE_WORDS: usize = 5;
const MAX_MESSAGE_WORDS: usize = 20;

/// Fewest entries of a menu glued onto the end of a line.
const MIN_TAIL_ENTRIES: usize = 2;
/// Most words of one entry of such a menu.
const MAX_TAIL_WORDS: usize = 4;

/// A menu entry: a few words, capitalised, no sentence mark, digit or
/// address.
fn is_tail_entry(text: &str) -> bool {
    let text = text.trim();
    text.chars().next().is_some_and(char::is_uppercase)
        && !more_words_than(text, MAX_TAIL_WORDS)
        && !text.contains(|c: char| {
            c.is_ascii_digit() || matches!(c, '.' | '!' | '?' | ';' | ':' | ',' | '@' | '/')
        })
}

/// How many segments opening the line are page chrome glued to the
/// policy's title (`Skip to contentHome/Privacy PolicyOur privacy
/// policy...`, `01604 499691 sales@example.co.ukHomeNewsPrivacy Policy...`):
/// a skip link, a contact line or a `Home` entry, then short entries glued
/// on, up to the first entry naming the policy (a breadcrumb aside).
fn chrome_prefix(segments: &[Segment<'_>]) -> usize {
    let first = segments[0].text.trim();
    let digits = first.chars().filter(char::is_ascii_digit).count();
    let chrome = super::furniture::is_skip_link(first)
        || first.contains('@')
        || digits >= MIN_PHONE_DIGITS
        || first == "Home";
    if !chrome || more_words_than(first, MAX_CHROME_WORDS) {
        return 0;
    }
    for (k, segment) in segments.iter().enumerate().skip(1) {
        let text = segment.text.trim();
        let short = !more_words_than(text, MAX_CHROME_WORDS)
            && !text.ends_with(['.', '!', '?', ':', ';', ',']);
        if !short || !matches!(segment.left, Some(Glue::Camel | Glue::Caps)) {
            return 0;
        }
        if names_policy(text) && !text.contains('/') {
            // A menu naming the policy among its entries runs on in entries.
            let prose_follows = segments[k + 1..]
                .iter()
                .take(PROSE_REACH)
                .any(|s| more_words_than(s.text, MIN_PROSE_WORDS));
            return if prose_follows { k } else { 0 };
        }
    }
    0
}

/// How many segments after the title are searched for prose, and the
/// fewest words of a segment of prose.
const PROSE_REACH: usize = 3;
const MIN_PROSE_WORDS: usize = 7;

/// Most words in one entry of the chrome glued before a title.
const MAX_CHROME_WORDS: usize = 3;
/// Fewest digits of a phone number opening a page.
const MIN_PHONE_DIGITS: usize = 6;

/// A title naming the policy (`Our privacy policy`, `Terms of Use`).
fn names_policy(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    [
        "privacy",
        "policy",
        "cookie",
        "notice",
        "statement",
        "terms",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

struct Segment<'a> {
    range: Range<usize>,
    text: &'a str,
    left: Option<Glue>,
    right: Option<Glue>,
}

/// Marks the segments that are glued headings.
fn heading_segments(segments: &[Segment<'_>], line: &str, doc: &Doc<'_>) -> Vec<bool> {
    let mut out = vec![false; segments.len()];
    let mut list = false;
    let mut i = 0;
    while i < segments.len() {
        let starts_run = matches!(segments[i].left, None | Some(Glue::Sentence | Glue::Ruler));
        if segments[i].left == Some(Glue::Colon) {
            list = true;
        } else if segments[i].left == Some(Glue::Sentence) {
            list = false;
        }
        if list || !starts_run || !title_like(segments[i].text) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j + 1 < segments.len()
            && matches!(segments[j].right, Some(Glue::Camel | Glue::Caps))
            && !names_a_brand(segments, j, line, doc)
            && title_like(segments[j + 1].text)
            && !more_words_than(segments[j + 1].text, MAX_RUN_WORDS)
        {
            j += 1;
        }
        let ends_well = match segments[j].right {
            Some(Glue::Camel | Glue::Caps) => !names_a_brand(segments, j, line, doc),
            Some(Glue::Sentence) => {
                let text = segments[j].text.trim();
                text.ends_with('?') || numbered_period_title(text)
            }
            _ => false,
        };
        let body_follows = segments.get(j + 1).is_some_and(|s| {
            is_body(s.text) && (i > 0 || j + 2 < segments.len() || ends_the_line_as_prose(s.text))
        });
        let single_word = (i..=j).all(|k| !more_words_than(segments[k].text, 1));
        if ends_well && body_follows && (!single_word || strong_single(segments[i].text)) {
            out[i..=j].iter_mut().for_each(|h| *h = true);
        }
        i = j + 1;
    }
    out
}

/// Whether the word glued across the end of segment `j` is written the
/// same way elsewhere in the policy, so is a name (`AdSense`, `PayPal`).
fn names_a_brand(segments: &[Segment<'_>], j: usize, line: &str, doc: &Doc<'_>) -> bool {
    // A closing bracket ends a phrase: no name runs on past it (`(GDPR)As`).
    if segments[j].text.ends_with([')', ']']) {
        return false;
    }
    let left = segments[j]
        .text
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let right = segments
        .get(j + 1)
        .and_then(|s| s.text.split(|c: char| !c.is_alphanumeric()).next())
        .unwrap_or("");
    if left.len() < 3 || right.is_empty() {
        return true;
    }
    let token = format!("{left}{right}");
    // The word as glued in the line, which may go on (`RunYourPool`).
    let whole = whole_word_at(line, segments[j].range.end);
    // A word that opens sentences glued on whole (`ServiceWe currently
    // provide...`) ends no name, however often the page glues it so.
    if whole == token && SENTENCE_OPENERS.contains(&right) {
        return false;
    }
    written_elsewhere(&token, whole, doc) || whole != token && written_elsewhere(whole, whole, doc)
}

/// Pronouns and `If`, which open sentences: glued after a title, never
/// the end of a name (unlike `In` of `LinkedIn` or `This` of `AddThis`).
const SENTENCE_OPENERS: &[&str] = &["We", "You", "Your", "Our", "If"];

/// Whether `word`, standing in the line within the whole word `whole`, is
/// written the same way elsewhere in the policy, or in one case
/// (`MailChimp`, `Mailchimp`, `mailchimp.com`).
fn written_elsewhere(word: &str, whole: &str, doc: &Doc<'_>) -> bool {
    let own = u32::from(word == whole);
    if doc.count(word) > own {
        return true;
    }
    let mut chars = word.chars();
    let first = chars.next().map(String::from).unwrap_or_default();
    let capitalised = first + &chars.as_str().to_lowercase();
    doc.count(&word.to_lowercase()) > 0 || capitalised != word && doc.count(&capitalised) > 0
}

/// The whole word (run of letters and digits) of `line` around byte `at`.
fn whole_word_at(line: &str, at: usize) -> &str {
    let start = line[..at]
        .rfind(|c: char| !c.is_alphanumeric())
        .map_or(0, |i| {
            i + line[i..].chars().next().map_or(1, char::len_utf8)
        });
    let end = line[at..]
        .find(|c: char| !c.is_alphanumeric())
        .map_or(line.len(), |i| at + i);
    &line[start..end]
}

/// A single glued word is a heading only when it is ALL CAPS or long.
fn strong_single(text: &str) -> bool {
    let word = text.trim();
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 5 && (super::headings::is_all_caps(word) || letters >= 6)
}

/// Body text after a glued heading: a few words that are not a title.
fn is_body(text: &str) -> bool {
    more_words_than(text, 3) && (!title_like(text) || text.trim_end().ends_with(['.', '!']))
}

/// Text ending a line after a heading glued at its start: a closed
/// sentence or a long run of text, not the unpunctuated blurb of a menu
/// entry (`Pool BrandingCustomize the user experience to fit your style`).
fn ends_the_line_as_prose(text: &str) -> bool {
    let text = text.trim_end();
    text.ends_with(['.', '!', '?', ':', ';', ')', '"', '”'])
        || text.chars().count() >= MIN_OPEN_BODY_CHARS
}

/// Shortest unpunctuated text that may end a line after a glued heading.
const MIN_OPEN_BODY_CHARS: usize = 100;

/// Title-shaped: short, capitalised, no sentence punctuation inside.
fn title_like(text: &str) -> bool {
    let text = text.trim().trim_matches(['-', '=']).trim_start();
    if numbered_period_title(text) {
        return true;
    }
    let text = strip_number(text);
    let question = text.ends_with('?');
    let (max_words, max_chars) = if question {
        (MAX_QUESTION_WORDS, MAX_QUESTION_CHARS)
    } else {
        (MAX_WORDS, MAX_CHARS)
    };
    let Some(first_word) = text.split_whitespace().next() else {
        return false;
    };
    if text.chars().count() > max_chars
        || text.ends_with(['.', ',', ';', ':'])
        || text.contains(". ")
        || glued_label(text)
        || text.contains(['@', '/', '|'])
        || more_words_than(text, max_words)
    {
        return false;
    }
    let first = text.chars().next().unwrap_or(' ');
    if !(first.is_uppercase() || first.is_ascii_digit()) {
        return false;
    }
    if question || super::headings::is_all_caps(text) {
        return true;
    }
    let (mut words, mut content, mut capitalised) = (0, 0, 0);
    for word in text.split_whitespace() {
        words += 1;
        let initial = word.chars().next();
        if word.chars().count() > 3 || initial.is_some_and(char::is_uppercase) {
            content += 1;
            if initial.is_some_and(|c| !c.is_lowercase()) {
                capitalised += 1;
            }
        }
    }
    let sentence_start = matches!(
        first_word,
        "We" | "I" | "It" | "They" | "This" | "These" | "There"
    );
    capitalised * 4 >= content * 3 || words <= 4 && !sentence_start
}

/// A label glued to its value (`located at:275 A Street`): a colon with
/// no space after it.
fn glued_label(text: &str) -> bool {
    text.match_indices(':')
        .any(|(at, _)| text[at + 1..].starts_with(|c: char| c.is_alphanumeric()))
}

/// The text after a leading `1. ` or `12. `.
fn strip_number(text: &str) -> &str {
    match text.split_once(". ") {
        Some((n, rest))
            if !n.is_empty() && n.len() <= 2 && n.bytes().all(|b| b.is_ascii_digit()) =>
        {
            rest.trim_start()
        }
        _ => text,
    }
}

/// A numbered Title-Case phrase closed by a period (`1. Information
/// Security.`), the title of a numbered lead-in.
fn numbered_period_title(text: &str) -> bool {
    let Some((number, rest)) = text.split_once(' ') else {
        return false;
    };
    let numbered = number.len() <= 3
        && number.ends_with('.')
        && number[..number.len() - 1]
            .bytes()
            .all(|b| b.is_ascii_digit());
    let Some(words) = rest.strip_suffix('.') else {
        return false;
    };
    numbered
        && !words.contains(['.', ';', ':', '!', '?', '(', '"'])
        && !more_words_than(words, 7)
        && words
            .split_whitespace()
            .filter(|w| w.chars().count() >= 4)
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// A cheap test that rules out most lines: no ASCII capital right after a
/// letter, digit, punctuation mark or non-ASCII byte.
fn may_be_glued(bytes: &[u8]) -> bool {
    (2..bytes.len()).any(|i| {
        let (b, p1, p2) = (bytes[i], bytes[i - 1], bytes[i - 2]);
        b.is_ascii_uppercase()
            && (p1.is_ascii_lowercase()
                || p1.is_ascii_digit()
                || p1 >= 0x80
                || b".!?;:)]-=".contains(&p1)
                || p1.is_ascii_uppercase() && p2.is_ascii_uppercase())
            || (b.is_ascii_digit() || b == b'-')
                && b".!?;".contains(&p1)
                && p2.is_ascii_alphabetic()
    })
}

/// Byte offsets where a capitalised word is glued to the text before it.
fn glue_points(line: &str) -> Vec<(usize, Glue)> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    for k in 2..chars.len().saturating_sub(1) {
        let (at, c) = chars[k];
        let (p1, p2) = (chars[k - 1].1, chars[k - 2].1);
        if let Some(glue) = marked_after_sentence(&chars, k) {
            out.push(glue);
            continue;
        }
        if !c.is_uppercase() {
            continue;
        }
        let lower_after = || {
            chars[k + 1..]
                .iter()
                .take_while(|(_, c)| c.is_lowercase())
                .count()
        };
        // A word, or a hyphenated one (`E-mails`).
        let word_follows = chars[k + 1].1.is_alphabetic()
            || chars[k + 1].1 == '-' && chars.get(k + 2).is_some_and(|c| c.1.is_alphabetic());
        let glue = match p1 {
            '.' | '!' | '?' | ';'
                if word_follows
                    && (p2.is_alphanumeric() || matches!(p2, ')' | '"' | '”' | '\u{a0}')) =>
            {
                Glue::Sentence
            }
            ':' if word_follows && p2.is_alphabetic() => Glue::Colon,
            '-' | '=' if word_follows && p2 == p1 => Glue::Ruler,
            _ if lower_after() == 0 => continue,
            ')' | ']' => Glue::Camel,
            _ if p1.is_lowercase() => Glue::Camel,
            _ if p1.is_ascii_digit() && lower_after() >= 2 => Glue::Camel,
            _ if p1.is_uppercase() && p2.is_uppercase() && !plural_acronym(&chars[k..]) => {
                Glue::Caps
            }
            _ => continue,
        };
        out.push((at, glue));
    }
    out
}

/// A numbered title (`1. Personal`) or one marked by a dash (`- Website`)
/// starting at `chars[k]` right after a sentence end: a glue at `k`.
fn marked_after_sentence(chars: &[(usize, char)], k: usize) -> Option<(usize, Glue)> {
    let (p1, p2) = (chars[k - 1].1, chars[k - 2].1);
    if !matches!(p1, '.' | '!' | '?' | ';')
        || !(p2.is_alphabetic() || matches!(p2, ')' | '"' | '”'))
    {
        return None;
    }
    let next = |n: usize| chars.get(k + n).map_or(' ', |c| c.1);
    let c = chars[k].1;
    let dashed = c == '-' && next(1) == ' ' && next(2).is_uppercase();
    let numbered = c.is_ascii_digit()
        && (next(1) == '.' && next(2) == ' ' && next(3).is_uppercase()
            || next(1).is_ascii_digit()
                && next(2) == '.'
                && next(3) == ' '
                && next(4).is_uppercase());
    (dashed || numbered).then_some((chars[k].0, Glue::Sentence))
}

/// Numbered titles closed by a period in a line that has numbered titles
/// glued into it (`1. Our Commitment to Privacy. This notice...`,
/// `...cookies.3. How the Information is Used. The information...`):
/// each is cut off at its
/// period, where a space and a capital, a lettered item (`(a)`) or a
/// glued capital follows. A title numbered one
/// more than one found this way is looked for after a year or another
/// number of three digits or more too (`...November 25th, 2016.11.
/// Contact E-Mail.You may...`).
fn numbered_titles(line: &str, glues: Vec<(usize, Glue)>) -> Vec<(usize, Glue)> {
    if glues.is_empty() {
        return glues;
    }
    let original = glues.clone();
    let mut glues = glues;
    let mut found: Vec<u32> = Vec::new();
    let mut glued_found = 0;
    let mut k = 0;
    let mut starts: Vec<usize> = std::iter::once(0)
        .chain(glues.iter().map(|g| g.0))
        .collect();
    while k < starts.len() {
        let start = starts[k];
        k += 1;
        let Some((number, end)) = numbered_title_at(line, start) else {
            continue;
        };
        found.push(number);
        glued_found += usize::from(start > 0);
        let after = line[end..].trim_start_matches(' ');
        let next = line.len() - after.len();
        if next < line.len() && !glues.iter().any(|g| g.0 == next) {
            glues.push((next, Glue::Sentence));
            starts.push(next);
        }
        // The next number, glued after a number of the text (`2016.11.`)
        // that is no section number (`2.3.`).
        let wanted = format!(".{}. ", number + 1);
        if !found.contains(&(number + 1)) {
            if let Some(at) = line[end..].find(&wanted).map(|at| end + at + 1) {
                let digits_before = line[..at - 1]
                    .bytes()
                    .rev()
                    .take_while(u8::is_ascii_digit)
                    .count();
                if digits_before >= 3
                    && !starts.contains(&at)
                    && numbered_title_at(line, at).is_some()
                {
                    glues.push((at, Glue::Sentence));
                    starts.push(at);
                }
            }
        }
    }
    // A title opening the line alone is a numbered paragraph's lead-in,
    // cut out only where the line has numbered titles glued into it.
    if glued_found == 0 {
        return original;
    }
    glues.sort_unstable_by_key(|g| g.0);
    glues.dedup_by_key(|g| g.0);
    glues
}

/// A numbered Title-Case title closed by a period starting at byte
/// `start` of `line` (`3. How and When the Information is Used.`),
/// followed by the line's end, a space and a capital, a lettered item or
/// a glued capital: its number and the byte after its period.
fn numbered_title_at(line: &str, start: usize) -> Option<(u32, usize)> {
    let text = &line[start..];
    let (number, rest) = text.split_once(". ")?;
    if number.is_empty() || number.len() > 2 || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !rest.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    let title_end = number.len() + 2 + rest.find('.')? + 1;
    // A list of numbered entries on one line is no title (`1. Collecting
    // Information 2. Use of Information 3. ...`).
    if text[..title_end - 1].ends_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let after = &text[title_end..];
    let follows = after.is_empty()
        || after.starts_with(|c: char| c.is_uppercase())
        || after.starts_with('(')
        || after
            .strip_prefix(' ')
            .is_some_and(|a| a.starts_with(char::is_uppercase));
    (follows && numbered_period_title(&text[..title_end]))
        .then(|| Some((number.parse().ok()?, start + title_end)))
        .flatten()
}

/// `IDs`, `URLs`: an acronym's plural `s`, not a glued word.
fn plural_acronym(rest: &[(usize, char)]) -> bool {
    let word: String = rest
        .iter()
        .skip(1)
        .take_while(|(_, c)| c.is_alphabetic())
        .map(|&(_, c)| c)
        .collect();
    word == "s"
}

/// Turns heading marks into pieces, trimming rulers off headings.
fn pieces(line: &str, segments: &[Segment<'_>], headings: &[bool]) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    for (segment, &heading) in segments.iter().zip(headings) {
        let mut range = segment.range.clone();
        if heading {
            let text = &line[range.clone()];
            let trimmed = text.trim_end_matches(['-', '=', ' ']);
            range.end = range.start + trimmed.len();
            let unmarked = trimmed.trim_start_matches(['-', ' ']);
            range.start = range.end - unmarked.len();
        }
        match out.last_mut() {
            Some(last) if !heading && !last.heading => last.range.end = range.end,
            _ => out.push(Piece {
                range,
                heading,
                menu: false,
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(line: &str) -> Vec<(&str, bool)> {
        split_line(line, &Doc::new(line))
            .into_iter()
            .map(|p| (&line[p.range], p.heading))
            .collect()
    }

    #[test]
    fn headings_glued_on_both_sides_are_cut_out() {
        let line = "We are not responsible for sites to which we may link.Information We CollectPersonal InformationMost of the information on the site is given by you.";
        assert_eq!(
            split(line),
            [
                (
                    "We are not responsible for sites to which we may link.",
                    false
                ),
                ("Information We Collect", true),
                ("Personal Information", true),
                (
                    "Most of the information on the site is given by you.",
                    false
                ),
            ]
        );
    }

    #[test]
    fn numbered_caps_headings_and_questions() {
        let line = "Privacy Statement----SECTION 2 - CONSENTHow do you get my consent?When you provide us with personal information we imply that you consent.";
        assert_eq!(
            split(line),
            [
                ("Privacy Statement----", false),
                ("SECTION 2 - CONSENT", true),
                ("How do you get my consent?", true),
                (
                    "When you provide us with personal information we imply that you consent.",
                    false
                ),
            ]
        );
    }

    #[test]
    fn long_questions_and_hyphenated_headings_glued_after_a_sentence() {
        let line = "We may share visitor information for marketing.How can you opt-out, remove or modify information you have provided to us?To modify your e-mail subscriptions, let us know.";
        assert_eq!(
            split(line)[1],
            (
                "How can you opt-out, remove or modify information you have provided to us?",
                true
            )
        );
        let line = "A notice will be posted for 30 days whenever this statement is changed.E-mailsYou will receive promotional e-mails from us only if you ask.";
        assert_eq!(split(line)[1], ("E-mails", true));
    }

    #[test]
    fn dashed_and_numbered_headings_glued_after_a_sentence() {
        let line = "We respect your privacy.- Website VisitorsLike most website operators, we collect data browsers make available.";
        assert_eq!(split(line)[1], ("Website Visitors", true));
        let line = "You may give us two kinds of information.1. Personal Information You Choose to ProvideCredit Card InformationIf you donate, we ask for your card number.";
        assert_eq!(
            split(line)[1..3],
            [
                ("1. Personal Information You Choose to Provide", true),
                ("Credit Card Information", true)
            ]
        );
        let line = "How Do We Protect Your Information?1. Information Security.We use encryption to keep what you send us safe.";
        assert_eq!(split(line)[1], ("1. Information Security.", true));
    }

    #[test]
    fn numbered_titles_run_into_their_text_in_a_glued_line() {
        let line = "1. Our Promise to You. This notice says how we treat your data and why we keep it.2. What We Collect.(a) We collect what you type into our forms when you order.3. How We Use It. We use it to fill your orders, as of March 3rd, 2019.4. Contact E-Mail.You may write to us at any time.";
        let headings: Vec<&str> = split(line)
            .into_iter()
            .filter(|p| p.1)
            .map(|p| p.0)
            .collect();
        assert_eq!(
            headings,
            [
                "1. Our Promise to You.",
                "2. What We Collect.",
                "3. How We Use It.",
                "4. Contact E-Mail."
            ]
        );
        assert!(split(line).contains(&(
            "This notice says how we treat your data and why we keep it.",
            false
        )));
        // A numbered lead-in opening a line with nothing numbered glued
        // into it stays whole, and so does a list of numbered entries.
        let line =
            "1. Definitions. In this policy, words have the meanings below.We use them throughout.";
        assert_eq!(split(line).len(), 1);
        let line = "Contents.1. Collecting Information 2. Use of Information 3. Sharing of Information.We explain each in turn below.";
        assert!(split(line)
            .iter()
            .all(|p| !p.0.starts_with("1. Collecting")));
    }

    #[test]
    fn a_pronoun_glued_after_titles_the_same_way_twice_is_no_name() {
        let line = "Please read these terms.2. Description of ServiceWe provide a library of charts and screens to our users.7. Changes to ServiceWe may change or end the service at any time.";
        let headings: Vec<&str> = split(line)
            .into_iter()
            .filter(|p| p.1)
            .map(|p| p.0)
            .collect();
        assert_eq!(
            headings,
            ["2. Description of Service", "7. Changes to Service"]
        );
        // A name written twice stays whole (`LinkedIn`, `AddThis`).
        let line = "Follow us on LinkedIn for news about our products.Find us on LinkedIn and share it with AddThis, or AddThis and more.";
        assert!(split(line).iter().all(|p| !p.1));
    }

    #[test]
    fn menu_entries_glued_to_their_blurbs_and_names_written_two_ways_stay_whole() {
        let menu = "Pool BrandingCustomize the user experience to fit with your brand or style";
        assert_eq!(split(menu).len(), 1);
        let line = "We use MailChimp as our marketing platform for the newsletter.";
        let doc = format!("{line}\nMailchimp keeps your address in the United States.");
        assert_eq!(split_line(line, &Doc::new(&doc)).len(), 1);
        let line = "Please read these terms before you sign up.To register on RunYourPool.com you must be eighteen.";
        let doc = format!("{line}\nRunYourPool.com runs office pools for you and your friends.");
        assert_eq!(split_line(line, &Doc::new(&doc)).len(), 1);
    }

    #[test]
    fn page_chrome_glued_before_the_title_is_cut_off() {
        let line = "Skip to contentHome/Privacy PolicyOur privacy policyOur Commitment To PrivacyThis privacy statement describes how we collect and use the information you give us.";
        let pieces = split(line);
        assert_eq!(pieces[0], ("Skip to contentHome/Privacy Policy", false));
        assert!(pieces.contains(&("Our Commitment To Privacy", true)));
        let line = "01604 499691 sales@example.co.ukHomeNewsCareersPrivacy PolicySummary If you are browsing our website, we will not collect any personal information about you.";
        assert_eq!(
            split(line)[0],
            ("01604 499691 sales@example.co.ukHomeNewsCareers", false)
        );
        let menu = "HomeLampsResourcesEventsPrivacy PolicyAboutContact UsTanning Catalog RequestHeartlink Registration";
        assert_eq!(split(menu).len(), 1);
        let line = "Privacy PolicyLast updatedJanuary 2020IntroductionWe collect the information you give us when you order from our shop.";
        // No chrome before a title that opens the line.
        let first = &split(line)[0];
        assert!(first.1 || first.0 == line);
    }

    #[test]
    fn a_heading_closing_in_a_bracket_or_glued_after_a_spaced_full_stop() {
        let line = "It describes how you can update this information.European Union General Data Protection Regulation (GDPR)As required by the regulation, we protect your rights.";
        assert_eq!(
            split(line)[1],
            (
                "European Union General Data Protection Regulation (GDPR)",
                true
            )
        );
        let line = "You can contact us at info@example.com\u{a0}.Information Obtained from Third PartiesIf you give us details of others, we use them only for that.";
        assert_eq!(
            split(line)[1],
            ("Information Obtained from Third Parties", true)
        );
    }

    #[test]
    fn menus_and_addresses_glued_into_a_line_hold_no_headings() {
        let menu = "HomeBankingDeposit AccountsMortgagesTrust ServicesDigital BankingLoans and Credit CardsResource CenterFinancial Calculators (APR)Lost or Stolen Card";
        assert_eq!(split(menu).len(), 1);
        let line = "You can rent kayaks from us all summer long.San Juan Kayak is located at:275 A Street (Kiosk)Friday Harbor is a short walk from the ferry landing.";
        assert!(split(line).iter().all(|&(_, heading)| !heading));
    }

    #[test]
    fn sentences_and_names_are_not_split() {
        let plain = "We use Google AdSense and PayPal to show ads and take payments.Google AdSense sets cookies in your browser when you visit.";
        assert_eq!(split(plain).len(), 1);
        let list = "We collect the following information:When you browse our websiteTechnical information such as your IP address and browser.";
        assert_eq!(split(list).len(), 1);
        let acronyms = "You may ask for the IDs of your devices.URLs you visit are logged by our servers for a short time.";
        assert_eq!(split(acronyms).len(), 1);
    }
}
