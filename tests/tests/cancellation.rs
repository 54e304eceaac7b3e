//! A flow cancelled at an `.await` — a request dropped by the client or by a timeout — leaves
//! nothing on its connection: with a pool of one connection, the next borrower's transaction is
//! not the cancelled flow's, sees nothing it opened, and commits nothing it wrote.
//!
//! The flow is `create_organization`, held at its last write by a second connection that locks
//! the memberships table: by then it has opened the unscoped path (the slug check), bound its
//! organization and inserted the organization row. The timeout drops it there.

use std::time::Duration;

use sqlx::Connection as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tenant_core::executor::{
    Backend, Connection, ExecError, Executor, Kind, SqlxMysqlExecutor, SqlxPostgresExecutor,
};
use tenant_core::orgs;
use tenant_core::sea_query::{Value, Values};
use tenant_core::uuid::Uuid;
use tenant_tests::backends::{Mysql, Postgres, server_url};

const ADA: Uuid = Uuid::from_u128(0xADA);

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime starts")
}

/// A pool of one connection to the test's schema on PostgreSQL.
async fn postgres_pool(schema: &str) -> sqlx::PgPool {
    tenant_tests::requests::pool_of_one(format!("SET search_path TO {schema}")).await
}

/// A pool of one connection to the test's database on MariaDB (`use_database`: `USE name`).
async fn mariadb_pool(use_database: &str, url: &str) -> sqlx::MySqlPool {
    let use_database = use_database.to_owned();
    sqlx::mysql::MySqlPoolOptions::new()
        .max_connections(1)
        .after_connect(move |connection, _| {
            let use_database = use_database.clone();
            Box::pin(async move {
                sqlx::raw_sql(sqlx::AssertSqlSafe(use_database))
                    .execute(connection)
                    .await
                    .map(|_| ())
            })
        })
        .connect(url)
        .await
        .expect("pool")
}

#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn a_cancelled_flow_leaves_nothing_to_the_next_borrower_on_postgres() {
    let db = Postgres::empty();
    let schema = db.schema.clone();
    runtime().block_on(async {
        let mut setup = db.sqlx_connection().await;
        orgs::create_tables(&mut SqlxPostgresExecutor::new(&mut setup))
            .await
            .expect("tables");
        let pool = postgres_pool(&schema).await;
        // A second connection holds the memberships table: the flow waits at its last write.
        sqlx::raw_sql("BEGIN; LOCK TABLE organization_memberships IN ACCESS EXCLUSIVE MODE")
            .execute(&mut setup)
            .await
            .expect("lock");
        {
            let mut connection = pool.acquire().await.expect("the pool's connection");
            let mut executor = SqlxPostgresExecutor::new(&mut connection);
            let flow = orgs::create_organization(&mut executor, ADA, "Acme", "acme");
            let cancelled = tokio::time::timeout(Duration::from_millis(500), flow).await;
            assert!(cancelled.is_err(), "the flow was waiting for the lock");
        }
        sqlx::raw_sql("COMMIT")
            .execute(&mut setup)
            .await
            .expect("unlock");
        // The next borrower: its own transaction, in which nothing of the flow is open.
        let mut next = pool.begin().await.expect("next transaction");
        let opened: (bool,) = sqlx::query_as(
            "SELECT coalesce(current_setting('app.current_organization_id_unscoped', true), '') \
             = extract(epoch from transaction_timestamp())::text",
        )
        .fetch_one(&mut *next)
        .await
        .expect("setting");
        assert!(
            !opened.0,
            "the cancelled flow's unscoped opening reached the next borrower"
        );
        next.commit().await.expect("commit");
        // Nothing of the flow was committed, by it or by the next borrower.
        let organizations: (i64,) = sqlx::query_as("SELECT count(*) FROM organizations")
            .fetch_one(&mut setup)
            .await
            .expect("count");
        assert_eq!(organizations.0, 0, "a half-done organization was committed");
        // The connection serves the flow again.
        let mut connection = pool.acquire().await.expect("the pool's connection");
        orgs::create_organization(
            &mut SqlxPostgresExecutor::new(&mut connection),
            ADA,
            "Acme",
            "acme",
        )
        .await
        .expect("the slug is free");
    });
}

