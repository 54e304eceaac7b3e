//! Does the live database match the structs? The derive proves the code; [`audit`] reads a
//! PostgreSQL, MySQL/MariaDB or SQLite catalog and reports, for each table, what differs from
//! what [`create_table`](crate::TenantScoped::create_table) and
//! [`row_level_security`](crate::TenantScoped::row_level_security) would make. Feature `audit`.
//!
//! Every `#[derive(TenantScoped)]` struct without type parameters registers itself at compile
//! time (with `inventory`): [`registered`] lists them, and [`audit_registered`] audits them all.
//!
//! ```
//! use tenant_core::audit::{self, Expected, Finding};
//! use tenant_core::orgs::{block_on, RusqliteExecutor};
//! use tenant_core::rusqlite::rusqlite;
//! use tenant_core::{TenantScoped, uuid::Uuid};
//!
//! #[derive(TenantScoped)]
//! struct Project {
//!     id: Uuid,
//!     organization_id: Uuid,
//! }
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let mut connection = rusqlite::Connection::open_in_memory()?;
//! // A legacy table: no tenant column yet.
//! connection.execute("CREATE TABLE projects (id BLOB PRIMARY KEY)", [])?;
//! let report = block_on(audit::audit(&mut RusqliteExecutor::new(&mut connection), &[Expected::of::<Project>()]))?;
//! assert!(report.findings.contains(&("projects".to_owned(), Finding::TenantColumnMissing)));
//! # Ok(())
//! # }
//! ```

use std::fmt;

use sea_query::{ColumnType, Value, Values};

use crate::TenantScoped;
use crate::executor::{Backend, ExecError, Executor, Kind};
use crate::schema::{Names, Organizations};

/// What a derived struct expects of its table.
#[derive(Debug, Clone)]
pub struct Expected {
    /// The table.
    pub table: &'static str,
    /// Its schema (PostgreSQL), if the struct names one.
    pub schema: Option<&'static str>,
    /// The tenant column.
    pub tenant: &'static str,
    /// The tenant column's type.
    pub tenant_type: ColumnType,
    /// The key columns, without the tenant column that leads the primary key.
    pub primary_key: &'static [&'static str],
    /// Each `UNIQUE (tenant, ...)`, without the tenant column.
    pub unique: &'static [&'static [&'static str]],
    /// What the tenant column's foreign key references.
    pub organizations: Organizations,
    /// Each `#[tenant(references = "...")]` field's foreign key.
    pub references: Vec<ExpectedReference>,
    /// Each `#[tenant(index = "...")]` index: its columns, the tenant column first, each with
    /// whether it descends.
    pub indexes: Vec<Vec<(&'static str, bool)>>,
}

/// The foreign key of a `#[tenant(references = "...")]` field: `(tenant, column) →
/// table(tenant, key)` to a tenant table, `(column) → table(key)` to a global one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedReference {
    /// The referencing field's column.
    pub column: &'static str,
    /// The foreign key's columns, in order.
    pub columns: Vec<&'static str>,
    /// The referenced table, without schema.
    pub target: String,
    /// The referenced columns, in order.
    pub target_columns: Vec<&'static str>,
}

impl Expected {
    /// The schema (or `NULL`) and the table, as values for the catalog queries.
    fn catalog_values(&self) -> (Value, Value) {
        (
            Value::String(self.schema.map(str::to_owned)),
            Value::from(self.table),
        )
    }

    /// What `T` expects.
    pub fn of<T: TenantScoped>() -> Expected {
        Expected {
            table: T::TABLE,
            schema: T::SCHEMA,
            tenant: T::TENANT_COLUMN,
            tenant_type: <T::Key as crate::TenantKey>::column_type(),
            primary_key: T::PRIMARY_KEY,
            unique: T::__TABLE.unique,
            organizations: T::__TABLE.organizations,
            references: T::__references()
                .iter()
                .map(|reference| ExpectedReference {
                    column: reference.column,
                    columns: reference.columns(T::TENANT_COLUMN),
                    target: reference.target_table().to_owned(),
                    target_columns: reference.target_columns(),
                })
                .collect(),
            indexes: T::__TABLE
                .indexes
                .iter()
                .map(|index| {
                    [(T::TENANT_COLUMN, false)]
                        .into_iter()
                        .chain(index.iter().map(|column| (column.name, column.descending)))
                        .collect()
                })
                .collect(),
        }
    }
}

