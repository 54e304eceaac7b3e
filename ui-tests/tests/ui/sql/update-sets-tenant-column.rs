include!("../../common/sql_models.rs");

fn main() {
    let _ = tenant_sql!(
        postgres,
        "UPDATE {Project} AS p SET organization_id = {org} WHERE p.organization_id = {scope}", org = Uuid::nil()
    );
}
