include!("../../common/sql_models.rs");

fn main() {
    let _ = tenant_sql!(
        postgres,
        "INSERT INTO {Task} (id, organization_id, project_id, title) SELECT p.id, {scope}, p.id, p.name FROM {Project} AS p"
    );
}
