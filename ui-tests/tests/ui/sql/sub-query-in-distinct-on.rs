include!("../../common/sql_models.rs");

fn main() {
    // DISTINCT ON's sub-query reads every organization's tasks.
    let _ = tenant_sql!(
        postgres,
        "SELECT DISTINCT ON ((SELECT t.title FROM {Task} AS t LIMIT 1)) p.name FROM {Project} AS p WHERE p.organization_id = {scope}"
    );
}
