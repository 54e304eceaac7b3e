include!("../../common/sql_models.rs");

fn main() {
    let _ = tenant_sql!(
        postgres,
        "SELECT t.title FROM {Project} AS p FULL JOIN {Task} AS t ON t.organization_id = p.organization_id AND t.organization_id = {scope} WHERE p.organization_id = {scope}"
    );
}
