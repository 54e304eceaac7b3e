//! `tenant_sql!` statements run on SQLite, PostgreSQL (as the application role, under row-level
//! security, in a transaction bound to the organization) and MariaDB, over the seed rows of
//! three organizations — among them tasks that point at another organization's project. Every
//! statement runs for organization A; what it read and changed is checked with SQL that
//! bypasses the library.

use sqlx::Row;
use tenant_core::sea_query::Values;
use tenant_core::uuid::Uuid;
use tenant_core::{Scope, tenant_sql};
use tenant_tests::backends::{Mysql, Postgres, Sqlite};
use tenant_tests::{ORG_A, Project, Task};

fn scope() -> Scope {
    Scope::new(ORG_A).expect("not nil")
}

/// The same text for the three dialects.
macro_rules! each {
    ($text:literal $(, $name:ident = $value:expr)* $(,)?) => {
        (
            tenant_sql!(sqlite, $text $(, $name = $value)*).bind(&scope()),
            tenant_sql!(postgres, $text $(, $name = $value)*).bind(&scope()),
            tenant_sql!(mysql, $text $(, $name = $value)*).bind(&scope()),
        )
    };
}

type Bound = (String, Values);

/// The statements of the suite, bound to organization A, for each dialect; the rows each select
/// must return and the number of rows each write must change.
fn statements() -> Vec<((Bound, Bound, Bound), Expected)> {
    let new_task = Uuid::from_u128(0x1A9);
    vec![
        (
            each!(
                "SELECT p.name FROM {Project} AS p WHERE p.organization_id = {scope} ORDER BY p.name"
            ),
            Expected::Rows(&["a-archived", "visible"]),
        ),
        (
            each!(
                "SELECT t.title FROM {Project} AS p JOIN {Task} AS t ON t.organization_id = p.organization_id AND t.project_id = p.id WHERE p.organization_id = {scope} ORDER BY t.title"
            ),
            Expected::Rows(&["a-review", "a-write"]),
        ),
        (
            each!(
                "SELECT p.name FROM {Project} AS p LEFT JOIN {Task} AS t ON t.organization_id = p.organization_id AND t.project_id = p.id WHERE p.organization_id = {scope} AND t.id IS NULL"
            ),
            Expected::Rows(&["a-archived"]),
        ),
        (
            each!(
                "SELECT p.name FROM {Project} AS p WHERE p.organization_id = {scope} AND p.id IN (SELECT t.project_id FROM {Task} AS t WHERE t.organization_id = {scope}) ORDER BY p.name"
            ),
            Expected::Rows(&["visible"]),
        ),
        (
            each!(
                "SELECT p.name FROM {Project} AS p WHERE p.organization_id = {scope} UNION SELECT t.title FROM {Task} AS t WHERE t.organization_id = {scope} ORDER BY 1"
            ),
            Expected::Rows(&["a-archived", "a-planted", "a-review", "a-write", "visible"]),
        ),
        (
            each!(
                "UPDATE {Project} SET name = {name} WHERE organization_id = {scope} AND name = {old}",
                name = "renamed",
                old = "hidden"
            ),
            Expected::Changed(0),
        ),
        (
            each!(
                "UPDATE {Project} SET name = {name} WHERE organization_id = {scope} AND name = {old}",
                name = "renamed",
                old = "visible"
            ),
            Expected::Changed(1),
        ),
        (
            each!(
                "INSERT INTO {Task} (id, organization_id, project_id, title, status) VALUES ({id}, {scope}, {project}, 'new', 'open')",
                id = new_task,
                project = Uuid::from_u128(0xA1)
            ),
            Expected::Changed(1),
        ),
        (
            each!(
                "DELETE FROM {Task} WHERE organization_id = {scope} AND title = {title}",
                title = "b-ship"
            ),
            Expected::Changed(0),
        ),
    ]
}

enum Expected {
    Rows(&'static [&'static str]),
    Changed(u64),
}

/// Every project and task name with its organization, read past the library.
const EVERYTHING: &str =
    "SELECT name, organization_id FROM projects UNION ALL SELECT title, organization_id FROM tasks";

/// What the writes must leave: A's `visible` renamed and A's new task; nothing of B or C touched.
fn after_writes() -> Vec<String> {
    let mut rows: Vec<String> = [
        ("renamed", ORG_A),
        ("a-archived", ORG_A),
        ("hidden", tenant_tests::ORG_B),
        ("b-archived", tenant_tests::ORG_B),
        ("other", tenant_tests::ORG_C),
        ("a-write", ORG_A),
        ("a-review", ORG_A),
        ("a-planted", ORG_A),
        ("b-planted", tenant_tests::ORG_B),
        ("b-ship", tenant_tests::ORG_B),
        ("new", ORG_A),
    ]
    .iter()
    .map(|(name, org)| format!("{name}|{org}"))
    .collect();
    rows.sort();
    rows
}

