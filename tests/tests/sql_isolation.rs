//! `tenant_sql!` statements run on SQLite, PostgreSQL (as the application role, under row-level
//! security, in a transaction bound to the organization) and MariaDB, over the seed rows of
//! three organizations — among them tasks that point at another organization's project —
//! through the drivers (`rusqlite::query`, the postgres driver's bound transaction, sqlx's
//! `query_as` for typed rows). Every statement runs for organization A; what it read and changed
//! is checked with SQL that bypasses the library.

use sqlx::Row;
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
            tenant_sql!(sqlite, $text $(, $name = $value)*).scoped(&scope()),
            tenant_sql!(postgres, $text $(, $name = $value)*).scoped(&scope()),
            tenant_sql!(mysql, $text $(, $name = $value)*).scoped(&scope()),
        )
    };
}

type Bound = (
    tenant_core::sql::Scoped<tenant_core::sql::Sqlite>,
    tenant_core::sql::Scoped<tenant_core::sql::Postgres>,
    tenant_core::sql::Scoped<tenant_core::sql::Mysql>,
);

/// The statements of the suite, bound to organization A, for each dialect; the rows each select
/// must return and the number of rows each write must change.
fn statements() -> Vec<(Bound, Expected)> {
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
            // Confined through a relation named after it; a comment with a quote; text that is
            // not ASCII.
            each!(
                "SELECT t.title -- the task's title\nFROM {Task} AS t, {Project} AS p WHERE t.organization_id = p.organization_id AND t.project_id = p.id AND p.organization_id = {scope} AND t.title <> 'café' ORDER BY t.title"
            ),
            Expected::Rows(&["a-review", "a-write"]),
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
        match expected {
            Expected::Rows(rows) => {
                let found: Vec<String> =
                    tenant_core::rusqlite::query(&db.0, &sqlite, |row| row.get(0)).expect("runs");
                assert_eq!(found, rows);
            }
            Expected::Changed(changed) => {
                let count = tenant_core::rusqlite::execute(&db.0, &sqlite).expect("runs");
                assert_eq!(count as u64, changed);
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
        let mut transaction = db.bound(ORG_A);
        match expected {
            Expected::Rows(rows) => {
                let found: Vec<String> = transaction
                    .query(&postgres)
                    .expect("runs")
                    .iter()
                    .map(|row| row.get(0))
                    .collect();
                assert_eq!(found, rows);
            }
            Expected::Changed(changed) => {
                assert_eq!(transaction.execute(&postgres).expect("runs"), changed);
            }
        }
        transaction.commit().expect("commit");
    }
    // A statement bound to another scope is refused before it is sent.
    let mut transaction = db.bound(tenant_tests::ORG_B);
    let (_, of_a, _) = statements().remove(0).0;
    assert!(matches!(
        transaction.query(&of_a),
        Err(tenant_core::postgres::Error::OtherScope)
    ));
    transaction.rollback().expect("rollback");
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
            match expected {
                Expected::Rows(rows) => {
                    // sqlx's typed rows.
                    let found: Vec<(String,)> =
                        tenant_core::sqlx::query_as::<sqlx::MySql, (String,)>(&mysql)
                            .fetch_all(&mut *connection)
                            .await
                            .expect("runs");
                    let found: Vec<String> = found.into_iter().map(|(name,)| name).collect();
                    assert_eq!(found, rows);
                }
                Expected::Changed(changed) => {
                    let done = tenant_core::sqlx::query::<sqlx::MySql>(&mysql)
                        .execute(&mut *connection)
                        .await
                        .expect("runs");
                    assert_eq!(done.rows_affected(), changed);
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

/// Why `XOR` and MySQL's `||` are refused (ui cases `sql/mysql-xor`, `sql/mysql-double-pipe`):
/// the texts of those cases, run past the library with organization A bound, read every
/// organization's projects on MariaDB, though the parser reads each as confined — `||` on a
/// session without `PIPES_AS_CONCAT`, MariaDB's default mode (sqlx sets it on its own
/// connections unless told not to).
#[test]
#[ignore = "needs TENANT_TEST_MYSQL_URL"]
fn the_refused_operators_read_every_organization_on_mariadb() {
    let mut db = Mysql::open();
    let Mysql {
        runtime,
        connection,
        ..
    } = &mut db;
    runtime.block_on(async {
        sqlx::query("SET SESSION sql_mode = REPLACE(@@SESSION.sql_mode, 'PIPES_AS_CONCAT', '')")
            .execute(&mut *connection)
            .await
            .expect("the server's default mode");
        for text in [
            "SELECT p.name FROM projects AS p WHERE p.organization_id = ? AND TRUE || TRUE",
            "SELECT p.name FROM projects AS p WHERE p.organization_id = ? AND p.name = 'x' XOR TRUE",
        ] {
            let names: Vec<String> = sqlx::query(text)
                .bind(ORG_A)
                .fetch_all(&mut *connection)
                .await
                .expect("runs")
                .iter()
                .map(|row| row.get::<String, _>(0))
                .collect();
            assert!(
                names.iter().any(|name| name == "hidden") && names.iter().any(|name| name == "other"),
                "{text} read {names:?}"
            );
        }
    });
}

#[allow(dead_code)]
fn types_used(_: Project, _: Task) {}
