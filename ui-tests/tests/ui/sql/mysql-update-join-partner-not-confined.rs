include!("../../common/sql_models.rs");

fn main() {
    let _ = tenant_sql!(
        mysql,
        "UPDATE {Task} AS t JOIN {Project} AS p ON p.id = t.project_id SET t.title = p.name WHERE t.organization_id = {scope}"
    );
}
