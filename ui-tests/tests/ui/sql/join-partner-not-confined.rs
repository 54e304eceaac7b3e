use tenant_core::uuid::Uuid;
use tenant_core::{TenantScoped, tenant_sql};

#[derive(TenantScoped)]
#[tenant(table = "projects")]
pub struct Project {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub name: String,
}

#[derive(TenantScoped)]
#[tenant(table = "tasks")]
pub struct Task {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub project_id: Uuid,
    pub title: String,
}

fn main() {
    let _ = tenant_sql!(
        postgres,
        "SELECT p.name, t.title FROM {Project} AS p JOIN {Task} AS t ON t.project_id = p.id WHERE p.organization_id = {scope}"
    );
}
