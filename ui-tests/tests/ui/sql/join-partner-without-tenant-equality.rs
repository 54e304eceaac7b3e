include!("../../common/sql_models.rs");

fn main() {
    let _ = tenant_sql!(
        postgres,
        "SELECT t.title FROM {Project} AS p JOIN {Task} AS t ON t.project_id = p.id WHERE p.organization_id = {scope}"
    );
}
