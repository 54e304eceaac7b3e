//! The scoped statement builders.
//!
//! Each wraps a sea-query statement that already holds the tenant predicate (or, for inserts, is
//! stamped row by row). None hands out `&mut` access to that statement, and none offers
//! sea-query's `or_where` chain: the caller's conditions are ANDed beside the tenant predicate at
//! the top level of the `WHERE` clause, so they can only narrow what the scope allows.

use core::marker::PhantomData;

use sea_query::{
    Alias, Asterisk, ColumnName, ColumnRef, DeleteStatement, DynIden, Expr, ExprTrait,
    InsertStatement, IntoColumnRef, IntoCondition, IntoIden, Keyword, OnConflict, Order, Query,
    QueryBuilder, ReturningClause, SelectStatement, TableName, UnionType, UpdateStatement, Value,
    Values,
};

pub mod join;
#[cfg(feature = "sql")]
pub mod sql;
pub(crate) mod statements;

pub(crate) use statements::global_statements;
pub use statements::{MariadbReturning, Nests, Statement, StatementFor, UnscopedStatement};

/// Seals the typestates: only [`Empty`], [`Ready`] and [`Upsert`] are write states.
mod seal {
    pub trait State {}
    impl State for super::Ready {}
    impl State for super::Empty {}
    impl State for super::Upsert {}
}

pub use join::{FullOuter, JoinsOn, Portable, Reach};

use crate::__private::StaticIden;
use crate::schema::{TableInfo, table_name};
use crate::{GlobalTable, Scope, SetColumn, TenantError, TenantKey, TenantScoped, Unscoped};
use join::Join;

/// Typestate of [`Insert`] and [`Update`]: nothing to write yet, so nothing to build.
#[derive(Debug)]
pub enum Empty {}

/// Typestate of [`Insert`] and [`Update`]: at least one row or value is in; the statement can be
/// built.
#[derive(Debug)]
pub enum Ready {}

/// Typestate of [`Update`]: made with [`set_option`](Update::set_option) (a `PATCH` body's
/// optional fields), it may or may not have a value to write; [`finish`](Update::finish) says
/// which, at run time, before it can be built.
#[derive(Debug)]
pub enum Patch {}

/// What [`Update::set_option`] leaves an update as: still `Ready` if it was, else a [`Patch`].
#[doc(hidden)]
pub trait AfterOption {
    /// The typestate after an optional value.
    type Next;
}

impl AfterOption for Empty {
    type Next = Patch;
}

impl AfterOption for Patch {
    type Next = Patch;
}

impl AfterOption for Ready {
    type Next = Ready;
}

/// Typestate of [`Insert`]: its rows are in and it has its conflict clause
/// ([`on_conflict_update`](Insert::on_conflict_update) or
/// [`on_conflict_do_nothing`](Insert::on_conflict_do_nothing)). It can be built, and it
/// returns rows on PostgreSQL and SQLite only: on MySQL, `ON DUPLICATE KEY` fires on any unique
/// key, so its `RETURNING` could return a row the statement did not write.
#[derive(Debug)]
pub enum Upsert {}

/// The typestates of an [`Insert`] that takes more rows: [`Empty`] and [`Ready`] (an upsert's
/// rows are all in before its conflict clause).
pub trait Adding: seal::State {}
impl Adding for Empty {}
impl Adding for Ready {}

/// Reach of a [`Select`], [`Update`] or [`Delete`]: the scope's organization (the default).
#[derive(Debug)]
pub enum Scoped {}

/// Reach of a [`Select`], [`Update`] or [`Delete`] built with the [`Unscoped`] capability:
/// every organization. Such a statement is an [`UnscopedStatement`], not a [`Statement`]: the
/// drivers run it on SQLite and MySQL, and on PostgreSQL only inside
/// `tenant_core::postgres::unscoped_transaction`, which lets row-level security show every
/// organization for that transaction (so it never answers "no rows" for want of a binding).
#[derive(Debug)]
pub enum AllOrganizations {}

/// The typestates in which a write statement may be built.
#[diagnostic::on_unimplemented(
    message = "this statement has nothing to write yet",
    label = "it cannot be built before it has a row or a value",
    note = "an insert needs `.row(..)` or `.rows(..)`, an update needs `.set(..)` or `.set_row(..)`"
)]
pub trait Writable: seal::State {}
impl Writable for Ready {}
impl Writable for Upsert {}

/// `"table"."column"` (or `"schema"."table"."column"`): the tenant and key predicates are
/// table-qualified so that they keep their meaning whatever else a statement names.
#[doc(hidden)]
pub fn qualified<T: TenantScoped>(column: &'static str) -> ColumnRef {
    T::__TABLE.qualified(column)
}

/// `"table"."key" = $1 [AND ...]`; `None` for a table keyed by its tenant column alone.
fn key_filter<T: TenantScoped>(key: T::PrimaryKey) -> Option<Expr> {
    T::__TABLE.key_filter(T::__key_values(key))
}

fn tenant_predicate<T: TenantScoped>(scope: &Scope<T::Key>) -> Expr {
    Expr::col(qualified::<T>(T::TENANT_COLUMN)).eq(scope.organization().to_value())
}

/// `statement` with the tenant predicate of `scope` ANDed into its `WHERE`.
fn scoped<T: TenantScoped, S: sea_query::ConditionalStatement>(
    mut statement: S,
    scope: &Scope<T::Key>,
) -> S {
    statement.and_where(tenant_predicate::<T>(scope));
    statement
}

/// Whether `row` may be written under `scope`: its tenant field is nil (the scope's organization
/// is bound in its place) or the scope's organization; any other organization is an error.
fn stamp<T: TenantScoped>(scope: &Scope<T::Key>, row: &T) -> Result<(), TenantError> {
    let key = row.tenant_key();
    if key.is_nil() || key == scope.organization() {
        Ok(())
    } else {
        Err(TenantError::ForeignOrganization { table: T::TABLE })
    }
}

/// `INSERT INTO <table> (<every column>)`, for tenant and global tables.
pub(crate) fn insert_into(table: &TableInfo) -> InsertStatement {
    let mut statement = Query::insert();
    statement
        .into_table(table.table_name())
        .columns(table.columns.iter().map(|column| StaticIden(column.name)));
    statement
}

/// `SELECT <every column> FROM <table>`, for tenant and global tables.
pub(crate) fn select_from(table: &TableInfo) -> SelectStatement {
    let mut statement = Query::select();
    statement
        .columns(table.columns.iter().map(|column| StaticIden(column.name)))
        .from(table.table_name());
    statement
}

/// `UPDATE <table>`, for tenant and global tables.
pub(crate) fn update_of(table: &TableInfo) -> UpdateStatement {
    let mut statement = Query::update();
    statement.table(table.table_name());
    statement
}

/// `DELETE FROM <table>`, for tenant and global tables.
pub(crate) fn delete_from(table: &TableInfo) -> DeleteStatement {
    let mut statement = Query::delete();
    statement.from_table(table.table_name());
    statement
}

