//! Scoped statements on [rusqlite](https://docs.rs/rusqlite) (SQLite), values bound through
//! `sea-query-rusqlite`. Feature `rusqlite`.
//!
//! ```
//! use tenant_core::rusqlite::{self as driver, rusqlite};
//! use tenant_core::{Scope, TenantScoped, uuid::Uuid};
//!
//! #[derive(TenantScoped)]
//! struct Project {
//!     id: Uuid,
//!     organization_id: Uuid,
//!     name: String,
//! }
//!
//! let db = rusqlite::Connection::open_in_memory()?;
//! db.execute("CREATE TABLE projects (id BLOB PRIMARY KEY, organization_id BLOB NOT NULL, name TEXT NOT NULL)", [])?;
//! let scope = Scope::new(Uuid::from_u128(1)).expect("not nil");
//! let row = Project { id: Uuid::from_u128(9), organization_id: Uuid::nil(), name: "roadmap".into() };
//! driver::execute(&db, &Project::insert(&scope).row(&row).expect("the scope's row"))?;
//! let names = driver::query(&db, &Project::select(&scope), |row| row.get::<_, String>(2))?;
//! assert_eq!(names, ["roadmap"]);
//! // With `#[tenant(from_row)]` on the struct, rows decode into it by column name:
//! // `let projects: Vec<Project> = driver::query_as(&db, &Project::select(&scope))?;`
//! # Ok::<(), rusqlite::Error>(())
//! ```

use sea_query::SqliteQueryBuilder;
use sea_query_rusqlite::{RusqliteValue, RusqliteValues};

use crate::query::StatementFor;

/// The rusqlite version the binder is built for.
pub use sea_query_rusqlite::rusqlite;

fn bind(statement: &impl StatementFor<SqliteQueryBuilder>) -> (String, RusqliteValues) {
    let (sql, values) = statement.build_for(SqliteQueryBuilder);
    (
        sql,
        RusqliteValues(values.into_iter().map(RusqliteValue).collect()),
    )
}

/// Runs an insert, update or delete; returns the number of rows it changed.
pub fn execute(
    connection: &rusqlite::Connection,
    statement: &impl StatementFor<SqliteQueryBuilder>,
) -> rusqlite::Result<usize> {
    let (sql, values) = bind(statement);
    connection.execute(&sql, &*values.as_params())
}

/// Runs a statement and maps each row it returns (for a select, the columns are
/// [`TenantScoped::COLUMNS`](crate::TenantScoped::COLUMNS), in order).
pub fn query<R>(
    connection: &rusqlite::Connection,
    statement: &impl StatementFor<SqliteQueryBuilder>,
    map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<R>,
) -> rusqlite::Result<Vec<R>> {
    let (sql, values) = bind(statement);
    let mut prepared = connection.prepare(&sql)?;
    let rows = prepared.query_map(&*values.as_params(), map)?;
    rows.collect()
}

/// Runs a statement and decodes each row into `T` by column name: a struct derived with
/// `#[tenant(from_row)]` (which implements `TryFrom<&rusqlite::Row>`), or any type that does.
pub fn query_as<T>(
    connection: &rusqlite::Connection,
    statement: &impl StatementFor<SqliteQueryBuilder>,
) -> rusqlite::Result<Vec<T>>
where
    T: for<'r, 's> TryFrom<&'r rusqlite::Row<'s>, Error = rusqlite::Error>,
{
    query(connection, statement, |row| T::try_from(row))
}

/// The [`Executor`](crate::executor::Executor) of this driver, for the organization flows and
/// the audit (`tenant_core::executor` re-exports it).
#[cfg(any(feature = "organizations", feature = "audit"))]
mod executor {
    use sea_query::{Value, Values};

    use crate::executor::{Backend, Connection, ExecError, Executor, Kind, Transaction};

