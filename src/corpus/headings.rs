//! Recognises section titles and their numbering in blocks: markdown
//! headings, bold lines and lead-ins, numbered sub-clauses, short plain
//! lines and FAQ questions.
//!
//! Pure functions of one block (plus what follows it); no tree building.

use super::blocks::{Block, BlockKind};

/// How a heading was marked in the source; part of its style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    /// ATX or setext heading of this level.
    Markdown(u8),
    /// A paragraph (or first line) that is entirely bold.
    BoldLine,
    /// A bold title opening a paragraph of body text.
    BoldLeadIn,
    /// A numbered title with an emphasised name (`4.1 _Account_`).
    NumberedEmphasis,
    /// A short unstyled line standing alone.
    PlainLine,
    /// A question standing alone (FAQ).
    Question,
}

/// The numbering scheme of a title, which separates levels of one marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbering {
    /// No number or letter before the title.
    None,
    /// `SECTION 2`, `Article IV`, `Part 1`.
    Named,
    /// `4.`, `4.1`, `4.1.2`: the number of components.
    Dotted(usize),
    /// `(a)`, `a.`, `a)`.
    LowerLetter,
    /// `A.`, `B)`.
    UpperLetter,
    /// `I.`, `iv)`.
    Roman,
}

/// A heading found in a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// The title text, whitespace folded and markup characters trimmed.
    pub title: String,
    /// How the title was recognised (markdown heading, bold line, ...).
    pub marker: Marker,
    /// The numbering scheme read from the title's start.
    pub numbering: Numbering,
    /// Dotted number (`4.1`), used to attach sub-clauses to their parent.
    pub number: Option<String>,
    /// Body text that shared the block with the title.
    pub rest: Option<String>,
    /// A page widget's caption removed from the title (`Accordion Toggle`).
    pub widget: Option<String>,
}

/// Longest title a non-markdown heading may have.
const MAX_TITLE_CHARS: usize = 120;
/// Longest question standing alone as a heading when it is one question
/// (`What partners or service providers have access to Personally
/// Identifiable Information from Visitors and/or Authorized Customers on
/// the Site?`).
const MAX_QUESTION_CHARS: usize = 160;
/// Markdown headings longer than this are paragraphs marked up as headings.
const MAX_MARKDOWN_TITLE_CHARS: usize = 120;

/// Recognises a heading in `block`; `next` is the following body block.
pub fn detect(block: &Block, next: Option<&Block>) -> Option<Heading> {
    match block.kind {
        BlockKind::Heading(level) => {
            let title = clean_title(&block.text);
            (!title.is_empty()
                && title.chars().count() <= MAX_MARKDOWN_TITLE_CHARS
                && !is_date_line(&title))
            .then(|| heading(title, Marker::Markdown(level), None))
        }
        BlockKind::Paragraph => bold(block, next)
            .or_else(|| literal_bold_line(block))
            .or_else(|| numbered_emphasis(block))
            .or_else(|| standalone_line(block, next))
            .filter(|h| !is_date_line(&h.title)),
        BlockKind::ListItem { ordered: true } => standalone_line(block, next)
            .filter(|h| h.numbering != Numbering::None || is_all_caps(&h.title)),
        _ => None,
    }
}

/// A heading cut out of a line it was glued to (see `glued`).
pub fn glued(block: &Block) -> Option<Heading> {
    if !block.glued_heading {
        return None;
    }
    let title = clean_title(&block.text);
    (!title.is_empty() && !is_date_line(&title)).then(|| heading(title, Marker::PlainLine, None))
}

/// A short line naming the policy (`Acme Privacy Policy`), taken as a
/// title candidate at the top of a document even with no body after it.
pub fn title_line(block: &Block, title_words: &[&str]) -> Option<Heading> {
    let text = block.text.trim();
    let lower = text.to_lowercase();
    let fits = matches!(block.kind, BlockKind::Paragraph)
        && block.breaks.is_empty()
        && text.chars().count() <= 100
        && !text.ends_with(['.', ',', ';'])
        && title_words.iter().any(|w| lower.contains(w))
        && looks_like_title(text);
    fits.then(|| heading(clean_title(text), Marker::PlainLine, None))
}

