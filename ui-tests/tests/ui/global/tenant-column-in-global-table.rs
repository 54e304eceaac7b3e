use tenant_core::GlobalTable;
use tenant_core::uuid::Uuid;

/// Its rows belong to organizations: declaring it global would drop every tenant predicate.
#[derive(GlobalTable)]
pub struct Invoice {
    pub id: Uuid,
    pub organization_id: Uuid,
}

fn main() {}
