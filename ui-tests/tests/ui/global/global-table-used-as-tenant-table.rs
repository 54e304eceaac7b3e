use tenant_core::{GlobalTable, Scope};
use tenant_core::uuid::Uuid;

#[derive(GlobalTable)]
pub struct Plan {
    pub id: Uuid,
    pub name: String,
}

fn main() {
    let scope = Scope::new(Uuid::from_u128(1)).unwrap();
    let _ = tenant_core::for_org::<Plan>(&scope);
}