fn heading(title: String, marker: Marker, rest: Option<String>) -> Heading {
    let (numbering, number) = numbering_of(&title);
    Heading {
        title,
        marker,
        numbering,
        number,
        rest,
        widget: None,
    }
}

/// Whole-bold paragraphs, bold first lines and numbered bold lead-ins.
fn bold(block: &Block, next: Option<&Block>) -> Option<Heading> {
    let text = &block.text;
    let lead = text.len() - text.trim_start_matches(is_invisible).len();
    let first = block
        .styles
        .first()
        .filter(|r| r.strong && r.range.0 <= lead)?;
    let mut bold_end = first.range.1;
    for run in &block.styles[1..] {
        if run.range.1 <= bold_end {
            continue;
        }
        if run.strong && run.range.0 >= bold_end && text[bold_end..run.range.0].trim().is_empty() {
            bold_end = run.range.1;
        } else {
            break;
        }
    }
    let title = clean_title(&text[..bold_end]);
    if title.is_empty() || title.chars().count() > MAX_TITLE_CHARS {
        return None;
    }
    let rest = text[bold_end..].trim();
    // A bold line whose run closes only after the line break, at the start
    // of the next line (`**Title  \n\u{200d}**Text`).
    if let Some(&b) = block.breaks.first().filter(|&&b| b < bold_end) {
        let title = clean_title(&text[..b]);
        let closes_late = text[b..bold_end]
            .chars()
            .all(|c| c.is_whitespace() || is_invisible(c));
        if closes_late && !title.is_empty() && !rest.is_empty() {
            return Some(heading(title, Marker::BoldLine, Some(rest.to_string())));
        }
    }
    if rest.is_empty() {
        let lead_in_list = title.ends_with(':') && next.is_some_and(is_list);
        return (!lead_in_list).then(|| heading(title, Marker::BoldLine, None));
    }
    if block.breaks.first().is_some_and(|&b| {
        text.get(bold_end..b)
            .is_some_and(|gap| gap.trim().is_empty())
    }) {
        return Some(heading(title, Marker::BoldLine, Some(rest.to_string())));
    }
    let (numbering, _) = numbering_scheme(&title);
    let closes = title.ends_with(['.', ':']) || rest.starts_with(['.', ':', '—', '–', '-']);
    if numbering != Numbering::None && closes && rest.len() > 1 {
        let rest = rest
            .trim_start_matches(['.', ':', '—', '–', '-', ' '])
            .to_string();
        return Some(heading(title, Marker::BoldLeadIn, Some(rest)));
    }
    None
}

/// A first line that a bold mark left unpaired opens or closes
/// (`**Information we collect from other sources`, `Use of private
/// information policy (GDPR)**`), or a title line after a line holding
/// only such a mark: a bold line whose markup the page broke.
fn literal_bold_line(block: &Block) -> Option<Heading> {
    let text = block.text.trim_start_matches(is_invisible);
    let mut lines = text.split('\n');
    let mut first = lines.next()?.trim();
    let mut rest_at = first.len();
    if first == "**" {
        let second = lines.next()?;
        rest_at += 1 + second.len();
        first = second.trim();
    }
    let unpaired =
        first.matches("**").count() == 1 && (first.starts_with("**") || first.ends_with("**"));
    if !unpaired {
        return None;
    }
    let title = clean_title(first);
    let shaped = title.chars().count() <= MAX_TITLE_CHARS
        && !title.ends_with(['.', ',', ';'])
        && !title.contains(". ")
        && !more_words_than(&title, 12)
        && title
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    let rest = text.get(rest_at..).unwrap_or("");
    let rest = rest.trim_start_matches(|c: char| c.is_whitespace() || is_invisible(c) || c == '*');
    shaped.then(|| {
        let rest = (!rest.is_empty()).then(|| rest.to_string());
        heading(title, Marker::BoldLine, rest)
    })
}

/// Characters that take no room: joiners and marks pages leave around
/// their markup.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{2060}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}'
    )
}

