//! With 100,000 rows over 100 organizations, PostgreSQL answers every scoped builder from an
//! index that leads with the tenant column (or the primary key), never a sequential scan of the
//! table. Ignored unless asked for, with `TENANT_TEST_POSTGRES_URL`. The plans are printed with `--nocapture`:
//!
//! `cargo test -p tenant-tests --test explain_postgres -- --include-ignored --nocapture`

use sea_query_postgres::{PostgresValue, PostgresValues};
use tenant_core::query::Statement;
use tenant_core::sea_query::{Expr, ExprTrait, Order, PostgresQueryBuilder};
use tenant_core::uuid::Uuid;
use tenant_core::{Scope, TenantScoped};
use tenant_tests::backends::Postgres;
use tenant_tests::{Project, ProjectIden};

const ORGANIZATIONS: u32 = 100;
const ROWS: u32 = 100_000;

fn explain(db: &mut Postgres, statement: &impl Statement) -> String {
    let (sql, values) = statement.build_sql(PostgresQueryBuilder);
    let values = PostgresValues(values.into_iter().map(PostgresValue).collect());
    db.client
        .query(&format!("EXPLAIN {sql}"), &values.as_params())
        .expect("EXPLAIN runs")
        .iter()
        .map(|row| row.get::<_, String>(0))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn every_scoped_builder_uses_an_index() {
    let mut db = Postgres::open();
    // Organization g is Uuid::from_u128(g); project g belongs to organization g % 100 + 1.
    db.load(ORGANIZATIONS, ROWS);
    let org = Uuid::from_u128(7);
    let scope = Scope::new(org).expect("not nil");
    let key: Uuid = db
        .client
        .query_one(
            "SELECT id FROM projects WHERE organization_id = $1 LIMIT 1",
            &[&org],
        )
        .expect("org 7 has rows")
        .get(0);

    let plans = [
        (
            "select",
            explain(
                &mut db,
                &Project::select(&scope)
                    .and_where(Expr::col(ProjectIden::Archived).eq(false))
                    .order_by(ProjectIden::Name, Order::Asc)
                    .limit(20),
            ),
        ),
        ("find", explain(&mut db, &Project::find(&scope, key))),
        (
            "update",
            explain(
                &mut db,
                &Project::update(&scope)
                    .set(ProjectIden::Name, "renamed")
                    .where_key(key),
            ),
        ),
        (
            "delete",
            explain(
                &mut db,
                &Project::delete(&scope).and_where(Expr::col(ProjectIden::Archived).eq(true)),
            ),
        ),
    ];
    for (name, plan) in &plans {
        println!("-- {name}\n{plan}\n");
        assert!(plan.contains("Index"), "{name} uses no index:\n{plan}");
        assert!(
            !plan.contains("Seq Scan"),
            "{name} scans the table:\n{plan}"
        );
    }
}