/// Adds each of `rows` with `push`: all or nothing (the first error fails the call), and no
/// row at all is [`TenantError::NoRows`].
pub(crate) fn push_rows<R>(
    table: &'static str,
    rows: impl IntoIterator<Item = R>,
    mut push: impl FnMut(R) -> Result<(), TenantError>,
) -> Result<(), TenantError> {
    let mut added = false;
    for row in rows {
        push(row)?;
        added = true;
    }
    if added {
        Ok(())
    } else {
        Err(TenantError::NoRows { table })
    }
}

/// Whose rows a finished statement reaches: one organization's, no organization's (a global
/// table), or every organization's (built with `Unscoped`). Not public API: a bound transaction
/// runs a statement only when it reaches the organization it is bound to, or none.
#[doc(hidden)]
#[derive(Debug, Clone, PartialEq)]
pub enum Owner {
    /// The scope's organization.
    Organization(Value),
    /// A global table's statement.
    Global,
    /// A statement built with `Unscoped`.
    Every,
}

impl Owner {
    fn of(organization: Option<Value>) -> Owner {
        organization.map_or(Owner::Every, Owner::Organization)
    }

    /// Whether a transaction bound to `scope` runs the statement: it reaches that organization's
    /// rows, or no organization's.
    #[cfg(any(feature = "sqlx-postgres", feature = "postgres"))]
    pub(crate) fn within<K: crate::TenantKey>(&self, scope: &crate::Scope<K>) -> bool {
        match self {
            Owner::Global => true,
            Owner::Organization(organization) => *organization == scope.organization().to_value(),
            Owner::Every => false,
        }
    }
}

/// Why a bound transaction refused a statement.
#[cfg(any(feature = "sqlx-postgres", feature = "postgres"))]
pub(crate) const OTHER_SCOPE: &str = "a statement scoped to another organization than the transaction's, or to every organization: build it with `tx.scope()`";

/// `(expr)`: a caller's condition or value stays one operand whatever it holds, so an `OR` (or
/// `Expr::cust("TRUE OR TRUE")`, or a custom function name that carries `OR`) cannot be
/// read beside the tenant predicate. sea-query writes a one-element tuple as parentheses, and
/// puts none around a tuple it nests.
fn enclosed(expr: Expr) -> Expr {
    Expr::Tuple(vec![expr])
}

/// `returning_all` and `returning` of an insert, update or delete (`$rows`: what it writes).
macro_rules! returning_methods {
    ($rows:literal) => {
        #[doc = concat!("`RETURNING *`: the ", $rows, " rows, every column of `T` (see [`Returning`] for the databases).")]
        pub fn returning_all(self) -> Returning<Self> {
            Returning::all(self)
        }

        /// `RETURNING columns` (see [`Returning`] for the databases).
        pub fn returning<C: IntoColumnRef>(
            self,
            columns: impl IntoIterator<Item = C>,
        ) -> Returning<Self> {
            Returning::columns(self, columns)
        }
    };
}

/// Methods shared by the builders that hold a tenant predicate (select, update, delete).
macro_rules! scoped_conditions {
    () => {
        /// ANDs `condition` beside the tenant predicate, in parentheses of its own.
        pub fn and_where(mut self, condition: Expr) -> Self {
            sea_query::ConditionalStatement::and_where(&mut self.statement, enclosed(condition));
            self
        }

        /// ANDs `condition`, if there is one, beside the tenant predicate.
        pub fn and_where_option(self, condition: Option<Expr>) -> Self {
            match condition {
                Some(condition) => self.and_where(condition),
                None => self,
            }
        }

        /// ANDs `condition` beside the tenant predicate, in parentheses of its own; an empty
        /// `Condition::any()` matches no rows, never all rows.
        pub fn cond_where(self, condition: impl IntoCondition) -> Self {
            self.and_where(Expr::from(condition.into_condition()))
        }

        /// ANDs `primary key = key` (table-qualified) beside the tenant predicate.
        pub fn where_key(mut self, key: T::PrimaryKey) -> Self {
            // Built by the derive from checked identifiers and bound values: no caller text.
            if let Some(filter) = key_filter::<T>(key) {
                sea_query::ConditionalStatement::and_where(&mut self.statement, filter);
            }
            self
        }
    };
}

/// The conditions of an unscoped builder that nest an [`UnscopedSubQuery`].
macro_rules! unscoped_nesting {
    () => {
        /// ANDs `column IN (sub_query)`: an unscoped select nested in this unscoped statement
        /// (the only kind it nests in).
        pub fn and_where_in(
            mut self,
            column: impl IntoColumnRef,
            sub_query: UnscopedSubQuery,
        ) -> Self {
            let condition = Expr::col(column).in_subquery(sub_query.0);
            sea_query::ConditionalStatement::and_where(&mut self.statement, condition);
            self
        }

        /// ANDs `EXISTS (sub_query)`, as [`and_where_in`](Self::and_where_in) does.
        pub fn and_where_exists(mut self, sub_query: UnscopedSubQuery) -> Self {
            sea_query::ConditionalStatement::and_where(
                &mut self.statement,
                Expr::exists(sub_query.0),
            );
            self
        }
    };
}

/// A select built with [`Unscoped`], to nest in another statement built with it (through
/// `and_where_in` or `and_where_exists` of an unscoped select, update or delete): made by
/// [`Select::into_unscoped_sub_query`]. It cannot become a `SelectStatement` or an `Expr`, so
/// it cannot reach a scoped statement, which would then read every organization.
#[derive(Debug, Clone)]
pub struct UnscopedSubQuery(SelectStatement);

/// `build`, `to_string` and `as_statement`, for a builder whose statement is `$statement`.
///
/// The `where` clause sits on each method, not on the impl, so that building an insert or update
/// with nothing to write is reported with [`Writable`]'s message.
macro_rules! finish {
    ($statement:ty $(where $state:ident: $bound:ident)?) => {
        /// The SQL for `backend` with every value bound as a placeholder parameter, to run
        /// through a driver. This is the way to run a statement: see [`to_string`](Self::to_string).
        pub fn build<B: QueryBuilder>(&self, backend: B) -> (String, Values)
        $(where $state: $bound)?
        {
            self.statement.build(backend)
        }

        /// The SQL for `backend` with values inlined as literals, for logs and tests.
        ///
        /// Prefer [`build`](Self::build) to run a statement: drivers bind values in their native
        /// encoding (SQLite stores a bound `Uuid` as a 16-byte blob, which an inlined text UUID
        /// does not match).
        pub fn to_string<B: QueryBuilder>(&self, backend: B) -> String
        $(where $state: $bound)?
        {
            self.statement.to_string(backend)
        }

        /// The finished sea-query statement, for drivers that take one (sea-query-rusqlite,
        /// sea-query-postgres, sea-query-sqlx). Shared access only: nothing can take the tenant
        /// predicate out of it.
        pub fn as_statement(&self) -> &$statement
        $(where $state: $bound)?
        {
            &self.statement
        }
    };
}
pub(crate) use finish;

