use tenant_core::TenantScoped;
use tenant_core::uuid::Uuid;

#[derive(TenantScoped)]
pub struct Project {
    pub id: Uuid,
    pub organization_id: Uuid,
    #[tenant(rename = "name\" or 1=1 --")]
    pub name: String,
}
fn main() {}
