include!("../../common/sql_models.rs");

fn main() {
    let _ = tenant_sql!(
        postgres,
        "SELECT name FROM {Project} WHERE organization_id = {scope}"
    );
}
