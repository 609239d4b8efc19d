//! Review actions in the browser: flags, labels, notes, reviewed marks,
//! jumping between flagged clauses, the review pane, saved queries and
//! export. Every change is saved at once (atomically) to the session file.

use super::action::Action;
use super::app::{App, Overlay, Pane};
pub use super::note::NoteEditor;
pub use super::review_pane::ReviewPane;
use super::tree::Node;
use crate::review::model::section_id;
use crate::review::{anchor, export, finding_at, Anchored, ReviewStore, Session, Status};
use std::collections::{HashMap, HashSet};

/// The open review session and where its findings sit in the corpus.
pub struct ReviewState {
    /// The session file the findings are saved to.
    pub store: ReviewStore,
    /// The session's findings, labels and reviewed sections.
    pub session: Session,
    /// Each finding placed in the corpus (empty until a corpus is loaded).
    pub anchors: Vec<Anchored>,
    /// Anchor index by (policy, clause): where a finding is now, and where
    /// a carried finding was made.
    pub by_clause: HashMap<(usize, usize), usize>,
    /// Flags and notes per tree node.
    pub counts: HashMap<Node, Counts>,
    /// The last save failed: the session in memory is newer than the file.
    pub unsaved: bool,
    /// Current ids of the clauses that have a finding.
    pub flagged_ids: HashSet<String>,
}

/// Shown when a change is tried in a read-only session.
pub(super) const READ_ONLY: &str =
    "read-only: another clause process writes this session (close it there to make changes here)";

/// Findings under a tree node: flags and notes counted apart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Flagged clauses under the node.
    pub flags: usize,
    /// Clauses with a note under the node.
    pub notes: usize,
}

impl ReviewState {
    /// A session not yet placed in a corpus.
    pub fn new(store: ReviewStore, session: Session) -> ReviewState {
        ReviewState {
            store,
            session,
            anchors: Vec::new(),
            by_clause: HashMap::new(),
            counts: HashMap::new(),
            unsaved: false,
            flagged_ids: HashSet::new(),
        }
    }

    /// The finding on a clause with its status, if any.
    pub fn finding(
        &self,
        policy: usize,
        clause: usize,
    ) -> Option<(&crate::review::Finding, Status)> {
        let anchored = &self.anchors[*self.by_clause.get(&(policy, clause))?];
        Some((
            self.session.findings.get(anchored.finding)?,
            anchored.status,
        ))
    }

    /// Whether any section of the policy `company@date` is marked reviewed.
    pub fn has_reviewed_in(&self, reference: &str) -> bool {
        self.session.reviewed.iter().any(|id| {
            id.strip_prefix(reference)
                .is_some_and(|r| r.starts_with('/'))
        })
    }

    /// Whether a section (`None`: the preamble) of a policy is marked reviewed.
    pub fn is_reviewed(&self, policy: &crate::corpus::Policy, section: Option<usize>) -> bool {
        self.session.reviewed.contains(&section_id(policy, section))
    }
}

impl App {
    /// Places the session's findings in the corpus (after loading or a change).
    pub(super) fn refresh_review(&mut self) {
        let (Some(review), Some(corpus), Some(tree)) =
            (&mut self.review, &self.data.corpus, &self.data.tree)
        else {
            return;
        };
        review.session.adopt(corpus);
        review.anchors = anchor(&review.session, corpus);
        review.by_clause.clear();
        review.counts.clear();
        review.flagged_ids.clear();
        for (i, a) in review.anchors.iter().enumerate() {
            for (p, c) in a.origin.into_iter().chain(a.location) {
                review.by_clause.entry((p, c)).or_insert(i);
                let policy = corpus.policy(p);
                review
                    .flagged_ids
                    .insert(policy.clause_id(&policy.clauses[c]));
            }
            let (Some((p, c)), Some(finding)) =
                (a.location, review.session.findings.get(a.finding))
            else {
                continue;
            };
            let section = corpus.policy(p).clauses[c].section;
            let leaf = section.map_or(Node::Version(p), |s| Node::Section(p, s));
            for node in tree.path_to(corpus, leaf) {
                let counts = review.counts.entry(node).or_default();
                counts.flags += usize::from(finding.label.is_some());
                counts.notes += usize::from(!finding.note.is_empty());
            }
        }
    }

    /// Saves the session; on failure the change stays in memory, the error
    /// is shown, and the next change saves again.
    fn save_review(&mut self) {
        if let Some(review) = &mut self.review {
            match review.store.save(&review.session) {
                Ok(()) => {
                    if review.unsaved {
                        self.message = Some("saved (the earlier failed change too)".into());
                    }
                    review.unsaved = false;
                    if let Some(notice) = review.store.take_notices().pop() {
                        self.message = Some(notice);
                    }
                }
                Err(e) => {
                    review.unsaved = true;
                    self.message = Some(e.to_string());
                }
            }
        }
        self.refresh_review();
    }

