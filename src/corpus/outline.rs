//! Builds a policy's section tree from its blocks: decides which blocks are
//! headings, furniture or clauses, finds the document title, and nests
//! headings by their style (markdown level, marker and numbering).
//!
//! Invariant: every block's text ends up in exactly one place: the title,
//! a section title, a clause, or a furniture entry.

use super::blocks::{markdown_blocks, Block, BlockKind};
use super::edges;
use super::furniture;
use super::headings::{self, Heading, Marker, Numbering};
use super::meta;
use super::model::{Clause, ClauseKind, Furniture, FurnitureKind, Section};
use super::plain::{self, plain_blocks};
use super::titles::{self, Cell, Entry};
use std::ops::Range;

/// How the source text is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Markdown (CommonMark, with tables and strikethrough).
    Markdown,
    /// Plain page text, one paragraph per line (or hard-wrapped).
    PlainText,
}

/// The parsed structure of one policy text.
#[derive(Debug, Default)]
pub struct Outline {
    /// The document title; `None` when no heading reads as one.
    pub title: Option<String>,
    /// The section tree, flattened in document order (parents first).
    pub sections: Vec<Section>,
    /// The clauses in document order, the preamble's first.
    pub clauses: Vec<Clause>,
    /// Page furniture kept out of the clauses, in document order.
    pub furniture: Vec<Furniture>,
    /// The date of a `Last updated: ...` sentence (`YYYY-MM-DD`).
    pub updated: Option<String>,
}

/// What one block turned out to be.
enum Item {
    Furniture(FurnitureKind),
    Heading(Heading),
    Clause,
    /// The document title, kept in [`Outline::title`].
    Title,
}

/// Words that mark a heading as the document's title.
const TITLE_WORDS: &[&str] = &[
    "privacy",
    "policy",
    "notice",
    "statement",
    "cookie",
    "datenschutz",
    "confidentialit",
];
/// Words that mark a plain line as the document's title: `notice` and
/// `statement` alone also name sections (`Important Notice`).
const PLAIN_TITLE_WORDS: &[&str] = &[
    "privacy",
    "policy",
    "cookie",
    "datenschutz",
    "confidentialit",
];
/// Blocks before the title shorter than this are page furniture (menus).
const MENU_BLOCK_CHARS: usize = 100;

/// Parses `text` into a section tree.
pub fn parse(text: &str, format: Format) -> Outline {
    let mut blocks = match format {
        Format::Markdown => markdown_blocks(text),
        Format::PlainText => plain_blocks(text),
    };
    let furniture: Vec<Option<FurnitureKind>> = blocks.iter().map(furniture::detect).collect();
    let mut items: Vec<Item> = Vec::with_capacity(blocks.len());
    for i in 0..blocks.len() {
        let item = classify(&blocks, &furniture, i, format, &items);
        items.push(item);
    }
    mark_consent_dialogs(&blocks, &mut items);
    mark_cookie_panels(&blocks, &mut items);
    strip_widget_labels(&mut items);
    mark_tables_of_contents(&mut items);
    mark_menu_captions(&blocks, &mut items);
    mark_table_terms(&blocks, &mut items);
    mark_edge_cookie_notices(&blocks, &mut items);
    if format == Format::PlainText {
        mark_page_edges(&blocks, &mut items);
    }
    mark_stranded_footer_text(&blocks, &mut items);
    let title_at = find_title(&blocks, &items).map(|(t, chrome_before)| {
        if format == Format::PlainText {
            if let Some(u) = title_below_page_heading(&blocks, &mut items, t) {
                return (u, true);
            }
        }
        (t, chrome_before)
    });
    let mut outline = Outline::default();
    if let Some((t, chrome_before)) = title_at {
        for (block, item) in blocks.iter().zip(items.iter_mut()).take(t) {
            let short = block.text.chars().count() < MENU_BLOCK_CHARS;
            if matches!(item, Item::Clause | Item::Heading(_)) && (short || chrome_before) {
                *item = Item::Furniture(FurnitureKind::Navigation);
            }
        }
        if let Item::Heading(h) = &items[t] {
            outline.title = Some(h.title.clone());
            if let Some(rest) = &h.rest {
                blocks[t].text = rest.clone();
                items[t] = Item::Clause;
            } else {
                items[t] = Item::Title;
            }
        }
        if let Some(title) = &outline.title {
            drop_repeated_title(&blocks, &mut items, t, title);
        }
    }
    build_tree(&mut outline, &blocks, items, format);
    outline.updated = updated_date(&outline.clauses);
    outline
}

