use tenant_core::uuid::Uuid;
use tenant_core::{Scope, TenantScoped};

#[derive(TenantScoped)]
pub struct Project {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub name: String,
}

fn main() {
    let scope = Scope::new(Uuid::from_u128(1)).unwrap();
    let row = Project { id: Uuid::from_u128(2), organization_id: Uuid::nil(), name: "x".into() };
    let _ = Project::insert(&scope)
        .row(&row)
        .unwrap()
        .on_conflict_update([ProjectIden::OrganizationId]);
}
