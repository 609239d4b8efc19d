//! The tree model: companies → dated versions → sections, flattened into
//! the rows currently visible given what is expanded and filtered.

use crate::corpus::{company_order, Corpus};
use crate::index::Hit;
use std::collections::{HashMap, HashSet};

/// A node of the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Node {
    /// Index into the company list.
    Company(usize),
    /// Index of a policy version.
    Version(usize),
    /// A section: policy index and section index.
    Section(usize, usize),
}

/// A node named independently of positions in one corpus listing, so
/// that it is found again in a newer listing of the same corpus.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum NodeKey {
    /// A company, lower-cased.
    Company(String),
    /// A version, `company@date` lower-cased.
    Version(String),
    /// A section of a version, by index.
    Section(String, usize),
}

impl NodeKey {
    /// The key as a session keeps it: `company`, `company@date` or
    /// `company@date#section`.
    pub fn to_text(&self) -> String {
        match self {
            NodeKey::Company(name) => name.clone(),
            NodeKey::Version(reference) => reference.clone(),
            NodeKey::Section(reference, s) => format!("{reference}#{s}"),
        }
    }

    /// Reads a key written by [`NodeKey::to_text`].
    pub fn from_text(text: &str) -> NodeKey {
        if !text.contains('@') {
            return NodeKey::Company(text.to_string());
        }
        match text.rsplit_once('#').map(|(r, s)| (r, s.parse())) {
            Some((reference, Ok(s))) => NodeKey::Section(reference.to_string(), s),
            _ => NodeKey::Version(text.to_string()),
        }
    }
}

/// One visible row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The node the row shows.
    pub node: Node,
    /// Indent level: 0 for a company, 1 for a version, 2 and more for sections.
    pub depth: usize,
    /// The text shown.
    pub label: String,
    /// True if the node has children to show.
    pub expandable: bool,
    /// True if the node's children are shown.
    pub expanded: bool,
    /// Search hits under the node (0 without a search).
    pub hits: usize,
}

/// Companies and where every node sits, built once per corpus.
pub struct TreeModel {
    /// Company names and their policy indexes, oldest first.
    pub companies: Vec<(String, Vec<usize>)>,
    /// Company index of each policy.
    pub company_of: Vec<usize>,
}

impl TreeModel {
    /// Groups the corpus's policies by company.
    pub fn new(corpus: &Corpus) -> TreeModel {
        let mut companies: Vec<(String, Vec<usize>)> = Vec::new();
        let mut company_of = vec![0; corpus.len()];
        for (i, of) in company_of.iter_mut().enumerate() {
            let company = &corpus.meta(i).company;
            match companies.last_mut() {
                Some((name, versions)) if name.eq_ignore_ascii_case(company) => versions.push(i),
                _ => companies.push((company.clone(), vec![i])),
            }
            *of = companies.len() - 1;
        }
        TreeModel {
            companies,
            company_of,
        }
    }

    /// The name of `node`, to find it again in another listing.
    pub fn key_of(&self, corpus: &Corpus, node: Node) -> Option<NodeKey> {
        let reference = |p: usize| corpus.meta(p).reference().to_lowercase();
        Some(match node {
            Node::Company(c) => NodeKey::Company(self.companies.get(c)?.0.to_lowercase()),
            Node::Version(p) if p < corpus.len() => NodeKey::Version(reference(p)),
            Node::Section(p, s) if p < corpus.len() => NodeKey::Section(reference(p), s),
            _ => return None,
        })
    }

    /// The node named `key` in this listing, if it is still there.
    pub fn node_of(&self, corpus: &Corpus, key: &NodeKey) -> Option<Node> {
        match key {
            NodeKey::Company(name) => {
                let start = self
                    .companies
                    .partition_point(|(n, _)| company_order(n, name).is_lt());
                self.companies[start..]
                    .iter()
                    .take_while(|(n, _)| company_order(n, name).is_eq())
                    .position(|(n, _)| n.to_lowercase() == *name)
                    .map(|i| Node::Company(start + i))
            }
            NodeKey::Version(reference) => self.policy_named(corpus, reference).map(Node::Version),
            NodeKey::Section(reference, s) => self
                .policy_named(corpus, reference)
                .map(|p| Node::Section(p, *s)),
        }
    }

    /// The policy whose reference is `reference` (case-insensitive).
    pub fn policy_named(&self, corpus: &Corpus, reference: &str) -> Option<usize> {
        corpus.find_reference(reference).last()
    }

    /// The parent of a node.
    pub fn parent(&self, corpus: &Corpus, node: Node) -> Option<Node> {
        match node {
            Node::Company(_) => None,
            Node::Version(p) => Some(Node::Company(self.company_of[p])),
            Node::Section(p, s) => Some(match corpus.policy(p).sections[s].parent {
                Some(parent) => Node::Section(p, parent),
                None => Node::Version(p),
            }),
        }
    }

