include!("../../common/sql_models.rs");

fn main() {
    let _ = tenant_sql!(
        postgres,
        "WITH \"Projects\" AS (SELECT p.name FROM {Project} AS p WHERE p.organization_id = {scope}) SELECT x.name FROM Projects AS x"
    );
}
