//! The security boundary: which builders run where. Every `Statement`, `UnscopedStatement`,
//! `StatementFor`, `MariadbReturning` and `Nests` impl of the crate is in this file, each trait
//! sealed by a seal of its own (an impl of one seal qualifies a type for that trait only).
//!
//! | type | `Statement` (any backend) | `StatementFor<Postgres>` | `StatementFor<Sqlite>` | `StatementFor<Mysql>` | `UnscopedStatement` | `Nests` |
//! |---|---|---|---|---|---|---|
//! | `Select<T>`, `Delete<T>`, `Insert<T, Ready>`, `Insert<T, Upsert>`, `Update<T, Ready>` | yes | yes | yes | yes | | `Select<T>` only |
//! | `global::{Select, Insert, Update, Delete}<G>`, finished | yes | yes | yes | yes | yes | |
//! | `Select<T, Scoped, FullOuter>` | | yes | yes | no `FULL OUTER JOIN` | | |
//! | `Select<T, AllOrganizations>`, `Delete<T, AllOrganizations>`, `Update<T, Ready, AllOrganizations>` | | only in an unscoped transaction | yes | yes | yes | |
//! | `Select<T, AllOrganizations, FullOuter>` | | | yes | | | |
//! | `Returning<Q>` of a `Statement` `Q` | | yes | yes | `Q: MariadbReturning` (`Insert<T, Ready>`, `Delete<T>`) | | |
//! | `Insert<T, Empty>`, `Update<T, Empty>` | | | | | | |

use sea_query::{ColumnRef, QueryBuilder, Values};

use super::{
    AllOrganizations, Delete, FullOuter, Insert, Owner, Ready, Returning, Scoped, Select, Update,
    Upsert,
};
use crate::TenantScoped;

/// One seal per trait: only this file implements them.
pub(crate) mod seal {
    /// Seals [`Statement`](super::Statement).
    pub trait Statement {}
    /// Seals [`UnscopedStatement`](super::UnscopedStatement).
    pub trait Unscoped {}
    /// Seals [`StatementFor`](super::StatementFor).
    pub trait For<B> {}
    /// Seals [`Nests`](super::Nests).
    pub trait Nests {}
    /// Seals [`MariadbReturning`](super::MariadbReturning).
    pub trait Mariadb {}
}

/// A finished scoped statement, ready to run on any backend: [`Select`], [`Delete`], and
/// [`Insert`] and [`Update`] once they have something to write.
pub trait Statement: seal::Statement {
    /// The SQL for `backend` and the values to bind, as [`Select::build`] and its siblings.
    fn build_sql<B: QueryBuilder>(&self, backend: B) -> (String, Values);

    /// Whose rows it reaches. Not public API: a bound transaction checks it.
    #[doc(hidden)]
    fn __owner(&self) -> Owner;
}

/// A finished scoped statement that backend `B` can run: every [`Statement`], and a
/// [`Returning`] statement on the backends that write `RETURNING` (PostgreSQL, SQLite). The
/// driver modules take any `StatementFor` their backend, so a value never has to be bound by
/// hand, and a `RETURNING` that a backend would silently drop does not compile.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot run on `{B}`",
    label = "not a finished statement for this backend",
    note = "`Insert<_, Empty>` or `Update<_, Empty>`: nothing to write yet; give an insert `.row(..)` or `.rows(..)`, an update `.set(..)` or `.set_row(..)`",
    note = "`Update<_, Patch>`: made with `set_option`, it may have nothing to write; call `.finish()?` to run it (an error when every value was `None`)",
    note = "`…, AllOrganizations>` on PostgreSQL: a statement built with `Unscoped` runs only on the transaction of `tenant_core::postgres::unscoped_transaction` (postgres driver) or `tenant_core::sqlx::unscoped_transaction` (sqlx), where row-level security lets it see every organization",
    note = "`Returning<Update<..>>` or `Returning<Insert<_, Upsert>>` on MySQL: MariaDB has no `UPDATE ... RETURNING`, and an upsert's `ON DUPLICATE KEY` fires on any unique key, so its `RETURNING` could return a row it did not write; write, then select the rows by key",
    note = "`Select<_, _, FullOuter>` on MySQL: MySQL and MariaDB have no `FULL OUTER JOIN`",
    note = "`sql::Scoped<Dialect>` (from `tenant_sql!`): it runs only on the drivers of the dialect its text was verified for; write `tenant_sql!(postgres, ..)`, `(mysql, ..)` or `(sqlite, ..)` for the database it runs on"
)]
pub trait StatementFor<B: QueryBuilder>: seal::For<B> {
    /// The SQL for `backend` and the values to bind.
    fn build_for(&self, backend: B) -> (String, Values);

    /// Whose rows it reaches. Not public API: a bound transaction checks it.
    #[doc(hidden)]
    fn __owner(&self) -> Owner;
}

