//! `crate = "..."` must be absolute: a relative path resolves against the caller's scope.
use tenant_core::TenantScoped;
use tenant_core::uuid::Uuid;

#[derive(TenantScoped)]
#[tenant(crate = "tenant_core")]
pub struct Project {
    pub id: Uuid,
    pub organization_id: Uuid,
}

fn main() {}
