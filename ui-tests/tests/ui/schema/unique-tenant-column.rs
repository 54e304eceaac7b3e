use tenant_core::TenantScoped;
use tenant_core::uuid::Uuid;

#[derive(TenantScoped)]
pub struct Project {
    pub id: Uuid,
    #[tenant(unique)]
    pub organization_id: Uuid,
}
fn main() {}
