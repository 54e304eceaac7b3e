//! Foreign keys to global tables, declared indexes, one row per organization and the migration
//! statement list, on SQLite, PostgreSQL (under row-level security, as the application role)
//! and MariaDB: see `tests/src/shapes_suite.rs`.

tenant_tests::executor_suite!(
    shapes_suite;
    the_migration_makes_what_the_audit_expects,
    one_row_per_organization_referencing_a_global_table,
);