/// One difference between a table and its struct.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Finding {
    /// The table does not exist.
    TableMissing,
    /// The table has no tenant column.
    TenantColumnMissing,
    /// The tenant column admits `NULL`: a row could belong to no organization.
    TenantColumnNullable,
    /// The tenant column has another type than the struct's key.
    TenantColumnType {
        /// The type the database reports.
        found: String,
        /// The type `create_table` writes.
        expected: String,
    },
    /// No foreign key from the tenant column to the organizations table.
    NoOrganizationsForeignKey,
    /// The primary key is not `(tenant, key…)`.
    KeyNotTenantLed {
        /// The primary key's columns, in order (empty: none).
        found: Vec<String>,
    },
    /// A unique constraint does not start with the tenant column: it makes rows of different
    /// organizations collide (and upserts on MySQL cross them).
    UniqueNotTenantLed {
        /// Its columns.
        columns: Vec<String>,
    },
    /// A `#[tenant(unique)]` constraint is missing.
    UniqueMissing {
        /// Its columns, tenant column first.
        columns: Vec<String>,
    },
    /// A `#[tenant(references = "...")]` field has no composite foreign key.
    CompositeForeignKeyMissing {
        /// The referencing column.
        column: String,
    },
    /// A `#[tenant(index = "...")]` index is missing: no index has its columns in its order
    /// and directions.
    IndexMissing {
        /// Its columns, tenant column first, a descending one followed by ` DESC`.
        columns: Vec<String>,
    },
    /// PostgreSQL: row-level security is not enabled.
    RowLevelSecurityNotEnabled,
    /// PostgreSQL: row-level security is not forced (the table's owner bypasses it).
    RowLevelSecurityNotForced,
    /// PostgreSQL: the tenant isolation policy is missing.
    PolicyMissing,
    /// PostgreSQL: the tenant isolation policy does not read the settings the binders set, or
    /// the function it calls for its range (`tenant_bound_<type>`) is missing or was changed.
    PolicyDifferent,
    /// PostgreSQL: another permissive policy on the table. PostgreSQL ORs permissive policies,
    /// so one that says `USING (true)` opens every organization.
    OtherPermissivePolicy {
        /// Its name.
        name: String,
    },
    /// PostgreSQL: the tenant isolation policy applies to one command or to some roles only
    /// (`create_table`'s is `FOR ALL` to `PUBLIC`): the others see the table without it.
    PolicyRestricted {
        /// The command it is for (`ALL`, `SELECT`, ...).
        command: String,
        /// The roles it is for (`public` for every role).
        roles: Vec<String>,
    },
    /// SQLite: a constraint of the table resolves conflicts by `REPLACE`: a plain insert that
    /// collides on a key that is not tenant-led deletes the other row, whatever organization
    /// it belongs to.
    ConflictReplace,
    /// A `GlobalTable` struct names the table of a `TenantScoped` struct: its builders would
    /// read and write every organization's rows with no scope and no `Unscoped`.
    GlobalTableOverTenantTable {
        /// The tenant struct's tenant column.
        tenant_column: String,
    },
    /// A global table's live table has a column that a registered tenant struct uses as its
    /// tenant column: it looks like a tenant table that a `GlobalTable` struct reads unscoped.
    GlobalTableHasTenantColumn {
        /// The column.
        column: String,
    },
    /// A global table's live table has a foreign key to an organizations table: its rows
    /// belong to organizations, so it should be a tenant table.
    GlobalTableReferencesOrganizations {
        /// The referencing columns.
        columns: Vec<String>,
    },
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Finding::TableMissing => write!(f, "the table does not exist"),
            Finding::TenantColumnMissing => write!(f, "no tenant column"),
            Finding::TenantColumnNullable => write!(f, "the tenant column admits NULL"),
            Finding::TenantColumnType { found, expected } => {
                write!(f, "the tenant column is {found}, not {expected}")
            }
            Finding::NoOrganizationsForeignKey => {
                write!(
                    f,
                    "no foreign key from the tenant column to the organizations table"
                )
            }
            Finding::KeyNotTenantLed { found } => {
                write!(
                    f,
                    "the primary key ({}) is not tenant-led",
                    found.join(", ")
                )
            }
            Finding::UniqueNotTenantLed { columns } => {
                write!(f, "UNIQUE ({}) is not tenant-led", columns.join(", "))
            }
            Finding::UniqueMissing { columns } => {
                write!(f, "UNIQUE ({}) is missing", columns.join(", "))
            }
            Finding::IndexMissing { columns } => {
                write!(f, "the index ({}) is missing", columns.join(", "))
            }
            Finding::CompositeForeignKeyMissing { column } => {
                write!(f, "no composite foreign key (tenant, {column})")
            }
            Finding::RowLevelSecurityNotEnabled => write!(f, "row-level security is not enabled"),
            Finding::RowLevelSecurityNotForced => write!(f, "row-level security is not forced"),
            Finding::PolicyMissing => write!(f, "the tenant isolation policy is missing"),
            Finding::PolicyDifferent => {
                write!(
                    f,
                    "the tenant isolation policy does not read the binders' settings, or its function `tenant_bound_<type>` was changed"
                )
            }
            Finding::OtherPermissivePolicy { name } => write!(
                f,
                "another permissive policy ({name}) is ORed with the tenant isolation policy"
            ),
            Finding::PolicyRestricted { command, roles } => write!(
                f,
                "the tenant isolation policy is for {command} to {} only, not ALL to public",
                roles.join(", ")
            ),
            Finding::ConflictReplace => write!(
                f,
                "a constraint says ON CONFLICT REPLACE: an insert can delete another organization's row"
            ),
            Finding::GlobalTableOverTenantTable { tenant_column } => write!(
                f,
                "a GlobalTable struct names this tenant table (tenant column {tenant_column}): its builders would reach every organization"
            ),
            Finding::GlobalTableHasTenantColumn { column } => write!(
                f,
                "the global table has a tenant column ({column}): derive TenantScoped for it"
            ),
            Finding::GlobalTableReferencesOrganizations { columns } => write!(
                f,
                "the global table references the organizations table ({}): derive TenantScoped for it",
                columns.join(", ")
            ),
        }
    }
}

