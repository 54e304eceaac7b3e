use tenant_core::TenantScoped;

#[derive(TenantScoped)]
pub struct Project;
fn main() {}
