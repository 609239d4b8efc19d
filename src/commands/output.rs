//! Output helpers for the CLI: colour decisions, styling and JSON lines.
//! Everything that reaches the terminal passes through `safe`.

use crate::text::ByteRange;
use std::io::{IsTerminal, Write};

/// Whether to style stdout: a terminal and no `NO_COLOR`.
pub fn use_color() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}

pub use crate::text::{noun, safe};

/// Styles `text` with an SGR code when `color` is on.
pub fn paint(text: &str, code: &str, color: bool) -> String {
    if color {
        format!("\u{1b}[{code}m{text}\u{1b}[0m")
    } else {
        text.to_string()
    }
}

/// `text` made safe, with the byte `ranges` painted as matches.
pub fn highlighted(text: &str, ranges: &[ByteRange], color: bool) -> String {
    let mut line = String::new();
    for (piece, matched) in crate::text::spans(text, ranges) {
        let piece = safe(piece);
        if matched {
            line.push_str(&paint(&piece, sgr::MATCH, color));
        } else {
            line.push_str(&piece);
        }
    }
    line
}

/// SGR codes used by the CLI.
pub mod sgr {
    /// Faint text: ids, counts and other secondary details.
    pub const DIM: &str = "2";
    /// Bold text: titles, hit references and table headers.
    pub const BOLD: &str = "1";
    /// Bold yellow: the matched words of a search hit.
    pub const MATCH: &str = "1;33";
    /// Bold cyan: section headings.
    pub const HEADING: &str = "1;36";
}

/// Writes one JSON value followed by a newline.
pub fn json_line(out: &mut impl Write, value: &impl serde::Serialize) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    out.write_all(b"\n")
}

/// True when the error chain is a closed pipe (e.g. `clause list | head`).
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// A bar of `width` cells filled to `share` (0 to 1), in eighths of a cell.
pub fn bar(share: f64, width: usize) -> String {
    const EIGHTHS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    let eighths = (share.clamp(0.0, 1.0) * (width * 8) as f64).round() as usize;
    let mut out = "█".repeat(eighths / 8);
    if !eighths.is_multiple_of(8) {
        out.push(EIGHTHS[eighths % 8]);
    }
    let used = out.chars().count();
    out.push_str(&" ".repeat(width.saturating_sub(used)));
    out
}
