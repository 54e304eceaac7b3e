// `from_row` is a bare word.
use tenant_core::uuid::Uuid;
use tenant_core::TenantScoped;

#[derive(TenantScoped)]
#[tenant(from_row = "sqlx")]
pub struct Invoice {
    pub id: Uuid,
    pub organization_id: Uuid,
}

fn main() {}
