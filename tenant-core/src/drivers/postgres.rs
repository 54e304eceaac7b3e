//! Scoped statements on the synchronous [postgres](https://docs.rs/postgres) client, values
//! bound through `sea-query-postgres`, feature `postgres`. A scoped statement runs in a
//! [`BoundTransaction`] ([`transaction`]), bound to its organization for row-level security
//! (run on the client unbound it would see nothing); the plain [`query`] and [`execute`] take
//! only global tables' statements, and a scoped one does not compile ([`Unbound`]).
//!
//! ```no_run
//! use tenant_core::postgres::{self as driver, postgres};
//! use tenant_core::{Scope, TenantScoped, TenantSetting, uuid::Uuid};
//!
//! #[derive(TenantScoped)]
//! struct Project {
//!     id: Uuid,
//!     organization_id: Uuid,
//!     name: String,
//! }
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let mut client = postgres::Client::connect("postgres://app@127.0.0.1/app", postgres::NoTls)?;
//! let scope = Scope::new(Uuid::from_u128(1))?;
//! // Row-level security (if enabled) sees the same organization as the builders.
//! let mut transaction = driver::transaction(&mut client, &scope, &TenantSetting::DEFAULT)?;
//! for row in transaction.query(&Project::select(&scope))? {
//!     let name: &str = row.get("name");
//!     println!("{name}");
//! }
//! transaction.commit()?;
//! # Ok(())
//! # }
//! ```
//!
//! Integers are bound at their Rust width (`i32` as `INT4`, `i64` as `INT8`): declare columns
//! with the same widths, as [`create_table`](crate::TenantScoped::create_table) does.

use postgres::GenericClient;
use sea_query::PostgresQueryBuilder;
use sea_query_postgres::{PostgresValue, PostgresValues};

use crate::query::{StatementFor, UnscopedStatement};
use crate::{Scope, TenantKey, TenantSetting, Unscoped};

#[doc(no_inline)]
pub use ::postgres;

fn bind(statement: &impl StatementFor<PostgresQueryBuilder>) -> (String, PostgresValues) {
    let (sql, values) = statement.build_for(PostgresQueryBuilder);
    let values = crate::query::postgres_values(values);
    (
        sql,
        PostgresValues(values.into_iter().map(PostgresValue).collect()),
    )
}

#[doc(no_inline)]
pub use super::Unbound;

/// Runs an insert, update or delete of a global table; returns the number of rows it changed.
/// A scoped statement runs in a [`BoundTransaction`] (see [`Unbound`]).
pub fn execute(
    client: &mut impl GenericClient,
    statement: &(impl StatementFor<PostgresQueryBuilder> + Unbound<postgres::Client>),
) -> Result<u64, postgres::Error> {
    let (sql, values) = bind(statement);
    client.execute(sql.as_str(), &values.as_params())
}

/// Runs a select of a global table and returns its rows. A scoped statement runs in a
/// [`BoundTransaction`] (see [`Unbound`]).
pub fn query(
    client: &mut impl GenericClient,
    statement: &(impl StatementFor<PostgresQueryBuilder> + Unbound<postgres::Client>),
) -> Result<Vec<postgres::Row>, postgres::Error> {
    let (sql, values) = bind(statement);
    client.query(sql.as_str(), &values.as_params())
}

/// Begins a transaction on `client` with `scope` bound for row-level security: the setting
/// and its transaction setting (see [`rls`](crate::rls)), both transaction-local. The
/// [`BoundTransaction`] runs that scope's statements (and global tables').
///
/// It takes the client, not a transaction, so the binding is never made inside a savepoint (a
/// savepoint's `RELEASE` would leave it to the enclosing transaction): it begins the top-level
/// transaction itself. When that ends, by commit or rollback, nothing is bound, whatever was set
/// on the connection before.
pub fn transaction<'c, K: TenantKey>(
    client: &'c mut postgres::Client,
    scope: &Scope<K>,
    setting: &TenantSetting,
) -> Result<BoundTransaction<'c, K>, postgres::Error> {
    let mut transaction = client.transaction()?;
    transaction.batch_execute(crate::rls::Binding::scope(setting, scope).sql())?;
    Ok(BoundTransaction {
        transaction,
        scope: scope.clone(),
    })
}

/// Why a [`BoundTransaction`] did not run a statement.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The statement reaches another organization than the transaction's (or every
    /// organization): refused before it was sent; the transaction is still usable.
    #[error("{}", crate::query::OTHER_SCOPE)]
    OtherScope,
    /// The database refused or failed.
    #[error(transparent)]
    Postgres(#[from] postgres::Error),
}

/// A transaction bound to one organization for row-level security, made by [`transaction`]:
/// it runs the statements of its scope and of global tables, and refuses one of another scope
/// with [`Error::OtherScope`] before sending it. Dropped without [`commit`](Self::commit), it
/// rolls back.
pub struct BoundTransaction<'c, K = uuid::Uuid> {
    transaction: postgres::Transaction<'c>,
    scope: Scope<K>,
}

