include!("../../common/sql_models.rs");

fn main() {
    let _ = tenant_sql!(
        postgres,
        "INSERT INTO {Project} (id, name, organization_id, plan_code) VALUES ({id}, {scope}, {org}, 'free')", id = Uuid::nil(), org = Uuid::nil()
    );
}
