//! `clause trend`: how many companies match each query, step by step, as
//! a table with bars, JSON lines or CSV; `--companies` lists them for one day.

use super::json::{TrendCompaniesLine, TrendCount, TrendLine};
use super::output::{self, paint, safe, sgr};
use crate::cli::{GlobalArgs, TrendArgs};
use crate::error::Error;
use crate::index::query::{self, Query};
use crate::index::{Check, Day};
use crate::trend::{self, Point, Step, Timeline};
use std::io::Write;

/// Width of a row's bar, in cells.
const BAR: usize = 10;

pub(crate) fn run(global: &GlobalArgs, args: &TrendArgs) -> anyhow::Result<()> {
    // Check the queries and the range before any indexing work.
    let queries = args
        .queries
        .iter()
        .map(|q| query::parse(q).map_err(Error::Query))
        .collect::<Result<Vec<Query>, Error>>()?;
    if let (Some(from), Some(to)) = (args.from, args.to) {
        trend::steps(from, to, args.every)?;
    }
    let (index, _) = super::open_index(global, Check::Directories)?;
    let timeline = Timeline::of(index.catalog()?);
    let steps = steps(args, &timeline)?;
    let mut out = std::io::stdout().lock();
    if args.companies {
        let day = drill_day(args, &steps)?;
        for (text, query) in args.queries.iter().zip(&queries) {
            let split = trend::split(&index, &timeline, query, day)?;
            write_split(&mut out, text, day, &split, args.json)?;
        }
    } else {
        let points = trend::trend(&index, &timeline, &queries, steps)?;
        if args.json {
            write_json(&mut out, &args.queries, &points)?;
        } else if args.csv {
            write_csv(&mut out, &args.queries, &points)?;
        } else {
            write_table(&mut out, &args.queries, &points, output::use_color())?;
        }
    }
    out.flush()?;
    footer(global, args, &timeline, &mut out)
}

/// The steps of `--from`/`--to`, by default the corpus's first to last dated year.
fn steps(args: &TrendArgs, timeline: &Timeline) -> anyhow::Result<Vec<Step>> {
    let years = timeline.years();
    let (from, to) = match (args.from, args.to, years) {
        (Some(from), Some(to), _) => (from, to),
        (Some(from), None, Some((_, last))) if from > last => {
            return Err(Error::Usage(format!(
                "--from {from} is after {last}, the year of the corpus's newest dated version"
            ))
            .into())
        }
        (None, Some(to), Some((first, _))) if to < first => {
            return Err(Error::Usage(format!(
                "--to {to} is before {first}, the year of the corpus's oldest dated version"
            ))
            .into())
        }
        (from, to, Some((first, last))) => (from.unwrap_or(first), to.unwrap_or(last)),
        (Some(year), None, None) | (None, Some(year), None) => (year, year),
        (None, None, None) => return Err(Error::Usage(
            "no policy of the corpus is dated: a trend needs dated versions (or --from and --to)"
                .into(),
        )
        .into()),
    };
    Ok(trend::steps(from, to, args.every)?)
}

/// The day `--companies` lists: `--at`, or the range's only step.
fn drill_day(args: &TrendArgs, steps: &[Step]) -> anyhow::Result<Day> {
    match (args.at, steps) {
        (Some(day), _) => Ok(day),
        (None, [step]) => Ok(step.day),
        (None, _) => Err(Error::Usage(format!(
            "--companies lists one day, but the range has {} steps: add --at YYYY-MM-DD or give a range of one step (e.g. --from 2019 --to 2019)",
            steps.len()
        ))
        .into()),
    }
}

