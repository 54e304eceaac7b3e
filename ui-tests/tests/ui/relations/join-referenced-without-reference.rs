use tenant_core::Join;
use tenant_core::uuid::Uuid;
use tenant_core::{Scope, TenantScoped};

#[derive(TenantScoped)]
pub struct Project {
    pub id: Uuid,
    pub organization_id: Uuid,
}

#[derive(TenantScoped)]
pub struct Task {
    pub id: Uuid,
    pub organization_id: Uuid,
    /// Not marked `#[tenant(references = "Project")]`.
    pub project_id: Uuid,
}

fn main() {
    let scope = Scope::new(Uuid::from_u128(1)).unwrap();
    let _ = Task::select(&scope).join_referenced::<Project>(Join::Inner);
}
