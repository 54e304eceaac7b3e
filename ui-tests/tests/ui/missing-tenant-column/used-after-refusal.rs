use tenant_core::uuid::Uuid;
use tenant_core::{Scope, TenantScoped, for_org};

// The derive refuses the struct: that is the one error. Its uses below add none ("perhaps you
// need to implement `TenantScoped`"), thanks to the derive's fallback impl.
#[derive(TenantScoped)]
pub struct Project {
    pub id: Uuid,
    pub name: String,
}

fn main() {
    let scope = Scope::new(Uuid::from_u128(1)).unwrap();
    let _ = Project::select(&scope);
    let _ = for_org::<Project>(&scope);
    let _ = Project::create_table();
}
