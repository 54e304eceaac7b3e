include!("../../common/sql_models.rs");

fn main() {
    let _ = tenant_sql!(
        postgres,
        "SELECT d.title FROM {Project} AS p, LATERAL (SELECT t.title FROM {Task} AS t WHERE t.project_id = p.id) AS d WHERE p.organization_id = {scope}"
    );
}
