include!("../../common/sql_models.rs");

fn main() {
    // MySQL compares aliases case-sensitively: in the sub-query, `t.organization_id` is the outer
    // `t`'s, and the inner `T` is every organization's tasks.
    let _ = tenant_sql!(
        mysql,
        "SELECT p.name FROM {Project} AS p, {Task} AS t WHERE p.organization_id = {scope} AND t.organization_id = {scope} AND EXISTS (SELECT 1 FROM {Task} AS T WHERE t.organization_id = {scope})"
    );
}
