// The tables of the `tenant_sql!` cases: two tenant tables and a global one.

#[allow(unused_imports)]
use tenant_core::{GlobalTable, TenantScoped, tenant_sql, uuid::Uuid};

#[derive(TenantScoped)]
#[tenant(table = "projects")]
pub struct Project {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub name: String,
    pub plan_code: String,
}

#[derive(TenantScoped)]
#[tenant(table = "tasks")]
pub struct Task {
    pub id: Uuid,
    pub organization_id: Uuid,
    #[tenant(references = "Project")]
    pub project_id: Uuid,
    pub title: String,
}

#[derive(GlobalTable)]
#[tenant(table = "plans")]
pub struct Plan {
    #[tenant(primary_key)]
    pub code: String,
    pub name: String,
}
