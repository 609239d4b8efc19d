//! The browser's sub-states, each owned by [`App`](super::app::App) and
//! changed only through `App::update`: the loaded data, the browse
//! position, the search, and the filters.

use super::app::{IndexStatus, Pane};
use super::categories::BadgeFocus;
use super::tree::{Node, TreeModel};
use crate::categories::CategorySet;
use crate::corpus::Corpus;
use crate::index::{SearchIndex, SearchResults};
use crate::review::ViewLayout;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// What has been loaded: the corpus, its tree, the index and the categories.
pub struct Data {
    /// The parsed corpus, once loaded.
    pub corpus: Option<Arc<Corpus>>,
    /// Companies, versions and where each node sits.
    pub tree: Option<TreeModel>,
    /// The search index, once open.
    pub index: Option<Arc<SearchIndex>>,
    /// What the index is doing.
    pub status: IndexStatus,
    /// Categories of the clauses of each policy opened so far.
    pub tags: HashMap<usize, Arc<[CategorySet]>>,
}

impl Default for Data {
    fn default() -> Self {
        Data {
            corpus: None,
            tree: None,
            index: None,
            status: IndexStatus::LoadingCorpus,
            tags: HashMap::new(),
        }
    }
}

/// Where the reader is: focus, tree selection, the policy shown.
pub struct Browse {
    /// The pane with keyboard focus.
    pub focus: Pane,
    /// Pane to return to when leaving the search bar.
    pub last_pane: Pane,
    /// Expanded tree nodes.
    pub expanded: HashSet<Node>,
    /// Selected tree row.
    pub tree_selected: usize,
    /// First tree row shown.
    pub tree_offset: usize,
    /// Policy shown in the clause view.
    pub doc_policy: Option<usize>,
    /// First document line shown.
    pub doc_scroll: usize,
    /// Clause at the cursor in the clause view (index into the policy's clauses).
    pub doc_cursor: Option<usize>,
    /// The version marked with `m` as one side of the next diff.
    pub marked_version: Option<usize>,
    /// The focused category badge, if any.
    pub badge: Option<BadgeFocus>,
    /// Badge lines shown or hidden, the tree's width.
    pub layout: ViewLayout,
}

impl Default for Browse {
    fn default() -> Self {
        Browse {
            focus: Pane::Tree,
            last_pane: Pane::Tree,
            expanded: HashSet::new(),
            tree_selected: 0,
            tree_offset: 0,
            doc_policy: None,
            doc_scroll: 0,
            doc_cursor: None,
            marked_version: None,
            badge: None,
            layout: ViewLayout::default(),
        }
    }
}

/// The query, its results and the position in them.
#[derive(Default)]
pub struct Search {
    /// The query as typed.
    pub query: String,
    /// Incremented per query edit; stale results are dropped.
    pub generation: u64,
    /// The results as shown: the search's, kept to the category filter.
    pub results: Option<SearchResults>,
    /// The search's results before the category filter.
    pub all_results: Option<SearchResults>,
    /// Why the query failed, if it did.
    pub search_error: Option<String>,
    /// Every match per company (lower-cased name), as the index counts them.
    pub company_counts: crate::index::CompanyCounts,
    /// Hits per tree node.
    pub hit_counts: HashMap<Node, usize>,
    /// Policies parsed when `hit_counts` was computed: sections of policies
    /// parsed later are counted again.
    pub counted_parsed: usize,
    /// Selected result.
    pub result_selected: usize,
    /// First result shown.
    pub result_offset: usize,
    /// The hit `n` / `N` stand on.
    pub current_hit: Option<usize>,
    /// The hit to stand on again once the restored query's results arrive.
    pub restore_hit: Option<usize>,
    /// Queries searched, oldest first, each once.
    pub history: Vec<String>,
    /// The history entry in the search bar while ↑ / ↓ walk it.
    pub history_at: Option<usize>,
    /// The query typed before ↑ recalled the history.
    pub draft: String,
    /// Search every version rather than each company's newest.
    pub all_versions: bool,
}

impl Search {
    /// The versions searched.
    pub fn scope(&self) -> crate::index::Scope {
        match self.all_versions {
            true => crate::index::Scope::AllVersions,
            false => crate::index::Scope::Newest,
        }
    }
}

/// What narrows the tree and the results.
#[derive(Default)]
pub struct Filters {
    /// Only tree nodes with hits (`f`).
    pub only_hits: bool,
    /// The category filter (`C`).
    pub category: Option<crate::categories::Category>,
    /// Clauses of the filter's category per company (lower-cased name).
    pub company_counts: crate::index::CompanyCounts,
    /// Clauses of the filter's category per tree node.
    pub category_counts: HashMap<Node, usize>,
    /// Policies parsed when `category_counts` was computed.
    pub counted_parsed: usize,
}