/// `Clone` and `Debug` without the `T: Clone`/`T: Debug` bounds a derive would add: `T` is only
/// a marker here. For the builders of tenant and of global tables.
macro_rules! clone_debug {
    ($table:ident: $builder:ident < $t:ident $(, $param:ident)* > { $($field:ident),* }) => {
        impl<$t: $table $(, $param)*> Clone for $builder<$t $(, $param)*> {
            fn clone(&self) -> Self {
                $builder { $($field: self.$field.clone()),* }
            }
        }

        impl<$t: $table $(, $param)*> core::fmt::Debug for $builder<$t $(, $param)*> {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.debug_struct(stringify!($builder))
                    .field("table", &$t::__TABLE.name)
                    .field("statement", &self.statement)
                    .finish_non_exhaustive()
            }
        }
    };
}
pub(crate) use clone_debug;

clone_debug!(TenantScoped: Select<T, M, F> { statement, organization, projection, joined, table });
clone_debug!(TenantScoped: Insert<T, S> { statement, scope, state });
clone_debug!(TenantScoped: Update<T, S, M> { statement, scope, state });
clone_debug!(TenantScoped: Delete<T, M> { statement, organization, table });

/// The projection, ordering and paging methods of a select (scoped, or of a global table):
/// the builder has `statement: SelectStatement` and `projection: Projection`.
macro_rules! select_methods {
    () => {
        /// Locks the selected rows (`FOR UPDATE` and friends; ignored by SQLite).
        pub fn lock(mut self, lock: sea_query::LockType) -> Self {
            self.statement.lock(lock);
            self
        }

        /// Before the first projection, drops the default column list.
        fn choose(&mut self) {
            if self.projection == $crate::query::Projection::Default {
                self.statement.clear_selects();
                self.projection = $crate::query::Projection::Chosen;
            }
        }

        /// Reads `column`. The first projection replaces the default column list; later ones add.
        pub fn column(mut self, column: impl IntoColumnRef) -> Self {
            self.choose();
            self.statement.column(column);
            self
        }

        /// Reads `columns`, as [`column`](Self::column) does for one.
        pub fn columns<C: IntoColumnRef>(mut self, columns: impl IntoIterator<Item = C>) -> Self {
            self.choose();
            self.statement.columns(columns);
            self
        }

        /// Reads `expr` (an aggregate, a computed value). The first projection replaces the default
        /// column list; later ones add.
        pub fn expr(mut self, expr: impl Into<Expr>) -> Self {
            self.choose();
            self.statement.expr(expr.into());
            self
        }

        /// Reads `expr` beside the default column list: every column of the table and, say, the
        /// joined project's name, without listing the columns by hand. Table-qualify the columns
        /// you name (the default ones are qualified once the select joins). After it, `column`,
        /// `expr` and `also` add; the default list stays.
        ///
        /// ```
        /// use tenant_core::sea_query::{Expr, PostgresQueryBuilder};
        /// use tenant_core::{Join, Scope, TenantScoped, uuid::Uuid};
        ///
        /// #[derive(TenantScoped)]
        /// struct Project { id: Uuid, organization_id: Uuid, name: String }
        ///
        /// #[derive(TenantScoped)]
        /// struct Task {
        ///     id: Uuid,
        ///     organization_id: Uuid,
        ///     #[tenant(references = "Project")]
        ///     project_id: Uuid,
        ///     title: String,
        /// }
        ///
        /// let scope = Scope::new(Uuid::from_u128(1))?;
        /// let (sql, _) = Task::select(&scope)
        ///     .join_referenced::<Project>(Join::Inner)
        ///     .also_as(Expr::col((ProjectIden::Table, ProjectIden::Name)), "project_name")
        ///     .build(PostgresQueryBuilder);
        /// assert!(sql.starts_with(
        ///     r#"SELECT "tasks"."id", "tasks"."organization_id", "tasks"."project_id", "tasks"."title", "projects"."name" AS "project_name" FROM"#
        /// ));
        /// # Ok::<(), tenant_core::TenantError>(())
        /// ```
        pub fn also(mut self, expr: impl Into<Expr>) -> Self {
            if self.projection == $crate::query::Projection::Default {
                self.projection = $crate::query::Projection::Extended;
            }
            self.statement.expr(expr.into());
            self
        }

        /// [`also`](Self::also) with an alias: `expr AS alias` beside the default columns.
        pub fn also_as(mut self, expr: impl Into<Expr>, alias: impl IntoIden) -> Self {
            if self.projection == $crate::query::Projection::Default {
                self.projection = $crate::query::Projection::Extended;
            }
            self.statement.expr_as(expr.into(), alias);
            self
        }

        /// Reads `expr AS alias`, as [`expr`](Self::expr) does.
        pub fn expr_as(mut self, expr: impl Into<Expr>, alias: impl IntoIden) -> Self {
            self.choose();
            self.statement.expr_as(expr.into(), alias);
            self
        }

        /// `SELECT COUNT(*)` with the same predicates, joins and groups: the total of a page. The
        /// projection, ordering, `LIMIT` and `OFFSET` are dropped (a count has one row per group).
        pub fn count(mut self) -> Self {
            self.choose();
            self.statement
                .clear_selects()
                .expr(Expr::col(Asterisk).count())
                .clear_order_by()
                .reset_limit()
                .reset_offset();
            self
        }

        /// Appends `ORDER BY column order`.
        pub fn order_by(mut self, column: impl IntoColumnRef, order: Order) -> Self {
            self.statement.order_by(column, order);
            self
        }

        /// Appends `ORDER BY expr order`.
        pub fn order_by_expr(mut self, expr: Expr, order: Order) -> Self {
            self.statement.order_by_expr(expr, order);
            self
        }

        /// Sets `LIMIT`. A limit past `i64::MAX` (say `u64::MAX` from a query string) is
        /// written as `i64::MAX`, which no table reaches: the same rows, on every database
        /// (PostgreSQL and SQLite have no unsigned 64-bit integers).
        pub fn limit(mut self, limit: u64) -> Self {
            self.statement.limit($crate::query::fits_i64(limit));
            self
        }

        /// Sets `OFFSET`; past `i64::MAX`, `i64::MAX` (no rows either way), as
        /// [`limit`](Self::limit).
        pub fn offset(mut self, offset: u64) -> Self {
            self.statement.offset($crate::query::fits_i64(offset));
            self
        }
    };
}
pub(crate) use select_methods;

/// The type parameters a select carries only as types.
type Marker<T, M, F> = PhantomData<fn() -> (T, M, F)>;

/// `count`, or `i64::MAX` when it is greater: the largest row count or position any of the three
/// databases can hold.
pub(crate) fn fits_i64(count: u64) -> u64 {
    Ord::min(count, i64::MAX as u64)
}

