include!("../../common/sql_models.rs");

fn main() {
    let _ = tenant_sql!(
        postgres,
        "SELECT \"P\".name FROM {Project} AS \"P\", {Project} AS p WHERE p.organization_id = {scope}"
    );
}
