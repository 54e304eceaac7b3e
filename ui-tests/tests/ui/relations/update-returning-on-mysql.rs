use tenant_core::sea_query::MysqlQueryBuilder;
use tenant_core::uuid::Uuid;
use tenant_core::{Scope, TenantScoped};

#[derive(TenantScoped)]
pub struct Project {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub name: String,
}

fn main() {
    let scope = Scope::new(Uuid::from_u128(1)).unwrap();
    // MariaDB returns rows from inserts and deletes, not from updates.
    let _ = Project::update(&scope)
        .set(ProjectIden::Name, "x")
        .returning_all()
        .build(MysqlQueryBuilder);
}
