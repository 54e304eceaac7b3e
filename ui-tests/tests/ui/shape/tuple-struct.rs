use tenant_core::TenantScoped;
use tenant_core::uuid::Uuid;

#[derive(TenantScoped)]
pub struct Project(Uuid, Uuid);
fn main() {}
