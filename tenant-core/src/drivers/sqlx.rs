//! Scoped statements on [sqlx](https://docs.rs/sqlx) (async), values bound through
//! `sea-query-sqlx`: PostgreSQL (feature `sqlx-postgres`) and MySQL/MariaDB (feature
//! `sqlx-mysql`). For SQLite use the `rusqlite` feature (sqlx 0.9 and sea-query-rusqlite 0.8 link
//! different SQLite libraries; cargo admits one per build).
//!
//! On MySQL/MariaDB the plain functions [`query`] and [`query_as`] run scoped statements. On
//! PostgreSQL a scoped statement runs in a [`BoundTransaction`], bound to its organization for
//! row-level security (run on the pool it would see nothing); the plain functions take only
//! global tables' statements there, and a scoped one does not compile ([`Unbound`]).
//!
//! ```no_run
//! use tenant_core::sqlx::{self as driver, BoundTransaction, sqlx::{self, Row}};
//! use tenant_core::{Scope, TenantScoped, TenantSetting, uuid::Uuid};
//!
//! #[derive(TenantScoped)]
//! struct Project {
//!     id: Uuid,
//!     organization_id: Uuid,
//!     name: String,
//! }
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let scope = Scope::new(Uuid::from_u128(1))?;
//!
//! let mysql = sqlx::MySqlPool::connect("mysql://app@127.0.0.1/app").await?;
//! let rows = driver::query::<sqlx::MySql>(&Project::select(&scope)).fetch_all(&mysql).await?;
//! for row in rows {
//!     let name: String = row.get("name");
//!     println!("{name}");
//! }
//! // Or `driver::query_as` into a type that implements `sqlx::FromRow`.
//!
//! let postgres = sqlx::PgPool::connect("postgres://app@127.0.0.1/app").await?;
//! let mut tx = BoundTransaction::begin(&postgres, &scope, &TenantSetting::DEFAULT).await?;
//! let rows = tx.fetch_all(&Project::select(&scope)).await?;
//! tx.commit().await?;
//! # Ok(())
//! # }
//! ```
//!
//! sqlx 0.9 wants dynamic SQL marked as safe: the SQL here is built by sea-query from validated
//! identifiers, with every value bound, so this module wraps it in `AssertSqlSafe` for you.

use sea_query::QueryBuilder;
use sea_query_sqlx::SqlxValues;
use sqlx::{AssertSqlSafe, FromRow, IntoArguments};

use crate::query::StatementFor;

#[doc(no_inline)]
pub use ::sqlx;

/// A database sqlx can run scoped statements on, with the sea-query backend that writes its SQL.
pub trait Backend: sqlx::Database {
    /// The sea-query backend that writes this database's SQL.
    type Builder: QueryBuilder;

    /// The sea-query backend for this database.
    fn query_builder() -> Self::Builder;

    /// The values as this database takes them (PostgreSQL has no unsigned integers).
    #[doc(hidden)]
    fn values(values: sea_query::Values) -> sea_query::Values {
        values
    }
}

#[cfg(feature = "sqlx-postgres")]
impl Backend for sqlx::Postgres {
    type Builder = sea_query::PostgresQueryBuilder;

    fn query_builder() -> Self::Builder {
        sea_query::PostgresQueryBuilder
    }

    fn values(values: sea_query::Values) -> sea_query::Values {
        crate::query::postgres_values(values)
    }
}

#[cfg(feature = "sqlx-mysql")]
impl Backend for sqlx::MySql {
    type Builder = sea_query::MysqlQueryBuilder;

    fn query_builder() -> Self::Builder {
        sea_query::MysqlQueryBuilder
    }
}

#[doc(no_inline)]
pub use super::Unbound;

/// The statement as an sqlx query with its values bound: `.execute(..)`, `.fetch_all(..)`, ...
/// (see [`Unbound`] for which statements run this way on which database).
pub fn query<DB>(
    statement: &(impl StatementFor<DB::Builder> + Unbound<DB>),
) -> sqlx::query::Query<'static, DB, SqlxValues>
where
    DB: Backend,
    SqlxValues: IntoArguments<DB>,
{
    bound_query::<DB>(statement)
}