/// Turns a cookie notice left without its buttons on the page's first or
/// last line of text into furniture.
fn mark_edge_cookie_notices(blocks: &[Block], items: &mut [Item]) {
    let first = (0..items.len()).find(|i| !matches!(items[*i], Item::Furniture(_)));
    let last = (0..items.len()).rfind(|i| !matches!(items[*i], Item::Furniture(_)));
    for i in [first, last].into_iter().flatten() {
        if matches!(items[i], Item::Clause) && furniture::is_cookie_notice(&blocks[i].text) {
            items[i] = Item::Furniture(FurnitureKind::CookieBanner);
        }
    }
}

/// Turns the menu lines at the top and bottom of a plain-text page into
/// furniture, and judges again the lines left standing after the header.
fn mark_page_edges(blocks: &[Block], items: &mut [Item]) {
    let text: Vec<bool> = items.iter().map(|i| matches!(i, Item::Clause)).collect();
    let furniture: Vec<bool> = items
        .iter()
        .map(|i| matches!(i, Item::Furniture(_)))
        .collect();
    let known = edges::Known {
        furniture: &furniture,
        text: &text,
    };
    let found = edges::page_edges(blocks, &known, |b| {
        headings::title_line(b, TITLE_WORDS).is_some() && !edges::is_breadcrumb(&b.text)
    });
    for i in found {
        items[i] = Item::Furniture(FurnitureKind::Navigation);
    }
    // The title and headings right after a page header may now stand.
    let Some(first) = items.iter().position(|i| !matches!(i, Item::Furniture(_))) else {
        return;
    };
    for i in first..(first + RESTANDING).min(items.len()) {
        // Text that glued headings follow is an opening, not a heading.
        if blocks.get(i + 1).is_some_and(|b| b.glued_heading) {
            break;
        }
        if matches!(items[i], Item::Clause) {
            let kinds: Vec<Option<FurnitureKind>> = items
                .iter()
                .map(|i| match i {
                    Item::Furniture(k) => Some(*k),
                    _ => None,
                })
                .collect();
            items[i] = classify(blocks, &kinds, i, Format::PlainText, &items[..i]);
        }
        if headings::is_body(&blocks[i]) {
            break;
        }
    }
}

/// Turns a short text stranded in the page footer into furniture: after
/// the policy's last text, the footer's menus (three furniture blocks or
/// more), then a line of one or two sentences such as a newsletter
/// checkbox's label (`Yes, I want to receive news and product emails.
/// Read our privacy policy.`), then nothing but furniture to the page end;
/// or a lone link below the copyright line (a country switcher). A date
/// line stays text.
fn mark_stranded_footer_text(blocks: &[Block], items: &mut [Item]) {
    loop {
        let Some(last) = items.iter().rposition(|i| !matches!(i, Item::Furniture(_))) else {
            return;
        };
        let text = blocks[last].text.trim();
        let before = || {
            items[..last]
                .iter()
                .rev()
                .take_while(|i| matches!(i, Item::Furniture(_)))
        };
        let short = text.chars().count() <= STRANDED_CHARS
            && text.matches(". ").count() < STRANDED_SENTENCES
            && matches!(items[last], Item::Clause | Item::Heading(_))
            && meta::updated_date(text).is_none();
        let between = last + 1 < items.len() && before().count() >= STRANDED_MENUS;
        let link_below_copyright = furniture::is_link_only(&blocks[last])
            && before().any(|i| matches!(i, Item::Furniture(FurnitureKind::Copyright)));
        if !(short && (between || link_below_copyright)) {
            return;
        }
        items[last] = Item::Furniture(FurnitureKind::Navigation);
    }
}

