include!("../../common/sql_models.rs");

fn main() {
    let _ = tenant_sql!(
        mysql,
        "SELECT p.name FROM {Project} AS p WHERE TRUE -- see below\r AND p.organization_id = {scope}"
    );
}
