//! The one thing [`orgs`](crate::orgs)' flows and [`audit`](crate::audit) need of a database:
//! run a statement, read rows. Each is one implementation that runs on every driver through
//! it. Feature `organizations` or `audit`.

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use sea_query::{Value, Values};

/// A driver's error, as an [`Executor`] reports it.
#[derive(Debug)]
pub struct ExecError(Box<dyn std::error::Error + Send + Sync>);

impl ExecError {
    /// Wraps a driver's error.
    pub fn new(error: impl std::error::Error + Send + Sync + 'static) -> ExecError {
        ExecError(Box::new(error))
    }
}

impl std::fmt::Display for ExecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for ExecError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.0)
    }
}

/// Which SQL dialect an [`Executor`] speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// SQLite.
    Sqlite,
    /// PostgreSQL.
    Postgres,
    /// MySQL or MariaDB.
    Mysql,
}

/// How [`Executor::fetch`] decodes a column (`NULL` is the variant's `None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `Value::Uuid`.
    Uuid,
    /// `Value::String`.
    Text,
    /// `Value::BigInt` (`BIGINT`, `COUNT(*)`).
    Int,
    /// `Value::Bool`.
    Bool,
    /// `Value::Bytes`.
    Bytes,
}

/// A connection the organization flows and the audit run on: one connection, not a pool (a flow is one
/// transaction, begun and ended on it). Implemented for rusqlite, postgres and sqlx
/// connections; implement it for another driver in a few lines.
pub trait Executor: Send {
    /// The dialect to build statements for.
    fn backend(&self) -> Backend;

    /// Runs `sql` with `values` bound; the number of rows changed.
    fn execute(
        &mut self,
        sql: &str,
        values: Values,
    ) -> impl Future<Output = Result<u64, ExecError>> + Send;

    /// Runs `sql` with `values` bound; each row's columns decoded as `kinds` says.
    fn fetch(
        &mut self,
        sql: &str,
        values: Values,
        kinds: &[Kind],
    ) -> impl Future<Output = Result<Vec<Vec<Value>>, ExecError>> + Send;
}

/// Runs a flow on a synchronous executor ([`RusqliteExecutor`], [`PostgresExecutor`]), whose
/// futures never wait. With sqlx, `.await` the flow in your runtime instead: this function
/// would spin while an asynchronous executor waits.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
        std::thread::yield_now();
    }
}

/// A row of a driver whose rows have `try_get(index)` (postgres, sqlx), decoded by `kinds`.
#[cfg(any(feature = "postgres", feature = "sqlx"))]
macro_rules! decode {
    ($row:expr, $kinds:expr) => {
        $kinds
            .iter()
            .enumerate()
            .map(|(index, kind)| {
                Ok(match kind {
                    Kind::Uuid => Value::Uuid($row.try_get(index).map_err(database)?),
                    Kind::Text => Value::String($row.try_get(index).map_err(database)?),
                    Kind::Int => Value::BigInt($row.try_get(index).map_err(database)?),
                    Kind::Bool => Value::Bool($row.try_get(index).map_err(database)?),
                    Kind::Bytes => Value::Bytes($row.try_get(index).map_err(database)?),
                })
            })
            .collect::<Result<Vec<Value>, ExecError>>()
    };
}

fn database(error: impl std::error::Error + Send + Sync + 'static) -> ExecError {
    ExecError::new(error)
}

/// The organization flows on a rusqlite connection (SQLite). Turn foreign keys on
/// (`PRAGMA foreign_keys = ON`) for `delete_organization` to cascade.
#[cfg(feature = "rusqlite")]
pub struct RusqliteExecutor<'c> {
    connection: &'c mut sea_query_rusqlite::rusqlite::Connection,
}

#[cfg(feature = "rusqlite")]
impl<'c> RusqliteExecutor<'c> {
    /// Runs the flows on `connection`.
    pub fn new(connection: &'c mut sea_query_rusqlite::rusqlite::Connection) -> Self {
        RusqliteExecutor { connection }
    }
}

#[cfg(feature = "rusqlite")]
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
            .map_err(database)
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
        let mut statement = self.connection.prepare(sql).map_err(database)?;
        let rows = statement
            .query_map(&*values.as_params(), |row| {
                kinds
                    .iter()
                    .enumerate()
                    .map(|(index, kind)| {
                        let value = row.get_ref(index)?;
                        let null = matches!(value, ValueRef::Null);
                        Ok(match kind {
                            Kind::Uuid => Value::Uuid((!null).then(|| row.get(index)).transpose()?),
                            Kind::Text => Value::String(row.get(index)?),
                            Kind::Int => Value::BigInt(row.get(index)?),
                            Kind::Bool => Value::Bool(row.get(index)?),
                            Kind::Bytes => Value::Bytes(row.get(index)?),
                        })
                    })
                    .collect()
            })
            .map_err(database)?;
        rows.collect::<Result<_, _>>().map_err(database)
    }
}

