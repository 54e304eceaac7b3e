//! A request as the unit, on PostgreSQL under row-level security as a role that owns nothing:
//! `orgs::enter_transaction` checks the membership and binds the request's own transaction in
//! one round trip; the `BoundTransaction` it returns runs that organization's statements only,
//! and its binding ends with it.

use std::time::Duration;

use tenant_core::orgs::{self, Membership, MembershipIden, OrgError, Role};
use tenant_core::sea_query::{Expr, ExprTrait};
use tenant_core::sqlx::sqlx;
use tenant_core::uuid::Uuid;
use tenant_core::{Scope, TenantScoped};
use tenant_tests::backends::Postgres;
use tenant_tests::requests::{ADA, BOB, EVE, organizations};

/// The schema, the runtime, the application's pool, Acme and Globex.
fn setup() -> (Postgres, tokio::runtime::Runtime, sqlx::PgPool, Uuid, Uuid) {
    let orgs = organizations();
    (orgs.db, orgs.runtime, orgs.pool, orgs.acme, orgs.globex)
}

/// The user ids of the memberships the connection sees with nothing bound: none, under the
/// policy.
async fn unbound_memberships(pool: &sqlx::PgPool) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM organization_memberships")
        .fetch_one(pool)
        .await
        .expect("count")
}

#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn a_member_enters_in_the_requests_transaction_and_sees_only_its_organization() {
    let (_db, runtime, pool, acme, globex) = setup();
    runtime.block_on(async {
        let is_superuser: bool = sqlx::query_scalar(
            "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user",
        )
        .fetch_one(&pool)
        .await
        .expect("role");
        assert!(
            !is_superuser,
            "the test must run as a role the policies apply to"
        );
        assert_eq!(unbound_memberships(&pool).await, 0);

        let (bob, mut tx) = orgs::enter_transaction(&pool, BOB, acme)
            .await
            .expect("Bob is a member of Acme");
        assert_eq!((bob.organization(), bob.role()), (acme, Role::Member));
        let members: Vec<Membership> = tx
            .fetch_all_as(&Membership::select(bob.scope()))
            .await
            .expect("Acme's memberships");
        let mut users: Vec<Uuid> = members.iter().map(|member| member.user_id).collect();
        users.sort();
        assert_eq!(users, [ADA, BOB], "Acme's two members, not Globex's");
        // Raw SQL in the bound transaction is held by the policy too.
        let all: i64 = sqlx::query_scalar("SELECT count(*) FROM organization_memberships")
            .fetch_one(&mut *tx_connection(&mut tx))
            .await
            .expect("count");
        assert_eq!(all, 2);
        tx.commit().await.expect("commit");
        // The binding ended with the transaction: the pool's connection sees nothing again.
        assert_eq!(unbound_memberships(&pool).await, 0);

        // Not a member, a nonexistent organization, the nil id: one answer.
        for (user, organization) in [
            (BOB, globex),
            (BOB, Uuid::from_u128(42)),
            (BOB, Uuid::nil()),
        ] {
            let refused = orgs::enter_transaction(&pool, user, organization).await;
            assert!(
                matches!(refused, Err(OrgError::NotFound)),
                "{user} into {organization}: {refused:?}"
            );
            // The refused transaction was rolled back, its binding with it.
            assert_eq!(unbound_memberships(&pool).await, 0);
        }
    });
}

