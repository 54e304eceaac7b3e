use tenant_core::TenantScoped;
use tenant_core::uuid::Uuid;

#[derive(TenantScoped)]
#[tenant(one_per_organization)]
pub struct Settings {
    #[tenant(primary_key)]
    pub id: Uuid,
    pub organization_id: Uuid,
    pub theme: String,
}
fn main() {}
