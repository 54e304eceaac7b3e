//! `#[tenant(crate = "...")]`: a crate that re-exports `tenant_core` under another path.
mod platform {
    pub use tenant_core as tenancy;
}

use platform::tenancy::uuid::Uuid;
use platform::tenancy::{Scope, TenantScoped};

#[derive(TenantScoped)]
#[tenant(crate = "crate::platform::tenancy", column = "tenant_id")]
pub struct Project {
    pub id: Uuid,
    pub tenant_id: Uuid,
}

fn main() {
    let scope = Scope::new(Uuid::from_u128(1)).unwrap();
    let sql = Project::select(&scope).to_string(platform::tenancy::sea_query::MysqlQueryBuilder);
    assert!(sql.contains("`projects`.`tenant_id` = "), "{sql}");
}