/// `4.1 _Account_ text` → heading "4.1 Account" and the rest.
fn numbered_emphasis(block: &Block) -> Option<Heading> {
    let text = &block.text;
    let number_len = dotted_prefix(text)?;
    let run = block.styles.first()?;
    if run.range.0 >= number_len
        && text[number_len..run.range.0].trim().is_empty()
        && run.range.1 - run.range.0 <= 80
    {
        let title = clean_title(&format!(
            "{} {}",
            text[..number_len].trim(),
            &text[run.range.0..run.range.1]
        ));
        let rest = text[run.range.1..]
            .trim_start_matches(['.', ':', ' '])
            .trim();
        let rest = (!rest.is_empty()).then(|| rest.to_string());
        return Some(heading(title, Marker::NumberedEmphasis, rest));
    }
    None
}

/// A short line standing alone before body text.
fn standalone_line(block: &Block, next: Option<&Block>) -> Option<Heading> {
    let next = next?;
    if !is_body(next) || block.text.trim_end().ends_with(':') && is_list(next) {
        return None;
    }
    title_shaped_line(block)
}

/// A short, title-shaped line on its own (whatever follows it).
pub fn title_shaped_line(block: &Block) -> Option<Heading> {
    let text = block.text.trim();
    if !block.breaks.is_empty() && !is_wrapped_question(block)
        || block.links > 0 && block.link_bytes * 2 > text.len()
    {
        return None;
    }
    // No character takes more than four bytes: a longer text is no title,
    // and a long paragraph is not counted through.
    if text.len() > 4 * MAX_TITLE_CHARS.max(90) {
        return None;
    }
    let first = text.chars().next()?;
    // A title has words and never gives an e-mail address or a trail of
    // pages glued to its marks (`Vacation Paradise >About Us`).
    if !(first.is_uppercase() || first.is_ascii_digit() || first == '(')
        || text.contains('@')
        || is_glued_trail(text)
        || !text.contains(char::is_alphabetic)
    {
        return None;
    }
    if is_lead_in(text) || is_request(text) || is_back_to_top(text) || is_answer(text) {
        return None;
    }
    let chars = text.chars().count();
    if text.ends_with('?')
        && (chars <= MAX_TITLE_CHARS || chars <= MAX_QUESTION_CHARS && is_one_question(text))
    {
        return Some(heading(text.to_string(), Marker::Question, None));
    }
    if chars > 90
        || more_words_than(text, 12) && !is_long_title_case(text)
        || text.ends_with(['.', ',', ';', '!', '"', '”'])
            && !is_numbered_title(text)
            && !is_period_title(text)
            && !is_numbered_period_title(text)
        || !(looks_like_title(strip_number(text)) || is_numbered_phrase(text))
    {
        return None;
    }
    Some(heading(clean_title(text), Marker::PlainLine, None))
}

/// A trail of pages whose marks are glued to the next page's name
/// (`Vacation Paradise >About Us`, `Home>Privacy`).
fn is_glued_trail(text: &str) -> bool {
    text.match_indices(['>', '»'])
        .any(|(at, mark)| text[at + mark.len()..].starts_with(char::is_alphabetic))
}

/// A sentence opening a list, closed by a colon: its subject a pronoun
/// (`You warrant and represent that:`, `We may share it with:`), a modal
/// verb in it (`Your resume may not contain:`) or its last word one that
/// leaves it open (`...such as:`, `...the following:`).
fn is_lead_in(text: &str) -> bool {
    let Some(body) = text.strip_suffix(':') else {
        return false;
    };
    let open_end = body
        .rsplit(' ')
        .next()
        .is_some_and(|w| LEAD_IN_ENDS.iter().any(|e| w.eq_ignore_ascii_case(e)));
    let modal = body.split_whitespace().skip(1).any(|w| MODALS.contains(&w));
    is_subject_lead_in(text) || open_end || modal
}

/// Modal verbs, in lower case a sentence's verb (`Your resume may not
/// contain:`).
const MODALS: &[&str] = &[
    "may", "must", "shall", "will", "should", "can", "cannot", "might", "would",
];

