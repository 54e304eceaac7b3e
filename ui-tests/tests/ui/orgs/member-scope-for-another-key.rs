use tenant_core::orgs::Member;
use tenant_core::sea_query::Value;
use tenant_core::uuid::Uuid;
use tenant_core::{TenantKey, TenantScoped};

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

/// Keyed by accounts, not by the organizations of `tenant_core::orgs`.
#[derive(TenantScoped)]
#[tenant(column = "account_id")]
pub struct Ledger {
    pub id: Uuid,
    pub account_id: AccountId,
}

fn entries(member: &Member) {
    let _ = Ledger::select(member.scope());
}

fn main() {}
