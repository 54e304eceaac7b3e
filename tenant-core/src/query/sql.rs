//! Raw SQL, proven: [`tenant_sql!`](crate::tenant_sql) and the statements it makes.
//!
//! The macro takes a dialect and a SQL text whose tables are named by their types (`{Project}`),
//! whose organization is `{scope}`, and whose values are parameters (`{name}`, given as `name =
//! value`). It parses the text with sqlparser as that dialect reads it and refuses to compile
//! unless, in every query scope (each `SELECT` core, each set-operation arm, each CTE body,
//! derived table and sub-query), every tenant relation is confined by a top-level conjunct
//! `x.<tenant column> = {scope}` — or by a tenant equality with a relation of the same scope
//! that is — a joined partner in its own `ON`. The compiler proves the rest: which types are
//! tenant-scoped, which column is each one's tenant column, which relations are confined (from
//! `{scope}` outwards), that every `x.column` exists, that no write sets a tenant column. A
//! query or relation in a clause the macro does not verify is refused, and so is text the
//! macro and a server could read differently (quoted or case-different aliases, block
//! comments, backslashes in quotes, …). The text runs as written, with each type's table name
//! and each dialect's placeholders filled in; the macro never runs a re-printed tree.
//!
//! ```
//! use tenant_core::{Scope, TenantScoped, tenant_sql, uuid::Uuid};
//!
//! #[derive(TenantScoped)]
//! #[tenant(table = "projects")]
//! struct Project {
//!     id: Uuid,
//!     organization_id: Uuid,
//!     name: String,
//! }
//!
//! let scope = Scope::new(Uuid::from_u128(7))?;
//! let statement = tenant_sql!(
//!     postgres,
//!     "SELECT p.name FROM {Project} AS p WHERE p.organization_id = {scope} AND p.name <> {name}",
//!     name = "draft",
//! );
//! // The drivers take `statement.scoped(&scope)`; `bind` gives the SQL and the values.
//! let (sql, values) = statement.bind(&scope);
//! assert_eq!(
//!     sql,
//!     r#"SELECT p.name FROM "projects" AS p WHERE p.organization_id = $1 AND p.name <> $2"#
//! );
//! assert_eq!(values.0.len(), 2);
//! # Ok::<(), tenant_core::TenantError>(())
//! ```

use core::marker::PhantomData;

use sea_query::{Value, Values};

use crate::schema::{AnyTable, TableInfo};
use crate::{Scope, TenantKey};

mod sealed {
    pub trait Sealed {}
}

/// The database a [`Sql`] statement was verified for, and runs on.
pub trait Dialect: sealed::Sealed {
    /// The `n`th placeholder (from 1).
    #[doc(hidden)]
    fn placeholder(n: usize) -> String;
    /// The quote around identifiers.
    #[doc(hidden)]
    const QUOTE: char;
}

/// PostgreSQL: `$1`, `"name"`.
#[derive(Debug)]
pub enum Postgres {}
/// MySQL and MariaDB: `?`, `` `name` ``.
#[derive(Debug)]
pub enum Mysql {}
/// SQLite: `?`, `"name"`.
#[derive(Debug)]
pub enum Sqlite {}

impl sealed::Sealed for Postgres {}
impl sealed::Sealed for Mysql {}
impl sealed::Sealed for Sqlite {}

impl Dialect for Postgres {
    fn placeholder(n: usize) -> String {
        format!("${n}")
    }
    const QUOTE: char = '"';
}

impl Dialect for Mysql {
    fn placeholder(_: usize) -> String {
        "?".to_owned()
    }
    const QUOTE: char = '`';
}

impl Dialect for Sqlite {
    fn placeholder(_: usize) -> String {
        "?".to_owned()
    }
    const QUOTE: char = '"';
}

