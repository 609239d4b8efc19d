//! The index documents of a company's policies: one per clause, with its
//! data-practice categories and, in the company's newest version, whether
//! it is new since the version before; and one per section title.

use super::catalog::PolicyEntry;
use super::schema::Fields;
use super::scope::{self, Day};
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

/// Parses the files of one company and builds their documents.
pub(crate) fn group_documents(fields: &Fields, group: &[SourceFile]) -> Vec<Parsed> {
    let parsed: Vec<_> = group.par_iter().map(load::parse_file).collect();
    let versions = company_versions(&parsed);
    let newest = newest_changes(&parsed, &versions);
    let validity = validities(&parsed, &versions);
    group
        .iter()
        .zip(parsed)
        .enumerate()
        .map(|(i, (file, (policy, warnings)))| Parsed {
            source: file.display.clone(),
            bytes: file.bytes.len() as u64,
            company: policy.as_ref().map_or_else(
                || load::company_key(file),
                |p| p.meta.company.to_lowercase(),
            ),
            policy: policy.as_ref().map(PolicyEntry::of),
            docs: policy
                .as_ref()
                .map(|p| {
                    let version = Version {
                        source: &file.display,
                        changed: newest.get(&i).map(Vec::as_slice).unwrap_or_default(),
                        validity: validity.get(&i).copied().unwrap_or_default(),
                    };
                    documents(fields, p, &version)
                })
                .unwrap_or_default(),
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
    let day = |i: usize| Day::of_date(parsed[i].0.as_ref().and_then(|p| p.meta.date.as_deref()));
    versions
        .iter()
        .flat_map(|v| {
            let days: Vec<Day> = v.iter().map(|&i| day(i)).collect();
            v.iter().copied().zip(scope::validities(&days))
        })
        .collect()
}

/// What the documents of one version share besides its policy.
struct Version<'a> {
    /// Source path or `embedded:NAME`.
    source: &'a str,
    /// `changed[i]`: clause `i` is new in the company's newest version.
    changed: &'a [bool],
    validity: u64,
}

/// The documents of one policy: one per clause, one per section title
/// (kind `heading`, so that a word in a title is found too).
fn documents(fields: &Fields, policy: &Policy, version: &Version<'_>) -> Vec<TantivyDocument> {
    let date = policy.meta.date.as_deref().unwrap_or("nodate");
    let tags = crate::tagging::policy_tags(policy);
    let company = policy.meta.company.to_lowercase();
    let clauses = policy.clauses.iter().enumerate().map(|(ordinal, clause)| {
        let mut doc = base_document(fields, policy, version, clause.section, date);
        doc.add_text(fields.id, policy.clause_id(clause));
        doc.add_text(fields.body, &clause.text);
        doc.add_text(fields.kind, CLAUSE);
        doc.add_u64(fields.ordinal, ordinal as u64);
        doc.add_u64(fields.text_key, text_key(&company, CLAUSE, &clause.text));
        for category in tags.get(ordinal).copied().unwrap_or_default().iter() {
            doc.add_facet(fields.category, category_facet(category));
        }
        if version.changed.get(ordinal).copied().unwrap_or(false) {
            doc.add_text(fields.changed, CHANGED);
        }
        doc
    });
    let headings = policy.sections.iter().enumerate().map(|(i, section)| {
        let mut doc = base_document(fields, policy, version, Some(i), date);
        doc.add_text(
            fields.id,
            format!("{}/{}", policy.meta.reference(), section.path),
        );
        doc.add_text(fields.body, &section.title);
        doc.add_text(fields.kind, HEADING);
        doc.add_u64(fields.ordinal, 0);
        doc.add_u64(fields.text_key, text_key(&company, HEADING, &section.title));
        doc
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

/// A document with the fields shared by clauses and headings.
fn base_document(
    fields: &Fields,
    policy: &Policy,
    version: &Version<'_>,
    section: Option<usize>,
    date: &str,
) -> TantivyDocument {
    let source = version.source;
    let company = &policy.meta.company;
    let mut doc = TantivyDocument::new();
    doc.add_text(fields.company, company);
    doc.add_text(fields.company_key, company.to_lowercase());
    doc.add_text(fields.date, date);
    doc.add_text(fields.policy, policy.meta.reference());
    doc.add_text(fields.source, source);
    doc.add_u64(fields.validity, version.validity);
    doc.add_u64(fields.section, section_number(section));
    let titles = policy.section_titles(section);
    for title in &titles {
        doc.add_text(fields.section_title, title);
    }
    doc.add_text(fields.section_text, titles.join(" "));
    doc
}