/// A lead-in whose subject is a pronoun (`We promise:`): a sentence, and
/// body text a heading can stand over.
fn is_subject_lead_in(text: &str) -> bool {
    let Some(body) = text.strip_suffix(':') else {
        return false;
    };
    let mut words = body.split_whitespace();
    words.next().is_some_and(|w| SUBJECTS.contains(&w))
        && words
            .next()
            .is_some_and(|w| w.starts_with(char::is_lowercase))
}

/// A request to the reader (`Please read our Privacy Policy`, `See our
/// cookie notice`, `Click here to opt out`): a verb that asks, then a
/// word in lower case; a sentence, never a title.
fn is_request(text: &str) -> bool {
    opens_with_verb(text, REQUESTS)
}

/// One of `verbs`, then a word in lower case.
fn opens_with_verb(text: &str, verbs: &[&str]) -> bool {
    let mut words = text.split_whitespace();
    words.next().is_some_and(|w| verbs.contains(&w))
        && words
            .next()
            .is_some_and(|w| w.starts_with(char::is_lowercase))
}

/// A link's label calling the reader to act (`Subscribe to our
/// newsletter`, `Sign up for email`, `Return to top`): a verb of a page's
/// buttons, then a word in lower case.
pub fn is_call_to_action(text: &str) -> bool {
    opens_with_verb(text, CALLS_TO_ACTION)
}

/// A link back to the top of the page closing a section (`Return to
/// top`, `Back to top`): never a title, and a heading may follow it.
pub fn is_back_to_top(text: &str) -> bool {
    is_call_to_action(text)
        && !more_words_than(text, 4)
        && text
            .rsplit(' ')
            .next()
            .is_some_and(|w| w.eq_ignore_ascii_case("top"))
}

/// Verbs of a page's buttons and links.
const CALLS_TO_ACTION: &[&str] = &[
    "Subscribe",
    "Unsubscribe",
    "Sign",
    "Log",
    "Register",
    "Download",
    "Follow",
    "Join",
    "Return",
    "Go",
    "Back",
];

/// Verbs that open a request to the reader.
const REQUESTS: &[&str] = &["Please", "See", "Click", "Read", "Visit"];

/// Pronouns that open a sentence as its subject.
const SUBJECTS: &[&str] = &["We", "You", "I", "They", "It"];

/// Last words of a sentence that a list completes.
const LEAD_IN_ENDS: &[&str] = &[
    "that",
    "the",
    "a",
    "an",
    "of",
    "to",
    "as",
    "include",
    "includes",
    "including",
    "following",
    "follows",
    "below",
    "are",
    "is",
    "by",
    "with",
    "for",
    "from",
    "when",
    "if",
    "whether",
];

/// A table cell's answer standing on its own line (`Yes`, `No`, `N/A`,
/// `Yes, for members`): never a title.
fn is_answer(text: &str) -> bool {
    let (first, rest) = text.split_once(',').unwrap_or((text, ""));
    let first = first.trim_end_matches(['.', '!']);
    ["yes", "no", "n/a", "none"]
        .iter()
        .any(|a| first.eq_ignore_ascii_case(a))
        && !more_words_than(rest, ANSWER_WORDS)
}

/// Most words of an answer in a table cell.
const ANSWER_WORDS: usize = 4;

/// One question and nothing else: opening with a question word (after a
/// number, if any), no other sentence in it.
fn is_one_question(text: &str) -> bool {
    let body = &text[..text.len() - 1];
    let opens = strip_number(text)
        .split_whitespace()
        .next()
        .is_some_and(|w| QUESTION_WORDS.iter().any(|q| w.eq_ignore_ascii_case(q)));
    opens && !body.contains(['?', '!', ';']) && !body.contains(". ")
}

/// Words that open a question.
pub(super) const QUESTION_WORDS: &[&str] = &[
    "what", "how", "who", "whom", "whose", "which", "when", "where", "why", "can", "do", "does",
    "is", "are", "will", "should", "may", "could", "would",
];

