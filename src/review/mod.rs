//! Review sessions: flags, notes and reviewed marks on clauses, saved at
//! once and atomically, anchored to the policy text they were made on so
//! they follow it through edits, and exported with precise citations.

pub(crate) mod anchor;
pub(crate) mod draft;
pub(crate) mod export;
pub mod model;
pub mod snapshot;
pub(crate) mod store;

pub use anchor::{anchor, finding_at, Anchored, Status};
pub use draft::Draft;
pub use model::{Finding, Position, Session, ViewLayout};
pub use store::ReviewStore;