/// Values as PostgreSQL takes them: it has no unsigned integers, so a `u64` is sent as a
/// `bigint` when it fits, and otherwise as text, which the database refuses with an error
/// (sea-query-sqlx would panic on it, and sea-query-postgres would wrap it to a negative
/// number).
#[cfg(any(feature = "postgres", feature = "sqlx-postgres"))]
pub(crate) fn postgres_values(values: Values) -> Values {
    Values(
        values
            .into_iter()
            .map(|value| match value {
                Value::BigUnsigned(Some(v)) => match i64::try_from(v) {
                    Ok(v) => Value::BigInt(Some(v)),
                    Err(_) => Value::String(Some(v.to_string())),
                },
                Value::BigUnsigned(None) => Value::BigInt(None),
                value => value,
            })
            .collect(),
    )
}

/// Whether a select still reads its default column list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Projection {
    /// Every column of `T`, as [`TenantScoped::COLUMNS`].
    Default,
    /// What the caller chose with `column`, `expr`, ... or `count`.
    Chosen,
    /// The default list, then what the caller added beside it with `also`.
    Extended,
}

/// A tenant-scoped `SELECT` from `T`'s table: every column of `T` unless a projection
/// (`column`, `columns`, `expr`, `expr_as`, `count`) chooses others. Made by
/// [`TenantScoped::select`], [`TenantScoped::find`], [`for_org`](crate::for_org), or, without
/// the tenant predicate, [`TenantScoped::select_unscoped`].
///
/// Whatever is chained, the tenant predicate stays in the `WHERE` clause, and every table joined
/// with [`join`](Self::join) or [`join_referenced`](Self::join_referenced) brings its own, in
/// its `ON` clause.
#[must_use = "a query builder does nothing until it is built and run"]
pub struct Select<T, M = Scoped, F = Portable> {
    statement: SelectStatement,
    /// The scope's organization; `None` for [`TenantScoped::select_unscoped`].
    organization: Option<Value>,
    projection: Projection,
    joined: bool,
    table: Marker<T, M, F>,
}

impl<T: TenantScoped> Select<T> {
    pub(crate) fn new(scope: &Scope<T::Key>) -> Self {
        let mut select = Select::from_table(Some(scope.organization().to_value()));
        select.statement.and_where(tenant_predicate::<T>(scope));
        select
    }
}

impl<T: TenantScoped> Select<T, AllOrganizations> {
    /// This select, to nest in another statement built with [`Unscoped`] (see
    /// [`UnscopedSubQuery`]); choose its columns first.
    pub fn into_unscoped_sub_query(self) -> UnscopedSubQuery {
        UnscopedSubQuery(self.statement)
    }

    unscoped_nesting!();

    pub(crate) fn unscoped(unscoped: &Unscoped) -> Self {
        unscoped.log(T::TABLE, "select");
        Select::from_table(None)
    }
}

impl<T: TenantScoped, M> Select<T, M> {
    fn from_table(organization: Option<Value>) -> Self {
        Select {
            statement: select_from(&T::__TABLE),
            organization,
            projection: Projection::Default,
            joined: false,
            table: PhantomData,
        }
    }
}

impl<T: TenantScoped, M, F: Reach> Select<T, M, F> {
    pub(crate) fn owner(&self) -> Owner {
        Owner::of(self.organization.clone())
    }

    scoped_conditions!();

    select_methods!();

    /// Appends `GROUP BY column`.
    pub fn group_by_col(mut self, column: impl IntoColumnRef) -> Self {
        self.statement.group_by_col(column);
        self
    }

    /// Appends `GROUP BY` of `columns`.
    pub fn group_by_columns<C: IntoColumnRef>(
        mut self,
        columns: impl IntoIterator<Item = C>,
    ) -> Self {
        self.statement.group_by_columns(columns);
        self
    }

    /// ANDs `condition` into `HAVING`, in parentheses of its own.
    pub fn and_having(mut self, condition: Expr) -> Self {
        self.statement.and_having(enclosed(condition));
        self
    }

    /// Joins `P`'s table: `JOIN p ON p.tenant = t.tenant AND p.tenant = <scope> AND (on)`.
    ///
    /// `kind` is a [`Join`] (inner, left, right or cross; a full outer join is
    /// [`full_join`](Self::full_join)); every kind keeps this `ON`. The tenant equality and `P`'s
    /// own scope predicate sit in the `ON` clause, so a `LEFT JOIN` keeps every row of `T` and
    /// pairs it only with rows of the same organization; the caller's `on` stays in parentheses
    /// of its own. `P` must be tenant-scoped with the same tenant key type as `T`. Once a
    /// statement joins, the default column list is table-qualified (`"tasks"."id"`, ...);
    /// qualify the columns you name yourself, e.g. `(ProjectIden::Table, ProjectIden::Name)`.
    pub fn join<P>(mut self, kind: Join, on: impl IntoCondition) -> Self
    where
        P: SameTenant<T>,
    {
        let on = enclosed(Expr::from(on.into_condition()));
        self.join_table::<P>(kind.join_type(), Some(on));
        self
    }

    /// `FULL OUTER JOIN p ON p.tenant = t.tenant AND p.tenant = <scope> AND (on)`: the `ON`
    /// of [`join`](Self::join). PostgreSQL and SQLite (3.39 or later) have it; MySQL and
    /// MariaDB do not, so the select it returns does not build for MySQL (a compile error, see
    /// [`JoinsOn`]). The selected table's tenant predicate stays in `WHERE`. Built with
    /// [`Unscoped`], such a select runs on SQLite only (it is no [`UnscopedStatement`]: those
    /// build for every backend).
    pub fn full_join<P>(mut self, on: impl IntoCondition) -> Select<T, M, FullOuter>
    where
        P: SameTenant<T>,
    {
        let on = enclosed(Expr::from(on.into_condition()));
        self.join_table::<P>(sea_query::JoinType::FullOuterJoin, Some(on));
        self.reach()
    }

    /// Joins `P` along `T`'s `#[tenant(references = "P")]` field: `ON p.key = t.field`, with
    /// the tenant equality and `P`'s scope predicate as in [`join`](Self::join).
    ///
    /// The derive implements [`References<P>`] for `T` when exactly one field of `T`
    /// references `P`; with two, name the `ON` clause with [`join`](Self::join). A table that
    /// references itself joins with [`join_self_referenced`](Self::join_self_referenced).
    pub fn join_referenced<P>(mut self, kind: Join) -> Self
    where
        P: SameTenant<T>,
        T: References<P>,
    {
        let on = key_equality::<P, T>(<T as References<P>>::COLUMN);
        self.join_table::<P>(kind.join_type(), Some(on));
        self
    }

