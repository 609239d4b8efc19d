//! Review sessions: flags, notes and reviewed marks on clauses, saved at
//! once and atomically, anchored to clause text so they survive policy
//! edits, and exported with precise citations.

pub mod export;
pub mod model;
pub mod store;

pub use model::{Anchored, Finding, Position, Session, Status};
pub use store::ReviewStore;
