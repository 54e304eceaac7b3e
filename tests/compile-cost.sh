#!/usr/bin/env bash
# Compile cost per derived struct, in one run: `cargo check` of a crate holding N structs, for
# N = 50 and N = 200 (dependencies built once; CARGO_INCREMENTAL=0, so each check redoes the
# crate), with `#[derive(TenantScoped)]`, with sea-query's `#[enum_def]` (the baseline), and plain
# (subtracted from both). RUNS interleaved rounds; each figure is the median of its RUNS checks;
# per struct = (t200 - t50 - (plain200 - plain50)) / 150.
#
#   bash tests/compile-cost.sh          # RUNS=5 by default
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/target/compile-cost"
runs="${RUNS:-5}"
mkdir -p "$work/src"
export CARGO_TARGET_DIR="$work/target" CARGO_TERM_COLOR=never CARGO_INCREMENTAL=0

cat > "$work/Cargo.toml" <<TOML
[package]
name = "compile-cost"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
tenant-core = { path = "$root/tenant-core" }
sea-query = { version = "1", default-features = false, features = ["attr", "backend-postgres", "with-uuid"] }

[workspace]
TOML

generate() { # kind count
    {
        echo "#![allow(dead_code)]"
        echo "use tenant_core::uuid::Uuid;"
        for i in $(seq 1 "$2"); do
            case "$1" in
                tenant) echo "#[derive(tenant_core::TenantScoped)]" ;;
                enum_def) echo "#[sea_query::enum_def]" ;;
            esac
            echo "pub struct Row$i { pub id: Uuid, pub organization_id: Uuid, pub name: String, pub archived: bool, pub position: i32 }"
        done
    } > "$work/src/lib.rs"
}

# Seconds of one check of the current source (dependencies are built once, before).
check_time() {
    touch "$work/src/lib.rs"
    start=$(date +%s.%N)
    (cd "$work" && cargo check -q)
    end=$(date +%s.%N)
    awk -v a="$start" -v b="$end" 'BEGIN { print b - a }'
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

generate plain 1
(cd "$work" && cargo check -q 2>/dev/null) # dependencies
# Rounds interleave the kinds, so that a drift of the machine's load hits all of them alike.
declare -A samples
for round in $(seq 1 "$runs"); do
    for kind in plain tenant enum_def; do
        for n in 50 200; do
            generate "$kind" "$n"
            samples[$kind$n]+="$(check_time) "
        done
    done
done
declare -A t
for kind in plain tenant enum_def; do
    for n in 50 200; do
        t[$kind$n]=$(echo "${samples[$kind$n]}" | tr ' ' '\n' | grep . | median)
        printf '%-9s %4d structs: %.3f s\n' "$kind" "$n" "${t[$kind$n]}"
    done
done

per_struct() { # kind -> ms per struct, plain structs subtracted
    awk -v a="${t[${1}200]}" -v b="${t[${1}50]}" -v c="${t[plain200]}" -v d="${t[plain50]}" \
        'BEGIN { print ((a - b) - (c - d)) * 1000 / 150 }'
}
tenant=$(per_struct tenant)
enum_def=$(per_struct enum_def)
printf '\nper struct, cargo check of the crate, plain structs subtracted (median of %d runs):\n' "$runs"
printf '  #[derive(TenantScoped)]   %.2f ms\n' "$tenant"
printf '  sea-query #[enum_def]     %.2f ms\n' "$enum_def"
printf '  ratio                     %.2fx\n' "$(awk -v a="$tenant" -v b="$enum_def" 'BEGIN { print a / b }')"
