use tenant_core::TenantScoped;
use tenant_core::uuid::Uuid;

#[derive(TenantScoped)]
pub struct Project {
    pub id: Uuid,
    pub org: Uuid,
    pub name: String,
}
fn main() {}
