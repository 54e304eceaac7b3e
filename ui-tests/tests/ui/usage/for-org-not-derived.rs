use tenant_core::Scope;
use tenant_core::uuid::Uuid;

pub struct Project {
    pub id: Uuid,
    pub organization_id: Uuid,
}

fn main() {
    let scope = Scope::new(Uuid::from_u128(1)).unwrap();
    let _ = tenant_core::for_org::<Project>(&scope);
}
