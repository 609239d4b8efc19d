//! `clause show`: the clauses of a policy or of one section.

use super::output::{self, paint, safe, sgr};
use super::resolve_policy;
use crate::cli::{GlobalArgs, ShowArgs};
use crate::corpus::{find_section, Clause, Policy};
use std::io::Write;

pub(crate) fn run(global: &GlobalArgs, args: &ShowArgs) -> anyhow::Result<()> {
    let target = resolve_policy(global, &args.policy)?;
    let policy = target.policy();
    let selected: Vec<&Clause> = match &args.section {
        Some(query) => {
            let section = find_section(policy, query)?;
            let subtree = policy.subtree(section);
            policy
                .clauses
                .iter()
                .filter(|c| c.section.is_some_and(|s| subtree.contains(&s)))
                .collect()
        }
        None => policy.clauses.iter().collect(),
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        for clause in selected {
            output::json_line(&mut out, &super::json::ClauseLine::new(policy, clause))?;
        }
    } else {
        write_clauses(&mut out, policy, &selected, output::use_color())?;
    }
    out.flush()?;
    Ok(())
}

fn write_clauses(
    out: &mut impl Write,
    policy: &Policy,
    clauses: &[&Clause],
    color: bool,
) -> std::io::Result<()> {
    let mut current = None;
    for clause in clauses {
        if current != Some(clause.section) {
            current = Some(clause.section);
            let path = policy.section_titles(clause.section).join(" › ");
            let heading = if path.is_empty() {
                policy.meta.title.clone()
            } else {
                path
            };
            writeln!(out, "\n{}", paint(&safe(&heading), sgr::HEADING, color))?;
        }
        writeln!(out, "{}", paint(&policy.clause_id(clause), sgr::DIM, color))?;
        writeln!(out, "{}", safe(&clause.text))?;
    }
    Ok(())
}
