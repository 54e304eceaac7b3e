#!/usr/bin/env bash
# What feature `sql` costs, in one run:
# - a clean debug build of tenant-core without and with the feature (each in an empty target
#   dir, crates from the registry cache);
# - `cargo check` of a crate holding N `tenant_sql!` statements, N = 0 and N = 100 (dependencies
#   built once; CARGO_INCREMENTAL=0, so each check redoes the crate), RUNS interleaved rounds,
#   the median of each: per statement = (t100 - t0) / 100, all of it (expansion, type checking,
#   the constants' evaluation).
# The macro's own time is `cargo test -p tenant-derive --features sql --lib macro_time -- --ignored --nocapture`.
#
#   bash tests/sql-cost.sh          # RUNS=3 by default
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/target/sql-cost"
runs="${RUNS:-3}"
rm -rf "$work"
mkdir -p "$work/src"
export CARGO_TERM_COLOR=never CARGO_INCREMENTAL=0

# The seconds a command takes; a failing command fails the script.
seconds() {
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; return 1; }
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}

without=$(CARGO_TARGET_DIR="$work/clean-without" seconds cargo build -p tenant-core --no-default-features --manifest-path "$root/Cargo.toml")
with=$(CARGO_TARGET_DIR="$work/clean-with" seconds cargo build -p tenant-core --no-default-features --features sql --manifest-path "$root/Cargo.toml")
printf 'clean debug build of tenant-core: %.1f s without `sql`, %.1f s with it (+%.1f s)\n' "$without" "$with" "$(echo "$with - $without" | bc)"

cat > "$work/Cargo.toml" <<TOML
[package]
name = "sql-cost"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
tenant-core = { path = "$root/tenant-core", features = ["sql"] }

[workspace]
TOML
models='use tenant_core::{tenant_sql, uuid::Uuid};
#[derive(tenant_core::TenantScoped)] #[tenant(table = "projects")] pub struct Project { pub id: Uuid, pub organization_id: Uuid, pub name: String }
#[derive(tenant_core::TenantScoped)] #[tenant(table = "tasks")] pub struct Task { pub id: Uuid, pub organization_id: Uuid, pub project_id: Uuid, pub title: String }'
generate() { # count
    {
        echo "#![allow(dead_code, unused_imports)]"
        echo "$models"
        echo "pub fn statements() {"
        for i in $(seq 1 "$1"); do
            case $((i % 4)) in
                0) echo "    let _ = tenant_sql!(postgres, \"SELECT p.name FROM {Project} AS p WHERE p.organization_id = {scope} AND p.name <> {n}\", n = \"x$i\");" ;;
                1) echo "    let _ = tenant_sql!(mysql, \"SELECT p.name, t.title FROM {Project} AS p JOIN {Task} AS t ON t.organization_id = p.organization_id AND t.project_id = p.id WHERE p.organization_id = {scope} AND t.title <> 'x$i'\");" ;;
                2) echo "    let _ = tenant_sql!(sqlite, \"UPDATE {Project} SET name = {n} WHERE organization_id = {scope} AND name = 'x$i'\", n = \"y\");" ;;
                3) echo "    let _ = tenant_sql!(postgres, \"SELECT p.name FROM {Project} AS p WHERE p.organization_id = {scope} AND p.id IN (SELECT t.project_id FROM {Task} AS t WHERE t.organization_id = {scope} AND t.title <> 'x$i')\");" ;;
            esac
        done
        echo "}"
    } > "$work/src/lib.rs"
}
export CARGO_TARGET_DIR="$work/target"
generate 0
(cd "$work" && cargo check -q)
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
t0=(); t100=()
for _ in $(seq 1 "$runs"); do
    generate 0; t=$(cd "$work" && seconds cargo check -q); t0+=("$t")
    generate 100; t=$(cd "$work" && seconds cargo check -q); t100+=("$t")
done
m0=$(printf '%s\n' "${t0[@]}" | median); m100=$(printf '%s\n' "${t100[@]}" | median)
printf 'cargo check: %.2f s with no statement, %.2f s with 100 (medians of %d): %.1f ms per statement\n' \
    "$m0" "$m100" "$runs" "$(echo "($m100 - $m0) * 10" | bc -l)"