/// A statement of another scope is refused before it is sent (the transaction is still
/// usable: PostgreSQL would have aborted it on a failed statement); dropping the bound
/// transaction rolls its writes back.
#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn a_bound_transaction_runs_only_its_scope_and_rolls_back_when_dropped() {
    let (_db, runtime, pool, acme, globex) = setup();
    runtime.block_on(async {
        let (ada, mut tx) = orgs::enter_transaction(&pool, ADA, acme)
            .await
            .expect("Ada");
        let globex_scope = Scope::new(globex).expect("scope");
        for refused in [
            tx.fetch_all(&Membership::select(&globex_scope))
                .await
                .map(drop),
            tx.execute(&Membership::delete(&globex_scope))
                .await
                .map(drop),
            tx.execute(
                &Membership::update(&globex_scope).set(MembershipIden::Role, Role::ReadOnly),
            )
            .await
            .map(drop),
        ] {
            let error = refused.expect_err("another organization's statement");
            assert!(
                error.to_string().contains("another organization"),
                "{error}"
            );
        }
        // Not sent: the transaction goes on.
        let demoted = tx
            .execute(
                &Membership::update(ada.scope())
                    .set(MembershipIden::Role, Role::ReadOnly)
                    .and_where(Expr::col(MembershipIden::UserId).eq(BOB)),
            )
            .await
            .expect("Acme's own update");
        assert_eq!(demoted, 1);
        drop(tx);

        let (bob, tx) = orgs::enter_transaction(&pool, BOB, acme)
            .await
            .expect("Bob");
        assert_eq!(
            bob.role(),
            Role::Member,
            "the dropped transaction's update was rolled back"
        );
        tx.rollback().await.expect("rollback");
    });
}

/// The raw connection of a bound transaction, for the test's own SQL.
fn tx_connection<'t>(
    tx: &'t mut tenant_core::sqlx::BoundTransaction<'_>,
) -> &'t mut sqlx::PgConnection {
    tx.connection()
}

/// Counts the statements sqlx sends on one thread (its `sqlx::query` events: one per round
/// trip, a batch of the simple protocol included), with their summaries. The process's global
/// subscriber, so that no callsite's interest was cached before it (tests run side by side), and
/// counting only the thread it was told to watch.
#[derive(Clone, Default)]
struct Sent(
    std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    std::sync::Arc<std::sync::Mutex<Option<std::thread::ThreadId>>>,
);

impl tracing::Subscriber for Sent {
    fn enabled(&self, metadata: &tracing::Metadata<'_>) -> bool {
        metadata.target() == "sqlx::query"
    }

    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }

    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}

    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

    fn event(&self, event: &tracing::Event<'_>) {
        if *self.1.lock().expect("lock") != Some(std::thread::current().id()) {
            return;
        }
        struct Summary(String);
        impl tracing::field::Visit for Summary {
            fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
                if field.name() == "summary" {
                    self.0 = format!("{value:?}");
                }
            }

            fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
                if field.name() == "summary" {
                    self.0 = value.to_owned();
                }
            }
        }
        let mut summary = Summary(String::new());
        event.record(&mut summary);
        self.0.lock().expect("lock").push(summary.0);
    }

    fn enter(&self, _: &tracing::span::Id) {}

    fn exit(&self, _: &tracing::span::Id) {}
}

