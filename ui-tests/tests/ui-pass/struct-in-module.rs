//! A struct inside a module, with restricted visibility: the column enum gets the same.
mod billing {
    pub mod model {
        use tenant_core::TenantScoped;
        use tenant_core::uuid::Uuid;

        #[derive(TenantScoped)]
        #[tenant(table = "billing.invoices")]
        pub(crate) struct Invoice {
            pub(crate) id: Uuid,
            pub(crate) organization_id: Uuid,
            pub(crate) cents: i64,
        }
    }
}

use billing::model::{Invoice, InvoiceIden};
use tenant_core::sea_query::PostgresQueryBuilder;
use tenant_core::{Scope, TenantScoped};

fn main() {
    let scope = Scope::new(tenant_core::uuid::Uuid::from_u128(1)).unwrap();
    let (sql, _) = Invoice::select(&scope)
        .order_by(InvoiceIden::Cents, tenant_core::sea_query::Order::Desc)
        .build(PostgresQueryBuilder);
    assert_eq!(
        sql,
        r#"SELECT "id", "organization_id", "cents" FROM "billing"."invoices" WHERE "billing"."invoices"."organization_id" = $1 ORDER BY "cents" DESC"#
    );
}
