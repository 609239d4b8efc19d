//! `clause classify` and `clause categories`: OPP-115 data-practice
//! categories with the cues that fired.

use super::output::{self, paint, safe, sgr};
use super::resolve_policy;
use crate::categories::{Category, Classifier, Label};
use crate::cli::{CategoriesArgs, ClassifyArgs, GlobalArgs};
use crate::corpus::sanitize;
use std::io::{BufRead, Read, Write};

/// Longest line classified; longer ones are cut (and say so).
const MAX_LINE_BYTES: usize = 1 << 20;

pub(crate) fn run(args: &ClassifyArgs) -> anyhow::Result<()> {
    let mut input: Box<dyn BufRead> = match &args.file {
        Some(path) => Box::new(std::io::BufReader::new(std::fs::File::open(path).map_err(
            |e| crate::error::Error::Unloadable {
                path: path.display().to_string(),
                reason: e.to_string(),
            },
        )?)),
        None => Box::new(std::io::stdin().lock()),
    };
    let classifier = Classifier::embedded();
    let color = output::use_color();
    let mut out = std::io::stdout().lock();
    let mut bytes = Vec::new();
    // With --context, the lines are kept and classified together at the end.
    let mut lines: Vec<String> = Vec::new();
    loop {
        bytes.clear();
        if (&mut input)
            .take(MAX_LINE_BYTES as u64)
            .read_until(b'\n', &mut bytes)?
            == 0
        {
            break;
        }
        if bytes.len() >= MAX_LINE_BYTES && !bytes.ends_with(b"\n") {
            eprintln!("warning: a line longer than {MAX_LINE_BYTES} bytes was cut");
            let mut rest = Vec::new();
            input.read_until(b'\n', &mut rest)?;
        }
        let (text, _) = sanitize::decode(&bytes);
        let text = sanitize::clean(&text).trim().to_string();
        if args.context {
            lines.push(text);
        } else {
            write_labels(&mut out, &classifier.classify(&text), args.json, color)?;
        }
    }
    let texts: Vec<&str> = lines.iter().map(String::as_str).collect();
    for labels in classifier.classify_in_context(&texts) {
        write_labels(&mut out, &labels, args.json, color)?;
    }
    out.flush()?;
    Ok(())
}

fn write_labels(
    out: &mut impl Write,
    labels: &[Label],
    json: bool,
    color: bool,
) -> anyhow::Result<()> {
    if json {
        output::json_line(out, &super::json::Classified::new(labels))?;
    } else {
        writeln!(out, "{}", labels_line(labels, color))?;
    }
    Ok(())
}

fn labels_line(labels: &[Label], color: bool) -> String {
    if labels.is_empty() {
        return paint("(no words to classify)", sgr::DIM, color);
    }
    labels
        .iter()
        .map(|l| {
            let cues = if l.cues.is_empty() {
                "no cues: no word of the text points to a category".to_string()
            } else {
                format!("cues: {}", safe(&l.cues.join(", ")))
            };
            format!(
                "{} {:.2} — {cues}{}",
                paint(l.category.short_name(), sgr::BOLD, color),
                l.score,
                crate::categories::context_note(l.context),
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Sections listed per category in the plain-text summary.
const SUMMARY_SECTIONS: usize = 4;

pub(crate) fn categories(global: &GlobalArgs, args: &CategoriesArgs) -> anyhow::Result<()> {
    let target = resolve_policy(global, &args.policy)?;
    let policy = target.policy();
    let mut by_category: Vec<Vec<usize>> = vec![Vec::new(); Category::ALL.len()];
    for (i, tags) in crate::tagging::policy_tags(policy).into_iter().enumerate() {
        for category in tags.iter() {
            by_category[category.index()].push(i);
        }
    }
    let color = output::use_color();
    let mut out = std::io::stdout().lock();
    for category in Category::ALL {
        let clauses = &by_category[category.index()];
        let mut sections: Vec<String> = clauses
            .iter()
            .map(|&i| {
                let titles = policy.section_titles(policy.clauses[i].section);
                if titles.is_empty() {
                    "(preamble)".to_string()
                } else {
                    titles.join(" › ")
                }
            })
            .collect();
        sections.dedup();
        if args.json {
            let ids: Vec<String> = clauses
                .iter()
                .map(|&i| policy.clause_id(&policy.clauses[i]))
                .collect();
            output::json_line(
                &mut out,
                &super::json::CategoryLine::new(category, ids, &sections),
            )?;
        } else {
            let head = format!(
                "{:<14} {:>4} {:<7}",
                paint(category.short_name(), sgr::BOLD, color),
                clauses.len(),
                output::noun(clauses.len(), "clause", "clauses"),
            );
            if sections.is_empty() {
                writeln!(out, "{}", head.trim_end())?;
            } else {
                let shown = sections.len().min(SUMMARY_SECTIONS);
                let mut listed = sections[..shown].join("; ");
                if sections.len() > shown {
                    listed.push_str(&format!("; … {} more", sections.len() - shown));
                }
                writeln!(out, "{head}  {}", paint(&safe(&listed), sgr::DIM, color))?;
            }
        }
    }
    out.flush()?;
    Ok(())
}
