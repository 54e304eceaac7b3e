include!("../../common/sql_models.rs");

fn main() {
    let _ = tenant_sql!(
        postgres,
        "UPDATE {Task} AS t SET title = p.name FROM {Project} AS p WHERE t.organization_id = {scope} AND p.organization_id = {scope} AND p.id = t.project_id RETURNING p.name"
    );
}
