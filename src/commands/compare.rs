//! `clause compare`: the clauses of several companies on one topic,
//! grouped per company, as text or JSON lines.

use super::load_companies;
use super::output::{self, paint, safe, sgr};
use crate::cli::{CompareArgs, GlobalArgs};
use crate::compare::{compare, Column, Topic};
use crate::corpus::Policy;
use crate::index::Check;
use std::io::Write;

pub(crate) fn run(global: &GlobalArgs, args: &CompareArgs) -> anyhow::Result<()> {
    crate::compare::check_count(args.companies.len())?;
    let topic = Topic {
        category: args.category,
        query: args.query.clone(),
    };
    let index = match &topic.query {
        Some(q) => {
            // Check the query before any indexing work.
            crate::index::query::parse(q).map_err(crate::error::Error::Query)?;
            Some(super::open_index(global, Check::Directories)?.0)
        }
        None => None,
    };
    // Only the named companies' files are parsed.
    let names: Vec<&str> = args
        .companies
        .iter()
        .map(|r| r.rsplit_once('@').map_or(r.as_str(), |(c, _)| c))
        .collect();
    let corpus = load_companies(global, &names)?;
    let columns = compare(&corpus, &args.companies, &topic, index.as_ref(), &|p| {
        crate::tagging::policy_tags(corpus.policy(p))
    })?;
    let color = output::use_color();
    let mut out = std::io::stdout().lock();
    for column in &columns {
        let policy = corpus.policy(column.policy);
        if args.json {
            output::json_line(&mut out, &column_json(policy, column))?;
        } else {
            write_column(&mut out, policy, column, color)?;
        }
    }
    out.flush()?;
    if !global.quiet && !args.json {
        let total: usize = columns.iter().map(|c| c.matches.len()).sum();
        eprintln!(
            "{total} {} on {} in {} companies",
            output::noun(total, "clause", "clauses"),
            safe(&topic.describe()),
            columns.len()
        );
    }
    Ok(())
}

/// `{"company","date","policy","clauses":[{"id","section","text","highlights"}]}`.
fn column_json<'a>(policy: &'a Policy, column: &'a Column) -> super::json::CompareColumn<'a> {
    let clauses = column
        .matches
        .iter()
        .map(|m| {
            let clause = &policy.clauses[m.clause];
            super::json::CompareClause {
                id: policy.clause_id(clause),
                section: policy.section_titles(clause.section),
                text: &clause.text,
                highlights: &m.highlights,
            }
        })
        .collect();
    super::json::CompareColumn {
        company: &policy.meta.company,
        date: policy.meta.date.as_deref(),
        policy: policy.meta.reference(),
        clauses,
    }
}

fn write_column(
    out: &mut impl Write,
    policy: &Policy,
    column: &Column,
    color: bool,
) -> std::io::Result<()> {
    let n = column.matches.len();
    let count = format!("{n} {}", output::noun(n, "clause", "clauses"));
    writeln!(
        out,
        "{}  {}",
        paint(&safe(&policy.meta.reference()), sgr::BOLD, color),
        paint(&count, sgr::DIM, color)
    )?;
    if column.matches.is_empty() {
        writeln!(out, "  {}", paint("(no matching clauses)", sgr::DIM, color))?;
    }
    for m in &column.matches {
        let clause = &policy.clauses[m.clause];
        let titles = policy.section_titles(clause.section);
        let section = if titles.is_empty() {
            "(preamble)".to_string()
        } else {
            titles.join(" › ")
        };
        writeln!(
            out,
            "  {}  {}",
            paint(&safe(&section), sgr::HEADING, color),
            paint(
                &format!("({})", safe(&policy.clause_id(clause))),
                sgr::DIM,
                color
            )
        )?;
        writeln!(
            out,
            "    {}",
            output::highlighted(&clause.text, &m.highlights, color)
        )?;
    }
    writeln!(out)
}
