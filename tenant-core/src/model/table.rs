//! What tenant and global tables share: the record the derive writes per struct
//! ([`TableInfo`], one [`ColumnInfo`] a column) and the column types ([`SqlType`]). The DDL and
//! the builders of both kinds read it through the functions here, written once.

use sea_query::{ColumnRef, ColumnType, Expr, ExprTrait, SchemaName, TableName, Value};
use uuid::Uuid;

use crate::__private::StaticIden;
use crate::{TenantKey, TenantScoped};

/// A field type with a SQL column type, for [`TenantScoped::create_table`](crate::TenantScoped::create_table).
///
/// `Option<T>` is `T`'s type, nullable; every other column is `NOT NULL`. Implement it for your
/// own column types (together with `From<YourType> for sea_query::Value`, see
/// [`ColumnValue`](crate::ColumnValue)).
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no SQL column type",
    label = "no `tenant_core::SqlType` for this column",
    note = "implement `tenant_core::SqlType` for `{Self}` (its `column_type()` is a `sea_query::ColumnType`), or mark the field `#[tenant(skip)]` if it is not a column"
)]
pub trait SqlType {
    /// The column type.
    fn column_type() -> ColumnType;

    /// Whether the column admits `NULL`. Only `Option<T>` says yes.
    fn nullable() -> bool {
        false
    }
}

macro_rules! sql_types {
    ($($rust:ty => $sql:expr),* $(,)?) => {
        $(impl SqlType for $rust {
            fn column_type() -> ColumnType {
                $sql
            }
        })*
    };
}

sql_types! {
    Uuid => ColumnType::Uuid,
    String => ColumnType::String(Default::default()),
    &str => ColumnType::String(Default::default()),
    bool => ColumnType::Boolean,
    i16 => ColumnType::SmallInteger,
    i32 => ColumnType::Integer,
    i64 => ColumnType::BigInteger,
    f32 => ColumnType::Float,
    f64 => ColumnType::Double,
    Vec<u8> => ColumnType::Blob,
}

#[cfg(feature = "with-chrono")]
sql_types! {
    chrono::NaiveDate => ColumnType::Date,
    chrono::NaiveTime => ColumnType::Time,
    chrono::NaiveDateTime => ColumnType::DateTime,
    chrono::DateTime<chrono::Utc> => ColumnType::TimestampWithTimeZone,
}

#[cfg(feature = "with-time")]
sql_types! {
    time::Date => ColumnType::Date,
    time::Time => ColumnType::Time,
    time::PrimitiveDateTime => ColumnType::DateTime,
    time::OffsetDateTime => ColumnType::TimestampWithTimeZone,
}

impl<T: SqlType> SqlType for Option<T> {
    fn column_type() -> ColumnType {
        T::column_type()
    }

    fn nullable() -> bool {
        true
    }
}

/// A field type's [`SqlType`], as a value: the derive writes one per column into the table's
/// constant, and `create_table` reads them.
#[doc(hidden)]
#[derive(Clone, Copy)]
pub struct SqlTypeOf {
    pub(crate) column_type: fn() -> ColumnType,
    pub(crate) nullable: fn() -> bool,
}

impl SqlTypeOf {
    /// `C`'s SQL type.
    pub const fn of<C: SqlType>() -> SqlTypeOf {
        SqlTypeOf {
            column_type: C::column_type,
            nullable: C::nullable,
        }
    }

    /// The tenant column's of `T`: its key's type, never `NULL`. Bound on the table, not on
    /// the key type, so that a key type that is no `TenantKey` is reported once, at `type Key`.
    pub const fn tenant<T: TenantScoped>() -> SqlTypeOf {
        fn never() -> bool {
            false
        }
        SqlTypeOf {
            column_type: <T::Key as TenantKey>::column_type,
            nullable: never,
        }
    }
}

/// One column of a table: its name and its SQL type, together (no list of types that must be
/// read in step with a list of names).
#[doc(hidden)]
#[derive(Clone, Copy)]
pub struct ColumnInfo {
    pub name: &'static str,
    pub sql_type: SqlTypeOf,
}

/// What the derive knows of a table, tenant or global: `TenantScoped::__TABLE` and
/// `GlobalTable::__TABLE`.
#[doc(hidden)]
#[derive(Clone, Copy)]
pub struct TableInfo {
    pub name: &'static str,
    pub schema: Option<&'static str>,
    /// The tenant column; empty for a global table.
    pub tenant: &'static str,
    /// Every column, the tenant column included, in field order.
    pub columns: &'static [ColumnInfo],
    pub primary_key: &'static [&'static str],
    /// `UNIQUE` constraints (led by the tenant column in a tenant table).
    pub unique: &'static [&'static [&'static str]],
    /// `#[tenant(index = "...")]` indexes, without the tenant column that leads them in a
    /// tenant table.
    pub indexes: &'static [&'static [IndexColumn]],
    pub organizations: Organizations,
}

/// One column of a declared index: its name and whether it descends.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexColumn {
    pub name: &'static str,
    pub descending: bool,
}

impl TableInfo {
    /// The table of a struct the derive refused: what its fallback impl names, beside the
    /// errors, so that each mistake is reported once. It never runs: the crate does not compile.
    #[doc(hidden)]
    pub const FALLBACK: TableInfo = TableInfo {
        name: "",
        schema: None,
        tenant: "",
        columns: &[],
        primary_key: &[],
        unique: &[],
        indexes: &[],
        organizations: Organizations::DEFAULT,
    };

    /// `"schema"."table"`, or `"table"`.
    pub(crate) fn table_name(&self) -> TableName {
        schema_table(self.schema, self.name)
    }

    /// `"table"."column"` (or `"schema"."table"."column"`).
    pub(crate) fn qualified(&self, column: &'static str) -> ColumnRef {
        ColumnRef::Column(sea_query::ColumnName(
            Some(self.table_name()),
            StaticIden(column).into(),
        ))
    }

    /// `"table"."key" = $1 [AND ...]`: one expression, so a key lookup adds no nested
    /// condition (which sea-query would clone again while rendering). `None` for a table keyed
    /// by its tenant column alone (`one_per_organization`), whose scope is its key.
    pub(crate) fn key_filter(&self, values: impl IntoIterator<Item = Value>) -> Option<Expr> {
        let mut filter: Option<Expr> = None;
        for (column, value) in self.primary_key.iter().zip(values) {
            let equal = Expr::col(self.qualified(column)).eq(value);
            filter = Some(match filter {
                Some(filter) => filter.and(equal),
                None => equal,
            });
        }
        filter
    }
}

/// Where the organizations live: the tenant column's foreign key points at `table(column)`.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct Organizations {
    pub schema: Option<&'static str>,
    pub table: &'static str,
    pub column: &'static str,
    pub on_delete_cascade: bool,
}

impl Organizations {
    /// `organizations(id)`, no cascade.
    pub const DEFAULT: Organizations = Organizations {
        schema: None,
        table: "organizations",
        column: "id",
        on_delete_cascade: false,
    };
}

/// `"schema"."table"`, or `"table"` without a schema.
pub(crate) fn schema_table(schema: Option<&'static str>, table: &'static str) -> TableName {
    TableName(
        schema.map(|schema| SchemaName(None, StaticIden(schema).into())),
        StaticIden(table).into(),
    )
}
