// `#[tenant(from_row)]` decodes every column field on every enabled driver: a field type a
// driver cannot decode is reported at the field.
use tenant_core::uuid::Uuid;
use tenant_core::TenantScoped;

/// A column type of the application's that implements no driver's decoding.
#[derive(Clone)]
pub struct Cents(pub i64);

impl From<Cents> for tenant_core::sea_query::Value {
    fn from(cents: Cents) -> Self {
        cents.0.into()
    }
}

impl tenant_core::SqlType for Cents {
    fn column_type() -> tenant_core::sea_query::ColumnType {
        tenant_core::sea_query::ColumnType::BigInteger
    }
}

#[derive(TenantScoped)]
#[tenant(from_row)]
pub struct Invoice {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub total: Cents,
}

fn main() {}
