//! The one thing [`orgs`](crate::orgs)' flows and [`audit`](crate::audit) need of a database:
//! run a statement, read rows. Each is one implementation that runs on every driver through
//! it. Feature `organizations` or `audit`.

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use sea_query::{Value, Values};

/// A driver's error, as an [`Executor`] reports it.
///
/// It displays the driver's whole explanation (the postgres client's own `Display` is only "db
/// error", its reason one `source()` down), and [`kind`](Self::kind) says what kind of
/// constraint refused a write, on every driver, without downcasting. The driver's own error is
/// [`get_ref`](Self::get_ref) (so it is not also the `source()`, which would repeat it).
#[derive(Debug)]
pub struct ExecError {
    error: Box<dyn std::error::Error + Send + Sync>,
    kind: ErrorKind,
}

/// What refused a statement, as far as a caller acts on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A unique constraint or primary key (PostgreSQL `23505`, MySQL/MariaDB `1062`, SQLite
    /// `SQLITE_CONSTRAINT_UNIQUE` or `_PRIMARYKEY`): "already taken", usually a 409.
    UniqueViolation,
    /// A foreign key (PostgreSQL `23503`, MySQL/MariaDB `1451`/`1452`, SQLite
    /// `SQLITE_CONSTRAINT_FOREIGNKEY`).
    ForeignKeyViolation,
    /// Anything else: connection, syntax, permission, row-level security, ...
    Other,
}

impl ExecError {
    /// Wraps a driver's error, classifying it ([`kind`](Self::kind)).
    pub fn new(error: impl std::error::Error + Send + Sync + 'static) -> ExecError {
        let kind = classify(&error);
        ExecError {
            error: Box::new(error),
            kind,
        }
    }

    /// What kind of constraint refused the statement, if one did.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// Whether a unique constraint (or primary key) refused the statement.
    pub fn is_unique_violation(&self) -> bool {
        self.kind == ErrorKind::UniqueViolation
    }

    /// The driver's own error, to downcast (`postgres::Error`, `sqlx::Error`, `rusqlite::Error`).
    pub fn get_ref(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        &*self.error
    }
}

/// The kind of a driver's error, by the error codes each driver exposes.
fn classify(error: &(dyn std::error::Error + 'static)) -> ErrorKind {
    #[cfg(feature = "postgres")]
    if let Some(error) = error.downcast_ref::<postgres::Error>() {
        use postgres::error::SqlState;
        return match error.code() {
            Some(code) if *code == SqlState::UNIQUE_VIOLATION => ErrorKind::UniqueViolation,
            Some(code) if *code == SqlState::FOREIGN_KEY_VIOLATION => {
                ErrorKind::ForeignKeyViolation
            }
            _ => ErrorKind::Other,
        };
    }
    #[cfg(feature = "sqlx")]
    if let Some(error) = error.downcast_ref::<sqlx::Error>() {
        return match error.as_database_error().map(|error| error.kind()) {
            Some(sqlx::error::ErrorKind::UniqueViolation) => ErrorKind::UniqueViolation,
            Some(sqlx::error::ErrorKind::ForeignKeyViolation) => ErrorKind::ForeignKeyViolation,
            _ => ErrorKind::Other,
        };
    }
    #[cfg(feature = "rusqlite")]
    if let Some(sea_query_rusqlite::rusqlite::Error::SqliteFailure(failure, _)) =
        error.downcast_ref::<sea_query_rusqlite::rusqlite::Error>()
    {
        use sea_query_rusqlite::rusqlite::ffi;
        return match failure.extended_code {
            ffi::SQLITE_CONSTRAINT_UNIQUE | ffi::SQLITE_CONSTRAINT_PRIMARYKEY => {
                ErrorKind::UniqueViolation
            }
            ffi::SQLITE_CONSTRAINT_FOREIGNKEY => ErrorKind::ForeignKeyViolation,
            _ => ErrorKind::Other,
        };
    }
    let _ = error;
    ErrorKind::Other
}

impl std::fmt::Display for ExecError {
    /// The driver's message and every cause under it: `db error: ERROR: duplicate key value
    /// violates unique constraint ...`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.error)?;
        let mut shown = self.error.to_string();
        let mut cause = self.error.source();
        while let Some(error) = cause {
            let text = error.to_string();
            // Drivers that already repeat their cause in their own message are not repeated.
            if !shown.contains(&text) {
                write!(f, ": {text}")?;
                shown = text;
            }
            cause = error.source();
        }
        Ok(())
    }
}

impl std::error::Error for ExecError {}

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

/// Evaluates `$body` with `$builder` bound to `$backend`'s sea-query builder
/// (`PostgresQueryBuilder`, ...): the one `match` on the dialect. Not public API.
macro_rules! dialect {
    ($backend:expr, $builder:ident => $body:expr) => {
        match $backend {
            $crate::executor::Backend::Sqlite => {
                let $builder = ::sea_query::SqliteQueryBuilder;
                $body
            }
            $crate::executor::Backend::Postgres => {
                let $builder = ::sea_query::PostgresQueryBuilder;
                $body
            }
            $crate::executor::Backend::Mysql => {
                let $builder = ::sea_query::MysqlQueryBuilder;
                $body
            }
        }
    };
}
#[cfg(feature = "organizations")]
pub(crate) use dialect;

impl Backend {
    /// The SQL and values of a sea-query statement for this dialect.
    #[cfg(feature = "audit")]
    pub(crate) fn build(
        self,
        statement: &impl sea_query::QueryStatementWriter,
    ) -> (String, Values) {
        dialect!(self, builder => statement.build(builder))
    }