/// [`query`], for any statement `DB` can run: what a bound transaction runs once it has checked
/// the statement's organization.
pub(crate) fn bound_query<DB>(
    statement: &impl StatementFor<DB::Builder>,
) -> sqlx::query::Query<'static, DB, SqlxValues>
where
    DB: Backend,
    SqlxValues: IntoArguments<DB>,
{
    let (sql, values) = statement.build_for(DB::query_builder());
    sqlx::query_with(AssertSqlSafe(sql), SqlxValues(DB::values(values)))
}

/// The statement as an sqlx query mapping rows to `O` (for a select, the columns are
/// [`TenantScoped::COLUMNS`](crate::TenantScoped::COLUMNS)); the statements of [`query`].
pub fn query_as<DB, O>(
    statement: &(impl StatementFor<DB::Builder> + Unbound<DB>),
) -> sqlx::query::QueryAs<'static, DB, O, SqlxValues>
where
    DB: Backend,
    SqlxValues: IntoArguments<DB>,
    O: for<'r> FromRow<'r, DB::Row>,
{
    let (sql, values) = statement.build_for(DB::query_builder());
    sqlx::query_as_with(AssertSqlSafe(sql), SqlxValues(DB::values(values)))
}

/// Begins a transaction on `connection` with `binding` in the same round trip: `BEGIN; <the
/// binding>` as sqlx's begin statement, which sqlx sends only outside a transaction (nested, it
/// would be a savepoint, whose `RELEASE` would leave the binding to the enclosing transaction).
#[cfg(feature = "sqlx-postgres")]
pub(crate) async fn begin_bound<'c, A>(
    connection: A,
    binding: &crate::rls::Binding,
) -> Result<sqlx::Transaction<'c, sqlx::Postgres>, sqlx::Error>
where
    A: sqlx::Acquire<'c, Database = sqlx::Postgres>,
    A::Connection: Into<sqlx::pool::MaybePoolConnection<'c, sqlx::Postgres>>,
{
    begin_bound_on(connection.acquire().await?, binding).await
}

/// [`begin_bound`] on a connection already acquired.
#[cfg(feature = "sqlx-postgres")]
pub(crate) async fn begin_bound_on<'c>(
    connection: impl Into<sqlx::pool::MaybePoolConnection<'c, sqlx::Postgres>>,
    binding: &crate::rls::Binding,
) -> Result<sqlx::Transaction<'c, sqlx::Postgres>, sqlx::Error> {
    use sqlx::SqlSafeStr;
    let begin = AssertSqlSafe(format!("BEGIN; {}", binding.sql())).into_sql_str();
    sqlx::Transaction::begin(connection, Some(begin)).await
}

/// Refuses a transaction nested in another (a savepoint): `RELEASE SAVEPOINT` would leave what
/// is set in it (`what`) to the enclosing transaction.
#[cfg(feature = "sqlx-postgres")]
pub(crate) fn outermost(
    transaction: &sqlx::Transaction<'_, sqlx::Postgres>,
    needs: &str,
    what: &str,
) -> Result<(), sqlx::Error> {
    use sqlx_core::transaction::TransactionManager;
    let depth = <sqlx::Postgres as sqlx::Database>::TransactionManager::get_transaction_depth(
        &**transaction,
    );
    if depth == 1 {
        return Ok(());
    }
    Err(sqlx::Error::InvalidArgument(format!(
        "{needs}, not one nested {} deep: a savepoint's RELEASE would leave the {what} to the enclosing transaction",
        depth.saturating_sub(1)
    )))
}

