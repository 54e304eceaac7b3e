//! The isolation suite on PostgreSQL. Ignored unless asked for: `TENANT_TEST_POSTGRES_URL=...
//! cargo test -p tenant-tests --test isolation_postgres -- --include-ignored`.

tenant_tests::isolation_suite!(
    tenant_tests::backends::Postgres::open(),
    ignore = "needs TENANT_TEST_POSTGRES_URL"
);
