use core::marker::PhantomData;
use std::borrow::Cow;

use sea_query::{Expr, Iden, Value};

use crate::query::{Delete, Empty, Insert, Select, Update};
use crate::{Scope, TenantKey};

/// A table whose rows each belong to one organization.
///
/// Derive it; do not implement it by hand. `#[derive(TenantScoped)]` refuses to compile a struct
/// without a tenant column and generates the column enum `<Struct>Iden`. The only query builders
/// it provides are scoped: reads, updates and deletes carry the tenant predicate, inserts stamp
/// the tenant column. See the [crate docs](crate) for the attributes.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not tenant-scoped",
    label = "`{Self}` does not derive `TenantScoped`",
    note = "add `#[derive(tenant_core::TenantScoped)]` to `{Self}`; the struct needs a tenant column (`organization_id`, or the field named by `#[tenant(column = \"...\")]`)"
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

    /// The table name, without schema.
    const TABLE: &'static str;

    /// The schema of `#[tenant(table = "schema.table")]`, if one was given.
    const SCHEMA: Option<&'static str>;

    /// The name of the tenant column.
    const TENANT_COLUMN: &'static str;

    /// Every column, in field order: the columns [`select`](Self::select) reads and
    /// [`insert`](Self::insert) writes.
    const COLUMNS: &'static [&'static str];

    /// The organization this row belongs to, as stored in the struct.
    fn tenant_key(&self) -> &Self::Key;

    /// This row's primary key.
    fn primary_key(&self) -> Self::PrimaryKey;

    #[doc(hidden)]
    fn __primary_key_filter(key: Self::PrimaryKey) -> Expr;

    #[doc(hidden)]
    fn __insert_values(&self, tenant: Value) -> Vec<Expr>;

    #[doc(hidden)]
    fn __update_values(&self) -> Vec<(Self::Column, Expr)>;

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
}

/// `SELECT` scoped to `scope`: Sigra's `for_org/2` as a function, the same as `T::select(scope)`.
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

/// A column that [`Update::set`] may assign in a `T` row: every column of `<T as
/// TenantScoped>::Column`, never the tenant column.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be set in an update of `{T}`",
    label = "the tenant column is not settable",
    note = "the tenant column is stamped by the scope and never changes: a row cannot move to another organization; to move data, insert it under the other organization's scope"
)]
pub trait SetColumn<T>: Iden + Copy + 'static {}
