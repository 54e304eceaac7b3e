use tenant_core::uuid::Uuid;
use tenant_core::{TenantKey, TenantScoped, sea_query::Value};

/// The organization id of another kind of tenant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AccountId(pub Uuid);

impl TenantKey for AccountId {
    fn is_nil(&self) -> bool {
        self.0.is_nil()
    }
    fn to_value(&self) -> Value {
        self.0.into()
    }
}

#[derive(TenantScoped)]
pub struct Team {
    pub id: Uuid,
    pub organization_id: Uuid,
}

#[derive(TenantScoped)]
#[tenant(column = "account_id", organizations = "accounts")]
pub struct Report {
    pub id: Uuid,
    pub account_id: AccountId,
    #[tenant(references = "Team")]
    pub team_id: Uuid,
}
fn main() {}