/// The fetches of a PostgreSQL transaction type that has `transaction` and a `prepare` of the
/// statements it runs (`$statement`): [`BoundTransaction`] and [`UnscopedTransaction`].
#[cfg(feature = "sqlx-postgres")]
macro_rules! fetches {
    ($($statement:tt)+) => {
        /// Runs a select (or a statement with `RETURNING`); its rows.
        pub async fn fetch_all(
            &mut self,
            statement: &impl $($statement)+,
        ) -> Result<Vec<sqlx::postgres::PgRow>, sqlx::Error> {
            self.prepare(statement)?
                .fetch_all(&mut *self.transaction)
                .await
        }

        /// Its first row, if any.
        pub async fn fetch_optional(
            &mut self,
            statement: &impl $($statement)+,
        ) -> Result<Option<sqlx::postgres::PgRow>, sqlx::Error> {
            self.prepare(statement)?
                .fetch_optional(&mut *self.transaction)
                .await
        }

        /// Its one row; [`sqlx::Error::RowNotFound`] when there is none.
        pub async fn fetch_one(
            &mut self,
            statement: &impl $($statement)+,
        ) -> Result<sqlx::postgres::PgRow, sqlx::Error> {
            self.prepare(statement)?
                .fetch_one(&mut *self.transaction)
                .await
        }

        /// The first column of its one row: a count, a sum.
        pub async fn fetch_scalar<T>(
            &mut self,
            statement: &impl $($statement)+,
        ) -> Result<T, sqlx::Error>
        where
            T: for<'r> sqlx::Decode<'r, sqlx::Postgres> + sqlx::Type<sqlx::Postgres>,
        {
            use sqlx::Row;
            self.fetch_one(statement).await?.try_get(0)
        }

        /// Its rows as `O`.
        pub async fn fetch_all_as<O>(
            &mut self,
            statement: &impl $($statement)+,
        ) -> Result<Vec<O>, sqlx::Error>
        where
            O: for<'r> FromRow<'r, sqlx::postgres::PgRow>,
        {
            let rows = self.fetch_all(statement).await?;
            rows.iter().map(O::from_row).collect()
        }

        /// Its first row as `O`, if any: the `find` of a handler (none is a 404).
        pub async fn fetch_optional_as<O>(
            &mut self,
            statement: &impl $($statement)+,
        ) -> Result<Option<O>, sqlx::Error>
        where
            O: for<'r> FromRow<'r, sqlx::postgres::PgRow>,
        {
            let row = self.fetch_optional(statement).await?;
            row.as_ref().map(O::from_row).transpose()
        }

        /// Runs an insert, update or delete; the number of rows it changed.
        pub async fn execute(
            &mut self,
            statement: &impl $($statement)+,
        ) -> Result<u64, sqlx::Error> {
            let done = self
                .prepare(statement)?
                .execute(&mut *self.transaction)
                .await?;
            Ok(done.rows_affected())
        }
    };
}

/// A PostgreSQL transaction bound to one organization for row-level security: the unit a
/// request works in. It runs the scoped statements of its scope and global-table statements, and
/// refuses a statement scoped to another organization before sending it
/// ([`sqlx::Error::InvalidArgument`]); dropped uncommitted (an error, a panic, a cancelled
/// request), it rolls back, and the binding ends with it.
///
/// Made by [`BoundTransaction::begin`] (or [`bind`](BoundTransaction::bind) on a transaction you
/// began), or, with feature `organizations`, by `orgs::enter_transaction`, which checks the
/// membership in the same round trip as the binding.
///
/// ```no_run
/// use tenant_core::sqlx::{BoundTransaction, sqlx::{self, Row}};
/// use tenant_core::{Scope, TenantScoped, TenantSetting, uuid::Uuid};
///
/// #[derive(TenantScoped)]
/// struct Project {
///     id: Uuid,
///     organization_id: Uuid,
///     name: String,
/// }
///
/// # async fn run(pool: sqlx::PgPool) -> Result<(), Box<dyn std::error::Error>> {
/// let scope = Scope::new(Uuid::from_u128(1))?;
/// let mut tx = BoundTransaction::begin(&pool, &scope, &TenantSetting::DEFAULT).await?;
/// let names: Vec<String> = tx
///     .fetch_all(&Project::select(tx.scope()).column(ProjectIden::Name))
///     .await?
///     .iter()
///     .map(|row| row.get("name"))
///     .collect();
/// tx.commit().await?;
/// # Ok(())
/// # }
/// ```
#[cfg(feature = "sqlx-postgres")]
#[cfg_attr(docsrs, doc(cfg(feature = "sqlx-postgres")))]
pub struct BoundTransaction<'c, K = uuid::Uuid> {
    transaction: sqlx::Transaction<'c, sqlx::Postgres>,
    scope: crate::Scope<K>,
    /// What bound it, to bind it again after an organization flow run inside it.
    #[cfg_attr(not(feature = "organizations"), allow(dead_code))]
    binding: crate::rls::Binding,
}

