include!("../../common/sql_models.rs");

fn main() {
    // MySQL compares CTE names case-sensitively: `projects` is the table, not the CTE `Projects`.
    let _ = tenant_sql!(
        mysql,
        "WITH Projects AS (SELECT p.name FROM {Project} AS p WHERE p.organization_id = {scope}) SELECT x.name FROM projects AS x"
    );
}
