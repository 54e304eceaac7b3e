include!("../../common/sql_models.rs");

use tenant_core::{TenantKey, sea_query::Value};

/// The id of another kind of tenant.
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
#[tenant(table = "invoices", column = "account_id", organizations = "accounts")]
pub struct Invoice {
    pub id: Uuid,
    pub account_id: AccountId,
}

fn main() {
    // `i.account_id = p.organization_id` would pass for a tenant equality by names alone.
    let _ = tenant_sql!(
        postgres,
        "SELECT i.id FROM {Project} AS p JOIN {Invoice} AS i ON i.account_id = p.organization_id WHERE p.organization_id = {scope}"
    );
}
