//! Tables that belong to no organization: plans, countries, feature flags.
//!
//! `#[derive(GlobalTable)]` gives such a struct what `TenantScoped` gives a tenant table — the
//! column enum `<Struct>Iden`, [`create_table`](GlobalTable::create_table) and builders — but
//! its builders take no scope, because there is nothing to scope. A global table joins a scoped
//! select with [`Select::join_global`](crate::query::Select::join_global), the only join
//! without a tenant equality.
//!
//! The derive refuses a struct with a tenant column (`organization_id`): a table whose rows
//! belong to organizations is a `TenantScoped` one, and declaring it global would drop every
//! predicate.
//!
//! ```
//! use tenant_core::{GlobalTable, Scope, TenantScoped, uuid::Uuid};
//! use tenant_core::sea_query::{Expr, ExprTrait, SqliteQueryBuilder};
//! use tenant_core::Join;
//!
//! #[derive(GlobalTable)]
//! struct Plan {
//!     id: Uuid,
//!     name: String,
//!     monthly_cents: i64,
//! }
//!
//! #[derive(TenantScoped)]
//! struct Subscription {
//!     id: Uuid,
//!     organization_id: Uuid,
//!     plan_id: Uuid,
//! }
//!
//! let (sql, _) = Plan::select().and_where(Expr::col(PlanIden::MonthlyCents).lt(1000)).build(SqliteQueryBuilder);
//! assert_eq!(sql, r#"SELECT "id", "name", "monthly_cents" FROM "plans" WHERE "monthly_cents" < ?"#);
//!
//! let scope = Scope::new(Uuid::from_u128(1))?;
//! let (sql, _) = Subscription::select(&scope)
//!     .join_global::<Plan>(
//!         Join::Inner,
//!         Expr::col((PlanIden::Table, PlanIden::Id)).equals((SubscriptionIden::Table, SubscriptionIden::PlanId)),
//!     )
//!     .column((PlanIden::Table, PlanIden::Name))
//!     .build(SqliteQueryBuilder);
//! assert_eq!(
//!     sql,
//!     r#"SELECT "plans"."name" FROM "subscriptions" INNER JOIN "plans" ON ("plans"."id" = "subscriptions"."plan_id") WHERE "subscriptions"."organization_id" = ?"#
//! );
//! # Ok::<(), tenant_core::TenantError>(())
//! ```

use core::marker::PhantomData;

use sea_query::IndexCreateStatement;
use sea_query::{
    Asterisk, DeleteStatement, Expr, ExprTrait, Iden, InsertStatement, IntoColumnRef,
    IntoCondition, IntoIden, Order, QueryBuilder, SelectStatement, TableCreateStatement,
    UpdateStatement, Value, Values,
};

use crate::TenantError;
use crate::query::{
    Empty, Projection, Ready, Writable, delete_from, insert_into, push_rows, select_from, update_of,
};
use crate::schema::TableInfo;

/// A table whose rows belong to no organization. Derive it; do not implement it by hand.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a global table",
    label = "`{Self}` does not derive `GlobalTable`",
    note = "add `#[derive(tenant_core::GlobalTable)]` to `{Self}` if its rows belong to no organization; a table with a tenant column derives `TenantScoped`"
)]
pub trait GlobalTable: Sized {
    /// The generated column enum, `<Struct>Iden`: `Table` and one variant per column.
    type Column: Iden + Copy + 'static;

    /// The primary key: the key field's type, or a tuple of the key fields' types.
    type PrimaryKey;

    /// What the derive knows of the table (its tenant column is empty).
    #[doc(hidden)]
    const __TABLE: TableInfo;

    /// The table name, without schema.
    const TABLE: &'static str = Self::__TABLE.name;

    /// The schema of `#[tenant(table = "schema.table")]`, if one was given.
    const SCHEMA: Option<&'static str> = Self::__TABLE.schema;

    /// Every column, in field order.
    const COLUMNS: &'static [&'static str];

    /// The primary-key columns, in field order.
    const PRIMARY_KEY: &'static [&'static str] = Self::__TABLE.primary_key;

    /// `[Value; number of key columns]`.
    #[doc(hidden)]
    type __KeyValues: IntoIterator<Item = Value>;

    /// The key's values, in [`PRIMARY_KEY`](Self::PRIMARY_KEY) order.
    #[doc(hidden)]
    fn __key_values(key: Self::PrimaryKey) -> Self::__KeyValues;

    /// The value of every column, in [`COLUMNS`](Self::COLUMNS) order.
    #[doc(hidden)]
    fn __values(&self) -> Vec<Expr>;

    /// This row's primary key.
    fn primary_key(&self) -> Self::PrimaryKey;

    /// `SELECT <every column> FROM <table>`.
    fn select() -> Select<Self> {
        Select::new()
    }

    /// The row with this primary key.
    fn find(key: Self::PrimaryKey) -> Select<Self> {
        Select::new().where_key(key)
    }

    /// `INSERT INTO <table>`.
    fn insert() -> Insert<Self, Empty> {
        Insert::new()
    }

    /// `UPDATE <table>`.
    fn update() -> Update<Self, Empty> {
        Update::new()
    }

    /// `DELETE FROM <table>`.
    fn delete() -> Delete<Self> {
        Delete::new()
    }

    /// `CREATE TABLE`: a column per field, the primary key, and `UNIQUE (...)` for every
    /// `#[tenant(unique)]` field and `unique = "..."` list.
    fn create_table() -> TableCreateStatement {
        crate::schema::create_global_table::<Self>()
    }

    /// `CREATE INDEX` for every `#[tenant(index = "...")]` list, named `<table>_<columns>_idx`.
    fn create_indexes() -> Vec<IndexCreateStatement> {
        crate::schema::create_global_indexes::<Self>()
    }
}