/// An entered GET whose work is one select: one transaction, four round trips — `BEGIN` with
/// the binding, the membership check, the select, `COMMIT`. sqlx sends its begin statement (and
/// waits for it) without a `sqlx::query` event: the three others are counted, once the
/// statements are in the connection's cache (their first run on a connection also prepares
/// them).
#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn an_entered_request_is_four_round_trips() {
    let sent = Sent::default();
    tracing::subscriber::set_global_default(sent.clone()).expect("the only global subscriber");
    let (_db, runtime, pool, acme, _) = setup();
    let request = |organization: orgs::OrgRef<'static>| {
        let pool = &pool;
        async move {
            let (bob, mut tx) = orgs::enter_transaction(pool, BOB, organization)
                .await
                .expect("Bob");
            let members: Vec<Membership> = tx
                .fetch_all_as(&Membership::select(bob.scope()))
                .await
                .expect("select");
            tx.commit().await.expect("commit");
            members.len()
        }
    };
    let count = |organization| {
        // The pool's connection is made and the statements prepared before counting.
        assert_eq!(runtime.block_on(request(organization)), 2);
        sent.0.lock().expect("lock").clear();
        *sent.1.lock().expect("lock") = Some(std::thread::current().id());
        let members = runtime.block_on(request(organization));
        *sent.1.lock().expect("lock") = None;
        assert_eq!(members, 2);
        sent.0.lock().expect("lock").clone()
    };
    let sent_by_id = count(acme.into());
    assert_eq!(sent_by_id.len(), 3, "{sent_by_id:#?}");
    assert!(
        sent_by_id[0].starts_with(r#"SELECT "organization_memberships"."role""#),
        "the membership check: {sent_by_id:#?}"
    );
    assert!(
        sent_by_id[1].starts_with(r#"SELECT "organization_id""#),
        "the work: {sent_by_id:#?}"
    );
    assert_eq!(sent_by_id[2], "COMMIT");

    // By slug: one round trip more, first — the slug's organization id, one batch.
    let sent_by_slug = count("acme".into());
    assert_eq!(sent_by_slug.len(), 4, "{sent_by_slug:#?}");
    assert!(
        sent_by_slug[0].starts_with("SET LOCAL citus.propagate_set_commands"),
        "the slug's id: {sent_by_slug:#?}"
    );
    assert_eq!(sent_by_slug[1..], sent_by_id[..]);
}

/// Entering by slug: the same member and binding as by id, as the application role; a slug no
/// organization has, or one of an organization the user is not in, is the same 404. The slug's
/// binding shows that one organization row, read only, and no tenant row, and ends with its
/// own transaction; a slug with quotes and backslashes is a value, not SQL.
#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn a_member_enters_by_slug_and_the_slug_shows_nothing_else() {
    let (_db, runtime, pool, acme, globex) = setup();
    runtime.block_on(async {
        let (bob, tx) = orgs::enter_transaction(&pool, BOB, "acme")
            .await
            .expect("Bob enters Acme by its slug");
        assert_eq!((bob.organization(), bob.role()), (acme, Role::Member));
        drop(tx);
        for (user, slug) in [(BOB, "globex"), (BOB, "nobody"), (BOB, ""), (EVE, "acme")] {
            let refused = orgs::enter_transaction(&pool, user, slug).await;
            assert!(
                matches!(refused, Err(OrgError::NotFound)),
                "{user} into {slug:?}: {refused:?}"
            );
            assert_eq!(unbound_memberships(&pool).await, 0);
        }
        let (eve, tx) = orgs::enter_transaction(&pool, EVE, "globex")
            .await
            .expect("Eve enters Globex by its slug");
        assert_eq!(eve.organization(), globex);
        drop(tx);

        // Suspended by the operator: its members learn it, others get the same 404.
        let operator = orgs::Operator::because("tests: suspend Globex");
        let mut connection = pool.acquire().await.expect("connection");
        orgs::suspend(
            &mut orgs::SqlxPostgresExecutor::new(&mut connection),
            &operator,
            globex,
        )
        .await
        .expect("suspended, as the application role");
        drop(connection);
        assert!(matches!(
            orgs::enter_transaction(&pool, EVE, "globex").await,
            Err(OrgError::Unavailable {
                status: orgs::OrgStatus::Suspended
            })
        ));
        assert!(matches!(
            orgs::enter_transaction(&pool, BOB, globex).await,
            Err(OrgError::NotFound)
        ));
        assert_eq!(unbound_memberships(&pool).await, 0);

        // What a binding of the slug shows, raw, as the application role.
        let mut raw = pool.begin().await.expect("begin");
        let binding = tenant_core::rls::Binding::scope(
            &tenant_core::TenantSetting::DEFAULT,
            &Scope::new(Uuid::from_u128(1)).expect("scope"),
        );
        let slug_binding = binding.sql().replace(
            "SET LOCAL app.current_organization_id = '00000000-0000-0000-0000-000000000001'",
            "SET LOCAL app.current_organization_id_slug = 'acme'",
        );
        sqlx::raw_sql(sqlx::AssertSqlSafe(slug_binding))
            .execute(&mut *raw)
            .await
            .expect("bind the slug");
        let seen: Vec<Uuid> = sqlx::query_scalar("SELECT id FROM organizations")
            .fetch_all(&mut *raw)
            .await
            .expect("organizations");
        assert_eq!(seen, [acme], "the slug's organization, and no other");
        let memberships: i64 = sqlx::query_scalar("SELECT count(*) FROM organization_memberships")
            .fetch_one(&mut *raw)
            .await
            .expect("memberships");
        assert_eq!(memberships, 0, "no tenant row through a slug");
        let renamed = sqlx::query("UPDATE organizations SET name = 'Taken'")
            .execute(&mut *raw)
            .await
            .expect("update");
        assert_eq!(renamed.rows_affected(), 0, "read only");
        raw.rollback().await.expect("rollback");
        // Set at session level, outside the binders, a slug shows nothing.
        let mut raw = pool.begin().await.expect("begin");
        sqlx::raw_sql("SET app.current_organization_id_slug = 'acme'")
            .execute(&mut *raw)
            .await
            .expect("session-level slug");
        let seen: i64 = sqlx::query_scalar("SELECT count(*) FROM organizations")
            .fetch_one(&mut *raw)
            .await
            .expect("organizations");
        assert_eq!(seen, 0, "a slug set outside the binders");
        raw.rollback().await.expect("rollback");

        // A slug is a value: quotes and backslashes reach the comparison intact.
        let mut connection = pool.acquire().await.expect("connection");
        let odd = r"o'brien\x";
        let made = orgs::create_organization(
            &mut orgs::SqlxPostgresExecutor::new(&mut connection),
            EVE,
            "O'Brien",
            odd,
        )
        .await
        .expect("an odd slug");
        drop(connection);
        let (entered, tx) = orgs::enter_transaction(&pool, EVE, odd)
            .await
            .expect("entered by the odd slug");
        assert_eq!(entered.organization(), made.organization());
        drop(tx);
    });
}

