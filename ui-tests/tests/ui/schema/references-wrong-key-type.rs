use tenant_core::TenantScoped;
use tenant_core::uuid::Uuid;

#[derive(TenantScoped)]
pub struct Team {
    pub id: Uuid,
    pub organization_id: Uuid,
}

#[derive(TenantScoped)]
pub struct Project {
    pub id: Uuid,
    pub organization_id: Uuid,
    #[tenant(references = "Team")]
    pub team_id: i64,
}
fn main() {}