#[test]
#[ignore = "needs TENANT_TEST_MYSQL_URL"]
fn a_cancelled_flow_leaves_nothing_to_the_next_borrower_on_mariadb() {
    let db = Mysql::empty();
    let database = db.database().to_owned();
    let url = server_url("TENANT_TEST_MYSQL_URL");
    runtime().block_on(async {
        let use_database = format!("USE {database}");
        let mut setup = sqlx::MySqlConnection::connect(&url)
            .await
            .expect("connection");
        sqlx::raw_sql(sqlx::AssertSqlSafe(use_database.clone()))
            .execute(&mut setup)
            .await
            .expect("use");
        orgs::create_tables(&mut SqlxMysqlExecutor::new(&mut setup))
            .await
            .expect("tables");
        let pool = mariadb_pool(&use_database, &url).await;
        sqlx::raw_sql("LOCK TABLES organization_memberships WRITE")
            .execute(&mut setup)
            .await
            .expect("lock");
        {
            let mut connection = pool.acquire().await.expect("the pool's connection");
            let mut executor = SqlxMysqlExecutor::new(&mut connection);
            let flow = orgs::create_organization(&mut executor, ADA, "Acme", "acme");
            let cancelled = tokio::time::timeout(Duration::from_millis(500), flow).await;
            assert!(cancelled.is_err(), "the flow was waiting for the lock");
        }
        sqlx::raw_sql("UNLOCK TABLES")
            .execute(&mut setup)
            .await
            .expect("unlock");
        // The next borrower writes and commits in its own transaction.
        let mut next = pool.begin().await.expect("next transaction");
        sqlx::query("SELECT 1")
            .execute(&mut *next)
            .await
            .expect("work");
        next.commit().await.expect("commit");
        let organizations: (i64,) = sqlx::query_as("SELECT count(*) FROM organizations")
            .fetch_one(&mut setup)
            .await
            .expect("count");
        assert_eq!(organizations.0, 0, "a half-done organization was committed");
        let mut connection = pool.acquire().await.expect("the pool's connection");
        orgs::create_organization(
            &mut SqlxMysqlExecutor::new(&mut connection),
            ADA,
            "Acme",
            "acme",
        )
        .await
        .expect("the slug is free");
    });
}

/// An executor that stalls forever at its `at`-th call (`begin`, a statement), counting from
/// 0 across the transactions it begins, and says so on `stalled`: the flow is then dropped right
/// there, as a request cancelled at that `.await` (never at another one, however slow the
/// machine: no timer decides where).
struct Stall<E> {
    inner: E,
    calls: Arc<AtomicUsize>,
    at: usize,
    stalled: Arc<tokio::sync::Notify>,
}

impl<E> Stall<E> {
    /// Whether this call is the one to stall at; if so, says so.
    fn stalls(&self) -> bool {
        let stalls = self.calls.fetch_add(1, Ordering::SeqCst) == self.at;
        if stalls {
            self.stalled.notify_one();
        }
        stalls
    }
}

/// Never finishes when `stall`.
async fn stall_if(stall: bool) {
    if stall {
        std::future::pending::<()>().await;
    }
}

impl<E: Executor> Executor for Stall<E> {
    fn backend(&self) -> Backend {
        self.inner.backend()
    }

    async fn execute(&mut self, sql: &str, values: Values) -> Result<u64, ExecError> {
        stall_if(self.stalls()).await;
        self.inner.execute(sql, values).await
    }

    async fn fetch(
        &mut self,
        sql: &str,
        values: Values,
        kinds: &[Kind],
    ) -> Result<Vec<Vec<Value>>, ExecError> {
        stall_if(self.stalls()).await;
        self.inner.fetch(sql, values, kinds).await
    }
}

impl<C: Connection> Connection for Stall<C> {
    type Transaction<'t>
        = Stall<C::Transaction<'t>>
    where
        Self: 't;

    async fn begin(&mut self) -> Result<Self::Transaction<'_>, ExecError> {
        stall_if(self.stalls()).await;
        Ok(Stall {
            inner: self.inner.begin().await?,
            calls: self.calls.clone(),
            at: self.at,
            stalled: self.stalled.clone(),
        })
    }
}

impl<T: tenant_core::executor::Transaction> tenant_core::executor::Transaction for Stall<T> {
    async fn commit(self) -> Result<(), ExecError> {
        self.inner.commit().await
    }
}

