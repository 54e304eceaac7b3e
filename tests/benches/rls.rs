//! The cost of PostgreSQL row-level security: the same scoped select, run as the application
//! role, on a table with the policy and on an identical table without it, with 100,000 rows over
//! 100 organizations, in one run. Prints the ratio of medians (goal ≤ 1.15).
//!
//! `TENANT_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test cargo bench -p tenant-tests --bench rls`

use std::path::Path;
use std::time::Duration;

use criterion::Criterion;
use tenant_core::sea_query::{Expr, ExprTrait, Order};
use tenant_core::uuid::Uuid;
use tenant_core::{Scope, TenantScoped, TenantSetting};
use tenant_tests::backends::Postgres;
use tenant_tests::{Project, ProjectIden, criterion_median_ns};

const ORGANIZATIONS: u32 = 100;
const ROWS: u32 = 100_000;

fn main() {
    let (mut plain, mut secured) = (Postgres::open(), Postgres::open());
    for (db, row_level_security) in [(&mut plain, false), (&mut secured, true)] {
        db.load(ORGANIZATIONS, ROWS);
        db.as_app_role(row_level_security);
    }
    let scope = Scope::new(Uuid::from_u128(7)).expect("not nil");
    let queries = [
        (
            "page",
            Project::select(&scope)
                .and_where(Expr::col(ProjectIden::Archived).eq(false))
                .order_by(ProjectIden::Name, Order::Asc)
                .limit(50),
        ),
        ("all", Project::select(&scope)),
    ];

    let output = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/criterion");
    let mut criterion = Criterion::default()
        .output_directory(&output)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .configure_from_args();
    let mut medians = Vec::new();
    for (name, select) in &queries {
        let mut group = criterion.benchmark_group(format!("rls_{name}"));
        let mut times = Vec::new();
        for (label, db) in [("without_rls", &mut plain), ("with_rls", &mut secured)] {
            let mut transaction =
                tenant_core::postgres::transaction(&mut db.client, &scope, &TenantSetting::DEFAULT)
                    .expect("scope binds");
            let expected = tenant_core::postgres::query(&mut transaction, select)
                .expect("select runs")
                .len();
            assert!(expected > 0, "organization 7 has rows");
            group.bench_function(label, |b| {
                b.iter(|| {
                    let rows = tenant_core::postgres::query(&mut transaction, select)
                        .expect("select runs");
                    assert_eq!(rows.len(), expected);
                })
            });
            times.push(criterion_median_ns(&output, &format!("rls_{name}"), label));
            transaction.rollback().expect("rollback");
        }
        group.finish();
        medians.push((name, times));
    }
    criterion.final_summary();

    println!("\nrow-level security vs. none, same scoped select (median time per query):");
    for (name, times) in medians {
        if let [Some(without), Some(with)] = times[..] {
            println!(
                "{name:<5} without {:>9.0}µs  with {:>9.0}µs  ratio {:.3}x",
                without / 1000.0,
                with / 1000.0,
                with / without
            );
        }
    }
}
