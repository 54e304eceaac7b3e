//! A `GlobalTable` struct over a tenant table: `#[derive(GlobalTable)] #[tenant(table =
//! "projects")] struct ProjectOption { id, name }` compiles (the derive sees one struct at a
//! time), so the registry finds it: `audit::check_registered()` reports it, and its builders
//! refuse it at their first use in the process, before it reads or writes a row.

use tenant_core::audit::{self, Finding};
use tenant_core::sea_query::{Expr, ExprTrait};
use tenant_core::uuid::Uuid;
use tenant_core::{GlobalTable, Join, Scope, TenantScoped};
use tenant_tests::{ORG_A, Project, ProjectIden, Task};

/// "Just id and name": what `TenantScoped` refuses for want of the tenant column.
#[derive(GlobalTable)]
#[tenant(table = "projects")]
pub struct ProjectOption {
    pub id: Uuid,
    pub name: String,
}

#[test]
fn the_registry_reports_a_global_table_over_a_tenant_table() {
    // `Project` is linked (and so registered) by naming it.
    assert_eq!(Project::TABLE, "projects");
    let report = audit::check_registered().expect_err("the conflict is found");
    assert_eq!(
        report.findings,
        [(
            "projects".to_owned(),
            Finding::GlobalTableOverTenantTable {
                tenant_column: "organization_id".to_owned()
            }
        )],
        "{report}"
    );
}

#[test]
#[should_panic(
    expected = "derives GlobalTable over `projects`, the table of a TenantScoped struct"
)]
fn its_select_is_refused_at_first_use() {
    let _ = Project::TABLE;
    let _ = ProjectOption::select();
}

#[test]
#[should_panic(expected = "derives GlobalTable over `projects`")]
fn its_update_and_delete_are_refused_at_first_use() {
    let _ = Project::TABLE;
    let _ = ProjectOption::delete().and_where(Expr::col(ProjectOptionIden::Name).eq("x"));
}

#[test]
#[should_panic(expected = "derives GlobalTable over `projects`")]
fn joining_it_is_refused_at_first_use() {
    let scope = Scope::new(ORG_A).expect("not nil");
    let _ = Task::select(&scope).join_global::<ProjectOption>(
        Join::Cross,
        Expr::col((ProjectIden::Table, ProjectIden::Id)).is_not_null(),
    );
}
