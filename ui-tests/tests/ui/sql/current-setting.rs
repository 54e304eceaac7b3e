include!("../../common/sql_models.rs");

fn main() {
    let _ = tenant_sql!(
        postgres,
        "SELECT p.name FROM {Project} AS p WHERE p.organization_id = {scope} AND p.name = current_setting('app.current_organization_id')"
    );
}
