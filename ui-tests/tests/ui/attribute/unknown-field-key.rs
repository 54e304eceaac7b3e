use tenant_core::TenantScoped;
use tenant_core::uuid::Uuid;

#[derive(TenantScoped)]
pub struct Project {
    #[tenant(primary)]
    pub id: Uuid,
    pub organization_id: Uuid,
}
fn main() {}
