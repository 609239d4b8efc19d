//! The note editor: a multi-line note on a clause. Esc saves it (keeping
//! the finding's label), Ctrl-G cancels and keeps the previous note; every
//! key keeps the text typed so far as a draft beside the session file, so
//! that a closed terminal, a signal or a crash loses nothing (the draft is
//! restored the next time the session is opened for changes).

use super::action::Action;
use super::app::{App, Overlay};
use super::review::READ_ONLY;
use crate::review::{finding_at, Draft};
use ratatui_textarea::TextArea;

/// The note editor overlay.
#[derive(Debug, Clone)]
pub struct NoteEditor {
    /// The note being edited, opened with the clause's existing note.
    pub textarea: TextArea<'static>,
    /// Index of the clause's policy in the corpus.
    pub policy: usize,
    /// Index of the clause in its policy.
    pub clause: usize,
}

impl App {
    pub(super) fn open_note_editor(&mut self) {
        let Some((p, c)) = self.flag_target() else {
            return;
        };
        if self.review.as_ref().is_some_and(|r| r.store.is_read_only()) {
            self.message = Some(READ_ONLY.into());
            return;
        }
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
        use crossterm::event::{KeyCode, KeyModifiers};
        let Overlay::Note(editor) = &mut self.overlay else {
            return;
        };
        match action {
            Action::NoteKey(key) if key.code == KeyCode::Esc => self.close_note_editor(),
            Action::NoteKey(key)
                if key.code == KeyCode::Char('g')
                    && key.modifiers.contains(KeyModifiers::CONTROL) =>
            {
                self.cancel_note_editor()
            }
            Action::NoteKey(key) => {
                editor.textarea.input(key);
                self.keep_draft();
            }
            _ => {}
        }
    }

    /// Keeps the note being typed on disk, so that a closed terminal, a
    /// signal or a crash does not lose it (restored on the next start).
    fn keep_draft(&mut self) {
        let (Overlay::Note(editor), Some(review), Some(corpus)) =
            (&self.overlay, &self.review, &self.data.corpus)
        else {
            return;
        };
        let note = editor.textarea.lines().join("\n");
        let draft = match finding_at(&review.anchors, editor.policy, editor.clause) {
            Some(i) => Draft::of(&review.session, i, &note),
            None => {
                crate::review::draft::on_clause(corpus.policy(editor.policy), editor.clause, &note)
            }
        };
        if let Some(Err(e)) = draft.map(|d| review.store.save_draft(&d)) {
            self.message = Some(e.to_string());
        }
    }

    /// Closes the note editor keeping the previous note.
    fn cancel_note_editor(&mut self) {
        self.close_overlay();
        if let Some(review) = &self.review {
            review.store.clear_draft();
        }
        self.message = Some("note editing cancelled; the previous note is kept".into());
    }

    /// Saves the note being edited (keeping the finding's label) and closes the editor.
    pub(super) fn close_note_editor(&mut self) {
        let Overlay::Note(editor) = std::mem::replace(&mut self.overlay, Overlay::None) else {
            return;
        };
        self.close_overlay();
        let note = editor.textarea.lines().join("\n").trim_end().to_string();
        self.set_finding((editor.policy, editor.clause), None, Some(note));
        if let Some(review) = &self.review {
            if !review.unsaved {
                review.store.clear_draft();
            }
        }
    }
}
