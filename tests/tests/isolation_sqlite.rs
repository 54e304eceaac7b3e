//! The isolation suite on embedded SQLite: runs in every `cargo test`, no server needed.

tenant_tests::isolation_suite!(tenant_tests::backends::Sqlite::open());

use tenant_core::TenantScoped;
use tenant_core::sea_query::SqliteQueryBuilder;
use tenant_core::uuid::Uuid;
use tenant_tests::Project;
use tenant_tests::backends::{Db, Sqlite};

#[test]
fn run_statements_with_bound_values_not_inlined_text() {
    // SQLite stores a bound Uuid as a 16-byte blob; `to_string` inlines it as text, which
    // matches nothing. `build` (or a driver binder) is the way to run a statement.
    let mut db = Sqlite::open();
    let scope = tenant_core::Scope::new(tenant_tests::ORG_A).expect("not nil");
    let select = Project::find(&scope, Uuid::from_u128(0xA1));
    assert_eq!(db.fetch(&select).len(), 1);
    let inlined = select.to_string(SqliteQueryBuilder);
    let mut statement = db.0.prepare(&inlined).expect("inlined SQL prepares");
    let rows = statement
        .query_map([], |_| Ok(()))
        .expect("inlined SQL runs");
    assert_eq!(rows.count(), 0);
}

#[test]
fn no_active_organization_means_no_scope() {
    assert_eq!(
        tenant_core::Scope::new(Uuid::nil()),
        Err(tenant_core::TenantError::NilOrganization)
    );
}
