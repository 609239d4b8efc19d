//! `n` / `N` under a category filter (with no search): the clauses of the
//! category, one after the other, within the policy shown and then in the
//! newest policy of each company the index counts clauses of it for. Only
//! the policies stepped through are parsed and categorised.

use super::app::App;
use super::tree::Node;
use crate::categories::Category;

impl App {
    /// Moves the cursor to the next (or previous) clause of the filter's
    /// category, and says where it is.
    pub(super) fn step_category(&mut self, forward: bool) {
        let Some(category) = self.filters.category else {
            return;
        };
        let Some(p) = self.browse.doc_policy else {
            return;
        };
        let cursor = self.browse.doc_cursor;
        let mut found = self.clause_of(p, category, cursor, forward);
        if found.is_none() {
            found = self
                .walk_order(p, forward)
                .into_iter()
                .find_map(|q| self.clause_of(q, category, None, forward));
        }
        let Some((p, c)) = found else {
            self.message = Some(format!("no clause of {category} to go to"));
            return;
        };
        if !self.data.tags.contains_key(&p) {
            self.remember_tags(p);
            self.count_category();
        }
        self.open_clause(p, c);
        let tags = self.policy_tags(p);
        let of: Vec<usize> = (0..tags.len())
            .filter(|&i| tags[i].contains(category))
            .collect();
        let at = of.iter().position(|&i| i == c).map_or(0, |i| i + 1);
        let reference = self
            .data
            .corpus
            .as_ref()
            .map(|corpus| corpus.meta(p).reference())
            .unwrap_or_default();
        self.message = Some(format!(
            "{category}: clause {at}/{} in {reference} (n/N next/previous)",
            of.len()
        ));
    }

    /// The first clause of `category` in policy `p` after `from` (before
    /// it going back; from the start or the end when `from` is `None`).
    fn clause_of(
        &self,
        p: usize,
        category: Category,
        from: Option<usize>,
        forward: bool,
    ) -> Option<(usize, usize)> {
        let tags = self.policy_tags(p);
        let has = |c: &usize| tags.get(*c).is_some_and(|set| set.contains(category));
        let c = if forward {
            let start = from.map_or(0, |c| c + 1);
            (start..tags.len()).find(has)
        } else {
            let end = from.unwrap_or(tags.len()).min(tags.len());
            (0..end).rev().find(has)
        };
        c.map(|c| (p, c))
    }

    /// The newest policy of every company with clauses of the filter's
    /// category, in the order `n` (or `N`) visits them after policy `p`:
    /// the companies after `p`'s (before it, going back), then round from
    /// the other end; `p` itself is left out.
    fn walk_order(&self, p: usize, forward: bool) -> Vec<usize> {
        let Some(tree) = &self.data.tree else {
            return Vec::new();
        };
        let at = tree.company_of.get(p).copied().unwrap_or(0);
        let newest = tree
            .companies
            .iter()
            .enumerate()
            .filter_map(|(c, (_, versions))| {
                let counted = self.filters.category_counts.contains_key(&Node::Company(c));
                versions.last().filter(|_| counted).map(|&q| (c, q))
            });
        let (mut after, mut before): (Vec<_>, Vec<_>) = if forward {
            newest.partition(|&(c, _)| c > at)
        } else {
            let (before, after): (Vec<_>, Vec<_>) = newest.partition(|&(c, _)| c < at);
            (
                before.into_iter().rev().collect(),
                after.into_iter().rev().collect(),
            )
        };
        after.append(&mut before);
        after
            .into_iter()
            .map(|(_, q)| q)
            .filter(|&q| q != p)
            .collect()
    }
}
