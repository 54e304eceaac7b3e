include!("../../common/sql_models.rs");

fn main() {
    let _ = tenant_sql!(
        mysql,
        "DELETE FROM {Project} WHERE organization_id = {scope} ORDER BY (SELECT t.title FROM {Task} AS t LIMIT 1) LIMIT 1"
    );
}