/// The memberships a bound transaction's raw SQL sees: what the policy lets through.
async fn visible_memberships(tx: &mut tenant_core::sqlx::BoundTransaction<'_>) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM organization_memberships")
        .fetch_one(tx.connection())
        .await
        .expect("count")
}

/// The organization flows run inside the request's bound transaction (each in a savepoint of
/// it): their writes commit or roll back with the request, and nothing they bind or open —
/// the switcher's unscoped read, a token lookup that fails, another organization — outlives
/// them: the transaction sees its own organization's rows only, after each.
#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn flows_compose_inside_the_request_transaction_and_leave_nothing_open() {
    let (_db, runtime, pool, acme, globex) = setup();
    runtime.block_on(async {
        let (ada, mut tx) = orgs::enter_transaction(&pool, ADA, acme)
            .await
            .expect("Ada");
        assert_eq!(visible_memberships(&mut tx).await, 2);

        // The switcher opens every organization for its read; closed again after it.
        let switcher = orgs::organizations_of(&mut tx, ADA)
            .await
            .expect("switcher");
        assert_eq!(switcher.len(), 1);
        assert_eq!(visible_memberships(&mut tx).await, 2, "after the switcher");

        // A token lookup that fails (unscoped too): rolled back to its savepoint.
        let refused = orgs::accept(&mut tx, "no-such-token", ADA, None).await;
        assert!(
            matches!(refused, Err(OrgError::InvalidInvitation)),
            "{refused:?}"
        );
        assert_eq!(visible_memberships(&mut tx).await, 2, "after a failed flow");

        // A flow of another organization's member binds Globex for its work, not after it.
        let eve = orgs::enter(
            &mut orgs::SqlxPostgresExecutor::new(tx.connection()),
            EVE,
            globex,
        )
        .await
        .expect("Eve in Globex");
        orgs::invite(
            &mut tx,
            &eve,
            "x@example.com",
            Role::Member,
            Duration::from_secs(60),
        )
        .await
        .expect("Eve's invitation");
        assert_eq!(
            visible_memberships(&mut tx).await,
            2,
            "after a flow bound to Globex"
        );

        // A write of a flow commits with the request.
        orgs::invite(
            &mut tx,
            &ada,
            "carol@example.com",
            Role::Member,
            Duration::from_secs(60),
        )
        .await
        .expect("invitation");
        tx.commit().await.expect("commit");
        let (_, mut tx) = orgs::enter_transaction(&pool, ADA, acme)
            .await
            .expect("Ada");
        let pending: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM organization_invitations WHERE email = 'carol@example.com'",
        )
        .fetch_one(tx.connection())
        .await
        .expect("count");
        assert_eq!(pending, 1);
        tx.rollback().await.expect("rollback");
    });
}

