//! Translates a parsed query, with the options' company and category
//! filters, into a tantivy query over the clause documents: words and
//! phrases analysed like the text, prefixes as term ranges, and a boost
//! for matches in the titles of a clause's sections.

use super::query::{Matcher, Query};
use super::schema::{self, Fields};
use super::search::SearchOptions;
use crate::categories::Category;
use crate::error::{Error, Result};
use tantivy::query::{
    BooleanQuery, BoostQuery, Occur, PhraseQuery, Query as TantivyQuery, RegexQuery, TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

/// Boost of a match in the titles of the clause's sections.
const HEADING_BOOST: f32 = 2.0;

/// Builds the tantivy query for a parsed query.
pub(super) fn to_tantivy(
    fields: &Fields,
    query: &Query,
    options: &SearchOptions,
) -> Result<Box<dyn TantivyQuery>> {
    let mut clauses: Vec<(Occur, Box<dyn TantivyQuery>)> = Vec::new();
    for group in &query.required {
        let mut alternatives = Vec::new();
        for matcher in group {
            alternatives.push((Occur::Should, matcher_query(fields, matcher)?));
            if let Some(boost) = heading_boost(fields, matcher) {
                clauses.push((Occur::Should, boost));
            }
        }
        let group_query: Box<dyn TantivyQuery> = if alternatives.len() == 1 {
            alternatives.remove(0).1
        } else {
            Box::new(BooleanQuery::new(alternatives))
        };
        clauses.push((Occur::Must, group_query));
    }
    for matcher in &query.excluded {
        clauses.push((Occur::MustNot, matcher_query(fields, matcher)?));
    }
    for category in &options.categories {
        clauses.push((Occur::Must, category_query(fields, *category)));
    }
    if !options.companies.is_empty() {
        let any: Vec<(Occur, Box<dyn TantivyQuery>)> = options
            .companies
            .iter()
            .map(|c| (Occur::Should, company_query(fields, c)))
            .collect();
        clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
    }
    if !clauses.iter().any(|(occur, _)| *occur == Occur::Must) {
        clauses.push((Occur::Must, Box::new(tantivy::query::AllQuery)));
    }
    Ok(Box::new(BooleanQuery::new(clauses)))
}

fn company_query(fields: &Fields, company: &str) -> Box<dyn TantivyQuery> {
    Box::new(TermQuery::new(
        Term::from_field_text(fields.company_key, &company.to_lowercase()),
        IndexRecordOption::Basic,
    ))
}

fn category_query(fields: &Fields, category: Category) -> Box<dyn TantivyQuery> {
    Box::new(TermQuery::new(
        Term::from_facet(fields.category, &super::documents::category_facet(category)),
        IndexRecordOption::Basic,
    ))
}

fn matcher_query(fields: &Fields, matcher: &Matcher) -> Result<Box<dyn TantivyQuery>> {
    Ok(match matcher {
        Matcher::Word(text) | Matcher::Phrase(text) => text_query(fields.body, text, true),
        Matcher::Section(text) => text_query(fields.section_text, text, false),
        Matcher::Company(name) => company_query(fields, name),
        Matcher::Category(category) => category_query(fields, *category),
        Matcher::Changed => Box::new(TermQuery::new(
            Term::from_field_text(fields.changed, super::documents::CHANGED),
            IndexRecordOption::Basic,
        )),
        Matcher::Prefix(prefix) => prefix_query(fields.body, prefix)?,
    })
}

/// A term for one token, a phrase for several (`opt-out` → "opt out").
fn text_query(field: tantivy::schema::Field, text: &str, positions: bool) -> Box<dyn TantivyQuery> {
    let terms: Vec<Term> = schema::tokens(text)
        .into_iter()
        .map(|(t, _)| Term::from_field_text(field, &t))
        .collect();
    if terms.len() == 1 {
        let option = if positions {
            IndexRecordOption::WithFreqs
        } else {
            IndexRecordOption::Basic
        };
        return Box::new(TermQuery::new(terms[0].clone(), option));
    }
    if positions {
        return Box::new(PhraseQuery::new(terms));
    }
    Box::new(BooleanQuery::new(
        terms
            .into_iter()
            .map(|t| {
                (
                    Occur::Must,
                    Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as Box<dyn TantivyQuery>,
                )
            })
            .collect(),
    ))
}

fn prefix_query(field: tantivy::schema::Field, prefix: &str) -> Result<Box<dyn TantivyQuery>> {
    let lower = prefix.to_lowercase();
    let mut stems: Vec<String> = vec![lower.clone()];
    if let Some((stem, _)) = schema::tokens(&lower).into_iter().next() {
        if stem != lower {
            stems.push(stem);
        }
    }
    let mut alternatives: Vec<(Occur, Box<dyn TantivyQuery>)> = Vec::new();
    for stem in stems {
        let pattern = format!("{}.*", regex_escape(&stem));
        let query = RegexQuery::from_pattern(&pattern, field).map_err(|e| Error::Engine {
            context: format!("cannot search for the prefix '{stem}'"),
            source: Box::new(e),
        })?;
        alternatives.push((Occur::Should, Box::new(query)));
    }
    Ok(Box::new(BooleanQuery::new(alternatives)))
}

fn regex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn heading_boost(fields: &Fields, matcher: &Matcher) -> Option<Box<dyn TantivyQuery>> {
    let (Matcher::Word(text) | Matcher::Phrase(text)) = matcher else {
        return None;
    };
    let terms: Vec<(Occur, Box<dyn TantivyQuery>)> = schema::tokens(text)
        .into_iter()
        .map(|(t, _)| {
            let q = TermQuery::new(
                Term::from_field_text(fields.section_text, &t),
                IndexRecordOption::Basic,
            );
            (Occur::Must, Box::new(q) as Box<dyn TantivyQuery>)
        })
        .collect();
    (!terms.is_empty()).then(|| {
        Box::new(BoostQuery::new(
            Box::new(BooleanQuery::new(terms)),
            HEADING_BOOST,
        )) as _
    })
}
