//! An identifier of the caller's own that names the tenant column (in another letter case) is
//! no `ProjectIden`: `set` writes the `ProjectIden` it converts into, never the identifier
//! itself.
use tenant_core::sea_query::Iden;
use tenant_core::uuid::Uuid;
use tenant_core::{SetColumn, TenantScoped};

#[derive(TenantScoped)]
pub struct Project {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub name: String,
}

#[derive(Clone, Copy)]
struct Sneaky;

impl Iden for Sneaky {
    fn unquoted(&self) -> &str {
        "ORGANIZATION_ID"
    }
}

impl SetColumn<Project> for Sneaky {}

fn main() {}
