//! clause: load, outline, index, search, review and compare website
//! privacy policies.
//!
//! The library is used by the `clause` binary and by the tests. The core
//! modules (`corpus`, `index`, `review`, `versions`) never touch the
//! terminal; `tui` and `commands` are the edges that do.

// The library's surface: every public item documented, nothing marked
// `pub` that the crate's users cannot reach (the tests' and benches'
// helper modules are not held to it).
#![warn(missing_docs, unreachable_pub)]

pub mod categories;
pub mod cli;
pub mod commands;
pub mod compare;
pub mod corpus;
pub mod error;
pub mod index;
pub mod inputs;
pub mod review;
pub mod tagging;
pub mod text;
pub mod trend;
pub mod tui;
pub mod versions;
