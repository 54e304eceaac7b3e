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

/// Which SQL dialect an [`Executor`] speaks (defined with the migrations, which need it
/// without a driver).
pub use crate::ddl::migration::Backend;

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

impl Kind {
    /// How a column of `column_type` is read: integers as `Int`, binaries as `Bytes`, UUIDs,
    /// booleans, and the rest as `Text`.
    pub fn of(column_type: &sea_query::ColumnType) -> Kind {
        use sea_query::ColumnType;
        match column_type {
            ColumnType::Uuid => Kind::Uuid,
            ColumnType::Boolean => Kind::Bool,
            ColumnType::TinyInteger
            | ColumnType::SmallInteger
            | ColumnType::Integer
            | ColumnType::BigInteger => Kind::Int,
            ColumnType::Binary(_) | ColumnType::VarBinary(_) | ColumnType::Blob => Kind::Bytes,
            _ => Kind::Text,
        }
    }
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

/// An [`Executor`] on a connection that begins transactions of its driver: the organization
/// flows run each in one. A transaction dropped before [`Transaction::commit`] — a flow's
/// future dropped at an `.await` because the request was cancelled, or a flow that failed —
/// rolls back, so nothing of it reaches the connection's next user (a pool's next borrower).
/// The driver's own transaction objects do that: no flow writes `BEGIN` or `COMMIT` itself.
pub trait Connection: Executor {
    /// The driver's transaction on this connection, run as an [`Executor`].
    type Transaction<'t>: Transaction + Send
    where
        Self: 't;

    /// Begins a transaction.
    fn begin(&mut self) -> impl Future<Output = Result<Self::Transaction<'_>, ExecError>> + Send;
}

/// A transaction of a driver, run as an [`Executor`]: [`commit`](Self::commit) commits it;
/// dropped uncommitted, it rolls back.
pub trait Transaction: Executor {
    /// Commits the transaction.
    fn commit(self) -> impl Future<Output = Result<(), ExecError>> + Send;
}

/// `impl Executor for $ty` by the executor `$executor` made from `$this` (a transaction runs
/// its statements as the executor of its connection does). Not public API.
#[cfg(any(feature = "rusqlite", feature = "postgres", feature = "sqlx"))]
macro_rules! executor_by {
    ($ty:ty, $backend:expr, |$this:ident| $executor:expr) => {
        impl $crate::executor::Executor for $ty {
            fn backend(&self) -> $crate::executor::Backend {
                $backend
            }

            async fn execute(
                &mut self,
                sql: &str,
                values: ::sea_query::Values,
            ) -> Result<u64, $crate::executor::ExecError> {
                let $this = self;
                $executor.execute(sql, values).await
            }

            async fn fetch(
                &mut self,
                sql: &str,
                values: ::sea_query::Values,
                kinds: &[$crate::executor::Kind],
            ) -> Result<Vec<Vec<::sea_query::Value>>, $crate::executor::ExecError> {
                let $this = self;
                $executor.fetch(sql, values, kinds).await
            }
        }
    };
}
#[cfg(any(feature = "rusqlite", feature = "postgres", feature = "sqlx"))]
pub(crate) use executor_by;

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
                use ::sea_query::Value;
                use $crate::executor::{ExecError, Kind};
                Ok(match kind {
                    Kind::Uuid => Value::Uuid($row.try_get(index).map_err(ExecError::new)?),
                    Kind::Text => Value::String($row.try_get(index).map_err(ExecError::new)?),
                    Kind::Int => Value::BigInt($row.try_get(index).map_err(ExecError::new)?),
                    Kind::Bool => Value::Bool($row.try_get(index).map_err(ExecError::new)?),
                    Kind::Bytes => Value::Bytes($row.try_get(index).map_err(ExecError::new)?),
                })
            })
            .collect::<Result<Vec<::sea_query::Value>, $crate::executor::ExecError>>()
    };
}
#[cfg(any(feature = "postgres", feature = "sqlx"))]
pub(crate) use decode;

// Each driver's executor lives beside the driver's typed functions, in `crate::drivers`.
#[cfg(feature = "postgres")]
pub use crate::drivers::postgres::{PostgresExecutor, PostgresTransaction};
#[cfg(feature = "rusqlite")]
pub use crate::drivers::rusqlite::{RusqliteExecutor, RusqliteTransaction};
#[cfg(feature = "sqlx-mysql")]
pub use crate::drivers::sqlx::{SqlxMysqlExecutor, SqlxMysqlTransaction};
#[cfg(feature = "sqlx-postgres")]
pub use crate::drivers::sqlx::{SqlxPostgresExecutor, SqlxPostgresTransaction};

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
