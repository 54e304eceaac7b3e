//! Thin ways to run a scoped [`Statement`](crate::query::Statement) on a driver, values bound.

#[cfg(any(feature = "organizations", feature = "audit"))]
pub mod executor;
#[cfg(feature = "postgres")]
pub mod postgres;
#[cfg(feature = "rusqlite")]
pub mod rusqlite;
#[cfg(feature = "sqlx")]
pub mod sqlx;

#[cfg(feature = "sqlx-mysql")]
use crate::query::StatementFor;

/// The statements a driver's plain functions run outside a bound transaction: on MySQL/MariaDB
/// (`sqlx::MySql`) every finished statement, as it has no row-level security to bind; on
/// PostgreSQL (`sqlx::Postgres`, and `postgres::Client` for the synchronous driver) only those
/// of global tables. A scoped statement runs on PostgreSQL in a bound transaction
/// (`tenant_core::sqlx::BoundTransaction`, `tenant_core::postgres::transaction`), bound to its
/// organization for row-level security: unbound, it would return no rows and change none,
/// silently. Sealed.
#[cfg(any(feature = "postgres", feature = "sqlx"))]
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot run on `{D}` outside a bound transaction",
    label = "a scoped statement, on PostgreSQL without a binding",
    note = "on PostgreSQL run it in a bound transaction, where row-level security sees its organization: with sqlx, `tenant_core::sqlx::BoundTransaction::begin(&pool, &scope, &TenantSetting::DEFAULT)` (or `orgs::enter_transaction`) then `tx.fetch_all(&statement)`; with postgres, `tenant_core::postgres::transaction(&mut client, &scope, &TenantSetting::DEFAULT)` then `tx.query(&statement)`",
    note = "the plain functions run scoped statements on MySQL/MariaDB, which has no row-level security, and global tables' statements everywhere"
)]
pub trait Unbound<D>: seal::Unbound<D> {}

#[cfg(any(feature = "postgres", feature = "sqlx"))]
mod seal {
    pub trait Unbound<D> {}
}

#[cfg(feature = "sqlx-mysql")]
impl<S: StatementFor<sea_query::MysqlQueryBuilder>> seal::Unbound<::sqlx::MySql> for S {}
#[cfg(feature = "sqlx-mysql")]
impl<S: StatementFor<sea_query::MysqlQueryBuilder>> Unbound<::sqlx::MySql> for S {}

/// A global table's statements run on PostgreSQL without a binding.
#[cfg(any(feature = "sqlx-postgres", feature = "postgres"))]
macro_rules! unbound_on_postgres {
    ($driver:ty: $($builder:ty),*) => {
        $(
            impl<G: crate::GlobalTable> seal::Unbound<$driver> for $builder {}
            #[diagnostic::do_not_recommend]
            impl<G: crate::GlobalTable> Unbound<$driver> for $builder {}
        )*
    };
}

#[cfg(feature = "sqlx-postgres")]
unbound_on_postgres!(::sqlx::Postgres:
    crate::global::Select<G>,
    crate::global::Delete<G>,
    crate::global::Insert<G>,
    crate::global::Update<G>
);

#[cfg(feature = "postgres")]
unbound_on_postgres!(::postgres::Client:
    crate::global::Select<G>,
    crate::global::Delete<G>,
    crate::global::Insert<G>,
    crate::global::Update<G>
);

/// A field type `#[tenant(from_row)]` reads from a postgres row, by column name. Not public
/// API: generated code names it, so that a type the driver cannot decode is reported with what
/// to do.
#[cfg(feature = "postgres")]
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be read from a PostgreSQL column, which `#[tenant(from_row)]` needs with the `postgres` feature",
    label = "the postgres driver cannot decode this field's type",
    note = "implement `postgres::types::FromSql` for it (`#[derive(postgres_types::FromSql)]` on a newtype or an enum), or remove `from_row` and decode the rows yourself"
)]
pub trait PostgresColumn<'r>: Sized {
    /// The column `name` of `row`.
    fn read(row: &'r ::postgres::Row, name: &str) -> Result<Self, ::postgres::Error>;
}

#[cfg(feature = "postgres")]
#[diagnostic::do_not_recommend]
impl<'r, T: ::postgres::types::FromSql<'r>> PostgresColumn<'r> for T {
    fn read(row: &'r ::postgres::Row, name: &str) -> Result<T, ::postgres::Error> {
        row.try_get(name)
    }
}

/// As [`PostgresColumn`], for a rusqlite row. Not public API.
#[cfg(feature = "rusqlite")]
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be read from an SQLite column, which `#[tenant(from_row)]` needs with the `rusqlite` feature",
    label = "the rusqlite driver cannot decode this field's type",
    note = "implement `rusqlite::types::FromSql` for it, or remove `from_row` and decode the rows yourself"
)]
pub trait RusqliteColumn: Sized {
    /// The column `name` of `row`.
    fn read(
        row: &sea_query_rusqlite::rusqlite::Row<'_>,
        name: &str,
    ) -> sea_query_rusqlite::rusqlite::Result<Self>;
}

#[cfg(feature = "rusqlite")]
#[diagnostic::do_not_recommend]
impl<T: sea_query_rusqlite::rusqlite::types::FromSql> RusqliteColumn for T {
    fn read(
        row: &sea_query_rusqlite::rusqlite::Row<'_>,
        name: &str,
    ) -> sea_query_rusqlite::rusqlite::Result<T> {
        row.get(name)
    }
}
