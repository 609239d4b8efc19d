//! Random sequences of review actions, edits of the policy file in place
//! and restarts, checked against a simple reference model: every finding
//! keeps its label and note, stays on its own clause (`changed` when that
//! clause was edited), and is `orphaned` with its text when the clause
//! was deleted; nothing is lost across a save and a restart.

use clause::corpus::{load::parse_text, Corpus, CorpusSource};
use clause::review::{anchor, finding_at, ReviewStore, Session, Status};
use proptest::prelude::*;
use std::collections::BTreeMap;

/// One clause of the generated policy: an identity and a revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Line {
    id: usize,
    rev: usize,
}

/// The policy file: sections (title identity, clauses).
#[derive(Debug, Clone)]
struct Doc {
    sections: Vec<(usize, Vec<Line>)>,
    next: usize,
}

/// Longer than the diff engine's short clauses (whose shape alone can pair
/// them), with words of its own: clauses are told apart by their words.
fn clause_text(line: Line) -> String {
    let words: Vec<String> = ('a'..='r').map(|w| format!("{w}{}x", line.id)).collect();
    format!("{} rev{}z{}.", words.join(" "), line.id, line.rev)
}

impl Doc {
    fn new() -> Doc {
        let mut doc = Doc {
            sections: Vec::new(),
            next: 0,
        };
        for _ in 0..3 {
            let title = doc.fresh();
            let lines = (0..3).map(|_| doc.fresh_line()).collect();
            doc.sections.push((title, lines));
        }
        doc
    }

    fn fresh(&mut self) -> usize {
        self.next += 1;
        self.next
    }

    fn fresh_line(&mut self) -> Line {
        Line {
            id: self.fresh(),
            rev: 0,
        }
    }

    fn lines(&self) -> Vec<Line> {
        self.sections.iter().flat_map(|(_, l)| l.clone()).collect()
    }

    fn text(&self) -> String {
        let mut out = String::from("# Model Privacy Policy\n\n");
        for (title, lines) in &self.sections {
            out.push_str(&format!("## Topic number {title}\n\n"));
            for line in lines {
                out.push_str(&clause_text(*line));
                out.push_str("\n\n");
            }
        }
        out
    }

    fn corpus(&self) -> Corpus {
        let policy = parse_text("model.com__2024-01-01.md", "model", &self.text());
        Corpus::from_policies(CorpusSource::Embedded, vec![policy], Vec::new())
    }

    /// The (section, position) of the `n`th clause, cycling.
    fn nth(&self, n: usize) -> Option<(usize, usize)> {
        let total = self.lines().len();
        let mut n = n.checked_rem(total)?;
        for (s, (_, lines)) in self.sections.iter().enumerate() {
            if n < lines.len() {
                return Some((s, n));
            }
            n -= lines.len();
        }
        None
    }
}

#[derive(Debug, Clone)]
enum Op {
    Flag(usize, usize),
    Note(usize, String),
    Unlabel(usize),
    Reviewed(usize, bool),
    Edit(usize),
    Delete(usize),
    Insert(usize),
    InsertSection(usize),
    Restart,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..20usize, 0..4usize).prop_map(|(c, l)| Op::Flag(c, l)),
        (0..20usize, "[a-z]{1,8}").prop_map(|(c, n)| Op::Note(c, n)),
        (0..20usize).prop_map(Op::Unlabel),
        (0..5usize, any::<bool>()).prop_map(|(s, on)| Op::Reviewed(s, on)),
        (0..20usize).prop_map(Op::Edit),
        (0..20usize).prop_map(Op::Delete),
        (0..20usize).prop_map(Op::Insert),
        (0..4usize).prop_map(Op::InsertSection),
        Just(Op::Restart),
    ]
}

/// What the model expects of the finding on one clause identity.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Expected {
    label: Option<String>,
    note: String,
    rev: usize,
}

struct Run {
    doc: Doc,
    corpus: Corpus,
    session: Session,
    store: Option<ReviewStore>,
    path: std::path::PathBuf,
    model: BTreeMap<usize, Expected>,
    deleted: BTreeMap<usize, Line>,
    reviewed: std::collections::BTreeSet<String>,
}

impl Run {
    fn clause_index(&self, line: Line) -> usize {
        self.doc.lines().iter().position(|l| *l == line).unwrap()
    }

    /// Changes the finding on the `n`th clause like the browser and CLI do.
    fn change(
        &mut self,
        n: usize,
        f: impl FnOnce(&mut Session, usize),
        g: impl FnOnce(&mut Expected),
    ) {
        let Some((s, k)) = self.doc.nth(n) else {
            return;
        };
        let line = self.doc.sections[s].1[k];
        let c = self.clause_index(line);
        let anchors = anchor(&self.session, &self.corpus);
        let index = finding_at(&anchors, 0, c)
            .unwrap_or_else(|| self.session.add(&self.corpus.policies[0], c));
        f(&mut self.session, index);
        self.session.drop_if_empty(index);
        let flagged_rev = self.model.get(&line.id).map_or(line.rev, |e| e.rev);
        let entry = self.model.entry(line.id).or_insert(Expected {
            label: None,
            note: String::new(),
            rev: flagged_rev,
        });
        g(entry);
        if entry.label.is_none() && entry.note.is_empty() {
            self.model.remove(&line.id);
        }
        self.save();
    }

