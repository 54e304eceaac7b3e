use tenant_core::query::StatementFor;
use tenant_core::sea_query::PostgresQueryBuilder;
use tenant_core::uuid::Uuid;
use tenant_core::{TenantScoped, Unscoped};

#[derive(TenantScoped)]
pub struct Project {
    pub id: Uuid,
    pub organization_id: Uuid,
}

/// The bound of `tenant_core::postgres::query` and `execute`.
fn run_on_postgres(_statement: &impl StatementFor<PostgresQueryBuilder>) {}

fn main() {
    let report = Unscoped::because("nightly rollup");
    run_on_postgres(&Project::select_unscoped(&report));
}