impl<S: Statement, B: QueryBuilder> seal::For<B> for S {}
impl<T: TenantScoped, B> seal::For<B> for Select<T, AllOrganizations> {}
impl<T: TenantScoped, M, B> seal::For<B> for Select<T, M, FullOuter> {}
impl<T: TenantScoped, B> seal::For<B> for Delete<T, AllOrganizations> {}
impl<T: TenantScoped, B> seal::For<B> for Update<T, Ready, AllOrganizations> {}

impl<S: Statement, B: QueryBuilder> StatementFor<B> for S {
    fn build_for(&self, backend: B) -> (String, Values) {
        self.build_sql(backend)
    }

    fn __owner(&self) -> Owner {
        Statement::__owner(self)
    }
}

/// A `tenant_sql!` statement bound to a scope runs on the drivers of its dialect, and only
/// there: its text was parsed and verified as that dialect reads it.
#[cfg(feature = "sql")]
mod sql_statements {
    use sea_query::{MysqlQueryBuilder, PostgresQueryBuilder, SqliteQueryBuilder, Values};

    use super::{StatementFor, seal};
    use crate::query::Owner;
    use crate::sql::{Mysql, Postgres, Scoped, Sqlite};

    macro_rules! runs_on {
        ($($dialect:ty => $builder:ty),*) => {$(
            impl seal::For<$builder> for Scoped<$dialect> {}
            impl StatementFor<$builder> for Scoped<$dialect> {
                fn build_for(&self, _: $builder) -> (String, Values) {
                    (self.sql.clone(), self.values.clone())
                }

                fn __owner(&self) -> Owner {
                    Owner::Organization(self.organization.clone())
                }
            }
        )*};
    }

    runs_on!(
        Postgres => PostgresQueryBuilder,
        Mysql => MysqlQueryBuilder,
        Sqlite => SqliteQueryBuilder
    );
}

/// The finished builders: each is a [`Statement`] (and sealed, so only they are).
macro_rules! statements {
    ($($builder:ty),*) => {
        $(
            impl<T: TenantScoped> seal::Statement for $builder {}

            impl<T: TenantScoped> Statement for $builder {
                fn build_sql<B: QueryBuilder>(&self, backend: B) -> (String, Values) {
                    self.statement.build(backend)
                }

                fn __owner(&self) -> Owner {
                    self.owner()
                }
            }
        )*
    };
}

statements!(
    Select<T>,
    Delete<T>,
    Insert<T, Ready>,
    Insert<T, Upsert>,
    Update<T, Ready>
);

/// The global tables' builders are [`Statement`]s too: they have no organization to scope.
macro_rules! global_statements {
    ($($builder:ty),*) => {
        $(
            impl<G: crate::GlobalTable> crate::query::statements::seal::Statement for $builder {}

            impl<G: crate::GlobalTable> crate::query::Statement for $builder {
                fn build_sql<B: QueryBuilder>(&self, backend: B) -> (String, Values) {
                    self.statement.build(backend)
                }

                fn __owner(&self) -> crate::query::Owner {
                    crate::query::Owner::Global
                }
            }

            // A global table's statement runs in an unscoped transaction too (a report that
            // joins nothing: the plans, the organizations): it reaches no organization's rows.
            impl<G: crate::GlobalTable> crate::query::statements::seal::Unscoped for $builder {}

            impl<G: crate::GlobalTable> crate::query::UnscopedStatement for $builder {
                fn build_sql<B: QueryBuilder>(&self, backend: B) -> (String, Values) {
                    self.statement.build(backend)
                }
            }
        )*
    };
}
pub(crate) use global_statements;

/// A finished statement built with the [`Unscoped`](crate::Unscoped) capability: it reaches every
/// organization. It runs on SQLite and MySQL like a [`Statement`]; on PostgreSQL, only in
/// `tenant_core::postgres::unscoped_transaction` (or sqlx's). A global table's finished
/// statement is one too, so that such a transaction can read and write global tables.
pub trait UnscopedStatement: seal::Unscoped {
    /// The SQL for `backend` and the values to bind.
    fn build_sql<B: QueryBuilder>(&self, backend: B) -> (String, Values);
}

macro_rules! unscoped_statements {
    ($($builder:ty),*) => {
        $(
            impl<T: TenantScoped> seal::Unscoped for $builder {}

            impl<T: TenantScoped> UnscopedStatement for $builder {
                fn build_sql<B: QueryBuilder>(&self, backend: B) -> (String, Values) {
                    self.statement.build(backend)
                }
            }

            impl<T: TenantScoped> StatementFor<sea_query::SqliteQueryBuilder> for $builder {
                fn build_for(&self, backend: sea_query::SqliteQueryBuilder) -> (String, Values) {
                    self.statement.build(backend)
                }

                fn __owner(&self) -> Owner {
                    self.owner()
                }
            }

            impl<T: TenantScoped> StatementFor<sea_query::MysqlQueryBuilder> for $builder {
                fn build_for(&self, backend: sea_query::MysqlQueryBuilder) -> (String, Values) {
                    self.statement.build(backend)
                }

                fn __owner(&self) -> Owner {
                    self.owner()
                }
            }
        )*
    };
}

