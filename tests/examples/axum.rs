//! A request as the unit, served by axum (feature `axum`) on PostgreSQL under row-level
//! security, as an application role that owns nothing: the `Entered` extractor authenticates
//! the user (here an `x-user` header), enters the organization of the path in the request's
//! transaction, and the handler works in that bound transaction and commits it.
//!
//! `cargo run -p tenant-tests --example axum` (server from `TENANT_TEST_POSTGRES_URL`, default
//! `postgres://postgres@127.0.0.1:5432/test`; it works in a schema of its own and drops it).

use std::time::Duration;

use axum::extract::Path;
use axum::http::{StatusCode, request::Parts};
use axum::routing::get;
use axum::{Json, Router};
use sqlx::{AssertSqlSafe, Connection, Row};
use tenant_core::TenantScoped;
use tenant_core::axum::{Entered, Tenancy};
use tenant_core::orgs::{self, OrgError, Role, SqlxPostgresExecutor};
use tenant_core::sea_query::PostgresQueryBuilder;
use tenant_core::sqlx::sqlx;
use tenant_core::uuid::Uuid;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A tenant table of the application.
#[derive(TenantScoped, Debug)]
pub struct Note {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub text: String,
}

const SCHEMA: &str = "tenant_example_axum";
const ROLE: &str = "tenant_example_app";
const ADA: Uuid = Uuid::from_u128(0xADA);
const EVE: Uuid = Uuid::from_u128(0xE7E);

#[derive(Clone)]
struct App {
    pool: sqlx::PgPool,
}

impl Tenancy for App {
    type User = Uuid;

    fn pool(&self) -> &sqlx::PgPool {
        &self.pool
    }

    // The application's authentication: a header here; a session or a JWT in a real one.
    async fn authenticate(&self, parts: &mut Parts) -> Option<Uuid> {
        parts.headers.get("x-user")?.to_str().ok()?.parse().ok()
    }
}

/// `GET /orgs/{organization}/notes`: the organization's notes.
async fn notes(entered: Entered) -> Result<Json<Vec<(Uuid, String)>>, OrgError> {
    let Entered { member, mut tx } = entered;
    let rows = tx.fetch_all(&Note::select(member.scope())).await?;
    tx.commit().await?;
    Ok(Json(
        rows.iter()
            .map(|row| (row.get("id"), row.get("text")))
            .collect(),
    ))
}

/// `POST /orgs/{organization}/notes/{text}`: a note, for members who write.
async fn add_note(
    Path((_, text)): Path<(Uuid, String)>,
    entered: Entered,
) -> Result<StatusCode, OrgError> {
    let Entered { member, mut tx } = entered;
    member.require(Role::Member)?;
    let note = Note {
        id: Uuid::new_v4(),
        organization_id: Uuid::nil(),
        text,
    };
    tx.execute(&Note::insert(member.scope()).row(&note)?)
        .await?;
    tx.commit().await?;
    Ok(StatusCode::CREATED)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::var("TENANT_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());

    // The migration, as the schema's owner: tables, row-level security, and an application role
    // that owns nothing and bypasses no policy.
    let mut owner = sqlx::PgConnection::connect(&url).await?;
    let mut setup = vec![
        format!("DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"),
        format!("CREATE SCHEMA {SCHEMA}"),
        format!("SET search_path TO {SCHEMA}"),
        format!(
            "DO $$ BEGIN CREATE ROLE {ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS; \
             EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
        ),
    ];
    for statement in setup.drain(..) {
        sqlx::raw_sql(AssertSqlSafe(statement))
            .execute(&mut owner)
            .await?;
    }
    orgs::create_tables(&mut SqlxPostgresExecutor::new(&mut owner)).await?;
    let mut schema = orgs::row_level_security();
    schema.push(Note::create_table().to_string(PostgresQueryBuilder));
    schema.extend(Note::row_level_security());
    schema.push(format!("GRANT USAGE ON SCHEMA {SCHEMA} TO {ROLE}"));
    schema.push(format!(
        "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {SCHEMA} TO {ROLE}"
    ));
    for statement in schema {
        sqlx::raw_sql(AssertSqlSafe(statement))
            .execute(&mut owner)
            .await?;
    }

    // The application: a pool working as the application role.
    let as_app = format!("SET search_path TO {SCHEMA}; SET ROLE {ROLE}");
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(2)
        .after_connect(move |connection, _| {
            let as_app = as_app.clone();
            Box::pin(async move {
                sqlx::raw_sql(AssertSqlSafe(as_app))
                    .execute(connection)
                    .await
                    .map(|_| ())
            })
        })
        .connect(&url)
        .await?;
    let acme = {
        let mut connection = pool.acquire().await?;
        let mut db = SqlxPostgresExecutor::new(&mut connection);
        let acme = orgs::create_organization(&mut db, ADA, "Acme", "acme").await?;
        orgs::create_organization(&mut db, EVE, "Globex", "globex").await?;
        acme.organization()
    };

    let app = Router::new()
        .route("/orgs/{organization}/notes", get(notes))
        .route(
            "/orgs/{organization}/notes/{text}",
            axum::routing::post(add_note),
        )
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(5),
        ))
        .with_state(App { pool: pool.clone() });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    println!("serving on http://{address}");

    let requests = [
        (
            "POST",
            format!("/orgs/{acme}/notes/roadmap"),
            ADA,
            "Ada writes a note in Acme",
        ),
        (
            "GET",
            format!("/orgs/{acme}/notes"),
            ADA,
            "Ada reads Acme's notes",
        ),
        (
            "GET",
            format!("/orgs/{acme}/notes"),
            EVE,
            "Eve (Globex) asks for Acme's: not found",
        ),
        (
            "POST",
            format!("/orgs/{acme}/notes/mine"),
            EVE,
            "nor can she write there",
        ),
        (
            "GET",
            format!("/orgs/{}/notes", Uuid::from_u128(42)),
            ADA,
            "no such organization: the same answer",
        ),
    ];
    let mut statuses = Vec::new();
    for (method, path, user, what) in requests {
        let (status, body) = send(address, method, &path, user).await?;
        println!("{what}\n  {method} {path} -> {status} {body}");
        statuses.push(status);
    }
    assert_eq!(statuses, [201, 200, 404, 404, 404]);
    // Eve's attempt wrote nothing: the superuser's count, past the policies.
    let notes: i64 = sqlx::query_scalar("SELECT count(*) FROM notes")
        .fetch_one(&mut owner)
        .await?;
    assert_eq!(notes, 1);

    server.abort();
    pool.close().await;
    sqlx::raw_sql(AssertSqlSafe(format!("DROP SCHEMA {SCHEMA} CASCADE")))
        .execute(&mut owner)
        .await?;
    Ok(())
}

/// One HTTP/1.1 request over a fresh connection; the status and the body.
async fn send(
    address: std::net::SocketAddr,
    method: &str,
    path: &str,
    user: Uuid,
) -> Result<(u16, String), Box<dyn std::error::Error>> {
    let mut stream = tokio::net::TcpStream::connect(address).await?;
    let request = format!(
        "{method} {path} HTTP/1.1\r\nhost: {address}\r\nx-user: {user}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await?;
    let mut response = String::new();
    stream.read_to_string(&mut response).await?;
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|status| status.parse().ok())
        .ok_or("no status line")?;
    let body = response.split("\r\n\r\n").nth(1).unwrap_or("").to_owned();
    Ok((status, body))
}
