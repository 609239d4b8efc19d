//! `clause review`: flag clauses, mark sections reviewed, list and export
//! the findings of a review session.

use super::output::{self, paint, safe, sgr};
use super::{corpus_source, load_corpus};
use crate::cli::{ExportArgs, FlagArgs, GlobalArgs, ReviewCommand};
use crate::corpus::{Corpus, CorpusSource};
use crate::error::{closest, Error};
use crate::review::model::progress;
use crate::review::{anchor, export, finding_at, store, ReviewStore, Session};
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::PathBuf;

/// Key that names the corpus a default session belongs to.
pub fn corpus_key(source: &CorpusSource) -> String {
    match source {
        CorpusSource::Embedded => "embedded".to_string(),
        CorpusSource::Path(p) => p
            .canonicalize()
            .unwrap_or_else(|_| p.clone())
            .display()
            .to_string(),
        CorpusSource::Git { repo, documents } => format!(
            "{}#git:{}",
            repo.canonicalize()
                .unwrap_or_else(|_| repo.clone())
                .display(),
            documents.key()
        ),
    }
}

/// The session file in use: `--review`, else the corpus's default.
pub fn session_path(global: &GlobalArgs) -> PathBuf {
    global
        .review
        .clone()
        .unwrap_or_else(|| store::default_path(&corpus_key(&corpus_source(global))))
}

/// Runs a `review` subcommand against the session file in use.
pub fn run(global: &GlobalArgs, command: &ReviewCommand) -> anyhow::Result<()> {
    let corpus = load_corpus(global)?;
    let path = session_path(global);
    let key = corpus_key(&corpus.source);
    if let ReviewCommand::List { .. } | ReviewCommand::Export(_) = command {
        // Readers take no lock: they read the last complete session file.
        let (mut store, mut session) = ReviewStore::read(&path, &key)?;
        print_notices(&mut store);
        session.adopt(&corpus);
        return match command {
            ReviewCommand::List { json } => list(&session, &corpus, *json, &path),
            ReviewCommand::Export(args) => export_findings(&session, &corpus, args),
            _ => Ok(()),
        };
    }
    let (mut store, mut session) = ReviewStore::open(&path, &key)?;
    print_notices(&mut store);
    session.adopt(&corpus);
    let message = match command {
        ReviewCommand::Flag(args) => flag(&mut session, &corpus, args)?,
        ReviewCommand::Unflag { id } => unflag(&mut session, &corpus, id, &path)?,
        ReviewCommand::Reviewed { id, undo } => reviewed(&mut session, &corpus, id, !undo)?,
        ReviewCommand::List { .. } | ReviewCommand::Export(_) => String::new(),
    };
    store.save(&session)?;
    print_notices(&mut store);
    println!("{message}");
    Ok(())
}

fn print_notices(store: &mut ReviewStore) {
    for notice in store.take_notices() {
        eprintln!("clause: {}", safe(&notice));
    }
}

/// Flags and/or notes a clause, keeping what the finding has that is not given.
fn flag(session: &mut Session, corpus: &Corpus, args: &FlagArgs) -> anyhow::Result<String> {
    let ids = clause_ids(corpus);
    let Some(&(p, c)) = ids.get(&args.id) else {
        return Err(Error::Review(format!(
            "no clause {} in the corpus{}",
            args.id,
            suggest(&args.id, ids.keys().map(String::as_str))
        ))
        .into());
    };
    if let Some(l) = &args.label {
        if !session.labels.contains(l) {
            return Err(Error::Review(format!(
                "unknown label '{l}' (labels: {})",
                session.labels.join(", ")
            ))
            .into());
        }
    }
    let anchors = anchor(session, corpus);
    let existing = finding_at(&anchors, p, c);
    let old_note = existing.map(|i| session.findings[i].note.clone());
    let note = match (&args.note, old_note.as_deref()) {
        (Some(new), Some(old)) if !old.is_empty() && old != new => {
            if args.append_note {
                Some(format!("{old}\n\n{new}"))
            } else if args.replace_note {
                Some(new.clone())
            } else {
                return Err(Error::Review(format!(
                    "{} already has a note ({:?}); add --replace-note to replace it or --append-note to add to it",
                    args.id,
                    old.chars().take(60).collect::<String>()
                ))
                .into());
            }
        }
        (note, _) => note.clone(),
    };
    let index = existing.unwrap_or_else(|| session.add(corpus.policy(p), c));
    let label = match (&args.label, existing) {
        (Some(l), _) => Some(l.clone()),
        (None, Some(i)) => session.findings[i].label.clone(),
        (None, None) if args.note_only => None,
        (None, None) => session.labels.first().cloned(),
    };
    session.set_label(index, label.clone());
    if let Some(note) = note {
        session.set_note(index, note);
    }
    if session.drop_if_empty(index) {
        return Err(Error::Review("--note-only needs --note TEXT".into()).into());
    }
    let finding = &session.findings[index];
    let what = match &finding.label {
        Some(l) => format!("flagged {l}"),
        None => "note on".to_string(),
    };
    let kept = if finding.note.is_empty() {
        ""
    } else if args.note.is_some() {
        " (with note)"
    } else {
        " (note kept)"
    };
    Ok(format!("{what} {}{kept}", args.id))
}

