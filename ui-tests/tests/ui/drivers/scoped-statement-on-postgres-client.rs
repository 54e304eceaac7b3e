// A scoped statement run with the plain functions of the synchronous postgres driver, outside a
// transaction bound to its organization: row-level security would show it nothing. It does not
// compile; a global table's statement does, and the scoped one in the bound transaction.
use tenant_core::postgres::postgres;
use tenant_core::uuid::Uuid;
use tenant_core::{GlobalTable, Scope, TenantScoped, TenantSetting};

#[derive(TenantScoped)]
pub struct Project {
    pub id: Uuid,
    pub organization_id: Uuid,
}

#[derive(GlobalTable)]
pub struct Plan {
    pub id: Uuid,
}

fn run(client: &mut postgres::Client, scope: &Scope) {
    let _ = tenant_core::postgres::query(client, &Plan::select());
    let _ = tenant_core::postgres::query(client, &Project::select(scope));
    let mut tx = tenant_core::postgres::transaction(client, scope, &TenantSetting::DEFAULT).unwrap();
    let _ = tx.query(&Project::select(scope));
}

fn main() {}