/// Fewest furniture blocks above a text stranded in the page footer, and
/// the longest such text.
const STRANDED_MENUS: usize = 3;
const STRANDED_CHARS: usize = 160;
/// Most sentences of a text stranded in the page footer.
const STRANDED_SENTENCES: usize = 2;

/// Blocks after a page header judged again as title or headings.
const RESTANDING: usize = 3;

/// Clauses near the start and end of a policy where a `Last updated`
/// sentence usually stands.
const UPDATED_SEARCH: usize = 12;

/// The date the policy says it was last changed, from its first or last
/// clauses.
fn updated_date(clauses: &[Clause]) -> Option<String> {
    let tail = clauses.len().saturating_sub(UPDATED_SEARCH / 2);
    clauses
        .iter()
        .take(UPDATED_SEARCH)
        .chain(clauses.iter().skip(tail.max(UPDATED_SEARCH)))
        .filter(|c| c.text.len() < 300)
        .find_map(|c| meta::updated_date(&c.text))
}

fn classify(
    blocks: &[Block],
    furniture: &[Option<FurnitureKind>],
    i: usize,
    format: Format,
    done: &[Item],
) -> Item {
    let block = &blocks[i];
    if format == Format::PlainText && i == 0 && plain::is_bare_url(block.text.trim()) {
        return Item::Furniture(FurnitureKind::SourceUrl);
    }
    if let Some(kind) = furniture[i] {
        return Item::Furniture(kind);
    }
    if let Some(h) = headings::glued(block) {
        return Item::Heading(h);
    }
    let next = (i + 1..blocks.len())
        .find(|&j| furniture[j].is_none())
        .map(|j| &blocks[j]);
    if done.iter().all(|i| matches!(i, Item::Furniture(_))) {
        if let Some(h) = headings::title_line(block, TITLE_WORDS) {
            return Item::Heading(h);
        }
    }
    match headings::detect(block, next) {
        Some(h)
            if format == Format::Markdown
                || !matches!(h.marker, Marker::PlainLine | Marker::Question) =>
        {
            Item::Heading(h)
        }
        Some(h) if follows_body(blocks, i, done) && !is_list_label(blocks, i, done) => {
            Item::Heading(h)
        }
        Some(_) => Item::Clause,
        None => match heads_a_heading(blocks, i) {
            Some(h) if format == Format::Markdown => Item::Heading(h),
            // Plain text has menus of title-shaped lines too; a numbered
            // title after text is no menu entry.
            Some(h) if headings::heads_after_paragraph(blocks, i) => Item::Heading(h),
            Some(h)
                if matches!(h.numbering, Numbering::Dotted(_))
                    && follows_body(blocks, i, done)
                    && !is_list_label(blocks, i, done) =>
            {
                Item::Heading(h)
            }
            _ if format == Format::PlainText => headings::sentence_case_line(block, next)
                .filter(|_| i > 0 && ends_prose(&blocks[i - 1]))
                .map_or(Item::Clause, Item::Heading),
            _ => Item::Clause,
        },
    }
}

/// Turns the text of cookie dialogs (short blocks about cookies ending in
/// consent buttons) into furniture.
fn mark_consent_dialogs(blocks: &[Block], items: &mut [Item]) {
    let buttons: Vec<usize> = (0..items.len())
        .filter(|&i| matches!(items[i], Item::Furniture(FurnitureKind::Button)))
        .filter(|&i| furniture::is_consent_button(blocks[i].text.trim()))
        .collect();
    for button in buttons {
        for i in furniture::consent_dialog(blocks, button) {
            if !matches!(items[i], Item::Furniture(_)) {
                items[i] = Item::Furniture(FurnitureKind::CookieBanner);
            }
        }
    }
}

