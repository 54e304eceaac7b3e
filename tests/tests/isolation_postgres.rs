//! The isolation suite on PostgreSQL (`TENANT_TEST_POSTGRES_URL`; unset: one `skipped:` line).

tenant_tests::isolation_suite!(tenant_tests::backends::Postgres::open());
