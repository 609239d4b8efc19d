//! A policy slot that is parsed the first time it is read: a corpus can
//! list 100,000 policies from an index's catalog and parse only the few a
//! reader opens.

use super::model::{Policy, PolicyMeta};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// Reads and parses a policy from its source (a path or `embedded:NAME`).
pub type Opener = Box<dyn Fn(&PolicyMeta) -> Result<Policy, String> + Send + Sync>;

/// What is known of a policy without parsing it.
#[derive(Debug, Clone)]
pub struct Listing {
    /// The policy's metadata (company, date, source).
    pub meta: PolicyMeta,
    /// Number of sections in the parsed policy.
    pub sections: usize,
    /// Number of clauses in the parsed policy.
    pub clauses: usize,
}

/// One policy of a corpus: its listing, and the parsed policy once read.
pub(super) struct Slot {
    pub listing: Listing,
    parsed: OnceLock<Policy>,
    error: OnceLock<String>,
}

impl Slot {
    /// A slot whose policy is already parsed.
    pub(crate) fn parsed(policy: Policy) -> Slot {
        let listing = Listing {
            meta: policy.meta.clone(),
            sections: policy.sections.len(),
            clauses: policy.clauses.len(),
        };
        let parsed = OnceLock::new();
        let _ = parsed.set(policy);
        Slot {
            listing,
            parsed,
            error: OnceLock::new(),
        }
    }

    /// A slot parsed on first read.
    pub(crate) fn listed(listing: Listing) -> Slot {
        Slot {
            listing,
            parsed: OnceLock::new(),
            error: OnceLock::new(),
        }
    }

    /// The policy, parsed with `open` on first read (counted in `parsed`).
    /// A policy that cannot be read any more is empty, and [`Slot::error`]
    /// says why.
    pub(crate) fn policy(&self, open: Option<&Opener>, parsed: &AtomicUsize) -> &Policy {
        self.parsed.get_or_init(|| {
            parsed.fetch_add(1, Ordering::Relaxed);
            let opened = match open {
                Some(open) => open(&self.listing.meta),
                None => Err("no reader for this corpus".to_string()),
            };
            opened.unwrap_or_else(|error| {
                let _ = self.error.set(error);
                Policy {
                    meta: self.listing.meta.clone(),
                    sections: Vec::new(),
                    clauses: Vec::new(),
                    furniture: Vec::new(),
                    text_len: 0,
                }
            })
        })
    }

    /// True once the policy has been parsed.
    pub(crate) fn is_parsed(&self) -> bool {
        self.parsed.get().is_some()
    }

    /// Why the policy could not be read, if it could not.
    pub(crate) fn error(&self) -> Option<&str> {
        self.error.get().map(String::as_str)
    }
}
