//! `tenant_core::migrate::adopt` on SQLite, PostgreSQL and MariaDB: see
//! `tests/src/adopt_suite.rs`.

tenant_tests::executor_suite!(
    adopt_suite;
    a_legacy_schema_is_adopted_and_rerunning_changes_nothing,
    an_adoption_stopped_halfway_completes,
);
