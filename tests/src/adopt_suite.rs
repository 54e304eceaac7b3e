//! Adopting tenant on an existing database, on every database: a legacy `projects` table with
//! rows and a legacy `members` table that references it end as `create_table()` would make
//! them, every row in the default organization; re-running changes nothing; half a run, then a
//! full one, completes. [`executor_suite!`](crate::executor_suite) makes one `#[test]` of each
//! function per database.

use tenant_core::audit::{self, Expected};
use tenant_core::executor::{Backend, Executor, Kind};
use tenant_core::migrate;
use tenant_core::query::Statement;
use tenant_core::sea_query::{
    ColumnDef, ForeignKey, Index, MysqlQueryBuilder, PostgresQueryBuilder, Query,
    SqliteQueryBuilder, Table, TableCreateStatement, Value, Values,
};
use tenant_core::uuid::Uuid;
use tenant_core::{Scope, TenantScoped};

use crate::{Member, Project};

const DEFAULT_ORG: Uuid = Uuid::from_u128(0xDEF);

fn sql(backend: Backend, statement: &TableCreateStatement) -> String {
    match backend {
        Backend::Sqlite => statement.to_string(SqliteQueryBuilder),
        Backend::Postgres => statement.to_string(PostgresQueryBuilder),
        Backend::Mysql => statement.to_string(MysqlQueryBuilder),
    }
}

/// The legacy schema: `organizations`, and `projects` and `members` without a tenant column,
/// with three projects and two members (one referencing a project).
async fn legacy<E: Executor>(db: &mut E) {
    let backend = db.backend();
    let tables = [
        Table::create()
            .table("organizations")
            .col(ColumnDef::new("id").uuid().not_null().primary_key())
            .to_owned(),
        Table::create()
            .table("projects")
            .col(ColumnDef::new("id").uuid().not_null().primary_key())
            .col(ColumnDef::new("name").string().not_null())
            .col(ColumnDef::new("is_archived").boolean().not_null())
            .to_owned(),
        Table::create()
            .table("members")
            .col(ColumnDef::new("id").uuid().not_null().primary_key())
            .col(ColumnDef::new("email").string().not_null())
            .col(ColumnDef::new("project_id").uuid().null())
            .index(
                Index::create()
                    .unique()
                    .name("members_email_key")
                    .col("email"),
            )
            .foreign_key(
                ForeignKey::create()
                    .name("members_project_legacy_fkey")
                    .from_col("project_id")
                    .to("projects", "id"),
            )
            .to_owned(),
    ];
    for table in &tables {
        let statement = sql(backend, table);
        db.execute(&statement, Values(Vec::new()))
            .await
            .unwrap_or_else(|error| panic!("{statement}: {error}"));
    }
    let projects = Query::insert()
        .into_table("projects")
        .columns(["id", "name", "is_archived"])
        .values_panic([Uuid::from_u128(1).into(), "one".into(), false.into()])
        .values_panic([Uuid::from_u128(2).into(), "two".into(), false.into()])
        .values_panic([Uuid::from_u128(3).into(), "three".into(), true.into()])
        .to_owned();
    let members = Query::insert()
        .into_table("members")
        .columns(["id", "email", "project_id"])
        .values_panic([
            Uuid::from_u128(10).into(),
            "ada@example.com".into(),
            Uuid::from_u128(1).into(),
        ])
        .values_panic([
            Uuid::from_u128(11).into(),
            "bob@example.com".into(),
            Value::Uuid(None).into(),
        ])
        .to_owned();
    for insert in [projects, members] {
        let (statement, values) = match backend {
            Backend::Sqlite => insert.build(SqliteQueryBuilder),
            Backend::Postgres => insert.build(PostgresQueryBuilder),
            Backend::Mysql => insert.build(MysqlQueryBuilder),
        };
        db.execute(&statement, values).await.expect("legacy rows");
    }
}

async fn count<E: Executor>(db: &mut E, statement: &impl Statement) -> i64 {
    let (sql, values) = match db.backend() {
        Backend::Sqlite => statement.build_sql(SqliteQueryBuilder),
        Backend::Postgres => statement.build_sql(PostgresQueryBuilder),
        Backend::Mysql => statement.build_sql(MysqlQueryBuilder),
    };
    match db
        .fetch(&sql, values, &[Kind::Int])
        .await
        .expect("count runs")[0][0]
    {
        Value::BigInt(Some(count)) => count,
        ref other => panic!("{other:?}"),
    }
}

