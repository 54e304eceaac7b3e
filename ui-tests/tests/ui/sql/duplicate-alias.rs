include!("../../common/sql_models.rs");

fn main() {
    let _ = tenant_sql!(
        postgres,
        "SELECT p.name FROM {Project} AS p, {Task} AS p WHERE p.organization_id = {scope}"
    );
}