/// A question wrapped after its first words (`What` / `Personally
/// Identifiable Information is collected?`): the first line holds up to
/// three words and the whole is no longer than a title.
fn is_wrapped_question(block: &Block) -> bool {
    let text = block.text.trim_end();
    let first_line = block.breaks.first().and_then(|&b| block.text.get(..b));
    text.ends_with('?')
        && text.chars().count() <= MAX_TITLE_CHARS
        && first_line.is_some_and(|l| !more_words_than(l, 3))
}

/// Longest sentence-case line heading, in words and characters.
const SENTENCE_TITLE_WORDS: usize = 9;
const SENTENCE_TITLE_CHARS: usize = 60;

/// A sentence-case line of up to nine words with no punctuation, standing
/// before a paragraph at least twice its length (`How long we keep your
/// information`); the caller checks that a paragraph ends before it.
pub fn sentence_case_line(block: &Block, next: Option<&Block>) -> Option<Heading> {
    let text = block.text.trim();
    let next = next?;
    let fits = matches!(block.kind, BlockKind::Paragraph)
        && block.breaks.is_empty()
        && next.text.len() >= text.len() * 2
        && text.chars().next().is_some_and(char::is_uppercase)
        && text.chars().count() <= SENTENCE_TITLE_CHARS
        && !more_words_than(text, SENTENCE_TITLE_WORDS)
        && !text.contains(|c: char| c.is_ascii_punctuation() && !matches!(c, '\'' | '-' | '&'))
        && is_body(next);
    fits.then(|| heading(text.to_string(), Marker::PlainLine, None))
}

/// A title of up to sixteen words in strict Title Case, without
/// punctuation (`How We Use Information and When We May Share and
/// Disclose Information Generally`): every word of four letters or more
/// capitalised, small words such as `and` in lower case (not a menu
/// line, not a sentence in capitals).
fn is_long_title_case(text: &str) -> bool {
    let capitalised = |w: &&str| w.chars().next().is_some_and(|c| c.is_uppercase());
    let small_words = text
        .split_whitespace()
        .filter(|w| w.starts_with(char::is_lowercase))
        .count();
    !more_words_than(text, MAX_TITLE_CASE_WORDS)
        && small_words >= 2
        && text
            .split_whitespace()
            .filter(|w| w.chars().count() > 1 && is_all_caps(w))
            .count()
            <= 1
        && !text.contains(|c: char| c.is_ascii_punctuation() && !matches!(c, '\'' | '-' | '&'))
        && text
            .split_whitespace()
            .filter(|w| w.chars().count() >= 4)
            .all(|w| capitalised(&w))
}

/// Most words of a line title in strict Title Case.
const MAX_TITLE_CASE_WORDS: usize = 16;

/// A short Title-Case phrase closed by a period (`No Warranties.`,
/// `Limitation Of Liability.`): the first word and every word of four
/// letters or more capitalised, no other sentence punctuation.
fn is_period_title(text: &str) -> bool {
    let Some(body) = text.strip_suffix('.') else {
        return false;
    };
    let words: Vec<&str> = body.split_whitespace().collect();
    let capitalised = |w: &&str| w.chars().next().is_some_and(|c| c.is_uppercase());
    !words.is_empty()
        && words.len() <= 7
        && !body.contains(['.', ',', ';', ':', '!', '?', '(', '"'])
        && words.first().is_some_and(capitalised)
        && words
            .iter()
            .filter(|w| w.chars().count() >= 4)
            .all(capitalised)
}

/// A numbered title closed by a period (`2. Mandatory Information.`): a
/// dotted number, then a Title-Case phrase closed by a period.
fn is_numbered_period_title(text: &str) -> bool {
    matches!(numbering_scheme(text).0, Numbering::Dotted(_)) && is_period_title(strip_number(text))
}