/// What [`audit`] found: `(table, finding)` pairs, table by table; empty when the database
/// matches.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Every finding, with its table.
    pub findings: Vec<(String, Finding)>,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.findings.is_empty() {
            return writeln!(f, "every audited table matches its struct");
        }
        for (table, finding) in &self.findings {
            writeln!(f, "{table}: {finding}")?;
        }
        Ok(())
    }
}

/// A constraint as the catalog has it.
pub(crate) struct Constraint {
    /// `p`, `u` or `f`.
    pub(crate) kind: char,
    pub(crate) columns: Vec<String>,
    pub(crate) target: Option<String>,
    pub(crate) target_columns: Vec<String>,
}

fn split(list: Option<String>) -> Vec<String> {
    list.map(|list| {
        list.split(',')
            .filter(|part| !part.is_empty())
            .map(str::to_owned)
            .collect()
    })
    .unwrap_or_default()
}

fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => text.clone(),
        _ => None,
    }
}

fn flag(value: &Value) -> bool {
    matches!(value, Value::Bool(Some(true)))
}

/// The type `create_table` writes for `column_type` on `backend`, lowercased, without its
/// parenthesised length.
pub(crate) fn rendered(backend: Backend, column_type: &ColumnType) -> String {
    base_type(&backend.column_type(column_type))
}

/// The type `create_table` writes for `column_type` on `backend`, lowercased, with its length.
fn rendered_full(backend: Backend, column_type: &ColumnType) -> String {
    backend
        .column_type(column_type)
        .to_lowercase()
        .replace(' ', "")
}

