//! `clause search`: ranked, highlighted hits; `--by-company` and `--json`.

use super::corpus_source;
use super::output::{self, paint, safe, sgr};
use crate::cli::{GlobalArgs, SearchArgs};
use crate::corpus::CorpusSource;
use crate::index::{Check, CompanyHits, Hit, Scope, SearchIndex, SearchOptions};
use crate::text::ByteRange;
use std::io::Write;

pub(crate) fn run(global: &GlobalArgs, args: &SearchArgs) -> anyhow::Result<()> {
    let query = query_text(args);
    // Check the query before any indexing work.
    crate::index::query::parse(&query).map_err(crate::error::Error::Query)?;
    let (index, _) = super::open_index(global, Check::Directories)?;
    let options = SearchOptions {
        scope: scope(args),
        limit: (!args.all).then_some(args.limit),
        companies: args.company.clone(),
        categories: args.category.clone(),
    };
    let color = output::use_color();
    if args.by_company {
        let found = index.by_company(&query, &options)?;
        let mut out = std::io::stdout().lock();
        write_by_company(&mut out, &found.companies, args.json, color)?;
        out.flush()?;
        if !global.quiet && !args.json {
            let more = if found.companies.len() < found.total_companies {
                format!(
                    " (first {}; --all for every company)",
                    found.companies.len()
                )
            } else {
                String::new()
            };
            eprintln!(
                "{} {} in {} {} ({}){more}",
                found.total_hits,
                output::noun(found.total_hits, "hit", "hits"),
                found.total_companies,
                output::noun(found.total_companies, "company", "companies"),
                options.scope,
            );
        }
        let best: Vec<Hit> = found.companies.into_iter().map(|c| c.best).collect();
        warn_if_edited(global, &index, &best);
        index.release_at_exit();
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
            "{} of {} {} in {} {} ({}){more}",
            results.hits.len(),
            results.total,
            output::noun(results.total, "hit", "hits"),
            companies.len(),
            output::noun(companies.len(), "company", "companies"),
            options.scope,
        );
    }
    warn_if_edited(global, &index, &results.hits);
    index.release_at_exit();
    Ok(())
}

/// The versions the options ask for.
fn scope(args: &SearchArgs) -> Scope {
    match (args.all_versions, args.as_of) {
        (true, _) => Scope::AllVersions,
        (false, Some(day)) => Scope::AsOf(day),
        (false, None) => Scope::Newest,
    }
}

/// One line when files behind the shown hits changed since the index
/// last compared every file. A git repository's versions are commits,
/// never edited in place: its index follows the repository's HEAD.
fn warn_if_edited(global: &GlobalArgs, index: &SearchIndex, hits: &[Hit]) {
    if global.quiet || matches!(corpus_source(global), CorpusSource::Git { .. }) {
        return;
    }
    let edited = index.edited(hits.iter().map(|h| h.source.as_str()));
    if edited.is_empty() {
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

/// The clause a hit shows: the clause itself, or for a section title
/// the clause of its section shown with it (none for an empty section).
fn shown_clause(hit: &Hit) -> Option<ShownClause<'_>> {
    match (&hit.clause, hit.kind.as_str()) {
        (Some(c), _) => Some(ShownClause {
            id: &c.id,
            text: &c.text,
            snippet: &c.snippet,
            highlights: &c.highlights,
            snippet_highlights: &c.snippet_highlights,
        }),
        (None, HEADING) => None,
        (None, _) => Some(ShownClause {
            id: &hit.id,
            text: &hit.text,
            snippet: &hit.snippet,
            highlights: &hit.highlights,
            snippet_highlights: &hit.snippet_highlights,
        }),
    }
}

/// Kind of a hit on a section title.
const HEADING: &str = "heading";

/// A clause as printed: its id and text with the matched words.
struct ShownClause<'a> {
    id: &'a str,
    text: &'a str,
    snippet: &'a str,
    highlights: &'a [ByteRange],
    snippet_highlights: &'a [ByteRange],
}

/// A hit: its version, section and id on one line, then its clause's
/// snippet; the other versions that repeat the text, if any.
fn write_hit(out: &mut impl Write, hit: &Hit, color: bool) -> std::io::Result<()> {
    let section = hit.section.join(" › ");
    let clause = shown_clause(hit);
    writeln!(
        out,
        "{}  {}  {}",
        paint(&safe(&reference(hit)), sgr::BOLD, color),
        paint(&safe(&section), sgr::HEADING, color),
        paint(
            &format!("({})", safe(clause.as_ref().map_or(&hit.id, |c| c.id))),
            sgr::DIM,
            color
        )
    )?;
    if let Some(c) = &clause {
        write_snippet(out, 4, c, color)?;
    }
    if hit.versions.len() > 1 {
        writeln!(
            out,
            "    {}",
            paint(
                &format!("in {}", versions_list(&hit.versions)),
                sgr::DIM,
                color
            )
        )?;
    }
    Ok(())
}

/// A clause's snippet on a line of its own, indented.
fn write_snippet(
    out: &mut impl Write,
    indent: usize,
    clause: &ShownClause<'_>,
    color: bool,
) -> std::io::Result<()> {
    writeln!(
        out,
        "{:indent$}{}",
        "",
        output::highlighted(clause.snippet, clause.snippet_highlights, color)
    )
}

/// `3 versions: 2018-05-25, 2020-01-01, undated`.
fn versions_list(versions: &[Option<String>]) -> String {
    let dates: Vec<&str> = versions
        .iter()
        .map(|v| v.as_deref().unwrap_or("undated"))
        .collect();
    format!("{} versions: {}", versions.len(), dates.join(", "))
}

/// One line per company (hits, company, version, best clause's id) and
/// the best clause's snippet; or one JSON object per company.
fn write_by_company(
    out: &mut impl Write,
    rows: &[CompanyHits],
    json: bool,
    color: bool,
) -> std::io::Result<()> {
    for row in rows {
        let best = &row.best;
        let clause = shown_clause(best);
        let id = clause.as_ref().map_or(best.id.as_str(), |c| c.id);
        if json {
            output::json_line(
                out,
                &super::json::CompanyHits {
                    company: &row.company,
                    version: best.date.as_deref(),
                    hits: row.hits,
                    best: super::json::BestHit {
                        id,
                        date: best.date.as_deref(),
                        section: &best.section,
                        text: clause.as_ref().map_or("", |c| c.text),
                        snippet: clause.as_ref().map_or("", |c| c.snippet),
                        highlights: clause.as_ref().map_or(&[], |c| c.highlights),
                    },
                },
            )?;
            continue;
        }
        writeln!(
            out,
            "{:>5}  {}  {}  {}",
            row.hits,
            paint(&safe(&row.company), sgr::BOLD, color),
            best.date.as_deref().unwrap_or("undated"),
            paint(&format!("({})", safe(id)), sgr::DIM, color)
        )?;
        if let Some(c) = &clause {
            write_snippet(out, 7, c, color)?;
        }
    }
    Ok(())
}