pub(crate) fn table_name<G: GlobalTable>() -> sea_query::TableName {
    G::__TABLE.table_name()
}

macro_rules! conditions {
    () => {
        /// ANDs `condition` into the `WHERE` clause.
        pub fn and_where(mut self, condition: Expr) -> Self {
            sea_query::ConditionalStatement::and_where(&mut self.statement, condition);
            self
        }

        /// ANDs `condition`, if there is one.
        pub fn and_where_option(self, condition: Option<Expr>) -> Self {
            match condition {
                Some(condition) => self.and_where(condition),
                None => self,
            }
        }

        /// ANDs `condition` into the `WHERE` clause.
        pub fn cond_where(mut self, condition: impl IntoCondition) -> Self {
            sea_query::ConditionalStatement::cond_where(&mut self.statement, condition);
            self
        }

        /// ANDs `primary key = key`.
        pub fn where_key(mut self, key: G::PrimaryKey) -> Self {
            // A global table always has a key: the derive refuses one without.
            let filter = G::__TABLE.key_filter(G::__key_values(key));
            sea_query::ConditionalStatement::and_where(
                &mut self.statement,
                filter.unwrap_or_else(|| Expr::val(false)),
            );
            self
        }
    };
}

use crate::query::finish;

/// A `SELECT` from a global table. Made by [`GlobalTable::select`] or [`GlobalTable::find`].
#[must_use = "a query builder does nothing until it is built and run"]
pub struct Select<G> {
    statement: SelectStatement,
    projection: Projection,
    table: PhantomData<fn() -> G>,
}

impl<G: GlobalTable> Select<G> {
    fn new() -> Self {
        #[cfg(feature = "audit")]
        crate::audit::refuse_tenant_table::<G>();
        Select {
            statement: select_from(&G::__TABLE),
            projection: Projection::Default,
            table: PhantomData,
        }
    }

    conditions!();

    crate::query::select_methods!();

    /// The finished select, to nest in another statement.
    pub fn into_sub_query(self) -> SelectStatement {
        self.statement
    }

    finish!(SelectStatement);
}

/// An `INSERT` into a global table. Made by [`GlobalTable::insert`]; it can be built once it has
/// a row.
#[must_use = "a query builder does nothing until it is built and run"]
pub struct Insert<G, S = Ready> {
    statement: InsertStatement,
    state: PhantomData<fn() -> (G, S)>,
}

impl<G: GlobalTable> Insert<G, Empty> {
    fn new() -> Self {
        #[cfg(feature = "audit")]
        crate::audit::refuse_tenant_table::<G>();
        Insert {
            statement: insert_into(&G::__TABLE),
            state: PhantomData,
        }
    }
}

impl<G: GlobalTable, S> Insert<G, S> {
    /// Adds `row`.
    pub fn row(mut self, row: &G) -> Insert<G, Ready> {
        // The derive writes one value per column of `G::COLUMNS`, so the counts always agree.
        self.statement.values_panic(row.__values());
        self.ready()
    }

    /// Adds every row of `rows`; an empty list is [`TenantError::NoRows`].
    pub fn rows<'r>(
        mut self,
        rows: impl IntoIterator<Item = &'r G>,
    ) -> Result<Insert<G, Ready>, TenantError>
    where
        G: 'r,
    {
        push_rows(G::TABLE, rows, |row| {
            self.statement.values_panic(row.__values());
            Ok(())
        })?;
        Ok(self.ready())
    }

    fn ready(self) -> Insert<G, Ready> {
        Insert {
            statement: self.statement,
            state: PhantomData,
        }
    }

    finish!(InsertStatement where S: Writable);
}

/// An `UPDATE` of a global table. Made by [`GlobalTable::update`]; it can be built once it sets
/// a value.
#[must_use = "a query builder does nothing until it is built and run"]
pub struct Update<G, S = Ready> {
    statement: UpdateStatement,
    state: PhantomData<fn() -> (G, S)>,
}

impl<G: GlobalTable> Update<G, Empty> {
    fn new() -> Self {
        #[cfg(feature = "audit")]
        crate::audit::refuse_tenant_table::<G>();
        Update {
            statement: update_of(&G::__TABLE),
            state: PhantomData,
        }
    }
}

impl<G: GlobalTable, S> Update<G, S> {
    conditions!();

    /// `SET column = value`.
    pub fn set(mut self, column: G::Column, value: impl Into<Expr>) -> Update<G, Ready> {
        self.statement.value(column, value.into());
        Update {
            statement: self.statement,
            state: PhantomData,
        }
    }

    finish!(UpdateStatement where S: Writable);
}

/// A `DELETE` from a global table. Made by [`GlobalTable::delete`].
#[must_use = "a query builder does nothing until it is built and run"]
pub struct Delete<G> {
    statement: DeleteStatement,
    table: PhantomData<fn() -> G>,
}

impl<G: GlobalTable> Delete<G> {
    fn new() -> Self {
        #[cfg(feature = "audit")]
        crate::audit::refuse_tenant_table::<G>();
        Delete {
            statement: delete_from(&G::__TABLE),
            table: PhantomData,
        }
    }

    conditions!();

    finish!(DeleteStatement);
}

crate::query::global_statements!(Select<G>, Delete<G>, Insert<G, Ready>, Update<G, Ready>);

crate::query::clone_debug!(GlobalTable: Select<G> { statement, projection, table });
crate::query::clone_debug!(GlobalTable: Insert<G, S> { statement, state });
crate::query::clone_debug!(GlobalTable: Update<G, S> { statement, state });
crate::query::clone_debug!(GlobalTable: Delete<G> { statement, table });