fn base_type(sql: &str) -> String {
    let lower = sql.to_lowercase();
    lower
        .split('(')
        .next()
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// The PostgreSQL names of a catalog type (`udt_name`) for the types `create_table` writes.
fn postgres_type(udt: &str) -> String {
    match udt {
        "int2" => "smallint",
        "int4" => "integer",
        "int8" => "bigint",
        other => other,
    }
    .to_owned()
}

pub(crate) async fn columns<E: Executor>(
    db: &mut E,
    expected: &Expected,
) -> Result<Vec<(String, bool, String)>, ExecError> {
    let (schema, table) = expected.catalog_values();
    let (sql, values, kinds) = match db.backend() {
        Backend::Postgres => (
            "SELECT column_name::text, is_nullable::text, udt_name::text FROM information_schema.columns \
             WHERE table_schema = COALESCE($1, current_schema()) AND table_name = $2 ORDER BY ordinal_position",
            vec![schema, table],
            vec![Kind::Text, Kind::Text, Kind::Text],
        ),
        Backend::Mysql => (
            "SELECT CAST(COLUMN_NAME AS CHAR), CAST(IS_NULLABLE AS CHAR), CAST(COLUMN_TYPE AS CHAR) FROM information_schema.COLUMNS \
             WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION",
            vec![schema, table],
            vec![Kind::Text, Kind::Text, Kind::Text],
        ),
        Backend::Sqlite => (
            "SELECT name, CASE WHEN \"notnull\" = 1 OR pk > 0 THEN 'NO' ELSE 'YES' END, type FROM pragma_table_info(?) ORDER BY cid",
            vec![table],
            vec![Kind::Text, Kind::Text, Kind::Text],
        ),
    };
    let rows = db.fetch(sql, Values(values), &kinds).await?;
    Ok(rows
        .iter()
        .map(|row| {
            let name = text(&row[0]).unwrap_or_default();
            let nullable = text(&row[1]).is_some_and(|nullable| nullable == "YES");
            let kind = text(&row[2]).unwrap_or_default();
            (name, nullable, kind)
        })
        .collect())
}

pub(crate) async fn constraints<E: Executor>(
    db: &mut E,
    expected: &Expected,
) -> Result<Vec<Constraint>, ExecError> {
    let (schema, table) = expected.catalog_values();
    let kinds = [Kind::Text, Kind::Text, Kind::Text, Kind::Text];
    let rows = match db.backend() {
        Backend::Postgres => {
            let sql = "SELECT c.contype::text, \
                 (SELECT string_agg(a.attname::text, ',' ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY AS k(num, ord) \
                  JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.num), \
                 target.relname::text, \
                 (SELECT string_agg(a.attname::text, ',' ORDER BY k.ord) FROM unnest(c.confkey) WITH ORDINALITY AS k(num, ord) \
                  JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.num) \
                 FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace \
                 LEFT JOIN pg_class target ON target.oid = c.confrelid \
                 WHERE n.nspname = COALESCE($1, current_schema()) AND t.relname = $2 AND c.contype IN ('p', 'u', 'f')";
            db.fetch(sql, Values(vec![schema, table]), &kinds).await?
        }
        Backend::Mysql => {
            let sql = "SELECT CAST(CASE tc.CONSTRAINT_TYPE WHEN 'PRIMARY KEY' THEN 'p' WHEN 'UNIQUE' THEN 'u' ELSE 'f' END AS CHAR), \
                 CAST(GROUP_CONCAT(CONCAT(k.COLUMN_NAME, IF(st.SUB_PART IS NULL, '', CONCAT('(', st.SUB_PART, ')'))) ORDER BY k.ORDINAL_POSITION SEPARATOR ',') AS CHAR), \
                 CAST(MAX(k.REFERENCED_TABLE_NAME) AS CHAR), \
                 CAST(GROUP_CONCAT(k.REFERENCED_COLUMN_NAME ORDER BY k.ORDINAL_POSITION SEPARATOR ',') AS CHAR) \
                 FROM information_schema.TABLE_CONSTRAINTS tc JOIN information_schema.KEY_COLUMN_USAGE k \
                 ON k.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND k.TABLE_NAME = tc.TABLE_NAME AND k.CONSTRAINT_NAME = tc.CONSTRAINT_NAME \
                 LEFT JOIN information_schema.STATISTICS st ON st.TABLE_SCHEMA = k.TABLE_SCHEMA AND st.TABLE_NAME = k.TABLE_NAME \
                 AND st.INDEX_NAME = k.CONSTRAINT_NAME AND st.COLUMN_NAME = k.COLUMN_NAME \
                 WHERE tc.TABLE_SCHEMA = COALESCE(?, DATABASE()) AND tc.TABLE_NAME = ? \
                 AND tc.CONSTRAINT_TYPE IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY') \
                 GROUP BY tc.CONSTRAINT_NAME, tc.CONSTRAINT_TYPE";
            db.fetch(sql, Values(vec![schema, table]), &kinds).await?
        }
        Backend::Sqlite => {
            let mut rows = Vec::new();
            let key = db
                .fetch(
                    "SELECT 'p', group_concat(name, ','), NULL, NULL FROM (SELECT name FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY pk)",
                    Values(vec![table.clone()]),
                    &kinds,
                )
                .await?;
            rows.extend(key.into_iter().filter(|row| text(&row[1]).is_some()));
            rows.extend(
                db.fetch(
                    "SELECT 'u', (SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_index_info(il.name) ORDER BY seqno)), NULL, NULL \
                     FROM pragma_index_list(?1) AS il WHERE il.\"unique\" = 1 AND il.origin <> 'pk'",
                    Values(vec![table.clone()]),
                    &kinds,
                )
                .await?,
            );
            rows.extend(
                db.fetch(
                    "SELECT 'f', group_concat(\"from\", ','), max(\"table\"), group_concat(\"to\", ',') \
                     FROM (SELECT * FROM pragma_foreign_key_list(?1) ORDER BY id, seq) GROUP BY id",
                    Values(vec![table]),
                    &kinds,
                )
                .await?,
            );
            rows
        }
    };
    Ok(rows
        .into_iter()
        .map(|row| Constraint {
            kind: text(&row[0])
                .and_then(|kind| kind.chars().next())
                .unwrap_or('?'),
            columns: split(text(&row[1])),
            target: text(&row[2]),
            target_columns: split(text(&row[3])),
        })
        .collect())
}

/// Every index of the table, as its key columns in order, a descending one followed by
/// ` DESC`: from `pg_index`, `information_schema.STATISTICS` or `pragma_index_xinfo`.
async fn indexes<E: Executor>(
    db: &mut E,
    expected: &Expected,
) -> Result<Vec<Vec<String>>, ExecError> {
    let (schema, table) = expected.catalog_values();
    let (sql, values) = match db.backend() {
        Backend::Postgres => (
            "SELECT (SELECT string_agg(a.attname::text || CASE WHEN i.indoption[k] & 1 = 1 THEN ' DESC' ELSE '' END, ',' ORDER BY k) \
             FROM generate_series(0, i.indnkeyatts - 1) AS k JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k]) \
             FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE n.nspname = COALESCE($1, current_schema()) AND c.relname = $2",
            Values(vec![schema, table]),
        ),
        Backend::Mysql => (
            "SELECT GROUP_CONCAT(CONCAT(COLUMN_NAME, IF(COLLATION = 'D', ' DESC', '')) ORDER BY SEQ_IN_INDEX SEPARATOR ',') \
             FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? GROUP BY INDEX_NAME",
            Values(vec![table]),
        ),
        Backend::Sqlite => (
            "SELECT (SELECT group_concat(name, ',') FROM (SELECT x.name || CASE WHEN x.desc THEN ' DESC' ELSE '' END AS name \
             FROM pragma_index_xinfo(l.name) AS x WHERE x.key = 1 ORDER BY x.seqno)) FROM pragma_index_list(?1) AS l",
            Values(vec![table]),
        ),
    };
    Ok(db
        .fetch(sql, values, &[Kind::Text])
        .await?
        .iter()
        .map(|row| split(text(&row[0])))
        .collect())
}

pub(crate) fn same(found: &[String], expected: &[&str]) -> bool {
    found.len() == expected.len()
        && found
            .iter()
            .zip(expected)
            .all(|(found, expected)| found.eq_ignore_ascii_case(expected))
}

/// Audits `tables` on `db`: what differs from what their structs' `create_table()` (and, on
/// PostgreSQL, `row_level_security()` with the default setting) would make.
pub async fn audit<E: Executor>(db: &mut E, tables: &[Expected]) -> Result<Report, ExecError> {
    let mut report = Report::default();
    for expected in tables {
        for finding in audit_table(db, expected).await? {
            report.findings.push((expected.table.to_owned(), finding));
        }
    }
    Ok(report)
}

async fn audit_table<E: Executor>(
    db: &mut E,
    expected: &Expected,
) -> Result<Vec<Finding>, ExecError> {
    let backend = db.backend();
    let columns = columns(db, expected).await?;
    if columns.is_empty() {
        return Ok(vec![Finding::TableMissing]);
    }
    let mut findings = Vec::new();
    let tenant = expected.tenant;
    match columns
        .iter()
        .find(|(name, ..)| name.eq_ignore_ascii_case(tenant))
    {
        None => findings.push(Finding::TenantColumnMissing),
        Some((_, nullable, found)) => {
            let found_full = found;
            if *nullable {
                findings.push(Finding::TenantColumnNullable);
            }
            let mut found = match backend {
                Backend::Postgres => postgres_type(found),
                _ => base_type(found),
            };
            let mut wanted = rendered(backend, &expected.tenant_type);
            // MySQL/MariaDB: a length is part of the type (`binary(4)` holds a quarter of a
            // UUID, so organizations whose ids share 4 bytes would collide).
            if backend == Backend::Mysql {
                let full = rendered_full(backend, &expected.tenant_type);
                if full.contains('(') {
                    wanted = full;
                    found = found_full.to_lowercase().replace(' ', "");
                }
            }
            if found != wanted {
                findings.push(Finding::TenantColumnType {
                    found,
                    expected: wanted,
                });
            }
        }
    }
    let constraints = constraints(db, expected).await?;
    let leads = |constraint: &Constraint| {
        constraint
            .columns
            .first()
            .is_some_and(|first| first.eq_ignore_ascii_case(tenant))
    };
    let organizations = expected.organizations;
    if !constraints.iter().any(|constraint| {
        constraint.kind == 'f'
            && same(&constraint.columns, &[tenant])
            && constraint
                .target
                .as_deref()
                .is_some_and(|target| target.eq_ignore_ascii_case(organizations.table))
    }) {
        findings.push(Finding::NoOrganizationsForeignKey);
    }
    let mut key = vec![tenant];
    key.extend(expected.primary_key);
    match constraints.iter().find(|constraint| constraint.kind == 'p') {
        Some(primary) if same(&primary.columns, &key) => {}
        primary => findings.push(Finding::KeyNotTenantLed {
            found: primary
                .map(|primary| primary.columns.clone())
                .unwrap_or_default(),
        }),
    }
    for constraint in &constraints {
        if constraint.kind == 'u' && !leads(constraint) {
            findings.push(Finding::UniqueNotTenantLed {
                columns: constraint.columns.clone(),
            });
        }
    }
    for unique in expected.unique {
        let mut columns = vec![tenant];
        columns.extend(unique.iter());
        if !constraints
            .iter()
            .any(|constraint| constraint.kind == 'u' && same(&constraint.columns, &columns))
        {
            findings.push(Finding::UniqueMissing {
                columns: columns.iter().map(|column| (*column).to_owned()).collect(),
            });
        }
    }
    for reference in &expected.references {
        let found = constraints.iter().any(|constraint| {
            constraint.kind == 'f'
                && same(&constraint.columns, &reference.columns)
                && constraint
                    .target
                    .as_deref()
                    .is_some_and(|found| found.eq_ignore_ascii_case(&reference.target))
                && (constraint.target_columns.is_empty()
                    || constraint.target_columns.len() == reference.target_columns.len())
        });
        if !found {
            findings.push(Finding::CompositeForeignKeyMissing {
                column: reference.column.to_owned(),
            });
        }
    }
    if !expected.indexes.is_empty() {
        let live = indexes(db, expected).await?;
        for index in &expected.indexes {
            let columns: Vec<String> = index
                .iter()
                .map(|(name, descending)| {
                    format!("{name}{}", if *descending { " DESC" } else { "" })
                })
                .collect();
            let wanted: Vec<&str> = columns.iter().map(String::as_str).collect();
            if !live.iter().any(|found| same(found, &wanted)) {
                findings.push(Finding::IndexMissing { columns });
            }
        }
    }
    if backend == Backend::Postgres {
        findings.extend(row_level_security(db, expected).await?);
    }
    if backend == Backend::Sqlite && conflict_replace(db, expected).await? {
        findings.push(Finding::ConflictReplace);
    }
    Ok(findings)
}

/// SQLite: whether a constraint of the table's definition says `ON CONFLICT REPLACE`.
async fn conflict_replace<E: Executor>(db: &mut E, expected: &Expected) -> Result<bool, ExecError> {
    let rows = db
        .fetch(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?1",
            Values(vec![Value::from(expected.table)]),
            &[Kind::Text],
        )
        .await?;
    Ok(rows.iter().any(|row| {
        let words: Vec<String> = text(&row[0])
            .unwrap_or_default()
            .to_uppercase()
            .split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == ',')
            .filter(|word| !word.is_empty())
            .map(str::to_owned)
            .collect();
        words
            .windows(3)
            .any(|window| window == ["ON", "CONFLICT", "REPLACE"])
    }))
}

