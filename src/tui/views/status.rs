//! The status bar: corpus size, index state, query, position in the
//! results and key hints for the focused pane.

use crate::text::noun;
use crate::tui::app::{App, IndexStatus, Overlay, Pane};
use crate::tui::keymap::Mode;
use crate::tui::trend::Level;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub(crate) fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let mut parts: Vec<String> = Vec::new();
    match &app.review {
        Some(r) if r.store.is_read_only() => parts.push("READ-ONLY review session".into()),
        Some(r) if r.unsaved => parts.push("⚠ review changes not saved yet".into()),
        _ => {}
    }
    // The corpus's size: the part left out first when the hints need room.
    let size_at = parts.len();
    if let Some(corpus) = &app.data.corpus {
        let clauses: usize = (0..corpus.len()).map(|p| corpus.listing(p).clauses).sum();
        let policies = corpus.len();
        parts.push(format!(
            "{policies} {} · {clauses} {}",
            noun(policies, "policy", "policies"),
            noun(clauses, "clause", "clauses"),
        ));
    }
    match &app.data.status {
        IndexStatus::LoadingCorpus => parts.push("loading corpus…".into()),
        IndexStatus::Building { done, total } if *total > 0 => {
            let share = done * 100 / total;
            parts.push(match app.data.index {
                Some(_) => format!("indexing {share}% (searching the policies indexed so far)"),
                None => format!("indexing {share}%"),
            })
        }
        IndexStatus::Building { .. } => parts.push("opening index…".into()),
        IndexStatus::Failed(message) => parts.push(format!("index error: {message}")),
        IndexStatus::Ready => {}
    }
    if let Overlay::Trend(view) = &app.overlay {
        if view.waiting.is_some() {
            parts.push("counting…".into());
        }
    }
    if app.search.all_versions {
        parts.push("all versions".into());
    }
    if let Some(category) = app.filters.category {
        let key = app
            .keymap
            .key(Mode::Browse, || crate::tui::action::Action::CategoryFilter);
        parts.push(format!("category: {category} ({key} clears)"));
    }
    if let Some(results) = &app.search.results {
        // Every matching company as the index counts them; under a
        // category filter, those of the hits kept.
        let companies = match app.filters.category {
            None if !app.search.company_counts.is_empty() => app.search.company_counts.len(),
            _ => {
                let names: std::collections::HashSet<&str> =
                    results.hits.iter().map(|h| h.company.as_str()).collect();
                names.len()
            }
        };
        let position = app
            .search
            .current_hit
            .map_or("-".to_string(), |i| (i + 1).to_string());
        parts.push(format!(
            "hit {position}/{} · {} {}",
            results.total,
            companies,
            noun(companies, "company", "companies"),
        ));
    }
    if let Some(message) = &app.message {
        parts.push(message.clone());
    } else if let Some(badge) = app
        .focused_badge()
        .filter(|_| app.browse.focus == Pane::Clauses)
    {
        parts.push(format!(
            "{} {:.2} · cues: {}{}",
            badge.category,
            badge.score,
            badge.cues.join(", "),
            crate::categories::context_note(badge.context),
        ));
    } else if let Some((p, c)) = app
        .cursor_clause()
        .filter(|_| app.browse.focus == Pane::Clauses)
    {
        if let Some((finding, status)) = app.review.as_ref().and_then(|r| r.finding(p, c)) {
            let changed = if status == crate::review::Status::Changed {
                " · changed since review"
            } else {
                ""
            };
            let note = if finding.note.is_empty() {
                String::new()
            } else {
                format!(" · note: {}", finding.note.replace('\n', " "))
            };
            parts.push(format!(
                "⚑ {}{changed}{note}",
                finding.label.as_deref().unwrap_or("note")
            ));
        }
    }
    let hints = hints(app);
    let width = area.width as usize;
    let joined = |parts: &[String]| format!(" {}", crate::text::safe(&parts.join(" │ ")));
    let full = joined(&parts);
    let mut short = parts.clone();
    if app.data.corpus.is_some() && parts.len() > size_at + 1 {
        short.remove(size_at);
    }
    let short = joined(&short);
    let fits = |left: &str, hints: &str| left.chars().count() + hints.chars().count() < width;
    // The hints if they fit, else the whole of the left part.
    let (left, hints) = [
        (&full, hints.as_str()),
        (&short, &hints),
        (&full, ""),
        (&short, ""),
    ]
    .into_iter()
    .find(|(left, hints)| fits(left, hints))
    .map_or_else(|| (super::fit(&short, width), ""), |(l, h)| (l.clone(), h));
    let pad = width.saturating_sub(left.chars().count() + hints.chars().count() + 1);
    let line = Line::from(vec![
        Span::raw(left),
        Span::raw(" ".repeat(pad)),
        Span::raw(hints.to_string()),
        Span::raw(" "),
    ]);
    frame.render_widget(Paragraph::new(line).style(app.theme.status), area);
}

