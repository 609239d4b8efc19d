//! The index documents of a company's policies: one per clause, with its
//! data-practice categories and, in the company's newest version, whether
//! it is new since the version before; and one per section title. A text
//! that consecutive versions repeat is one document for the run.

use super::catalog::PolicyEntry;
use super::runs::{self, Run, Text};
use super::schema::{Fields, Place};
use super::scope::{self, Day};
use crate::categories::CategorySet;
use crate::corpus::load::{self, LoadWarning, SourceFile};
use crate::corpus::Policy;
use crate::text::{fnv, FNV_OFFSET};
use rayon::prelude::*;
use std::collections::HashMap;
use tantivy::schema::Facet;
use tantivy::TantivyDocument;

/// Value of the `changed` field on clauses new in a company's newest version.
pub(crate) const CHANGED: &str = "yes";

/// One file, parsed, with the documents to add for it.
pub(crate) struct Parsed {
    /// Source path or `embedded:NAME`.
    pub source: String,
    /// Size of the file.
    pub bytes: u64,
    /// The policy's company, lower-cased (as [`load::company_key`] gives it).
    pub company: String,
    /// What the catalog keeps of the policy; `None` when the file could not
    /// be parsed (see `warnings`).
    pub policy: Option<PolicyEntry>,
    /// One document per clause and per section title.
    pub docs: Vec<TantivyDocument>,
    /// What went wrong reading or parsing the file.
    pub warnings: Vec<LoadWarning>,
}

/// Parses the files of one company and builds their documents: one per
/// run of versions that repeat a text (see [`runs`]), handed out with the
/// run's last version.
pub(crate) fn group_documents(fields: &Fields, group: &[SourceFile]) -> Vec<Parsed> {
    let parsed: Vec<_> = group.par_iter().map(load::parse_file).collect();
    let versions = company_versions(&parsed);
    let newest = newest_changes(&parsed, &versions);
    let validity = validities(&parsed, &versions);
    let mut texts: Vec<Option<Vec<Text>>> = parsed
        .par_iter()
        .enumerate()
        .map(|(i, (policy, _))| {
            let changed = newest.get(&i).map(Vec::as_slice).unwrap_or_default();
            policy.as_ref().map(|p| texts(p, changed))
        })
        .collect();
    let mut docs: Vec<Vec<TantivyDocument>> = vec![Vec::new(); group.len()];
    for company in &versions {
        let versions = company
            .iter()
            .map(|&i| runs::Version {
                file: i,
                day: day_of(&parsed[i]),
                validity: validity.get(&i).copied().unwrap_or_default(),
                texts: texts[i].take().unwrap_or_default(),
            })
            .collect();
        for run in runs::runs(versions) {
            let Some(&last) = run.files.last() else {
                continue;
            };
            if let Some(policy) = &parsed[last].0 {
                let doc = document(fields, policy, group, &run);
                docs[last].push(doc);
            }
        }
    }
    group
        .iter()
        .zip(parsed)
        .zip(docs)
        .map(|((file, (policy, warnings)), docs)| Parsed {
            source: file.display.clone(),
            bytes: file.bytes.len() as u64,
            company: policy.as_ref().map_or_else(
                || load::company_key(file),
                |p| p.meta.company.to_lowercase(),
            ),
            policy: policy.as_ref().map(PolicyEntry::of),
            docs,
            warnings,
        })
        .collect()
}

/// A file parsed, or not, with its warnings.
type ParsedFile = (Option<Policy>, Vec<LoadWarning>);

/// The parsed policies of each company (by position in `parsed`), oldest
/// first: by date (undated first), then by source.
fn company_versions(parsed: &[ParsedFile]) -> Vec<Vec<usize>> {
    let mut versions: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, (policy, _)) in parsed.iter().enumerate() {
        if let Some(p) = policy {
            versions
                .entry(p.meta.company.to_lowercase())
                .or_default()
                .push(i);
        }
    }
    let meta = |i: usize| parsed[i].0.as_ref().map(|p| (&p.meta.date, &p.meta.source));
    versions
        .into_values()
        .map(|mut v| {
            v.sort_by(|&a, &b| meta(a).cmp(&meta(b)));
            v
        })
        .collect()
}

/// For each company's newest version, which of its clauses are new since
/// the version before it.
fn newest_changes(parsed: &[ParsedFile], versions: &[Vec<usize>]) -> HashMap<usize, Vec<bool>> {
    let policy = |i: usize| parsed[i].0.as_ref();
    versions
        .iter()
        .filter(|v| v.len() > 1)
        .filter_map(|v| {
            let (newest, previous) = (v[v.len() - 1], v[v.len() - 2]);
            let changed = crate::versions::changed_clauses(policy(previous)?, policy(newest)?);
            Some((newest, changed))
        })
        .collect()
}

