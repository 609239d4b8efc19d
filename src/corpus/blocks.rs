//! Splits a policy's text into blocks: the leaf containers of markdown
//! (headings, paragraphs, list items, table rows, quotes, code); plain-text
//! policies are rebuilt into the same blocks by `plain`.
//!
//! Invariant: every piece of visible text of the source lands in exactly
//! one block, in document order; markup is removed, link text is kept and
//! image alt text is dropped (images are only counted).

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// The container a block came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// An ATX or setext heading with its level (1–6).
    Heading(u8),
    /// A paragraph of running text.
    Paragraph,
    /// One item of a list.
    ListItem {
        /// True for a numbered list, false for a bulleted one.
        ordered: bool,
    },
    /// One row of a table, its cells joined by a separator.
    TableRow,
    /// Text inside a block quote.
    Quote,
    /// A fenced or indented code block.
    Code,
}

/// A run of emphasised text inside a block's text (byte offsets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StyleRun {
    /// Start and end byte offsets into the block's text (end exclusive).
    pub range: (usize, usize),
    /// True for strong (bold) text, false for plain emphasis (italics).
    pub strong: bool,
}

/// One leaf block of text.
#[derive(Debug, Clone)]
pub struct Block {
    /// The container the block came from.
    pub kind: BlockKind,
    /// Plain text, trimmed; line breaks inside are `\n` (hard) or ` ` (soft).
    pub text: String,
    /// Byte range in the source.
    pub span: Range<usize>,
    /// Strong and emphasis runs, in order.
    pub styles: Vec<StyleRun>,
    /// Offsets in `text` where a source line ends.
    pub breaks: Vec<usize>,
    /// Bytes of `text` that are link text.
    pub link_bytes: usize,
    /// Number of links.
    pub links: usize,
    /// Links to an anchor on the same page (`#section`): tables of
    /// contents and headings that link to themselves.
    pub anchor_links: usize,
    /// Links that only drive a page widget (`#` alone, `javascript:`).
    pub widget_links: usize,
    /// Number of images (their alt text is not part of `text`).
    pub images: usize,
    /// A heading cut out of a plain-text line it was glued to.
    pub glued_heading: bool,
    /// Menu entries glued onto the end of a plain-text page's last line
    /// of text, cut off from it.
    pub glued_menu: bool,
}

impl Block {
    pub(super) fn new(kind: BlockKind) -> Self {
        Block {
            kind,
            text: String::new(),
            span: Range {
                start: usize::MAX,
                end: 0,
            },
            styles: Vec::new(),
            breaks: Vec::new(),
            link_bytes: 0,
            links: 0,
            anchor_links: 0,
            widget_links: 0,
            images: 0,
            glued_heading: false,
            glued_menu: false,
        }
    }

    /// The first source line of the text.
    pub fn first_line(&self) -> &str {
        match self.breaks.first() {
            Some(&end) => &self.text[..end],
            None => &self.text,
        }
    }

    pub(super) fn touch(&mut self, range: &Range<usize>) {
        self.span.start = self.span.start.min(range.start);
        self.span.end = self.span.end.max(range.end);
    }
}

/// Between the cells of a table row; empty cells are left out.
const CELL_SEPARATOR: &str = " — ";

/// Parses markdown into blocks.
pub fn markdown_blocks(source: &str) -> Vec<Block> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut builder = Builder::default();
    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
        builder.event(event, range);
    }
    builder.flush();
    builder.blocks
}

#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    current: Option<Block>,
    /// Open list items: whether each list is ordered.
    lists: Vec<bool>,
    items_open: usize,
    quotes: usize,
    open_styles: Vec<(usize, bool)>,
    link_start: Option<usize>,
    /// Text length before the open table cell's separator.
    cell_start: Option<usize>,
    in_image: usize,
    in_html_block: bool,
}

impl Builder {
    fn context_kind(&self) -> BlockKind {
        if self.items_open > 0 {
            BlockKind::ListItem {
                ordered: self.lists.last().copied().unwrap_or(false),
            }
        } else if self.quotes > 0 {
            BlockKind::Quote
        } else {
            BlockKind::Paragraph
        }
    }