    fn apply(&mut self, op: Op) {
        let labels = ["concern", "good", "unclear", "follow-up"];
        match op {
            Op::Flag(n, l) => self.change(
                n,
                |s, i| s.set_label(i, Some(labels[l].to_string())),
                |e| e.label = Some(labels[l].to_string()),
            ),
            Op::Note(n, note) => {
                let model_note = note.clone();
                self.change(n, |s, i| s.set_note(i, note), |e| e.note = model_note)
            }
            Op::Unlabel(n) => self.change(n, |s, i| s.set_label(i, None), |e| e.label = None),
            Op::Reviewed(s, on) => {
                let id = format!("model.com@2024-01-01/{}", s + 1);
                self.session.set_reviewed(&id, on);
                if on {
                    self.reviewed.insert(id);
                } else {
                    self.reviewed.remove(&id);
                }
                self.save();
            }
            Op::Edit(n) => {
                if let Some((s, k)) = self.doc.nth(n) {
                    self.doc.sections[s].1[k].rev += 1;
                }
            }
            Op::Delete(n) => {
                if let Some((s, k)) = self.doc.nth(n) {
                    let line = self.doc.sections[s].1.remove(k);
                    self.deleted.insert(line.id, line);
                }
            }
            Op::Insert(n) => {
                let line = self.doc.fresh_line();
                match self.doc.nth(n) {
                    Some((s, k)) => self.doc.sections[s].1.insert(k, line),
                    None => self.doc.sections[0].1.push(line),
                }
            }
            Op::InsertSection(at) => {
                let title = self.doc.fresh();
                let line = self.doc.fresh_line();
                let at = at.min(self.doc.sections.len());
                self.doc.sections.insert(at, (title, vec![line]));
            }
            Op::Restart => {
                self.store = None;
                let (store, session) = ReviewStore::open(&self.path, "model").unwrap();
                let mut expected = self.session.clone();
                expected.compact();
                assert_eq!(session, expected, "the file holds the session");
                self.store = Some(store);
                self.session = session;
            }
        }
        self.corpus = self.doc.corpus();
    }

    fn save(&mut self) {
        if let Some(store) = &mut self.store {
            store.save(&self.session).unwrap();
        }
    }

    fn check(&self) -> Result<(), TestCaseError> {
        let anchors = anchor(&self.session, &self.corpus);
        prop_assert_eq!(
            anchors.len(),
            self.model.len(),
            "one finding per flagged clause"
        );
        let policy = &self.corpus.policies[0];
        for a in &anchors {
            let f = &self.session.findings[a.finding];
            let identity = f
                .text
                .split_whitespace()
                .next()
                .and_then(|w| w[1..w.len() - 1].parse::<usize>().ok())
                .unwrap();
            let expected = self.model.get(&identity);
            prop_assert!(
                expected.is_some(),
                "finding on {} not in the model",
                identity
            );
            let expected = expected.unwrap();
            prop_assert_eq!(&f.label, &expected.label);
            prop_assert_eq!(&f.note, &expected.note);
            let flagged = Line {
                id: identity,
                rev: expected.rev,
            };
            prop_assert_eq!(&f.text, &clause_text(flagged), "text as flagged is kept");
            if self.deleted.contains_key(&identity) {
                prop_assert_eq!(a.status, Status::Orphaned);
                continue;
            }
            let now = self
                .doc
                .lines()
                .into_iter()
                .find(|l| l.id == identity)
                .unwrap();
            let at = a.location.map(|(_, c)| policy.clauses[c].text.clone());
            prop_assert_eq!(at, Some(clause_text(now)), "on its own clause");
            let changed = now.rev != expected.rev;
            prop_assert_eq!(a.status == Status::Changed, changed, "{:?}", a.status);
        }
        prop_assert_eq!(&self.session.reviewed, &self.reviewed);
        Ok(())
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn findings_match_the_reference_model(ops in proptest::collection::vec(op(), 1..24)) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("session.json");
        let (store, session) = ReviewStore::open(&path, "model").unwrap();
        let doc = Doc::new();
        let mut run = Run {
            corpus: doc.corpus(),
            doc,
            session,
            store: Some(store),
            path,
            model: BTreeMap::new(),
            deleted: BTreeMap::new(),
            reviewed: Default::default(),
        };
        for op in ops {
            run.apply(op);
            run.check()?;
        }
    }
}
