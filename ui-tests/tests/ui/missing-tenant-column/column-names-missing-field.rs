use tenant_core::TenantScoped;
use tenant_core::uuid::Uuid;

#[derive(TenantScoped)]
#[tenant(column = "tenant_id")]
pub struct Project {
    pub id: Uuid,
    pub tenant: Uuid,
}
fn main() {}
