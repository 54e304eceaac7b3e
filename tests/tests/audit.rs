//! `tenant_core::audit` on SQLite, PostgreSQL and MariaDB: see `tests/src/audit_suite.rs`.

use tenant_core::GlobalTable;

tenant_tests::executor_suite!(
    audit_suite;
    the_structs_own_schema_has_no_finding,
    a_missing_table_is_found,
    tenant_column_mistakes_are_found,
    a_nullable_tenant_column_is_found,
    a_tenant_column_of_another_type_is_found,
    a_missing_organizations_key_is_found,
    a_key_that_is_not_tenant_led_is_found,
    a_unique_that_is_not_tenant_led_is_found,
    a_missing_composite_key_is_found,
    row_level_security_mistakes_are_found,
    a_global_table_that_belongs_to_organizations_is_found,
    other_permissive_and_restricted_policies_are_found,
    a_prefixed_or_short_tenant_column_is_found,
    on_conflict_replace_is_found,
);

/// No `GlobalTable` struct of this binary names a tenant table (`global_over_tenant.rs` has one).
#[test]
fn the_registry_has_no_global_table_over_a_tenant_table() {
    let _ = tenant_tests::Status::TABLE;
    tenant_core::audit::check_registered().expect("no conflict");
    assert!(
        tenant_core::audit::registered_globals()
            .iter()
            .any(|global| global.table == "statuses")
    );
}
