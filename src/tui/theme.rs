//! Colours and emphasis: a dark and a light theme, and a monochrome one
//! for `NO_COLOR` that still tells highlights apart by reverse, bold and
//! underline. Each style has a name and reads and writes as words
//! (`bold white on blue`), which is how a config file sets it.

use ratatui::style::{Color, Modifier, Style};

/// The styles the views use.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    /// Pane borders.
    pub border: Style,
    /// The border of the focused pane.
    pub border_focused: Style,
    /// Titles of panes, overlays and documents.
    pub title: Style,
    /// The row or line at the cursor.
    pub selected: Style,
    /// Secondary text: ids, margins, hints.
    pub dim: Style,
    /// Section headings and the headings of overlays.
    pub heading: Style,
    /// The heading of the selected section.
    pub heading_selected: Style,
    /// Text matching the search.
    pub matched: Style,
    /// The search hit the cursor is on.
    pub current_hit: Style,
    /// Counts and marks: hit counts, the reviewed mark, flagged margins.
    pub count: Style,
    /// The status bar.
    pub status: Style,
    /// Error messages.
    pub error: Style,
    /// Key names in hints and help.
    pub key: Style,
    /// Words deleted in a diff.
    pub deleted: Style,
    /// Words inserted in a diff.
    pub inserted: Style,
    /// A category badge.
    pub badge: Style,
    /// The focused category badge.
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

/// The colour themes a config can choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeName {
    /// Light text on a dark terminal (the default).
    Dark,
    /// Dark text on a light terminal.
    Light,
}

impl ThemeName {
    /// Every theme, in the order a config's defaults list them.
    pub const ALL: [ThemeName; 2] = [ThemeName::Dark, ThemeName::Light];

    /// The theme's name in a config file.
    pub fn name(self) -> &'static str {
        match self {
            ThemeName::Dark => "dark",
            ThemeName::Light => "light",
        }
    }

    /// The theme called `name`, if any.
    pub fn from_name(name: &str) -> Option<ThemeName> {
        ThemeName::ALL.into_iter().find(|t| t.name() == name)
    }

    /// The theme's styles.
    pub fn theme(self) -> Theme {
        match self {
            ThemeName::Dark => Theme::dark(),
            ThemeName::Light => Theme::light(),
        }
    }
}

/// Every style of a theme by name, with what it colours.
pub const STYLES: &[(&str, &str)] = &[
    ("border", "pane borders"),
    ("border_focused", "the border of the pane with the keys"),
    ("title", "pane titles"),
    ("selected", "the selected row"),
    ("dim", "secondary text: ids, badge-less lines, hints"),
    ("heading", "section headings and list headings"),
    ("heading_selected", "the selected section heading"),
    ("matched", "words a search matched"),
    ("current_hit", "the hit n / N stands on"),
    ("count", "counts in the tree and lists"),
    ("status", "the status bar"),
    ("error", "errors"),
    ("key", "keys in the help and prompts"),
    ("deleted", "words deleted in a diff"),
    ("inserted", "words inserted in a diff"),
    ("badge", "category badges under clauses"),
    ("badge_focused", "the badge b focused"),
    ("cue", "cue words of the focused badge"),
    ("shade_0", "matrix cells with no clause"),
    ("shade_1", "matrix cells, lowest quarter of the column"),
    ("shade_2", "matrix cells, second quarter"),
    ("shade_3", "matrix cells, third quarter"),
    ("shade_4", "matrix cells, highest quarter"),
    ("series_0", "the trend chart's first query"),
    ("series_1", "the trend chart's second query"),
    ("series_2", "the trend chart's third query"),
    ("series_3", "the trend chart's fourth query"),
];

impl Theme {
    /// The dark theme, or the monochrome one when `no_color`.
    pub fn new(no_color: bool) -> Theme {
        if no_color {
            Theme::monochrome()
        } else {
            Theme::dark()
        }
    }

    /// [`selected`](Theme::selected) for the row or line at the cursor,
    /// `otherwise` for the others.
    pub fn selected_if(&self, at_cursor: bool, otherwise: Style) -> Style {
        if at_cursor {
            self.selected
        } else {
            otherwise
        }
    }

    /// The style called `name` (see [`STYLES`]).
    pub fn style_mut(&mut self, name: &str) -> Option<&mut Style> {
        Some(match name {
            "border" => &mut self.border,
            "border_focused" => &mut self.border_focused,
            "title" => &mut self.title,
            "selected" => &mut self.selected,
            "dim" => &mut self.dim,
            "heading" => &mut self.heading,
            "heading_selected" => &mut self.heading_selected,
            "matched" => &mut self.matched,
            "current_hit" => &mut self.current_hit,
            "count" => &mut self.count,
            "status" => &mut self.status,
            "error" => &mut self.error,
            "key" => &mut self.key,
            "deleted" => &mut self.deleted,
            "inserted" => &mut self.inserted,
            "badge" => &mut self.badge,
            "badge_focused" => &mut self.badge_focused,
            "cue" => &mut self.cue,
            _ => match name.split_once('_')? {
                ("shade", at) => self.shade.get_mut(at.parse::<usize>().ok()?)?,
                ("series", at) => self.series.get_mut(at.parse::<usize>().ok()?)?,
                _ => return None,
            },
        })
    }

