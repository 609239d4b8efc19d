//! Review actions in the browser: flags, labels, notes, reviewed marks,
//! jumping between flagged clauses, the review pane, saved queries and
//! export. Every change is saved at once (atomically) to the session file.

use super::action::Action;
use super::app::{App, Overlay, Pane};
use super::tree::Node;
use crate::review::model::{anchor, clause_ids, section_id, Anchored, Position};
use crate::review::{export, ReviewStore, Session, Status};
use ratatui_textarea::TextArea;
use std::collections::HashMap;

/// The open review session and where its findings sit in the corpus.
pub struct ReviewState {
    pub store: ReviewStore,
    pub session: Session,
    ids: HashMap<String, (usize, usize)>,
    pub anchors: Vec<Anchored>,
    /// Anchor index by (policy, clause).
    pub by_clause: HashMap<(usize, usize), usize>,
    /// Findings per tree node.
    pub counts: HashMap<Node, usize>,
}

impl ReviewState {
    /// A session not yet placed in a corpus.
    pub fn new(store: ReviewStore, session: Session) -> ReviewState {
        ReviewState {
            store,
            session,
            ids: HashMap::new(),
            anchors: Vec::new(),
            by_clause: HashMap::new(),
            counts: HashMap::new(),
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
            self.session.findings.get(&anchored.stored_id)?,
            anchored.status,
        ))
    }
}

/// The note editor overlay.
#[derive(Debug, Clone)]
pub struct NoteEditor {
    pub textarea: TextArea<'static>,
    pub policy: usize,
    pub clause: usize,
}

/// The review pane overlay: findings filtered by label and company.
#[derive(Debug, Clone, Default)]
pub struct ReviewPane {
    /// Index into the session's labels; `None` shows all.
    pub label: Option<usize>,
    /// Company filter typed by the user.
    pub company: String,
    pub selected: usize,
    /// Saved queries with their number of unflagged hits.
    pub checklist: Vec<(String, usize)>,
}

impl App {
    /// Places the session's findings in the corpus (after loading or a change).
    pub(super) fn refresh_review(&mut self) {
        let (Some(review), Some(corpus), Some(tree)) =
            (&mut self.review, &self.data.corpus, &self.data.tree)
        else {
            return;
        };
        if review.ids.is_empty() {
            review.ids = clause_ids(corpus);
        }
        review.anchors = anchor(&review.session, corpus, &review.ids);
        review.by_clause.clear();
        review.counts.clear();
        for (i, a) in review.anchors.iter().enumerate() {
            if let Some((p, c)) = a.location {
                review.by_clause.insert((p, c), i);
                let section = corpus.policies[p].clauses[c].section;
                let leaf = section.map_or(Node::Version(p), |s| Node::Section(p, s));
                for node in tree.path_to(corpus, leaf) {
                    *review.counts.entry(node).or_insert(0) += 1;
                }
            }
        }
    }

    fn save_review(&mut self) {
        if let Some(review) = &self.review {
            if let Err(e) = review.store.save(&review.session) {
                self.message = Some(e.to_string());
                return;
            }
        }
        self.refresh_review();
    }

    /// The clause at the cursor: (policy, clause).
    pub fn cursor_clause(&self) -> Option<(usize, usize)> {
        let p = self.browse.doc_policy?;
        let c = self.browse.doc_cursor?;
        (c < self.data.corpus.as_ref()?.policies.get(p)?.clauses.len()).then_some((p, c))
    }

