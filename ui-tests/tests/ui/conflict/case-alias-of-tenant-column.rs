//! SQLite and MySQL fold the case of quoted identifiers: `ORGANIZATION_ID` IS the tenant column
//! there, so a field renamed to it would make the tenant column settable.
use tenant_core::TenantScoped;
use tenant_core::uuid::Uuid;

#[derive(TenantScoped)]
pub struct Project {
    pub id: Uuid,
    pub organization_id: Uuid,
    #[tenant(rename = "ORGANIZATION_ID")]
    pub mirror: Uuid,
    #[tenant(rename = "Name")]
    pub title: String,
    pub name: String,
}

fn main() {}
