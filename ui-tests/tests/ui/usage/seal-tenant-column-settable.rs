//! An attacker's way to make the tenant column settable: implement `SetColumn` for it. `set`
//! writes the `ProjectIden` that the column converts into (`SetColumn<T>: Into<T::Column>`), and
//! `ProjectIden` has no variant for the tenant column: even with a `From` impl added, nothing
//! can be returned that names it.
use tenant_core::uuid::Uuid;
use tenant_core::{SetColumn, TenantColumn, TenantScoped};

#[derive(TenantScoped)]
pub struct Project {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub name: String,
}

impl SetColumn<Project> for TenantColumn<ProjectIden> {}

fn main() {}
