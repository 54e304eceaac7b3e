include!("../../common/sql_models.rs");

fn main() {
    // The ORDER BY of a DELETE reads every organization's tasks.
    let _ = tenant_sql!(
        mysql,
        "DELETE FROM {Project} WHERE organization_id = {scope} ORDER BY (SELECT t.title FROM {Task} AS t LIMIT 1) LIMIT 1"
    );
}