    fn start(&mut self, kind: BlockKind) {
        self.flush();
        self.current = Some(Block::new(kind));
    }

    fn block(&mut self) -> &mut Block {
        let kind = self.context_kind();
        self.current.get_or_insert_with(|| Block::new(kind))
    }

    fn flush(&mut self) {
        self.open_styles.clear();
        self.link_start = None;
        let Some(mut block) = self.current.take() else {
            return;
        };
        if self.in_html_block || block.text.contains('<') {
            strip_tags(&mut block);
        }
        trim_block(&mut block);
        if !block.text.is_empty() || block.images > 0 {
            if block.span.start > block.span.end {
                block.span = 0..0;
            }
            self.blocks.push(block);
        }
    }

    fn push_text(&mut self, text: &str, range: &Range<usize>) {
        if self.in_image > 0 {
            return;
        }
        let block = self.block();
        block.text.push_str(text);
        block.touch(range);
    }

    fn line_break(&mut self, hard: bool, range: &Range<usize>) {
        let block = self.block();
        block.breaks.push(block.text.len());
        block.text.push(if hard { '\n' } else { ' ' });
        block.touch(range);
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start_tag(tag, &range),
            Event::End(tag) => self.end_tag(tag),
            Event::Text(text) | Event::Code(text) => self.push_text(&text, &range),
            Event::InlineMath(text) | Event::DisplayMath(text) => self.push_text(&text, &range),
            Event::Html(html) => {
                if self.in_html_block {
                    self.push_text(&html, &range);
                }
            }
            Event::InlineHtml(html) => {
                let tag = html.trim_start_matches('<').to_ascii_lowercase();
                if tag.starts_with("br") {
                    self.line_break(true, &range);
                }
            }
            Event::SoftBreak => self.line_break(false, &range),
            Event::HardBreak => self.line_break(true, &range),
            Event::FootnoteReference(text) => self.push_text(&text, &range),
            Event::TaskListMarker(_) | Event::Rule => {}
        }
    }

    fn start_tag(&mut self, tag: Tag<'_>, range: &Range<usize>) {
        match tag {
            Tag::Heading { level, .. } => self.start(BlockKind::Heading(level as u8)),
            Tag::Paragraph => {
                let continues_item = matches!(
                    &self.current,
                    Some(b) if matches!(b.kind, BlockKind::ListItem { .. }) && b.text.trim().is_empty()
                );
                if !continues_item {
                    let kind = self.context_kind();
                    self.start(kind);
                }
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.quotes += 1;
            }
            Tag::CodeBlock(_) => self.start(BlockKind::Code),
            Tag::HtmlBlock => {
                let kind = self.context_kind();
                self.start(kind);
                self.in_html_block = true;
            }
            Tag::List(first) => {
                self.flush();
                self.lists.push(first.is_some());
            }
            Tag::Item => {
                self.flush();
                self.items_open += 1;
                let kind = self.context_kind();
                self.current = Some(Block::new(kind));
            }
            Tag::TableHead | Tag::TableRow => self.start(BlockKind::TableRow),
            Tag::TableCell => {
                let block = self.block();
                let before = block.text.len();
                if !block.text.trim().is_empty() {
                    block.text.push_str(CELL_SEPARATOR);
                }
                self.cell_start = Some(before);
            }
            Tag::Emphasis | Tag::Strong => {
                let strong = matches!(tag, Tag::Strong);
                let at = self.block().text.len();
                self.open_styles.push((at, strong));
            }
            Tag::Link { dest_url, .. } => {
                let dest = dest_url.trim();
                let widget = dest == "#" || dest.to_ascii_lowercase().starts_with("javascript:");
                let block = self.block();
                block.links += 1;
                block.anchor_links += usize::from(!widget && dest.starts_with('#'));
                block.widget_links += usize::from(widget);
                block.touch(range);
                self.link_start = Some(block.text.len());
            }
            Tag::Image { .. } => {
                self.block().images += 1;
                self.in_image += 1;
            }
            Tag::Table(_)
            | Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::MetadataBlock(_) => {}
        }
    }

    fn end_tag(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_)
            | TagEnd::Paragraph
            | TagEnd::CodeBlock
            | TagEnd::TableHead
            | TagEnd::TableRow => self.flush(),
            TagEnd::HtmlBlock => {
                self.flush();
                self.in_html_block = false;
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.quotes = self.quotes.saturating_sub(1);
            }
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
            }
            TagEnd::Item => {
                self.flush();
                self.items_open = self.items_open.saturating_sub(1);
            }
            TagEnd::Emphasis | TagEnd::Strong => {
                if let Some((start, strong)) = self.open_styles.pop() {
                    let block = self.block();
                    let end = block.text.len();
                    if end > start {
                        block.styles.push(StyleRun {
                            range: (start, end),
                            strong,
                        });
                    }
                }
            }
            TagEnd::Link => {
                if let Some(start) = self.link_start.take() {
                    let block = self.block();
                    block.link_bytes += block.text.len().saturating_sub(start);
                }
            }
            TagEnd::Image => self.in_image = self.in_image.saturating_sub(1),
            TagEnd::TableCell => {
                if let Some(before) = self.cell_start.take() {
                    let block = self.block();
                    let cell = block.text.get(before..).unwrap_or("");
                    if cell.trim_start_matches(CELL_SEPARATOR).trim().is_empty() {
                        block.text.truncate(before);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Removes HTML tags (and decodes a few common entities) from block text.
fn strip_tags(block: &mut Block) {
    let mut out = String::with_capacity(block.text.len());
    let mut rest = block.text.as_str();
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        let looks_like_tag = after[1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!');
        match (looks_like_tag, after.find('>')) {
            (true, Some(close)) => {
                out.push(' ');
                rest = &after[close + 1..];
            }
            _ => {
                out.push('<');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    let decoded = out
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">");
    block.text = decoded.split_whitespace().collect::<Vec<_>>().join(" ");
    block.styles.clear();
    block.breaks.clear();
}

/// Trims whitespace, shifting style runs and break offsets to match.
fn trim_block(block: &mut Block) {
    let leading = block.text.len() - block.text.trim_start().len();
    let kept = block.text.trim().len();
    if leading == 0 && kept == block.text.len() {
        return;
    }
    block.text = block.text[leading..leading + kept].to_string();
    let clamp = |x: usize| x.saturating_sub(leading).min(kept);
    for run in &mut block.styles {
        run.range = (clamp(run.range.0), clamp(run.range.1));
    }
    block.styles.retain(|r| r.range.1 > r.range.0);
    block.breaks = block
        .breaks
        .iter()
        .map(|&b| clamp(b))
        .filter(|&b| b > 0 && b < kept)
        .collect();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(blocks: &[Block]) -> Vec<&str> {
        blocks.iter().map(|b| b.text.as_str()).collect()
    }

    #[test]
    fn markdown_leaf_blocks_in_order() {
        let md = "# Title\n\nPara **bold** and [link](http://x).\n\n* one\n* two\n  * nested\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n> quoted\n";
        let blocks = markdown_blocks(md);
        assert_eq!(
            texts(&blocks),
            [
                "Title",
                "Para bold and link.",
                "one",
                "two",
                "nested",
                "a — b",
                "1 — 2",
                "quoted"
            ]
        );
        assert_eq!(blocks[0].kind, BlockKind::Heading(1));
        assert_eq!(
            blocks[1].styles,
            [StyleRun {
                range: (5, 9),
                strong: true
            }]
        );
        assert_eq!(blocks[1].links, 1);
        assert_eq!(blocks[7].kind, BlockKind::Quote);
    }

    #[test]
    fn images_are_counted_not_read() {
        let blocks = markdown_blocks("![Company logo](logo.png)\n");
        assert_eq!(blocks.len(), 1);
        assert_eq!(blocks[0].text, "");
        assert_eq!(blocks[0].images, 1);
    }

    #[test]
    fn table_rows_skip_empty_cells() {
        let blocks = markdown_blocks("| Data | | Use |\n|---|---|---|\n| Logs |  | Security |\n");
        assert_eq!(texts(&blocks), ["Data — Use", "Logs — Security"]);
    }

    #[test]
    fn html_tags_are_stripped() {
        let blocks = markdown_blocks("<div><p>We &amp; you</p></div>\n");
        assert_eq!(texts(&blocks), ["We & you"]);
    }
}