/// A piece of a statement's text.
#[doc(hidden)]
#[derive(Clone, Copy)]
pub enum Piece {
    /// Text as written.
    Text(&'static str),
    /// A table, by its type.
    Table(TableInfo),
    /// The scope's organization.
    Scope,
    /// A parameter, by its index.
    Param(usize),
}

/// A statement [`tenant_sql!`](crate::tenant_sql) proved confined to a scope of tenant key `K`,
/// for dialect `D`. [`bind`](Self::bind) gives its SQL and values for a scope.
#[must_use = "a statement does nothing until it is bound and run"]
pub struct Sql<D, K> {
    pieces: &'static [Piece],
    values: Vec<Value>,
    types: PhantomData<fn() -> (D, K)>,
}

impl<D, K> Sql<D, K> {
    /// Unbounded, so that a statement the compiler refuses reports its own finding only.
    #[doc(hidden)]
    pub fn __new(pieces: &'static [Piece], values: Vec<Value>) -> Self {
        Sql {
            pieces,
            values,
            types: PhantomData,
        }
    }
}

impl<D: Dialect, K: TenantKey> Sql<D, K> {
    /// The SQL, as written with each table's name and each dialect's placeholders, and the
    /// values to bind: `scope`'s organization wherever the text says `{scope}`.
    pub fn bind(&self, scope: &Scope<K>) -> (String, Values) {
        let mut sql = String::new();
        let mut values = Vec::new();
        for piece in self.pieces {
            match piece {
                Piece::Text(text) => sql.push_str(text),
                Piece::Table(table) => {
                    let quote = D::QUOTE;
                    if let Some(schema) = table.schema {
                        sql.push_str(&format!("{quote}{schema}{quote}."));
                    }
                    // The derive admits plain identifiers only: nothing to escape.
                    sql.push_str(&format!("{quote}{}{quote}", table.name));
                }
                Piece::Scope => {
                    values.push(scope.organization().to_value());
                    sql.push_str(&D::placeholder(values.len()));
                }
                Piece::Param(index) => {
                    values.push(self.values[*index].clone());
                    sql.push_str(&D::placeholder(values.len()));
                }
            }
        }
        (sql, Values(values))
    }

    /// The statement bound to `scope`, as the drivers take it: `tenant_core::rusqlite::query`,
    /// a bound transaction's `query` (which refuses it when `scope` is not the transaction's),
    /// `tenant_core::sqlx::query_as` for sqlx's typed rows.
    pub fn scoped(&self, scope: &Scope<K>) -> Scoped<D> {
        let (sql, values) = self.bind(scope);
        Scoped {
            sql,
            values,
            organization: scope.organization().to_value(),
            dialect: PhantomData,
        }
    }
}

/// A [`Sql`] statement bound to a scope: what the drivers of its dialect run.
#[must_use = "a statement does nothing until a driver runs it"]
pub struct Scoped<D> {
    pub(crate) sql: String,
    pub(crate) values: Values,
    pub(crate) organization: Value,
    dialect: PhantomData<fn() -> D>,
}

/// A parameter's value.
#[doc(hidden)]
pub fn value(value: impl Into<Value>) -> Value {
    value.into()
}

/// Identifiers as SQLite and MySQL compare them: ASCII letters in either case.
const fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut index = 0;
    while index < a.len() {
        if !a[index].eq_ignore_ascii_case(&b[index]) {
            return false;
        }
        index += 1;
    }
    true
}

const fn has_column(table: &TableInfo, column: &str) -> bool {
    let mut index = 0;
    while index < table.columns.len() {
        if same_name(table.columns[index].name, column) {
            return true;
        }
        index += 1;
    }
    false
}

/// A relation of a statement's scope: its table, and the equalities that may confine it.
#[doc(hidden)]
pub struct Relation {
    pub table: TableInfo,
    /// The equalities of its own clause (`WHERE`, or its `ON`).
    pub candidates: &'static [Candidate],
    /// A left-joined relation's equalities in `WHERE`: named in the message only.
    pub misplaced: &'static [Candidate],
}