/// Turns the cookie settings panel after a page's last cookie banner into
/// furniture: when every block from the banner to the end of the page is
/// about cookies or a short caption (`Manage our use of cookies`,
/// `Cookie Type`, `Save`), the banner ends the policy.
fn mark_cookie_panels(blocks: &[Block], items: &mut [Item]) {
    let Some(banner) = items
        .iter()
        .rposition(|i| matches!(i, Item::Furniture(FurnitureKind::CookieBanner)))
    else {
        return;
    };
    let panel = (banner + 1..items.len()).all(|i| {
        matches!(items[i], Item::Furniture(_)) || furniture::is_cookie_panel_line(&blocks[i])
    });
    if !panel {
        return;
    }
    for item in &mut items[banner + 1..] {
        if !matches!(item, Item::Furniture(_)) {
            *item = Item::Furniture(FurnitureKind::CookieBanner);
        }
    }
}

/// Drops widget captions (`Accordion Toggle`) that the policy repeats at
/// the start of its headings.
fn strip_widget_labels(items: &mut [Item]) {
    let mut headings: Vec<&mut Heading> = items
        .iter_mut()
        .filter_map(|i| match i {
            Item::Heading(h) => Some(h),
            _ => None,
        })
        .collect();
    let mut titles: Vec<&mut String> = headings.iter_mut().map(|h| &mut h.title).collect();
    let removed = titles::strip_widget_labels(&mut titles);
    for (h, label) in headings.into_iter().zip(removed) {
        if label.is_some() {
            (h.numbering, h.number) = headings::numbering_of(&h.title);
            h.widget = label;
        }
    }
}

/// Turns a run of headings that a table of contents repeats into
/// furniture, so that no section appears twice.
fn mark_tables_of_contents(items: &mut [Item]) {
    let entries: Vec<Entry<'_>> = items
        .iter()
        .map(|i| match i {
            Item::Heading(h) if h.rest.is_none() => Entry::Heading(&h.title),
            Item::Furniture(_) => Entry::Skip,
            _ => Entry::Text,
        })
        .collect();
    for i in titles::table_of_contents(&entries) {
        items[i] = Item::Furniture(FurnitureKind::Navigation);
    }
}

/// Turns the caption of a table of contents or a language menu
/// (`Table of Contents`, `Available in other languages:`) into furniture,
/// with the entries of links right after it.
fn mark_menu_captions(blocks: &[Block], items: &mut [Item]) {
    for i in 0..items.len() {
        if matches!(items[i], Item::Furniture(_)) || blocks[i].links > 0 {
            continue;
        }
        let Some(caption) = furniture::menu_caption(&blocks[i].text) else {
            continue;
        };
        let mut end = i + 1;
        while end < items.len()
            && (matches!(items[end], Item::Furniture(FurnitureKind::Navigation))
                || furniture::is_contents_entry(&blocks[end]))
        {
            end += 1;
        }
        if caption == furniture::Caption::Menu && end == i + 1 {
            continue;
        }
        for item in &mut items[i..end] {
            if !matches!(item, Item::Furniture(_)) {
                *item = Item::Furniture(FurnitureKind::Navigation);
            }
        }
    }
}

/// Turns the line headings of a table flattened one cell per line (or a
/// glossary) back into clauses.
fn mark_table_terms(blocks: &[Block], items: &mut [Item]) {
    let cells: Vec<Cell<'_>> = items
        .iter()
        .zip(blocks)
        .map(|(item, block)| match item {
            Item::Heading(h) if h.marker == Marker::PlainLine && h.rest.is_none() => {
                Cell::Term(&h.title)
            }
            Item::Clause => Cell::Text(&block.text),
            _ => Cell::Other,
        })
        .collect();
    for i in titles::table_terms(&cells) {
        items[i] = Item::Clause;
    }
}