#[cfg(feature = "sqlx-postgres")]
impl<K: core::fmt::Debug> core::fmt::Debug for BoundTransaction<'_, K> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("BoundTransaction")
            .field("scope", &self.scope)
            .finish_non_exhaustive()
    }
}

#[cfg(feature = "sqlx-postgres")]
impl<'c, K: crate::TenantKey> BoundTransaction<'c, K> {
    /// Begins a transaction on `connection` (a pool, a connection outside any transaction)
    /// bound to `scope` under `setting`: one round trip, the binding sent with the `BEGIN`.
    pub async fn begin<A>(
        connection: A,
        scope: &crate::Scope<K>,
        setting: &crate::TenantSetting,
    ) -> Result<BoundTransaction<'c, K>, sqlx::Error>
    where
        A: sqlx::Acquire<'c, Database = sqlx::Postgres>,
        A::Connection: Into<sqlx::pool::MaybePoolConnection<'c, sqlx::Postgres>>,
    {
        let binding = crate::rls::Binding::scope(setting, scope);
        Ok(BoundTransaction {
            transaction: begin_bound(connection, &binding).await?,
            scope: scope.clone(),
            binding,
        })
    }

    /// Binds `transaction`, which must be the outermost one, to `scope` and takes it over.
    pub async fn bind(
        mut transaction: sqlx::Transaction<'c, sqlx::Postgres>,
        scope: &crate::Scope<K>,
        setting: &crate::TenantSetting,
    ) -> Result<BoundTransaction<'c, K>, sqlx::Error> {
        bind_scope(&mut transaction, scope, setting).await?;
        Ok(BoundTransaction {
            transaction,
            scope: scope.clone(),
            binding: crate::rls::Binding::scope(setting, scope),
        })
    }

    /// A transaction [`begin_bound`] has just bound to `scope`.
    #[cfg(feature = "organizations")]
    pub(crate) fn bound(
        transaction: sqlx::Transaction<'c, sqlx::Postgres>,
        scope: crate::Scope<K>,
        binding: crate::rls::Binding,
    ) -> BoundTransaction<'c, K> {
        BoundTransaction {
            transaction,
            scope,
            binding,
        }
    }

    /// The scope it is bound to: build its statements with it.
    pub fn scope(&self) -> &crate::Scope<K> {
        &self.scope
    }

    /// The transaction's connection, for statements this crate does not build (`sqlx::query!`
    /// on tables of no organization). Nothing checks them here; on a tenant table, row-level
    /// security still holds them to the bound organization. Run the organization flows on the
    /// bound transaction itself (`orgs::invite(&mut tx, ..)`), which binds it again after each:
    /// on this connection, what a flow binds stays bound.
    pub fn connection(&mut self) -> &mut sqlx::PgConnection {
        &mut self.transaction
    }

    /// `statement`, bound, if it reaches this transaction's organization or no organization.
    fn prepare(
        &self,
        statement: &impl StatementFor<sea_query::PostgresQueryBuilder>,
    ) -> Result<sqlx::query::Query<'static, sqlx::Postgres, SqlxValues>, sqlx::Error> {
        if !statement.__owner().within(&self.scope) {
            return Err(sqlx::Error::InvalidArgument(
                crate::query::OTHER_SCOPE.to_owned(),
            ));
        }
        Ok(bound_query::<sqlx::Postgres>(statement))
    }

    fetches!(StatementFor<sea_query::PostgresQueryBuilder>);

    /// Commits: the binding ends with the transaction.
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.transaction.commit().await
    }

    /// Rolls back (as dropping it does).
    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        self.transaction.rollback().await
    }
}