async fn row_level_security<E: Executor>(
    db: &mut E,
    expected: &Expected,
) -> Result<Vec<Finding>, ExecError> {
    let (schema, table) = expected.catalog_values();
    let state = db
        .fetch(
            "SELECT c.relrowsecurity, c.relforcerowsecurity FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE n.nspname = COALESCE($1, current_schema()) AND c.relname = $2",
            Values(vec![schema.clone(), table.clone()]),
            &[Kind::Bool, Kind::Bool],
        )
        .await?;
    let mut findings = Vec::new();
    let Some(state) = state.first() else {
        return Ok(findings);
    };
    if !flag(&state[0]) {
        findings.push(Finding::RowLevelSecurityNotEnabled);
    }
    if !flag(&state[1]) {
        findings.push(Finding::RowLevelSecurityNotForced);
    }
    let name = Names::new(expected.table).name(&["tenant"], &[expected.tenant], "isolation");
    let policies = db
        .fetch(
            "SELECT p.polname::text, pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid), \
             p.polpermissive, p.polcmd::text, \
             array_to_string(ARRAY(SELECT CASE WHEN r = 0 THEN 'public' ELSE pg_get_userbyid(r)::text END FROM unnest(p.polroles) AS r ORDER BY 1), ',') \
             FROM pg_policy p \
             JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE n.nspname = COALESCE($1, current_schema()) AND c.relname = $2 ORDER BY p.polname",
            Values(vec![schema, table]),
            &[Kind::Text, Kind::Text, Kind::Text, Kind::Bool, Kind::Text, Kind::Text],
        )
        .await?;
    let setting = crate::TenantSetting::DEFAULT;
    let is_tenant_policy = |policy: &Vec<Value>| text(&policy[0]).as_deref() == Some(name.as_str());
    match policies.iter().find(|policy| is_tenant_policy(policy)) {
        None => findings.push(Finding::PolicyMissing),
        Some(policy) => {
            let reads = |expression: Option<String>| {
                expression.is_some_and(|expression| {
                    expression.contains(expected.tenant)
                        && expression.contains(&format!("'{}'", setting.name()))
                        && expression.contains(&format!("'{}'", setting.transaction_setting()))
                        && expression.contains(&format!("'{}'", setting.unscoped_setting()))
                })
            };
            if !reads(text(&policy[1]))
                || !reads(text(&policy[2]))
                || !bound_function_intact(db, expected).await?
            {
                findings.push(Finding::PolicyDifferent);
            }
            let command = text(&policy[4]).unwrap_or_default();
            let roles = split(text(&policy[5]));
            if command != "*" || roles != ["public"] {
                findings.push(Finding::PolicyRestricted {
                    command: match command.as_str() {
                        "*" => "ALL",
                        "r" => "SELECT",
                        "a" => "INSERT",
                        "w" => "UPDATE",
                        "d" => "DELETE",
                        other => other,
                    }
                    .to_owned(),
                    roles,
                });
            }
        }
    }
    for policy in policies.iter().filter(|policy| !is_tenant_policy(policy)) {
        // A restrictive policy only narrows what the permissive ones let through.
        if flag(&policy[3]) {
            findings.push(Finding::OtherPermissivePolicy {
                name: text(&policy[0]).unwrap_or_default(),
            });
        }
    }
    Ok(findings)
}