    /// Joins `T`'s table to itself, under `alias`, along `T`'s `#[tenant(references = "T")]`
    /// field (a task's parent task): `JOIN t AS alias ON alias.tenant = t.tenant AND
    /// alias.tenant = <scope> AND alias.key = t.field`. Name the joined row's columns through
    /// the alias: `(Alias::new("parent"), TaskIden::Title)`. The alias is quoted and escaped.
    pub fn join_self_referenced(mut self, kind: Join, alias: &str) -> Self
    where
        T: SelfReferences,
    {
        let alias: DynIden = Alias::new(alias).into();
        let aliased = |column: &'static str| {
            ColumnRef::Column(ColumnName(
                Some(TableName(None, alias.clone())),
                StaticIden(column).into(),
            ))
        };
        let mut condition =
            Expr::col(aliased(T::TENANT_COLUMN)).equals(qualified::<T>(T::TENANT_COLUMN));
        if let Some(organization) = &self.organization {
            condition =
                condition.and(Expr::col(aliased(T::TENANT_COLUMN)).eq(organization.clone()));
        }
        let key = T::PRIMARY_KEY.first().copied().unwrap_or(T::TENANT_COLUMN);
        condition = condition
            .and(Expr::col(aliased(key)).equals(qualified::<T>(<T as SelfReferences>::COLUMN)));
        self.statement.join_as(
            kind.join_type(),
            table_name::<T>(),
            alias.clone(),
            condition,
        );
        self.qualify();
        self
    }

    /// Joins `P`, whose `#[tenant(references = "T")]` field points at `T`: `ON p.field =
    /// t.key`, with the tenant equality and `P`'s scope predicate as in [`join`](Self::join).
    /// Each row of `T` meets the rows of `P` that reference it (use [`Join::Left`]
    /// to keep `T`'s rows that none references).
    pub fn join_referencing<P>(mut self, kind: Join) -> Self
    where
        P: SameTenant<T> + References<T>,
    {
        let on = key_equality::<T, P>(<P as References<T>>::COLUMN);
        self.join_table::<P>(kind.join_type(), Some(on));
        self
    }

    fn join_table<P: TenantScoped>(&mut self, join: sea_query::JoinType, on: Option<Expr>) {
        let tenant =
            Expr::col(qualified::<P>(P::TENANT_COLUMN)).equals(qualified::<T>(T::TENANT_COLUMN));
        let mut condition = match &self.organization {
            Some(organization) => {
                tenant.and(Expr::col(qualified::<P>(P::TENANT_COLUMN)).eq(organization.clone()))
            }
            None => tenant,
        };
        if let Some(on) = on {
            condition = condition.and(on);
        }
        self.statement.join(join, table_name::<P>(), condition);
        self.qualify();
    }

    /// Joins the global table `G` (one that belongs to no organization, such as plans):
    /// `JOIN g ON (on)`, of any [`Join`] kind ([`Join::Cross`] is
    /// `INNER JOIN g ON (on)` here too). The only join without a tenant equality: `G` has no
    /// tenant column. The default column list is table-qualified from then on, as with
    /// [`join`](Self::join).
    pub fn join_global<G: GlobalTable>(mut self, kind: Join, on: impl IntoCondition) -> Self {
        #[cfg(feature = "audit")]
        crate::audit::refuse_tenant_table::<G>();
        let on = enclosed(Expr::from(on.into_condition()));
        self.statement
            .join(kind.join_type(), crate::global::table_name::<G>(), on);
        self.qualify();
        self
    }

    /// Joins the global table `G` along `T`'s `#[tenant(references = "G")]` field (an
    /// organization's plan): `JOIN g ON g.key = t.field`, of any [`Join`] kind, as
    /// [`join_global`](Self::join_global) writes it.
    pub fn join_global_referenced<G: GlobalTable>(mut self, kind: Join) -> Self
    where
        T: References<G>,
    {
        #[cfg(feature = "audit")]
        crate::audit::refuse_tenant_table::<G>();
        let key = G::PRIMARY_KEY.first().copied().unwrap_or_default();
        let on = Expr::col(G::__TABLE.qualified(key))
            .equals(qualified::<T>(<T as References<G>>::COLUMN));
        self.statement
            .join(kind.join_type(), crate::global::table_name::<G>(), on);
        self.qualify();
        self
    }

    /// The same select, of the reach its joins now have.
    fn reach<R: Reach>(self) -> Select<T, M, R> {
        Select {
            statement: self.statement,
            organization: self.organization,
            projection: self.projection,
            joined: self.joined,
            table: PhantomData,
        }
    }

    /// Table-qualifies the default column list, once a statement names another table.
    fn qualify(&mut self) {
        // The default list comes first, also when `also` added to it.
        if !self.joined && self.projection != Projection::Chosen {
            // In place: the default list is `T::COLUMNS`, in order.
            let mut columns = T::COLUMNS.iter();
            self.statement.exprs_mut_for_each(|select| {
                if let Some(column) = columns.next() {
                    select.expr = Expr::col(qualified::<T>(column));
                }
            });
        }
        self.joined = true;
    }

    /// `self UNION [ALL] other`: both are selects of the same reach (scoped, or both
    /// [`Unscoped`]) of any tenant-scoped tables, each with its own tenant predicate.
    pub fn union<P: TenantScoped, G: Reach>(
        mut self,
        union: UnionType,
        other: Select<P, M, G>,
    ) -> Select<T, M, F::With<G>> {
        self.statement.union(union, other.statement);
        self.reach()
    }

    /// `SELECT DISTINCT`.
    pub fn distinct(mut self) -> Self {
        self.statement.distinct();
        self
    }

    /// The SQL for `backend` with every value bound as a placeholder parameter, to run
    /// through a driver. This is the way to run a statement: see [`to_string`](Self::to_string).
    /// A select with a [`full_join`](Self::full_join) does not build for MySQL.
    pub fn build<B: QueryBuilder>(&self, backend: B) -> (String, Values)
    where
        F: JoinsOn<B>,
    {
        self.statement.build(backend)
    }

    /// The SQL for `backend` with values inlined as literals, for logs and tests.
    ///
    /// Prefer [`build`](Self::build) to run a statement: drivers bind values in their native
    /// encoding (SQLite stores a bound `Uuid` as a 16-byte blob, which an inlined text UUID
    /// does not match).
    pub fn to_string<B: QueryBuilder>(&self, backend: B) -> String
    where
        F: JoinsOn<B>,
    {
        self.statement.to_string(backend)
    }
}

impl<T: TenantScoped, M, F: Reach> Select<T, M, F> {
    /// The finished scoped select, to nest in another statement: `Expr::exists(..)`,
    /// `Expr::col(..).in_subquery(..)`, a `FROM` sub-query, or a union. Its tenant predicate
    /// (and those of its joins) are in it; choose its columns first with
    /// [`column`](Self::column) or [`expr`](Self::expr). A correlated sub-query names the
    /// outer table's columns table-qualified.
    ///
    /// Only a scoped select without a [`full_join`](Self::full_join) nests ([`Nests`]): a select
    /// built with [`Unscoped`] would make the statement it nests in read every organization
    /// without being unscoped itself (and run, on PostgreSQL, outside `unscoped_transaction`),
    /// and a full outer join would reach a MySQL statement that cannot write it.
    pub fn into_sub_query(self) -> SelectStatement
    where
        Self: Nests,
    {
        self.statement
    }