/// A title-shaped line directly followed by a line heading of the same kind
/// (`Advertising Technology` then `Display Advertising` then body text);
/// a link's call to act (`Subscribe to our newsletter` over `Unsubscribe
/// from our newsletter`) heads nothing.
fn heads_a_heading(blocks: &[Block], i: usize) -> Option<Heading> {
    if !matches!(blocks[i].kind, BlockKind::Paragraph) {
        return None;
    }
    let own = headings::title_shaped_line(&blocks[i])?;
    if headings::is_call_to_action(&own.title) {
        return None;
    }
    let next = blocks.get(i + 1)?;
    let after = headings::detect(next, blocks.get(i + 2))?;
    (after.marker == own.marker && own.marker == Marker::PlainLine).then_some(own)
}

/// In plain text a title line stands alone: after body text, a date line
/// (`Effective December 1, 2017`), a heading or furniture, the last
/// words of a sentence wrapped onto a line of their own, or a link back
/// to the top of the page, never inside a run of short menu lines.
fn follows_body(blocks: &[Block], i: usize, done: &[Item]) -> bool {
    match (i.checked_sub(1), done.last()) {
        (None, _) | (_, Some(Item::Heading(_) | Item::Furniture(_))) => true,
        (Some(p), _) => {
            headings::is_body(&blocks[p])
                || is_statement(&blocks[p])
                || headings::is_date_line(blocks[p].text.trim())
                || closes_sentence(blocks, p, done)
                || headings::is_back_to_top(blocks[p].text.trim())
        }
    }
}

/// A word closed by a full stop on a line of its own that finishes the
/// sentence the text before it left open (`...without written permission from` /
/// `ACME.COM.`, `If you subscribe to the Acme` / `Newsletter.`).
fn closes_sentence(blocks: &[Block], p: usize, done: &[Item]) -> bool {
    let open = |b: &Block| {
        let text = b.text.trim_end();
        matches!(b.kind, BlockKind::Paragraph | BlockKind::ListItem { .. })
            && !text.ends_with(['.', '!', '?', ':', ';'])
            && headings::more_words_than(text, 3)
            && headings::title_shaped_line(b).is_none()
    };
    let last = blocks[p].text.trim();
    last.ends_with('.')
        && !last.contains(' ')
        && p.checked_sub(1)
            .is_some_and(|q| matches!(done[q], Item::Clause) && open(&blocks[q]))
}

/// A line that labels an entry of a list a colon opened: right after the
/// colon, or opening with the same word as the label right after it
/// (`...in the following ways:` / `To improve customer service` / ... /
/// `To process transactions`), or ending an unbroken run of short lines
/// right after the colon (`You must not:` / `Republish material` / `Sell
/// material` / `Redistribute content`) before no more than a short line,
/// with only text between (a question ends a list). Labels that each open a paragraph
/// of prose, the first one and this one (or the first one and the line
/// after its paragraph), head sections instead (`...as follows:` /
/// `Category 1: Strictly necessary cookies` / `These cookies are
/// essential...` / `Category 2: Performance cookies` / `These...`),
/// unless they open with an infinitive.
fn is_list_label(blocks: &[Block], i: usize, done: &[Item]) -> bool {
    let first_word = |b: &Block| b.text.split_whitespace().next().map(str::to_lowercase);
    let opens_prose = |k: usize| blocks.get(k + 1).is_some_and(is_prose_paragraph);
    for j in (i.saturating_sub(LIST_REACH)..i).rev() {
        if !matches!(done[j], Item::Clause) {
            return false;
        }
        if blocks[j].text.trim_end().ends_with(':') {
            let headed = |k: usize| opens_prose(k) && !opens_infinitive(&blocks[k]);
            let second_pair = j + 1 < i || {
                let after = (j + 2..blocks.len())
                    .take(LIST_REACH)
                    .find(|&k| !is_prose_paragraph(&blocks[k]));
                after.is_some_and(|k| {
                    headings::title_shaped_line(&blocks[k]).is_some() && opens_prose(k)
                })
            };
            if headed(j + 1) && headed(i) && second_pair {
                return false;
            }
            let short_after = blocks
                .get(i + 1)
                .is_none_or(|b| b.text.trim().chars().count() < PROSE_PARAGRAPH_CHARS);
            let run_of_entries = short_after
                && !blocks[i].text.trim_end().ends_with('?')
                && blocks[j + 1..i].iter().all(|b| !headings::is_body(b));
            return j + 1 == i
                || first_word(&blocks[j + 1]) == first_word(&blocks[i])
                || run_of_entries;
        }
    }
    false
}