/// Adopted: no audit finding, every row in the default organization, scoped queries see them.
async fn assert_adopted<E: Executor>(db: &mut E) {
    let report = audit::audit(db, &[Expected::of::<Project>(), Expected::of::<Member>()])
        .await
        .expect("audit");
    assert_eq!(report.findings, Vec::new(), "{report}");
    let scope = Scope::new(DEFAULT_ORG).expect("not nil");
    assert_eq!(count(db, &Project::select(&scope).count()).await, 3);
    assert_eq!(count(db, &Member::select(&scope).count()).await, 2);
    let other = Scope::new(Uuid::from_u128(0xB)).expect("not nil");
    assert_eq!(count(db, &Project::select(&other).count()).await, 0);
    // The composite foreign key holds: a member of another organization cannot point at a
    // default-organization project.
    let joined = Member::select(&scope)
        .join_referenced::<Project>(tenant_core::Join::Inner)
        .count();
    assert_eq!(count(db, &joined).await, 1);
}

/// The whole adoption, then again: the second run has nothing to do.
pub async fn a_legacy_schema_is_adopted_and_rerunning_changes_nothing<E: Executor>(db: &mut E) {
    legacy(db).await;
    let projects = migrate::adopt::<Project, E>(db, &DEFAULT_ORG)
        .await
        .expect("projects adopted");
    assert!(
        projects.contains(&migrate::StepKind::Backfill),
        "{projects:?}"
    );
    let members = migrate::adopt::<Member, E>(db, &DEFAULT_ORG)
        .await
        .expect("members adopted");
    assert!(!members.is_empty());
    assert_adopted(db).await;
    assert_eq!(
        migrate::adopt::<Project, E>(db, &DEFAULT_ORG)
            .await
            .expect("again"),
        Vec::<migrate::StepKind>::new()
    );
    assert_eq!(
        migrate::adopt::<Member, E>(db, &DEFAULT_ORG)
            .await
            .expect("again"),
        Vec::<migrate::StepKind>::new()
    );
}

/// Half the steps, as if the migration stopped, then the whole: it completes.
pub async fn an_adoption_stopped_halfway_completes<E: Executor>(db: &mut E) {
    legacy(db).await;
    let steps = migrate::plan::<Project, E>(db, &DEFAULT_ORG)
        .await
        .expect("plan");
    assert!(
        steps.len() >= 4,
        "{:?}",
        steps.iter().map(|step| step.kind).collect::<Vec<_>>()
    );
    migrate::run(db, &steps[..2])
        .await
        .expect("the first two steps");
    let rest = migrate::adopt::<Project, E>(db, &DEFAULT_ORG)
        .await
        .expect("the rest");
    assert!(!rest.is_empty() && rest.len() < steps.len(), "{rest:?}");
    migrate::adopt::<Member, E>(db, &DEFAULT_ORG)
        .await
        .expect("members");
    assert_adopted(db).await;
}

async fn raw<E: Executor>(db: &mut E, sql: &str) {
    db.execute(sql, Values(Vec::new()))
        .await
        .unwrap_or_else(|error| panic!("{sql}: {error}"));
}

/// `members.email` is unique per organization (`#[tenant(unique)]`); legacy rows that share an
/// email collide once they share the default organization, so adopting `members` fails. Then
/// the connection is as it was (SQLite: no open transaction, foreign keys still on, no temporary
/// table; PostgreSQL: the failed `CONCURRENTLY` build's invalid index does not block later
/// runs), and once the data is fixed the adoption completes.
pub async fn a_failed_adoption_leaves_the_connection_usable_and_completes_once_fixed<
    E: Executor,
>(
    db: &mut E,
) {
    legacy(db).await;
    let backend = db.backend();
    match backend {
        Backend::Postgres => raw(db, "ALTER TABLE members DROP CONSTRAINT members_email_key").await,
        Backend::Mysql => raw(db, "ALTER TABLE members DROP INDEX members_email_key").await,
        // SQLite cannot drop a table's constraint: the table again, without it.
        Backend::Sqlite => {
            raw(
                db,
                "CREATE TABLE members_copy (id BLOB NOT NULL PRIMARY KEY, email TEXT NOT NULL, project_id BLOB NULL REFERENCES projects (id))",
            )
            .await;
            raw(
                db,
                "INSERT INTO members_copy SELECT id, email, project_id FROM members",
            )
            .await;
            raw(db, "DROP TABLE members").await;
            raw(db, "ALTER TABLE members_copy RENAME TO members").await;
        }
    }
    // Bob's email becomes Ada's: a change of a column no foreign key reads.
    raw(
        db,
        "UPDATE members SET email = 'ada@example.com' WHERE email = 'bob@example.com'",
    )
    .await;
    migrate::adopt::<Project, E>(db, &DEFAULT_ORG)
        .await
        .expect("projects adopted");
    for attempt in 0..2 {
        let error = migrate::adopt::<Member, E>(db, &DEFAULT_ORG)
            .await
            .expect_err("the shared email collides");
        assert!(error.is_unique_violation(), "attempt {attempt}: {error}");
    }
    if backend == Backend::Sqlite {
        // No transaction is open: BEGIN works.
        raw(db, "BEGIN").await;
        raw(db, "ROLLBACK").await;
        let pragma = db
            .fetch("PRAGMA foreign_keys", Values(Vec::new()), &[Kind::Int])
            .await
            .expect("pragma");
        assert_eq!(
            pragma[0][0],
            Value::BigInt(Some(1)),
            "foreign keys are on again"
        );
        let leftover = db
            .fetch(
                "SELECT name FROM sqlite_master WHERE name = 'members__tenant_adopt'",
                Values(Vec::new()),
                &[Kind::Text],
            )
            .await
            .expect("catalog");
        assert!(leftover.is_empty(), "the temporary table is gone");
    }
    raw(
        db,
        "UPDATE members SET email = 'bob@example.com' WHERE project_id IS NULL",
    )
    .await;
    migrate::adopt::<Member, E>(db, &DEFAULT_ORG)
        .await
        .expect("members adopted once the data is fixed");
    assert_adopted(db).await;
}