    pub(super) fn review_action(&mut self, action: Action) {
        if self.review.is_none() {
            self.message = Some("no review session open".into());
            return;
        }
        match action {
            Action::ToggleFlag => self.toggle_flag(),
            Action::PickLabel if self.cursor_clause().is_some() => {
                self.overlay = Overlay::Labels { selected: 0 };
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

    fn set_finding(&mut self, label: Option<String>, note: Option<String>) {
        let Some((p, c)) = self.cursor_clause() else {
            return;
        };
        let (Some(review), Some(corpus)) = (&mut self.review, &self.data.corpus) else {
            return;
        };
        let policy = &corpus.policies[p];
        let id = policy.clause_id(&policy.clauses[c]);
        let stored = review
            .by_clause
            .get(&(p, c))
            .map(|&i| review.anchors[i].stored_id.clone());
        let old_note = stored
            .as_ref()
            .and_then(|s| review.session.findings.get(s))
            .map(|f| f.note.clone())
            .unwrap_or_default();
        if let Some(old) = &stored {
            review.session.findings.remove(old);
        }
        review
            .session
            .set_finding(&id, policy, c, label, note.unwrap_or(old_note));
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

    fn toggle_flag(&mut self) {
        let Some((p, c)) = self.cursor_or_hint() else {
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
        self.set_finding(label, None);
    }

    pub(super) fn labels_input(&mut self, action: Action) {
        let Overlay::Labels { selected } = &mut self.overlay else {
            return;
        };
        let count = self.review.as_ref().map_or(0, |r| r.session.labels.len());
        if super::list::step(selected, count, &action, count) {
            return;
        }
        match action {
            Action::Activate => {
                let label = self
                    .review
                    .as_ref()
                    .and_then(|r| r.session.labels.get(*selected).cloned());
                self.overlay = Overlay::None;
                self.set_finding(label, None);
            }
            Action::Escape => self.overlay = Overlay::None,
            _ => {}
        }
    }

    fn open_note_editor(&mut self) {
        let Some((p, c)) = self.cursor_or_hint() else {
            return;
        };
        let note = self
            .review
            .as_ref()
            .and_then(|r| r.finding(p, c).map(|(f, _)| f.note.clone()))
            .unwrap_or_default();
        let lines: Vec<String> = if note.is_empty() {
            vec![String::new()]
        } else {
            note.lines().map(str::to_string).collect()
        };
        let mut textarea = TextArea::new(lines);
        textarea.move_cursor(ratatui_textarea::CursorMove::Bottom);
        textarea.move_cursor(ratatui_textarea::CursorMove::End);
        self.overlay = Overlay::Note(Box::new(NoteEditor {
            textarea,
            policy: p,
            clause: c,
        }));
    }

    pub(super) fn note_input(&mut self, action: Action) {
        let Overlay::Note(editor) = &mut self.overlay else {
            return;
        };
        match action {
            Action::NoteKey(key) if key.code == crossterm::event::KeyCode::Esc => {
                self.close_note_editor()
            }
            Action::NoteKey(key) => {
                editor.textarea.input(key);
            }
            _ => {}
        }
    }

    /// Saves the note being edited and closes the editor.
    pub(super) fn close_note_editor(&mut self) {
        let Overlay::Note(editor) = std::mem::replace(&mut self.overlay, Overlay::None) else {
            return;
        };
        let note = editor.textarea.lines().join("\n").trim_end().to_string();
        let (saved_policy, saved_cursor) = (self.browse.doc_policy, self.browse.doc_cursor);
        self.browse.doc_policy = Some(editor.policy);
        self.browse.doc_cursor = Some(editor.clause);
        let label = self.review.as_ref().and_then(|r| {
            r.finding(editor.policy, editor.clause)
                .and_then(|(f, _)| f.label.clone())
        });
        self.set_finding(label, Some(note));
        self.browse.doc_policy = saved_policy;
        self.browse.doc_cursor = saved_cursor;
        self.message = Some("note saved".into());
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
                let section = self.data.corpus.as_ref()?.policies[p].clauses[c].section;
                Some((p, section))
            }),
        };
        let (Some((p, section)), Some(corpus), Some(review)) =
            (target, &self.data.corpus, &mut self.review)
        else {
            return;
        };
        let id = section_id(&corpus.policies[p], section);
        let now = review.session.toggle_reviewed(&id);
        self.message = Some(format!(
            "{id} {}",
            if now { "reviewed" } else { "not reviewed" }
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
            self.message =
                Some("no flagged clauses yet (space flags the clause at the cursor)".into());
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
            .and_then(|corpus| corpus.policies.get(p)?.clauses.get(c))
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

    fn open_review_pane(&mut self) {
        let mut pane = ReviewPane::default();
        if let (Some(review), Some(index)) = (&self.review, &self.data.index) {
            for query in &review.session.queries {
                let unflagged = super::run_search(index, query).map_or(0, |results| {
                    results
                        .hits
                        .iter()
                        .filter(|h| {
                            h.kind == "clause" && !review.session.findings.contains_key(&h.id)
                        })
                        .count()
                });
                pane.checklist.push((query.clone(), unflagged));
            }
        }
        self.overlay = Overlay::ReviewPane(pane);
    }

    /// Findings shown in the review pane: (anchor index, row).
    pub fn review_rows(&self, pane: &ReviewPane) -> Vec<(usize, export::Row)> {
        let (Some(review), Some(corpus)) = (&self.review, &self.data.corpus) else {
            return Vec::new();
        };
        let label = pane.label.and_then(|l| review.session.labels.get(l));
        let company = pane.company.to_lowercase();
        let rows = export::rows(&review.session, corpus, &review.anchors);
        rows.into_iter()
            .filter(|r| label.is_none_or(|l| r.label.as_ref() == Some(l)))
            .filter(|r| r.company.to_lowercase().contains(&company))
            .map(|r| {
                let index = review.anchors.iter().position(|a| {
                    a.location.is_some_and(|(p, c)| {
                        corpus.policies[p].clause_id(&corpus.policies[p].clauses[c]) == r.id
                    }) || a.stored_id == r.id
                });
                (index.unwrap_or(usize::MAX), r)
            })
            .collect()
    }

    pub(super) fn review_pane_input(&mut self, action: Action) {
        let labels = self.review.as_ref().map_or(0, |r| r.session.labels.len());
        let Overlay::ReviewPane(pane) = &mut self.overlay else {
            return;
        };
        match action {
            Action::Down => pane.selected += 1,
            Action::Up => pane.selected = pane.selected.saturating_sub(1),
            Action::NextPane => {
                pane.label = match pane.label {
                    None if labels > 0 => Some(0),
                    Some(l) if l + 1 < labels => Some(l + 1),
                    _ => None,
                };
                pane.selected = 0;
            }
            Action::SearchInput(ch) => {
                pane.company.push(ch);
                pane.selected = 0;
            }
            Action::SearchBackspace => {
                pane.company.pop();
            }
            Action::Escape => self.overlay = Overlay::None,
            Action::Activate => {
                let pane = pane.clone();
                let rows = self.review_rows(&pane);
                let target = rows
                    .get(pane.selected.min(rows.len().saturating_sub(1)))
                    .and_then(|(i, _)| self.review.as_ref()?.anchors.get(*i)?.location);
                self.overlay = Overlay::None;
                if let Some((p, c)) = target {
                    self.browse.focus = Pane::Clauses;
                    self.open_clause(p, c);
                } else {
                    self.message = Some("that clause is no longer in the corpus".into());
                }
            }
            _ => {}
        }
        let current = match &self.overlay {
            Overlay::ReviewPane(pane) => Some(pane.clone()),
            _ => None,
        };
        if let Some(state) = current {
            let len = self.review_rows(&state).len();
            if let Overlay::ReviewPane(pane) = &mut self.overlay {
                pane.selected = pane.selected.min(len.saturating_sub(1));
            }
        }
    }

    fn export(&mut self) {
        let (Some(review), Some(corpus)) = (&self.review, &self.data.corpus) else {
            return;
        };
        let rows = export::rows(&review.session, corpus, &review.anchors);
        let text = export::render(&rows, export::Format::Md, &review.session.corpus);
        let path = review.store.path().with_extension("md");
        self.message = Some(match std::fs::write(&path, text) {
            Ok(()) => format!("exported {} findings to {}", rows.len(), path.display()),
            Err(e) => format!("export failed: {e}"),
        });
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

    /// Records where the reviewer is, for the next start.
    pub(super) fn save_position(&mut self) {
        let position = self
            .data
            .corpus
            .as_ref()
            .zip(self.browse.doc_policy)
            .map(|(corpus, p)| {
                let policy = &corpus.policies[p];
                let section = match self
                    .tree_rows()
                    .get(self.browse.tree_selected)
                    .map(|r| r.node)
                {
                    Some(Node::Section(sp, s)) if sp == p => Some(policy.sections[s].path.clone()),
                    _ => None,
                };
                Position {
                    policy: policy.meta.reference(),
                    section,
                    scroll: self.browse.doc_scroll,
                    query: self.search.query.clone(),
                }
            });
        if let (Some(review), Some(position)) = (&mut self.review, position) {
            if review.session.position.as_ref() != Some(&position) {
                review.session.position = Some(position);
                let _ = review.store.save(&review.session);
            }
        }
    }

    /// Goes back to the position saved in the session.
    pub(super) fn restore_position(&mut self) {
        let Some(position) = self
            .review
            .as_ref()
            .and_then(|r| r.session.position.clone())
        else {
            return;
        };
        let Some(p) = self
            .data
            .tree
            .as_ref()
            .and_then(|t| t.by_reference.get(&position.policy.to_lowercase()).copied())
        else {
            return;
        };
        let section = position
            .section
            .as_deref()
            .and_then(|path| self.data.corpus.as_ref()?.policies[p].section_by_path(path));
        let node = section.map_or(Node::Version(p), |s| Node::Section(p, s));
        self.reveal(node);
        self.browse.doc_policy = Some(p);
        self.browse.doc_scroll = position.scroll;
        self.search.query = position.query;
        self.clamp_scrolls();
        self.cursor_to_view();
    }
}
