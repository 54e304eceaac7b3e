include!("../../common/sql_models.rs");

fn main() {
    let _ = tenant_sql!(
        postgres,
        "INSERT INTO {Project} (id, organization_id, name, plan_code) VALUES ({id}, {org}, 'x', 'free')", id = Uuid::nil(), org = Uuid::nil()
    );
}
