//! The isolation suite on MariaDB/MySQL. Ignored unless asked for: `TENANT_TEST_MYSQL_URL=...
//! cargo test -p tenant-tests --test isolation_mysql -- --include-ignored`.

tenant_tests::isolation_suite!(
    tenant_tests::backends::Mysql::open(),
    ignore = "needs TENANT_TEST_MYSQL_URL"
);