/// The organization flows, each cancelled at every call it makes (its `begin`, then each
/// statement), one after the other, on a pool of one connection: after each cancellation the
/// connection's next user sees nothing the flow opened or bound (`$idle`, SQL whose one boolean
/// says so) and the tables are as they were (`$state`, SQL whose one text sums them up); then the
/// flow runs to its end. The number of cancellations.
macro_rules! every_call_of_every_flow {
    ($pool:expr, $executor:ident, idle = $idle:literal, state = $state:literal) => {{
        let pool = $pool;
        let state = || async {
            let mut connection = pool.acquire().await.expect("the pool's connection");
            let (state,): (String,) = sqlx::query_as($state)
                .fetch_one(&mut *connection)
                .await
                .expect("state");
            state
        };
        let mut cancellations = 0;
        macro_rules! each_call {
            (|$db:ident| $flow:expr) => {{
                let before = state().await;
                let mut at = 0;
                loop {
                    let mut connection = pool.acquire().await.expect("the pool's connection");
                    let stalled = Arc::new(tokio::sync::Notify::new());
                    let mut $db = Stall {
                        inner: $executor::new(&mut connection),
                        calls: Arc::new(AtomicUsize::new(0)),
                        at,
                        stalled: stalled.clone(),
                    };
                    let done = tokio::select! {
                        result = $flow => Some(result),
                        () = stalled.notified() => None,
                    };
                    drop($db);
                    drop(connection);
                    if let Some(result) = done {
                        break result.expect("the flow runs to its end");
                    }
                    cancellations += 1;
                    let mut connection = pool.acquire().await.expect("the pool's connection");
                    let (idle,): (bool,) = sqlx::query_as($idle)
                        .fetch_one(&mut *connection)
                        .await
                        .expect("idle");
                    assert!(
                        idle,
                        "cancelled at call {at}: the next user sees the flow's transaction"
                    );
                    drop(connection);
                    assert_eq!(
                        state().await,
                        before,
                        "cancelled at call {at}: something was committed"
                    );
                    at += 1;
                }
            }};
        }
        let ada = each_call!(|db| orgs::create_organization(&mut db, ADA, "Acme", "acme"));
        let _ = each_call!(|db| orgs::organizations_of(&mut db, ADA));
        let _ = each_call!(|db| orgs::enter(&mut db, ADA, ada.organization()));
        let (_, token) = each_call!(|db| orgs::invite(
            &mut db,
            &ada,
            "bob@example.com",
            orgs::Role::Member,
            Duration::from_secs(3600)
        ));
        let _ = each_call!(|db| orgs::accept(&mut db, &token, BOB, Some("bob@example.com")));
        each_call!(|db| orgs::change_role(&mut db, &ada, BOB, orgs::Role::Admin));
        let _ = each_call!(|db| orgs::members(&mut db, &ada, orgs::Page::first(10)));
        let _ = each_call!(|db| orgs::invitations(&mut db, &ada, orgs::Page::first(10)));
        let _ = each_call!(|db| orgs::events(&mut db, &ada, orgs::Page::first(10)));
        let (revoked, _) = each_call!(|db| orgs::invite(
            &mut db,
            &ada,
            "carol@example.com",
            orgs::Role::Member,
            Duration::from_secs(3600)
        ));
        each_call!(|db| orgs::revoke(&mut db, &ada, revoked.id));
        each_call!(|db| orgs::remove_member(&mut db, &ada, BOB));
        let operator = orgs::Operator::because("tests: cancelled operator actions");
        each_call!(|db| orgs::suspend(&mut db, &operator, ada.organization()));
        each_call!(|db| orgs::reactivate(&mut db, &operator, ada.organization()));
        let requested =
            each_call!(|db| orgs::request_organization(&mut db, BOB, "Initech", "initech"));
        each_call!(|db| orgs::approve(&mut db, &operator, requested.organization()));
        each_call!(|db| orgs::delete_organization(&mut db, &ada));
        cancellations
    }};
}

const BOB: Uuid = Uuid::from_u128(0xB0B);

