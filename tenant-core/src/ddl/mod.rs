//! The schema a derived struct makes: `CREATE TABLE` and constraint names (`schema`),
//! PostgreSQL row-level security (`rls`), Citus distribution (`citus`), and all of it as one
//! ordered list of statements (`migration`).

pub mod citus;
pub mod migration;
pub mod rls;
pub(crate) mod schema;
