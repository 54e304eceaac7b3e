use tenant_core::sea_query::Value;
use tenant_core::uuid::Uuid;
use tenant_core::{Scope, TenantKey, TenantScoped};

#[derive(Clone, Debug, PartialEq)]
pub struct OrgId(Uuid);

impl TenantKey for OrgId {
    fn is_nil(&self) -> bool {
        self.0.is_nil()
    }
    fn to_value(&self) -> Value {
        self.0.into()
    }
}

#[derive(TenantScoped)]
pub struct Project {
    pub id: Uuid,
    pub organization_id: OrgId,
}

fn main() {
    let scope = Scope::new(Uuid::from_u128(1)).unwrap();
    let _ = Project::select(&scope);
}
