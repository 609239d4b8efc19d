//! Everything that can change the TUI's state. Keys, mouse, timers and
//! workers all become an [`Action`]; only `App::update` applies them.

use crate::corpus::Corpus;
use crate::index::{SearchIndex, SearchResults};
use std::sync::Arc;

/// What a search found: the best hits to list, and every match counted
/// per company (lower-cased name).
#[derive(Debug, Clone, Default)]
pub struct Found {
    /// The best hits, ranked.
    pub results: SearchResults,
    /// Every match counted per company (lower-cased name).
    pub companies: crate::index::CompanyCounts,
}

/// A change to the application state.
pub enum Action {
    // Movement in the focused pane.
    /// Move up: the previous row, line or entry.
    Up,
    /// Move down: the next row, line or entry.
    Down,
    /// Go to the first line or entry (in an input: delete it all).
    Top,
    /// Go to the last line or entry.
    Bottom,
    /// Half a page down.
    HalfPageDown,
    /// Half a page up.
    HalfPageUp,
    /// A page down.
    PageDown,
    /// A page up.
    PageUp,
    /// Collapse the tree node or go to its parent (trend: the earlier step).
    Collapse,
    /// Expand the tree node (trend: the later step).
    Expand,
    /// Open or pick what the cursor is on (Enter).
    Activate,
    /// Focus the next pane, or the next step of an overlay.
    NextPane,
    /// Focus the previous pane.
    PrevPane,
    // Search.
    /// Focus the search bar (in the review pane: the company filter).
    FocusSearch,
    /// A character typed into the focused input.
    SearchInput(char),
    /// Delete the input's last character.
    SearchBackspace,
    /// Delete the input's last word.
    SearchClearWord,
    /// Go to the next search hit (or clause of the category filter).
    NextHit,
    /// Go to the previous search hit (or clause of the category filter).
    PrevHit,
    /// Show only the tree nodes with hits, or all of them.
    ToggleHitFilter,
    // Review.
    /// Flag or unflag the clause at the cursor.
    ToggleFlag,
    /// Flag the clause at the cursor with a label picked from a list.
    PickLabel,
    /// Write a note on the clause at the cursor.
    EditNote,
    /// Mark the section reviewed, or clear the mark.
    ToggleReviewed,
    /// Go to the next flagged clause.
    NextFlag,
    /// Go to the previous flagged clause.
    PrevFlag,
    /// Open the review pane: findings and checklist.
    OpenReviewPane,
    /// Export the session's findings to Markdown.
    Export,
    /// Save the current query to the session's checklist.
    SaveQuery,
    /// A key for the note editor.
    NoteKey(crossterm::event::KeyEvent),
    // Versions.
    /// Diff the version with the previous or marked one.
    OpenDiff,
    /// Mark the pointed version as the other side of the next diff.
    MarkVersion,
    /// In a diff: go to the next changed section.
    NextChange,
    /// In a diff: go to the previous changed section.
    PrevChange,
    // Categories.
    /// Focus the next category badge of the clause at the cursor.
    CycleBadge,
    /// Pick a category to filter the tree and results by, or clear it.
    CategoryFilter,
    /// Open the matrix of companies by categories.
    OpenMatrix,
    /// In the matrix: sort by the cursor's column, or by company name.
    SortMatrix,
    /// Open the setup of a side-by-side comparison of companies.
    OpenCompare,
    /// The trend of the current query over time.
    OpenTrend,
    /// In the trend view: the next step size (year, quarter, month).
    TrendEvery,
    /// In the trend view: type another query to draw.
    AddQuery,
    /// In the trend view: drop the selected query.
    DropQuery,
    /// Search all versions, or only each company's newest.
    ToggleAllVersions,
    // Layout.
    /// Hide or show the badge lines under clauses.
    ToggleBadges,
    /// Make the tree pane wider.
    WiderTree,
    /// Make the tree pane narrower.
    NarrowerTree,
    // Overlays.
    /// Open the fuzzy company picker.
    OpenPicker,
    /// Show or hide the key help.
    ToggleHelp,
    /// Close the overlay, leave the input, or clear the search.
    Escape,
    /// Quit the browser (the note being written and the position are saved).
    Quit,
    // Mouse and terminal.
    /// A mouse click, at a terminal cell.
    Click {
        /// Column of the cell, 0 at the left.
        column: u16,
        /// Row of the cell, 0 at the top.
        row: u16,
    },
    /// The mouse wheel turned down, at a terminal cell.
    ScrollDown {
        /// Column of the cell, 0 at the left.
        column: u16,
        /// Row of the cell, 0 at the top.
        row: u16,
    },
    /// The mouse wheel turned up, at a terminal cell.
    ScrollUp {
        /// Column of the cell, 0 at the left.
        column: u16,
        /// Row of the cell, 0 at the top.
        row: u16,
    },
    /// The terminal was resized.
    Resize {
        /// New width in columns.
        width: u16,
        /// New height in rows.
        height: u16,
    },
    // Results of background work.
    /// The corpus has been read.
    CorpusLoaded(Box<Corpus>),
    /// Progress of opening or building the index.
    IndexProgress {
        /// Work done so far, out of `total`.
        done: u64,
        /// Work to do; 0 while not known yet.
        total: u64,
    },
    /// The search index is open and complete.
    IndexReady(Arc<SearchIndex>),
    /// Opening or building the index, or reading its catalog, failed; the
    /// error's message.
    Failed(String),
    /// The search worker's answer to an [`Effect::Search`].
    SearchDone {
        /// The search's generation; an answer to an older one is dropped.
        generation: u64,
        /// What the search found, or why it failed.
        results: Result<Found, String>,
    },
    /// The search worker's answer to an [`Effect::Trend`].
    TrendFound {
        /// The request's generation.
        generation: u64,
        /// What was counted, or why it failed.
        found: Result<super::trend::Found, String>,
    },
}

/// Work the runtime must do on the App's behalf.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Run this query (debounced) and report `SearchDone` with the generation.
    Search {
        /// Numbers the request; the answer carries it back.
        generation: u64,
        /// The query as typed.
        query: String,
        /// The versions searched.
        scope: crate::index::Scope,
    },
    /// Count for the trend view on the search worker, and report
    /// `TrendFound` with the generation.
    Trend {
        /// Numbers the request; the answer carries it back.
        generation: u64,
        /// What to count.
        work: super::trend::Work,
    },
    /// The browser is quitting; nothing is left to run.
    Quit,
}
