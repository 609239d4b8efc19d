//! `clause search`: ranked, highlighted hits; `--by-company` and `--json`.

use super::output::{self, paint, safe, sgr};
use crate::cli::{GlobalArgs, SearchArgs};
use crate::index::{Check, CompanyHits, Hit, SearchIndex, SearchOptions};
use std::io::Write;

pub fn run(global: &GlobalArgs, args: &SearchArgs) -> anyhow::Result<()> {
    let query = query_text(args);
    // Check the query before any indexing work.
    crate::index::query::parse(&query).map_err(crate::error::Error::Query)?;
    let (index, _) = super::open_index(global, Check::Directories)?;
    let options = SearchOptions {
        limit: (!args.all).then_some(args.limit),
        companies: args.company.clone(),
        categories: args.category.clone(),
    };
    let color = output::use_color();
    if args.by_company {
        let rows = index.by_company(&query, &options)?;
        let mut out = std::io::stdout().lock();
        write_by_company(&mut out, &rows, args.json, color)?;
        out.flush()?;
        if !global.quiet && !args.json {
            let hits: usize = rows.iter().map(|r| r.hits).sum();
            eprintln!(
                "{} {} in {} {}",
                hits,
                output::noun(hits, "hit", "hits"),
                rows.len(),
                output::noun(rows.len(), "company", "companies"),
            );
        }
        return Ok(());
    }
    let results = index.search(&query, &options)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        for hit in &results.hits {
            output::json_line(&mut out, hit)?;
        }
    } else {
        for hit in &results.hits {
            write_hit(&mut out, hit, color)?;
        }
    }
    out.flush()?;
    if !global.quiet && !args.json {
        let companies: std::collections::HashSet<&str> =
            results.hits.iter().map(|h| h.company.as_str()).collect();
        let more = if results.hits.len() < results.total {
            " (--all for every hit)"
        } else {
            ""
        };
        eprintln!(
            "{} of {} {} in {} {}{more}",
            results.hits.len(),
            results.total,
            output::noun(results.total, "hit", "hits"),
            companies.len(),
            output::noun(companies.len(), "company", "companies"),
        );
    }
    warn_if_edited(global, &index, &results.hits);
    Ok(())
}

/// One line when files behind the shown hits changed since the index
/// last compared every file.
fn warn_if_edited(global: &GlobalArgs, index: &SearchIndex, hits: &[Hit]) {
    let edited = index.edited(hits.iter().map(|h| h.source.as_str()));
    if global.quiet || edited.is_empty() {
        return;
    }
    eprintln!(
        "clause: {} {} changed since the index was built; run `clause index` to refresh",
        edited.len(),
        output::noun(
            edited.len(),
            "file behind these results",
            "files behind these results"
        ),
    );
}

/// The query as typed, or, when it is left out, one that every clause of
/// the `--category` filters matches.
fn query_text(args: &SearchArgs) -> String {
    if args.query.is_empty() {
        let terms: Vec<String> = args
            .category
            .iter()
            .map(|c| format!("category:{}", c.short_name()))
            .collect();
        terms.join(" ")
    } else {
        args.query.join(" ")
    }
}

fn reference(hit: &Hit) -> String {
    match &hit.date {
        Some(d) => format!("{}@{d}", hit.company),
        None => hit.company.clone(),
    }
}

fn write_hit(out: &mut impl Write, hit: &Hit, color: bool) -> std::io::Result<()> {
    let section = hit.section.join(" › ");
    writeln!(
        out,
        "{}  {}  {}",
        paint(&safe(&reference(hit)), sgr::BOLD, color),
        paint(&safe(&section), sgr::HEADING, color),
        paint(&format!("({})", safe(&hit.id)), sgr::DIM, color)
    )?;
    writeln!(
        out,
        "    {}",
        output::highlighted(&hit.snippet, &hit.snippet_highlights, color)
    )
}

fn write_by_company(
    out: &mut impl Write,
    rows: &[CompanyHits],
    json: bool,
    color: bool,
) -> std::io::Result<()> {
    for row in rows {
        if json {
            output::json_line(
                out,
                &super::json::CompanyHits {
                    company: &row.company,
                    hits: row.hits,
                    best: super::json::BestHit {
                        id: &row.best_id,
                        date: row.best_date.as_deref(),
                        section: &row.best_section,
                    },
                },
            )?;
        } else {
            let section = if row.best_section.is_empty() {
                "(preamble)".to_string()
            } else {
                row.best_section.join(" › ")
            };
            writeln!(
                out,
                "{:>5}  {}  {}",
                row.hits,
                paint(&safe(&row.company), sgr::BOLD, color),
                paint(
                    &safe(&format!(
                        "{}  {}",
                        row.best_date.as_deref().unwrap_or("-"),
                        section
                    )),
                    sgr::DIM,
                    color
                )
            )?;
        }
    }
    Ok(())
}
