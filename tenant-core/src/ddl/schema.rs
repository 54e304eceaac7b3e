//! DDL generated from a `TenantScoped` struct: [`TenantScoped::create_table`] and
//! [`TenantScoped::create_indexes`], and the column types behind them ([`SqlType`]).

use sea_query::{
    ColumnDef, ColumnType, ForeignKey, ForeignKeyAction, ForeignKeyCreateStatement, Index,
    IndexCreateStatement, SchemaName, Table, TableCreateStatement, TableName,
};
use uuid::Uuid;

use crate::__private::StaticIden;
use crate::{TenantKey, TenantScoped};

/// A field type with a SQL column type, for [`TenantScoped::create_table`].
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

/// What the derive knows of a table: [`TenantScoped::__TABLE`].
#[doc(hidden)]
#[derive(Clone, Copy)]
pub struct TableInfo {
    pub name: &'static str,
    pub schema: Option<&'static str>,
    pub tenant: &'static str,
    pub columns: &'static [&'static str],
    pub primary_key: &'static [&'static str],
    /// The SQL type of every column but the tenant column, in `columns` order.
    pub sql_types: &'static [SqlTypeOf],
    /// `UNIQUE (tenant, ...)` constraints.
    pub unique: &'static [&'static [&'static str]],
    pub organizations: Organizations,
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
        sql_types: &[],
        unique: &[],
        organizations: Organizations::DEFAULT,
    };
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

/// A field that points at another tenant-scoped table's row: `#[tenant(references = "...")]`.
#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct Reference {
    pub(crate) column: &'static str,
    target: TableName,
    target_name: &'static str,
    target_tenant: &'static str,
    pub(crate) target_key: &'static [&'static str],
}

impl Reference {
    /// The referenced table's name, without schema.
    #[cfg_attr(not(feature = "audit"), allow(dead_code))]
    pub(crate) fn target_table(&self) -> &'static str {
        self.target_name
    }

    /// `column` references `Target`'s primary key within the same organization.
    pub(crate) fn to<Target: TenantScoped>(column: &'static str) -> Reference {
        Reference {
            column,
            target: table_name::<Target>(),
            target_name: Target::TABLE,
            target_tenant: Target::TENANT_COLUMN,
            target_key: Target::PRIMARY_KEY,
        }
    }
}

/// The referencing field's type must be the target's key (or an `Option` of it).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot reference a row whose primary key is `{K}`",
    label = "not the referenced table's key type",
    note = "a `#[tenant(references = \"...\")]` field has the referenced struct's primary-key type, or an `Option` of it; the referenced struct needs a single-column key"
)]
pub trait ReferenceKey<K> {}
impl<K> ReferenceKey<K> for K {}
impl<K> ReferenceKey<K> for Option<K> {}

pub(crate) fn table_name<T: TenantScoped>() -> TableName {
    schema_table(T::SCHEMA, T::TABLE)
}

/// `"schema"."table"`, or `"table"` without a schema.
pub(crate) fn schema_table(schema: Option<&'static str>, table: &'static str) -> TableName {
    TableName(
        schema.map(|schema| SchemaName(None, StaticIden(schema).into())),
        StaticIden(table).into(),
    )
}

/// A field type's [`SqlType`], as a value: the derive writes one per column into a constant,
/// and [`create_table`] reads them.
#[doc(hidden)]
#[derive(Clone, Copy)]
pub struct SqlTypeOf {
    column_type: fn() -> ColumnType,
    nullable: fn() -> bool,
}

impl SqlTypeOf {
    /// `C`'s SQL type.
    pub const fn of<C: SqlType>() -> SqlTypeOf {
        SqlTypeOf {
            column_type: C::column_type,
            nullable: C::nullable,
        }
    }
}

/// `name` of the type `sql_type`, `NOT NULL` unless it is an `Option`.
fn column(name: &'static str, sql_type: SqlTypeOf) -> ColumnDef {
    let mut column = ColumnDef::new_with_type(StaticIden(name), (sql_type.column_type)());
    if (sql_type.nullable)() {
        column.null();
    } else {
        column.not_null();
    }
    column
}

