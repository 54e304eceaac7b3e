include!("../../common/sql_models.rs");

fn main() {
    let _ = tenant_sql!(
        postgres,
        "SELECT CASE WHEN p.name = 'x' THEN (SELECT max(t.title) FROM {Task} AS t) END FROM {Project} AS p WHERE p.organization_id = {scope}"
    );
}
