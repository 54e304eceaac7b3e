use tenant_core::TenantScoped;
use tenant_core::uuid::Uuid;

pub struct Color(u8, u8, u8);

#[derive(TenantScoped)]
pub struct Project {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub color: Color,
}

fn main() {}
