//! The trend view (`T`): the share of the companies in force that match
//! each of up to four queries, step by step through time, as
//! [`crate::trend`] counts it on the search worker; Enter lists the
//! companies behind one step, and Enter on one opens its version in force
//! on the step's day.

use super::action::{Action, Effect};
use super::app::{App, Overlay, Pane};
use super::tree::Node;
use crate::index::query::{self, Query};
use crate::index::{Day, SearchIndex};
use crate::trend::{self, Every, Point, Split, Timeline};
use std::sync::Arc;

/// Most queries the chart draws at once.
pub const MAX_QUERIES: usize = 4;

/// Work the search worker does for the trend view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Work {
    /// Count every step from the corpus's oldest to its newest dated year.
    Points {
        /// The queries to count, as typed.
        queries: Vec<String>,
        /// How far apart the steps are.
        every: Every,
    },
    /// The companies in force on `day`, split by whether they match `query`.
    Split {
        /// The query, as typed.
        query: String,
        /// The day the companies are taken on.
        day: Day,
    },
}

/// What the worker found for a [`Work`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// One point per step, for [`Work::Points`].
    Points(Vec<Point>),
    /// The companies split by the query, for [`Work::Split`].
    Split(Split),
}

/// Does the trend view's work on one index, dating its companies once.
pub struct Counter {
    index: Arc<SearchIndex>,
    timeline: Option<Timeline>,
}

impl Counter {
    /// A counter of `index`.
    pub fn new(index: Arc<SearchIndex>) -> Counter {
        Counter {
            index,
            timeline: None,
        }
    }

    /// Does `work`.
    pub fn count(&mut self, work: &Work) -> Result<Found, String> {
        let timeline = match self.timeline.take() {
            Some(timeline) => timeline,
            None => Timeline::of(self.index.catalog().map_err(|e| e.to_string())?),
        };
        let found = count(&self.index, &timeline, work);
        self.timeline = Some(timeline);
        found
    }
}

fn count(index: &SearchIndex, timeline: &Timeline, work: &Work) -> Result<Found, String> {
    match work {
        Work::Points { queries, every } => {
            let parsed = queries
                .iter()
                .map(|q| parse(q))
                .collect::<Result<Vec<Query>, String>>()?;
            let (from, to) = timeline
                .years()
                .ok_or("no policy of the corpus is dated: a trend needs dated versions")?;
            let steps = trend::steps(from, to, *every).map_err(|e| e.to_string())?;
            trend::trend(index, timeline, &parsed, steps)
                .map(Found::Points)
                .map_err(|e| e.to_string())
        }
        Work::Split { query, day } => trend::split(index, timeline, &parse(query)?, *day)
            .map(Found::Split)
            .map_err(|e| e.to_string()),
    }
}

/// A query as typed, parsed leniently as the search bar does.
fn parse(text: &str) -> Result<Query, String> {
    query::parse_lenient(text).ok_or_else(|| format!("'{text}' is not a query"))
}

/// The companies behind one step, for one query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Companies {
    /// The query split by (an index into the view's queries).
    pub query: usize,
    /// The step's day.
    pub day: Day,
    /// The split, once counted.
    pub split: Option<Split>,
    /// The list cursor: the matching companies, then the others.
    pub selected: usize,
}

impl Companies {
    /// The company at the cursor.
    pub fn company(&self) -> Option<&str> {
        let split = self.split.as_ref()?;
        split
            .matching
            .iter()
            .chain(&split.not_matching)
            .nth(self.selected)
            .map(String::as_str)
    }

    fn len(&self) -> usize {
        self.split
            .as_ref()
            .map_or(0, |s| s.matching.len() + s.not_matching.len())
    }
}

/// What has the keys in the trend view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Level {
    /// The chart: `←` `→` move along time, `↑` `↓` pick the query.
    Chart,
    /// A query being typed, to add to the chart.
    Adding(String),
    /// The companies at the cursor's step.
    Companies(Companies),
}

