use tenant_core::TenantScoped;
use tenant_core::uuid::Uuid;

#[derive(TenantScoped)]
pub struct Project {
    pub id: Uuid,
    pub organization_id: Option<Uuid>,
}
fn main() {}
