//! The tenant column named `id` is not the implicit primary key.
use tenant_core::TenantScoped;
use tenant_core::uuid::Uuid;

#[derive(TenantScoped)]
#[tenant(column = "id")]
pub struct Project {
    pub id: Uuid,
    pub name: String,
}

fn main() {}
