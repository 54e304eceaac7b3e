include!("../../common/sql_models.rs");

fn main() {
    let _ = tenant_sql!(
        mysql,
        "INSERT INTO {Project} (id, organization_id, name, plan_code) VALUES ({id}, {scope}, 'x', 'free') ON DUPLICATE KEY UPDATE organization_id = {org}", id = Uuid::nil(), org = Uuid::nil()
    );
}