/// The organization flows on a synchronous postgres client (PostgreSQL).
#[cfg(feature = "postgres")]
pub struct PostgresExecutor<'c> {
    client: &'c mut postgres::Client,
}

#[cfg(feature = "postgres")]
impl<'c> PostgresExecutor<'c> {
    /// Runs the flows on `client`.
    pub fn new(client: &'c mut postgres::Client) -> Self {
        PostgresExecutor { client }
    }

    /// `sql` prepared with the types of `values` (so that a value is sent as its own type),
    /// and the values to bind.
    fn prepare(
        &mut self,
        sql: &str,
        values: Values,
    ) -> Result<(postgres::Statement, sea_query_postgres::PostgresValues), ExecError> {
        use sea_query_postgres::{PostgresValue, PostgresValues};
        let values = PostgresValues(values.into_iter().map(PostgresValue).collect());
        let statement = self
            .client
            .prepare_typed(sql, &values.as_types())
            .map_err(database)?;
        Ok((statement, values))
    }
}

#[cfg(feature = "postgres")]
impl Executor for PostgresExecutor<'_> {
    fn backend(&self) -> Backend {
        Backend::Postgres
    }

    async fn execute(&mut self, sql: &str, values: Values) -> Result<u64, ExecError> {
        if values.0.is_empty() {
            // `BEGIN`, `COMMIT`, DDL: the simple protocol takes several statements.
            return self.client.batch_execute(sql).map(|()| 0).map_err(database);
        }
        let (statement, values) = self.prepare(sql, values)?;
        self.client
            .execute(&statement, &values.as_params())
            .map_err(database)
    }

    async fn fetch(
        &mut self,
        sql: &str,
        values: Values,
        kinds: &[Kind],
    ) -> Result<Vec<Vec<Value>>, ExecError> {
        let (statement, values) = self.prepare(sql, values)?;
        let rows = self
            .client
            .query(&statement, &values.as_params())
            .map_err(database)?;
        rows.iter().map(|row| decode!(row, kinds)).collect()
    }
}

/// Decodes an sqlx row by `kinds`.
#[cfg(feature = "sqlx")]
fn sqlx_row<R>(row: &R, kinds: &[Kind]) -> Result<Vec<Value>, ExecError>
where
    R: sqlx::Row,
    usize: sqlx::ColumnIndex<R>,
    for<'r> Option<uuid::Uuid>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> Option<String>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> Option<i64>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> Option<bool>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> Option<Vec<u8>>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    decode!(row, kinds)
}

macro_rules! sqlx_executor {
    ($feature:literal, $name:ident, $connection:ty, $backend:expr, $database:ty) => {
        #[doc = concat!("The organization flows on an sqlx connection (`", stringify!($connection), "`).")]
        #[cfg(feature = $feature)]
        pub struct $name<'c> {
            connection: &'c mut $connection,
        }

        #[cfg(feature = $feature)]
        impl<'c> $name<'c> {
            /// Runs the flows on `connection`.
            pub fn new(connection: &'c mut $connection) -> Self {
                $name { connection }
            }
        }

        #[cfg(feature = $feature)]
        impl Executor for $name<'_> {
            fn backend(&self) -> Backend {
                $backend
            }

            async fn execute(&mut self, sql: &str, values: Values) -> Result<u64, ExecError> {
                use sqlx::Executor as _;
                let sql = sqlx::AssertSqlSafe(sql.to_owned());
                if values.0.is_empty() {
                    // `BEGIN`, `COMMIT`, DDL: the text protocol, which takes them all.
                    return self
                        .connection
                        .execute(sqlx::raw_sql(sql))
                        .await
                        .map(|done| done.rows_affected())
                        .map_err(database);
                }
                sqlx::query_with(sql, sea_query_sqlx::SqlxValues(values))
                    .execute(&mut *self.connection)
                    .await
                    .map(|done| done.rows_affected())
                    .map_err(database)
            }

            async fn fetch(
                &mut self,
                sql: &str,
                values: Values,
                kinds: &[Kind],
            ) -> Result<Vec<Vec<Value>>, ExecError> {
                let sql = sqlx::AssertSqlSafe(sql.to_owned());
                let rows = sqlx::query_with(sql, sea_query_sqlx::SqlxValues(values))
                    .fetch_all(&mut *self.connection)
                    .await
                    .map_err(database)?;
                rows.iter().map(|row| sqlx_row(row, kinds)).collect()
            }
        }
    };
}

sqlx_executor!(
    "sqlx-postgres",
    SqlxPostgresExecutor,
    sqlx::PgConnection,
    Backend::Postgres,
    sqlx::Postgres
);
sqlx_executor!(
    "sqlx-mysql",
    SqlxMysqlExecutor,
    sqlx::MySqlConnection,
    Backend::Mysql,
    sqlx::MySql
);
