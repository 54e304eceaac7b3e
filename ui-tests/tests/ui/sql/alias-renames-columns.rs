include!("../../common/sql_models.rs");

fn main() {
    // `p(organization_id, id)` names the table's first column, `id`, `organization_id`: the
    // equality compares project ids with the scope, and every organization's projects pass.
    let _ = tenant_sql!(
        postgres,
        "SELECT p.name FROM {Project} AS p(organization_id, id) WHERE p.organization_id = {scope}"
    );
}
