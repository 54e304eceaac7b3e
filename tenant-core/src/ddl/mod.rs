//! The schema a derived struct makes: `CREATE TABLE` and constraint names (`schema`),
//! PostgreSQL row-level security (`rls`) and Citus distribution (`citus`).

pub mod citus;
pub mod rls;
pub(crate) mod schema;