unscoped_statements!(
    Select<T, AllOrganizations>,
    Delete<T, AllOrganizations>,
    Update<T, Ready, AllOrganizations>
);

/// A select with a `FULL OUTER JOIN` runs where the database has one: PostgreSQL and SQLite. It
/// is no [`Statement`] (whose `build_sql` takes any backend); an unscoped one runs on SQLite only.
macro_rules! full_outer_statements {
    ($($builder:ty => $($backend:ident),*;)*) => {
        $($(
            impl<T: TenantScoped> StatementFor<sea_query::$backend> for $builder {
                fn build_for(&self, backend: sea_query::$backend) -> (String, Values) {
                    self.statement.build(backend)
                }

                fn __owner(&self) -> Owner {
                    self.owner()
                }
            }
        )*)*
    };
}

full_outer_statements! {
    Select<T, Scoped, FullOuter> => PostgresQueryBuilder, SqliteQueryBuilder;
    Select<T, AllOrganizations, FullOuter> => SqliteQueryBuilder;
}

/// A select that may nest in another statement: a scoped select without a full outer join.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be nested in another statement",
    label = "only a scoped select without a `full_join` becomes a sub-query",
    note = "a select built with `Unscoped` reads every organization: nested, it would make a scoped statement read them too, outside `unscoped_transaction`; nest it in another unscoped statement with `into_unscoped_sub_query()` and `and_where_in`/`and_where_exists`, or `union` it with other unscoped selects",
    note = "a select with a `full_join` would reach MySQL statements, which cannot write a `FULL OUTER JOIN`"
)]
pub trait Nests: seal::Nests {}
impl<T: TenantScoped> seal::Nests for Select<T> {}
impl<T: TenantScoped> Nests for Select<T> {}

impl<Q, B> seal::For<B> for Returning<Q> {}

impl<Q: Statement> StatementFor<sea_query::PostgresQueryBuilder> for Returning<Q> {
    fn build_for(&self, backend: sea_query::PostgresQueryBuilder) -> (String, Values) {
        self.statement.build_sql(backend)
    }

    fn __owner(&self) -> Owner {
        Statement::__owner(&self.statement)
    }
}

/// MariaDB (10.5 and later) has `INSERT ... RETURNING` and `DELETE ... RETURNING`, which
/// sea-query's MySQL backend does not write: the clause is appended here. MySQL itself has no
/// `RETURNING` and refuses the statement with a syntax error; MariaDB has no `UPDATE ...
/// RETURNING`, so a returning update for MySQL does not compile.
fn mariadb_returning(
    statement: &impl Statement,
    columns: Option<&[ColumnRef]>,
    backend: sea_query::MysqlQueryBuilder,
) -> (String, Values) {
    let (mut sql, values) = statement.build_sql(backend);
    sql.push_str(" RETURNING ");
    match columns {
        None => sql.push('*'),
        Some(columns) => {
            for (index, column) in columns.iter().enumerate() {
                if index > 0 {
                    sql.push_str(", ");
                }
                sea_query::MysqlQueryBuilder.prepare_column_ref(column, &mut sql);
            }
        }
    }
    (sql, values)
}

/// The statements whose `RETURNING` MariaDB writes: a plain insert and a delete (not an update,
/// which MariaDB cannot return, nor an upsert, whose `ON DUPLICATE KEY` fires on any unique key).
pub trait MariadbReturning: Statement + seal::Mariadb {}
impl<T: TenantScoped> seal::Mariadb for Insert<T, Ready> {}
impl<T: TenantScoped> MariadbReturning for Insert<T, Ready> {}
impl<T: TenantScoped> seal::Mariadb for Delete<T> {}
impl<T: TenantScoped> MariadbReturning for Delete<T> {}

impl<Q: MariadbReturning> StatementFor<sea_query::MysqlQueryBuilder> for Returning<Q> {
    fn build_for(&self, backend: sea_query::MysqlQueryBuilder) -> (String, Values) {
        mariadb_returning(&self.statement, self.columns.as_deref(), backend)
    }

    fn __owner(&self) -> Owner {
        Statement::__owner(&self.statement)
    }
}

impl<Q: Statement> StatementFor<sea_query::SqliteQueryBuilder> for Returning<Q> {
    fn build_for(&self, backend: sea_query::SqliteQueryBuilder) -> (String, Values) {
        self.statement.build_sql(backend)
    }

    fn __owner(&self) -> Owner {
        Statement::__owner(&self.statement)
    }
}
