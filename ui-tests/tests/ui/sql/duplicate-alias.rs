include!("../../common/sql_models.rs");

fn main() {
    // Two relations called `p`: the equality would be taken for both.
    let _ = tenant_sql!(
        postgres,
        "SELECT p.name FROM {Project} AS p, {Task} AS p WHERE p.organization_id = {scope}"
    );
}
