use tenant_core::sea_query::MysqlQueryBuilder;
use tenant_core::uuid::Uuid;
use tenant_core::{Scope, TenantScoped};

#[derive(TenantScoped)]
pub struct Project {
    pub id: Uuid,
    pub organization_id: Uuid,
    #[tenant(unique)]
    pub name: String,
}

fn main() {
    let scope = Scope::new(Uuid::from_u128(1)).unwrap();
    let row = Project { id: Uuid::from_u128(2), organization_id: Uuid::nil(), name: "x".into() };
    // MariaDB's `ON DUPLICATE KEY` fires on any unique key: its RETURNING could be another
    // organization's row where a unique key is not tenant-led.
    let _ = Project::insert(&scope)
        .row(&row)
        .unwrap()
        .on_conflict_do_nothing()
        .returning_all()
        .build(MysqlQueryBuilder);
}