/// A label opening with an infinitive (`To process transactions`): the
/// purpose the colon's sentence goes on to, a list entry whatever
/// follows it.
fn opens_infinitive(block: &Block) -> bool {
    let mut words = block.text.split_whitespace();
    words.next() == Some("To")
        && words
            .next()
            .is_some_and(|w| w.starts_with(char::is_lowercase))
}

/// A paragraph of prose: a plain paragraph opening with a capital and
/// closed by a sentence end, long enough to be more than a list entry's
/// gloss.
fn is_prose_paragraph(block: &Block) -> bool {
    let text = block.text.trim();
    matches!(block.kind, BlockKind::Paragraph)
        && text.starts_with(char::is_uppercase)
        && text.ends_with(['.', '!'])
        && text.chars().count() >= PROSE_PARAGRAPH_CHARS
}

/// Shortest paragraph of prose under a list label that makes it a heading.
const PROSE_PARAGRAPH_CHARS: usize = 80;

/// How many blocks back a list label looks for the colon opening its list.
const LIST_REACH: usize = 16;

/// A paragraph closed by a sentence end.
fn ends_prose(block: &Block) -> bool {
    headings::is_body(block) && block.text.trim_end().ends_with(['.', '!', ')'])
}

/// A line of text that is neither a menu entry nor title-shaped
/// (`This policy was last modified on 3/25/2011`).
fn is_statement(block: &Block) -> bool {
    block.text.split_whitespace().count() >= 4
        && headings::title_shaped_line(block).is_none()
        && !edges::is_menu_line(block)
}

/// Turns a heading repeating the title right below it (furniture aside:
/// `Privacy Policy` / `Home/Privacy Policy` / `Privacy Policy`) into
/// furniture.
fn drop_repeated_title(blocks: &[Block], items: &mut [Item], t: usize, title: &str) {
    let Some(u) = (t + 1..items.len()).find(|&i| !matches!(items[i], Item::Furniture(_))) else {
        return;
    };
    if matches!(&items[u], Item::Heading(h) if h.title.eq_ignore_ascii_case(title))
        && blocks[u].breaks.is_empty()
    {
        items[u] = Item::Furniture(FurnitureKind::Navigation);
    }
}

/// The document's own title below the page's heading (`Privacy Statement`
/// / `You are here: Home` / `Galil Motion Control Privacy Policy` /
/// `Overview` / text): in plain text, a line naming a privacy policy,
/// notice or statement in more words than the title found, right after it (furniture aside), followed by a
/// title-shaped line that names no policy and then body text. That line becomes the title and the line
/// after it a heading; the page heading above is chrome.
fn title_below_page_heading(blocks: &[Block], items: &mut [Item], t: usize) -> Option<usize> {
    let open = |from: usize| (from..items.len()).find(|&i| !matches!(items[i], Item::Furniture(_)));
    let u = open(t + 1)?;
    let w = open(u + 1)?;
    let title = headings::title_line(&blocks[u], TITLE_WORDS)
        .filter(|h| h.numbering == Numbering::None && !blocks[u].glued_heading)?;
    let heading = headings::title_shaped_line(&blocks[w])?;
    let words = |b: &Block| b.text.split_whitespace().count();
    // The policy's own title says more than the page heading and names
    // privacy; a menu of the site's policies would go on naming them.
    let lower = title.title.to_lowercase();
    let fuller = words(&blocks[u]) > words(&blocks[t])
        && lower.contains("privacy")
        && ["policy", "notice", "statement"]
            .iter()
            .any(|w| lower.contains(w))
        && headings::title_line(&blocks[w], TITLE_WORDS).is_none();
    let body_follows = blocks.get(w + 1).is_some_and(headings::is_body);
    if !fuller || !body_follows || heading.marker == Marker::Question {
        return None;
    }
    items[u] = Item::Heading(title);
    if matches!(items[w], Item::Clause) {
        items[w] = Item::Heading(heading);
    }
    Some(u)
}

