//! `clause list`: companies, versions, and section and clause counts;
//! `--stats` adds load speed and outline quality figures.

use super::output::{self, noun, paint, safe, sgr};
use super::{load_corpus, open_index, print_summary};
use crate::cli::{GlobalArgs, ListArgs};
use crate::corpus::Corpus;
use crate::index::catalog::Company;
use crate::index::Check;
use std::io::Write;
use std::time::Instant;

pub(crate) fn run(global: &GlobalArgs, args: &ListArgs) -> anyhow::Result<()> {
    if args.stats {
        return stats(global);
    }
    let (index, report) = open_index(global, Check::Directories)?;
    print_summary(global, &index, &report)?;
    let companies = index.catalog()?.companies();
    let mut out = std::io::stdout().lock();
    if args.json {
        for company in &companies {
            let versions = company
                .versions
                .iter()
                .map(super::json::VersionLine::from_catalog)
                .collect();
            output::json_line(
                &mut out,
                &super::json::CompanyLine {
                    company: company.name,
                    versions,
                },
            )?;
        }
    } else {
        write_table(&mut out, &companies, output::use_color())?;
    }
    out.flush()?;
    Ok(())
}

/// `--stats`: parses every policy and reports load speed and outline quality.
fn stats(global: &GlobalArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let corpus = load_corpus(global)?;
    let elapsed = started.elapsed();
    let mut out = std::io::stdout().lock();
    write_stats(&mut out, &corpus, elapsed)?;
    out.flush()?;
    Ok(())
}

fn write_table(
    out: &mut impl Write,
    companies: &[Company<'_>],
    color: bool,
) -> std::io::Result<()> {
    let width = companies
        .iter()
        .map(|c| c.name.chars().count())
        .max()
        .unwrap_or(7)
        .clamp(7, 40);
    writeln!(
        out,
        "{}",
        paint(
            &format!(
                "{:<width$}  {:<10}  {:>8}  {:>7}",
                "COMPANY", "DATE", "SECTIONS", "CLAUSES"
            ),
            sgr::BOLD,
            color
        )
    )?;
    for company in companies {
        for (i, version) in company.versions.iter().enumerate() {
            let name = if i == 0 {
                safe(company.name).into_owned()
            } else {
                String::new()
            };
            writeln!(
                out,
                "{:<width$}  {:<10}  {:>8}  {:>7}",
                name,
                version.policy.date.as_deref().unwrap_or("-"),
                version.policy.sections,
                version.policy.clauses
            )?;
        }
    }
    let clauses: usize = companies
        .iter()
        .flat_map(|c| &c.versions)
        .map(|v| v.policy.clauses as usize)
        .sum();
    let versions: usize = companies.iter().map(|c| c.versions.len()).sum();
    let companies = companies.len();
    writeln!(
        out,
        "{}",
        paint(
            &format!(
                "{companies} {}, {versions} {}, {clauses} {}",
                noun(companies, "company", "companies"),
                noun(versions, "version", "versions"),
                noun(clauses, "clause", "clauses"),
            ),
            sgr::DIM,
            color
        )
    )
}

/// Load speed and outline quality figures for the README.
fn write_stats(
    out: &mut impl Write,
    corpus: &Corpus,
    elapsed: std::time::Duration,
) -> std::io::Result<()> {
    let bytes: usize = corpus.policies().map(|p| p.text_len).sum();
    let secs = elapsed.as_secs_f64().max(1e-9);
    let large: Vec<_> = corpus.policies().filter(|p| p.text_len > 2048).collect();
    let structured = large.iter().filter(|p| p.sections.len() >= 2).count();
    let long_titles = corpus
        .policies()
        .flat_map(|p| &p.sections)
        .filter(|s| s.title.chars().count() > 120)
        .count();
    let sections: usize = corpus.policies().map(|p| p.sections.len()).sum();
    writeln!(
        out,
        "load+parse: {} files, {:.1} MB in {:.3} s: {:.0} files/s, {:.1} MB/s",
        corpus.len(),
        bytes as f64 / 1e6,
        secs,
        corpus.len() as f64 / secs,
        bytes as f64 / 1e6 / secs
    )?;
    writeln!(
        out,
        "policies over 2 KB with 2+ sections: {structured}/{} ({:.1}%)",
        large.len(),
        100.0 * structured as f64 / large.len().max(1) as f64
    )?;
    writeln!(
        out,
        "sections: {sections}; titles over 120 characters: {long_titles}"
    )
}