/// SQLite rebuilds a table to adopt it: a column the struct does not name would be dropped
/// with its data, so the adoption is refused before it changes anything; the table's own
/// indexes and triggers are made again on the rebuilt table.
pub async fn sqlite_refuses_to_drop_legacy_columns_and_keeps_indexes_and_triggers<E: Executor>(
    db: &mut E,
) {
    if db.backend() != Backend::Sqlite {
        return;
    }
    raw(
        db,
        "CREATE TABLE organizations (id BLOB NOT NULL PRIMARY KEY)",
    )
    .await;
    raw(
        db,
        "CREATE TABLE projects (id BLOB NOT NULL PRIMARY KEY, name TEXT NOT NULL, is_archived INTEGER NOT NULL)",
    )
    .await;
    raw(
        db,
        "INSERT INTO projects VALUES (x'01', 'one', 0), (x'02', 'two', 0), (x'03', 'three', 1)",
    )
    .await;
    raw(db, "ALTER TABLE projects ADD COLUMN legacy_note TEXT").await;
    raw(db, "UPDATE projects SET legacy_note = 'keep me'").await;
    let error = migrate::adopt::<Project, E>(db, &DEFAULT_ORG)
        .await
        .expect_err("the legacy column would be lost");
    let refused = error
        .get_ref()
        .downcast_ref::<migrate::Refused>()
        .unwrap_or_else(|| panic!("{error}"));
    assert_eq!(refused.columns, ["legacy_note"]);
    assert!(error.to_string().contains("legacy_note"), "{error}");
    let kept = db
        .fetch(
            "SELECT count(*) FROM projects WHERE legacy_note = 'keep me'",
            Values(Vec::new()),
            &[Kind::Int],
        )
        .await
        .expect("count");
    assert_eq!(kept[0][0], Value::BigInt(Some(3)), "nothing was changed");
    // Without the legacy column, the table's own index and trigger survive the rebuild.
    raw(db, "DROP TABLE projects").await;
    raw(
        db,
        "CREATE TABLE projects (id BLOB NOT NULL PRIMARY KEY, name TEXT NOT NULL, is_archived INTEGER NOT NULL)",
    )
    .await;
    raw(db, "INSERT INTO projects VALUES (x'01', 'one', 0)").await;
    raw(
        db,
        "CREATE INDEX projects_legacy_name_idx ON projects (name)",
    )
    .await;
    raw(db, "CREATE TABLE renames (name TEXT)").await;
    raw(
        db,
        "CREATE TRIGGER projects_renamed AFTER UPDATE OF name ON projects BEGIN INSERT INTO renames VALUES (new.name); END",
    )
    .await;
    migrate::adopt::<Project, E>(db, &DEFAULT_ORG)
        .await
        .expect("adopted");
    let own = db
        .fetch(
            "SELECT name FROM sqlite_master WHERE name IN ('projects_legacy_name_idx', 'projects_renamed') ORDER BY name",
            Values(Vec::new()),
            &[Kind::Text],
        )
        .await
        .expect("catalog");
    assert_eq!(own.len(), 2, "the index and the trigger are there again");
}

/// A legacy MariaDB table keyed by an `AUTO_INCREMENT` id.
#[derive(TenantScoped)]
#[tenant(table = "tickets")]
pub struct Ticket {
    pub id: i64,
    pub organization_id: Uuid,
    pub title: String,
}

