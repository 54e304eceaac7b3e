use core::marker::PhantomData;
use std::borrow::Cow;

use sea_query::{Expr, Iden, IndexCreateStatement, TableCreateStatement, Value};

use crate::query::{AllOrganizations, Delete, Empty, Insert, Select, Update};
use crate::rls::TenantSetting;
use crate::schema::{Reference, TableInfo};
use crate::{Scope, TenantKey, Unscoped};

/// A table whose rows each belong to one organization.
///
/// Derive it; do not implement it by hand. `#[derive(TenantScoped)]` refuses to compile a struct
/// without a tenant column and generates the column enum `<Struct>Iden`. The only query builders
/// it provides are scoped: reads, updates and deletes carry the tenant predicate, inserts stamp
/// the tenant column. See the [crate docs](crate) for the attributes.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not tenant-scoped",
    label = "`{Self}` does not derive `TenantScoped`",
    note = "add `#[derive(tenant_core::TenantScoped)]` to `{Self}`; the struct needs a tenant column (`organization_id`, or the field named by `#[tenant(column = \"...\")]`)",
    note = "if `{Self}`'s rows belong to no organization, derive `GlobalTable` instead: its builders take no scope (`{Self}::select()`), and a scoped select joins it with `join_global`"
)]
pub trait TenantScoped: Sized {
    /// The type of the tenant column: [`uuid::Uuid`] or your own [`TenantKey`].
    type Key: TenantKey;

    /// The generated column enum, `<Struct>Iden`: one variant per column (but the tenant
    /// column, which is the associated constant of type [`TenantColumn`]) and `Table`.
    type Column: Iden + Copy + 'static;

    /// The primary key: the type of the key field, or a tuple of the key fields' types in
    /// declaration order for a composite key.
    type PrimaryKey;

    /// What the derive knows of the table, in one constant: one item for the compiler to
    /// check per struct; the public constants below read it.
    #[doc(hidden)]
    const __TABLE: TableInfo;

    /// The table name, without schema.
    const TABLE: &'static str = Self::__TABLE.name;

    /// The schema of `#[tenant(table = "schema.table")]`, if one was given.
    const SCHEMA: Option<&'static str> = Self::__TABLE.schema;

    /// The name of the tenant column.
    const TENANT_COLUMN: &'static str = Self::__TABLE.tenant;

