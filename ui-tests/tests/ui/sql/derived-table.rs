include!("../../common/sql_models.rs");

fn main() {
    let _ = tenant_sql!(
        postgres,
        "SELECT d.title FROM (SELECT t.title FROM {Task} AS t) AS d, {Project} AS p WHERE p.organization_id = {scope}"
    );
}
