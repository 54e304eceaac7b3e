use tenant_core::TenantScoped;
use tenant_core::uuid::Uuid;

#[derive(TenantScoped)]
pub struct Membership {
    pub organization_id: Uuid,
    pub user_id: Uuid,
}
fn main() {}
