//! An attacker's way to make the tenant column settable: implement `SetColumn` for it. `set`
//! writes the column that `SetColumn::__column` returns, a variant of `ProjectIden`, which has no
//! tenant column: the tenant column itself cannot be returned.
use tenant_core::uuid::Uuid;
use tenant_core::{SetColumn, TenantColumn, TenantScoped};

#[derive(TenantScoped)]
pub struct Project {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub name: String,
}

impl SetColumn<Project> for TenantColumn<ProjectIden> {
    fn __column(self) -> ProjectIden {
        self
    }
}

fn main() {}
