//! `clause diff` and `clause versions`: what changed between dated
//! versions of a company's policy.

use super::output::{self, paint, safe, sgr};
use super::{load_companies, load_options};
use crate::cli::{DiffArgs, GlobalArgs, VersionsArgs};
use crate::corpus::{self, Corpus, Policy};
use crate::error::{closest, Error};
use crate::versions::{self, Diff, Status};
use std::io::Write;
use std::path::Path;

pub(crate) fn run(global: &GlobalArgs, args: &DiffArgs) -> anyhow::Result<()> {
    let (old, new) = pick(global, &args.policies)?;
    let diff = versions::diff(&old, &new);
    let mut out = std::io::stdout().lock();
    if args.json {
        output::json_line(&mut out, &super::json::DiffDoc::new(&old, &new, &diff))?;
    } else {
        write_diff(&mut out, &old, &new, &diff, args.stat, output::use_color())?;
    }
    out.flush()?;
    Ok(())
}

fn usage(message: String) -> anyhow::Error {
    Error::Usage(message).into()
}

/// Resolves the two versions to compare.
fn pick(global: &GlobalArgs, refs: &[String]) -> anyhow::Result<(Policy, Policy)> {
    if refs.len() == 2 && refs.iter().all(|r| Path::new(r).is_file()) {
        let load = |r: &String| {
            corpus::load_single_file(Path::new(r), load_options(global)).map(|(p, _)| p)
        };
        return Ok((load(&refs[0])?, load(&refs[1])?));
    }
    // Only the named companies' files are parsed.
    let companies: Vec<&str> = match refs {
        [company] | [company, _, _] => vec![company.as_str()],
        _ => refs
            .iter()
            .map(|r| r.split('@').next().unwrap_or(r))
            .collect(),
    };
    let corpus = load_companies(global, &companies)?;
    let (old, new) = match refs {
        [company] => latest_two(&corpus, company)?,
        [company, from, to] if !from.contains('@') => (
            corpus.resolve(&format!("{company}@{from}"))?.clone(),
            corpus.resolve(&format!("{company}@{to}"))?.clone(),
        ),
        [a, b] => {
            let (a, b) = (corpus.resolve(a)?.clone(), corpus.resolve(b)?.clone());
            if !a.meta.company.eq_ignore_ascii_case(&b.meta.company) {
                return Err(usage(format!(
                    "{} and {} are different companies; diff compares versions of one company",
                    a.meta.reference(),
                    b.meta.reference()
                )));
            }
            (a, b)
        }
        _ => {
            return Err(usage(
                "give a company, a company and two dates, or two policies".into(),
            ))
        }
    };
    Ok((old, new))
}

fn latest_two(corpus: &Corpus, company: &str) -> anyhow::Result<(Policy, Policy)> {
    let companies = corpus.companies();
    let Some(found) = companies
        .iter()
        .find(|c| c.name.eq_ignore_ascii_case(company))
    else {
        let near = closest(company, companies.iter().map(|c| c.name), 5);
        return Err(Error::UnknownPolicy {
            query: company.to_string(),
            suggestions: near,
        }
        .into());
    };
    match found.versions.as_slice() {
        [.., a, b] => Ok(((*a).clone(), (*b).clone())),
        _ => Err(usage(format!(
            "{} has a single version: nothing to compare",
            found.name
        ))),
    }
}

fn section_path(old: &Policy, new: &Policy, from: Option<usize>, to: Option<usize>) -> String {
    match (from, to) {
        (_, Some(t)) => new.section_titles(Some(t)).join(" › "),
        (Some(f), None) => old.section_titles(Some(f)).join(" › "),
        (None, None) => "(preamble)".to_string(),
    }
}

