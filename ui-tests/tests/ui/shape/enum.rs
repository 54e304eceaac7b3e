use tenant_core::TenantScoped;
use tenant_core::uuid::Uuid;

#[derive(TenantScoped)]
pub enum Project {
    Active { id: Uuid, organization_id: Uuid },
}
fn main() {}
