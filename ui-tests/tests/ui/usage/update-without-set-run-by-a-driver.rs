use tenant_core::query::StatementFor;
use tenant_core::sea_query::{Expr, ExprTrait, PostgresQueryBuilder};
use tenant_core::uuid::Uuid;
use tenant_core::{Scope, TenantScoped};

#[derive(TenantScoped)]
pub struct Project {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub name: String,
}

/// The bound of the drivers' `query` and `execute` (`tenant_core::sqlx::query`,
/// `tenant_core::postgres::execute`, ...).
fn run_on_postgres(_statement: &impl StatementFor<PostgresQueryBuilder>) {}

fn main() {
    let scope = Scope::new(Uuid::from_u128(1)).unwrap();
    // The `set` is missing.
    run_on_postgres(&Project::update(&scope).and_where(Expr::col(ProjectIden::Name).eq("x")));
}
