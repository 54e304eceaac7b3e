use tenant_core::sea_query::{Expr, ExprTrait, SqliteQueryBuilder};
use tenant_core::uuid::Uuid;
use tenant_core::{Scope, TenantScoped};

#[derive(TenantScoped)]
pub struct Project {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub name: String,
}

fn main() {
    let scope = Scope::new(Uuid::from_u128(1)).unwrap();
    let _ = Project::update(&scope)
        .and_where(Expr::col(ProjectIden::Name).eq("x"))
        .build(SqliteQueryBuilder);
}
