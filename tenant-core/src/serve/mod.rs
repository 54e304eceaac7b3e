//! Serving requests: web framework integrations (feature `axum`), the highest layer.

#[cfg(feature = "axum")]
pub mod axum;
