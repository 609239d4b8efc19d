//! clause: load, outline, index and search website privacy policies.
//!
//! The library is used by the `clause` binary and by the tests; it never
//! touches the terminal itself (see `tui` for that).

pub mod cli;
pub mod commands;
pub mod corpus;
pub mod error;
pub mod index;
pub mod output;
pub mod review;
pub mod tui;
pub mod versions;