/// An equality that may confine a relation: its `column`, and the scope (`None`) or another
/// relation of the statement (its index) and that relation's column.
#[doc(hidden)]
pub struct Candidate {
    pub column: &'static str,
    pub partner: Option<(usize, &'static str)>,
}

const fn is_tenant_column(table: &TableInfo, column: &str) -> bool {
    !table.tenant.is_empty() && same_name(table.tenant, column)
}

/// `column` is `T`'s tenant column (`T` is tenant-scoped): else `message`, at compile time.
#[doc(hidden)]
pub const fn tenant_column<T: AnyTable>(column: &str, message: &'static str) {
    if !is_tenant_column(&T::TABLE, column) {
        panic!("{}", message);
    }
}

/// `candidate` is a tenant equality of relation `index`: its tenant column compared with the
/// scope, or with the tenant column of a relation in `confined`.
const fn confines(
    relations: &[Relation],
    index: usize,
    candidate: &Candidate,
    confined: u128,
) -> bool {
    if !is_tenant_column(&relations[index].table, candidate.column) {
        return false;
    }
    match candidate.partner {
        None => true,
        Some((partner, column)) => {
            partner < u128::BITS as usize
                && confined & (1 << partner) != 0
                && is_tenant_column(&relations[partner].table, column)
        }
    }
}

/// The confined relations of a statement (a bit each, at most 128: the macro refuses more),
/// found from `{scope}` outwards: a relation is confined by a tenant equality with the scope,
/// or with a relation already found confined — never by two relations equal only to each
/// other.
#[doc(hidden)]
pub const fn confined(relations: &[Relation]) -> u128 {
    let mut confined = 0u128;
    loop {
        let mut changed = false;
        let mut index = 0;
        while index < relations.len() && index < u128::BITS as usize {
            if confined & (1 << index) == 0 {
                let candidates = relations[index].candidates;
                let mut candidate = 0;
                while candidate < candidates.len() {
                    if confines(relations, index, &candidates[candidate], confined) {
                        confined |= 1 << index;
                        changed = true;
                        break;
                    }
                    candidate += 1;
                }
            }
            index += 1;
        }
        if !changed {
            return confined;
        }
    }
}

/// Relation `index` of `relations` is of a global table, or in `confined` (what [`confined`]
/// found). Else `misplaced_message` when a tenant equality sits in a left-joined relation's
/// `WHERE`, and `message` otherwise, at compile time.
#[doc(hidden)]
pub const fn confined_or_global(
    relations: &[Relation],
    confined: u128,
    index: usize,
    message: &'static str,
    misplaced_message: &'static str,
) {
    let relation = &relations[index];
    if relation.table.tenant.is_empty() {
        return;
    }
    if index < u128::BITS as usize && confined & (1 << index) != 0 {
        return;
    }
    let mut candidate = 0;
    while candidate < relation.misplaced.len() {
        if confines(relations, index, &relation.misplaced[candidate], confined) {
            panic!("{}", misplaced_message);
        }
        candidate += 1;
    }
    panic!("{}", message);
}

/// `column` is a column of `T`.
#[doc(hidden)]
pub const fn column<T: AnyTable>(column: &str, message: &'static str) {
    if !has_column(&T::TABLE, column) {
        panic!("{}", message);
    }
}

/// A write may set `column` of `T`: one of its columns, not its tenant column.
#[doc(hidden)]
pub const fn assignable<T: AnyTable>(column: &str, message: &'static str) {
    if !has_column(&T::TABLE, column) || is_tenant_column(&T::TABLE, column) {
        panic!("{}", message);
    }
}

/// A table of a statement whose scope is of tenant key `K`: of the same kind of tenant, or
/// global.
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "a table of the tenant key `{Self}` is in a statement whose scope's key is `{K}`",
    label = "another kind of tenant",
    note = "a `tenant_sql!` statement reads one kind of tenant (and global tables): a tenant equality between two kinds would compare ids of different organizations tables; run one statement per kind"
)]
pub trait SameKind<K> {}
impl<K: TenantKey> SameKind<K> for K {}
impl<K: TenantKey> SameKind<K> for crate::schema::NoOrganization {}
/// A scope compared with a global table's column: refused by the relations' own findings, not
/// here, so that they are the only errors.
impl<T> SameKind<crate::schema::NoOrganization> for T {}

/// `B` is global or of the same kind of tenant as `A`, the table the scope is compared with.
#[doc(hidden)]
pub fn same_kind<A: AnyTable, B: AnyTable>()
where
    B::Owner: SameKind<A::Owner>,
{
}
