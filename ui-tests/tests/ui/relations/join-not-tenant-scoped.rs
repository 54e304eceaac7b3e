use tenant_core::Join;
use tenant_core::sea_query::Expr;
use tenant_core::uuid::Uuid;
use tenant_core::{Scope, TenantScoped};

#[derive(TenantScoped)]
pub struct Task {
    pub id: Uuid,
    pub organization_id: Uuid,
}

pub struct Plan {
    pub id: Uuid,
}

fn main() {
    let scope = Scope::new(Uuid::from_u128(1)).unwrap();
    let _ = Task::select(&scope).join::<Plan>(Join::Inner, Expr::val(true));
}
