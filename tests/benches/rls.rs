//! The cost of PostgreSQL row-level security: the same scoped select, run as the application
//! role, on a table with the policy and on an identical table without it, with 100,000 rows over
//! 100 organizations, in one run. Prints the ratio of medians (goal ≤ 1.10), then the same
//! with both plans forced to the index scan on the tenant-led key, so that the ratio is the
//! policy's own cost and not a difference of plans.
//!
//! `TENANT_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test cargo bench -p tenant-tests --bench rls`

use std::path::Path;
use std::time::{Duration, Instant};

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
            let expected = transaction.query(select).expect("select runs").len();
            assert!(expected > 0, "organization 7 has rows");
            group.bench_function(label, |b| {
                b.iter(|| {
                    let rows = transaction.query(select).expect("select runs");
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

    println!(
        "\nrow-level security vs. none, same scoped select (criterion, median time per query):"
    );
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

    // Interleaved rounds see the same machine load on both sides (see benches/builders.rs).
    println!("\nthe same, interleaved: median and quartiles of {ROUNDS} per-round ratios:");
    let mut without =
        tenant_core::postgres::transaction(&mut plain.client, &scope, &TenantSetting::DEFAULT)
            .expect("scope binds");
    let mut with =
        tenant_core::postgres::transaction(&mut secured.client, &scope, &TenantSetting::DEFAULT)
            .expect("scope binds");
    interleaved(&mut without, &mut with, &queries);

    println!(
        "\nthe same, both plans forced to the index scan (enable_bitmapscan and enable_seqscan off):"
    );
    for transaction in [&mut without, &mut with] {
        transaction
            .client()
            .batch_execute("SET LOCAL enable_bitmapscan = off; SET LOCAL enable_seqscan = off")
            .expect("planner settings");
    }
    interleaved(&mut without, &mut with, &queries);
}

/// Prints, for each query, the median and quartiles of [`ROUNDS`] per-round ratios of its time
/// on `with` to its time on `without`.
fn interleaved(
    without: &mut tenant_core::postgres::BoundTransaction<'_>,
    with: &mut tenant_core::postgres::BoundTransaction<'_>,
    queries: &[(&str, tenant_core::query::Select<Project>)],
) {
    for (name, select) in queries {
        let mut ratios: Vec<f64> = (0..ROUNDS)
            .map(|_| {
                let plain = time_per_query(without, select);
                let secured = time_per_query(with, select);
                secured / plain
            })
            .collect();
        ratios.sort_by(f64::total_cmp);
        println!(
            "{name:<5} {:>6.3}x  ({:.3}-{:.3})",
            ratios[ROUNDS / 2],
            ratios[ROUNDS / 4],
            ratios[3 * ROUNDS / 4]
        );
    }
}

const ROUNDS: usize = 41;

/// Seconds per query of `select`, over 20 queries.
fn time_per_query(
    transaction: &mut tenant_core::postgres::BoundTransaction<'_>,
    select: &tenant_core::query::Select<Project>,
) -> f64 {
    let start = Instant::now();
    for _ in 0..20 {
        let rows = transaction.query(select).expect("select runs");
        assert!(!rows.is_empty());
    }
    start.elapsed().as_secs_f64() / 20.0
}
