//! The index documents of a company's policies: one per clause, with its
//! data-practice categories and, in the company's newest version, whether
//! it is new since the version before; and one per section title.

use super::catalog::PolicyEntry;
use super::schema::Fields;
use crate::corpus::load::{self, LoadWarning, SourceFile};
use crate::corpus::Policy;
use rayon::prelude::*;
use std::collections::HashMap;
use tantivy::schema::Facet;
use tantivy::TantivyDocument;

/// Value of the `changed` field on clauses new in a company's newest version.
pub const CHANGED: &str = "yes";

/// One file, parsed, with the documents to add for it.
pub struct Parsed {
    /// Source path or `embedded:NAME`.
    pub source: String,
    /// Size of the file.
    pub bytes: u64,
    /// The policy's company, lower-cased (as [`load::company_key`] gives it).
    pub company: String,
    /// What the catalog keeps of the policy; `None` when the file could not
    /// be parsed (see `warnings`).
    pub policy: Option<PolicyEntry>,
    pub docs: Vec<TantivyDocument>,
    pub warnings: Vec<LoadWarning>,
}

/// Parses the files of one company and builds their documents.
pub fn group_documents(fields: &Fields, group: &[SourceFile]) -> Vec<Parsed> {
    let parsed: Vec<_> = group.par_iter().map(load::parse_file).collect();
    let newest = newest_changes(&parsed);
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
                    let changed = newest.get(&i).map(Vec::as_slice).unwrap_or_default();
                    documents(fields, p, &file.display, changed)
                })
                .unwrap_or_default(),
            warnings,
        })
        .collect()
}

/// For each company's newest version (by position in `parsed`), which of
/// its clauses are new since the version before it.
fn newest_changes(parsed: &[(Option<Policy>, Vec<LoadWarning>)]) -> HashMap<usize, Vec<bool>> {
    let mut versions: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, (policy, _)) in parsed.iter().enumerate() {
        if let Some(p) = policy {
            versions
                .entry(p.meta.company.to_lowercase())
                .or_default()
                .push(i);
        }
    }
    let policy = |i: usize| parsed[i].0.as_ref();
    versions
        .into_values()
        .filter(|v| v.len() > 1)
        .filter_map(|mut v| {
            v.sort_by_key(|&i| {
                policy(i).map(|p| (p.meta.date.clone().unwrap_or_default(), &p.meta.source))
            });
            let (newest, previous) = (v[v.len() - 1], v[v.len() - 2]);
            let changed = crate::versions::changed_clauses(policy(previous)?, policy(newest)?);
            Some((newest, changed))
        })
        .collect()
}

/// The documents of one policy: one per clause (`changed[i]` marks clause
/// `i` as new in the newest version), one per section title (kind
/// `heading`, so that a word in a title is found too).
fn documents(
    fields: &Fields,
    policy: &Policy,
    source: &str,
    changed: &[bool],
) -> Vec<TantivyDocument> {
    let date = policy.meta.date.as_deref().unwrap_or("nodate");
    let tags = crate::tagging::policy_tags(policy);
    let clauses = policy.clauses.iter().enumerate().map(|(ordinal, clause)| {
        let mut doc = base_document(fields, policy, source, clause.section, date);
        doc.add_text(fields.id, policy.clause_id(clause));
        doc.add_text(fields.body, &clause.text);
        doc.add_text(fields.kind, "clause");
        doc.add_u64(fields.ordinal, ordinal as u64);
        for category in tags.get(ordinal).copied().unwrap_or_default().iter() {
            doc.add_facet(fields.category, category_facet(category));
        }
        if changed.get(ordinal).copied().unwrap_or(false) {
            doc.add_text(fields.changed, CHANGED);
        }
        doc
    });
    let headings = policy.sections.iter().enumerate().map(|(i, section)| {
        let mut doc = base_document(fields, policy, source, Some(i), date);
        doc.add_text(
            fields.id,
            format!("{}/{}", policy.meta.reference(), section.path),
        );
        doc.add_text(fields.body, &section.title);
        doc.add_text(fields.kind, "heading");
        doc.add_u64(fields.ordinal, 0);
        doc
    });
    clauses.chain(headings).collect()
}

/// The facet of a category: `/retention`.
pub fn category_facet(category: crate::categories::Category) -> Facet {
    Facet::from_path([category.short_name()])
}

/// A document with the fields shared by clauses and headings.
fn base_document(
    fields: &Fields,
    policy: &Policy,
    source: &str,
    section: Option<usize>,
    date: &str,
) -> TantivyDocument {
    let company = &policy.meta.company;
    let mut doc = TantivyDocument::new();
    doc.add_text(fields.company, company);
    doc.add_text(fields.company_key, company.to_lowercase());
    doc.add_text(fields.date, date);
    doc.add_text(fields.policy, policy.meta.reference());
    doc.add_text(fields.source, source);
    let titles = policy.section_titles(section);
    for title in &titles {
        doc.add_text(fields.section_title, title);
    }
    doc.add_text(fields.section_text, titles.join(" "));
    doc.add_facet(
        fields.section_facet,
        section_facet(policy, section, company, date),
    );
    doc
}

fn section_facet(policy: &Policy, section: Option<usize>, company: &str, date: &str) -> Facet {
    let mut parts = vec![company.to_string(), date.to_string()];
    if let Some(s) = section {
        let path = &policy.sections[s].path;
        let mut prefix = String::new();
        for part in path.split('.') {
            if !prefix.is_empty() {
                prefix.push('.');
            }
            prefix.push_str(part);
            parts.push(prefix.clone());
        }
    }
    Facet::from_path(parts)
}
