include!("../../common/sql_models.rs");

fn main() {
    let _ = tenant_sql!(
        sqlite,
        "SELECT p.name AS [it's] FROM {Project} AS p WHERE p.organization_id = {scope}"
    );
}