    /// Every column, in field order: the columns [`select`](Self::select) reads and
    /// [`insert`](Self::insert) writes.
    const COLUMNS: &'static [&'static str];

    /// The primary-key columns, in field order.
    const PRIMARY_KEY: &'static [&'static str] = Self::__TABLE.primary_key;

    /// The organization this row belongs to, as stored in the struct.
    fn tenant_key(&self) -> &Self::Key;

    /// This row's primary key.
    fn primary_key(&self) -> Self::PrimaryKey;

    // What follows is all the derive writes per struct besides names: the code that uses it
    // is generic, here in tenant-core, and compiled once.

    /// `[Value; number of key columns]`.
    #[doc(hidden)]
    type __KeyValues: IntoIterator<Item = Value>;

    /// The key's values, in [`PRIMARY_KEY`](Self::PRIMARY_KEY) order.
    #[doc(hidden)]
    fn __key_values(key: Self::PrimaryKey) -> Self::__KeyValues;

    /// The value of every column, in [`COLUMNS`](Self::COLUMNS) order, with `tenant` for the
    /// tenant column.
    #[doc(hidden)]
    fn __values(&self, tenant: Expr) -> Vec<Expr>;

    #[doc(hidden)]
    fn __references() -> Vec<Reference> {
        Vec::new()
    }

    /// `SELECT <every column> FROM <table> WHERE <tenant column> = <scope>`.
    fn select(scope: &Scope<Self::Key>) -> Select<Self> {
        Select::new(scope)
    }

    /// The row with this primary key, if it belongs to the scope's organization. Another
    /// organization's row is simply not found.
    fn find(scope: &Scope<Self::Key>, key: Self::PrimaryKey) -> Select<Self> {
        Select::new(scope).where_key(key)
    }

    /// `INSERT INTO <table>`, with the tenant column bound to the scope's organization.
    fn insert(scope: &Scope<Self::Key>) -> Insert<Self, Empty> {
        Insert::new(scope)
    }

    /// `UPDATE <table> ... WHERE <tenant column> = <scope>`; the tenant column cannot be set.
    fn update(scope: &Scope<Self::Key>) -> Update<Self, Empty> {
        Update::new(scope)
    }

    /// `DELETE FROM <table> WHERE <tenant column> = <scope>`.
    fn delete(scope: &Scope<Self::Key>) -> Delete<Self> {
        Delete::new(scope)
    }

    /// `SELECT <every column> FROM <table>`, every organization's rows: only with the explicit
    /// [`Unscoped`] capability, and logged. Joins still pair rows of the same organization.
    fn select_unscoped(unscoped: &Unscoped) -> Select<Self, AllOrganizations> {
        Select::unscoped(unscoped)
    }

    /// `UPDATE <table>` of every organization's rows: only with the explicit [`Unscoped`]
    /// capability, and logged. The tenant column still cannot be set.
    fn update_unscoped(unscoped: &Unscoped) -> Update<Self, Empty, AllOrganizations> {
        Update::unscoped(unscoped)
    }

    /// `DELETE FROM <table>` of every organization's rows: only with the explicit [`Unscoped`]
    /// capability, and logged.
    fn delete_unscoped(unscoped: &Unscoped) -> Delete<Self, AllOrganizations> {
        Delete::unscoped(unscoped)
    }

    /// `CREATE TABLE` for this struct: a column per field (types from [`SqlType`](crate::SqlType),
    /// `NOT NULL` but for `Option`s), the tenant-led primary key `PRIMARY KEY (tenant, key…)` (the
    /// tenant index, the target of composite foreign keys and of upserts), `UNIQUE (tenant, ...)` for every
    /// `#[tenant(unique)]`, the tenant column's foreign key to the organizations table, and a
    /// composite foreign key `(tenant, field) → target(tenant, key)` for every
    /// `#[tenant(references = "...")]` field.
    fn create_table() -> TableCreateStatement {
        crate::schema::create_table::<Self>()
    }

    /// An index `(tenant, field)` for every `#[tenant(references = "...")]` field, so that
    /// scoped joins and cascades along it stay inside one organization's index range; then
    /// `(tenant, column [DESC], …)` for every `#[tenant(index = "...")]`, named
    /// `<table>_<columns>_idx`.
    fn create_indexes() -> Vec<IndexCreateStatement> {
        crate::schema::create_indexes::<Self>()
    }

    /// Citus: distribute this table by its tenant column, co-located with the organizations
    /// table (see [`citus`](crate::citus) for the order a migration runs them in).
    fn distribute() -> Vec<String> {
        crate::citus::distribute::<Self>()
    }

    /// PostgreSQL row-level security for this table, keyed by `app.current_organization_id`:
    /// see [`rls`](crate::rls).
    fn row_level_security() -> Vec<String> {
        crate::rls::statements::<Self>(&TenantSetting::DEFAULT)
    }
}

/// A table that holds at most one row per organization, keyed by its tenant column alone:
/// an organization's settings, its plan. Declared, never implicit: the derive implements it for
/// a struct marked `#[tenant(one_per_organization)]` (which marks no other key), and
/// `create_table` writes `PRIMARY KEY (tenant)`.
///
/// ```
/// use tenant_core::{OnePerOrganization, Scope, TenantScoped, uuid::Uuid};
/// use tenant_core::sea_query::PostgresQueryBuilder;
///
/// #[derive(TenantScoped)]
/// #[tenant(one_per_organization, table = "settings")]
/// struct Settings {
///     organization_id: Uuid,
///     theme: String,
/// }
///
/// let scope = Scope::new(Uuid::from_u128(1))?;
/// let (sql, _) = Settings::get(&scope).build(PostgresQueryBuilder);
/// assert_eq!(
///     sql,
///     r#"SELECT "organization_id", "theme" FROM "settings" WHERE "settings"."organization_id" = $1"#
/// );
/// let row = Settings { organization_id: Uuid::nil(), theme: "dark".into() };
/// let (sql, _) = Settings::upsert(&scope, &row)?.build(PostgresQueryBuilder);
/// assert_eq!(
///     sql,
///     r#"INSERT INTO "settings" ("organization_id", "theme") VALUES ($1, $2) ON CONFLICT ("organization_id") DO UPDATE SET "theme" = "excluded"."theme" WHERE "settings"."organization_id" = "excluded"."organization_id""#
/// );
/// # Ok::<(), tenant_core::TenantError>(())
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a table of one row per organization",
    label = "`{Self}` is not marked `#[tenant(one_per_organization)]`",
    note = "mark the struct `#[tenant(one_per_organization)]` (and no `primary_key` field) if it holds at most one row per organization; otherwise find its rows by key with `{Self}::find(&scope, key)`"
)]
pub trait OnePerOrganization: TenantScoped<PrimaryKey = ()> {
    /// The scope's organization's row, if it has one: `SELECT … WHERE tenant = <scope>`.
    fn get(scope: &Scope<Self::Key>) -> Select<Self> {
        Select::new(scope)
    }

