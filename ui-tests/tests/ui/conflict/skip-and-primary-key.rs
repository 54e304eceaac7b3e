use tenant_core::TenantScoped;
use tenant_core::uuid::Uuid;

#[derive(TenantScoped)]
pub struct Project {
    #[tenant(skip, primary_key)]
    pub id: Uuid,
    pub organization_id: Uuid,
}
fn main() {}
