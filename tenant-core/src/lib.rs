//! Row-level multi-tenancy that cannot be forgotten.
//!
//! Every tenant-owned table carries an organization column; every query on it must filter by
//! the active organization. `tenant-core` makes that a property of the types:
//! `#[derive(TenantScoped)]` refuses a struct without a tenant column, and the only query builders
//! it provides — [`select`](TenantScoped::select), [`find`](TenantScoped::find),
//! [`insert`](TenantScoped::insert), [`update`](TenantScoped::update),
//! [`delete`](TenantScoped::delete) — take a [`Scope`] and AND its predicate into the statement
//! (or stamp it on inserted rows). Nothing chained on them can widen a query past its
//! organization.
//!
//! ```
//! use tenant_core::{Scope, TenantScoped};
//! use tenant_core::sea_query::{Expr, ExprTrait, PostgresQueryBuilder};
//! use tenant_core::uuid::Uuid;
//!
//! #[derive(TenantScoped)]
//! pub struct Project {
//!     pub id: Uuid,
//!     pub organization_id: Uuid,
//!     pub name: String,
//! }
//!
//! let scope = Scope::new(Uuid::from_u128(7))?;
//! let (sql, values) = Project::select(&scope)
//!     .and_where(Expr::col(ProjectIden::Name).eq("roadmap"))
//!     .build(PostgresQueryBuilder);
//! assert_eq!(
//!     sql,
//!     r#"SELECT "id", "organization_id", "name" FROM "projects" WHERE "projects"."organization_id" = $1 AND ("name" = $2)"#
//! );
//! assert_eq!(values.0.len(), 2);
//! # Ok::<(), tenant_core::TenantError>(())
//! ```
//!
//! # Attributes
//!
//! On the struct, `#[tenant(...)]` takes:
//!
//! | key | meaning | default |
//! |---|---|---|
//! | `table = "name"` or `"schema.name"` | the table | snake_case plural of the struct name (`Project` → `projects`, `Category` → `categories`) |
//! | `column = "field"` | the field that holds the organization id | `organization_id` |
//! | `crate = "path"` | where `tenant_core` is, when it is re-exported | `::tenant_core` |
//! | `unique = "field, field"` (repeatable) | [`create_table`](TenantScoped::create_table) adds `UNIQUE (tenant, fields...)` | none |
//! | `organizations = "table(column)"` or `"schema.table(column)"` | what the tenant column's foreign key references | `organizations(id)` |
//! | `on_delete_cascade` | deleting an organization deletes its rows | no cascade |
//! | `from_row` | rows decode into the struct by column name on every enabled driver: `sqlx::FromRow` (`tx.fetch_all_as`, `sqlx::query_as`), `TryFrom<&postgres::Row>` (`BoundTransaction::query_as`), `TryFrom<&rusqlite::Row>` (`rusqlite::query_as`); skipped fields take their `Default` | no decoding (say it when you derive `sqlx::FromRow` yourself) |
//!
//! On a field:
//!
//! | key | meaning |
//! |---|---|
//! | `primary_key` | the field is (part of) the primary key; without it, a field named `id` is |
//! | `rename = "column"` | the column name, when it differs from the field name |
//! | `skip` | the field is not a column: never read, written or compared |
//! | `unique` | the column is unique within an organization: `UNIQUE (tenant, column)` |
//! | `references = "Struct"` | the field holds the key of a `Struct` row of the same organization: the composite foreign key `(tenant, field) → table(tenant, key)`, checked at compile time |
//!
//! Table and column names must be plain SQL identifiers (`[A-Za-z_][A-Za-z0-9_]*`, at most 63
//! bytes); anything else is a compile error, so identifiers never need escaping.
//!
//! The tenant field's type must implement [`TenantKey`]: [`uuid::Uuid`], an alias of it, or your
//! own newtype. The tenant column cannot be skipped, renamed or part of the primary key.
//!
//! # What the derive generates
//!
//! For `struct Project`: the enum `ProjectIden` with a variant `Table` and one variant per column
//! (UpperCamelCase of the field name, as sea-query's `#[enum_def]` names them) implementing
//! [`sea_query::Iden`]; the tenant column is the associated constant
//! `ProjectIden::OrganizationId` of type [`TenantColumn`], so conditions and ordering can name it
//! but [`Update::set`](query::Update::set) cannot; `impl TenantScoped for Project`; and
//! `impl References<Target> for Project` for each struct exactly one field references, which
//! [`Select::join_referenced`](query::Select::join_referenced) joins along.
//!
//! # Running statements
//!
//! The driver features run any finished statement their backend can run
//! ([`query::StatementFor`]) with its values bound:
//! `rusqlite` (SQLite), `postgres` (sync, with `transaction` for [row-level security](rls)),
//! `sqlx-postgres` and `sqlx-mysql` (async; on PostgreSQL a request works in a
//! `sqlx::BoundTransaction`, which `orgs::enter_transaction` makes after checking the
//! membership). Otherwise use `build(backend)` and bind the returned
//! values yourself, or hand a binder the statement from `as_statement()`. `to_string(backend)`
//! inlines values, for logs only. `with-chrono` and `with-time` add date and time column types.
//!
//! # Beyond one table
//!
//! - [`query::Select`] joins (`join`, `join_referenced`, `join_global`), projects, counts,
//!   groups, nests as a sub-query and unions; inserts upsert and statements return rows
//!   (`RETURNING`); [`Unscoped`] is the one, logged way across organizations; [`GlobalTable`]
//!   derives tables that belong to no organization.
//! - [`citus`]: distribute the tables on Citus; every scoped statement runs on one shard.
//! - Feature `organizations`: `orgs`, organizations, memberships, invitations and roles, with
//!   flows that run on every driver.
//! - Feature `audit`: `audit`, which compares a live schema with the derived structs, and
//!   `migrate`, which adopts tenant on an existing database.
//!
//! # What is and is not protected
//!
//! Statements built through the scoped builders: the tenant predicate is ANDed at the top level
//! and every condition and `set` value you chain stands in parentheses of its own. Not held:
//! raw SQL text (`Expr::cust`, custom keywords and function names) that closes its own
//! parenthesis or comments out the rest; raw SQL; statements you build with sea-query directly;
//! sub-queries you build with sea-query and pass into a condition or value (build them with
//! [`Select::into_sub_query`](query::Select::into_sub_query)). Those are yours to scope, or
//! PostgreSQL's with [row-level security](rls), which has limits of its own (see [`rls`]).
//! Crossing organizations takes the explicit [`Unscoped`] capability; tables of no organization
//! derive [`GlobalTable`](global). The README's threat model names a test for every line.
//!
//! # Layout
//!
//! The source is in layers, lowest first: the model (`TenantScoped`, keys, [`Scope`],
//! [`Unscoped`], errors), the schema it makes ([`rls`], [`citus`]), the statements ([`query`],
//! [`join`], [`global`]; `query/statements.rs` writes out which builder runs on which backend),
//! the drivers (each with its executor), and, behind features, the operations on a live
//! database (`audit`, `migrate`), the organizations (`orgs`) and serving requests (`axum`). The README's Layout section
//! has the table.
#![deny(missing_docs)]
// docs.rs (see `[package.metadata.docs.rs]`) builds with every feature and marks each driver
// module with the feature it needs.
#![cfg_attr(docsrs, feature(doc_cfg))]

