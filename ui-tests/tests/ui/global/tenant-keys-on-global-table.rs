use tenant_core::{GlobalTable, TenantScoped};
use tenant_core::uuid::Uuid;

#[derive(TenantScoped)]
pub struct Project {
    pub id: Uuid,
    pub organization_id: Uuid,
}

#[derive(GlobalTable)]
#[tenant(column = "account_id", on_delete_cascade)]
pub struct Plan {
    pub id: Uuid,
    #[tenant(references = "Project")]
    pub project_id: Uuid,
}

fn main() {}
