include!("../../common/sql_models.rs");

fn main() {
    let _ = tenant_sql!(
        postgres,
        "SELECT t.title FROM {Plan} AS pl JOIN {Task} AS t ON t.organization_id = pl.code WHERE pl.code = {scope}"
    );
}
