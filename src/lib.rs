//! clause: load, outline, index, search, review and compare website
//! privacy policies.
//!
//! The library is used by the `clause` binary and by the tests. The core
//! modules (`corpus`, `index`, `review`, `versions`) never touch the
//! terminal; `tui` and `commands` are the edges that do.

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