/// The tenant column: the key's type, never `NULL`.
fn tenant_column<K: TenantKey>(name: &'static str) -> ColumnDef {
    let mut column = ColumnDef::new_with_type(StaticIden(name), K::column_type());
    column.not_null();
    column
}

/// The longest identifier PostgreSQL keeps (MySQL keeps 64).
const MAX_NAME_LEN: usize = 63;

/// The constraint and index names of one table. Each is `<table>_<columns>_<suffix>`, as
/// PostgreSQL names them, unless that is longer than [`MAX_NAME_LEN`] bytes or already taken in
/// this table (a unique field `tenant` beside the tenant index, `unique = "a, b"` beside a
/// unique field `a_b`): then its tail becomes a hash of what the constraint covers. Names are
/// given in a fixed order, so the same struct always gets the same names, and a name once given
/// does not change when a later constraint is added.
pub(crate) struct Names {
    table: &'static str,
    taken: Vec<String>,
}

impl Names {
    pub(crate) fn new(table: &'static str) -> Names {
        Names {
            table,
            taken: Vec::new(),
        }
    }

    /// The name of a constraint of kind `suffix` labelled by `label` and covering `columns`.
    pub(crate) fn name(&mut self, label: &[&str], columns: &[&str], suffix: &str) -> String {
        let mut name = String::from(self.table);
        for part in label {
            name.push('_');
            name.push_str(part);
        }
        let stem_len = name.len();
        name.push('_');
        name.push_str(suffix);
        if name.len() > MAX_NAME_LEN || self.taken.contains(&name) {
            let mut signature = format!("{}\0{suffix}", self.table);
            for column in columns {
                signature.push('\0');
                signature.push_str(column);
            }
            let hash = format!("{:08x}", fnv1a(signature.as_bytes()) as u32);
            // `<stem>_<hash>_<suffix>`; identifiers are ASCII, so any byte is a boundary.
            let keep = (MAX_NAME_LEN - hash.len() - suffix.len() - 2).min(stem_len);
            name = format!("{}_{hash}_{suffix}", &name[..keep]);
        }
        self.taken.push(name.clone());
        name
    }
}

/// FNV-1a, 64 bits: stable across Rust versions and platforms, unlike `std`'s hasher.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

pub(crate) fn create_table<T: TenantScoped>() -> TableCreateStatement {
    let tenant = T::TENANT_COLUMN;
    let mut table = Table::create();
    let mut names = Names::new(T::TABLE);
    table.table(table_name::<T>());
    let mut sql_types = T::__TABLE.sql_types.iter();
    for &name in T::COLUMNS {
        if name.eq_ignore_ascii_case(tenant) {
            table.col(tenant_column::<T::Key>(name));
        } else if let Some(&sql_type) = sql_types.next() {
            table.col(column(name, sql_type));
        }
    }

    // The key is tenant-led: `PRIMARY KEY (tenant, key…)`. A row can only collide with a row of
    // its own organization (what makes upserts safe), composite foreign keys point at it, and
    // Citus can distribute the table by its tenant column.
    let mut primary_key = Index::create();
    primary_key.col(StaticIden(tenant));
    for column in T::PRIMARY_KEY {
        primary_key.col(StaticIden(column));
    }
    table.primary_key(&mut primary_key);

    for columns in T::__TABLE.unique {
        let mut unique = Index::create();
        unique
            .unique()
            .name(names.name(columns, columns, "key"))
            .col(StaticIden(tenant));
        for column in *columns {
            unique.col(StaticIden(column));
        }
        table.index(&mut unique);
    }

    let organizations = T::__TABLE.organizations;
    let mut organization_fk = ForeignKey::create();
    organization_fk
        .name(names.name(&[tenant], &[tenant], "fkey"))
        .from_col(StaticIden(tenant))
        .to(
            schema_table(organizations.schema, organizations.table),
            StaticIden(organizations.column),
        );
    if organizations.on_delete_cascade {
        organization_fk.on_delete(ForeignKeyAction::Cascade);
    }
    table.foreign_key(&mut organization_fk);

    for reference in T::__references() {
        table.foreign_key(&mut reference_key::<T>(&reference, &mut names));
    }
    table
}

