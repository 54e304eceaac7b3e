include!("../../common/sql_models.rs");

fn main() {
    let _ = tenant_sql!(
        postgres,
        "SELECT p.name FROM {Project} AS p WHERE p.organization_id = {scope} AND EXISTS (SELECT 1 FROM {Task} AS t WHERE t.project_id = p.id AND t.organization_id = p.organization_id)"
    );
}