/// Binds `scope` to a PostgreSQL transaction for row-level security: the setting and its
/// transaction setting (see [`rls`](crate::rls)), both transaction-local. When the transaction
/// ends, by commit or rollback, nothing is bound, whatever was set on the connection before.
///
/// Refuses a nested transaction (a savepoint) with [`sqlx::Error::InvalidArgument`]: `RELEASE
/// SAVEPOINT` would leave the binding to the enclosing transaction. Bind the outermost one.
#[cfg(feature = "sqlx-postgres")]
#[cfg_attr(docsrs, doc(cfg(feature = "sqlx-postgres")))]
pub async fn bind_scope<K: crate::TenantKey>(
    transaction: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    scope: &crate::Scope<K>,
    setting: &crate::TenantSetting,
) -> Result<(), sqlx::Error> {
    outermost(
        transaction,
        "bind_scope needs the outermost transaction",
        "binding",
    )?;
    let binding = crate::rls::Binding::scope(setting, scope);
    sqlx::raw_sql(AssertSqlSafe(binding.sql()))
        .execute(&mut **transaction)
        .await?;
    Ok(())
}

/// A PostgreSQL transaction in which [row-level security](crate::rls) shows every
/// organization, for statements built with [`Unscoped`](crate::Unscoped): made by
/// [`unscoped_transaction`]. It runs only those statements; scoped ones run in a transaction
/// bound with [`bind_scope`].
#[cfg(feature = "sqlx-postgres")]
#[cfg_attr(docsrs, doc(cfg(feature = "sqlx-postgres")))]
pub struct UnscopedTransaction<'c> {
    transaction: sqlx::Transaction<'c, sqlx::Postgres>,
}

/// Begins a transaction on `connection` (a pool, a connection) in which the row-level security
/// policies of `setting` show every organization, and logs it (target `tenant::unscoped`).
/// Refuses to begin inside another transaction (a savepoint's `RELEASE` would leave the opening
/// to the enclosing transaction). Nothing is left behind when it ends.
#[cfg(feature = "sqlx-postgres")]
#[cfg_attr(docsrs, doc(cfg(feature = "sqlx-postgres")))]
pub async fn unscoped_transaction<'c, A>(
    connection: A,
    unscoped: &crate::Unscoped,
    setting: &crate::TenantSetting,
) -> Result<UnscopedTransaction<'c>, sqlx::Error>
where
    A: sqlx::Acquire<'c, Database = sqlx::Postgres>,
{
    let mut transaction = connection.begin().await?;
    outermost(
        &transaction,
        "unscoped_transaction needs a connection outside any transaction",
        "opening",
    )?;
    let binding = crate::rls::Binding::unscoped(setting, unscoped);
    sqlx::raw_sql(AssertSqlSafe(binding.sql()))
        .execute(&mut *transaction)
        .await?;
    Ok(UnscopedTransaction { transaction })
}

#[cfg(feature = "sqlx-postgres")]
impl UnscopedTransaction<'_> {
    /// `statement`, bound: every organization is open here.
    fn prepare(
        &self,
        statement: &impl crate::query::UnscopedStatement,
    ) -> Result<sqlx::query::Query<'static, sqlx::Postgres, SqlxValues>, sqlx::Error> {
        let (sql, values) = statement.build_sql(sea_query::PostgresQueryBuilder);
        let values = crate::query::postgres_values(values);
        Ok(sqlx::query_with(AssertSqlSafe(sql), SqlxValues(values)))
    }

    fetches!(crate::query::UnscopedStatement);

    /// Commits the transaction.
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.transaction.commit().await
    }

    /// Rolls the transaction back.
    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        self.transaction.rollback().await
    }
}

/// The [`Executor`](crate::executor::Executor) of this driver, for the organization flows and
/// the audit (`tenant_core::executor` re-exports it).
#[cfg(any(feature = "organizations", feature = "audit"))]
mod executor {
    use sea_query::{Value, Values};

    use crate::executor::decode;

    use crate::executor::{Backend, Connection, ExecError, Executor, Kind, Transaction};

