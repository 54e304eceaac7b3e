include!("../../common/sql_models.rs");

fn main() {
    let _ = tenant_sql!(
        sqlite,
        "SELECT p.name FROM {Project} AS p WHERE p.organization_id = {scope} UNION ALL SELECT t.title FROM {Task} AS t WHERE t.title = 'x'"
    );
}