fn reference_key<T: TenantScoped>(
    reference: &Reference,
    names: &mut Names,
) -> ForeignKeyCreateStatement {
    let mut foreign_key = ForeignKey::create();
    foreign_key
        .name(names.name(&[reference.column], &[reference.column], "fkey"))
        .from_tbl(table_name::<T>())
        .from_col(StaticIden(T::TENANT_COLUMN))
        .from_col(StaticIden(reference.column))
        .to_tbl(reference.target.clone())
        .to_col(StaticIden(reference.target_tenant));
    for column in reference.target_key {
        foreign_key.to_col(StaticIden(column));
    }
    foreign_key
}

pub(crate) fn create_global_table<G: crate::GlobalTable>() -> TableCreateStatement {
    let mut table = Table::create();
    let mut names = Names::new(G::TABLE);
    table.table(schema_table(G::SCHEMA, G::TABLE));
    for (&name, &sql_type) in G::COLUMNS.iter().zip(G::__TABLE.sql_types) {
        table.col(column(name, sql_type));
    }
    let mut primary_key = Index::create();
    for column in G::PRIMARY_KEY {
        primary_key.col(StaticIden(column));
    }
    table.primary_key(&mut primary_key);
    for columns in G::__TABLE.unique {
        let mut unique = Index::create();
        unique.unique().name(names.name(columns, columns, "key"));
        for column in *columns {
            unique.col(StaticIden(column));
        }
        table.index(&mut unique);
    }
    table
}

pub(crate) fn create_indexes<T: TenantScoped>() -> Vec<IndexCreateStatement> {
    let mut names = Names::new(T::TABLE);
    T::__references()
        .iter()
        .map(|reference| {
            let mut index = Index::create();
            index
                .name(names.name(
                    &["tenant", reference.column],
                    &[T::TENANT_COLUMN, reference.column],
                    "idx",
                ))
                .table(table_name::<T>())
                .col(StaticIden(T::TENANT_COLUMN))
                .col(StaticIden(reference.column));
            index
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_postgres_names_until_too_long_or_taken() {
        let mut names = Names::new("things");
        assert_eq!(
            names.name(&["tenant"], &["org", "id"], "key"),
            "things_tenant_key"
        );
        // A unique field named `tenant`: the natural name is taken.
        let tenant = names.name(&["tenant"], &["org", "tenant"], "key");
        assert_ne!(tenant, "things_tenant_key");
        assert!(
            tenant.starts_with("things_tenant_") && tenant.ends_with("_key"),
            "{tenant}"
        );
        // `unique = "a, b"` and a unique field `a_b`.
        assert_eq!(
            names.name(&["a", "b"], &["a", "b"], "key"),
            "things_a_b_key"
        );
        let a_b = names.name(&["a_b"], &["a_b"], "key");
        assert_ne!(a_b, "things_a_b_key");
        // The same struct, the same names.
        let mut again = Names::new("things");
        again.name(&["tenant"], &["org", "id"], "key");
        assert_eq!(again.name(&["tenant"], &["org", "tenant"], "key"), tenant);

        let long = "t".repeat(63);
        let mut names = Names::new(Box::leak(long.into_boxed_str()));
        let first = names.name(&["column"], &["column"], "fkey");
        let second = names.name(&["other"], &["other"], "fkey");
        for name in [&first, &second] {
            assert_eq!(name.len(), MAX_NAME_LEN, "{name}");
            assert!(name.ends_with("_fkey"));
        }
        assert_ne!(first, second);
    }
}