impl<K: core::fmt::Debug> core::fmt::Debug for BoundTransaction<'_, K> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("BoundTransaction")
            .field("scope", &self.scope)
            .finish_non_exhaustive()
    }
}

impl<'c, K: TenantKey> BoundTransaction<'c, K> {
    /// The scope it is bound to: build its statements with it.
    pub fn scope(&self) -> &Scope<K> {
        &self.scope
    }

    /// The transaction itself, for statements this crate does not build. Nothing checks them
    /// here; on a tenant table, row-level security still holds them to the bound organization.
    pub fn client(&mut self) -> &mut postgres::Transaction<'c> {
        &mut self.transaction
    }

    /// `statement`, bound, if it reaches this transaction's organization or no organization.
    fn prepare(
        &self,
        statement: &impl StatementFor<PostgresQueryBuilder>,
    ) -> Result<(String, PostgresValues), Error> {
        if !statement.__owner().within(&self.scope) {
            return Err(Error::OtherScope);
        }
        Ok(bind(statement))
    }

    /// Runs a statement; its rows (for a select, the columns are
    /// [`TenantScoped::COLUMNS`](crate::TenantScoped::COLUMNS), by name or in order).
    pub fn query(
        &mut self,
        statement: &impl StatementFor<PostgresQueryBuilder>,
    ) -> Result<Vec<postgres::Row>, Error> {
        let (sql, values) = self.prepare(statement)?;
        Ok(self.transaction.query(sql.as_str(), &values.as_params())?)
    }

    /// Runs a statement and decodes each row into `T` by column name: a struct derived with
    /// `#[tenant(from_row)]` (which implements `TryFrom<&postgres::Row>`), or any type that
    /// does.
    pub fn query_as<T>(
        &mut self,
        statement: &impl StatementFor<PostgresQueryBuilder>,
    ) -> Result<Vec<T>, Error>
    where
        T: for<'r> TryFrom<&'r postgres::Row, Error = postgres::Error>,
    {
        self.query(statement)?
            .iter()
            .map(|row| T::try_from(row).map_err(Error::from))
            .collect()
    }

    /// Runs a statement that returns one row; an error otherwise.
    pub fn query_one(
        &mut self,
        statement: &impl StatementFor<PostgresQueryBuilder>,
    ) -> Result<postgres::Row, Error> {
        let (sql, values) = self.prepare(statement)?;
        Ok(self
            .transaction
            .query_one(sql.as_str(), &values.as_params())?)
    }

    /// Runs a statement; its first row, if any.
    pub fn query_opt(
        &mut self,
        statement: &impl StatementFor<PostgresQueryBuilder>,
    ) -> Result<Option<postgres::Row>, Error> {
        let (sql, values) = self.prepare(statement)?;
        Ok(self
            .transaction
            .query_opt(sql.as_str(), &values.as_params())?)
    }

    /// Runs an insert, update or delete; the number of rows it changed.
    pub fn execute(
        &mut self,
        statement: &impl StatementFor<PostgresQueryBuilder>,
    ) -> Result<u64, Error> {
        let (sql, values) = self.prepare(statement)?;
        Ok(self
            .transaction
            .execute(sql.as_str(), &values.as_params())?)
    }

    /// Commits: the binding ends with the transaction.
    pub fn commit(self) -> Result<(), postgres::Error> {
        self.transaction.commit()
    }

    /// Rolls back (as dropping it does).
    pub fn rollback(self) -> Result<(), postgres::Error> {
        self.transaction.rollback()
    }
}

/// A transaction in which row-level security shows every organization, for statements built
/// with the [`Unscoped`] capability: made by [`unscoped_transaction`]. It runs only those
/// statements (scoped ones run in [`transaction`]).
pub struct UnscopedTransaction<'c> {
    transaction: postgres::Transaction<'c>,
}

/// Begins a transaction on `client` in which the [row-level security](crate::rls) policies of
/// `setting` show every organization, and logs it (target `tenant::unscoped`, with the reason).
/// As with [`transaction`], nothing is left behind when it ends.
pub fn unscoped_transaction<'c>(
    client: &'c mut postgres::Client,
    unscoped: &Unscoped,
    setting: &TenantSetting,
) -> Result<UnscopedTransaction<'c>, postgres::Error> {
    let binding = crate::rls::Binding::unscoped(setting, unscoped);
    let mut transaction = client.transaction()?;
    transaction.batch_execute(binding.sql())?;
    Ok(UnscopedTransaction { transaction })
}

fn bind_unscoped(statement: &impl UnscopedStatement) -> (String, PostgresValues) {
    let (sql, values) = statement.build_sql(PostgresQueryBuilder);
    let values = crate::query::postgres_values(values);
    (
        sql,
        PostgresValues(values.into_iter().map(PostgresValue).collect()),
    )
}