    /// The node and all its ancestors, root first.
    pub fn path_to(&self, corpus: &Corpus, node: Node) -> Vec<Node> {
        let mut path = vec![node];
        while let Some(parent) = self.parent(corpus, *path.last().unwrap_or(&node)) {
            path.push(parent);
        }
        path.reverse();
        path
    }

    /// Where a hit belongs: (policy, section, clause index in the policy).
    pub fn locate(
        &self,
        corpus: &Corpus,
        hit: &Hit,
    ) -> Option<(usize, Option<usize>, Option<usize>)> {
        let (reference, rest) = hit.id.split_once('/')?;
        let policy = self.policy_named(corpus, reference)?;
        let (path, ordinal) = match rest.split_once('#') {
            Some((path, ordinal)) => (path, ordinal.parse::<usize>().ok()),
            None => (rest, None),
        };
        let p = corpus.policy(policy);
        let section = if path.is_empty() {
            None
        } else {
            p.section_by_path(path)
        };
        let clause = ordinal.and_then(|o| {
            p.clauses
                .iter()
                .position(|c| c.section == section && c.ordinal == o)
        });
        Some((policy, section, clause))
    }

    /// The policy a hit belongs to, found without parsing it.
    pub fn policy_of(&self, corpus: &Corpus, hit: &Hit) -> Option<usize> {
        let (reference, _) = hit.id.split_once('/')?;
        self.policy_named(corpus, reference)
    }

    /// Hit counts per node: companies, versions, and every enclosing
    /// section of the policies parsed so far (none is parsed to count).
    pub fn hit_counts(&self, corpus: &Corpus, hits: &[Hit]) -> HashMap<Node, usize> {
        let mut counts = HashMap::new();
        for hit in hits {
            let Some(policy) = self.policy_of(corpus, hit) else {
                continue;
            };
            let section = if corpus.is_parsed(policy) {
                self.locate(corpus, hit).and_then(|(_, section, _)| section)
            } else {
                None
            };
            let leaf = section.map_or(Node::Version(policy), |s| Node::Section(policy, s));
            for node in self.path_to(corpus, leaf) {
                *counts.entry(node).or_insert(0) += 1;
            }
        }
        counts
    }

    /// The visible rows: nodes `keep` accepts, below expanded nodes.
    pub fn rows(
        &self,
        corpus: &Corpus,
        expanded: &HashSet<Node>,
        counts: &HashMap<Node, usize>,
        keep: &dyn Fn(&Node) -> bool,
    ) -> Vec<Row> {
        let mut rows = Vec::new();
        for (c, (name, versions)) in self.companies.iter().enumerate() {
            let node = Node::Company(c);
            if !keep(&node) {
                continue;
            }
            let open = expanded.contains(&node);
            rows.push(row(node, 0, name.clone(), true, open, counts));
            if !open {
                continue;
            }
            for &p in versions {
                let node = Node::Version(p);
                if !keep(&node) {
                    continue;
                }
                let label = corpus
                    .meta(p)
                    .date
                    .clone()
                    .unwrap_or_else(|| "undated".to_string());
                let open = expanded.contains(&node);
                let sections = if corpus.is_parsed(p) {
                    corpus.policy(p).sections.len()
                } else {
                    corpus.listing(p).sections
                };
                rows.push(row(node, 1, label, sections > 0, open, counts));
                if open {
                    self.section_rows(corpus, p, None, 2, expanded, counts, keep, &mut rows);
                }
            }
        }
        rows
    }

    #[allow(clippy::too_many_arguments)]
    fn section_rows(
        &self,
        corpus: &Corpus,
        p: usize,
        parent: Option<usize>,
        depth: usize,
        expanded: &HashSet<Node>,
        counts: &HashMap<Node, usize>,
        keep: &dyn Fn(&Node) -> bool,
        rows: &mut Vec<Row>,
    ) {
        let policy = corpus.policy(p);
        for s in policy.children(parent) {
            let node = Node::Section(p, s);
            if !keep(&node) {
                continue;
            }
            let has_children = policy.children(Some(s)).next().is_some();
            let open = expanded.contains(&node);
            rows.push(row(
                node,
                depth,
                policy.sections[s].title.clone(),
                has_children,
                open,
                counts,
            ));
            if open && has_children {
                self.section_rows(corpus, p, Some(s), depth + 1, expanded, counts, keep, rows);
            }
        }
    }
}

fn row(
    node: Node,
    depth: usize,
    label: String,
    expandable: bool,
    expanded: bool,
    counts: &HashMap<Node, usize>,
) -> Row {
    Row {
        node,
        depth,
        label,
        expandable,
        expanded,
        hits: counts.get(&node).copied().unwrap_or(0),
    }
}
