//! DDL generated from a `TenantScoped` struct: [`TenantScoped::create_table`] and
//! [`TenantScoped::create_indexes`], and the column types behind them ([`SqlType`]).

use sea_query::{
    ColumnDef, ForeignKey, ForeignKeyAction, ForeignKeyCreateStatement, Index,
    IndexCreateStatement, IndexOrder, Table, TableCreateStatement, TableName,
};

use crate::__private::StaticIden;
use crate::TenantScoped;
pub(crate) use crate::model::table::schema_table;
pub use crate::model::table::{
    ColumnInfo, IndexColumn, Organizations, SqlType, SqlTypeOf, TableInfo,
};

/// A field that points at another table's row: `#[tenant(references = "...")]`. To a tenant
/// table, a composite foreign key `(tenant, field) → target(tenant, key)`, within one
/// organization; to a global table, a plain one `(field) → target(key)`.
#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct Reference {
    pub(crate) column: &'static str,
    target: TableName,
    target_name: &'static str,
    /// The target's tenant column; empty for a global table.
    target_tenant: &'static str,
    pub(crate) target_key: &'static [&'static str],
}

impl Reference {
    /// The referenced table's name, without schema.
    #[cfg_attr(not(feature = "audit"), allow(dead_code))]
    pub(crate) fn target_table(&self) -> &'static str {
        self.target_name
    }

    /// The foreign key's columns in the referencing table whose tenant column is `tenant`:
    /// `(tenant, field)`, or `(field)` to a global table.
    pub(crate) fn columns(&self, tenant: &'static str) -> Vec<&'static str> {
        let tenant = (!self.target_tenant.is_empty()).then_some(tenant);
        tenant.into_iter().chain([self.column]).collect()
    }

    /// The columns it references: `(tenant, key…)`, or `(key…)` of a global table.
    pub(crate) fn target_columns(&self) -> Vec<&'static str> {
        let tenant = (!self.target_tenant.is_empty()).then_some(self.target_tenant);
        tenant
            .into_iter()
            .chain(self.target_key.iter().copied())
            .collect()
    }
}

/// A table of either kind, as the derives describe it: what a `#[tenant(references = "...")]`
/// field may point at, and what the checks that name a table by its type read. The derives
/// implement it.
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a table: it derives neither `TenantScoped` nor `GlobalTable`",
    label = "not a derived table",
    note = "name a struct that derives `TenantScoped` (rows of one organization) or `GlobalTable` (plans, countries: rows of no organization)"
)]
pub trait AnyTable {
    /// The primary key.
    type PrimaryKey;
    /// The tenant key of a tenant table; [`NoOrganization`] for a global one.
    type Owner;
    /// The table.
    const TABLE: TableInfo;
}

/// The owner of a global table's rows: no organization.
#[doc(hidden)]
pub enum NoOrganization {}

/// A table owned by `Self` may be referenced from a tenant table keyed by `K`: a tenant table
/// of the same tenant key (the reference stays inside one organization), or a global table.
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "a table of the tenant key `{Self}` cannot be referenced from a table whose tenant key is `{K}`",
    label = "another kind of tenant",
    note = "a reference stays inside one organization: reference a `TenantScoped` struct with the same tenant key type, or a `GlobalTable`"
)]
pub trait ReferableFrom<K> {}
impl<K: crate::TenantKey> ReferableFrom<K> for K {}
impl<K: crate::TenantKey> ReferableFrom<K> for NoOrganization {}

