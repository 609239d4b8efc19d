//! `clause review`: flag clauses, mark sections reviewed, list and export
//! the findings of a review session.

use super::{corpus_source, load_corpus};
use crate::cli::{ExportArgs, FlagArgs, GlobalArgs, ReviewCommand};
use crate::corpus::{Corpus, CorpusSource};
use crate::error::{closest, Error};
use crate::output::{self, paint, safe, sgr};
use crate::review::model::{anchor, clause_ids, progress};
use crate::review::{export, store, ReviewStore, Session};
use std::collections::BTreeMap;
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

pub fn run(global: &GlobalArgs, command: &ReviewCommand) -> anyhow::Result<()> {
    let corpus = load_corpus(global)?;
    let path = session_path(global);
    let (store, mut session) = ReviewStore::open(&path, &corpus_key(&corpus.source))?;
    match command {
        ReviewCommand::Flag(args) => flag(&store, &mut session, &corpus, args),
        ReviewCommand::Unflag { id } => {
            if session.findings.remove(id).is_none() {
                return Err(
                    Error::Review(format!("no finding on {id} in {}", path.display())).into(),
                );
            }
            store.save(&session)?;
            println!("removed the finding on {id}");
            Ok(())
        }
        ReviewCommand::Reviewed { id } => reviewed(&store, &mut session, &corpus, id),
        ReviewCommand::List { json } => list(&session, &corpus, *json, &path),
        ReviewCommand::Export(args) => export_findings(&session, &corpus, args),
    }
}

fn flag(
    store: &ReviewStore,
    session: &mut Session,
    corpus: &Corpus,
    args: &FlagArgs,
) -> anyhow::Result<()> {
    let ids = clause_ids(corpus);
    let Some(&(p, c)) = ids.get(&args.id) else {
        return Err(Error::Review(format!(
            "no clause {} in the corpus{}",
            args.id,
            suggest(&args.id, ids.keys().map(String::as_str))
        ))
        .into());
    };
    let label = if args.note_only {
        None
    } else {
        let label = args
            .label
            .clone()
            .or_else(|| session.labels.first().cloned());
        if let Some(l) = &label {
            if !session.labels.contains(l) {
                return Err(Error::Review(format!(
                    "unknown label '{l}' (labels: {})",
                    session.labels.join(", ")
                ))
                .into());
            }
        }
        label
    };
    let previous_note = session
        .findings
        .get(&args.id)
        .map(|f| f.note.clone())
        .unwrap_or_default();
    let note = args.note.clone().unwrap_or(previous_note);
    session.set_finding(&args.id, &corpus.policies[p], c, label.clone(), note);
    store.save(session)?;
    println!("{} {}", label.as_deref().unwrap_or("note on"), args.id);
    Ok(())
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

fn reviewed(
    store: &ReviewStore,
    session: &mut Session,
    corpus: &Corpus,
    id: &str,
) -> anyhow::Result<()> {
    let known = corpus.policies.iter().any(|p| {
        let (reference, path) = id.rsplit_once('/').unwrap_or((id, ""));
        p.meta.reference() == reference && (path.is_empty() || p.section_by_path(path).is_some())
    });
    if !known {
        return Err(Error::Review(format!(
            "no section {id} in the corpus (ids look like company@date/4.2)"
        ))
        .into());
    }
    let now = session.toggle_reviewed(id);
    store.save(session)?;
    println!(
        "{id} {}",
        if now {
            "marked reviewed"
        } else {
            "no longer marked reviewed"
        }
    );
    Ok(())
}

fn list(
    session: &Session,
    corpus: &Corpus,
    json: bool,
    path: &std::path::Path,
) -> anyhow::Result<()> {
    let anchors = anchor(session, corpus, &clause_ids(corpus));
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
        *by_label
            .entry(row.label.clone().unwrap_or_else(|| "note".into()))
            .or_default() += 1;
        *by_company.entry(row.company.clone()).or_default() += 1;
    }
    let summary = |m: &BTreeMap<String, usize>| {
        m.iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    writeln!(
        out,
        "{} findings; by label: {}",
        rows.len(),
        summary(&by_label)
    )?;
    writeln!(out, "by company: {}", summary(&by_company))?;
    for policy in &corpus.policies {
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
    let anchors = anchor(session, corpus, &clause_ids(corpus));
    let rows = export::rows(session, corpus, &anchors);
    let text = export::render(&rows, args.format, &session.corpus);
    match &args.output {
        Some(path) => {
            std::fs::write(path, text)?;
            eprintln!("wrote {} findings to {}", rows.len(), path.display());
        }
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(())
}
