include!("../../common/sql_models.rs");

fn main() {
    let _ = tenant_sql!(
        postgres,
        "SELECT p.name, (SELECT count(*) FROM {Task} AS t WHERE t.project_id = p.id) FROM {Project} AS p WHERE p.organization_id = {scope}"
    );
}