fn write_diff(
    out: &mut impl Write,
    old: &Policy,
    new: &Policy,
    diff: &Diff,
    stat: bool,
    color: bool,
) -> std::io::Result<()> {
    let s = &diff.summary;
    writeln!(
        out,
        "{} → {}: {s}",
        paint(&safe(&old.meta.reference()), sgr::BOLD, color),
        paint(&safe(&new.meta.reference()), sgr::BOLD, color),
    )?;
    for section in diff
        .sections
        .iter()
        .filter(|x| x.status != Status::Same || x.clauses.iter().any(|c| c.status != Status::Same))
    {
        let path = section_path(old, new, section.from, section.to);
        let status = section.status.name();
        let renamed = match (section.status, section.from) {
            (Status::Renamed, Some(f)) => format!(" (was {})", old.sections[f].title),
            _ => String::new(),
        };
        let changed = section
            .clauses
            .iter()
            .filter(|c| c.status != Status::Same)
            .count();
        writeln!(
            out,
            "\n{} [{status}]{} {changed} clause changes",
            paint(&safe(&path), sgr::HEADING, color),
            safe(&renamed)
        )?;
        if stat {
            continue;
        }
        for clause in section.clauses.iter().filter(|c| c.status != Status::Same) {
            write_clause(out, old, new, clause, color)?;
        }
    }
    Ok(())
}

fn write_clause(
    out: &mut impl Write,
    old: &Policy,
    new: &Policy,
    c: &versions::ClauseChange,
    color: bool,
) -> std::io::Result<()> {
    let id = c.label(old, new);
    writeln!(
        out,
        "  {} {}",
        paint(c.status.name(), sgr::BOLD, color),
        paint(&id, sgr::DIM, color)
    )?;
    let text = match c.status {
        Status::Changed | Status::Split | Status::Merged => c
            .ops
            .iter()
            .map(|op| match (op.op, color) {
                ("delete", true) => paint(&safe(&op.text), "9;31", true),
                ("insert", true) => paint(&safe(&op.text), "4;32", true),
                ("delete", false) => format!("[-{}-]", safe(&op.text)),
                ("insert", false) => format!("{{+{}+}}", safe(&op.text)),
                _ => safe(&op.text).into_owned(),
            })
            .collect::<String>(),
        Status::Removed => {
            let t = c.from.map(|i| old.clauses[i].text.as_str()).unwrap_or("");
            if color {
                paint(&safe(t), "9;31", true)
            } else {
                format!("[-{}-]", safe(t))
            }
        }
        Status::Added => {
            let t = c.to.map(|i| new.clauses[i].text.as_str()).unwrap_or("");
            if color {
                paint(&safe(t), "4;32", true)
            } else {
                format!("{{+{}+}}", safe(t))
            }
        }
        _ => {
            let from = c
                .from
                .map(|i| old.clause_id(&old.clauses[i]))
                .unwrap_or_default();
            format!("(moved from {from})")
        }
    };
    writeln!(out, "    {text}")
}

pub(crate) fn versions(global: &GlobalArgs, args: &VersionsArgs) -> anyhow::Result<()> {
    let corpus = load_companies(global, &[args.company.as_str()])?;
    let companies = corpus.companies();
    let Some(company) = companies
        .iter()
        .find(|c| c.name.eq_ignore_ascii_case(&args.company))
    else {
        let near = closest(&args.company, companies.iter().map(|c| c.name), 5);
        return Err(Error::UnknownPolicy {
            query: args.company.clone(),
            suggestions: near,
        }
        .into());
    };
    let mut out = std::io::stdout().lock();
    let mut previous: Option<&Policy> = None;
    for policy in &company.versions {
        let changes = previous.map(|p| versions::diff(p, policy).summary);
        previous = Some(policy);
        if args
            .since
            .as_deref()
            .is_some_and(|since| policy.meta.date.as_deref().unwrap_or("") < since)
        {
            continue;
        }
        if args.json {
            output::json_line(
                &mut out,
                &super::json::VersionChanges {
                    company: &policy.meta.company,
                    date: policy.meta.date.as_deref(),
                    bytes: policy.text_len,
                    sections: policy.sections.len(),
                    clauses: policy.clauses.len(),
                    changed_clauses: changes.as_ref().map(|s| s.clause_changes()),
                    summary: changes.as_ref(),
                },
            )?;
        } else {
            let changed = changes.map_or("first version".to_string(), |s| {
                format!(
                    "{} clauses changed (+{} -{} ~{} moved {})",
                    s.clause_changes(),
                    s.clauses_added,
                    s.clauses_removed,
                    s.clauses_changed,
                    s.clauses_moved
                )
            });
            writeln!(
                out,
                "{}  {:>8} bytes  {:>4} clauses  {changed}",
                policy.meta.date.as_deref().unwrap_or("undated"),
                policy.text_len,
                policy.clauses.len()
            )?;
        }
    }
    Ok(())
}
