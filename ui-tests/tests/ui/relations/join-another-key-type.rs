use tenant_core::Join;
use tenant_core::sea_query::{Expr, Value};
use tenant_core::uuid::Uuid;
use tenant_core::{Scope, TenantKey, TenantScoped};

#[derive(Clone, Debug, PartialEq)]
pub struct AccountId(Uuid);

impl TenantKey for AccountId {
    fn is_nil(&self) -> bool {
        self.0.is_nil()
    }
    fn to_value(&self) -> Value {
        self.0.into()
    }
}

#[derive(TenantScoped)]
pub struct Task {
    pub id: Uuid,
    pub organization_id: Uuid,
}

/// Keyed by accounts, not organizations: its tenant column means something else.
#[derive(TenantScoped)]
#[tenant(column = "account_id")]
pub struct Invoice {
    pub id: Uuid,
    pub account_id: AccountId,
}

fn main() {
    let scope = Scope::new(Uuid::from_u128(1)).unwrap();
    let _ = Task::select(&scope).join::<Invoice>(Join::Inner, Expr::val(true));
}
