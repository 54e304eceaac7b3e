//! The scoped statement builders.
//!
//! Each wraps a sea-query statement that already holds the tenant predicate (or, for inserts, is
//! stamped row by row). None hands out `&mut` access to that statement, and none offers
//! sea-query's `or_where` chain: the caller's conditions are ANDed beside the tenant predicate at
//! the top level of the `WHERE` clause, so they can only narrow what the scope allows.

use core::marker::PhantomData;

use sea_query::{
    ColumnName, ColumnRef, DeleteStatement, Expr, ExprTrait, InsertStatement, IntoColumnRef,
    IntoCondition, Keyword, LockType, Order, Query, QueryBuilder, SelectStatement, UpdateStatement,
    Values,
};

use crate::__private::StaticIden;
use crate::schema::table_name;
use crate::{Scope, SetColumn, TenantError, TenantKey, TenantScoped};

/// Typestate of [`Insert`] and [`Update`]: nothing to write yet, so nothing to build.
#[derive(Debug)]
pub enum Empty {}

/// Typestate of [`Insert`] and [`Update`]: at least one row or value is in; the statement can be
/// built.
#[derive(Debug)]
pub enum Ready {}

/// The typestates in which a write statement may be built.
#[diagnostic::on_unimplemented(
    message = "this statement has nothing to write yet",
    label = "it cannot be built before it has a row or a value",
    note = "an insert needs `.row(..)` or `.rows(..)`, an update needs `.set(..)` or `.set_row(..)`"
)]
pub trait Writable: sealed::Sealed {}
impl Writable for Ready {}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::Ready {}
}

/// `"table"."column"` (or `"schema"."table"."column"`): the tenant and key predicates are
/// table-qualified so that they keep their meaning whatever else a statement names.
#[doc(hidden)]
pub fn qualified<T: TenantScoped>(column: &'static str) -> ColumnRef {
    ColumnRef::Column(ColumnName(
        Some(table_name::<T>()),
        StaticIden(column).into(),
    ))
}

/// `"table"."key" = $1 [AND ...]`: one expression, so a key lookup adds no nested condition
/// (which sea-query would clone again while rendering).
fn key_filter<T: TenantScoped>(key: T::PrimaryKey) -> Expr {
    let mut filter: Option<Expr> = None;
    for (column, value) in T::PRIMARY_KEY.iter().zip(T::__key_values(key)) {
        let equal = Expr::col(qualified::<T>(column)).eq(value);
        filter = Some(match filter {
            Some(filter) => filter.and(equal),
            None => equal,
        });
    }
    // The derive refuses a struct without a primary key, so the filter always has a column.
    filter.unwrap_or_else(|| Expr::val(false))
}

fn tenant_predicate<T: TenantScoped>(scope: &Scope<T::Key>) -> Expr {
    Expr::col(qualified::<T>(T::TENANT_COLUMN)).eq(scope.organization().to_value())
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

/// `(expr)`: a caller's condition or value stays one operand whatever it holds, so an `OR` (or
/// `Expr::cust("TRUE OR TRUE")`, or a custom function name that carries `OR`) cannot be
/// read beside the tenant predicate. sea-query writes a one-element tuple as parentheses, and
/// puts none around a tuple it nests.
fn enclosed(expr: Expr) -> Expr {
    Expr::Tuple(vec![expr])
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
            sea_query::ConditionalStatement::and_where(&mut self.statement, key_filter::<T>(key));
            self
        }
    };
}

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

/// A finished scoped statement, ready to run: [`Select`], [`Delete`], and [`Insert`] and
/// [`Update`] once they have something to write. The driver modules take any `Statement`, so a
/// value never has to be bound by hand.
pub trait Statement: sealed::Sealed {
    /// The SQL for `backend` and the values to bind, as [`Select::build`] and its siblings.
    fn build_sql<B: QueryBuilder>(&self, backend: B) -> (String, Values);
}

/// The finished builders: each is a [`Statement`] (and sealed, so only they are).
macro_rules! statements {
    ($($builder:ty),*) => {
        $(
            impl<T: TenantScoped> sealed::Sealed for $builder {}

            impl<T: TenantScoped> Statement for $builder {
                fn build_sql<B: QueryBuilder>(&self, backend: B) -> (String, Values) {
                    self.statement.build(backend)
                }
            }
        )*
    };
}

statements!(Select<T>, Delete<T>, Insert<T, Ready>, Update<T, Ready>);

/// `Clone` and `Debug` without the `T: Clone`/`T: Debug` bounds a derive would add: `T` is only
/// a marker here.
macro_rules! clone_debug {
    ($builder:ident < T $(, $state:ident)? > { $($field:ident),* }) => {
        impl<T: TenantScoped $(, $state)?> Clone for $builder<T $(, $state)?> {
            fn clone(&self) -> Self {
                $builder { $($field: self.$field.clone()),* }
            }
        }

        impl<T: TenantScoped $(, $state)?> core::fmt::Debug for $builder<T $(, $state)?> {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.debug_struct(stringify!($builder))
                    .field("table", &T::TABLE)
                    .field("statement", &self.statement)
                    .finish_non_exhaustive()
            }
        }
    };
}