    /// The clause at the cursor: (policy, clause).
    pub fn cursor_clause(&self) -> Option<(usize, usize)> {
        let p = self.browse.doc_policy?;
        let c = self.browse.doc_cursor?;
        (c < self.data.corpus.as_ref()?.get(p)?.clauses.len()).then_some((p, c))
    }

    pub(super) fn review_action(&mut self, action: Action) {
        if self.review.is_none() {
            self.message = Some("no review session open".into());
            return;
        }
        match action {
            Action::ToggleFlag => self.toggle_flag(),
            Action::PickLabel => {
                if let Some(target) = self.flag_target() {
                    self.overlay = Overlay::Labels {
                        selected: 0,
                        target,
                    };
                }
            }
            Action::EditNote => self.open_note_editor(),
            Action::ToggleReviewed => self.toggle_reviewed(),
            Action::NextFlag => self.step_flag(true),
            Action::PrevFlag => self.step_flag(false),
            Action::OpenReviewPane => self.open_review_pane(),
            Action::Export => self.export(),
            Action::SaveQuery => self.save_query(),
            _ => {}
        }
    }

    /// Changes the label and/or the note of the finding at `(p, c)`
    /// (starting one if there is none), keeping the rest of it; says so.
    pub(super) fn set_finding(
        &mut self,
        (p, c): (usize, usize),
        label: Option<Option<String>>,
        note: Option<String>,
    ) {
        let (Some(review), Some(corpus)) = (&mut self.review, &self.data.corpus) else {
            return;
        };
        if review.store.is_read_only() {
            self.message = Some(READ_ONLY.into());
            return;
        }
        let policy = corpus.policy(p);
        let id = policy.clause_id(&policy.clauses[c]);
        let index =
            finding_at(&review.anchors, p, c).unwrap_or_else(|| review.session.add(policy, c));
        if let Some(label) = label {
            review.session.set_label(index, label);
        }
        let note_edited = note.is_some();
        if let Some(note) = note {
            review.session.set_note(index, note);
        }
        let message = if review.session.drop_if_empty(index) {
            format!("{id}: finding removed")
        } else {
            let f = &review.session.findings[index];
            match (&f.label, f.note.is_empty(), note_edited) {
                (Some(l), _, true) => format!("note saved on {id} (flag {l} kept)"),
                (None, _, true) => format!("note saved on {id}"),
                (Some(l), true, false) => format!("{id} flagged {l}"),
                (Some(l), false, false) => format!("{id} flagged {l} (note kept)"),
                (None, _, false) => format!("{id}: flag removed, note kept"),
            }
        };
        self.message = Some(message);
        self.save_review();
    }

    /// The clause at the cursor, or a hint in the status bar when there is none.
    fn cursor_or_hint(&mut self) -> Option<(usize, usize)> {
        let cursor = self.cursor_clause();
        if cursor.is_none() {
            self.message =
                Some("move the cursor to a clause first (Tab to the clause view)".into());
        }
        cursor
    }

    /// The clause a review key acts on: the selected clause of the
    /// matrix's cell list, the selected hit in the results list, else the
    /// clause at the cursor; a hint when there is none.
    pub(super) fn flag_target(&mut self) -> Option<(usize, usize)> {
        if let Some(listed) = self.listed_clause() {
            return Some(listed);
        }
        if self.browse.focus != Pane::Results {
            return self.cursor_or_hint();
        }
        let located = match (&self.data.corpus, &self.data.tree, &self.search.results) {
            (Some(c), Some(t), Some(r)) => r
                .hits
                .get(self.search.result_selected)
                .and_then(|h| t.locate(c, h)),
            _ => None,
        };
        match located {
            Some((p, _, Some(c))) => Some((p, c)),
            Some((_, _, None)) => {
                self.message = Some(
                    "that hit is a section heading: Enter opens it, then flag one of its clauses"
                        .into(),
                );
                None
            }
            None => {
                self.message = Some("select a hit first (j/k)".into());
                None
            }
        }
    }

    fn toggle_flag(&mut self) {
        let Some((p, c)) = self.flag_target() else {
            return;
        };
        let current = self
            .review
            .as_ref()
            .and_then(|r| r.finding(p, c).and_then(|(f, _)| f.label.clone()));
        let label = match current {
            Some(_) => None,
            None => self
                .review
                .as_ref()
                .and_then(|r| r.session.labels.first().cloned()),
        };
        self.set_finding((p, c), Some(label), None);
    }

