//! Requests through axum (`tenant_core::axum`), on PostgreSQL under row-level security as a role
//! that owns nothing: two organizations, several users, the `Entered` extractor, the library's
//! errors as statuses, and requests cancelled by a `TimeoutLayer` and by a client that goes
//! away — the tables checked afterwards by SQL that bypasses the library (and the policies).

use std::time::Duration;

use axum::body::Body;
use axum::extract::Path;
use axum::http::{Request, StatusCode, request::Parts};
use axum::routing::{get, post};
use axum::{Json, Router};
use tenant_core::axum::{Entered, Tenancy};
use tenant_core::orgs::{Membership, OrgError, Organization, OrganizationIden, Role};
use tenant_core::sqlx::sqlx;
use tenant_core::uuid::Uuid;
use tenant_core::{GlobalTable, TenantScoped};
use tenant_tests::backends::{Postgres, server_url};
use tenant_tests::requests::{ADA, BOB, EVE, Organizations, organizations};
use tower::ServiceExt;

#[derive(Clone)]
struct App {
    pool: sqlx::PgPool,
}

impl Tenancy for App {
    type User = Uuid;

    fn pool(&self) -> &sqlx::PgPool {
        &self.pool
    }

    async fn authenticate(&self, parts: &mut Parts) -> Option<Uuid> {
        parts.headers.get("x-user")?.to_str().ok()?.parse().ok()
    }
}

async fn members(entered: Entered) -> Result<Json<Vec<Membership>>, OrgError> {
    let Entered { member, mut tx } = entered;
    let members = tx.fetch_all_as(&Membership::select(member.scope())).await?;
    tx.commit().await?;
    Ok(Json(members))
}

/// Renames the organization (admins), then, for `slow`, waits before committing: a request a
/// timeout or a client cancels after its write.
async fn rename(
    Path((_, name, slow)): Path<(Uuid, String, bool)>,
    entered: Entered,
) -> Result<StatusCode, OrgError> {
    let Entered { member, mut tx } = entered;
    member.require(Role::Admin)?;
    tx.execute(
        &Organization::update()
            .set(OrganizationIden::Name, name)
            .where_key(member.organization()),
    )
    .await?;
    if slow {
        tokio::time::sleep(Duration::from_secs(30)).await;
    }
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A database failure: a 500 whose body says nothing of it.
async fn broken(entered: Entered) -> Result<StatusCode, OrgError> {
    let Entered { mut tx, .. } = entered;
    sqlx::query("SELECT 1 / 0").execute(tx.connection()).await?;
    Ok(StatusCode::OK)
}

struct Server {
    db: Postgres,
    runtime: tokio::runtime::Runtime,
    app: Router,
    pool: sqlx::PgPool,
    acme: Uuid,
    globex: Uuid,
}

/// Acme (owner Ada, member Bob) and Globex (owner Eve) under row-level security; the app on a
/// pool of one connection as the application role.
fn server(timeout: Option<Duration>) -> Server {
    let Organizations {
        db,
        runtime,
        pool,
        acme,
        globex,
    } = organizations();
    let routes = Router::new()
        .route("/orgs/{organization}/members", get(members))
        .route("/orgs/{organization}/rename/{name}/{slow}", post(rename))
        .route("/orgs/{organization}/broken", get(broken));
    let routes = match timeout {
        Some(timeout) => routes.layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            timeout,
        )),
        None => routes,
    };
    let app = routes.with_state(App { pool: pool.clone() });
    Server {
        db,
        runtime,
        app,
        pool,
        acme,
        globex,
    }
}

impl Server {
    /// Sends a request as `user` (none: no header); the status and the body.
    fn send(&self, method: &str, path: &str, user: Option<Uuid>) -> (StatusCode, String) {
        self.runtime.block_on(async {
            let response = self
                .app
                .clone()
                .oneshot(request(method, path, user))
                .await
                .expect("infallible");
            let status = response.status();
            let body = axum::body::to_bytes(response.into_body(), 1 << 20)
                .await
                .expect("body");
            (status, String::from_utf8_lossy(&body).into_owned())
        })
    }

    /// The organizations' names, read by SQL that bypasses the library and the policies (the
    /// server's superuser, in the test's schema).
    fn names(&self) -> Vec<String> {
        let mut client =
            postgres::Client::connect(&server_url("TENANT_TEST_POSTGRES_URL"), postgres::NoTls)
                .expect("superuser");
        client
            .query(
                &format!(
                    "SELECT name FROM {}.organizations ORDER BY name",
                    self.db.schema
                ),
                &[],
            )
            .expect("names")
            .iter()
            .map(|row| row.get(0))
            .collect()
    }

    /// The pool's one connection, as the next request gets it: outside any transaction, and
    /// bound to nothing (the policy shows it no membership).
    fn idle_and_unbound(&self) -> bool {
        self.runtime.block_on(async {
            let mut connection = self.pool.acquire().await.expect("the pool's connection");
            // A transaction left open would still hold its `SET LOCAL`.
            let (unset, visible): (bool, i64) = sqlx::query_as(
                "SELECT coalesce(current_setting('app.current_organization_id', true), '') = '', \
                 (SELECT count(*) FROM organization_memberships)",
            )
            .fetch_one(&mut *connection)
            .await
            .expect("state");
            unset && visible == 0
        })
    }
}

fn request(method: &str, path: &str, user: Option<Uuid>) -> Request<Body> {
    let mut request = Request::builder().method(method).uri(path);
    if let Some(user) = user {
        request = request.header("x-user", user.to_string());
    }
    request.body(Body::empty()).expect("request")
}

