include!("../../common/sql_models.rs");

fn main() {
    // PostgreSQL folds `Projects` to `projects`, the table, not the quoted CTE `"Projects"`.
    let _ = tenant_sql!(
        postgres,
        "WITH \"Projects\" AS (SELECT p.name FROM {Project} AS p WHERE p.organization_id = {scope}) SELECT x.name FROM Projects AS x"
    );
}
