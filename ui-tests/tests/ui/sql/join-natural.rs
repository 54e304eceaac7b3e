include!("../../common/sql_models.rs");

fn main() {
    let _ = tenant_sql!(
        postgres,
        "SELECT t.title FROM {Project} AS p NATURAL JOIN {Task} AS t WHERE p.organization_id = {scope}"
    );
}