#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn members_see_their_organization_and_everyone_else_gets_one_not_found() {
    let server = server(None);
    let (acme, globex) = (server.acme, server.globex);

    let (status, body) = server.send("GET", &format!("/orgs/{acme}/members"), Some(BOB));
    assert_eq!(status, StatusCode::OK, "{body}");
    let members: Vec<serde_json::Value> = serde_json::from_str(&body).expect("json");
    let mut users: Vec<&str> = members
        .iter()
        .map(|member| member["user_id"].as_str().unwrap())
        .collect();
    users.sort();
    assert_eq!(users, [ADA.to_string(), BOB.to_string()]);
    assert!(
        members
            .iter()
            .all(|member| member["organization_id"] == acme.to_string())
    );

    // By slug: the same answer as by id.
    assert_eq!(
        server.send("GET", "/orgs/acme/members", Some(BOB)),
        (status, body)
    );

    // Not a member (by id or slug), no such organization or slug: one answer.
    let not_member = server.send("GET", &format!("/orgs/{globex}/members"), Some(BOB));
    let not_member_by_slug = server.send("GET", "/orgs/globex/members", Some(BOB));
    let nonexistent = server.send(
        "GET",
        &format!("/orgs/{}/members", Uuid::from_u128(9)),
        Some(BOB),
    );
    let no_such_slug = server.send("GET", "/orgs/initech/members", Some(BOB));
    let nil = server.send("GET", &format!("/orgs/{}/members", Uuid::nil()), Some(BOB));
    assert_eq!(not_member.0, StatusCode::NOT_FOUND);
    for other in [&not_member_by_slug, &nonexistent, &no_such_slug, &nil] {
        assert_eq!(other, &not_member, "the same status and body");
    }
    // Suspended by the platform operator: its member learns it (403), others get the 404.
    server.runtime.block_on(async {
        let mut connection = server.pool.acquire().await.expect("connection");
        tenant_core::orgs::suspend(
            &mut tenant_core::orgs::SqlxPostgresExecutor::new(&mut connection),
            &tenant_core::orgs::Operator::because("tests: a suspended organization over HTTP"),
            globex,
        )
        .await
        .expect("suspended");
    });
    let (status, body) = server.send("GET", "/orgs/globex/members", Some(EVE));
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::FORBIDDEN, "this organization is suspended")
    );
    assert_eq!(
        server.send("GET", &format!("/orgs/{globex}/members"), Some(BOB)),
        not_member
    );

    // No user: the application's authentication says so.
    assert_eq!(
        server.send("GET", &format!("/orgs/{acme}/members"), None).0,
        StatusCode::UNAUTHORIZED
    );
    assert!(server.idle_and_unbound());
}

#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn roles_and_failures_are_statuses_without_internals() {
    let server = server(None);
    let acme = server.acme;
    let (status, body) = server.send(
        "POST",
        &format!("/orgs/{acme}/rename/Bobco/false"),
        Some(BOB),
    );
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, body) = server.send(
        "POST",
        &format!("/orgs/{acme}/rename/Acme2/false"),
        Some(ADA),
    );
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    assert_eq!(server.names(), ["Acme2", "Globex"]);
    // Eve, owner of Globex, cannot rename Acme: it is not found for her.
    let (status, _) = server.send(
        "POST",
        &format!("/orgs/{acme}/rename/Evil/false"),
        Some(EVE),
    );
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, body) = server.send("GET", &format!("/orgs/{acme}/broken"), Some(ADA));
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(body, "internal error", "no cause in the body");
    assert_eq!(server.names(), ["Acme2", "Globex"]);
    assert!(server.idle_and_unbound());
}

#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn a_request_cut_by_a_timeout_layer_commits_nothing_and_leaves_nothing() {
    let server = server(Some(Duration::from_millis(300)));
    let acme = server.acme;
    let (status, _) = server.send(
        "POST",
        &format!("/orgs/{acme}/rename/Renamed/true"),
        Some(ADA),
    );
    assert_eq!(status, StatusCode::REQUEST_TIMEOUT);
    assert_eq!(
        server.names(),
        ["Acme", "Globex"],
        "the write was rolled back"
    );
    assert!(
        server.idle_and_unbound(),
        "the next request gets a clean connection"
    );
    // And the pool's connection serves the next request.
    assert_eq!(
        server
            .send("GET", &format!("/orgs/{acme}/members"), Some(ADA))
            .0,
        StatusCode::OK
    );
}

#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn a_request_whose_client_goes_away_commits_nothing_and_leaves_nothing() {
    let server = server(None);
    let acme = server.acme;
    server.runtime.block_on(async {
        let request = server.app.clone().oneshot(request(
            "POST",
            &format!("/orgs/{acme}/rename/Renamed/true"),
            Some(ADA),
        ));
        // The client gives up while the handler waits after its write: the future is dropped.
        let gone = tokio::time::timeout(Duration::from_millis(300), request).await;
        assert!(gone.is_err(), "still running when the client went away");
    });
    assert_eq!(
        server.names(),
        ["Acme", "Globex"],
        "the write was rolled back"
    );
    assert!(
        server.idle_and_unbound(),
        "the next request gets a clean connection"
    );
    assert_eq!(
        server
            .send("GET", &format!("/orgs/{acme}/members"), Some(ADA))
            .0,
        StatusCode::OK
    );
}
