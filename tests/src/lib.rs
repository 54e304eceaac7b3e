//! Fixtures for the integration tests: the example table, two organizations' rows on a real
//! database, and helpers that run a scoped builder through a driver with its values bound.

pub mod parity;

use sea_query_rusqlite::RusqliteBinder;
use tenant_core::TenantScoped;
use tenant_core::query::Select;
use tenant_core::sea_query::SqliteQueryBuilder;
use tenant_core::uuid::Uuid;

pub use rusqlite;

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

pub const SQLITE_SCHEMA: &str = "CREATE TABLE projects (
    id BLOB PRIMARY KEY,
    organization_id BLOB NOT NULL,
    name TEXT NOT NULL,
    is_archived INTEGER NOT NULL
)";

/// Rows of three organizations, written directly (not through the builders under test).
pub fn seed_rows() -> Vec<Project> {
    vec![
        Project::new(0xA1, ORG_A, "visible", false),
        Project::new(0xA2, ORG_A, "a-archived", true),
        Project::new(0xB1, ORG_B, "hidden", false),
        Project::new(0xB2, ORG_B, "b-archived", true),
        Project::new(0xC1, ORG_C, "other", false),
    ]
}

/// A fresh in-memory SQLite database with the `projects` table and [`seed_rows`].
pub fn sqlite() -> rusqlite::Connection {
    let connection = rusqlite::Connection::open_in_memory().expect("in-memory SQLite opens");
    connection
        .execute(SQLITE_SCHEMA, [])
        .expect("schema is created");
    for row in seed_rows() {
        connection
            .execute(
                "INSERT INTO projects (id, organization_id, name, is_archived) VALUES (?1, ?2, ?3, ?4)",
                rusqlite::params![row.id, row.organization_id, row.name, row.archived],
            )
            .expect("seed row is inserted");
    }
    connection
}

/// Runs a scoped select, values bound, and reads its rows in `Project::COLUMNS` order.
pub fn fetch(connection: &rusqlite::Connection, select: &Select<Project>) -> Vec<Project> {
    let (sql, values) = select.as_statement().build_rusqlite(SqliteQueryBuilder);
    query(connection, &sql, &values.as_params())
}

/// Runs an insert, update or delete statement, values bound; returns the rows it changed.
pub fn execute(connection: &rusqlite::Connection, statement: &impl RusqliteBinder) -> usize {
    let (sql, values) = statement.build_rusqlite(SqliteQueryBuilder);
    connection
        .execute(&sql, &*values.as_params())
        .expect("statement runs")
}

/// Every row in the table, read with hand-written SQL that bypasses the builders.
pub fn all_rows(connection: &rusqlite::Connection) -> Vec<Project> {
    query(
        connection,
        "SELECT id, organization_id, name, is_archived FROM projects ORDER BY id",
        &[],
    )
}

/// Runs `sql` and reads `Project`s from its first four columns.
pub fn query(
    connection: &rusqlite::Connection,
    sql: &str,
    params: &[&dyn rusqlite::ToSql],
) -> Vec<Project> {
    let mut statement = connection.prepare(sql).expect("select prepares");
    statement
        .query_map(params, |row| {
            Ok(Project {
                id: row.get(0)?,
                organization_id: row.get(1)?,
                name: row.get(2)?,
                archived: row.get(3)?,
                cached_label: None,
            })
        })
        .expect("select runs")
        .collect::<Result<_, _>>()
        .expect("rows decode")
}

/// The names of `rows`, sorted.
pub fn names(rows: &[Project]) -> Vec<&str> {
    let mut names: Vec<&str> = rows.iter().map(|row| row.name.as_str()).collect();
    names.sort_unstable();
    names
}

/// The README's examples are doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