/// A numbered phrase in sentence case (`3. Providing your personal data
/// to others`): a dotted number, then up to ten words with no
/// punctuation (a numbered clause is a sentence, with commas or a stop),
/// neither opening on a subject (`You must...`) nor ending on a word
/// that leaves it open (`...that all`).
fn is_numbered_phrase(text: &str) -> bool {
    let (Numbering::Dotted(_), _) = numbering_scheme(text) else {
        return false;
    };
    let phrase = strip_number(text);
    let subject = phrase
        .split_whitespace()
        .next()
        .is_some_and(|w| matches!(w, "We" | "You" | "I" | "It" | "They"));
    let open_end = phrase.rsplit(' ').next().is_some_and(|w| {
        matches!(
            w,
            "the" | "a" | "an" | "of" | "and" | "or" | "to" | "all" | "that" | "your" | "our"
        )
    });
    !more_words_than(phrase, MAX_NUMBERED_PHRASE_WORDS)
        && !subject
        && !open_end
        && phrase.starts_with(char::is_uppercase)
        && !phrase.contains(['.', ',', ';', ':', '!', '?', '"', '“'])
}

/// Most words of a numbered phrase in sentence case.
const MAX_NUMBERED_PHRASE_WORDS: usize = 10;

fn is_numbered_title(text: &str) -> bool {
    let (numbering, _) = numbering_scheme(text);
    numbering != Numbering::None && !text.trim_end_matches('.').contains(". ")
}

/// A line heading over a sub-heading in plain text stands right after a
/// paragraph of running text closed by a full stop (not a list entry),
/// and it and the sub-heading have more than one word each (a
/// breadcrumb's `Home`, a wrapped title's last word have one).
pub(super) fn heads_after_paragraph(blocks: &[Block], i: usize) -> bool {
    let closed = i.checked_sub(1).is_some_and(|p| {
        let text = blocks[p].text.trim_end();
        text.chars().count() >= 60 && text.ends_with(['.', '!'])
    });
    let worded = blocks[i..]
        .iter()
        .take(2)
        .filter(|b| more_words_than(&b.text, 1))
        .count();
    closed && worded == 2
}

/// Body text a standalone title can head: a sentence, a long line or a list.
pub fn is_body(block: &Block) -> bool {
    let text = block.text.trim();
    let sentence = text.ends_with(['.', '!', '?', ':', ';', ')']);
    !matches!(block.kind, BlockKind::Heading(_))
        && (is_list(block)
            || text.chars().count() >= 60
            || sentence && more_words_than(text, 3)
            || text.starts_with("Please ") && is_request(text) && more_words_than(text, 2)
            || is_subject_lead_in(text))
}

/// True when `text` has more than `n` whitespace-separated words (as
/// `split_whitespace` counts them); stops counting there.
pub(super) fn more_words_than(text: &str, n: usize) -> bool {
    let mut words = 0;
    let mut in_word = false;
    for c in text.chars() {
        if c.is_whitespace() {
            in_word = false;
        } else if !in_word {
            in_word = true;
            words += 1;
            if words > n {
                return true;
            }
        }
    }
    false
}

fn is_list(block: &Block) -> bool {
    matches!(block.kind, BlockKind::ListItem { .. })
}

/// The title without its leading number or letter (`4.1`, `(a)`, `IV.`).
fn strip_number(text: &str) -> &str {
    match numbering_scheme(text).0 {
        Numbering::None => text,
        Numbering::Named => text
            .splitn(3, ' ')
            .nth(2)
            .unwrap_or(text)
            .trim_start_matches(['-', '–', '—', ':', ' ']),
        _ => text
            .split_once(' ')
            .map_or(text, |(_, rest)| rest.trim_start()),
    }
}

/// Dates and version stamps (`Last updated: June 2016`) are body text;
/// a title that names a date without giving one (`Effective Date and
/// Updates`) is not a date line.
pub fn is_date_line(title: &str) -> bool {
    if !title.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let lower = title.to_lowercase();
    [
        "last updated",
        "last update",
        "updated",
        "last modified",
        "last revised",
        "last changed",
        "modified",
        "revised",
        "effective",
        "date of",
        "version",
        "dated",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
}

/// Title case, ALL CAPS, or a short sentence-case phrase starting upper case.
fn looks_like_title(text: &str) -> bool {
    if !text
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    {
        return false;
    }
    let (mut words, mut capitalised) = (0, 0);
    for word in text.split_whitespace() {
        words += 1;
        if word.chars().next().is_some_and(|c| !c.is_lowercase()) {
            capitalised += 1;
        }
    }
    let lowercase_tail = words - capitalised;
    capitalised * 2 >= words || words <= 5 && lowercase_tail <= 4 || is_all_caps(text)
}

/// True when every letter is upper case (and there are some).
pub fn is_all_caps(text: &str) -> bool {
    let mut letters = text.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some() && letters.all(|c| !c.is_lowercase())
}

/// Removes leftover markup and invisible characters around the title
/// (the text of empty self-links) and folds whitespace.
pub fn clean_title(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !folded.is_empty() {
            folded.push(' ');
        }
        folded.push_str(word);
    }
    let folded = folded.trim_end_matches(['-', '=']);
    folded
        .trim_matches(|c: char| {
            matches!(
                c,
                '*' | '_' | '#' | '\u{2060}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}'
            ) || c.is_whitespace()
        })
        .to_string()
}