/// Removes the finding on a clause id (as it is now, or as it was stored).
fn unflag(
    session: &mut Session,
    corpus: &Corpus,
    id: &str,
    path: &std::path::Path,
) -> anyhow::Result<String> {
    let anchors = anchor(session, corpus);
    let here = clause_ids(corpus)
        .get(id)
        .and_then(|&(p, c)| finding_at(&anchors, p, c));
    let stored = || {
        anchors
            .iter()
            .find(|a| a.location.is_none() && session.findings[a.finding].id == id)
            .map(|a| a.finding)
    };
    let Some(index) = here.or_else(stored) else {
        return Err(Error::Review(format!("no finding on {id} in {}", path.display())).into());
    };
    session.findings.remove(index);
    Ok(format!("removed the finding on {id}"))
}

fn suggest<'a>(query: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    let prefix = query.split('/').next().unwrap_or(query);
    let near: Vec<&str> = candidates.filter(|c| c.starts_with(prefix)).collect();
    let best = closest(query, near, 3);
    if best.is_empty() {
        String::new()
    } else {
        format!("; did you mean: {}?", best.join(", "))
    }
}

fn reviewed(session: &mut Session, corpus: &Corpus, id: &str, on: bool) -> anyhow::Result<String> {
    let known = corpus.policies().any(|p| {
        let (reference, path) = id.rsplit_once('/').unwrap_or((id, ""));
        p.meta.reference() == reference && (path.is_empty() || p.section_by_path(path).is_some())
    });
    if !known {
        return Err(Error::Review(format!(
            "no section {id} in the corpus (ids look like company@date/4.2)"
        ))
        .into());
    }
    let changed = session.set_reviewed(id, on);
    Ok(match (on, changed) {
        (true, true) => format!("{id} marked reviewed"),
        (true, false) => format!("{id} was already marked reviewed"),
        (false, true) => format!("{id} no longer marked reviewed"),
        (false, false) => format!("{id} was not marked reviewed"),
    })
}

fn list(
    session: &Session,
    corpus: &Corpus,
    json: bool,
    path: &std::path::Path,
) -> anyhow::Result<()> {
    let anchors = anchor(session, corpus);
    let rows = export::rows(session, corpus, &anchors);
    let mut out = std::io::stdout().lock();
    if json {
        for row in &rows {
            output::json_line(&mut out, &serde_json::to_value(row)?)?;
        }
        return Ok(());
    }
    let color = output::use_color();
    writeln!(
        out,
        "{}",
        paint(&format!("session {}", path.display()), sgr::BOLD, color)
    )?;
    let mut by_label: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_company: BTreeMap<String, usize> = BTreeMap::new();
    for row in &rows {
        if let Some(label) = &row.label {
            *by_label.entry(label.clone()).or_default() += 1;
        }
        *by_company.entry(row.company.clone()).or_default() += 1;
    }
    let summary = |m: &BTreeMap<String, usize>| {
        m.iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let flags: usize = by_label.values().sum();
    let notes = rows.iter().filter(|r| !r.note.is_empty()).count();
    writeln!(
        out,
        "{} {}: {flags} {}{}, {notes} {}",
        rows.len(),
        output::noun(rows.len(), "finding", "findings"),
        output::noun(flags, "flag", "flags"),
        if by_label.is_empty() {
            String::new()
        } else {
            format!(" ({})", summary(&by_label))
        },
        output::noun(notes, "note", "notes"),
    )?;
    writeln!(out, "by company: {}", summary(&by_company))?;
    for policy in corpus.policies() {
        let (done, total) = progress(session, policy);
        let findings = rows
            .iter()
            .filter(|r| r.id.starts_with(&format!("{}/", policy.meta.reference())))
            .count();
        if done > 0 || findings > 0 {
            writeln!(
                out,
                "  {:<40} reviewed {done}/{total} sections, {findings} findings",
                safe(&policy.meta.reference())
            )?;
        }
    }
    for row in &rows {
        let status = serde_json::to_value(row.status)?;
        writeln!(
            out,
            "{}  {}  {}",
            paint(row.label.as_deref().unwrap_or("note"), sgr::MATCH, color),
            paint(&row.id, sgr::DIM, color),
            status.as_str().unwrap_or("")
        )?;
        if !row.note.is_empty() {
            writeln!(out, "    note: {}", safe(&row.note.replace('\n', " ")))?;
        }
    }
    Ok(())
}

fn export_findings(session: &Session, corpus: &Corpus, args: &ExportArgs) -> anyhow::Result<()> {
    let anchors = anchor(session, corpus);
    let rows = export::rows(session, corpus, &anchors);
    let text = export::render(&rows, args.format.into(), &session.corpus);
    match &args.output {
        Some(path) => {
            store::write_private(path, text.as_bytes())
                .map_err(|e| Error::ReviewWrite(format!("cannot write {}: {e}", path.display())))?;
            eprintln!("wrote {} findings to {}", rows.len(), path.display());
        }
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(())
}

/// Clause ids of a corpus: id → (policy, clause index).
fn clause_ids(corpus: &Corpus) -> HashMap<String, (usize, usize)> {
    let mut ids = HashMap::new();
    for (p, policy) in corpus.policies().enumerate() {
        for (c, clause) in policy.clauses.iter().enumerate() {
            ids.insert(policy.clause_id(clause), (p, c));
        }
    }
    ids
}
