//! A struct of key and tenant only: `set_row` would build `UPDATE t SET  WHERE ..`.
use tenant_core::uuid::Uuid;
use tenant_core::{Scope, TenantScoped};

#[derive(TenantScoped)]
pub struct Membership {
    pub id: Uuid,
    pub organization_id: Uuid,
}

fn main() {
    let scope = Scope::new(Uuid::from_u128(1)).unwrap();
    let row = Membership { id: Uuid::from_u128(2), organization_id: Uuid::nil() };
    let _ = Membership::update(&scope).set_row(&row);
}
