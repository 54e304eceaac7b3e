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
        projects.contains(&"backfill the tenant column"),
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
        Vec::<&str>::new()
    );
    assert_eq!(
        migrate::adopt::<Member, E>(db, &DEFAULT_ORG)
            .await
            .expect("again"),
        Vec::<&str>::new()
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
        steps.iter().map(|step| step.name).collect::<Vec<_>>()
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