    /// The finished sea-query statement, for drivers that take one (sea-query-rusqlite,
    /// sea-query-postgres, sea-query-sqlx). Shared access only: nothing can take the tenant
    /// predicate out of it. Like [`into_sub_query`](Self::into_sub_query), for the selects that
    /// [`Nests`] (a copy of it is a sub-query).
    pub fn as_statement(&self) -> &SelectStatement
    where
        Self: Nests,
    {
        &self.statement
    }
}

/// `"target"."key" = "source"."column"`: `source`'s reference column equals `target`'s
/// single-column key (the derive checks that the referenced struct has one).
fn key_equality<Target: TenantScoped, Source: TenantScoped>(column: &'static str) -> Expr {
    let key = Target::PRIMARY_KEY
        .first()
        .copied()
        .unwrap_or(Target::TENANT_COLUMN);
    Expr::col(qualified::<Target>(key)).equals(qualified::<Source>(column))
}

/// A tenant-scoped table that [`Select::join`] may join to a select of `T`: its tenant key is
/// `T`'s, so the tenant equality compares like with like.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be joined to a select of `{T}`",
    label = "not a tenant-scoped table with `{T}`'s tenant key",
    note = "a scoped join pairs rows of the same organization: `{Self}` must derive `TenantScoped` with the same tenant key type as `{T}`; a table that belongs to no organization is a `GlobalTable`, joined with `join_global` (or `join_global_referenced` along a `references` field)"
)]
pub trait SameTenant<T: TenantScoped>: TenantScoped {}
impl<T: TenantScoped, P: TenantScoped> SameTenant<T> for P where P::Key: SameKey<T::Key> {}

/// The tenant key of a joined table is the selected table's: [`SameTenant`]'s condition.
#[diagnostic::on_unimplemented(
    message = "the tenant key `{Self}` is not `{K}`: these tables belong to different kinds of tenant",
    label = "a scoped join compares the tenant columns of both tables",
    note = "join only tables whose tenant fields have the same type (the organizations they point at are the same table); to combine data of two kinds of tenant, run two scoped selects"
)]
pub trait SameKey<K> {}
impl<K> SameKey<K> for K {}

/// `Self` has exactly one field that references `Self` (`#[tenant(references = "Self")]` or its
/// own name), `COLUMN`: what [`Select::join_self_referenced`] joins along. The derive
/// implements it.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no single reference to itself to join along",
    label = "no `#[tenant(references = \"{Self}\")]` field, or more than one",
    note = "mark the field that holds the key of another `{Self}` row with `#[tenant(references = \"{Self}\")]`, or join with `.join::<..>(join_type, on)`"
)]
pub trait SelfReferences: TenantScoped {
    /// The column of `Self` that holds the key of another row of `Self`.
    const COLUMN: &'static str;
}

/// `Self` has exactly one `#[tenant(references = "P")]` field, `COLUMN`: what
/// [`Select::join_referenced`] and [`Select::join_referencing`] join along. The derive
/// implements it.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no single reference to `{P}` to join along",
    label = "no `#[tenant(references = \"...\")]` field of `{Self}` names `{P}`, or more than one does",
    note = "mark the field that holds a `{P}` key with `#[tenant(references = \"{P}\")]`, or join with `.join::<..>(join_type, on)` and name the `ON` clause"
)]
pub trait References<P>: TenantScoped {
    /// The column of `Self` that holds a `P` key.
    const COLUMN: &'static str;
}

/// A tenant-scoped `INSERT` into `T`'s table. Made by [`TenantScoped::insert`]; it can be built
/// once it has a row.
#[must_use = "a query builder does nothing until it is built and run"]
pub struct Insert<T: TenantScoped, S = Ready> {
    statement: InsertStatement,
    scope: Scope<T::Key>,
    state: PhantomData<fn() -> S>,
}

impl<T: TenantScoped> Insert<T, Empty> {
    pub(crate) fn new(scope: &Scope<T::Key>) -> Self {
        Insert {
            statement: insert_into(&T::__TABLE),
            scope: scope.clone(),
            state: PhantomData,
        }
    }
}

impl<T: TenantScoped, S: Adding> Insert<T, S> {
    /// Adds `row`, its tenant column bound to the scope's organization.
    ///
    /// The row's own tenant field may be nil (it is stamped) or the scope's organization;
    /// any other organization is refused with [`TenantError::ForeignOrganization`].
    pub fn row(mut self, row: &T) -> Result<Insert<T, Ready>, TenantError> {
        self.push(row)?;
        Ok(self.ready())
    }

    /// Adds every row of `rows`, as [`row`](Self::row) does. All or nothing: the first foreign
    /// row fails the whole call, and an empty list is [`TenantError::NoRows`].
    pub fn rows<'r>(
        mut self,
        rows: impl IntoIterator<Item = &'r T>,
    ) -> Result<Insert<T, Ready>, TenantError>
    where
        T: 'r,
    {
        push_rows(T::TABLE, rows, |row| self.push(row))?;
        Ok(self.ready())
    }

    fn push(&mut self, row: &T) -> Result<(), TenantError> {
        stamp(&self.scope, row)?;
        // The derive writes one value per column of `T::COLUMNS`, so the counts always agree.
        let tenant = Expr::Value(self.scope.organization().to_value());
        self.statement.values_panic(row.__values(tenant));
        Ok(())
    }

    fn ready(self) -> Insert<T, Ready> {
        Insert {
            statement: self.statement,
            scope: self.scope,
            state: PhantomData,
        }
    }
}

impl<T: TenantScoped> Insert<T, Ready> {
    /// `ON CONFLICT (tenant, key…) DO UPDATE SET column = excluded.column, …` — on PostgreSQL
    /// and SQLite also `WHERE table.tenant = excluded.tenant` — and, on MySQL/MariaDB,
    /// `ON DUPLICATE KEY UPDATE column = VALUES(column), …`.
    ///
    /// The conflict target is the primary key that [`create_table`](TenantScoped::create_table)
    /// writes, `(tenant, key…)`, and every unique constraint it writes starts with the tenant
    /// column: a row of the scope can only collide with a row of the same organization, so
    /// another organization's row is never changed. (A row with another organization's key
    /// inserts the scope's own row.) On a table whose keys are not tenant-led,
    /// PostgreSQL and SQLite refuse the statement (no unique index matches the target); MySQL
    /// has no target at all, so keep its keys tenant-led: see the README.
    ///
    /// `columns` are settable columns of `T` (never the tenant column).
    pub fn on_conflict_update<C: SetColumn<T>>(
        self,
        columns: impl IntoIterator<Item = C>,
    ) -> Insert<T, Upsert> {
        let columns: Vec<T::Column> = columns.into_iter().map(Into::into).collect();
        self.update_on_conflict(columns)
    }

    /// `ON CONFLICT (tenant, key…) DO NOTHING` (on MySQL/MariaDB, `ON DUPLICATE KEY UPDATE
    /// tenant = tenant`, which changes nothing): a row whose key is taken in the scope's
    /// organization is skipped. See [`on_conflict_update`](Self::on_conflict_update) for why
    /// another organization's row is never touched.
    pub fn on_conflict_do_nothing(mut self) -> Insert<T, Upsert> {
        let mut on_conflict = conflict_target::<T>();
        on_conflict.do_nothing_on([StaticIden(T::TENANT_COLUMN)]);
        self.statement.on_conflict(on_conflict);
        self.upsert()
    }

