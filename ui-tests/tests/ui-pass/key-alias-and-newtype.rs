//! The tenant key is decided by the type system: an alias of `Uuid` and a newtype that
//! implements `TenantKey` both work, and the newtype's scope is `Scope<OrgId>`.
use tenant_core::sea_query::{PostgresQueryBuilder, Value};
use tenant_core::uuid::Uuid;
use tenant_core::{Scope, TenantKey, TenantScoped};

type OrganizationId = Uuid;

#[derive(TenantScoped)]
pub struct Project {
    pub id: Uuid,
    pub organization_id: OrganizationId,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OrgId(Uuid);

impl TenantKey for OrgId {
    fn is_nil(&self) -> bool {
        self.0.is_nil()
    }
    fn to_value(&self) -> Value {
        self.0.into()
    }
}

#[derive(TenantScoped)]
pub struct Invoice {
    pub id: i64,
    pub organization_id: OrgId,
}

fn main() {
    let scope = Scope::new(Uuid::from_u128(1)).unwrap();
    let _ = Project::select(&scope).build(PostgresQueryBuilder);
    let scope = Scope::new(OrgId(Uuid::from_u128(1))).unwrap();
    let (sql, _) = Invoice::find(&scope, 7).build(PostgresQueryBuilder);
    assert!(sql.contains(r#""invoices"."id" = $2"#), "{sql}");
}
