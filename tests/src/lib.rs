//! Fixtures for the integration tests: the example table, two organizations' rows on a real
//! database, and helpers that run a scoped builder through a driver with its values bound.

pub mod adopt_suite;
pub mod audit_suite;
pub mod backends;
pub mod orgs_suite;
pub mod parity;
pub mod requests;
pub mod shapes_suite;
pub mod suite;

use tenant_core::uuid::Uuid;
use tenant_core::{GlobalTable, TenantScoped};

/// One `#[test]` per function of `$suite` (a module of this crate whose functions take an
/// `Executor` on an empty database) on each database: SQLite (rusqlite), PostgreSQL (postgres
/// and sqlx) and MariaDB (sqlx). The server-backed ones are `#[ignore]`d without their URLs.
#[macro_export]
macro_rules! executor_suite {
    ($suite:ident; $($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[test]
                fn $name() {
                    let mut db = $crate::backends::Sqlite::empty();
                    let mut executor = tenant_core::executor::RusqliteExecutor::new(&mut db.0);
                    tenant_core::executor::block_on($crate::$suite::$name(&mut executor));
                }
            )*
        }

        mod postgres {
            $(
                #[test]
                #[ignore = "needs TENANT_TEST_POSTGRES_URL"]
                fn $name() {
                    let mut db = $crate::backends::Postgres::empty();
                    let mut executor = tenant_core::executor::PostgresExecutor::new(&mut db.client);
                    tenant_core::executor::block_on($crate::$suite::$name(&mut executor));
                }
            )*
        }

        mod sqlx_postgres {
            $(
                #[test]
                #[ignore = "needs TENANT_TEST_POSTGRES_URL"]
                fn $name() {
                    let db = $crate::backends::Postgres::empty();
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .expect("tokio runtime starts");
                    runtime.block_on(async {
                        let mut connection = db.sqlx_connection().await;
                        let mut executor =
                            tenant_core::executor::SqlxPostgresExecutor::new(&mut connection);
                        $crate::$suite::$name(&mut executor).await;
                    });
                }
            )*
        }

        mod mysql {
            $(
                #[test]
                #[ignore = "needs TENANT_TEST_MYSQL_URL"]
                fn $name() {
                    let mut db = $crate::backends::Mysql::empty();
                    let $crate::backends::Mysql { runtime, connection, .. } = &mut db;
                    let mut executor = tenant_core::executor::SqlxMysqlExecutor::new(connection);
                    runtime.block_on($crate::$suite::$name(&mut executor));
                }
            )*
        }
    };
}

/// The struct of the README's contract.
#[derive(TenantScoped, Debug, Clone, PartialEq)]
#[tenant(table = "projects")]
pub struct Project {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub name: String,
    #[tenant(rename = "is_archived")]
    pub archived: bool,
    #[tenant(skip)]
    pub cached_label: Option<String>,
}

/// A second tenant table: an email unique within an organization, and a reference to a project
/// of the same organization.
#[derive(TenantScoped, Debug, Clone, PartialEq)]
pub struct Member {
    pub id: Uuid,
    pub organization_id: Uuid,
    #[tenant(unique)]
    pub email: String,
    #[tenant(references = "Project")]
    pub project_id: Option<Uuid>,
}

/// A third tenant table, for joins, groups and sub-queries. Its table is created without
/// foreign keys (see `backends`), so that the seed can plant references across organizations
/// that a scoped join must not follow.
#[derive(TenantScoped, Debug, Clone, PartialEq)]
pub struct Task {
    pub id: Uuid,
    pub organization_id: Uuid,
    #[tenant(references = "Project")]
    pub project_id: Uuid,
    pub title: String,
    pub status: String,
}

/// A table that belongs to no organization: task statuses and their labels, shared by all.
#[derive(GlobalTable, Debug, Clone, PartialEq)]
#[tenant(table = "statuses")]
pub struct Status {
    #[tenant(primary_key)]
    pub code: String,
    pub label: String,
}

/// The seed tasks: `(id, organization, project, title, status)`. `a-planted` (org A) points at
/// org B's project and `b-planted` (org B) at org A's: references no scoped join may follow.
pub const SEED_TASKS: [(u128, Uuid, u128, &str, &str); 5] = [
    (0x1A1, ORG_A, 0xA1, "a-write", "open"),
    (0x1A2, ORG_A, 0xA1, "a-review", "done"),
    (0x1A3, ORG_A, 0xB1, "a-planted", "open"),
    (0x1B1, ORG_B, 0xA1, "b-planted", "open"),
    (0x1B2, ORG_B, 0xB1, "b-ship", "open"),
];

impl Project {
    pub fn new(id: u128, organization_id: Uuid, name: &str, archived: bool) -> Project {
        Project {
            id: Uuid::from_u128(id),
            organization_id,
            name: name.to_owned(),
            archived,
            cached_label: None,
        }
    }
}

pub const ORG_A: Uuid = Uuid::from_u128(0xA);
pub const ORG_B: Uuid = Uuid::from_u128(0xB);
pub const ORG_C: Uuid = Uuid::from_u128(0xC);

/// Rows of three organizations, written with plain sea-query (not the builders under test).
pub fn seed_rows() -> Vec<Project> {
    vec![
        Project::new(0xA1, ORG_A, "visible", false),
        Project::new(0xA2, ORG_A, "a-archived", true),
        Project::new(0xB1, ORG_B, "hidden", false),
        Project::new(0xB2, ORG_B, "b-archived", true),
        Project::new(0xC1, ORG_C, "other", false),
    ]
}

/// The names of `rows`, sorted.
pub fn names(rows: &[Project]) -> Vec<&str> {
    let mut names: Vec<&str> = rows.iter().map(|row| row.name.as_str()).collect();
    names.sort_unstable();
    names
}

/// The median time of a benchmark that just ran, from criterion's estimates file, in nanoseconds.
pub fn criterion_median_ns(output: &std::path::Path, group: &str, function: &str) -> Option<f64> {
    let path = output
        .join(group)
        .join(function)
        .join("new")
        .join("estimates.json");
    let text = std::fs::read_to_string(path).ok()?;
    let estimates: serde_json::Value = serde_json::from_str(&text).ok()?;
    estimates["median"]["point_estimate"].as_f64()
}

/// The README's examples are doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
