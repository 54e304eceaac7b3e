// A scoped statement run with the plain sqlx functions on PostgreSQL, outside a transaction
// bound to its organization: row-level security would show it nothing. It does not compile;
// on MySQL, and for a global table, it does.
use tenant_core::sqlx::sqlx;
use tenant_core::uuid::Uuid;
use tenant_core::{GlobalTable, Scope, TenantScoped};

#[derive(TenantScoped)]
pub struct Project {
    pub id: Uuid,
    pub organization_id: Uuid,
}

#[derive(GlobalTable)]
pub struct Plan {
    pub id: Uuid,
}

fn main() {
    let scope = Scope::new(Uuid::from_u128(1)).unwrap();
    let _ = tenant_core::sqlx::query::<sqlx::MySql>(&Project::select(&scope));
    let _ = tenant_core::sqlx::query::<sqlx::Postgres>(&Plan::select());
    let _ = tenant_core::sqlx::query::<sqlx::Postgres>(&Project::select(&scope));
}
