//! The isolation suite on PostgreSQL. Ignored unless asked for: `TENANT_TEST_POSTGRES_URL=...
//! cargo test -p tenant-tests --test isolation_postgres -- --include-ignored`.

tenant_tests::isolation_suite!(
    tenant_tests::backends::Postgres::open(),
    ignore = "needs TENANT_TEST_POSTGRES_URL"
);

/// The same through sqlx, whose PostgreSQL binder (sea-query-sqlx) panics on a `u64` past
/// `i64::MAX`: the page and a condition, with a clear error instead of a panic.
#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn sqlx_takes_huge_limits_and_refuses_huge_unsigned_values_without_a_panic() {
    use tenant_core::sea_query::{Expr, ExprTrait};
    use tenant_core::{Scope, TenantScoped};
    use tenant_tests::{ORG_A, Project};

    let db = tenant_tests::backends::Postgres::open();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let mut connection = db.sqlx_connection().await;
        let scope = Scope::new(ORG_A).expect("not nil");
        let page = Project::select(&scope).limit(u64::MAX).offset(0);
        let mut tx = tenant_core::sqlx::BoundTransaction::begin(
            &mut connection,
            &scope,
            &tenant_core::TenantSetting::DEFAULT,
        )
        .await
        .expect("bound");
        let rows = tx
            .fetch_all(&page)
            .await
            .expect("a limit past i64::MAX pages everything");
        assert_eq!(rows.len(), 2);
        let beyond = Project::select(&scope).and_where(Expr::val(u64::MAX).gt(Expr::val(1u64)));
        let error = tx
            .fetch_all(&beyond)
            .await
            .expect_err("PostgreSQL has no unsigned 64-bit integers");
        assert!(error.as_database_error().is_some(), "{error}");
    });
}
