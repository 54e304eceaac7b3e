//! `tenant_core::migrate::adopt` on SQLite, PostgreSQL and MariaDB: see
//! `tests/src/adopt_suite.rs`.

tenant_tests::executor_suite!(
    adopt_suite;
    a_legacy_schema_is_adopted_and_rerunning_changes_nothing,
    an_adoption_stopped_halfway_completes,
    a_failed_adoption_leaves_the_connection_usable_and_completes_once_fixed,
    sqlite_refuses_to_drop_legacy_columns_and_keeps_indexes_and_triggers,
    mariadb_adopts_an_auto_increment_key_and_keeps_the_foreign_keys,
    catalog_names_with_quotes_are_quoted,
);
