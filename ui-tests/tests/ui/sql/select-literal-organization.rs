include!("../../common/sql_models.rs");

fn main() {
    let _ = tenant_sql!(
        postgres,
        "SELECT p.name FROM {Project} AS p WHERE p.organization_id = '00000000-0000-0000-0000-00000000000a' AND p.name = {scope}"
    );
}
