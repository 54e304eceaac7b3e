//! Citus: from one PostgreSQL to many, with no query change.
//!
//! Distribute the organizations table by its id, every tenant table by its tenant column
//! co-located with it, and every global table as a reference table (a copy on each node):
//! then every statement the scoped builders write names one organization and runs on the one
//! shard that holds it (a *router* query). Tables from
//! [`create_table`](crate::TenantScoped::create_table) qualify: their primary key and unique
//! constraints start with the tenant column, and their composite foreign keys point at
//! co-located tables.
//!
//! In a migration, in this order: the organizations table and [`organizations`]; then for each
//! tenant table `create_table()`, [`TenantScoped::distribute`],
//! `create_indexes()` and `row_level_security()`; for each global table `create_table()` and
//! [`reference()`]. Statements built with [`Unscoped`](crate::Unscoped) name no organization and
//! run on every shard.
//!
//! ```
//! use tenant_core::{GlobalTable, TenantScoped, uuid::Uuid};
//!
//! #[derive(TenantScoped)]
//! struct Project {
//!     id: Uuid,
//!     organization_id: Uuid,
//! }
//!
//! #[derive(GlobalTable)]
//! struct Plan {
//!     id: Uuid,
//! }
//!
//! assert_eq!(
//!     tenant_core::citus::organizations::<Project>(),
//!     "SELECT create_distributed_table('organizations', 'id')"
//! );
//! assert_eq!(
//!     Project::distribute(),
//!     ["SELECT create_distributed_table('projects', 'organization_id', colocate_with => 'organizations')"]
//! );
//! assert_eq!(tenant_core::citus::reference::<Plan>(), "SELECT create_reference_table('plans')");
//! ```

use crate::schema::Organizations;
use crate::{GlobalTable, TenantScoped};

/// `schema.table` or `table`: plain identifiers (the derive checked them), so a text literal
/// that PostgreSQL reads as a `regclass` needs no escaping.
fn regclass(schema: Option<&str>, table: &str) -> String {
    match schema {
        Some(schema) => format!("{schema}.{table}"),
        None => table.to_owned(),
    }
}

fn organizations_table(organizations: &Organizations) -> String {
    regclass(organizations.schema, organizations.table)
}

/// `SELECT create_distributed_table('<organizations table>', '<its id column>')`: the
/// organizations table that `T`'s tenant column references, distributed by its id. Run it
/// once, before the tenant tables.
pub fn organizations<T: TenantScoped>() -> String {
    distribute_organizations(&T::__TABLE.organizations)
}

/// [`organizations`], for the organizations table a tenant table's record names.
pub(crate) fn distribute_organizations(organizations: &Organizations) -> String {
    format!(
        "SELECT create_distributed_table('{}', '{}')",
        organizations_table(organizations),
        organizations.column
    )
}

/// `SELECT create_distributed_table('<table>', '<tenant column>', colocate_with => '<organizations
/// table>')`: what [`TenantScoped::distribute`] returns.
pub(crate) fn distribute<T: TenantScoped>() -> Vec<String> {
    vec![format!(
        "SELECT create_distributed_table('{}', '{}', colocate_with => '{}')",
        regclass(T::SCHEMA, T::TABLE),
        T::TENANT_COLUMN,
        organizations_table(&T::__TABLE.organizations),
    )]
}

/// `SELECT create_reference_table('<table>')`: a global table, copied to every node, so that
/// a scoped select joins it on the shard it runs on.
pub fn reference<G: GlobalTable>() -> String {
    format!(
        "SELECT create_reference_table('{}')",
        regclass(G::SCHEMA, G::TABLE)
    )
}