/// Key hints for what has the keys: the open overlay, else the focused
/// pane, with the keys in force.
fn hints(app: &App) -> String {
    let template = match &app.overlay {
        Overlay::Help(_) => "{down}/{up} scroll · {escape} close",
        Overlay::Picker(_) => "type to filter · {activate} jump · {escape} close",
        Overlay::Labels { .. } | Overlay::Categories { .. } => {
            "{down}/{up} move · {activate} pick · {escape} close"
        }
        Overlay::Note(_) => "Esc save · Ctrl-g cancel",
        Overlay::ReviewPane(pane) if pane.typing => "type company · {activate} done",
        Overlay::ReviewPane(_) => {
            "{activate} open · {toggle_flag} flag · {edit_note} note · {next_pane} label · {focus_search} company · {escape} close"
        }
        Overlay::Diff(_) => {
            "{down}/{up} move · {next_change}/{prev_change} changes · {toggle_flag} flag · {edit_note} note · {activate} open · {escape} close"
        }
        Overlay::Matrix(view) if view.list.is_some() => {
            "{down}/{up} move · {activate} open · {toggle_flag} flag · {edit_note} note · {escape} back"
        }
        Overlay::Matrix(_) => {
            "{collapse}{down}{up}{expand} move · {sort_matrix} sort · {activate} list · {escape} close"
        }
        Overlay::CompareSetup(_) => {
            "type to filter · {activate} pick · {next_pane} next · {escape} close"
        }
        Overlay::Compare(_) => {
            "{collapse}/{expand} column · {toggle_flag} flag · {edit_note} note · {activate} open · {escape} close"
        }
        Overlay::Trend(view) => match view.level {
            Level::Chart => {
                "{collapse}/{expand} step · {trend_every} every · {add_query} add · {activate} list · {escape} close"
            }
            Level::Adding(_) => "type a query · {activate} add · {escape} back",
            Level::Companies(_) => {
                "{down}/{up} move · {collapse}/{expand} step · {activate} open · {escape} back"
            }
        },
        Overlay::None => match app.browse.focus {
            Pane::Search => "{up}/{down} history · {activate} results · {escape} back",
            Pane::Results => {
                "{down}/{up} move · {activate} open · {next_hit}/{prev_hit} hits · {escape} clear"
            }
            Pane::Clauses => {
                "{down}/{up} clause · {toggle_flag} flag · {edit_note} note · {toggle_reviewed} reviewed · {toggle_help} help"
            }
            Pane::Tree => {
                "{down}/{up} move · {expand}/{collapse} fold · {focus_search} search · {open_picker} company · {toggle_help} help · {quit} quit"
            }
        },
    };
    app.keymap.fill(template, crate::tui::mode(app))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keymap::Keymap;

    #[test]
    fn hints_name_the_keys_in_force() {
        let template = "{down}/{up} move · {toggle_flag} flag";
        assert_eq!(
            Keymap::default().fill(template, Mode::Browse),
            "j/k move · space flag"
        );
        let mut keymap = Keymap::default();
        let flag = Keymap::find(Mode::Browse, "toggle_flag").expect("toggle_flag");
        keymap.set(flag, vec![crate::tui::keymap::Key::parse("x").expect("x")]);
        assert_eq!(keymap.fill(template, Mode::Browse), "j/k move · x flag");
        assert_eq!(keymap.fill("{up} history", Mode::Search), "↑ history");
    }
}
