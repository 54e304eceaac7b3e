//! A flow cancelled at an `.await` — a request dropped by the client or by a timeout — leaves
//! nothing on its connection: with a pool of one connection, the next borrower's transaction is
//! not the cancelled flow's, sees nothing it opened, and commits nothing it wrote.
//!
//! The flow is `create_organization`, held at its last write by a second connection that locks
//! the memberships table: by then it has opened the unscoped path (the slug check), bound its
//! organization and inserted the organization row. The timeout drops it there.

use std::time::Duration;

use sqlx::Connection as _;
use tenant_core::executor::{SqlxMysqlExecutor, SqlxPostgresExecutor};
use tenant_core::orgs;
use tenant_core::uuid::Uuid;
use tenant_tests::backends::{Mysql, Postgres, server_url};

const ADA: Uuid = Uuid::from_u128(0xADA);

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime starts")
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
        let search_path = format!("SET search_path TO {schema}");
        let pool = sqlx::postgres::PgPoolOptions::new()
            .max_connections(1)
            .after_connect(move |connection, _| {
                let search_path = search_path.clone();
                Box::pin(async move {
                    sqlx::raw_sql(sqlx::AssertSqlSafe(search_path))
                        .execute(connection)
                        .await
                        .map(|_| ())
                })
            })
            .connect(&server_url("TENANT_TEST_POSTGRES_URL"))
            .await
            .expect("pool");
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
        let pool = sqlx::mysql::MySqlPoolOptions::new()
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
            .connect(&url)
            .await
            .expect("pool");
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
