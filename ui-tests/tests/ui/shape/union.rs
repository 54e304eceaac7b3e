use tenant_core::TenantScoped;

#[derive(TenantScoped)]
pub union Project {
    id: u64,
    organization_id: u64,
}
fn main() {}