/// The function the policy calls for its range (`tenant_bound_<type>`, in the table's schema)
/// is the one `row_level_security()` creates: the same body, so that no one made it return
/// every organization.
async fn bound_function_intact<E: Executor>(
    db: &mut E,
    expected: &Expected,
) -> Result<bool, ExecError> {
    let Some(function) = crate::rls::bound_function_of(&expected.tenant_type) else {
        // A key type without a known range: the policy is a sub-select, no function.
        return Ok(true);
    };
    let sources = db
        .fetch(
            "SELECT p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace \
             WHERE n.nspname = COALESCE($1, current_schema()) AND p.proname = $2",
            Values(vec![
                Value::String(expected.schema.map(str::to_owned)),
                Value::from(function.name.as_str()),
            ]),
            &[Kind::Text],
        )
        .await?;
    Ok(!sources.is_empty()
        && sources
            .iter()
            .all(|source| text(&source[0]).as_deref() == Some(function.body.as_str())))
}

/// What a derived global table is: its table, and the struct's name for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedGlobal {
    /// The table.
    pub table: &'static str,
    /// Its schema (PostgreSQL), if the struct names one.
    pub schema: Option<&'static str>,
}

impl ExpectedGlobal {
    /// What `G` is.
    pub fn of<G: crate::GlobalTable>() -> ExpectedGlobal {
        ExpectedGlobal {
            table: G::TABLE,
            schema: G::SCHEMA,
        }
    }

