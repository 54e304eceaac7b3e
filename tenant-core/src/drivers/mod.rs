//! Thin ways to run a scoped [`Statement`](crate::query::Statement) on a driver, values bound.

#[cfg(any(feature = "organizations", feature = "audit"))]
pub mod executor;
#[cfg(feature = "postgres")]
pub mod postgres;
#[cfg(feature = "rusqlite")]
pub mod rusqlite;
#[cfg(feature = "sqlx")]
pub mod sqlx;
