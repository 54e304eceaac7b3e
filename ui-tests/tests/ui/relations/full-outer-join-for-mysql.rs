use tenant_core::sea_query::{Condition, MysqlQueryBuilder};
use tenant_core::uuid::Uuid;
use tenant_core::{Scope, TenantScoped};

#[derive(TenantScoped)]
pub struct Task {
    pub id: Uuid,
    pub organization_id: Uuid,
}

#[derive(TenantScoped)]
pub struct Project {
    pub id: Uuid,
    pub organization_id: Uuid,
}

fn main() {
    let scope = Scope::new(Uuid::from_u128(1)).unwrap();
    // MySQL and MariaDB have no FULL OUTER JOIN (sea-query's MySQL builder panics on one).
    let _ = Task::select(&scope)
        .full_join::<Project>(Condition::all())
        .build(MysqlQueryBuilder);
}
