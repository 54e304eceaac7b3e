//! The join kinds of the scoped builders: [`Join`], passed to
//! [`Select::join`](crate::query::Select::join) and its siblings, and
//! [`Select::full_join`](crate::query::Select::full_join).
//!
//! sea-query's `JoinType` is not taken: its `CrossJoin` writes no `ON` at all, and the `ON` is
//! where a scoped join keeps the joined table's tenant equality and scope predicate. Every kind
//! here keeps that `ON`:
//!
//! | kind | SQL |
//! |---|---|
//! | [`Join::Inner`] | `INNER JOIN p ON p.tenant = t.tenant AND p.tenant = <scope> AND (…)` |
//! | [`Join::Left`] | `LEFT JOIN p ON …` (the same `ON`) |
//! | [`Join::Right`] | `RIGHT JOIN p ON …` |
//! | [`Join::Cross`] | `INNER JOIN p ON …`: every row of `T` with every row of `P` *of the same organization* |
//! | [`full_join`](crate::query::Select::full_join) | `FULL OUTER JOIN p ON …`: PostgreSQL and SQLite only; built for MySQL, it does not compile |
//!
//! A cross join is an inner join on the tenant equality: with [`join`](crate::query::Select::join)
//! pass `Condition::all()` for the whole product of one organization's rows; a condition or a
//! reference that the method writes stays in the `ON` with every kind.

use sea_query::{JoinType, PostgresQueryBuilder, QueryBuilder, SqliteQueryBuilder};

mod sealed {
    pub trait Sealed {}
}

/// How a scoped select joins another table. Every kind keeps an `ON` that holds the joined
/// table's tenant equality (see the [module](self)); a `FULL OUTER JOIN` is
/// [`Select::full_join`](crate::query::Select::full_join).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Join {
    /// `INNER JOIN`, with the tenant equality in its `ON`.
    Inner,
    /// `LEFT JOIN`: every row of the selected table, paired with the joined table's rows of
    /// the same organization (or with `NULL`s).
    Left,
    /// `RIGHT JOIN`: the joined table's rows of the scope's organization, paired with the
    /// selected table's rows of the same organization. (The selected table's tenant predicate
    /// in `WHERE` drops joined rows that nothing pairs with.)
    Right,
    /// Every row of the selected table with every row of the joined table *of the same
    /// organization*: written as `INNER JOIN … ON` the tenant equality, since SQL's `CROSS
    /// JOIN` has no `ON` and would pair rows of every organization.
    Cross,
}

impl Join {
    /// The SQL join this kind is written as.
    pub(crate) fn join_type(self) -> JoinType {
        match self {
            Join::Inner | Join::Cross => JoinType::InnerJoin,
            Join::Left => JoinType::LeftJoin,
            Join::Right => JoinType::RightJoin,
        }
    }
}

/// Which backends a select can be built for, given its joins: [`Portable`] or [`FullOuter`].
pub trait Reach: sealed::Sealed {
    /// The reach once another join of reach `Other` is added.
    type With<Other: Reach>: Reach;
}

/// A select with no full outer join: it builds for every backend.
#[derive(Debug)]
pub enum Portable {}
/// A select with a full outer join: it builds for PostgreSQL and SQLite, not MySQL.
#[derive(Debug)]
pub enum FullOuter {}

impl sealed::Sealed for Portable {}
impl sealed::Sealed for FullOuter {}
impl Reach for Portable {
    type With<Other: Reach> = Other;
}
impl Reach for FullOuter {
    type With<Other: Reach> = FullOuter;
}

/// A select whose joins backend `B` can write.
#[diagnostic::on_unimplemented(
    message = "a `FULL OUTER JOIN` cannot be built for `{B}`",
    label = "this select has a `full_join`, and MySQL and MariaDB have no `FULL OUTER JOIN`",
    note = "on MySQL, union a `Join::Left` select with a `Join::Right` select"
)]
pub trait JoinsOn<B: QueryBuilder>: Reach {}
impl<B: QueryBuilder> JoinsOn<B> for Portable {}
impl JoinsOn<PostgresQueryBuilder> for FullOuter {}
impl JoinsOn<SqliteQueryBuilder> for FullOuter {}