/// `column`, a field of type `F` in a table keyed by `K`, references `R`'s primary key. The
/// bounds are the compile-time checks: `R` is a derived table that may be referenced from such
/// a table, and `F` is `R`'s primary key (or an `Option` of it).
#[doc(hidden)]
pub fn reference<R, F, K>(column: &'static str) -> Reference
where
    R: AnyTable,
    R::Owner: ReferableFrom<K>,
    F: ReferenceKey<R::PrimaryKey>,
{
    Reference {
        column,
        target: R::TABLE.table_name(),
        target_name: R::TABLE.name,
        target_tenant: R::TABLE.tenant,
        target_key: R::TABLE.primary_key,
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
    T::__TABLE.table_name()
}

/// A `CREATE TABLE` of `info`'s table with its columns, each `NOT NULL` unless it is an
/// `Option`, and its primary key; then `UNIQUE (columns...)` for every unique list, led by the
/// tenant column in a tenant table. What tenant and global tables share.
fn table_with_columns(info: &TableInfo, names: &mut Names) -> TableCreateStatement {
    let mut table = Table::create();
    table.table(info.table_name());
    for &ColumnInfo { name, sql_type } in info.columns {
        let mut column = ColumnDef::new_with_type(StaticIden(name), (sql_type.column_type)());
        if (sql_type.nullable)() {
            column.null();
        } else {
            column.not_null();
        }
        table.col(column);
    }
    // In a tenant table the key is tenant-led: `PRIMARY KEY (tenant, key…)`. A row can only
    // collide with a row of its own organization (what makes upserts safe), composite foreign
    // keys point at it, and Citus can distribute the table by its tenant column.
    let tenant = (!info.tenant.is_empty()).then_some(info.tenant);
    let mut primary_key = Index::create();
    for column in tenant.iter().chain(info.primary_key) {
        primary_key.col(StaticIden(column));
    }
    table.primary_key(&mut primary_key);
    for columns in info.unique {
        let mut unique = Index::create();
        unique.unique().name(names.name(columns, columns, "key"));
        for column in tenant.iter().chain(*columns) {
            unique.col(StaticIden(column));
        }
        table.index(&mut unique);
    }
    table
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
    create_table_apart::<T>(false).0
}

/// `create_table`, with the foreign keys to global tables apart when `apart` (as `ALTER TABLE
/// … ADD CONSTRAINT` statements to run after it): what Citus needs, which refuses a table with
/// foreign keys to both a distributed table and a reference table until it is distributed.
pub(crate) fn create_table_apart<T: TenantScoped>(
    apart: bool,
) -> (TableCreateStatement, Vec<ForeignKeyCreateStatement>) {
    let tenant = T::TENANT_COLUMN;
    let mut names = Names::new(T::TABLE);
    let mut table = table_with_columns(&T::__TABLE, &mut names);

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

    let mut later = Vec::new();
    for reference in T::__references() {
        let mut foreign_key = reference_key::<T>(&reference, &mut names);
        if apart && reference.target_tenant.is_empty() {
            later.push(foreign_key);
        } else {
            table.foreign_key(&mut foreign_key);
        }
    }
    (table, later)
}

fn reference_key<T: TenantScoped>(
    reference: &Reference,
    names: &mut Names,
) -> ForeignKeyCreateStatement {
    let mut foreign_key = ForeignKey::create();
    foreign_key
        .name(names.name(&[reference.column], &[reference.column], "fkey"))
        .from_tbl(table_name::<T>())
        .to_tbl(reference.target.clone());
    for column in reference.columns(T::TENANT_COLUMN) {
        foreign_key.from_col(StaticIden(column));
    }
    for column in reference.target_columns() {
        foreign_key.to_col(StaticIden(column));
    }
    foreign_key
}

pub(crate) fn create_global_table<G: crate::GlobalTable>() -> TableCreateStatement {
    table_with_columns(&G::__TABLE, &mut Names::new(G::TABLE))
}

/// An index `(tenant, field)` for every reference of `T`, then every `#[tenant(index = "...")]`,
/// led by the tenant column.
pub(crate) fn create_indexes<T: TenantScoped>() -> Vec<IndexCreateStatement> {
    let mut names = Names::new(T::TABLE);
    let mut indexes: Vec<IndexCreateStatement> = T::__references()
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
        .collect();
    indexes.extend(declared_indexes(&T::__TABLE, &mut names));
    indexes
}

/// The `#[tenant(index = "...")]` indexes of `info`'s table, named `<table>_<columns>_idx`, led
/// by the tenant column in a tenant table.
fn declared_indexes(info: &TableInfo, names: &mut Names) -> Vec<IndexCreateStatement> {
    let tenant = (!info.tenant.is_empty()).then_some(IndexColumn {
        name: info.tenant,
        descending: false,
    });
    info.indexes
        .iter()
        .map(|declared| {
            let label: Vec<&str> = declared.iter().map(|column| column.name).collect();
            let columns: Vec<IndexColumn> =
                tenant.into_iter().chain(declared.iter().copied()).collect();
            let signature: Vec<String> = columns
                .iter()
                .map(|column| {
                    format!(
                        "{}{}",
                        column.name,
                        if column.descending { " desc" } else { "" }
                    )
                })
                .collect();
            let signature: Vec<&str> = signature.iter().map(String::as_str).collect();
            let mut index = Index::create();
            index
                .name(names.name(&label, &signature, "idx"))
                .table(info.table_name());
            for column in columns {
                if column.descending {
                    index.col((StaticIden(column.name), IndexOrder::Desc));
                } else {
                    index.col(StaticIden(column.name));
                }
            }
            index
        })
        .collect()
}

/// The `#[tenant(index = "...")]` indexes of a global table.
pub(crate) fn create_global_indexes<G: crate::GlobalTable>() -> Vec<IndexCreateStatement> {
    declared_indexes(&G::__TABLE, &mut Names::new(G::TABLE))
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
