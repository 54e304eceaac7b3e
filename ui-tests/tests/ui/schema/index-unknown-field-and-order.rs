use tenant_core::TenantScoped;
use tenant_core::uuid::Uuid;

#[derive(TenantScoped)]
#[tenant(index = "at sideways", index = "when desc", index = "organization_id, at")]
pub struct AuditEntry {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub at: i64,
}
fn main() {}
