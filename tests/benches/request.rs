//! The cost of a request through the library against the same request written by hand with
//! sqlx, on PostgreSQL under row-level security, as the application role, in one run: a user
//! enters an organization (membership check and binding) and reads its memberships, in one
//! transaction. Interleaved rounds; prints the median and quartiles of the per-round latency
//! ratios (goal ≤ 1.15).
//!
//! The library: `orgs::enter_transaction` (`BEGIN` with the binding, then the membership
//! check), the select, `COMMIT` — four round trips. By hand: `BEGIN`, the binding (`set_config` of the
//! organization and of its transaction token, as the policy reads them), the membership check,
//! the select, `COMMIT` — five, as a handler is usually written.
//!
//! `TENANT_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test cargo bench -p tenant-tests --bench request`

use std::time::{Duration, Instant};

use tenant_core::TenantScoped;
use tenant_core::orgs::{self, Membership};
use tenant_core::sqlx::sqlx::{self, Row};
use tenant_core::uuid::Uuid;
use tenant_tests::requests::{BOB, Organizations, organizations};

const ROUNDS: usize = 31;
const PER_ROUND: usize = 100;

/// The library's request: the member's organization's memberships.
async fn library(pool: &sqlx::PgPool, organization: Uuid) -> usize {
    let (member, mut tx) = orgs::enter_transaction(pool, BOB, organization)
        .await
        .expect("a member");
    let members: Vec<Membership> = tx
        .fetch_all_as(&Membership::select(member.scope()))
        .await
        .expect("select");
    tx.commit().await.expect("commit");
    members.len()
}

/// The same request by hand.
async fn by_hand(pool: &sqlx::PgPool, organization: Uuid) -> usize {
    let mut tx = pool.begin().await.expect("begin");
    sqlx::query(
        "SELECT set_config('app.current_organization_id', $1, true), \
         set_config('app.current_organization_id_tx', extract(epoch from transaction_timestamp())::text, true)",
    )
    .bind(organization.to_string())
    .execute(&mut *tx)
    .await
    .expect("binding");
    let role: Option<String> = sqlx::query_scalar(
        "SELECT m.role FROM organization_memberships m JOIN organizations o ON o.id = m.organization_id \
         WHERE m.organization_id = $1 AND m.user_id = $2",
    )
    .bind(organization)
    .bind(BOB)
    .fetch_optional(&mut *tx)
    .await
    .expect("membership");
    assert!(role.is_some(), "a member");
    let rows = sqlx::query(
        "SELECT organization_id, user_id, role, created_at FROM organization_memberships \
         WHERE organization_memberships.organization_id = $1",
    )
    .bind(organization)
    .fetch_all(&mut *tx)
    .await
    .expect("select");
    let members: Vec<(Uuid, Uuid, String, i64)> = rows
        .iter()
        .map(|row| (row.get(0), row.get(1), row.get(2), row.get(3)))
        .collect();
    tx.commit().await.expect("commit");
    members.len()
}

fn main() {
    // `db` is kept to the end: dropped, it drops the schema.
    let Organizations {
        db: _db,
        runtime,
        pool,
        acme: organization,
        ..
    } = organizations();
    runtime.block_on(async {
        // Both read the same rows; warm the statement cache.
        for _ in 0..20 {
            assert_eq!(library(&pool, organization).await, 2);
            assert_eq!(by_hand(&pool, organization).await, 2);
        }
        let mut ratios = Vec::with_capacity(ROUNDS);
        let (mut library_total, mut hand_total) = (Duration::ZERO, Duration::ZERO);
        for round in 0..ROUNDS {
            let (mut ours, mut theirs) = (Duration::ZERO, Duration::ZERO);
            // Alternate which goes first, so neither always runs on a warmer connection.
            for first_is_library in [round % 2 == 0, round % 2 != 0] {
                let start = Instant::now();
                for _ in 0..PER_ROUND / 2 {
                    if first_is_library {
                        library(&pool, organization).await;
                    } else {
                        by_hand(&pool, organization).await;
                    }
                }
                let elapsed = start.elapsed();
                if first_is_library {
                    ours += elapsed;
                } else {
                    theirs += elapsed;
                }
            }
            library_total += ours;
            hand_total += theirs;
            ratios.push(ours.as_secs_f64() / theirs.as_secs_f64());
        }
        ratios.sort_by(f64::total_cmp);
        let per_request = |total: Duration| {
            total.as_secs_f64() * 1e6 / (ROUNDS * PER_ROUND / 2) as f64
        };
        println!(
            "entered request, PostgreSQL under row-level security (application role), {ROUNDS} interleaved rounds of {} requests each way:",
            PER_ROUND / 2
        );
        println!(
            "  library {:>7.0}µs  (BEGIN with the binding, membership check, select, COMMIT: 4 round trips)",
            per_request(library_total)
        );
        println!(
            "  by hand {:>7.0}µs  (BEGIN, binding, membership check, select, COMMIT: 5 round trips)",
            per_request(hand_total)
        );
        println!(
            "  ratio   {:.3}x median  ({:.3}-{:.3} quartiles)",
            ratios[ROUNDS / 2],
            ratios[ROUNDS / 4],
            ratios[3 * ROUNDS / 4]
        );
    });
}
