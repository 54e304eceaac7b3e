//! Building a statement through a scoped builder vs. building the identical statement by hand
//! with sea-query, in the same run. Prints each pair's ratio of median times (goal ≤ 1.10).
//!
//! `cargo bench -p tenant-tests --bench builders`

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::Criterion;
use tenant_tests::criterion_median_ns;
use tenant_tests::parity::{CASES, sample};

fn main() {
    let output = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/criterion");
    let mut criterion = Criterion::default()
        .output_directory(&output)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    let (scope, row) = sample();
    for case in CASES {
        let mut group = criterion.benchmark_group(case.name);
        group.bench_function("by_hand", |b| {
            b.iter(|| (case.by_hand)(black_box(&scope), black_box(&row)))
        });
        group.bench_function("scoped", |b| {
            b.iter(|| (case.scoped)(black_box(&scope), black_box(&row)))
        });
        group.finish();
    }
    criterion.final_summary();

    println!("\nscoped builder vs. the same statement by hand (median time per build):");
    println!(
        "{:<8} {:>12} {:>12} {:>7}",
        "", "by hand", "scoped", "ratio"
    );
    for case in CASES {
        let (Some(by_hand), Some(scoped)) = (
            criterion_median_ns(&output, case.name, "by_hand"),
            criterion_median_ns(&output, case.name, "scoped"),
        ) else {
            println!("{:<8} (no estimates: run without a filter)", case.name);
            continue;
        };
        println!(
            "{:<8} {:>10.0}ns {:>10.0}ns {:>6.3}x",
            case.name,
            by_hand,
            scoped,
            scoped / by_hand
        );
    }
}
