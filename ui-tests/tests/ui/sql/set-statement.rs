include!("../../common/sql_models.rs");

fn main() {
    let _ = tenant_sql!(
        postgres,
        "SET app.current_organization_id = 'x'"
    );
}
