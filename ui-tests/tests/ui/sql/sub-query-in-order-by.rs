include!("../../common/sql_models.rs");

fn main() {
    let _ = tenant_sql!(
        postgres,
        "SELECT p.name FROM {Project} AS p WHERE p.organization_id = {scope} ORDER BY (SELECT max(t.title) FROM {Task} AS t)"
    );
}