/// Index of the block holding the document title, if there is one, and
/// whether everything before it is page chrome.
fn find_title(blocks: &[Block], items: &[Item]) -> Option<(usize, bool)> {
    let first = items.iter().position(|i| matches!(i, Item::Heading(_)))?;
    if is_title(blocks, items, first) {
        return Some((first, false));
    }
    (first + 1..items.len())
        .find(|&i| {
            is_title(blocks, items, i)
                && names_policy(&blocks[i], &items[i])
                && looks_like_chrome(&blocks[..i])
        })
        .map(|i| (i, true))
}

/// Whether the blocks before a late title are page chrome (menus, promos)
/// rather than policy text: little running prose, and less text than the
/// rest of the page would need to be a policy.
fn looks_like_chrome(before: &[Block]) -> bool {
    let prose = before
        .iter()
        .filter(|b| {
            b.text.chars().count() >= MENU_BLOCK_CHARS * 2 && b.text.ends_with(['.', ':', ';'])
        })
        .count();
    prose <= 3
}

/// Whether a heading names the policy. A plain line must name the policy
/// itself (`Important Notice` heads a section); a question (`Do we use
/// cookies?`) or a heading cut out of a line of text is never the title.
fn names_policy(block: &Block, item: &Item) -> bool {
    let Item::Heading(h) = item else {
        return false;
    };
    let lower = h.title.to_lowercase();
    let words = match h.marker {
        Marker::Markdown(_) | Marker::BoldLine => TITLE_WORDS,
        _ => PLAIN_TITLE_WORDS,
    };
    words.iter().any(|w| lower.contains(w))
        && !block.glued_heading
        && h.marker != Marker::Question
        && h.title.chars().count() <= 120
        && h.numbering == Numbering::None
}

/// Whether the heading at `at` is the document title: nothing but short
/// blocks before it, and it names the policy or stands above every later
/// heading.
fn is_title(blocks: &[Block], items: &[Item], at: usize) -> bool {
    let Item::Heading(h) = &items[at] else {
        return false;
    };
    let body_before = blocks[..at]
        .iter()
        .zip(items)
        .any(|(b, i)| matches!(i, Item::Clause) && b.text.chars().count() >= MENU_BLOCK_CHARS * 2);
    let names = names_policy(&blocks[at], &items[at]);
    let Marker::Markdown(level) = h.marker else {
        return !body_before && names;
    };
    let later = &items[at + 1..];
    let others_deeper = later.iter().all(|i| match i {
        Item::Heading(Heading {
            marker: Marker::Markdown(l),
            ..
        }) => *l > level,
        _ => true,
    });
    let has_others = later.iter().any(|i| matches!(i, Item::Heading(_)));
    if body_before {
        return others_deeper && has_others && names;
    }
    (others_deeper && (has_others || names || level == 1)) || names
}

/// A heading's style: markdown level, or marker plus numbering scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Markdown(u8),
    Other(Marker, Numbering),
}

struct Open {
    section: usize,
    style: Style,
    number: Option<String>,
}

