include!("../../common/sql_models.rs");

fn main() {
    let _ = tenant_sql!(
        postgres,
        "SELECT set_config('app.current_organization_id', p.name, true) FROM {Project} AS p WHERE p.organization_id = {scope}"
    );
}