    /// The organization flows on a rusqlite connection (SQLite). Turn foreign keys on
    /// (`PRAGMA foreign_keys = ON`) for `delete_organization` to cascade.
    pub struct RusqliteExecutor<'c> {
        connection: &'c mut sea_query_rusqlite::rusqlite::Connection,
    }

    impl<'c> RusqliteExecutor<'c> {
        /// Runs the flows on `connection`.
        pub fn new(connection: &'c mut sea_query_rusqlite::rusqlite::Connection) -> Self {
            RusqliteExecutor { connection }
        }
    }

    impl Connection for RusqliteExecutor<'_> {
        type Transaction<'t>
            = RusqliteTransaction<'t>
        where
            Self: 't;

        async fn begin(&mut self) -> Result<RusqliteTransaction<'_>, ExecError> {
            self.connection
                .execute_batch("BEGIN")
                .map_err(ExecError::new)?;
            Ok(RusqliteTransaction {
                connection: &mut *self.connection,
                open: true,
            })
        }
    }

    /// A transaction on a rusqlite connection: committed by `commit`, rolled back when dropped
    /// before (rusqlite's own `Transaction` borrows the connection shared, which is not `Send`).
    pub struct RusqliteTransaction<'t> {
        connection: &'t mut sea_query_rusqlite::rusqlite::Connection,
        open: bool,
    }

    crate::executor::executor_by!(RusqliteTransaction<'_>, Backend::Sqlite, |this| {
        RusqliteExecutor::new(this.connection)
    });

    impl Transaction for RusqliteTransaction<'_> {
        async fn commit(mut self) -> Result<(), ExecError> {
            self.connection
                .execute_batch("COMMIT")
                .map_err(ExecError::new)?;
            self.open = false;
            Ok(())
        }
    }

    impl Drop for RusqliteTransaction<'_> {
        fn drop(&mut self) {
            if self.open {
                // Nothing to report it to: a failed rollback leaves the connection's transaction
                // to end with the connection.
                let _ = self.connection.execute_batch("ROLLBACK");
            }
        }
    }

    impl Executor for RusqliteExecutor<'_> {
        fn backend(&self) -> Backend {
            Backend::Sqlite
        }

        async fn execute(&mut self, sql: &str, values: Values) -> Result<u64, ExecError> {
            use sea_query_rusqlite::{RusqliteValue, RusqliteValues};
            let values = RusqliteValues(values.into_iter().map(RusqliteValue).collect());
            self.connection
                .execute(sql, &*values.as_params())
                .map(|changed| changed as u64)
                .map_err(ExecError::new)
        }

        async fn fetch(
            &mut self,
            sql: &str,
            values: Values,
            kinds: &[Kind],
        ) -> Result<Vec<Vec<Value>>, ExecError> {
            use sea_query_rusqlite::rusqlite::types::ValueRef;
            use sea_query_rusqlite::{RusqliteValue, RusqliteValues};
            let values = RusqliteValues(values.into_iter().map(RusqliteValue).collect());
            let mut statement = self.connection.prepare(sql).map_err(ExecError::new)?;
            let rows = statement
                .query_map(&*values.as_params(), |row| {
                    kinds
                        .iter()
                        .enumerate()
                        .map(|(index, kind)| {
                            let value = row.get_ref(index)?;
                            let null = matches!(value, ValueRef::Null);
                            Ok(match kind {
                                Kind::Uuid => {
                                    Value::Uuid((!null).then(|| row.get(index)).transpose()?)
                                }
                                Kind::Text => Value::String(row.get(index)?),
                                Kind::Int => Value::BigInt(row.get(index)?),
                                Kind::Bool => Value::Bool(row.get(index)?),
                                Kind::Bytes => Value::Bytes(row.get(index)?),
                            })
                        })
                        .collect()
                })
                .map_err(ExecError::new)?;
            rows.collect::<Result<_, _>>().map_err(ExecError::new)
        }
    }
}

#[cfg(any(feature = "organizations", feature = "audit"))]
pub use executor::{RusqliteExecutor, RusqliteTransaction};
