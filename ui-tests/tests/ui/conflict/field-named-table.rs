use tenant_core::TenantScoped;
use tenant_core::uuid::Uuid;

#[derive(TenantScoped)]
pub struct Seat {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub table: i32,
}
fn main() {}
