//! Citation-grade exports of findings: Markdown grouped by company then
//! section, CSV and JSON; each finding with company, date, section path,
//! clause id, label, note, status and the quoted clause text.

use super::anchor::{Anchored, Status};
use super::model::Session;
use crate::corpus::Corpus;
use serde::Serialize;

/// One finding, resolved against the corpus, as exported.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Row {
    /// The company of the clause now (or of the version it was made on,
    /// if orphaned).
    pub company: String,
    /// That version's date; `None` for an undated policy.
    pub date: Option<String>,
    /// Section titles from the root to the clause's section (`[]` for the
    /// preamble).
    pub section: Vec<String>,
    /// The clause id it points at now (or was stored under, if orphaned).
    pub id: String,
    /// Flag label; `None` for a note without a flag.
    pub label: Option<String>,
    /// The note; empty for a flag without a note.
    pub note: String,
    /// How the finding was anchored in the current corpus.
    pub status: Status,
    /// `company@date` of the version the finding was made on.
    pub made_on: String,
    /// The clause text now (or as flagged, if orphaned).
    pub text: String,
    /// The text as flagged, when it differs from `text`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text_when_flagged: Option<String>,
    /// Index of the finding in the session.
    #[serde(skip)]
    pub finding: usize,
}

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// A markdown report grouped by company.
    Md,
    /// One CSV row per finding.
    Csv,
    /// One JSON object per finding.
    Json,
}

/// The findings as rows, ordered by company, date and clause position.
pub(crate) fn rows(session: &Session, corpus: &Corpus, anchors: &[Anchored]) -> Vec<Row> {
    let mut rows: Vec<(usize, usize, Row)> = anchors
        .iter()
        .filter_map(|a| {
            let finding = session.findings.get(a.finding)?;
            let row = match a.location {
                Some((p, c)) => {
                    let policy = corpus.policy(p);
                    let clause = &policy.clauses[c];
                    Row {
                        company: policy.meta.company.clone(),
                        date: policy.meta.date.clone(),
                        section: policy.section_titles(clause.section),
                        id: policy.clause_id(clause),
                        label: finding.label.clone(),
                        note: finding.note.clone(),
                        status: a.status,
                        made_on: finding.policy.clone(),
                        text: clause.text.clone(),
                        text_when_flagged: a.status.text_changed().then(|| finding.text.clone()),
                        finding: a.finding,
                    }
                }
                None => {
                    let (company, date) = match finding.policy.rsplit_once('@') {
                        Some((c, d)) => (c.to_string(), Some(d.to_string())),
                        None => (finding.policy.clone(), None),
                    };
                    Row {
                        company,
                        date,
                        section: finding.section.clone(),
                        id: finding.id.clone(),
                        label: finding.label.clone(),
                        note: finding.note.clone(),
                        status: a.status,
                        made_on: finding.policy.clone(),
                        text: finding.text.clone(),
                        text_when_flagged: None,
                        finding: a.finding,
                    }
                }
            };
            let (p, c) = a.location.unwrap_or((usize::MAX, usize::MAX));
            Some((p, c, row))
        })
        .collect();
    rows.sort_by(|a, b| {
        (a.2.company.to_lowercase(), &a.2.date, a.0, a.1).cmp(&(
            b.2.company.to_lowercase(),
            &b.2.date,
            b.0,
            b.1,
        ))
    });
    rows.into_iter().map(|(_, _, r)| r).collect()
}

/// Renders rows in a format.
pub(crate) fn render(rows: &[Row], format: Format, corpus_name: &str) -> String {
    match format {
        Format::Md => markdown(rows, corpus_name),
        Format::Csv => csv(rows),
        Format::Json => serde_json::to_string_pretty(rows).unwrap_or_default() + "\n",
    }
}

fn status_text(status: Status) -> &'static str {
    match status {
        Status::Attached => "",
        Status::Moved => " (moved)",
        Status::Changed => " (changed since review)",
        Status::Orphaned => " (clause no longer in the policy)",
        Status::Carried => " (carried from an earlier version)",
        Status::CarriedChanged => " (carried from an earlier version, text changed)",
    }
}

fn quote(text: &str) -> String {
    text.lines().map(|l| format!("  > {l}\n")).collect()
}

fn markdown(rows: &[Row], corpus_name: &str) -> String {
    let mut out = format!(
        "# Review findings\n\nCorpus: {corpus_name} · {} findings\n",
        rows.len()
    );
    let mut company = None;
    let mut section = None;
    for row in rows {
        let reference = match &row.date {
            Some(d) => format!("{}@{d}", row.company),
            None => row.company.clone(),
        };
        if company.as_ref() != Some(&reference) {
            out.push_str(&format!("\n## {reference}\n"));
            company = Some(reference.clone());
            section = None;
        }
        let path = if row.section.is_empty() {
            "(preamble)".to_string()
        } else {
            row.section.join(" › ")
        };
        if section.as_ref() != Some(&path) {
            out.push_str(&format!("\n### {path}\n\n"));
            section = Some(path);
        }
        let label = row.label.as_deref().unwrap_or("note");
        out.push_str(&format!(
            "- **{label}** — `{}`{}\n",
            row.id,
            status_text(row.status)
        ));
        out.push_str(&quote(&row.text));
        if let Some(old) = &row.text_when_flagged {
            out.push_str("\n  Text when flagged:\n\n");
            out.push_str(&quote(old));
        }
        if !row.note.is_empty() {
            out.push_str(&format!(
                "\n  **Note:** {}\n",
                row.note.lines().collect::<Vec<_>>().join("\n  ")
            ));
        }
    }
    out
}

fn csv(rows: &[Row]) -> String {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record([
        "company", "date", "section", "id", "label", "note", "status", "made_on", "text",
    ]);
    for row in rows {
        let status = serde_json::to_value(row.status).ok();
        let _ = writer.write_record([
            row.company.as_str(),
            row.date.as_deref().unwrap_or(""),
            &row.section.join(" › "),
            &row.id,
            row.label.as_deref().unwrap_or(""),
            &row.note,
            status.as_ref().and_then(|s| s.as_str()).unwrap_or(""),
            &row.made_on,
            &row.text,
        ]);
    }
    writer
        .into_inner()
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default()
}