/// State of the trend overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrendView {
    /// The queries drawn, in the order added.
    pub queries: Vec<String>,
    /// How far apart the steps are.
    pub every: Every,
    /// One point per step, once counted.
    pub points: Option<Vec<Point>>,
    /// The step at the cursor.
    pub step: usize,
    /// The query Enter splits by and `x` drops.
    pub query: usize,
    /// What the view shows: the chart, the query being typed or a step's
    /// companies.
    pub level: Level,
    /// The request whose answer the view waits for.
    pub waiting: Option<u64>,
    /// Why the last request or the typed query failed.
    pub error: Option<String>,
    /// The day to put the cursor on when the next points arrive.
    anchor: Option<Day>,
}

/// What the app does after the view handled a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The view stays open; nothing else to do.
    Stay,
    /// The view closes.
    Close,
    /// Ask the worker for this.
    Run(Work),
    /// Open the company's version in force on the day.
    Open {
        /// The company's name.
        company: String,
        /// The day whose version is opened.
        day: Day,
    },
}

impl TrendView {
    /// A view of `query`; with none, the view starts by asking for one.
    pub fn new(query: &str) -> TrendView {
        let query = query.trim();
        let (queries, level) = match query::parse_lenient(query) {
            Some(_) => (vec![query.to_string()], Level::Chart),
            None => (Vec::new(), Level::Adding(String::new())),
        };
        TrendView {
            queries,
            every: Every::default(),
            points: None,
            step: 0,
            query: 0,
            level,
            waiting: None,
            error: None,
            anchor: None,
        }
    }

    /// The work that counts the points of the queries.
    pub fn points_work(&mut self) -> Outcome {
        if self.queries.is_empty() {
            return Outcome::Stay;
        }
        self.anchor = self
            .points
            .as_ref()
            .and_then(|p| p.get(self.step))
            .map(|p| p.step.day)
            .or(self.anchor);
        self.points = None;
        Outcome::Run(Work::Points {
            queries: self.queries.clone(),
            every: self.every,
        })
    }

    /// True while a query is being typed (the keys type).
    pub fn is_typing(&self) -> bool {
        matches!(self.level, Level::Adding(_))
    }

    /// The point at the cursor.
    pub fn point(&self) -> Option<&Point> {
        self.points.as_ref()?.get(self.step)
    }

    /// Takes the worker's answer to request `generation`; false when the
    /// view waits for another.
    pub fn receive(&mut self, generation: u64, found: Result<Found, String>) -> bool {
        if self.waiting != Some(generation) {
            return false;
        }
        self.waiting = None;
        match found {
            Ok(Found::Points(points)) => {
                self.step = match self.anchor.take() {
                    Some(day) => points
                        .iter()
                        .position(|p| p.step.day >= day)
                        .unwrap_or(points.len().saturating_sub(1)),
                    None => 0,
                };
                self.points = Some(points);
            }
            Ok(Found::Split(split)) => {
                if let Level::Companies(companies) = &mut self.level {
                    companies.split = Some(split);
                    companies.selected = 0;
                }
            }
            Err(message) => self.error = Some(message),
        }
        true
    }

    /// Handles a key; `page` is the number of companies listed at once.
    pub fn handle(&mut self, action: Action, page: usize) -> Outcome {
        self.error = None;
        match &mut self.level {
            Level::Adding(text) => match action {
                Action::SearchInput(c) => text.push(c),
                Action::SearchBackspace => {
                    text.pop();
                }
                Action::SearchClearWord | Action::Top => text.clear(),
                Action::Activate => return self.add_query(),
                Action::Escape if self.queries.is_empty() => return Outcome::Close,
                Action::Escape => self.level = Level::Chart,
                _ => {}
            },
            Level::Companies(companies) => {
                let len = companies.len();
                if super::list::step(&mut companies.selected, len, &action, page) {
                    return Outcome::Stay;
                }
                match action {
                    Action::Activate => {
                        if let Some(company) = companies.company() {
                            return Outcome::Open {
                                company: company.to_string(),
                                day: companies.day,
                            };
                        }
                    }
                    Action::Collapse | Action::Expand => {
                        return self.move_step(matches!(action, Action::Expand))
                    }
                    Action::Escape => self.level = Level::Chart,
                    _ => {}
                }
            }
            Level::Chart => return self.chart_key(action),
        }
        Outcome::Stay
    }

