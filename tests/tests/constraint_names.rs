//! Constraint and index names are unique within a table and at most 63 bytes, whatever the
//! table and column names: the DDL of a struct with a 63-byte table name, long columns, a unique
//! field named `tenant` (beside the tenant index `<table>_tenant_key`) and `unique = "a, b"`
//! beside a unique field `a_b` runs on SQLite, PostgreSQL and MariaDB.

use std::collections::HashSet;

use tenant_core::TenantScoped;
use tenant_core::sea_query::{
    MysqlQueryBuilder, PostgresQueryBuilder, SchemaBuilder, SqliteQueryBuilder,
};
use tenant_core::uuid::Uuid;
use tenant_tests::backends::{Mysql, Postgres, Sqlite};

#[derive(TenantScoped)]
#[tenant(
    table = "a_table_name_that_is_exactly_sixty_three_bytes_long_for_testing",
    unique = "a, b"
)]
pub struct Long {
    pub id: Uuid,
    pub organization_id: Uuid,
    #[tenant(unique)]
    pub tenant: i32,
    pub a: i32,
    pub b: i32,
    #[tenant(unique)]
    pub a_b: i32,
    #[tenant(unique, references = "tenant_tests::Project")]
    pub project_id_in_a_column_whose_name_is_long_enough_to_overflow: Option<Uuid>,
    #[tenant(references = "Self")]
    pub parent_in_another_column_whose_name_is_long_enough_to_overflow: Option<Uuid>,
}

/// `CONSTRAINT "name"`, `INDEX "name"` and `POLICY "name"` in the DDL, in order.
fn names(ddl: &[String]) -> Vec<String> {
    let mut names = Vec::new();
    for statement in ddl {
        for marker in ["CONSTRAINT \"", "INDEX \"", "POLICY \""] {
            for (at, _) in statement.match_indices(marker) {
                let rest = &statement[at + marker.len()..];
                names.push(rest[..rest.find('"').expect("quoted")].to_owned());
            }
        }
    }
    names
}

/// The table and its indexes for `backend`, and on PostgreSQL its row-level security.
fn ddl<B: SchemaBuilder + 'static>(backend: fn() -> B) -> Vec<String> {
    let mut ddl = vec![Long::create_table().to_string(backend())];
    ddl.extend(
        Long::create_indexes()
            .iter()
            .map(|index| index.to_string(backend())),
    );
    if std::any::TypeId::of::<B>() == std::any::TypeId::of::<PostgresQueryBuilder>() {
        ddl.extend(Long::row_level_security());
    }
    ddl
}

#[test]
fn names_are_unique_and_short_enough() {
    let ddl = ddl(|| PostgresQueryBuilder);
    let names = names(&ddl);
    // 4 uniques, 3 foreign keys (the primary key is unnamed); 2 indexes; 1 policy
    assert_eq!(names.len(), 10, "{ddl:#?}");
    let mut seen = HashSet::new();
    for name in &names {
        assert!(name.len() <= 63, "{name} is {} bytes", name.len());
        assert!(
            seen.insert(name.as_str()),
            "{name} is given twice in {ddl:#?}"
        );
    }
}

#[test]
fn the_ddl_runs_on_sqlite() {
    let db = Sqlite::open();
    for statement in ddl(|| SqliteQueryBuilder) {
        db.0.execute(&statement, [])
            .unwrap_or_else(|error| panic!("{statement}: {error}"));
    }
}

#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn the_ddl_runs_on_postgres() {
    let mut db = Postgres::open();
    for statement in ddl(|| PostgresQueryBuilder) {
        db.client
            .batch_execute(&statement)
            .unwrap_or_else(|error| panic!("{statement}: {error}"));
    }
    // PostgreSQL kept every name as given (it truncates longer ones with a mere NOTICE).
    let rows = db
        .client
        .query(
            "SELECT conname::text FROM pg_constraint
             WHERE conrelid = 'a_table_name_that_is_exactly_sixty_three_bytes_long_for_testing'::regclass
             UNION ALL SELECT indexname::text FROM pg_indexes WHERE tablename = 'a_table_name_that_is_exactly_sixty_three_bytes_long_for_testing'
             UNION ALL SELECT policyname::text FROM pg_policies WHERE tablename = 'a_table_name_that_is_exactly_sixty_three_bytes_long_for_testing'",
            &[],
        )
        .expect("catalog query");
    let stored: HashSet<String> = rows.iter().map(|row| row.get(0)).collect();
    for name in names(&ddl(|| PostgresQueryBuilder)) {
        assert!(stored.contains(&name), "{name} not in {stored:?}");
    }
}

#[test]
#[ignore = "needs TENANT_TEST_MYSQL_URL"]
fn the_ddl_runs_on_mysql() {
    let mut db = Mysql::open();
    for statement in ddl(|| MysqlQueryBuilder) {
        db.runtime
            .block_on(
                sqlx::raw_sql(sqlx::AssertSqlSafe(statement.clone())).execute(&mut db.connection),
            )
            .unwrap_or_else(|error| panic!("{statement}: {error}"));
    }
}
