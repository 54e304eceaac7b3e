//! A composite primary key: `find` takes the tuple, in field order.
use tenant_core::sea_query::PostgresQueryBuilder;
use tenant_core::uuid::Uuid;
use tenant_core::{Scope, TenantScoped};

#[derive(TenantScoped)]
pub struct InvoiceLine {
    #[tenant(primary_key)]
    pub invoice_id: Uuid,
    pub organization_id: Uuid,
    #[tenant(primary_key)]
    pub line: i32,
    pub cents: i64,
}

fn main() {
    let scope = Scope::new(Uuid::from_u128(1)).unwrap();
    let (sql, _) = InvoiceLine::find(&scope, (Uuid::from_u128(9), 2)).build(PostgresQueryBuilder);
    assert!(sql.ends_with(r#"WHERE "invoice_lines"."organization_id" = $1 AND ("invoice_lines"."invoice_id" = $2 AND "invoice_lines"."line" = $3)"#), "{sql}");
}
