include!("../../common/sql_models.rs");

fn main() {
    // SQLite reads `[it's]` as a name: a scan that takes `'` for a string would miss what follows.
    let _ = tenant_sql!(
        sqlite,
        "SELECT p.name AS [it's] FROM {Project} AS p WHERE p.organization_id = {scope}"
    );
}
