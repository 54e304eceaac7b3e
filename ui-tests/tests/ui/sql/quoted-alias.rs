include!("../../common/sql_models.rs");

fn main() {
    // PostgreSQL keeps a quoted name's case: `"P"` is not `p`, and nothing confines it.
    let _ = tenant_sql!(
        postgres,
        "SELECT \"P\".name FROM {Project} AS \"P\", {Project} AS p WHERE p.organization_id = {scope}"
    );
}