    /// `ON CONFLICT (tenant, key…) DO UPDATE SET` every column but the key and the tenant
    /// column (`DO NOTHING` when there is none): the row replaces the organization's row of the
    /// same key. What [`OnePerOrganization::upsert`](crate::OnePerOrganization::upsert) writes.
    pub(crate) fn on_conflict_update_row(self) -> Insert<T, Upsert> {
        let columns: Vec<StaticIden> = T::COLUMNS
            .iter()
            .filter(|column| {
                !column.eq_ignore_ascii_case(T::TENANT_COLUMN) && !T::PRIMARY_KEY.contains(column)
            })
            .map(|column| StaticIden(column))
            .collect();
        self.update_on_conflict(columns)
    }

    /// `ON CONFLICT (tenant, key…) DO UPDATE SET` `columns` (`= excluded.column`) `WHERE
    /// table.tenant = excluded.tenant`, or `DO NOTHING` when `columns` is empty.
    fn update_on_conflict<C: IntoIden>(mut self, columns: Vec<C>) -> Insert<T, Upsert> {
        let mut on_conflict = conflict_target::<T>();
        if columns.is_empty() {
            on_conflict.do_nothing_on([StaticIden(T::TENANT_COLUMN)]);
        } else {
            on_conflict.update_columns(columns).action_and_where(
                Expr::col(qualified::<T>(T::TENANT_COLUMN))
                    .equals((StaticIden("excluded"), StaticIden(T::TENANT_COLUMN))),
            );
        }
        self.statement.on_conflict(on_conflict);
        self.upsert()
    }

    fn upsert(self) -> Insert<T, Upsert> {
        Insert {
            statement: self.statement,
            scope: self.scope,
            state: PhantomData,
        }
    }

    returning_methods!("inserted");
}

impl<T: TenantScoped> Insert<T, Upsert> {
    returning_methods!("inserted or updated");
}

/// `ON CONFLICT ("tenant", "key", …)`: the primary key of `create_table`.
fn conflict_target<T: TenantScoped>() -> OnConflict {
    let mut columns = vec![StaticIden(T::TENANT_COLUMN)];
    columns.extend(T::PRIMARY_KEY.iter().map(|column| StaticIden(column)));
    OnConflict::columns(columns)
}

impl<T: TenantScoped, S> Insert<T, S> {
    pub(crate) fn owner(&self) -> Owner {
        Owner::Organization(self.scope.organization().to_value())
    }

    finish!(InsertStatement where S: Writable);
}

/// A struct with at least one column besides its primary key and its tenant column, so that
/// [`Update::set_row`] has something to write. The derive implements it.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no column for `set_row` to write",
    label = "every column of `{Self}` is its primary key or its tenant column",
    note = "an update of `{Self}` would set nothing: set a key column with `.set(..)`, or delete the row and insert another"
)]
pub trait RowValues: TenantScoped {}

/// A tenant-scoped `UPDATE` of `T`'s table. Made by [`TenantScoped::update`]; it can be built
/// once it sets a value.
#[must_use = "a query builder does nothing until it is built and run"]
pub struct Update<T: TenantScoped, S = Ready, M = Scoped> {
    statement: UpdateStatement,
    /// `None` for [`TenantScoped::update_unscoped`].
    scope: Option<Scope<T::Key>>,
    state: PhantomData<fn() -> (S, M)>,
}

impl<T: TenantScoped> Update<T, Empty> {
    pub(crate) fn new(scope: &Scope<T::Key>) -> Self {
        Update {
            statement: scoped::<T, _>(update_of(&T::__TABLE), scope),
            scope: Some(scope.clone()),
            state: PhantomData,
        }
    }
}

impl<T: TenantScoped, S> Update<T, S, AllOrganizations> {
    unscoped_nesting!();
}

impl<T: TenantScoped, M> Update<T, Patch, M> {
    /// The update, ready to build, if [`set_option`](Self::set_option) (or `set`) gave it a
    /// value; [`TenantError::NothingToUpdate`] if every optional value was `None`.
    pub fn finish(self) -> Result<Update<T, Ready, M>, TenantError> {
        if self.statement.get_values().is_empty() {
            return Err(TenantError::NothingToUpdate { table: T::TABLE });
        }
        Ok(Update {
            statement: self.statement,
            scope: self.scope,
            state: PhantomData,
        })
    }
}

impl<T: TenantScoped> Update<T, Empty, AllOrganizations> {
    pub(crate) fn unscoped(unscoped: &Unscoped) -> Self {
        unscoped.log(T::TABLE, "update");
        Update {
            statement: update_of(&T::__TABLE),
            scope: None,
            state: PhantomData,
        }
    }
}

impl<T: TenantScoped, S, M> Update<T, S, M> {
    pub(crate) fn owner(&self) -> Owner {
        Owner::of(
            self.scope
                .as_ref()
                .map(|scope| scope.organization().to_value()),
        )
    }

    scoped_conditions!();

    /// `SET column = value`. The tenant column is not a [`SetColumn`]: setting it does not
    /// compile.
    ///
    /// The value is written in parentheses of its own, so that text in it cannot run on into
    /// the `WHERE` clause.
    pub fn set(mut self, column: impl SetColumn<T>, value: impl Into<Expr>) -> Update<T, Ready, M> {
        let column: T::Column = column.into();
        self.statement.value(column, enclosed(value.into()));
        self.ready()
    }

    /// `SET column = value` by the column's name, for the isolation probe of `testing`, which
    /// has the table's column names but not its column type; `None` for the tenant column or a
    /// name that is no column. Not public API.
    #[cfg(feature = "testing")]
    pub(crate) fn __set_by_name(
        mut self,
        column: &'static str,
        value: Value,
    ) -> Option<Update<T, Ready, M>> {
        if column == T::TENANT_COLUMN || !T::COLUMNS.contains(&column) {
            return None;
        }
        self.statement.value(
            crate::__private::StaticIden(column),
            enclosed(Expr::val(value)),
        );
        Some(self.ready())
    }