    /// Decodes an sqlx row by `kinds`.
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
        ($feature:literal, $name:ident, $transaction:ident, $connection:ty, $backend:expr, $database:ty) => {
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

            #[cfg(feature = $feature)]
            impl Connection for $name<'_> {
                type Transaction<'t>
                    = $transaction<'t>
                where
                    Self: 't;

                async fn begin(&mut self) -> Result<$transaction<'_>, ExecError> {
                    use sqlx::Connection as _;
                    Ok($transaction(
                        self.connection.begin().await.map_err(ExecError::new)?,
                    ))
                }
            }

            #[doc = concat!("A transaction of sqlx on `", stringify!($connection), "`: committed by `commit`, rolled back when dropped before (sqlx queues the `ROLLBACK`, which runs before the connection's next statement).")]
            #[cfg(feature = $feature)]
            pub struct $transaction<'t>(sqlx::Transaction<'t, $database>);

            #[cfg(feature = $feature)]
            crate::executor::executor_by!($transaction<'_>, $backend, |this| $name::new(&mut this.0));

            #[cfg(feature = $feature)]
            impl Transaction for $transaction<'_> {
                async fn commit(self) -> Result<(), ExecError> {
                    self.0.commit().await.map_err(ExecError::new)
                }
            }
        };
    }

    sqlx_executor!(
        "sqlx-postgres",
        SqlxPostgresExecutor,
        SqlxPostgresTransaction,
        sqlx::PgConnection,
        Backend::Postgres,
        sqlx::Postgres
    );
    sqlx_executor!(
        "sqlx-mysql",
        SqlxMysqlExecutor,
        SqlxMysqlTransaction,
        sqlx::MySqlConnection,
        Backend::Mysql,
        sqlx::MySql
    );
}

/// The organization flows inside a request's bound transaction: `orgs::invite(&mut tx, ..)`. Each
/// flow runs in a savepoint of it (sqlx's nested transaction: released when the flow succeeds,
/// rolled back when it fails or its future is dropped); before the release, the transaction's own
/// binding is made again and every organization closed, so that nothing a flow binds or opens
/// (its organization, the unscoped reads of the switcher or of an invitation's token) outlives it.
#[cfg(all(feature = "sqlx-postgres", feature = "organizations"))]
mod in_request {
    use super::BoundTransaction;
    use crate::executor::{Backend, Connection, ExecError, SqlxPostgresExecutor, Transaction};

    crate::executor::executor_by!(BoundTransaction<'_>, Backend::Postgres, |this| {
        SqlxPostgresExecutor::new(&mut this.transaction)
    });

    impl Connection for BoundTransaction<'_> {
        type Transaction<'t>
            = FlowSavepoint<'t>
        where
            Self: 't;

        async fn begin(&mut self) -> Result<FlowSavepoint<'_>, ExecError> {
            use sqlx::Connection as _;
            let restore = self.binding.restoring();
            let savepoint = self.transaction.begin().await.map_err(ExecError::new)?;
            Ok(FlowSavepoint { savepoint, restore })
        }
    }

    /// An organization flow's savepoint in a [`BoundTransaction`]: see [`Connection`] for it.
    pub struct FlowSavepoint<'t> {
        savepoint: sqlx::Transaction<'t, sqlx::Postgres>,
        /// The bound transaction's binding, with every organization closed.
        restore: String,
    }

    crate::executor::executor_by!(FlowSavepoint<'_>, Backend::Postgres, |this| {
        SqlxPostgresExecutor::new(&mut this.savepoint)
    });

    impl Transaction for FlowSavepoint<'_> {
        async fn commit(mut self) -> Result<(), ExecError> {
            sqlx::raw_sql(sqlx::AssertSqlSafe(self.restore))
                .execute(&mut *self.savepoint)
                .await
                .map_err(ExecError::new)?;
            self.savepoint.commit().await.map_err(ExecError::new)
        }
    }
}

#[cfg(all(feature = "sqlx-postgres", feature = "organizations"))]
pub use in_request::FlowSavepoint;

#[cfg(all(
    feature = "sqlx-mysql",
    any(feature = "organizations", feature = "audit")
))]
pub use executor::{SqlxMysqlExecutor, SqlxMysqlTransaction};
#[cfg(all(
    feature = "sqlx-postgres",
    any(feature = "organizations", feature = "audit")
))]
pub use executor::{SqlxPostgresExecutor, SqlxPostgresTransaction};