// The layers, lowest first: the model, the schema it makes, the statements, the drivers that
// run them, the operations and the organizations built on those. Their public modules are
// re-exported at the paths users name (`tenant_core::rls`, `tenant_core::audit`, ...).
mod ddl;
mod drivers;
pub mod global;
mod model;
#[cfg(feature = "audit")]
mod ops;
#[cfg(feature = "organizations")]
#[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
pub mod orgs;
pub mod query;
#[cfg(feature = "axum")]
mod serve;

pub use ddl::{citus, migration, rls};
#[cfg(any(feature = "organizations", feature = "audit"))]
#[cfg_attr(docsrs, doc(cfg(any(feature = "organizations", feature = "audit"))))]
pub use drivers::executor;
#[cfg(feature = "testing")]
#[cfg_attr(docsrs, doc(cfg(feature = "testing")))]
pub use ops::testing;
#[cfg(feature = "audit")]
#[cfg_attr(docsrs, doc(cfg(feature = "audit")))]
pub use ops::{audit, migrate};

use ddl::schema;
use model::{error, key, scope, scoped, unscoped};

#[cfg(feature = "postgres")]
#[cfg_attr(docsrs, doc(cfg(feature = "postgres")))]
pub use drivers::postgres;
#[cfg(feature = "rusqlite")]
#[cfg_attr(docsrs, doc(cfg(feature = "rusqlite")))]
pub use drivers::rusqlite;
#[cfg(feature = "sqlx")]
#[cfg_attr(docsrs, doc(cfg(feature = "sqlx")))]
pub use drivers::sqlx;
#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
pub use serve::axum;

