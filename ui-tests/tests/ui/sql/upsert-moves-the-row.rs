include!("../../common/sql_models.rs");

fn main() {
    let _ = tenant_sql!(
        postgres,
        "INSERT INTO {Project} (id, organization_id, name, plan_code) VALUES ({id}, {scope}, 'x', 'free') ON CONFLICT (organization_id, id) DO UPDATE SET organization_id = {org}", id = Uuid::nil(), org = Uuid::nil()
    );
}