clone_debug!(Select<T> { statement, table });
clone_debug!(Insert<T, S> { statement, scope, state });
clone_debug!(Update<T, S> { statement, scope, state });
clone_debug!(Delete<T> { statement, table });

/// A tenant-scoped `SELECT` of every column of `T`. Made by [`TenantScoped::select`],
/// [`TenantScoped::find`] or [`for_org`](crate::for_org).
#[must_use = "a query builder does nothing until it is built and run"]
pub struct Select<T> {
    statement: SelectStatement,
    table: PhantomData<fn() -> T>,
}

impl<T: TenantScoped> Select<T> {
    pub(crate) fn new(scope: &Scope<T::Key>) -> Self {
        let mut statement = Query::select();
        statement
            .columns(T::COLUMNS.iter().map(|column| StaticIden(column)))
            .from(table_name::<T>())
            .and_where(tenant_predicate::<T>(scope));
        Select {
            statement,
            table: PhantomData,
        }
    }

    scoped_conditions!();

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

    /// Sets `LIMIT`.
    pub fn limit(mut self, limit: u64) -> Self {
        self.statement.limit(limit);
        self
    }

    /// Sets `OFFSET`.
    pub fn offset(mut self, offset: u64) -> Self {
        self.statement.offset(offset);
        self
    }

    /// `SELECT DISTINCT`.
    pub fn distinct(mut self) -> Self {
        self.statement.distinct();
        self
    }

    /// Locks the selected rows (`FOR UPDATE` and friends; ignored by SQLite).
    pub fn lock(mut self, lock: LockType) -> Self {
        self.statement.lock(lock);
        self
    }

    finish!(SelectStatement);
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
        let mut statement = Query::insert();
        statement
            .into_table(table_name::<T>())
            .columns(T::COLUMNS.iter().map(|column| StaticIden(column)));
        Insert {
            statement,
            scope: scope.clone(),
            state: PhantomData,
        }
    }
}

impl<T: TenantScoped, S> Insert<T, S> {
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
        let mut added = false;
        for row in rows {
            self.push(row)?;
            added = true;
        }
        if !added {
            return Err(TenantError::NoRows { table: T::TABLE });
        }
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

impl<T: TenantScoped, S> Insert<T, S> {
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
pub struct Update<T: TenantScoped, S = Ready> {
    statement: UpdateStatement,
    scope: Scope<T::Key>,
    state: PhantomData<fn() -> S>,
}

impl<T: TenantScoped> Update<T, Empty> {
    pub(crate) fn new(scope: &Scope<T::Key>) -> Self {
        let mut statement = Query::update();
        statement
            .table(table_name::<T>())
            .and_where(tenant_predicate::<T>(scope));
        Update {
            statement,
            scope: scope.clone(),
            state: PhantomData,
        }
    }
}

impl<T: TenantScoped, S> Update<T, S> {
    scoped_conditions!();

    /// `SET column = value`. The tenant column is not a [`SetColumn`]: setting it does not
    /// compile.
    ///
    /// The value is written in parentheses of its own, so that text in it cannot run on into
    /// the `WHERE` clause.
    pub fn set(mut self, column: impl SetColumn<T>, value: impl Into<Expr>) -> Update<T, Ready> {
        let column: T::Column = column.into();
        self.statement.value(column, enclosed(value.into()));
        self.ready()
    }

    /// Sets every column of `row` but the primary key and the tenant column.
    ///
    /// Refuses a row that belongs to another organization, like [`Insert::row`]. It does not
    /// choose the rows to update: add [`where_key`](Self::where_key) for that.
    ///
    /// A struct whose every column is its key or its tenant column has nothing for `set_row`
    /// to write: calling it does not compile.
    pub fn set_row(mut self, row: &T) -> Result<Update<T, Ready>, TenantError>
    where
        T: RowValues,
    {
        stamp(&self.scope, row)?;
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

    fn ready(self) -> Update<T, Ready> {
        Update {
            statement: self.statement,
            scope: self.scope,
            state: PhantomData,
        }
    }
}

impl<T: TenantScoped, S> Update<T, S> {
    finish!(UpdateStatement where S: Writable);
}

/// A tenant-scoped `DELETE` from `T`'s table. Made by [`TenantScoped::delete`].
#[must_use = "a query builder does nothing until it is built and run"]
pub struct Delete<T> {
    statement: DeleteStatement,
    table: PhantomData<fn() -> T>,
}

impl<T: TenantScoped> Delete<T> {
    pub(crate) fn new(scope: &Scope<T::Key>) -> Self {
        let mut statement = Query::delete();
        statement
            .from_table(table_name::<T>())
            .and_where(tenant_predicate::<T>(scope));
        Delete {
            statement,
            table: PhantomData,
        }
    }

    scoped_conditions!();

    finish!(DeleteStatement);
}