pub use error::TenantError;
pub use global::GlobalTable;
pub use key::{ColumnValue, TenantKey};
pub use query::join;
pub use query::join::Join;
#[cfg(feature = "sql")]
#[cfg_attr(docsrs, doc(cfg(feature = "sql")))]
pub use query::sql;
pub use rls::TenantSetting;
pub use schema::{ReferenceKey, SqlType};
pub use scope::Scope;
pub use scoped::{OnePerOrganization, SetColumn, TenantColumn, TenantScoped, for_org};
/// Raw SQL whose tables are named by their types, refused at compile time unless every tenant
/// relation of every query scope is confined to the scope: see [`sql`].
#[cfg(feature = "sql")]
#[cfg_attr(docsrs, doc(cfg(feature = "sql")))]
pub use tenant_derive::tenant_sql;
pub use tenant_derive::{GlobalTable, TenantScoped};
pub use unscoped::Unscoped;

/// The sea-query version the builders are made of.
pub use sea_query;
/// The uuid version [`TenantKey`] is implemented for.
pub use uuid;

/// Registers a derived struct, `tenant` or `global`, for [`audit`](crate::audit) (feature
/// `audit`). Not public API.
#[cfg(feature = "audit")]
#[doc(hidden)]
#[macro_export]
macro_rules! __tenant_register {
    (tenant $ty:ty) => {
        $crate::__private::inventory::submit! {
            $crate::audit::Registered::<$crate::audit::Expected>::of::<$ty>()
        }
    };
    (global $ty:ty) => {
        $crate::__private::inventory::submit! {
            $crate::audit::Registered::<$crate::audit::ExpectedGlobal>::of_global::<$ty>()
        }
    };
}

/// Without the `audit` feature, nothing is registered. Not public API.
#[cfg(not(feature = "audit"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __tenant_register {
    ($kind:ident $ty:ty) => {};
}

/// Keeps (with its driver's feature) or drops (without) the decoding impls that
/// `#[tenant(from_row)]` generates for sqlx. Not public API.
#[cfg(feature = "sqlx")]
#[doc(hidden)]
#[macro_export]
macro_rules! __tenant_with_sqlx {
    ($($item:tt)*) => { $($item)* };
}
#[cfg(not(feature = "sqlx"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __tenant_with_sqlx {
    ($($item:tt)*) => {};
}
/// As [`__tenant_with_sqlx`], for postgres. Not public API.
#[cfg(feature = "postgres")]
#[doc(hidden)]
#[macro_export]
macro_rules! __tenant_with_postgres {
    ($($item:tt)*) => { $($item)* };
}
#[cfg(not(feature = "postgres"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __tenant_with_postgres {
    ($($item:tt)*) => {};
}
/// As [`__tenant_with_sqlx`], for rusqlite. Not public API.
#[cfg(feature = "rusqlite")]
#[doc(hidden)]
#[macro_export]
macro_rules! __tenant_with_rusqlite {
    ($($item:tt)*) => { $($item)* };
}
#[cfg(not(feature = "rusqlite"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __tenant_with_rusqlite {
    ($($item:tt)*) => {};
}

/// Paths for generated code. Not public API.
#[doc(hidden)]
pub mod __private {
    use std::borrow::Cow;

    pub use crate::__tenant_register as register;
    pub use crate::__tenant_with_postgres as with_postgres;
    pub use crate::__tenant_with_rusqlite as with_rusqlite;
    pub use crate::__tenant_with_sqlx as with_sqlx;
    #[cfg(feature = "postgres")]
    pub use crate::drivers::PostgresColumn;
    #[cfg(feature = "rusqlite")]
    pub use crate::drivers::RusqliteColumn;
    pub use crate::query::qualified;
    #[cfg(feature = "sql")]
    pub use crate::query::sql;
    pub use crate::query::{References, RowValues, SelfReferences};
    pub use crate::schema::{
        AnyTable, ColumnInfo, IndexColumn, NoOrganization, Organizations, Reference, SqlTypeOf,
        TableInfo, reference,
    };
    pub use crate::scoped::OnePerOrganization;
    pub use crate::{
        ColumnValue, GlobalTable, SetColumn, SqlType, TenantColumn, TenantKey, TenantScoped,
    };
    #[cfg(feature = "postgres")]
    pub use ::postgres;
    #[cfg(feature = "sqlx")]
    pub use ::sqlx;
    pub use core::clone::Clone;
    pub use core::convert::Into;
    pub use core::option::Option;
    #[cfg(feature = "audit")]
    pub use inventory;
    pub use sea_query;
    #[cfg(feature = "rusqlite")]
    pub use sea_query_rusqlite::rusqlite;
    pub use std::vec::Vec;
    pub use uuid::Uuid;

    /// An identifier the derive has checked to be plain, so it is never escaped.
    #[derive(Clone, Copy, Debug)]
    pub struct StaticIden(pub &'static str);

    impl sea_query::Iden for StaticIden {
        fn quoted(&self) -> Cow<'static, str> {
            Cow::Borrowed(self.0)
        }

        fn unquoted(&self) -> &str {
            self.0
        }
    }
}
