//! A page's date from a date `<meta>` tag (its "last updated" line is
//! read by the corpus parser, like any policy's).

use crate::text::dates::{is_date, parse_date};
use markup5ever_rcdom::{Handle, NodeData};

/// `<meta>` names and properties that carry a page's date.
const DATE_METAS: &[&str] = &[
    "article:modified_time",
    "og:updated_time",
    "dcterms.modified",
    "last-modified",
    "date",
    "dc.date",
    "article:published_time",
];

/// The date of the first date `<meta>` tag under `root`.
pub(super) fn from_meta(root: &Handle) -> Option<String> {
    let mut stack = vec![root.clone()];
    while let Some(node) = stack.pop() {
        if let NodeData::Element { name, attrs, .. } = &node.data {
            if &*name.local == "meta" {
                let attrs = attrs.borrow();
                let get = |key: &str| {
                    attrs
                        .iter()
                        .find(|a| &*a.name.local == key)
                        .map(|a| a.value.to_lowercase())
                };
                let key = get("name")
                    .or_else(|| get("property"))
                    .or_else(|| get("http-equiv"));
                if key.is_some_and(|k| DATE_METAS.contains(&k.as_str())) {
                    if let Some(date) = get("content").and_then(|c| meta_date(&c)) {
                        return Some(date);
                    }
                }
            }
            if &*name.local == "body" {
                continue;
            }
        }
        stack.extend(node.children.borrow().iter().rev().cloned());
    }
    None
}

/// A `<meta>` date: ISO 8601 (`2021-03-04T10:00:00Z`) or as written.
fn meta_date(content: &str) -> Option<String> {
    match content.get(..10) {
        Some(day) if is_date(day) => Some(day.to_string()),
        _ => parse_date(content),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_dates_in_iso_and_written_forms() {
        assert_eq!(
            meta_date("2020-01-31t10:00:00z").as_deref(),
            Some("2020-01-31")
        );
        assert_eq!(meta_date("march 4, 2021").as_deref(), Some("2021-03-04"));
        assert_eq!(meta_date("soon"), None);
    }
}
