include!("../../common/sql_models.rs");

fn main() {
    // `p` and `t` are equal to each other and to no scope: every organization's rows pair up.
    let _ = tenant_sql!(
        postgres,
        "SELECT p.name, t.title FROM {Project} AS p, {Task} AS t WHERE p.id = {scope} AND p.organization_id = t.organization_id"
    );
}
