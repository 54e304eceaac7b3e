include!("../../common/sql_models.rs");

fn main() {
    // SQLite takes the first `organization_id`, `{other}`.
    let _ = tenant_sql!(
        sqlite,
        "INSERT INTO {Project} (organization_id, id, name, plan_code, organization_id) VALUES ({other}, {id}, 'x', 'free', {scope})", id = Uuid::nil(), other = Uuid::nil()
    );
}
