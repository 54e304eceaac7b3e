include!("../../common/sql_models.rs");

fn main() {
    // The upsert's assignment copies another organization's task title into the row.
    let _ = tenant_sql!(
        mysql,
        "INSERT INTO {Project} (id, organization_id, name, plan_code) VALUES ({id}, {scope}, 'x', 'free') ON DUPLICATE KEY UPDATE name = (SELECT t.title FROM {Task} AS t LIMIT 1)", id = Uuid::nil()
    );
}