    /// `SET column = value` when `value` is `Some`, nothing when it is `None`: a `PATCH`
    /// body's optional fields, one call each. After it, an update that had no value yet is a
    /// [`Patch`]: [`finish`](Update::finish) it to build it, which refuses one that got no
    /// value at all ([`TenantError::NothingToUpdate`]) instead of an `UPDATE` with no `SET`.
    ///
    /// ```
    /// use tenant_core::sea_query::PostgresQueryBuilder;
    /// use tenant_core::{Scope, TenantError, TenantScoped, uuid::Uuid};
    ///
    /// #[derive(TenantScoped)]
    /// struct Project {
    ///     id: Uuid,
    ///     organization_id: Uuid,
    ///     name: String,
    ///     archived: bool,
    /// }
    ///
    /// let scope = Scope::new(Uuid::from_u128(1))?;
    /// let (name, archived): (Option<String>, Option<bool>) = (Some("Roadmap".into()), None);
    /// let patch = Project::update(&scope)
    ///     .set_option(ProjectIden::Name, name)
    ///     .set_option(ProjectIden::Archived, archived)
    ///     .where_key(Uuid::from_u128(9))
    ///     .finish()?;
    /// let (sql, _) = patch.build(PostgresQueryBuilder);
    /// assert!(sql.starts_with(r#"UPDATE "projects" SET "name" = "#));
    /// assert!(!sql.contains("archived"), "a None writes nothing");
    ///
    /// let nothing = Project::update(&scope).set_option(ProjectIden::Name, None::<String>);
    /// assert!(matches!(nothing.finish(), Err(TenantError::NothingToUpdate { table: "projects" })));
    /// # Ok::<(), TenantError>(())
    /// ```
    pub fn set_option<V: Into<Expr>>(
        mut self,
        column: impl SetColumn<T>,
        value: Option<V>,
    ) -> Update<T, S::Next, M>
    where
        S: AfterOption,
    {
        if let Some(value) = value {
            let column: T::Column = column.into();
            self.statement.value(column, enclosed(value.into()));
        }
        Update {
            statement: self.statement,
            scope: self.scope,
            state: PhantomData,
        }
    }

    /// Sets every column of `row` but the primary key and the tenant column.
    ///
    /// Refuses a row that belongs to another organization, like [`Insert::row`]. It does not
    /// choose the rows to update: add [`where_key`](Self::where_key) for that.
    ///
    /// A struct whose every column is its key or its tenant column has nothing for `set_row`
    /// to write: calling it does not compile.
    pub fn set_row(mut self, row: &T) -> Result<Update<T, Ready, M>, TenantError>
    where
        T: RowValues,
    {
        if let Some(scope) = &self.scope {
            stamp(scope, row)?;
        }
        // The tenant column is skipped, so its value is never written.
        let values = T::COLUMNS
            .iter()
            .zip(row.__values(Expr::Keyword(Keyword::Null)))
            .filter(|(column, _)| {
                !column.eq_ignore_ascii_case(T::TENANT_COLUMN) && !T::PRIMARY_KEY.contains(column)
            })
            .map(|(column, value)| (StaticIden(column), value));
        self.statement.values(values);
        Ok(self.ready())
    }

    fn ready(self) -> Update<T, Ready, M> {
        Update {
            statement: self.statement,
            scope: self.scope,
            state: PhantomData,
        }
    }
}

impl<T: TenantScoped> Update<T, Ready> {
    returning_methods!("updated");
}

impl<T: TenantScoped, S, M> Update<T, S, M> {
    finish!(UpdateStatement where S: Writable);
}

/// A tenant-scoped `DELETE` from `T`'s table. Made by [`TenantScoped::delete`], or, without
/// the tenant predicate, [`TenantScoped::delete_unscoped`].
#[must_use = "a query builder does nothing until it is built and run"]
pub struct Delete<T, M = Scoped> {
    statement: DeleteStatement,
    /// The scope's organization; `None` for [`TenantScoped::delete_unscoped`].
    organization: Option<Value>,
    table: PhantomData<fn() -> (T, M)>,
}

impl<T: TenantScoped> Delete<T> {
    pub(crate) fn new(scope: &Scope<T::Key>) -> Self {
        Delete {
            statement: scoped::<T, _>(delete_from(&T::__TABLE), scope),
            organization: Some(scope.organization().to_value()),
            table: PhantomData,
        }
    }
}

impl<T: TenantScoped> Delete<T, AllOrganizations> {
    unscoped_nesting!();

    pub(crate) fn unscoped(unscoped: &Unscoped) -> Self {
        unscoped.log(T::TABLE, "delete");
        Delete {
            statement: delete_from(&T::__TABLE),
            organization: None,
            table: PhantomData,
        }
    }
}

impl<T: TenantScoped, M> Delete<T, M> {
    scoped_conditions!();

    pub(crate) fn owner(&self) -> Owner {
        Owner::of(self.organization.clone())
    }

    finish!(DeleteStatement);
}

impl<T: TenantScoped> Delete<T> {
    returning_methods!("deleted");
}

/// An insert, update or delete that returns the rows it wrote: made by `returning_all()` or
/// `returning(columns)` on [`Insert`], [`Update`] and [`Delete`]. It runs where the database has
/// `RETURNING`: PostgreSQL and SQLite (3.35 or later) for all three, MariaDB (10.5 or later) for
/// inserts and deletes. A returning update built for MySQL does not compile (see
/// [`StatementFor`]); MySQL itself (not MariaDB) refuses every `RETURNING` with a syntax error.
///
/// The rows it returns are the statement's own: those the tenant predicate let it change, or
/// those the insert stamped with the scope.
#[must_use = "a query builder does nothing until it is built and run"]
#[derive(Clone, Debug)]
pub struct Returning<Q> {
    statement: Q,
    /// Kept for MariaDB, whose clause sea-query's MySQL backend does not write.
    columns: Option<Vec<ColumnRef>>,
}

/// The write statements that take a `RETURNING` clause.
#[doc(hidden)]
pub trait ReturningClauseOf: Statement {
    #[doc(hidden)]
    fn set_returning(&mut self, clause: ReturningClause);
}

macro_rules! returning_clause_of {
    ($($builder:ty),*) => {
        $(
            impl<T: TenantScoped> ReturningClauseOf for $builder {
                fn set_returning(&mut self, clause: ReturningClause) {
                    self.statement.returning(clause);
                }
            }
        )*
    };
}

returning_clause_of!(Delete<T>, Insert<T, Ready>, Insert<T, Upsert>, Update<T, Ready>);

impl<Q: ReturningClauseOf> Returning<Q> {
    fn all(mut statement: Q) -> Self {
        statement.set_returning(ReturningClause::All);
        Returning {
            statement,
            columns: None,
        }
    }

    fn columns<C: IntoColumnRef>(mut statement: Q, columns: impl IntoIterator<Item = C>) -> Self {
        let columns: Vec<ColumnRef> = columns
            .into_iter()
            .map(IntoColumnRef::into_column_ref)
            .collect();
        statement.set_returning(ReturningClause::Columns(columns.clone()));
        Returning {
            statement,
            columns: Some(columns),
        }
    }

    /// The SQL for `backend` with every value bound as a placeholder.
    pub fn build<B: QueryBuilder>(&self, backend: B) -> (String, Values)
    where
        Self: StatementFor<B>,
    {
        self.build_for(backend)
    }

    /// The SQL for `backend` with values inlined, for logs and tests.
    pub fn to_string<B: QueryBuilder + Copy>(&self, backend: B) -> String
    where
        Self: StatementFor<B>,
    {
        let (sql, values) = self.build_for(backend);
        sea_query::inject_parameters(&sql, &values.0, &backend)
    }
}
