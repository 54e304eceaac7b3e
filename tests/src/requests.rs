//! What the request tests, the HTTP suite and the request benchmark share: two organizations
//! under row-level security, made through the flows as the application role, and a pool that
//! works as that role.

use std::time::Duration;

use tenant_core::orgs::{self, PostgresExecutor, Role};
use tenant_core::sqlx::sqlx;
use tenant_core::uuid::Uuid;

use crate::backends::{APP_ROLE, Postgres, server_url};

/// Acme's owner.
pub const ADA: Uuid = Uuid::from_u128(0xADA);
/// A member of Acme.
pub const BOB: Uuid = Uuid::from_u128(0xB0B);
/// Globex's owner.
pub const EVE: Uuid = Uuid::from_u128(0xE7E);

/// Two organizations and the pool the application serves them from.
pub struct Organizations {
    /// The schema (the organization tables, under row-level security); its client works as
    /// the application role.
    pub db: Postgres,
    /// A runtime for the pool.
    pub runtime: tokio::runtime::Runtime,
    /// One connection, as the application role, in the schema.
    pub pool: sqlx::PgPool,
    /// Acme: Ada (owner), Bob (member).
    pub acme: Uuid,
    /// Globex: Eve (owner).
    pub globex: Uuid,
}

/// A fresh schema with the organization tables under row-level security, Acme and Globex made
/// through the flows as the application role, and a pool of one connection working as it.
pub fn organizations() -> Organizations {
    let mut db = Postgres::empty();
    orgs::block_on(orgs::create_tables(&mut PostgresExecutor::new(
        &mut db.client,
    )))
    .expect("tables");
    for statement in orgs::row_level_security() {
        db.client.batch_execute(&statement).expect("policy");
    }
    db.as_app_role(false);
    let mut executor = PostgresExecutor::new(&mut db.client);
    let acme = orgs::block_on(orgs::create_organization(
        &mut executor,
        ADA,
        "Acme",
        "acme",
    ))
    .expect("Acme");
    let (_, token) = orgs::block_on(orgs::invite(
        &mut executor,
        &acme,
        "bob@example.com",
        Role::Member,
        Duration::from_secs(3600),
    ))
    .expect("invitation");
    orgs::block_on(orgs::accept(&mut executor, &token, BOB, None)).expect("Bob joins");
    let globex = orgs::block_on(orgs::create_organization(
        &mut executor,
        EVE,
        "Globex",
        "globex",
    ))
    .expect("Globex");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let pool = runtime.block_on(app_pool(&db.schema));
    Organizations {
        db,
        runtime,
        pool,
        acme: acme.organization(),
        globex: globex.organization(),
    }
}

/// A pool of one connection to the server at `TENANT_TEST_POSTGRES_URL`, in `schema`, working
/// as the application role.
pub async fn app_pool(schema: &str) -> sqlx::PgPool {
    pool_of_one(format!("SET search_path TO {schema}; SET ROLE {APP_ROLE}")).await
}

/// A pool of one connection to the server at `TENANT_TEST_POSTGRES_URL`, each connection made
/// running `setup` (a schema's `search_path`, a role).
pub async fn pool_of_one(setup: String) -> sqlx::PgPool {
    sqlx::postgres::PgPoolOptions::new()
        .max_connections(1)
        .after_connect(move |connection, _| {
            let setup = setup.clone();
            Box::pin(async move {
                sqlx::raw_sql(sqlx::AssertSqlSafe(setup))
                    .execute(connection)
                    .await
                    .map(|_| ())
            })
        })
        .connect(&server_url("TENANT_TEST_POSTGRES_URL"))
        .await
        .expect("pool")
}