#[test]
fn on_sqlite() {
    let db = Sqlite::open();
    for ((sqlite, _, _), expected) in statements() {
        let (sql, values) = sqlite;
        let values = sea_query_rusqlite::RusqliteValues(
            values
                .into_iter()
                .map(sea_query_rusqlite::RusqliteValue)
                .collect(),
        );
        match expected {
            Expected::Rows(rows) => {
                let mut statement = db.0.prepare(&sql).expect("prepares");
                let found: Vec<String> = statement
                    .query_map(&*values.as_params(), |row| row.get(0))
                    .expect("runs")
                    .collect::<Result<_, _>>()
                    .expect("rows");
                assert_eq!(found, rows, "{sql}");
            }
            Expected::Changed(changed) => {
                let count = db.0.execute(&sql, &*values.as_params()).expect("runs");
                assert_eq!(count as u64, changed, "{sql}");
            }
        }
    }
    let mut statement = db.0.prepare(EVERYTHING).expect("prepares");
    let mut everything: Vec<String> = statement
        .query_map([], |row| {
            let name: String = row.get(0)?;
            let org: Uuid = row.get(1)?;
            Ok(format!("{name}|{org}"))
        })
        .expect("runs")
        .collect::<Result<_, _>>()
        .expect("rows");
    everything.sort();
    assert_eq!(everything, after_writes());
}

#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn on_postgres_under_row_level_security() {
    let mut db = Postgres::open();
    db.as_app_role(true);
    for ((_, postgres, _), expected) in statements() {
        let (sql, values) = postgres;
        let values = sea_query_postgres::PostgresValues(
            values
                .into_iter()
                .map(sea_query_postgres::PostgresValue)
                .collect(),
        );
        let mut transaction = db.bound_raw(ORG_A);
        match expected {
            Expected::Rows(rows) => {
                let found: Vec<String> = transaction
                    .query(sql.as_str(), &values.as_params())
                    .expect("runs")
                    .iter()
                    .map(|row| row.get(0))
                    .collect();
                assert_eq!(found, rows, "{sql}");
            }
            Expected::Changed(changed) => {
                let count = transaction
                    .execute(sql.as_str(), &values.as_params())
                    .expect("runs");
                assert_eq!(count, changed, "{sql}");
            }
        }
        transaction.commit().expect("commit");
    }
    db.client.batch_execute("RESET ROLE").expect("owner again");
    let mut everything: Vec<String> = db
        .client
        .query(EVERYTHING, &[])
        .expect("runs")
        .iter()
        .map(|row| format!("{}|{}", row.get::<_, String>(0), row.get::<_, Uuid>(1)))
        .collect();
    everything.sort();
    assert_eq!(everything, after_writes());
}

#[test]
#[ignore = "needs TENANT_TEST_MYSQL_URL"]
fn on_mariadb() {
    let mut db = Mysql::open();
    let Mysql {
        runtime,
        connection,
        ..
    } = &mut db;
    runtime.block_on(async {
        for ((_, _, mysql), expected) in statements() {
            let (sql, values) = mysql;
            let query = sqlx::query_with(
                sqlx::AssertSqlSafe(sql.clone()),
                sea_query_sqlx::SqlxValues(values),
            );
            match expected {
                Expected::Rows(rows) => {
                    let found: Vec<String> = query
                        .fetch_all(&mut *connection)
                        .await
                        .expect("runs")
                        .iter()
                        .map(|row| row.get(0))
                        .collect();
                    assert_eq!(found, rows, "{sql}");
                }
                Expected::Changed(changed) => {
                    let done = query.execute(&mut *connection).await.expect("runs");
                    assert_eq!(done.rows_affected(), changed, "{sql}");
                }
            }
        }
        let mut everything: Vec<String> = sqlx::query(EVERYTHING)
            .fetch_all(&mut *connection)
            .await
            .expect("runs")
            .iter()
            .map(|row| format!("{}|{}", row.get::<String, _>(0), row.get::<Uuid, _>(1)))
            .collect();
        everything.sort();
        assert_eq!(everything, after_writes());
    });
}

#[allow(dead_code)]
fn types_used(_: Project, _: Task) {}
