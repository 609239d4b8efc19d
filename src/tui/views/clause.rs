//! The clause view: the selected policy laid out with headings, clauses,
//! their ids in the margin, every matched word highlighted, and a line of
//! category badges under each clause (the focused badge's cues underlined).

use super::pane;
use crate::text::ByteRange;
use crate::tui::app::{App, Pane};
use crate::tui::document::{LineKind, MARGIN};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use std::collections::{HashMap, HashSet};

pub(crate) fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let (Some(corpus), Some(p)) = (&app.data.corpus, app.browse.doc_policy) else {
        frame.render_widget(
            Paragraph::new("").block(pane(app, " Clauses ", app.browse.focus == Pane::Clauses)),
            area,
        );
        return;
    };
    let policy = corpus.policy(p);
    let title = format!(" {} ", crate::text::safe(&policy.meta.reference()));
    let block = pane(app, title, app.browse.focus == Pane::Clauses);
    let Some(doc) = app.document() else {
        return;
    };
    let (highlights, heading_hits) = clause_highlights(app, p);
    let current = current_hit(app);
    let selected_section = selected_section(app);
    let badge = app.focused_badge().filter(|b| b.policy == p);
    let cues = badge.map_or_else(Vec::new, |b| {
        crate::tagging::cue_ranges(&policy.clauses[b.clause].text, &b.cues)
    });
    let lines: Vec<Line> = doc
        .lines
        .iter()
        .skip(app.browse.doc_scroll)
        .take(block.inner(area).height as usize)
        .map(|line| match line {
            LineKind::Title => Line::styled(
                crate::text::safe(&policy.meta.title).into_owned(),
                app.theme.title,
            ),
            LineKind::Blank => Line::default(),
            LineKind::Badges(clause) => badge_line(app, p, *clause, badge),
            LineKind::Heading(s) => {
                let section = &policy.sections[*s];
                let style = if current == Some((p, None, Some(*s))) {
                    app.theme.current_hit
                } else if heading_hits.contains(s) {
                    app.theme.matched
                } else if selected_section == Some(*s) {
                    app.theme.heading_selected
                } else {
                    app.theme.heading
                };
                let indent = "  ".repeat(section.depth.saturating_sub(1));
                let reviewed = app
                    .review
                    .as_ref()
                    .is_some_and(|r| r.is_reviewed(policy, Some(*s)));
                Line::from(vec![
                    Span::styled(
                        format!("{:<width$}", section.path, width = MARGIN),
                        app.theme.dim,
                    ),
                    Span::styled(
                        format!("{indent}{}", crate::text::safe(&section.title)),
                        style,
                    ),
                    Span::styled(if reviewed { " ✓" } else { "" }, app.theme.count),
                ])
            }
            LineKind::Clause {
                clause,
                range,
                part,
            } => {
                let c = &policy.clauses[*clause];
                let finding = app.review.as_ref().and_then(|r| r.finding(p, *clause));
                let margin = margin(policy, c, *part, finding);
                let at_cursor = app.browse.doc_cursor == Some(*clause);
                let margin_style = match (at_cursor, finding.is_some()) {
                    (true, _) => app.theme.selected,
                    (false, true) => app.theme.count,
                    (false, false) => app.theme.dim,
                };
                let mut out = vec![Span::styled(margin, margin_style), Span::raw(" ")];
                let style = if current.is_some_and(|(hp, hc, _)| hp == p && hc == Some(*clause)) {
                    app.theme.current_hit
                } else {
                    app.theme.matched
                };
                let cue_ranges = match badge {
                    Some(b) if b.clause == *clause => cues.as_slice(),
                    _ => &[],
                };
                let marks = Marks {
                    highlights: highlights.get(clause).map_or(&[], Vec::as_slice),
                    matched: style,
                    cues: cue_ranges,
                    cue: app.theme.cue,
                };
                out.extend(marks.spans(&c.text, range.clone()));
                Line::from(out)
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// The category badges of a clause: `[retention] [choice]`, the focused
/// one standing out.
fn badge_line(
    app: &App,
    p: usize,
    clause: usize,
    focused: Option<&crate::tui::categories::BadgeFocus>,
) -> Line<'static> {
    let mut spans = vec![Span::raw(" ".repeat(MARGIN + 1))];
    let categories = app.clause_tags(p, clause);
    for (i, category) in categories.iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw(" "));
        }
        let style = match focused {
            Some(b) if b.clause == clause && b.category == category => app.theme.badge_focused,
            _ => app.theme.badge,
        };
        spans.push(Span::styled(format!("[{category}]"), style));
    }
    Line::from(spans)
}

/// What to mark in a clause's text: matched words and cue words.
pub(super) struct Marks<'a> {
    pub highlights: &'a [ByteRange],
    pub matched: Style,
    pub cues: &'a [ByteRange],
    pub cue: Style,
}

