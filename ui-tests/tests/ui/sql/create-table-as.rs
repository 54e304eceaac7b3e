include!("../../common/sql_models.rs");

fn main() {
    let _ = tenant_sql!(
        postgres,
        "CREATE TABLE copy AS SELECT p.name FROM {Project} AS p WHERE p.organization_id = {scope}"
    );
}
