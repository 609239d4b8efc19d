//! Colours and emphasis, with a monochrome variant for `NO_COLOR` that
//! still tells highlights apart by reverse, bold and underline.

use ratatui::style::{Color, Modifier, Style};

/// The styles the views use.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub border: Style,
    pub border_focused: Style,
    pub title: Style,
    pub selected: Style,
    pub dim: Style,
    pub heading: Style,
    pub heading_selected: Style,
    pub matched: Style,
    pub current_hit: Style,
    pub count: Style,
    pub status: Style,
    pub error: Style,
    pub key: Style,
    /// Words deleted in a diff.
    pub deleted: Style,
    /// Words inserted in a diff.
    pub inserted: Style,
    /// A category badge, and the focused one.
    pub badge: Style,
    pub badge_focused: Style,
    /// Cue words of the focused badge (always underlined).
    pub cue: Style,
    /// Matrix cells by intensity, from none to the column's largest count.
    pub shade: [Style; 5],
    /// The trend chart's lines, one per query.
    pub series: [Style; 4],
    /// No colour: lines that colour would tell apart differ by shape.
    pub monochrome: bool,
}

impl Theme {
    /// The colour theme, or the monochrome one when `no_color`.
    pub fn new(no_color: bool) -> Theme {
        if no_color {
            return Theme::monochrome();
        }
        Theme {
            border: Style::new().fg(Color::DarkGray),
            border_focused: Style::new().fg(Color::Cyan),
            title: Style::new().add_modifier(Modifier::BOLD),
            selected: Style::new()
                .bg(Color::Blue)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD),
            dim: Style::new().fg(Color::DarkGray),
            heading: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            heading_selected: Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            matched: Style::new().fg(Color::Black).bg(Color::Yellow),
            current_hit: Style::new()
                .fg(Color::Black)
                .bg(Color::LightRed)
                .add_modifier(Modifier::BOLD),
            count: Style::new().fg(Color::Yellow),
            status: Style::new().bg(Color::DarkGray).fg(Color::White),
            error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            deleted: Style::new()
                .fg(Color::Red)
                .add_modifier(Modifier::CROSSED_OUT),
            inserted: Style::new()
                .fg(Color::Green)
                .add_modifier(Modifier::UNDERLINED),
            badge: Style::new().fg(Color::Magenta),
            badge_focused: Style::new()
                .fg(Color::Black)
                .bg(Color::Magenta)
                .add_modifier(Modifier::BOLD),
            cue: Style::new()
                .fg(Color::Magenta)
                .add_modifier(Modifier::UNDERLINED),
            shade: [
                Style::new().fg(Color::DarkGray),
                Style::new().fg(Color::White).bg(Color::Indexed(17)),
                Style::new().fg(Color::White).bg(Color::Indexed(19)),
                Style::new().fg(Color::White).bg(Color::Indexed(26)),
                Style::new()
                    .fg(Color::White)
                    .bg(Color::Indexed(33))
                    .add_modifier(Modifier::BOLD),
            ],
            series: [
                Style::new().fg(Color::Yellow),
                Style::new().fg(Color::Cyan),
                Style::new().fg(Color::Magenta),
                Style::new().fg(Color::Green),
            ],
            monochrome: false,
        }
    }

    fn monochrome() -> Theme {
        let plain = Style::new();
        Theme {
            border: plain,
            border_focused: plain.add_modifier(Modifier::BOLD),
            title: plain.add_modifier(Modifier::BOLD),
            selected: plain.add_modifier(Modifier::REVERSED),
            dim: plain.add_modifier(Modifier::DIM),
            heading: plain.add_modifier(Modifier::BOLD),
            heading_selected: plain.add_modifier(Modifier::BOLD | Modifier::REVERSED),
            matched: plain.add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
            current_hit: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            count: plain.add_modifier(Modifier::BOLD),
            status: plain.add_modifier(Modifier::REVERSED),
            error: plain.add_modifier(Modifier::BOLD),
            key: plain.add_modifier(Modifier::BOLD),
            deleted: plain.add_modifier(Modifier::REVERSED),
            inserted: plain.add_modifier(Modifier::UNDERLINED),
            badge: plain,
            badge_focused: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            cue: plain.add_modifier(Modifier::UNDERLINED),
            shade: [
                plain.add_modifier(Modifier::DIM),
                plain,
                plain,
                plain.add_modifier(Modifier::BOLD),
                plain.add_modifier(Modifier::BOLD),
            ],
            series: [plain; 4],
            monochrome: true,
        }
    }
}
