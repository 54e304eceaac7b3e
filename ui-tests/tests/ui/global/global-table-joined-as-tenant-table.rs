use tenant_core::Join;
use tenant_core::sea_query::Expr;
use tenant_core::uuid::Uuid;
use tenant_core::{GlobalTable, Scope, TenantScoped};

#[derive(GlobalTable)]
pub struct Plan {
    pub id: Uuid,
}

#[derive(TenantScoped)]
pub struct Subscription {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub plan_id: Uuid,
}

fn main() {
    let scope = Scope::new(Uuid::from_u128(1)).unwrap();
    let _ = Subscription::select(&scope).join::<Plan>(Join::Inner, Expr::val(true));
}