    pub(super) fn labels_input(&mut self, action: Action) {
        let Overlay::Labels { selected, target } = &mut self.overlay else {
            return;
        };
        let count = self.review.as_ref().map_or(0, |r| r.session.labels.len());
        if super::list::step(selected, count, &action, count) {
            return;
        }
        match action {
            Action::Down | Action::SearchInput('j') => {
                *selected = (*selected + 1).min(count.saturating_sub(1))
            }
            Action::Up | Action::SearchInput('k') => *selected = selected.saturating_sub(1),
            Action::Activate => {
                let (selected, target) = (*selected, *target);
                let label = self
                    .review
                    .as_ref()
                    .and_then(|r| r.session.labels.get(selected).cloned());
                self.close_overlay();
                self.set_finding(target, Some(label), None);
            }
            Action::Escape => self.close_overlay(),
            _ => {}
        }
    }

    fn toggle_reviewed(&mut self) {
        let target = match (
            self.browse.focus,
            self.tree_rows()
                .get(self.browse.tree_selected)
                .map(|r| r.node),
        ) {
            (Pane::Tree, Some(Node::Section(p, s))) => Some((p, Some(s))),
            (Pane::Tree, Some(Node::Version(p))) => Some((p, None)),
            _ => self.cursor_clause().and_then(|(p, c)| {
                let section = self.data.corpus.as_ref()?.policy(p).clauses[c].section;
                Some((p, section))
            }),
        };
        let (Some((p, section)), Some(corpus), Some(review)) =
            (target, &self.data.corpus, &mut self.review)
        else {
            return;
        };
        if review.store.is_read_only() {
            self.message = Some(READ_ONLY.into());
            return;
        }
        let id = section_id(corpus.policy(p), section);
        let now = !review.session.reviewed.contains(&id);
        review.session.set_reviewed(&id, now);
        self.message = Some(format!(
            "{id} {}",
            if now { "✓ reviewed" } else { "not reviewed" }
        ));
        self.save_review();
    }

    fn step_flag(&mut self, forward: bool) {
        let Some(review) = &self.review else {
            return;
        };
        let mut flagged: Vec<(usize, usize)> = review.by_clause.keys().copied().collect();
        flagged.sort_unstable();
        if flagged.is_empty() {
            self.message = Some(self.keymap.fill(
                "no flagged clauses yet ({toggle_flag} flags the clause at the cursor)",
                super::keymap::Mode::Browse,
            ));
            return;
        }
        let here = self.cursor_clause().unwrap_or((0, 0));
        let next = if forward {
            flagged.iter().find(|&&f| f > here).or(flagged.first())
        } else {
            flagged.iter().rev().find(|&&f| f < here).or(flagged.last())
        };
        if let Some(&(p, c)) = next {
            self.open_clause(p, c);
        }
    }

    /// Shows clause `c` of policy `p`: tree, view and cursor follow.
    pub(super) fn open_clause(&mut self, p: usize, c: usize) {
        let section = self
            .data
            .corpus
            .as_ref()
            .and_then(|corpus| corpus.get(p)?.clauses.get(c))
            .map(|cl| cl.section);
        let Some(section) = section else {
            return;
        };
        let leaf = section.map_or(Node::Version(p), |s| Node::Section(p, s));
        self.reveal(leaf);
        self.browse.doc_policy = Some(p);
        self.browse.doc_cursor = Some(c);
        if let Some(doc) = self.current_document() {
            self.browse.doc_scroll = doc.clause_line[c].saturating_sub(3);
        }
        self.clamp_scrolls();
    }

    fn export(&mut self) {
        let (Some(review), Some(corpus)) = (&self.review, &self.data.corpus) else {
            return;
        };
        let rows = export::rows(&review.session, corpus, &review.anchors);
        let text = export::render(&rows, export::Format::Md, &review.session.corpus);
        let path = review.store.path().with_extension("md");
        self.message = Some(
            match crate::review::store::write_private(&path, text.as_bytes()) {
                Ok(()) => format!("exported {} findings to {}", rows.len(), path.display()),
                Err(e) => format!("export failed: {e}"),
            },
        );
    }

    fn save_query(&mut self) {
        let query = self.search.query.trim().to_string();
        let Some(review) = &mut self.review else {
            return;
        };
        if query.is_empty() {
            self.message = Some("type a query first (/), then s saves it to the checklist".into());
            return;
        }
        if !review.session.queries.contains(&query) {
            review.session.queries.push(query.clone());
        }
        self.message = Some(format!("saved query: {query}"));
        self.save_review();
    }
}