fn build_tree(outline: &mut Outline, blocks: &[Block], items: Vec<Item>, format: Format) {
    let first_of = |marker: Marker| {
        items
            .iter()
            .position(|i| matches!(i, Item::Heading(h) if h.marker == marker))
    };
    let questions_lead = match (first_of(Marker::Question), first_of(Marker::PlainLine)) {
        (Some(q), Some(p)) => q < p,
        _ => true,
    };
    let mut stack: Vec<Open> = Vec::new();
    let mut ordinals: Vec<usize> = Vec::new();
    let mut preamble = 0;
    for (block, item) in blocks.iter().zip(items) {
        match item {
            Item::Title => {}
            Item::Furniture(kind) => outline.furniture.push(Furniture {
                kind,
                text: block.text.clone(),
                span: block.span.clone(),
            }),
            Item::Clause => push_clause(
                outline,
                &stack,
                &mut ordinals,
                &mut preamble,
                &block.text,
                block,
            ),
            Item::Heading(heading) => {
                let style = match heading.marker {
                    Marker::Markdown(level) => Style::Markdown(level),
                    // A question standing alone is a line heading like the
                    // others around it, unless in markdown an unstyled line
                    // heading came first (an FAQ part holding questions).
                    Marker::Question if format == Format::PlainText || questions_lead => {
                        Style::Other(Marker::PlainLine, heading.numbering)
                    }
                    marker => Style::Other(marker, heading.numbering),
                };
                if let Some(widget) = heading.widget {
                    outline.furniture.push(Furniture {
                        kind: FurnitureKind::Button,
                        text: widget,
                        span: block.span.clone(),
                    });
                }
                place(&mut stack, style, heading.number.as_deref());
                let parent = stack.last().map(|o| o.section);
                outline.sections.push(Section {
                    title: heading.title,
                    depth: stack.len() + 1,
                    parent,
                    path: String::new(),
                    span: block.span.clone(),
                });
                ordinals.push(0);
                stack.push(Open {
                    section: outline.sections.len() - 1,
                    style,
                    number: heading.number,
                });
                if let Some(rest) = heading.rest.filter(|r| !r.is_empty()) {
                    push_clause(outline, &stack, &mut ordinals, &mut preamble, &rest, block);
                }
            }
        }
    }
    super::ids::assign(&mut outline.sections);
}

/// Pops the stack to where a heading of `style` belongs.
fn place(stack: &mut Vec<Open>, style: Style, number: Option<&str>) {
    if let Style::Markdown(level) = style {
        while stack
            .last()
            .is_some_and(|o| !matches!(o.style, Style::Markdown(l) if l < level))
        {
            stack.pop();
        }
        return;
    }
    if let Some(parent) = number.and_then(|n| n.rsplit_once('.')).map(|(p, _)| p) {
        if let Some(at) = stack
            .iter()
            .rposition(|o| o.number.as_deref() == Some(parent))
        {
            stack.truncate(at + 1);
            return;
        }
    }
    if let Some(at) = stack.iter().rposition(|o| o.style == style) {
        stack.truncate(at);
    }
}

fn push_clause(
    outline: &mut Outline,
    stack: &[Open],
    ordinals: &mut [usize],
    preamble: &mut usize,
    text: &str,
    block: &Block,
) {
    let section = stack.last().map(|o| o.section);
    let ordinal = match section {
        Some(s) => {
            ordinals[s] += 1;
            ordinals[s]
        }
        None => {
            *preamble += 1;
            *preamble
        }
    };
    outline.clauses.push(Clause {
        section,
        ordinal,
        text: text.to_string(),
        kind: clause_kind(block.kind),
        span: span_of(block),
    });
}

fn clause_kind(kind: BlockKind) -> ClauseKind {
    match kind {
        BlockKind::ListItem { .. } => ClauseKind::ListItem,
        BlockKind::TableRow => ClauseKind::TableRow,
        BlockKind::Quote => ClauseKind::Quote,
        BlockKind::Code => ClauseKind::Code,
        BlockKind::Heading(_) | BlockKind::Paragraph => ClauseKind::Paragraph,
    }
}

fn span_of(block: &Block) -> Range<usize> {
    block.span.clone()
}

#[cfg(test)]
#[path = "outline_tests.rs"]
mod tests;
