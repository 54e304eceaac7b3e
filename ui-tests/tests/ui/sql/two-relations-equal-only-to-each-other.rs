include!("../../common/sql_models.rs");

fn main() {
    let _ = tenant_sql!(
        postgres,
        "SELECT p.name, t.title FROM {Project} AS p, {Task} AS t WHERE p.id = {scope} AND p.organization_id = t.organization_id"
    );
}
