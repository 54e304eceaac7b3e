//! Operations on a live database (feature `audit`): the audit of its schema against the structs,
//! and the adoption of tenant on an existing database.

pub mod audit;
pub mod migrate;
#[cfg(feature = "testing")]
pub mod testing;