    fn chart_key(&mut self, action: Action) -> Outcome {
        let last_query = self.queries.len().saturating_sub(1);
        let last_step = self
            .points
            .as_ref()
            .map_or(0, |p| p.len().saturating_sub(1));
        match action {
            Action::Collapse | Action::Expand => {
                return self.move_step(matches!(action, Action::Expand))
            }
            Action::Top => self.step = 0,
            Action::Bottom => self.step = last_step,
            Action::Down | Action::ScrollDown { .. } => {
                self.query = (self.query + 1).min(last_query)
            }
            Action::Up | Action::ScrollUp { .. } => self.query = self.query.saturating_sub(1),
            Action::Activate => return self.list_companies(),
            Action::TrendEvery => {
                self.every = match self.every {
                    Every::Year => Every::Quarter,
                    Every::Quarter => Every::Month,
                    Every::Month => Every::Year,
                };
                return self.points_work();
            }
            Action::AddQuery if self.queries.len() >= MAX_QUERIES => {
                self.error = Some(format!("at most {MAX_QUERIES} queries in one chart"))
            }
            Action::AddQuery => self.level = Level::Adding(String::new()),
            Action::DropQuery if self.queries.len() > 1 => {
                self.queries.remove(self.query.min(last_query));
                self.query = self.query.min(last_query - 1);
                return self.points_work();
            }
            Action::DropQuery => self.error = Some("the chart keeps at least one query".into()),
            Action::Escape => return Outcome::Close,
            _ => {}
        }
        Outcome::Stay
    }

    /// `←` / `→`: the step before or after, and in the companies list, its
    /// companies.
    fn move_step(&mut self, later: bool) -> Outcome {
        let Some(points) = &self.points else {
            return Outcome::Stay;
        };
        let last = points.len().saturating_sub(1);
        self.step = match later {
            true => (self.step + 1).min(last),
            false => self.step.saturating_sub(1),
        };
        match self.level {
            Level::Companies(_) => self.list_companies(),
            _ => Outcome::Stay,
        }
    }

    /// Enter on the chart: the companies at the cursor's step, split by
    /// the selected query.
    fn list_companies(&mut self) -> Outcome {
        let (Some(point), Some(text)) = (self.point(), self.queries.get(self.query)) else {
            return Outcome::Stay;
        };
        let (day, text) = (point.step.day, text.clone());
        self.level = Level::Companies(Companies {
            query: self.query,
            day,
            split: None,
            selected: 0,
        });
        Outcome::Run(Work::Split { query: text, day })
    }

    /// Enter while typing: adds the query and counts again.
    fn add_query(&mut self) -> Outcome {
        let Level::Adding(text) = &self.level else {
            return Outcome::Stay;
        };
        let text = text.trim().to_string();
        if query::parse_lenient(&text).is_none() {
            self.error = Some("type a query to add, as in the search bar".into());
            return Outcome::Stay;
        }
        self.queries.push(text);
        self.query = self.queries.len() - 1;
        self.level = Level::Chart;
        self.points_work()
    }
}

impl App {
    /// `T`: the trend of the current query.
    pub(super) fn open_trend(&mut self) -> Option<Effect> {
        if self.data.index.is_none() {
            self.message = Some(super::categories::NOT_READY.into());
            return None;
        }
        let mut view = TrendView::new(&self.search.query);
        let outcome = view.points_work();
        self.overlay = Overlay::Trend(Box::new(view));
        self.trend_outcome(outcome)
    }

    pub(super) fn trend_input(&mut self, action: Action) -> Option<Effect> {
        let page = usize::from(self.size.1.saturating_sub(6)).max(1);
        let Overlay::Trend(view) = &mut self.overlay else {
            return None;
        };
        let outcome = view.handle(action, page);
        self.trend_outcome(outcome)
    }

    /// A worker's answer: kept when the open view waits for it.
    pub(super) fn trend_found(&mut self, generation: u64, found: Result<Found, String>) {
        if let Overlay::Trend(view) = &mut self.overlay {
            view.receive(generation, found);
        }
    }

