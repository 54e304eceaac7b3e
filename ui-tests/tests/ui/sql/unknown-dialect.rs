include!("../../common/sql_models.rs");

fn main() {
    let _ = tenant_sql!(
        oracle,
        "SELECT p.name FROM {Project} AS p WHERE p.organization_id = {scope}"
    );
}
