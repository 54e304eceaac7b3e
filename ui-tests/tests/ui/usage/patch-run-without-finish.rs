// An update made with `set_option` may have nothing to write: it runs only once `finish` has
// said it has.
use tenant_core::query::StatementFor;
use tenant_core::sea_query::PostgresQueryBuilder;
use tenant_core::uuid::Uuid;
use tenant_core::{Scope, TenantScoped};

#[derive(TenantScoped)]
pub struct Project {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub name: String,
}

/// The bound of the drivers' `query` and `execute`.
fn run_on_postgres(_statement: &impl StatementFor<PostgresQueryBuilder>) {}

fn main() {
    let scope = Scope::new(Uuid::from_u128(1)).unwrap();
    let name: Option<String> = None;
    run_on_postgres(&Project::update(&scope).set_option(ProjectIden::Name, name));
}