#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn every_flow_cancelled_at_every_call_leaves_nothing_on_postgres() {
    let db = Postgres::empty();
    let schema = db.schema.clone();
    runtime().block_on(async {
        let mut setup = db.sqlx_connection().await;
        orgs::create_tables(&mut SqlxPostgresExecutor::new(&mut setup))
            .await
            .expect("tables");
        let pool = postgres_pool(&schema).await;
        let cancellations = every_call_of_every_flow!(
            &pool,
            SqlxPostgresExecutor,
            idle = "SELECT coalesce(current_setting('app.current_organization_id_unscoped', true), '') = '' \
                    AND coalesce(current_setting('app.current_organization_id', true), '') = ''",
            state = "SELECT concat((SELECT count(*) FROM organizations), '/', \
                     (SELECT count(*) FROM organization_invitations), '/', \
                     (SELECT count(*) FROM organization_invitations WHERE accepted_at IS NULL), '/', \
                     (SELECT string_agg(role, ',' ORDER BY role) FROM organization_memberships), '/', \
                     (SELECT count(*) FROM organization_events), '/', \
                     (SELECT string_agg(status, ',' ORDER BY status) FROM organizations))"
        );
        assert!(cancellations >= 20, "every flow made calls: {cancellations}");
    });
}

#[test]
#[ignore = "needs TENANT_TEST_MYSQL_URL"]
fn every_flow_cancelled_at_every_call_leaves_nothing_on_mariadb() {
    let db = Mysql::empty();
    let use_database = format!("USE {}", db.database());
    let url = server_url("TENANT_TEST_MYSQL_URL");
    runtime().block_on(async {
        let pool = mariadb_pool(&use_database, &url).await;
        {
            let mut connection = pool.acquire().await.expect("connection");
            orgs::create_tables(&mut SqlxMysqlExecutor::new(&mut connection))
                .await
                .expect("tables");
        }
        let cancellations = every_call_of_every_flow!(
            &pool,
            SqlxMysqlExecutor,
            idle = "SELECT @@in_transaction = 0",
            state = "SELECT CAST(CONCAT((SELECT count(*) FROM organizations), '/', \
                     (SELECT count(*) FROM organization_invitations), '/', \
                     (SELECT count(*) FROM organization_invitations WHERE accepted_at IS NULL), '/', \
                     COALESCE((SELECT GROUP_CONCAT(role ORDER BY role) FROM organization_memberships), ''), '/', \
                     (SELECT count(*) FROM organization_events), '/', \
                     COALESCE((SELECT GROUP_CONCAT(status ORDER BY status) FROM organizations), '')) AS CHAR)"
        );
        assert!(cancellations >= 20, "every flow made calls: {cancellations}");
    });
}

/// A web framework runs a handler on any worker thread: every flow's future is `Send` on the
/// async drivers (checked at compile time; never run).
#[allow(dead_code, clippy::let_underscore_future)]
fn the_flows_can_run_on_any_thread(pool: sqlx::PgPool, member: orgs::Member) {
    fn send<F: Future + Send>(_: F) {}
    send(async move {
        let mut connection = pool.acquire().await.expect("connection");
        let mut db = SqlxPostgresExecutor::new(&mut connection);
        let _ = orgs::create_organization(&mut db, ADA, "Acme", "acme").await;
        let _ = orgs::organizations_of(&mut db, ADA).await;
        let _ = orgs::enter(&mut db, ADA, member.organization()).await;
        let _ = orgs::invite(
            &mut db,
            &member,
            "a@b.c",
            orgs::Role::Member,
            Duration::from_secs(1),
        )
        .await;
        let _ = orgs::accept(&mut db, "token", BOB, None).await;
        let _ = orgs::revoke(&mut db, &member, Uuid::nil()).await;
        let _ = orgs::change_role(&mut db, &member, BOB, orgs::Role::Admin).await;
        let _ = orgs::remove_member(&mut db, &member, BOB).await;
        let _ = orgs::leave(&mut db, &member).await;
        let _ = orgs::delete_organization(&mut db, &member).await;
        let _ = orgs::members(&mut db, &member, orgs::Page::first(1)).await;
        let _ = orgs::invitations(&mut db, &member, orgs::Page::first(1)).await;
        let _ = orgs::events(&mut db, &member, orgs::Page::first(1)).await;
        let operator = orgs::Operator::because("tests: Send");
        let _ = orgs::request_organization(&mut db, ADA, "Acme", "acme").await;
        let _ = orgs::approve(&mut db, &operator, Uuid::nil()).await;
        let _ = orgs::reject(&mut db, &operator, Uuid::nil()).await;
        let _ = orgs::suspend(&mut db, &operator, Uuid::nil()).await;
        let _ = orgs::reactivate(&mut db, &operator, Uuid::nil()).await;
    });
}
