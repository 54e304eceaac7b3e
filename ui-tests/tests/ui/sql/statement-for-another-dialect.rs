include!("../../common/sql_models.rs");

fn run(client: &mut tenant_core::postgres::BoundTransaction<'_>, scope: &tenant_core::Scope) {
    // Verified as MySQL reads it: it does not run on PostgreSQL.
    let statement = tenant_sql!(mysql, "SELECT p.name FROM {Project} AS p WHERE p.organization_id = {scope}");
    let _ = client.query(&statement.scoped(scope));
}

fn main() {}
