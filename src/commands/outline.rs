//! `clause outline`: a policy's section tree as text or JSON.

use super::output::{self, paint, safe, sgr};
use super::resolve_policy;
use crate::cli::{GlobalArgs, OutlineArgs};
use crate::corpus::Policy;
use std::io::Write;

pub(crate) fn run(global: &GlobalArgs, args: &OutlineArgs) -> anyhow::Result<()> {
    let target = resolve_policy(global, &args.policy)?;
    let policy = target.policy();
    let mut out = std::io::stdout().lock();
    if args.json {
        output::json_line(&mut out, &super::json::Outline::new(policy, args.furniture))?;
    } else {
        write_outline(&mut out, policy, args.furniture, output::use_color())?;
    }
    out.flush()?;
    Ok(())
}

fn write_outline(
    out: &mut impl Write,
    policy: &Policy,
    furniture: bool,
    color: bool,
) -> std::io::Result<()> {
    let preamble = policy.clauses_in(None).count();
    writeln!(
        out,
        "{}  {}",
        paint(&safe(&policy.meta.title), sgr::BOLD, color),
        paint(
            &format!("[{}] ({preamble})", policy.meta.reference()),
            sgr::DIM,
            color
        )
    )?;
    // Each section's id in a margin, as cited in clause ids.
    let width = policy
        .sections
        .iter()
        .map(|s| s.path.chars().count())
        .max()
        .unwrap_or(0);
    for (i, section) in policy.sections.iter().enumerate() {
        let count = policy.clauses_in(Some(i)).count();
        writeln!(
            out,
            "{}{}{} {}",
            paint(&format!("{:<width$}", safe(&section.path)), sgr::DIM, color),
            "  ".repeat(section.depth),
            safe(&section.title),
            paint(&format!("({count})"), sgr::DIM, color)
        )?;
    }
    if furniture {
        writeln!(out, "\nfurniture ({} blocks):", policy.furniture.len())?;
        for f in &policy.furniture {
            let text: String = f.text.chars().take(100).collect();
            let kind = serde_json::to_value(f.kind).ok();
            let kind = kind
                .as_ref()
                .and_then(serde_json::Value::as_str)
                .unwrap_or("?");
            writeln!(out, "  {:<14} {}", kind, safe(&text.replace('\n', " ")))?;
        }
    }
    Ok(())
}
