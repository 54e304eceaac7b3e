include!("../../common/sql_models.rs");

fn main() {
    let _ = tenant_sql!(
        postgres,
        "MERGE INTO {Project} AS p USING {Task} AS t ON t.project_id = p.id WHEN MATCHED THEN DELETE"
    );
}
