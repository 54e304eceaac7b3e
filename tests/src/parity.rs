//! The statements the benchmark compares: each built through a scoped builder and, identically,
//! by hand with sea-query. `tests/bench_parity.rs` asserts the pairs render the same SQL and
//! values; `benches/builders.rs` times them. The hand-built statements write the caller's
//! conditions and values in parentheses, as the builders do, so that the pairs are identical.

use tenant_core::sea_query::{
    Condition, Expr, ExprTrait, JoinType, OnConflict, Order, PostgresQueryBuilder, Query, Values,
};
use tenant_core::uuid::Uuid;
use tenant_core::{Scope, TenantScoped};

use crate::{Member, MemberIden, Project, ProjectIden};

/// A statement built both ways.
pub struct Case {
    pub name: &'static str,
    pub scoped: fn(&Scope, &Project) -> (String, Values),
    pub by_hand: fn(&Scope, &Project) -> (String, Values),
}

pub const CASES: [Case; 6] = [
    Case {
        name: "select",
        scoped: select_scoped,
        by_hand: select_by_hand,
    },
    Case {
        name: "insert",
        scoped: insert_scoped,
        by_hand: insert_by_hand,
    },
    Case {
        name: "update",
        scoped: update_scoped,
        by_hand: update_by_hand,
    },
    Case {
        name: "delete",
        scoped: delete_scoped,
        by_hand: delete_by_hand,
    },
    Case {
        name: "join",
        scoped: join_scoped,
        by_hand: join_by_hand,
    },
    Case {
        name: "upsert",
        scoped: upsert_scoped,
        by_hand: upsert_by_hand,
    },
];

pub fn sample() -> (Scope, Project) {
    let org = Uuid::from_u128(0xA);
    let scope = Scope::new(org).expect("not nil");
    (scope, Project::new(0x1, org, "roadmap", false))
}

fn tenant(scope: &Scope) -> Expr {
    Expr::col((ProjectIden::Table, ProjectIden::OrganizationId)).eq(*scope.organization())
}

fn select_scoped(scope: &Scope, _: &Project) -> (String, Values) {
    Project::select(scope)
        .and_where(Expr::col(ProjectIden::Archived).eq(false))
        .and_where(Expr::col(ProjectIden::Name).like("road%"))
        .cond_where(
            Condition::any()
                .add(Expr::col(ProjectIden::Id).is_not_null())
                .add(Expr::col(ProjectIden::Name).eq("x")),
        )
        .order_by(ProjectIden::Name, Order::Asc)
        .limit(10)
        .build(PostgresQueryBuilder)
}

fn select_by_hand(scope: &Scope, _: &Project) -> (String, Values) {
    Query::select()
        .column(ProjectIden::Id)
        .column(ProjectIden::OrganizationId)
        .column(ProjectIden::Name)
        .column(ProjectIden::Archived)
        .from(ProjectIden::Table)
        .and_where(tenant(scope))
        .and_where(Expr::tuple([Expr::col(ProjectIden::Archived).eq(false)]))
        .and_where(Expr::tuple([Expr::col(ProjectIden::Name).like("road%")]))
        .and_where(Expr::tuple([Expr::from(
            Condition::any()
                .add(Expr::col(ProjectIden::Id).is_not_null())
                .add(Expr::col(ProjectIden::Name).eq("x")),
        )]))
        .order_by(ProjectIden::Name, Order::Asc)
        .limit(10)
        .build(PostgresQueryBuilder)
}

fn insert_scoped(scope: &Scope, row: &Project) -> (String, Values) {
    match Project::insert(scope).row(row) {
        Ok(insert) => insert.build(PostgresQueryBuilder),
        Err(error) => panic!("the sample row is the scope's: {error}"),
    }
}

fn insert_by_hand(scope: &Scope, row: &Project) -> (String, Values) {
    Query::insert()
        .into_table(ProjectIden::Table)
        .columns(["id", "organization_id", "name", "is_archived"])
        .values_panic([
            row.id.into(),
            (*scope.organization()).into(),
            row.name.clone().into(),
            row.archived.into(),
        ])
        .build(PostgresQueryBuilder)
}

