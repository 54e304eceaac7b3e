include!("../../common/sql_models.rs");

fn run(client: &mut tenant_core::__private::postgres::Client, scope: &tenant_core::Scope) {
    // A tenant statement runs on PostgreSQL only in a transaction bound to its organization.
    let statement = tenant_sql!(postgres, "SELECT p.name FROM {Project} AS p WHERE p.organization_id = {scope}");
    let _ = tenant_core::postgres::query(client, &statement.scoped(scope));
}

fn main() {}