    /// The SQL of a schema statement (`CREATE TABLE`, `CREATE INDEX`) for this dialect.
    pub(crate) fn schema(self, statement: &impl sea_query::SchemaStatementBuilder) -> String {
        dialect!(self, builder => statement.build(builder))
    }

    /// A column type as this dialect writes it.
    #[cfg(feature = "audit")]
    pub(crate) fn column_type(self, column_type: &sea_query::ColumnType) -> String {
        use sea_query::TableBuilder;
        let mut sql = String::new();
        dialect!(self, builder => builder.prepare_column_type(column_type, &mut sql));
        sql
    }

    /// A table name as this dialect quotes it.
    #[cfg(feature = "audit")]
    pub(crate) fn table_name(self, name: &sea_query::TableName) -> String {
        use sea_query::TableRefBuilder;
        let mut sql = String::new();
        dialect!(self, builder => builder.prepare_table_name(name, &mut sql));
        sql
    }
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
/// futures never wait. With sqlx, `.await` the flow in your runtime instead.
///
/// # Panics
///
/// When the future waits for something (an asynchronous driver's socket, a timer): it returns
/// `Pending` without asking to be polled again, and nothing here could wake it, so instead of
/// spinning or hanging, `block_on` panics with a message that says to `.await` it. A future that
/// yields (wakes itself, then returns `Pending`) is polled again.
pub fn block_on<F: Future>(future: F) -> F::Output {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::task::Wake;

    /// Records whether the future asked to be polled again.
    struct Woken(AtomicBool);
    impl Wake for Woken {
        fn wake(self: Arc<Self>) {
            self.0.store(true, Ordering::SeqCst);
        }
        fn wake_by_ref(self: &Arc<Self>) {
            self.0.store(true, Ordering::SeqCst);
        }
    }

    let woken = Arc::new(Woken(AtomicBool::new(false)));
    let waker = Waker::from(woken.clone());
    let mut context = Context::from_waker(&waker);
    let mut future = pin!(future);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
        if !woken.0.swap(false, Ordering::SeqCst) {
            panic!(
                "tenant_core::executor::block_on was handed a future that waits for an event: it runs \
                 the flows of the synchronous executors (RusqliteExecutor, PostgresExecutor), which \
                 never wait; `.await` a flow on an asynchronous executor (sqlx) in your runtime instead"
            );
        }
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
                    Kind::Uuid => Value::Uuid($row.try_get(index).map_err(ExecError::new)?),
                    Kind::Text => Value::String($row.try_get(index).map_err(ExecError::new)?),
                    Kind::Int => Value::BigInt($row.try_get(index).map_err(ExecError::new)?),
                    Kind::Bool => Value::Bool($row.try_get(index).map_err(ExecError::new)?),
                    Kind::Bytes => Value::Bytes($row.try_get(index).map_err(ExecError::new)?),
                })
            })
            .collect::<Result<Vec<Value>, ExecError>>()
    };
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
                            Kind::Uuid => Value::Uuid((!null).then(|| row.get(index)).transpose()?),
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
        let values = crate::query::postgres_values(values);
        let values = PostgresValues(values.into_iter().map(PostgresValue).collect());
        let statement = self
            .client
            .prepare_typed(sql, &values.as_types())
            .map_err(ExecError::new)?;
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
            return self
                .client
                .batch_execute(sql)
                .map(|()| 0)
                .map_err(ExecError::new);
        }
        let (statement, values) = self.prepare(sql, values)?;
        self.client
            .execute(&statement, &values.as_params())
            .map_err(ExecError::new)
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
            .map_err(ExecError::new)?;
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
                        .map_err(ExecError::new);
                }
                let values = <$database as crate::drivers::sqlx::Backend>::values(values);
                sqlx::query_with(sql, sea_query_sqlx::SqlxValues(values))
                    .execute(&mut *self.connection)
                    .await
                    .map(|done| done.rows_affected())
                    .map_err(ExecError::new)
            }

            async fn fetch(
                &mut self,
                sql: &str,
                values: Values,
                kinds: &[Kind],
            ) -> Result<Vec<Vec<Value>>, ExecError> {
                let sql = sqlx::AssertSqlSafe(sql.to_owned());
                let values = <$database as crate::drivers::sqlx::Backend>::values(values);
                let rows = sqlx::query_with(sql, sea_query_sqlx::SqlxValues(values))
                    .fetch_all(&mut *self.connection)
                    .await
                    .map_err(ExecError::new)?;
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

#[cfg(test)]
mod tests {
    use super::block_on;
    use std::future::Future;
    use std::pin::Pin;
    use std::task::{Context, Poll};

    /// Returns `Pending` `times` times, waking itself each time (as a yield does).
    struct Yields(u32);
    impl Future for Yields {
        type Output = u32;
        fn poll(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<u32> {
            if self.0 == 0 {
                Poll::Ready(7)
            } else {
                self.0 -= 1;
                context.waker().wake_by_ref();
                Poll::Pending
            }
        }
    }

    #[test]
    fn a_ready_or_yielding_future_runs_to_its_end() {
        assert_eq!(block_on(async { 3 }), 3);
        assert_eq!(block_on(Yields(5)), 7);
    }

    /// A future that waits on something nothing here can wake (an async driver's socket): a
    /// clear panic, not a thread spinning at 100% CPU.
    #[test]
    #[should_panic(expected = "`.await` a flow on an asynchronous executor")]
    fn a_waiting_future_is_refused_not_spun() {
        block_on(std::future::pending::<()>());
    }
}