    /// Writes `row` as the scope's organization's row: inserted, or, when the organization has
    /// one, every column but the tenant column overwritten (`ON CONFLICT (tenant) DO UPDATE`,
    /// on MySQL/MariaDB `ON DUPLICATE KEY UPDATE`). The row's tenant field is stamped as
    /// [`Insert::row`] does: nil or the scope's organization, else
    /// [`TenantError::ForeignOrganization`](crate::TenantError::ForeignOrganization).
    fn upsert(
        scope: &Scope<Self::Key>,
        row: &Self,
    ) -> Result<Insert<Self, crate::query::Upsert>, crate::TenantError> {
        Ok(Insert::new(scope).row(row)?.on_conflict_update_row())
    }
}

/// `SELECT` scoped to `scope`, the same as `T::select(scope)`: named after `for_org/2` of Sigra
/// (an Elixir library), which scopes an Ecto query to the active organization, for readers who
/// come from there.
///
/// ```
/// use tenant_core::{Scope, TenantScoped, uuid::Uuid};
/// use tenant_core::sea_query::SqliteQueryBuilder;
///
/// #[derive(TenantScoped)]
/// struct Project {
///     id: Uuid,
///     organization_id: Uuid,
///     name: String,
/// }
///
/// let scope = Scope::new(Uuid::from_u128(1))?;
/// let (sql, _values) = tenant_core::for_org::<Project>(&scope).build(SqliteQueryBuilder);
/// assert_eq!(
///     sql,
///     r#"SELECT "id", "organization_id", "name" FROM "projects" WHERE "projects"."organization_id" = ?"#
/// );
/// # Ok::<(), tenant_core::TenantError>(())
/// ```
pub fn for_org<T: TenantScoped>(scope: &Scope<T::Key>) -> Select<T> {
    T::select(scope)
}

/// The tenant column of `C`'s table, as an identifier for conditions and ordering.
///
/// The derive makes it the associated constant `<Struct>Iden::<TenantField>` (for example
/// `ProjectIden::OrganizationId`). It has its own type, not a variant of the column enum, so
/// that [`Update::set`] refuses it at compile time: a row never moves to another organization.
pub struct TenantColumn<C> {
    name: &'static str,
    column: PhantomData<fn() -> C>,
}

impl<C> TenantColumn<C> {
    #[doc(hidden)]
    pub const fn __new(name: &'static str) -> Self {
        TenantColumn {
            name,
            column: PhantomData,
        }
    }
}

impl<C> Clone for TenantColumn<C> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<C> Copy for TenantColumn<C> {}

impl<C> core::fmt::Debug for TenantColumn<C> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_tuple("TenantColumn").field(&self.name).finish()
    }
}

impl<C> Iden for TenantColumn<C> {
    fn quoted(&self) -> Cow<'static, str> {
        // The derive only accepts plain identifiers, which need no escaping.
        Cow::Borrowed(self.name)
    }

    fn unquoted(&self) -> &str {
        self.name
    }
}

/// A column that [`Update::set`] may assign in a `T` row: a variant of `T`'s generated column
/// enum (`<Struct>Iden`), never the tenant column.
///
/// The derive implements it for the column enum. Whatever implements it, `set` writes the
/// column it converts into: a value of `T::Column`, which never names the tenant column (the
/// derive refuses a column whose name equals the tenant column's in any letter case). So no
/// implementation, however written, makes the tenant column settable.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be set in an update of `{T}`",
    label = "not a settable column of `{T}`",
    note = "`set` takes a variant of `{T}`'s column enum; the tenant column is not one of them: it is stamped by the scope and never changes, so a row cannot move to another organization; to move data, insert it under the other organization's scope"
)]
pub trait SetColumn<T: TenantScoped>: Into<T::Column> {}
