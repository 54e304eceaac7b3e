include!("../../common/sql_models.rs");

fn main() {
    let _ = tenant_sql!(
        postgres,
        "WITH x AS (SELECT t.project_id FROM {Task} AS t) SELECT p.name FROM {Project} AS p JOIN x ON x.project_id = p.id WHERE p.organization_id = {scope}"
    );
}