impl UnscopedTransaction<'_> {
    /// Runs an unscoped select; returns its rows.
    pub fn query(
        &mut self,
        statement: &impl UnscopedStatement,
    ) -> Result<Vec<postgres::Row>, postgres::Error> {
        let (sql, values) = bind_unscoped(statement);
        self.transaction.query(sql.as_str(), &values.as_params())
    }

    /// Runs an unscoped select that returns one row; an error otherwise.
    pub fn query_one(
        &mut self,
        statement: &impl UnscopedStatement,
    ) -> Result<postgres::Row, postgres::Error> {
        let (sql, values) = bind_unscoped(statement);
        self.transaction
            .query_one(sql.as_str(), &values.as_params())
    }

    /// Runs an unscoped select; its first row, if any.
    pub fn query_opt(
        &mut self,
        statement: &impl UnscopedStatement,
    ) -> Result<Option<postgres::Row>, postgres::Error> {
        let (sql, values) = bind_unscoped(statement);
        self.transaction
            .query_opt(sql.as_str(), &values.as_params())
    }

    /// Runs an unscoped update or delete; returns the number of rows it changed.
    pub fn execute(&mut self, statement: &impl UnscopedStatement) -> Result<u64, postgres::Error> {
        let (sql, values) = bind_unscoped(statement);
        self.transaction.execute(sql.as_str(), &values.as_params())
    }

    /// Commits the transaction.
    pub fn commit(self) -> Result<(), postgres::Error> {
        self.transaction.commit()
    }

    /// Rolls the transaction back.
    pub fn rollback(self) -> Result<(), postgres::Error> {
        self.transaction.rollback()
    }
}

/// The [`Executor`](crate::executor::Executor) of this driver, for the organization flows and
/// the audit (`tenant_core::executor` re-exports it).
#[cfg(any(feature = "organizations", feature = "audit"))]
mod executor {
    use postgres::GenericClient;
    use sea_query::{Value, Values};

    use crate::executor::decode;

    use crate::executor::{Backend, Connection, ExecError, Executor, Kind, Transaction};

    /// The organization flows on a synchronous postgres client (PostgreSQL).
    pub struct PostgresExecutor<'c> {
        client: &'c mut postgres::Client,
    }

    impl<'c> PostgresExecutor<'c> {
        /// Runs the flows on `client`.
        pub fn new(client: &'c mut postgres::Client) -> Self {
            PostgresExecutor { client }
        }
    }

    /// `sql` prepared with the types of `values` (so that a value is sent as its own type), and
    /// the values to bind.
    fn prepare(
        client: &mut impl GenericClient,
        sql: &str,
        values: Values,
    ) -> Result<(postgres::Statement, sea_query_postgres::PostgresValues), ExecError> {
        use sea_query_postgres::{PostgresValue, PostgresValues};
        let values = crate::query::postgres_values(values);
        let values = PostgresValues(values.into_iter().map(PostgresValue).collect());
        let statement = client
            .prepare_typed(sql, &values.as_types())
            .map_err(ExecError::new)?;
        Ok((statement, values))
    }

    /// A client or a transaction of the postgres driver, run as an [`Executor`]: what
    /// [`PostgresExecutor`] and [`PostgresTransaction`] run their statements on.
    struct Client<'a, C>(&'a mut C);

    impl<C: GenericClient + Send> Executor for Client<'_, C> {
        fn backend(&self) -> Backend {
            Backend::Postgres
        }

        async fn execute(&mut self, sql: &str, values: Values) -> Result<u64, ExecError> {
            if values.0.is_empty() {
                // DDL, several statements, the binding: the simple protocol takes them all.
                return self
                    .0
                    .batch_execute(sql)
                    .map(|()| 0)
                    .map_err(ExecError::new);
            }
            let (statement, values) = prepare(self.0, sql, values)?;
            self.0
                .execute(&statement, &values.as_params())
                .map_err(ExecError::new)
        }

        async fn fetch(
            &mut self,
            sql: &str,
            values: Values,
            kinds: &[Kind],
        ) -> Result<Vec<Vec<Value>>, ExecError> {
            let (statement, values) = prepare(self.0, sql, values)?;
            let rows = self
                .0
                .query(&statement, &values.as_params())
                .map_err(ExecError::new)?;
            rows.iter().map(|row| decode!(row, kinds)).collect()
        }
    }

    crate::executor::executor_by!(PostgresExecutor<'_>, Backend::Postgres, |this| Client(
        &mut *this.client
    ));

    impl Connection for PostgresExecutor<'_> {
        type Transaction<'t>
            = PostgresTransaction<'t>
        where
            Self: 't;

        async fn begin(&mut self) -> Result<PostgresTransaction<'_>, ExecError> {
            Ok(PostgresTransaction(
                self.client.transaction().map_err(ExecError::new)?,
            ))
        }
    }

    /// A transaction of the postgres client: committed by `commit`, rolled back when dropped
    /// before (by `postgres::Transaction` itself).
    pub struct PostgresTransaction<'t>(postgres::Transaction<'t>);

    crate::executor::executor_by!(PostgresTransaction<'_>, Backend::Postgres, |this| Client(
        &mut this.0
    ));

    impl Transaction for PostgresTransaction<'_> {
        async fn commit(self) -> Result<(), ExecError> {
            self.0.commit().map_err(ExecError::new)
        }
    }
}

#[cfg(any(feature = "organizations", feature = "audit"))]
pub use executor::{PostgresExecutor, PostgresTransaction};
