use tenant_core::TenantScoped;
use tenant_core::uuid::Uuid;

#[derive(TenantScoped)]
#[tenant(on_delete_cascade = true)]
pub struct Project {
    pub id: Uuid,
    pub organization_id: Uuid,
}
fn main() {}
