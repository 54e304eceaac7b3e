include!("../../common/sql_models.rs");

fn main() {
    let _ = tenant_sql!(
        postgres,
        "DELETE FROM {Task} AS t USING {Project} AS p WHERE t.organization_id = {scope} AND p.id = t.project_id AND p.name = 'x'"
    );
}