    /// The same table as `tenant`, compared as SQL compares unquoted names (the derive admits
    /// only plain identifiers).
    fn is(&self, tenant: &Expected) -> bool {
        self.table.eq_ignore_ascii_case(tenant.table)
            && match (self.schema, tenant.schema) {
                (None, None) => true,
                (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                // One names the default schema implicitly: the same table where that schema is
                // the other's. Counted as the same, to be safe.
                _ => true,
            }
    }

    /// The catalog reads take an [`Expected`]: one with this table and nothing else.
    fn as_expected(&self) -> Expected {
        Expected {
            table: self.table,
            schema: self.schema,
            tenant: "",
            tenant_type: ColumnType::Uuid,
            primary_key: &[],
            unique: &[],
            organizations: Organizations::DEFAULT,
            references: Vec::new(),
            indexes: Vec::new(),
        }
    }
}

/// Each global table of `globals` that is the table of a struct of `tenant`: what the derive
/// cannot see (the two structs are derived apart), found from the registry, without a database.
pub fn conflicts(tenant: &[Expected], globals: &[ExpectedGlobal]) -> Report {
    let mut report = Report::default();
    for global in globals {
        for expected in tenant.iter().filter(|expected| global.is(expected)) {
            report.findings.push((
                expected.table.to_owned(),
                Finding::GlobalTableOverTenantTable {
                    tenant_column: expected.tenant.to_owned(),
                },
            ));
        }
    }
    report
}

/// [`conflicts`] of the [`registered`] and [`registered_globals`] structs: `Err` with the
/// report when a `GlobalTable` struct names a tenant table. Call it in a test of your
/// application (every struct it links is registered); the global builders also refuse such a
/// table at their first use in a process.
pub fn check_registered() -> Result<(), Report> {
    let report = conflicts(&registered(), &registered_globals());
    if report.findings.is_empty() {
        Ok(())
    } else {
        Err(report)
    }
}

/// Panics when `G`'s table is a registered tenant table: the global builders call it, once per
/// table and process, so such a struct cannot read or write every organization's rows.
pub(crate) fn refuse_tenant_table<G: crate::GlobalTable>() {
    use std::collections::HashSet;
    use std::sync::{Mutex, OnceLock};
    /// `(schema, table)` of the global tables checked so far.
    type Checked = Mutex<HashSet<(Option<&'static str>, &'static str)>>;
    static CHECKED: OnceLock<Checked> = OnceLock::new();
    let checked = CHECKED.get_or_init(|| Mutex::new(HashSet::new()));
    let key = (G::SCHEMA, G::TABLE);
    if checked.lock().is_ok_and(|checked| checked.contains(&key)) {
        return;
    }
    let report = conflicts(&registered(), &[ExpectedGlobal::of::<G>()]);
    if let Some((table, Finding::GlobalTableOverTenantTable { tenant_column })) =
        report.findings.first()
    {
        panic!(
            "`{}` derives GlobalTable over `{table}`, the table of a TenantScoped struct (tenant column `{tenant_column}`): \
             its builders would read and write every organization's rows. Derive TenantScoped for it \
             (with its tenant column), or build the cross-organization statement with `Unscoped`",
            std::any::type_name::<G>()
        );
    }
    if let Ok(mut checked) = checked.lock() {
        checked.insert(key);
    }
}

/// Audits the global tables `globals` on `db` against the tenant structs `tenant`: a live
/// column named like a tenant column, a foreign key to an organizations table, and
/// [`conflicts`].
pub async fn audit_globals<E: Executor>(
    db: &mut E,
    globals: &[ExpectedGlobal],
    tenant: &[Expected],
) -> Result<Report, ExecError> {
    let mut report = conflicts(tenant, globals);
    for global in globals {
        let expected = global.as_expected();
        let columns = columns(db, &expected).await?;
        for (column, ..) in &columns {
            if tenant
                .iter()
                .any(|tenant| column.eq_ignore_ascii_case(tenant.tenant))
            {
                report.findings.push((
                    global.table.to_owned(),
                    Finding::GlobalTableHasTenantColumn {
                        column: column.clone(),
                    },
                ));
            }
        }
        let organizations: Vec<&str> = tenant
            .iter()
            .map(|tenant| tenant.organizations.table)
            .chain([Organizations::DEFAULT.table])
            .collect();
        for constraint in constraints(db, &expected).await? {
            if constraint.kind == 'f'
                && constraint.target.as_deref().is_some_and(|target| {
                    organizations
                        .iter()
                        .any(|table| target.eq_ignore_ascii_case(table))
                })
                && !global
                    .table
                    .eq_ignore_ascii_case(constraint.target.as_deref().unwrap_or_default())
            {
                report.findings.push((
                    global.table.to_owned(),
                    Finding::GlobalTableReferencesOrganizations {
                        columns: constraint.columns,
                    },
                ));
            }
        }
    }
    Ok(report)
}

/// What the derive registered of one kind ([`Expected`] or [`ExpectedGlobal`]), sorted by
/// table, without repetitions (`same`: a struct registered twice, by two crates of one binary,
/// counts once).
fn by_table<E: Tabled>(same: impl Fn(&E, &E) -> bool) -> Vec<E>
where
    Registered<E>: inventory::Collect,
{
    let mut tables: Vec<E> = inventory::iter::<Registered<E>>
        .into_iter()
        .map(|registered| (registered.expected)())
        .collect();
    tables.sort_by_key(|expected| expected.key());
    tables.dedup_by(|a, b| same(a, b));
    tables
}

/// What a registered table is sorted by: its schema and name.
trait Tabled {
    fn key(&self) -> (Option<&'static str>, &'static str);
}

impl Tabled for Expected {
    fn key(&self) -> (Option<&'static str>, &'static str) {
        (self.schema, self.table)
    }
}

impl Tabled for ExpectedGlobal {
    fn key(&self) -> (Option<&'static str>, &'static str) {
        (self.schema, self.table)
    }
}

/// The global tables registered at compile time: every `#[derive(GlobalTable)]` struct without
/// type parameters, in the binary being run (two structs of one table, both).
pub fn registered_globals() -> Vec<ExpectedGlobal> {
    by_table(|a: &ExpectedGlobal, b| a == b)
}

/// The structs registered at compile time: every `#[derive(TenantScoped)]` struct without type
/// parameters, in the binary being run.
pub fn registered() -> Vec<Expected> {
    by_table(|a: &Expected, b| a.key() == b.key())
}

/// A struct registered by the derive: what it expects of its table. Not public API.
#[doc(hidden)]
pub struct Registered<E> {
    expected: fn() -> E,
    /// For a tenant table, what `testing::isolation` needs of it.
    #[cfg(feature = "testing")]
    probe: Option<crate::testing::Probe>,
}

impl Registered<Expected> {
    #[doc(hidden)]
    pub const fn of<T: TenantScoped>() -> Registered<Expected> {
        Registered {
            expected: Expected::of::<T>,
            #[cfg(feature = "testing")]
            probe: Some(crate::testing::Probe::of::<T>()),
        }
    }

    /// What the isolation probe needs of this table.
    #[cfg(feature = "testing")]
    pub(crate) fn probe(&self) -> Option<&crate::testing::Probe> {
        self.probe.as_ref()
    }
}

impl Registered<ExpectedGlobal> {
    #[doc(hidden)]
    pub const fn of_global<G: crate::GlobalTable>() -> Registered<ExpectedGlobal> {
        Registered {
            expected: ExpectedGlobal::of::<G>,
            #[cfg(feature = "testing")]
            probe: None,
        }
    }
}

inventory::collect!(Registered<Expected>);
inventory::collect!(Registered<ExpectedGlobal>);

/// [`audit`] of every [`registered`] struct, and [`audit_globals`] of every
/// [`registered_globals`] one.
pub async fn audit_registered<E: Executor>(db: &mut E) -> Result<Report, ExecError> {
    let tenant = registered();
    let mut report = audit(db, &tenant).await?;
    report.findings.extend(
        audit_globals(db, &registered_globals(), &tenant)
            .await?
            .findings,
    );
    Ok(report)
}
