include!("../../common/sql_models.rs");

fn main() {
    let _ = tenant_sql!(
        postgres,
        "SELECT coalesce((SELECT max(t.title) FROM {Task} AS t), p.name) FROM {Project} AS p WHERE p.organization_id = {scope}"
    );
}