/// The undated policies left out: below the table, on stderr otherwise.
fn footer(
    global: &GlobalArgs,
    args: &TrendArgs,
    timeline: &Timeline,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let undated = timeline.undated();
    if undated == 0 {
        return Ok(());
    }
    let line = format!(
        "{undated} undated {} left out",
        output::noun(undated, "policy", "policies")
    );
    if args.json || args.csv {
        if !global.quiet {
            eprintln!("clause: {line}");
        }
    } else {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

fn write_json(out: &mut impl Write, queries: &[String], points: &[Point]) -> std::io::Result<()> {
    for point in points {
        let line = TrendLine {
            step: &point.step.label,
            date: point.step.day.to_string(),
            companies: point.companies,
            queries: queries
                .iter()
                .zip(&point.matching)
                .enumerate()
                .map(|(q, (query, &matching))| TrendCount {
                    query,
                    matching,
                    share: point.share(q).map(round),
                })
                .collect(),
        };
        output::json_line(out, &line)?;
    }
    Ok(())
}

/// A share to four decimals, as printed in JSON and CSV.
fn round(share: f64) -> f64 {
    (share * 10_000.0).round() / 10_000.0
}

fn write_csv(out: &mut impl Write, queries: &[String], points: &[Point]) -> anyhow::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(["step", "date", "companies", "query", "matching", "share"])?;
    for point in points {
        for (q, (query, &matching)) in queries.iter().zip(&point.matching).enumerate() {
            let share = point
                .share(q)
                .map(|s| round(s).to_string())
                .unwrap_or_default();
            writer.write_record([
                point.step.label.as_str(),
                &point.step.day.to_string(),
                &point.companies.to_string(),
                query,
                &matching.to_string(),
                &share,
            ])?;
        }
    }
    writer.flush()?;
    Ok(())
}

/// The table: a legend naming each query, then per step its day, the
/// companies in force and per query the matching count, share and bar.
fn write_table(
    out: &mut impl Write,
    queries: &[String],
    points: &[Point],
    color: bool,
) -> std::io::Result<()> {
    for (i, query) in queries.iter().enumerate() {
        writeln!(out, "[{}] {}", i + 1, safe(query))?;
    }
    let step_width = points
        .iter()
        .map(|p| p.step.label.len())
        .max()
        .unwrap_or(4)
        .max(4);
    let mut header = format!(
        "{:<step_width$}  {:<10}  {:>9}",
        "step", "date", "companies"
    );
    for i in 0..queries.len() {
        header.push_str(&format!(
            "  {:>8}  {:>6}  {:<BAR$}",
            format!("[{}]", i + 1),
            "share",
            ""
        ));
    }
    writeln!(out, "{}", paint(header.trim_end(), sgr::BOLD, color))?;
    for point in points {
        let mut row = format!(
            "{:<step_width$}  {:<10}  {:>9}",
            point.step.label,
            point.step.day.to_string(),
            point.companies
        );
        for (q, &matching) in point.matching.iter().enumerate() {
            let share = point.share(q);
            let percent = share.map_or("–".to_string(), |s| format!("{:.1}%", s * 100.0));
            let bar = paint(&output::bar(share.unwrap_or(0.0), BAR), sgr::MATCH, color);
            row.push_str(&format!("  {matching:>8}  {percent:>6}  {bar}"));
        }
        writeln!(out, "{}", row.trim_end())?;
    }
    Ok(())
}

/// `--companies` for one query: the matching and the other companies.
fn write_split(
    out: &mut impl Write,
    query: &str,
    day: Day,
    split: &trend::Split,
    json: bool,
) -> std::io::Result<()> {
    let companies = split.matching.len() + split.not_matching.len();
    if json {
        return output::json_line(
            out,
            &TrendCompaniesLine {
                query,
                date: day.to_string(),
                companies,
                matching: &split.matching,
                not_matching: &split.not_matching,
            },
        );
    }
    writeln!(
        out,
        "{} on {day}: {} of {companies} {} in force match",
        safe(query),
        split.matching.len(),
        output::noun(companies, "company", "companies"),
    )?;
    for (title, names) in [
        ("match", &split.matching),
        ("do not match", &split.not_matching),
    ] {
        writeln!(out, "  {title} ({}):", names.len())?;
        for name in names {
            writeln!(out, "    {}", safe(name))?;
        }
    }
    Ok(())
}
