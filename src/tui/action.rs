//! Everything that can change the TUI's state. Keys, mouse, timers and
//! workers all become an [`Action`]; only `App::update` applies them.

use crate::corpus::Corpus;
use crate::index::{SearchIndex, SearchResults};
use std::sync::Arc;

/// What a search found: the best hits to list, and every match counted
/// per company (lower-cased name).
#[derive(Debug, Clone, Default)]
pub struct Found {
    pub results: SearchResults,
    pub companies: crate::index::CompanyCounts,
}

/// A change to the application state.
pub enum Action {
    // Movement in the focused pane.
    Up,
    Down,
    Top,
    Bottom,
    HalfPageDown,
    HalfPageUp,
    PageDown,
    PageUp,
    Collapse,
    Expand,
    Activate,
    NextPane,
    PrevPane,
    // Search.
    FocusSearch,
    SearchInput(char),
    SearchBackspace,
    SearchClearWord,
    NextHit,
    PrevHit,
    ToggleHitFilter,
    // Review.
    ToggleFlag,
    PickLabel,
    EditNote,
    ToggleReviewed,
    NextFlag,
    PrevFlag,
    OpenReviewPane,
    Export,
    SaveQuery,
    /// A key for the note editor.
    NoteKey(crossterm::event::KeyEvent),
    // Versions.
    OpenDiff,
    /// Mark the pointed version as the other side of the next diff.
    MarkVersion,
    NextChange,
    PrevChange,
    // Categories.
    /// Focus the next category badge of the clause at the cursor.
    CycleBadge,
    /// Pick a category to filter the tree and results by, or clear it.
    CategoryFilter,
    OpenMatrix,
    /// In the matrix: sort by the cursor's column, or by company name.
    SortMatrix,
    OpenCompare,
    /// The trend of the current query over time.
    OpenTrend,
    /// In the trend view: the next step size (year, quarter, month).
    TrendEvery,
    /// In the trend view: type another query to draw.
    AddQuery,
    /// In the trend view: drop the selected query.
    DropQuery,
    ToggleAllVersions,
    // Layout.
    /// Hide or show the badge lines under clauses.
    ToggleBadges,
    /// Make the tree pane wider.
    WiderTree,
    /// Make the tree pane narrower.
    NarrowerTree,
    // Overlays.
    OpenPicker,
    ToggleHelp,
    Escape,
    Quit,
    // Mouse and terminal.
    Click {
        column: u16,
        row: u16,
    },
    ScrollDown {
        column: u16,
        row: u16,
    },
    ScrollUp {
        column: u16,
        row: u16,
    },
    Resize {
        width: u16,
        height: u16,
    },
    // Results of background work.
    CorpusLoaded(Box<Corpus>),
    IndexProgress {
        done: u64,
        total: u64,
    },
    IndexReady(Arc<SearchIndex>),
    Failed(String),
    SearchDone {
        generation: u64,
        results: Result<Found, String>,
    },
    /// The search worker's answer to an [`Effect::Trend`].
    TrendFound {
        generation: u64,
        found: Result<super::trend::Found, String>,
    },
}

/// Work the runtime must do on the App's behalf.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Run this query (debounced) and report `SearchDone` with the generation.
    Search {
        generation: u64,
        query: String,
        /// The versions searched.
        scope: crate::index::Scope,
    },
    /// Count for the trend view on the search worker, and report
    /// `TrendFound` with the generation.
    Trend {
        generation: u64,
        work: super::trend::Work,
    },
    Quit,
}