/// An unscoped transaction (a report across organizations, as the application role) fetches
/// one row, an optional one, typed rows and scalars, and runs global-table statements, on both
/// PostgreSQL drivers; a bound transaction counts its own organization's.
#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn unscoped_and_bound_transactions_fetch_every_shape_and_global_tables() {
    use tenant_core::Unscoped;
    use tenant_core::orgs::{Organization, OrganizationIden};
    use tenant_core::sea_query::Order;
    use tenant_core::{GlobalTable, TenantSetting};

    let (mut db, runtime, pool, acme, _) = setup();
    let report = Unscoped::because("test: report across organizations");
    let every_membership = || Membership::select_unscoped(&report).count();
    runtime.block_on(async {
        let mut tx =
            tenant_core::sqlx::unscoped_transaction(&pool, &report, &TenantSetting::DEFAULT)
                .await
                .expect("unscoped");
        let all: i64 = tx.fetch_scalar(&every_membership()).await.expect("count");
        assert_eq!(all, 3, "every organization's memberships");
        let organizations: Vec<Organization> = tx
            .fetch_all_as(&Organization::select().order_by(OrganizationIden::Slug, Order::Asc))
            .await
            .expect("a global table, every row under the opening");
        let slugs: Vec<&str> = organizations.iter().map(|o| o.slug.as_str()).collect();
        assert_eq!(slugs, ["acme", "globex"]);
        let acme_row: Option<Organization> = tx
            .fetch_optional_as(&Organization::find(acme))
            .await
            .expect("find");
        assert_eq!(acme_row.map(|o| o.name), Some("Acme".to_owned()));
        let none = tx
            .fetch_optional(&Organization::find(Uuid::from_u128(42)))
            .await
            .expect("find nothing");
        assert!(none.is_none());
        tx.fetch_one(&Organization::find(Uuid::from_u128(42)))
            .await
            .expect_err("fetch_one of nothing");
        tx.rollback().await.expect("rollback");

        let (ada, mut tx) = orgs::enter_transaction(&pool, ADA, acme)
            .await
            .expect("Ada");
        let own: i64 = tx
            .fetch_scalar(&Membership::select(ada.scope()).count())
            .await
            .expect("count");
        assert_eq!(own, 2);
        tx.rollback().await.expect("rollback");
    });

    let mut tx = tenant_core::postgres::unscoped_transaction(
        &mut db.client,
        &report,
        &TenantSetting::DEFAULT,
    )
    .expect("unscoped");
    let all: i64 = tx.query_one(&every_membership()).expect("count").get(0);
    assert_eq!(all, 3);
    let acme_row = tx.query_opt(&Organization::find(acme)).expect("find");
    assert_eq!(
        acme_row.map(|row| row.get::<_, String>("name")),
        Some("Acme".to_owned())
    );
    assert_eq!(tx.query(&Organization::select()).expect("global").len(), 2);
    tx.rollback().expect("rollback");
}