    fn dark() -> Theme {
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

    fn light() -> Theme {
        let ink = Style::new().fg(Color::Black);
        Theme {
            border: Style::new().fg(Color::Indexed(248)),
            border_focused: Style::new().fg(Color::Blue),
            title: Style::new().add_modifier(Modifier::BOLD),
            selected: ink.bg(Color::Indexed(153)).add_modifier(Modifier::BOLD),
            dim: Style::new().fg(Color::Indexed(243)),
            heading: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
            heading_selected: Style::new()
                .fg(Color::White)
                .bg(Color::Blue)
                .add_modifier(Modifier::BOLD),
            matched: ink.bg(Color::Indexed(229)),
            current_hit: ink.bg(Color::Indexed(216)).add_modifier(Modifier::BOLD),
            count: Style::new().fg(Color::Indexed(130)),
            status: ink.bg(Color::Indexed(252)),
            error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            key: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
            deleted: Style::new()
                .fg(Color::Indexed(124))
                .add_modifier(Modifier::CROSSED_OUT),
            inserted: Style::new()
                .fg(Color::Indexed(28))
                .add_modifier(Modifier::UNDERLINED),
            badge: Style::new().fg(Color::Indexed(90)),
            badge_focused: Style::new()
                .fg(Color::White)
                .bg(Color::Indexed(90))
                .add_modifier(Modifier::BOLD),
            cue: Style::new()
                .fg(Color::Indexed(90))
                .add_modifier(Modifier::UNDERLINED),
            shade: [
                Style::new().fg(Color::Indexed(250)),
                ink.bg(Color::Indexed(195)),
                ink.bg(Color::Indexed(153)),
                ink.bg(Color::Indexed(111)),
                Style::new()
                    .fg(Color::White)
                    .bg(Color::Indexed(33))
                    .add_modifier(Modifier::BOLD),
            ],
            series: [
                Style::new().fg(Color::Indexed(130)),
                Style::new().fg(Color::Blue),
                Style::new().fg(Color::Indexed(90)),
                Style::new().fg(Color::Indexed(28)),
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

/// Emphasis a style can carry, by the name a config gives it.
const MODIFIERS: &[(&str, Modifier)] = &[
    ("bold", Modifier::BOLD),
    ("dim", Modifier::DIM),
    ("italic", Modifier::ITALIC),
    ("underlined", Modifier::UNDERLINED),
    ("reversed", Modifier::REVERSED),
    ("crossed_out", Modifier::CROSSED_OUT),
];

/// A style as words: emphasis, a foreground colour, `on` a background
/// colour (`bold white on blue`); `default` for none at all.
pub fn style_words(style: Style) -> String {
    let mut words: Vec<String> = MODIFIERS
        .iter()
        .filter(|(_, m)| style.add_modifier.contains(*m))
        .map(|(name, _)| name.to_string())
        .collect();
    if let Some(fg) = style.fg {
        words.push(colour_word(fg));
    }
    if let Some(bg) = style.bg {
        words.push(format!("on {}", colour_word(bg)));
    }
    if words.is_empty() {
        "default".into()
    } else {
        words.join(" ")
    }
}

/// `DarkGray` as `dark_gray`; numbers and `#rrggbb` as they are.
fn colour_word(colour: Color) -> String {
    match colour {
        Color::Rgb(r, g, b) => return format!("#{r:02x}{g:02x}{b:02x}"),
        Color::Indexed(i) => return i.to_string(),
        _ => {}
    }
    let mut out = String::new();
    for (i, c) in colour.to_string().chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// Reads a style written as [`style_words`] writes it; the error names
/// the word not understood.
pub fn parse_style(text: &str) -> Result<Style, String> {
    let mut style = Style::new();
    let mut words = text.split_whitespace();
    while let Some(word) = words.next() {
        let lower = word.to_ascii_lowercase();
        if let Some((_, m)) = MODIFIERS.iter().find(|(name, _)| *name == lower) {
            style = style.add_modifier(*m);
        } else if lower == "on" {
            let bg = words
                .next()
                .ok_or("`on` needs a background colour after it")?;
            style = style.bg(parse_colour(bg)?);
        } else if lower == "default" {
            continue;
        } else if style.fg.is_some() {
            return Err(format!(
                "two foreground colours in {text:?} (`on` sets the background)"
            ));
        } else {
            style = style.fg(parse_colour(word)?);
        }
    }
    Ok(style)
}

fn parse_colour(word: &str) -> Result<Color, String> {
    word.parse().map_err(|_| {
        format!(
            "{word:?} is not a colour or a style word (colours: black, red, green, yellow, blue, \
             magenta, cyan, gray, dark_gray, light_red … white, 0-255, #rrggbb; words: bold, dim, \
             italic, underlined, reversed, crossed_out, on)"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_named_style_is_a_style_of_the_theme() {
        let mut theme = Theme::dark();
        for (name, _) in STYLES {
            assert!(theme.style_mut(name).is_some(), "{name}");
        }
        assert!(theme.style_mut("shade_5").is_none());
        assert!(theme.style_mut("series_4").is_none());
        assert!(theme.style_mut("nope").is_none());
    }

    #[test]
    fn every_style_of_every_theme_reads_back_from_its_words() {
        for name in ThemeName::ALL {
            let mut theme = name.theme();
            for (style, _) in STYLES {
                let style = *theme.style_mut(style).expect("named");
                assert_eq!(
                    parse_style(&style_words(style)),
                    Ok(style),
                    "{}",
                    style_words(style)
                );
            }
        }
    }

    #[test]
    fn words_read_in_any_order_and_bad_ones_are_named() {
        let style = parse_style("White on #0A0B0C bold").expect("a style");
        assert_eq!(
            style,
            Style::new()
                .fg(Color::White)
                .bg(Color::Rgb(10, 11, 12))
                .add_modifier(Modifier::BOLD)
        );
        assert_eq!(parse_style("default"), Ok(Style::new()));
        assert!(parse_style("blinking")
            .unwrap_err()
            .contains("\"blinking\""));
        assert!(parse_style("red green")
            .unwrap_err()
            .contains("two foreground"));
        assert!(parse_style("red on").unwrap_err().contains("background"));
    }
}