/// MariaDB: a key that is `AUTO_INCREMENT` becomes `(tenant, id)` in one `ALTER` that keeps an
/// index on `id` (InnoDB needs one for the auto column, error 1075, and for the other tables'
/// foreign keys): the key changes, the auto increment keeps counting, and the foreign key of the
/// table that references it is still there.
pub async fn mariadb_adopts_an_auto_increment_key_and_keeps_the_foreign_keys<E: Executor>(
    db: &mut E,
) {
    if db.backend() != Backend::Mysql {
        return;
    }
    raw(
        db,
        "CREATE TABLE organizations (id binary(16) NOT NULL PRIMARY KEY)",
    )
    .await;
    raw(
        db,
        "CREATE TABLE tickets (id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY, title varchar(255) NOT NULL)",
    )
    .await;
    raw(
        db,
        "CREATE TABLE ticket_comments (id bigint NOT NULL PRIMARY KEY, ticket_id bigint NOT NULL, \
         CONSTRAINT ticket_comments_ticket_fkey FOREIGN KEY (ticket_id) REFERENCES tickets (id))",
    )
    .await;
    raw(db, "INSERT INTO tickets (title) VALUES ('one'), ('two')").await;
    raw(db, "INSERT INTO ticket_comments VALUES (1, 1)").await;
    let steps = migrate::adopt::<Ticket, E>(db, &DEFAULT_ORG)
        .await
        .expect("tickets adopted");
    assert!(
        steps.contains(&migrate::StepKind::TenantLedPrimaryKey),
        "{steps:?}"
    );
    let report = audit::audit(db, &[Expected::of::<Ticket>()])
        .await
        .expect("audit");
    assert_eq!(report.findings, [], "{report}");
    let foreign_keys = db
        .fetch(
            "SELECT COUNT(*) FROM information_schema.REFERENTIAL_CONSTRAINTS \
             WHERE CONSTRAINT_SCHEMA = DATABASE() AND CONSTRAINT_NAME = 'ticket_comments_ticket_fkey'",
            Values(Vec::new()),
            &[Kind::Int],
        )
        .await
        .expect("catalog");
    assert_eq!(
        foreign_keys[0][0],
        Value::BigInt(Some(1)),
        "the foreign key is kept"
    );
    // The auto increment still counts, in the default organization.
    raw(
        db,
        &format!(
            "INSERT INTO tickets (organization_id, title) VALUES (x'{}', 'three')",
            DEFAULT_ORG.simple()
        ),
    )
    .await;
    let scope = Scope::new(DEFAULT_ORG).expect("not nil");
    assert_eq!(count(db, &Ticket::select(&scope).count()).await, 3);
    assert_eq!(
        migrate::adopt::<Ticket, E>(db, &DEFAULT_ORG)
            .await
            .expect("again"),
        Vec::<migrate::StepKind>::new()
    );
}

/// Names adoption reads from the catalog (a legacy key's, a legacy unique's) are whatever their
/// author wrote: a quote in one is doubled, not a syntax error (or worse) in the `DROP`.
pub async fn catalog_names_with_quotes_are_quoted<E: Executor>(db: &mut E) {
    let (key, unique) = match db.backend() {
        Backend::Postgres => (
            "CONSTRAINT \"legacy \"\"pk\"\"\" PRIMARY KEY (id)",
            "CONSTRAINT \"legacy \"\"email\"\"\" UNIQUE (email)",
        ),
        Backend::Mysql => ("PRIMARY KEY (id)", "UNIQUE KEY `legacy ``email``` (email)"),
        // SQLite rebuilds the table: it drops no constraint by name.
        Backend::Sqlite => return,
    };
    let uuid = match db.backend() {
        Backend::Mysql => "binary(16)",
        _ => "uuid",
    };
    raw(
        db,
        &format!("CREATE TABLE organizations (id {uuid} NOT NULL PRIMARY KEY)"),
    )
    .await;
    raw(
        db,
        &format!("CREATE TABLE projects (id {uuid} NOT NULL, name varchar(255) NOT NULL, is_archived boolean NOT NULL, {key})"),
    )
    .await;
    raw(
        db,
        &format!("CREATE TABLE members (id {uuid} NOT NULL PRIMARY KEY, email varchar(255) NOT NULL, project_id {uuid} NULL, {unique})"),
    )
    .await;
    migrate::adopt::<Project, E>(db, &DEFAULT_ORG)
        .await
        .expect("projects adopted");
    migrate::adopt::<Member, E>(db, &DEFAULT_ORG)
        .await
        .expect("members adopted");
    let report = audit::audit(db, &[Expected::of::<Project>(), Expected::of::<Member>()])
        .await
        .expect("audit");
    assert_eq!(report.findings, Vec::new(), "{report}");
}
