use tenant_core::TenantScoped;
use tenant_core::uuid::Uuid;

#[derive(TenantScoped)]
#[tenant(organizations = "accounts id")]
pub struct Project {
    pub id: Uuid,
    pub organization_id: Uuid,
}
fn main() {}