/// Length of a dotted number prefix with at least two parts (`4.1 `).
fn dotted_prefix(text: &str) -> Option<usize> {
    let first = text.split_whitespace().next()?;
    let parts = dotted_parts(first.trim_end_matches('.'))?;
    (parts >= 2).then_some(first.len())
}

/// The number of parts of a dotted number (`4.1.2` → 3) when every part
/// has one to three digits.
fn dotted_parts(dotted: &str) -> Option<usize> {
    let mut parts = 0;
    for part in dotted.split('.') {
        if part.is_empty() || part.len() > 3 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        parts += 1;
    }
    Some(parts)
}

/// Words that open a named number (`Section 2`).
const NUMBER_NAMES: [&str; 4] = ["section", "article", "part", "chapter"];

/// The numbering scheme of a title and its dotted number, if any.
pub fn numbering_of(title: &str) -> (Numbering, Option<String>) {
    let (numbering, number) = numbering_scheme(title);
    (numbering, number.map(str::to_string))
}

/// [`numbering_of`] with the dotted number borrowed from the title.
fn numbering_scheme(title: &str) -> (Numbering, Option<&str>) {
    let mut words = title.split_whitespace();
    let Some(first) = words.next() else {
        return (Numbering::None, None);
    };
    // None of the names holds a letter that a non-ASCII character lowers
    // to, so an ASCII comparison matches what lower-casing would.
    if NUMBER_NAMES
        .iter()
        .any(|name| first.eq_ignore_ascii_case(name))
        && words.next().is_some_and(|w| {
            let w = w.trim_end_matches(['.', ':']);
            w.bytes().all(|b| b.is_ascii_digit()) || is_roman(w)
        })
    {
        return (Numbering::Named, None);
    }
    let token = first.trim_end_matches([':']);
    let dotted = token.trim_end_matches('.');
    if let Some(parts) = dotted_parts(dotted) {
        if (token.ends_with('.') || parts > 1 || first.ends_with(')')) && title.len() > first.len()
        {
            return (Numbering::Dotted(parts), Some(dotted));
        }
    }
    let bare = token.trim_start_matches('(').trim_end_matches([')', '.']);
    let marked = token.ends_with(['.', ')']) && bare.len() < token.len();
    if !marked || bare.is_empty() || title.len() <= first.len() {
        return (Numbering::None, None);
    }
    if bare.len() == 1 {
        let c = bare.chars().next().unwrap_or(' ');
        if c.is_ascii_digit() {
            return (Numbering::Dotted(1), Some(bare));
        }
        if c.is_ascii_lowercase() && c != 'i' {
            return (Numbering::LowerLetter, None);
        }
        if c.is_ascii_uppercase() && c != 'I' {
            return (Numbering::UpperLetter, None);
        }
    }
    if is_roman(bare) {
        return (Numbering::Roman, None);
    }
    if bare.bytes().all(|b| b.is_ascii_digit()) && bare.len() <= 3 {
        return (Numbering::Dotted(1), Some(bare));
    }
    (Numbering::None, None)
}

fn is_roman(word: &str) -> bool {
    !word.is_empty()
        && word.len() <= 6
        && (word.bytes().all(|b| b"IVXLC".contains(&b))
            || word.bytes().all(|b| b"ivxlc".contains(&b)))
}

#[cfg(test)]
mod tests;
