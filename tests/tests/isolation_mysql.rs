//! The isolation suite on MariaDB/MySQL (`TENANT_TEST_MYSQL_URL`; unset: one `skipped:` line).

tenant_tests::isolation_suite!(tenant_tests::backends::Mysql::open());