    fn trend_outcome(&mut self, outcome: Outcome) -> Option<Effect> {
        match outcome {
            Outcome::Stay => {}
            Outcome::Close => self.overlay = Overlay::None,
            Outcome::Run(work) => {
                self.requests += 1;
                let generation = self.requests;
                if let Overlay::Trend(view) = &mut self.overlay {
                    view.waiting = Some(generation);
                }
                return Some(Effect::Trend { generation, work });
            }
            Outcome::Open { company, day } => self.open_in_force(&company, day),
        }
        None
    }

    /// Opens the newest version of `company` dated on or before `day` in
    /// the clause view.
    fn open_in_force(&mut self, company: &str, day: Day) {
        let (Some(corpus), Some(tree)) = (&self.data.corpus, &self.data.tree) else {
            return;
        };
        let version = tree
            .companies
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(company))
            .and_then(|(_, versions)| {
                versions
                    .iter()
                    .map(|&p| (Day::of_date(corpus.meta(p).date.as_deref()), p))
                    .filter(|(d, _)| d.date().is_some() && *d <= day)
                    .max()
            });
        let Some((_, p)) = version else {
            self.message = Some(format!("{company} has no version in force on {day}"));
            return;
        };
        self.overlay = Overlay::None;
        let node = Node::Version(p);
        self.reveal(node);
        if self
            .tree_rows()
            .get(self.browse.tree_selected)
            .map(|r| r.node)
            == Some(node)
        {
            self.select_tree_row(self.browse.tree_selected);
        } else {
            self.browse.doc_policy = Some(p);
            self.browse.doc_scroll = 0;
            self.cursor_to_view();
        }
        self.browse.focus = Pane::Clauses;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn points(labels: &[&str]) -> Vec<Point> {
        labels
            .iter()
            .map(|label| Point {
                step: trend::Step {
                    label: label.to_string(),
                    day: format!("{label}-12-31").parse().unwrap(),
                },
                companies: 2,
                matching: vec![1],
            })
            .collect()
    }

    #[test]
    fn esc_goes_back_a_level_and_typing_the_first_query_closes() {
        let mut view = TrendView::new("  ");
        assert!(view.is_typing());
        assert_eq!(view.handle(Action::Escape, 10), Outcome::Close);
        let mut view = TrendView::new("cookies");
        view.handle(Action::AddQuery, 10);
        assert!(view.is_typing());
        assert_eq!(view.handle(Action::Escape, 10), Outcome::Stay);
        assert_eq!(view.level, Level::Chart);
        assert_eq!(view.handle(Action::Escape, 10), Outcome::Close);
    }

    #[test]
    fn a_stale_answer_is_dropped_and_the_cursor_keeps_its_day() {
        let mut view = TrendView::new("cookies");
        view.waiting = Some(2);
        assert!(!view.receive(1, Ok(Found::Points(points(&["2019", "2020"])))));
        assert!(view.points.is_none());
        assert!(view.receive(2, Ok(Found::Points(points(&["2019", "2020"])))));
        view.handle(Action::Expand, 10);
        assert!(matches!(
            view.handle(Action::TrendEvery, 10),
            Outcome::Run(_)
        ));
        view.waiting = Some(3);
        view.receive(3, Ok(Found::Points(points(&["2018", "2019", "2020"]))));
        assert_eq!(view.point().map(|p| p.step.label.as_str()), Some("2020"));
    }

    #[test]
    fn the_chart_keeps_one_query_and_refuses_a_fifth() {
        let mut view = TrendView::new("cookies");
        assert_eq!(view.handle(Action::DropQuery, 10), Outcome::Stay);
        assert_eq!(view.queries, ["cookies"]);
        assert!(view.error.is_some());
        for q in ["a", "b", "c"] {
            view.handle(Action::AddQuery, 10);
            view.handle(Action::SearchInput(q.chars().next().unwrap()), 10);
            assert!(matches!(view.handle(Action::Activate, 10), Outcome::Run(_)));
        }
        view.handle(Action::AddQuery, 10);
        assert!(!view.is_typing());
        assert_eq!(view.queries.len(), MAX_QUERIES);
    }
}
