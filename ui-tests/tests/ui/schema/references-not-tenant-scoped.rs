use tenant_core::TenantScoped;
use tenant_core::uuid::Uuid;

pub struct Team {
    pub id: Uuid,
}

#[derive(TenantScoped)]
pub struct Project {
    pub id: Uuid,
    pub organization_id: Uuid,
    #[tenant(references = "Team")]
    pub team_id: Uuid,
}
fn main() {}
