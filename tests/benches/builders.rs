//! Building a statement through a scoped builder vs. building the identical statement by hand
//! with sea-query, in the same run. Prints each pair's ratio of median times (goal ≤ 1.10), from
//! criterion and from interleaved rounds that see the same machine load.
//!
//! `cargo bench -p tenant-tests --bench builders`

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

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

    println!("\nscoped builder vs. the same statement by hand (criterion, median time per build):");
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

    // On a shared machine the load drifts within seconds, and criterion measures the two sides
    // seconds apart. Interleaved rounds (by hand, then scoped, 10 ms each) see the same load:
    // the median of the per-round ratios is the figure to trust.
    println!("\nthe same, interleaved: median and quartiles of {ROUNDS} per-round ratios:");
    for case in CASES {
        let mut ratios: Vec<f64> = (0..ROUNDS)
            .map(|_| {
                let by_hand = time_per_build(|| (case.by_hand)(black_box(&scope), black_box(&row)));
                let scoped = time_per_build(|| (case.scoped)(black_box(&scope), black_box(&row)));
                scoped / by_hand
            })
            .collect();
        ratios.sort_by(f64::total_cmp);
        println!(
            "{:<8} {:>6.3}x  ({:.3}-{:.3})",
            case.name,
            ratios[ROUNDS / 2],
            ratios[ROUNDS / 4],
            ratios[3 * ROUNDS / 4]
        );
    }
}

const ROUNDS: usize = 101;

/// Nanoseconds per call of `build`, over about 10 ms.
fn time_per_build<R>(mut build: impl FnMut() -> R) -> f64 {
    let mut calls = 0u32;
    let start = Instant::now();
    while start.elapsed() < Duration::from_millis(10) {
        for _ in 0..64 {
            black_box(build());
        }
        calls += 64;
    }
    start.elapsed().as_nanos() as f64 / f64::from(calls)
}
