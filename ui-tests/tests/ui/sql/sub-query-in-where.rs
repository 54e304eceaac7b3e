include!("../../common/sql_models.rs");

fn main() {
    let _ = tenant_sql!(
        postgres,
        "SELECT p.name FROM {Project} AS p WHERE p.organization_id = {scope} AND p.id IN (SELECT t.project_id FROM {Task} AS t)"
    );
}