/// When each version is in force (see [`scope`]).
fn validities(parsed: &[ParsedFile], versions: &[Vec<usize>]) -> HashMap<usize, u64> {
    versions
        .iter()
        .flat_map(|v| {
            let days: Vec<Day> = v.iter().map(|&i| day_of(&parsed[i])).collect();
            v.iter().copied().zip(scope::validities(&days))
        })
        .collect()
}

/// The first day of a parsed file's version.
fn day_of(file: &ParsedFile) -> Day {
    Day::of_date(file.0.as_ref().and_then(|p| p.meta.date.as_deref()))
}

/// The searchable texts of one policy: its clauses (`changed[i]`: clause
/// `i` is new in the company's newest version), then its section titles
/// (kind `heading`, so that a word in a title is found too).
fn texts(policy: &Policy, changed: &[bool]) -> Vec<Text> {
    let tags = crate::tagging::policy_tags(policy);
    let company = policy.meta.company.to_lowercase();
    let reference = policy.meta.reference();
    let clauses = policy
        .clauses
        .iter()
        .enumerate()
        .map(|(ordinal, clause)| Text {
            kind: CLAUSE,
            text_key: text_key(&company, CLAUSE, &clause.text),
            body: clause.text.clone(),
            section: section_number(clause.section),
            titles: policy.section_titles(clause.section),
            id: policy.clause_id(clause),
            suffix_at: reference.len(),
            ordinal: ordinal as u64,
            categories: tags.get(ordinal).copied().unwrap_or_default(),
            changed: changed.get(ordinal).copied().unwrap_or(false),
        });
    let headings = policy.sections.iter().enumerate().map(|(i, section)| Text {
        kind: HEADING,
        text_key: text_key(&company, HEADING, &section.title),
        body: section.title.clone(),
        section: section_number(Some(i)),
        titles: policy.section_titles(Some(i)),
        id: format!("{reference}/{}", section.path),
        suffix_at: reference.len(),
        ordinal: 0,
        categories: CategorySet::EMPTY,
        changed: false,
    });
    clauses.chain(headings).collect()
}

/// Value of `kind` on a clause's document.
pub(crate) const CLAUSE: &str = "clause";
/// Value of `kind` on a section title's document.
pub(crate) const HEADING: &str = "heading";

/// One value for a text (whitespace folded) of a company and kind.
fn text_key(company: &str, kind: &str, text: &str) -> u64 {
    let mut key = fnv(FNV_OFFSET, company.as_bytes());
    key = fnv(key, kind.as_bytes());
    for word in text.split_whitespace() {
        key = fnv(key, b" ");
        key = fnv(key, word.as_bytes());
    }
    key
}

/// The value of the `section` field: the section's position plus one, 0
/// for the preamble.
pub(crate) fn section_number(section: Option<usize>) -> u64 {
    section.map_or(0, |s| s as u64 + 1)
}

/// The facet of a category: `/retention`.
pub(crate) fn category_facet(category: crate::categories::Category) -> Facet {
    Facet::from_path([category.short_name()])
}

/// The document of a run, named after its last version (`policy`): the
/// file and first day of each of its versions are stored and the files
/// indexed, so that deleting any of them deletes the run.
fn document(fields: &Fields, policy: &Policy, group: &[SourceFile], run: &Run) -> TantivyDocument {
    let text = &run.text;
    let company = &policy.meta.company;
    let mut doc = TantivyDocument::new();
    doc.add_text(fields.company, company);
    doc.add_text(fields.company_key, company.to_lowercase());
    doc.add_text(fields.date, policy.meta.date.as_deref().unwrap_or("nodate"));
    doc.add_text(fields.policy, policy.meta.reference());
    for (&file, day) in run.files.iter().zip(&run.days) {
        doc.add_text(fields.source, &group[file].display);
        doc.add_u64(fields.days, u64::from(day.number()));
    }
    doc.add_u64(fields.validity, run.validity);
    doc.add_u64(fields.section, text.section);
    for title in &text.titles {
        doc.add_text(fields.section_title, title);
    }
    doc.add_text(fields.section_text, text.titles.join(" "));
    doc.add_text(fields.id, &text.id);
    doc.add_text(fields.body, &text.body);
    doc.add_text(fields.kind, text.kind);
    doc.add_u64(fields.ordinal, text.ordinal);
    let place = Place {
        section: text.section,
        clause: (text.kind == CLAUSE).then_some(text.ordinal),
    };
    doc.add_u64(fields.place, place.value());
    doc.add_u64(fields.text_key, text.text_key);
    for category in text.categories.iter() {
        doc.add_facet(fields.category, category_facet(category));
    }
    if text.changed {
        doc.add_text(fields.changed, CHANGED);
    }
    doc
}