fn update_scoped(scope: &Scope, row: &Project) -> (String, Values) {
    Project::update(scope)
        .set(ProjectIden::Name, "renamed")
        .set(ProjectIden::Archived, true)
        .where_key(row.id)
        .build(PostgresQueryBuilder)
}

fn update_by_hand(scope: &Scope, row: &Project) -> (String, Values) {
    Query::update()
        .table(ProjectIden::Table)
        .value(ProjectIden::Name, Expr::tuple([Expr::val("renamed")]))
        .value(ProjectIden::Archived, Expr::tuple([Expr::val(true)]))
        .and_where(tenant(scope))
        .and_where(Expr::col((ProjectIden::Table, ProjectIden::Id)).eq(row.id))
        .build(PostgresQueryBuilder)
}

fn delete_scoped(scope: &Scope, row: &Project) -> (String, Values) {
    Project::delete(scope)
        .and_where(Expr::col(ProjectIden::Archived).eq(true))
        .where_key(row.id)
        .build(PostgresQueryBuilder)
}

fn delete_by_hand(scope: &Scope, row: &Project) -> (String, Values) {
    Query::delete()
        .from_table(ProjectIden::Table)
        .and_where(tenant(scope))
        .and_where(Expr::tuple([Expr::col(ProjectIden::Archived).eq(true)]))
        .and_where(Expr::col((ProjectIden::Table, ProjectIden::Id)).eq(row.id))
        .build(PostgresQueryBuilder)
}

fn join_scoped(scope: &Scope, _: &Project) -> (String, Values) {
    Member::select(scope)
        .join_referenced::<Project>(tenant_core::Join::Left)
        .and_where(Expr::col((ProjectIden::Table, ProjectIden::Archived)).eq(false))
        .order_by((MemberIden::Table, MemberIden::Email), Order::Asc)
        .limit(10)
        .build(PostgresQueryBuilder)
}

fn join_by_hand(scope: &Scope, _: &Project) -> (String, Values) {
    let org = *scope.organization();
    Query::select()
        .column((MemberIden::Table, MemberIden::Id))
        .column((MemberIden::Table, MemberIden::OrganizationId))
        .column((MemberIden::Table, MemberIden::Email))
        .column((MemberIden::Table, MemberIden::ProjectId))
        .from(MemberIden::Table)
        .join(
            JoinType::LeftJoin,
            ProjectIden::Table,
            Expr::col((ProjectIden::Table, ProjectIden::OrganizationId))
                .equals((MemberIden::Table, MemberIden::OrganizationId))
                .and(Expr::col((ProjectIden::Table, ProjectIden::OrganizationId)).eq(org))
                .and(
                    Expr::col((ProjectIden::Table, ProjectIden::Id))
                        .equals((MemberIden::Table, MemberIden::ProjectId)),
                ),
        )
        .and_where(Expr::col((MemberIden::Table, MemberIden::OrganizationId)).eq(org))
        .and_where(Expr::tuple([Expr::col((
            ProjectIden::Table,
            ProjectIden::Archived,
        ))
        .eq(false)]))
        .order_by((MemberIden::Table, MemberIden::Email), Order::Asc)
        .limit(10)
        .build(PostgresQueryBuilder)
}

fn upsert_scoped(scope: &Scope, row: &Project) -> (String, Values) {
    match Project::insert(scope).row(row) {
        Ok(insert) => insert
            .on_conflict_update([ProjectIden::Name, ProjectIden::Archived])
            .build(PostgresQueryBuilder),
        Err(error) => panic!("the sample row is the scope's: {error}"),
    }
}

fn upsert_by_hand(scope: &Scope, row: &Project) -> (String, Values) {
    Query::insert()
        .into_table(ProjectIden::Table)
        .columns(["id", "organization_id", "name", "is_archived"])
        .values_panic([
            row.id.into(),
            (*scope.organization()).into(),
            row.name.clone().into(),
            row.archived.into(),
        ])
        .on_conflict(
            OnConflict::columns(["organization_id", "id"])
                .update_columns([ProjectIden::Name, ProjectIden::Archived])
                .action_and_where(
                    Expr::col((ProjectIden::Table, ProjectIden::OrganizationId))
                        .equals(("excluded", "organization_id")),
                )
                .to_owned(),
        )
        .build(PostgresQueryBuilder)
}
