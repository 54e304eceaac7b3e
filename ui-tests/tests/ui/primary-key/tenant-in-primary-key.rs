use tenant_core::TenantScoped;
use tenant_core::uuid::Uuid;

#[derive(TenantScoped)]
pub struct Project {
    #[tenant(primary_key)]
    pub id: Uuid,
    #[tenant(primary_key)]
    pub organization_id: Uuid,
}
fn main() {}
