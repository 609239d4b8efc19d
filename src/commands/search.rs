//! `clause search`: ranked, highlighted hits; `--by-company` and `--json`.

use super::output::{self, paint, safe, sgr};
use super::progress::StderrProgress;
use super::{corpus_source, load_options};
use crate::cli::{GlobalArgs, SearchArgs};
use crate::index::{Hit, SearchIndex, SearchOptions};
use std::collections::HashMap;
use std::io::Write;

pub fn run(global: &GlobalArgs, args: &SearchArgs) -> anyhow::Result<()> {
    let query = query_text(args);
    // Check the query before any indexing work.
    crate::index::query::parse(&query).map_err(crate::error::Error::Query)?;
    let progress = StderrProgress::new(global.quiet);
    let (index, report) = SearchIndex::open(
        &corpus_source(global),
        global.index_dir.as_deref(),
        load_options(global),
        &progress,
    )?;
    super::report_warnings(global, &report.warnings);
    let all = args.all || args.by_company;
    let options = SearchOptions {
        limit: (!all).then_some(args.limit),
        companies: args.company.clone(),
        categories: args.category.clone(),
    };
    let results = index.search(&query, &options)?;
    let color = output::use_color();
    let mut out = std::io::stdout().lock();
    if args.by_company {
        write_by_company(&mut out, &results.hits, args.json, color)?;
    } else if args.json {
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
    Ok(())
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
    hits: &[Hit],
    json: bool,
    color: bool,
) -> std::io::Result<()> {
    let mut counts: HashMap<&str, (usize, &Hit)> = HashMap::new();
    for hit in hits {
        let entry = counts.entry(hit.company.as_str()).or_insert((0, hit));
        entry.0 += 1;
        if hit.score > entry.1.score {
            entry.1 = hit;
        }
    }
    let mut rows: Vec<(&str, usize, &Hit)> =
        counts.into_iter().map(|(c, (n, h))| (c, n, h)).collect();
    rows.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| a.0.to_lowercase().cmp(&b.0.to_lowercase()))
    });
    for (company, count, best) in rows {
        if json {
            output::json_line(
                out,
                &super::json::CompanyHits {
                    company,
                    hits: count,
                    best: super::json::BestHit {
                        id: &best.id,
                        date: best.date.as_deref(),
                        section: &best.section,
                    },
                },
            )?;
        } else {
            let section = if best.section.is_empty() {
                "(preamble)".to_string()
            } else {
                best.section.join(" › ")
            };
            writeln!(
                out,
                "{:>5}  {}  {}",
                count,
                paint(&safe(company), sgr::BOLD, color),
                paint(
                    &safe(&format!(
                        "{}  {}",
                        best.date.as_deref().unwrap_or("-"),
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