impl Marks<'_> {
    /// The styled pieces of `text[range]`, made safe for the terminal.
    pub(crate) fn spans(&self, text: &str, range: std::ops::Range<usize>) -> Vec<Span<'static>> {
        let clip = |ranges: &[ByteRange]| -> Vec<ByteRange> {
            ranges
                .iter()
                .map(|r| ByteRange::new(r.start.max(range.start), r.end.min(range.end)))
                .filter(|r| r.start < r.end)
                .collect()
        };
        let (highlights, cues) = (clip(self.highlights), clip(self.cues));
        let mut cuts: Vec<usize> = vec![range.start, range.end];
        for r in highlights.iter().chain(&cues) {
            cuts.extend([r.start, r.end]);
        }
        cuts.sort_unstable();
        cuts.dedup();
        let inside =
            |ranges: &[ByteRange], at: usize| ranges.iter().any(|r| r.range().contains(&at));
        cuts.windows(2)
            .filter_map(|w| {
                let piece = text.get(w[0]..w[1])?;
                let mut style = Style::new();
                if inside(&highlights, w[0]) {
                    style = self.matched;
                }
                if inside(&cues, w[0]) {
                    style = style.patch(self.cue);
                }
                Some(Span::styled(crate::text::safe(piece).into_owned(), style))
            })
            .collect()
    }
}

/// The margin of a clause line: a marker and the short id on the first
/// line, the flag label (and changed-since-review mark) on the second.
fn margin(
    policy: &crate::corpus::Policy,
    clause: &crate::corpus::Clause,
    part: usize,
    finding: Option<(&crate::review::Finding, crate::review::Status)>,
) -> String {
    let text = match (part, finding) {
        (0, Some((f, _))) => {
            let marker = if f.label.is_some() { '⚑' } else { '✎' };
            let path = clause
                .section
                .map_or("", |s| policy.sections[s].path.as_str());
            format!("{marker}{path}#{}", clause.ordinal)
        }
        (0, None) => {
            let path = clause
                .section
                .map_or("", |s| policy.sections[s].path.as_str());
            format!("{path}#{}", clause.ordinal)
        }
        (1, Some((f, status))) => {
            let changed = if status == crate::review::Status::Changed {
                "!"
            } else {
                ""
            };
            format!(
                "{changed}{}",
                f.label
                    .as_deref()
                    .unwrap_or(if f.note.is_empty() { "" } else { "note" })
            )
        }
        _ => String::new(),
    };
    super::fit(&format!("{text:<width$}", width = MARGIN), MARGIN)
}

/// Highlight byte ranges per clause index.
type ClauseRanges = HashMap<usize, Vec<ByteRange>>;

/// Highlight ranges per clause of policy `p`, and its sections whose titles
/// are hits.
fn clause_highlights(app: &App, p: usize) -> (ClauseRanges, HashSet<usize>) {
    let mut clauses = HashMap::new();
    let mut headings = HashSet::new();
    let (Some(corpus), Some(tree), Some(results)) =
        (&app.data.corpus, &app.data.tree, &app.search.results)
    else {
        return (clauses, headings);
    };
    for hit in &results.hits {
        match tree.locate(corpus, hit) {
            Some((policy, _, Some(clause))) if policy == p => {
                clauses.insert(clause, hit.highlights.clone());
            }
            Some((policy, Some(section), None)) if policy == p => {
                headings.insert(section);
                // A title's hit carries its section's first matching clause.
                if let Some(c) = hit.clause.as_ref().filter(|c| c.matches) {
                    let ordinal = c.id.rsplit_once('#').and_then(|(_, o)| o.parse().ok());
                    let at = corpus
                        .policy(p)
                        .clauses
                        .iter()
                        .position(|x| x.section == Some(section) && Some(x.ordinal) == ordinal);
                    if let Some(clause) = at {
                        clauses.insert(clause, c.highlights.clone());
                    }
                }
            }
            _ => {}
        }
    }
    (clauses, headings)
}

/// The current hit as (policy, clause, heading section): a clause hit has
/// a clause, a heading hit only its section.
fn current_hit(app: &App) -> Option<(usize, Option<usize>, Option<usize>)> {
    let (corpus, tree, results) = (
        app.data.corpus.as_ref()?,
        app.data.tree.as_ref()?,
        app.search.results.as_ref()?,
    );
    let hit = results.hits.get(app.search.current_hit?)?;
    let (p, s, c) = tree.locate(corpus, hit)?;
    Some(match c {
        Some(c) => (p, Some(c), None),
        None => (p, None, s),
    })
}

fn selected_section(app: &App) -> Option<usize> {
    match app.rows().get(app.browse.tree_selected)?.node {
        crate::tui::tree::Node::Section(p, s) if Some(p) == app.browse.doc_policy => Some(s),
        _ => None,
    }
}
