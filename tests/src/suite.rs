//! The isolation suite: organization A's scope never reads, changes or deletes another
//! organization's rows. Each function takes a fresh [`Db`] holding [`seed_rows`] and tries to
//! break that, then checks the table itself with SQL that bypasses the builders.
//! [`isolation_suite!`](crate::isolation_suite) makes one `#[test]` of each per database.

use tenant_core::sea_query::{ColumnRef, Condition, Expr, ExprTrait, Func, IntoColumnRef, Order};
use tenant_core::uuid::Uuid;
use tenant_core::{Scope, TenantError, TenantScoped};

use crate::backends::{Db, compact};
use crate::{
    Member, MemberIden, ORG_A, ORG_B, Project, ProjectIden, SEED_TASKS, Status, StatusIden, Task,
    TaskIden, names, seed_rows,
};

/// One `#[test]` per suite function, on the database `$open` returns; `ignore = "..."` marks
/// them all `#[ignore]` (the server-backed databases).
#[macro_export]
macro_rules! isolation_suite {
    ($open:expr, ignore = $reason:literal) => {
        $crate::isolation_suite!(@tests $open; ignore = $reason);
    };
    ($open:expr) => {
        // An attribute that changes nothing, so both arms share one list.
        $crate::isolation_suite!(@tests $open; cfg(all()));
    };
    (@tests $open:expr; $attribute:meta) => {
        $crate::isolation_suite!(
            @each $open; $attribute;
            for_org_only_returns_rows_for_the_active_organization,
            select_sees_only_its_organization,
            or_conditions_cannot_reach_past_the_scope,
            and_where_and_cond_where_mix_in_any_order,
            an_empty_any_condition_matches_no_rows,
            find_does_not_find_another_organizations_row,
            insert_stamps_the_scopes_organization,
            insert_refuses_a_row_of_another_organization,
            update_changes_only_its_organizations_rows,
            set_row_writes_every_column_but_the_keys,
            delete_removes_only_its_organizations_rows,
            hostile_strings_are_bound_as_values_and_read_back_unchanged,
            tenant_scoped_uniqueness_and_references,
            caller_text_stays_in_its_parentheses,
            joins_pair_rows_of_the_same_organization_only,
            every_join_kind_keeps_the_tenant_equality,
            huge_limits_offsets_and_unsigned_values_never_panic,
            counts_and_groups_count_only_the_scope,
            scoped_sub_queries_and_unions,
            upserts_never_touch_another_organizations_row,
            unscoped_reads_every_organization,
            global_tables_join_without_widening_the_scope,
            optional_updates_and_projections_beside_the_defaults,
        );
    };
    (@each $open:expr; $attribute:meta; $($name:ident),* $(,)?) => {
        $(
            #[test]
            #[$attribute]
            fn $name() {
                let mut db = $open;
                $crate::suite::$name(&mut db);
            }
        )*
    };
}

fn scope_a() -> Scope {
    Scope::new(ORG_A).expect("org A is not nil")
}

fn rows_of(db: &mut impl Db, org: Uuid) -> Vec<Project> {
    db.all_rows()
        .into_iter()
        .filter(|row| row.organization_id == org)
        .collect()
}

fn sorted(mut rows: Vec<Project>) -> Vec<Project> {
    rows.sort_by_key(|row| row.id);
    rows
}

/// Sigra's regression test, ported: "for_org/2 only returns rows for the active organization".
pub fn for_org_only_returns_rows_for_the_active_organization(db: &mut impl Db) {
    let projects = db.fetch(
        &tenant_core::for_org::<Project>(&scope_a())
            .and_where(Expr::col(ProjectIden::Archived).eq(false)),
    );
    assert_eq!(names(&projects), ["visible"]);
    assert!(projects.iter().all(|row| row.organization_id == ORG_A));
}

pub fn select_sees_only_its_organization(db: &mut impl Db) {
    let projects = db.fetch(&Project::select(&scope_a()).order_by(ProjectIden::Name, Order::Asc));
    assert_eq!(names(&projects), ["a-archived", "visible"]);
}

pub fn or_conditions_cannot_reach_past_the_scope(db: &mut impl Db) {
    let scope = scope_a();
    let attempts = [
        // An OR that is true for every row.
        Condition::any()
            .add(Expr::col(ProjectIden::Name).eq("hidden"))
            .add(Expr::col(ProjectIden::Name).is_not_null()),
        // An OR naming the other organization's id outright.
        Condition::any()
            .add(Expr::col(ProjectIden::OrganizationId).eq(ORG_B))
            .add(Expr::col(ProjectIden::Archived).eq(true)),
        // A negated condition, which must not negate the tenant predicate.
        Condition::all()
            .not()
            .add(Expr::col(ProjectIden::Name).eq("nothing")),
    ];
    for attempt in attempts {
        let rows = db.fetch(&Project::select(&scope).cond_where(attempt.clone()));
        assert!(!rows.is_empty(), "{attempt:?} should match org A's rows");
        assert!(
            rows.iter().all(|row| row.organization_id == ORG_A),
            "{attempt:?} leaked {rows:?}"
        );
    }
    // An OR inside a plain expression passed to `and_where`.
    let rows = db.fetch(
        &Project::select(&scope).and_where(
            Expr::col(ProjectIden::Name)
                .eq("hidden")
                .or(Expr::col(ProjectIden::Name).eq("visible")),
        ),
    );
    assert_eq!(names(&rows), ["visible"]);
    // Asking for the other organization's rows by their tenant column finds nothing.
    let rows = db.fetch(
        &Project::select(&scope).and_where(Expr::col(ProjectIden::OrganizationId).eq(ORG_B)),
    );
    assert_eq!(rows, []);
}

pub fn and_where_and_cond_where_mix_in_any_order(db: &mut impl Db) {
    let rows = db.fetch(
        &Project::select(&scope_a())
            .and_where(Expr::col(ProjectIden::Archived).eq(false))
            .cond_where(
                Condition::any()
                    .add(Expr::col(ProjectIden::Name).eq("visible"))
                    .add(Expr::col(ProjectIden::Name).eq("hidden")),
            )
            .and_where(Expr::col(ProjectIden::Name).like("vis%")),
    );
    assert_eq!(names(&rows), ["visible"]);
}

pub fn an_empty_any_condition_matches_no_rows(db: &mut impl Db) {
    let select = Project::select(&scope_a()).cond_where(Condition::any());
    assert_eq!(db.fetch(&select), []);
    let delete = Project::delete(&scope_a()).cond_where(Condition::any());
    assert_eq!(db.execute(&delete), 0);
    let update = Project::update(&scope_a())
        .set(ProjectIden::Name, "x")
        .cond_where(Condition::any());
    assert_eq!(db.execute(&update), 0);
    assert_eq!(db.all_rows(), sorted(seed_rows()));
}

pub fn find_does_not_find_another_organizations_row(db: &mut impl Db) {
    let own = db.fetch(&Project::find(&scope_a(), Uuid::from_u128(0xA1)));
    assert_eq!(names(&own), ["visible"]);
    let foreign = db.fetch(&Project::find(&scope_a(), Uuid::from_u128(0xB1)));
    assert_eq!(
        foreign,
        [],
        "another organization's row is not found, not forbidden"
    );
}

pub fn insert_stamps_the_scopes_organization(db: &mut impl Db) {
    let unstamped = Project::new(0xA3, Uuid::nil(), "new", false);
    let stamped = Project::new(0xA4, ORG_A, "also new", false);
    let insert = Project::insert(&scope_a())
        .row(&unstamped)
        .and_then(|insert| insert.row(&stamped))
        .expect("rows of the scope's organization or nil are accepted");
    assert_eq!(db.execute(&insert), 2);
    let new: Vec<Project> = rows_of(db, ORG_A)
        .into_iter()
        .filter(|row| row.id == unstamped.id || row.id == stamped.id)
        .collect();
    assert_eq!(names(&new), ["also new", "new"]);
}

pub fn insert_refuses_a_row_of_another_organization(db: &mut impl Db) {
    let foreign = Project::new(0xA5, ORG_B, "smuggled", false);
    let refused = Project::insert(&scope_a()).row(&foreign).err();
    let foreign_error = Some(TenantError::ForeignOrganization { table: "projects" });
    assert_eq!(refused, foreign_error);
    let mixed = [
        Project::new(0xA6, ORG_A, "fine", false),
        Project::new(0xA7, ORG_B, "smuggled", false),
    ];
    assert_eq!(
        Project::insert(&scope_a()).rows(&mixed).err(),
        foreign_error
    );
    let empty: [Project; 0] = [];
    let refused = Project::insert(&scope_a()).rows(&empty).err();
    assert_eq!(refused, Some(TenantError::NoRows { table: "projects" }));
    assert_eq!(db.all_rows(), sorted(seed_rows()), "nothing was written");
}

pub fn update_changes_only_its_organizations_rows(db: &mut impl Db) {
    // No condition at all: every row of the scope, none of any other organization.
    let update = Project::update(&scope_a()).set(ProjectIden::Name, "renamed");
    assert_eq!(db.execute(&update), 2);
    assert_eq!(names(&rows_of(db, ORG_A)), ["renamed", "renamed"]);
    assert_eq!(names(&rows_of(db, ORG_B)), ["b-archived", "hidden"]);

    // Aimed at another organization's row by key, with an OR: nothing changes.
    let update = Project::update(&scope_a())
        .set(ProjectIden::Name, "pwned")
        .cond_where(
            Condition::any()
                .add(Expr::col(ProjectIden::Id).eq(Uuid::from_u128(0xB1)))
                .add(Expr::col(ProjectIden::OrganizationId).eq(ORG_B)),
        );
    assert_eq!(db.execute(&update), 0);
    let update = Project::update(&scope_a())
        .set(ProjectIden::Name, "pwned")
        .where_key(Uuid::from_u128(0xB1));
    assert_eq!(db.execute(&update), 0);
    assert!(db.all_rows().iter().all(|row| row.name != "pwned"));
}

pub fn set_row_writes_every_column_but_the_keys(db: &mut impl Db) {
    let mut row = Project::new(0xA1, Uuid::nil(), "from struct", true);
    row.cached_label = Some("never written".into());
    let update = Project::update(&scope_a())
        .set_row(&row)
        .expect("a nil tenant is the scope's")
        .where_key(row.primary_key());
    assert_eq!(db.execute(&update), 1);
    let stored = db.fetch(&Project::find(&scope_a(), row.id));
    let expected = Project {
        organization_id: ORG_A,
        cached_label: None,
        ..row.clone()
    };
    assert_eq!(stored, [expected]);

    // The same row claiming to be org B's is refused before anything is built.
    row.organization_id = ORG_B;
    let refused = Project::update(&scope_a()).set_row(&row).err();
    assert_eq!(
        refused,
        Some(TenantError::ForeignOrganization { table: "projects" })
    );
    // And org B's scope cannot reach org A's row with it.
    let scope_b = Scope::new(ORG_B).expect("org B is not nil");
    let update = Project::update(&scope_b)
        .set_row(&row)
        .expect("org B's row under org B's scope")
        .where_key(row.id);
    assert_eq!(db.execute(&update), 0);
    assert_eq!(
        db.fetch(&Project::find(&scope_a(), row.id))[0].name,
        "from struct"
    );
}

pub fn delete_removes_only_its_organizations_rows(db: &mut impl Db) {
    let aimed = Project::delete(&scope_a()).where_key(Uuid::from_u128(0xB1));
    assert_eq!(db.execute(&aimed), 0);
    let aimed = Project::delete(&scope_a()).cond_where(
        Condition::any()
            .add(Expr::col(ProjectIden::OrganizationId).eq(ORG_B))
            .add(Expr::col(ProjectIden::Name).is_not_null()),
    );
    assert_eq!(db.execute(&aimed), 2, "only org A's two rows");
    assert_eq!(rows_of(db, ORG_A), []);
    assert_eq!(names(&db.all_rows()), ["b-archived", "hidden", "other"]);
}

pub fn hostile_strings_are_bound_as_values_and_read_back_unchanged(db: &mut impl Db) {
    let hostile = [
        "'; DROP TABLE projects; --",
        "Robert'); DELETE FROM projects WHERE ('1'='1",
        "\" OR \"1\"=\"1",
        "' OR organization_id IS NOT NULL --",
        "back\\slash \\' \\\" %_ wildcards",
        "Ünïcødé 🚀 名前 עִבְרִית",
        "\u{1}\u{2}\u{7f}\u{1b}[31m binary-ish \u{fffd}\t\r\n",
    ];
    let rows: Vec<Project> = hostile
        .iter()
        .enumerate()
        .map(|(index, name)| Project::new(0xF00 + index as u128, Uuid::nil(), name, false))
        .collect();
    let insert = Project::insert(&scope_a())
        .rows(&rows)
        .expect("rows are org A's");
    assert_eq!(db.execute(&insert), hostile.len() as u64);
    for row in &rows {
        let found = db.fetch(
            &Project::select(&scope_a())
                .and_where(Expr::col(ProjectIden::Name).eq(row.name.as_str())),
        );
        assert_eq!(
            names(&found),
            [row.name.as_str()],
            "searching by the hostile string"
        );
        let found = db.fetch(&Project::find(&scope_a(), row.id));
        assert_eq!(found[0].name, row.name, "read back unchanged");
    }
    // The table and the other organizations' rows are intact.
    assert_eq!(names(&rows_of(db, ORG_B)), ["b-archived", "hidden"]);
    assert_eq!(db.all_rows().len(), seed_rows().len() + hostile.len());
}

/// `#[tenant(unique)]` is unique within an organization, not across them, and
/// `#[tenant(references = "Project")]` cannot point at another organization's project.
pub fn tenant_scoped_uniqueness_and_references(db: &mut impl Db) {
    let scope_b = Scope::new(ORG_B).expect("org B is not nil");
    let member = |id: u128, email: &str, project: Option<u128>| Member {
        id: Uuid::from_u128(id),
        organization_id: Uuid::nil(),
        email: email.to_owned(),
        project_id: project.map(Uuid::from_u128),
    };
    let insert = |scope: &Scope, row: &Member| {
        Member::insert(scope)
            .row(row)
            .expect("rows are stamped with the scope's organization")
    };

    assert_eq!(
        db.execute(&insert(
            &scope_a(),
            &member(1, "ada@example.com", Some(0xA1))
        )),
        1
    );
    // The same email in another organization is another person.
    assert_eq!(
        db.execute(&insert(&scope_b, &member(2, "ada@example.com", None))),
        1
    );
    // Twice in one organization is refused by the database.
    let twice = db.try_execute(&insert(&scope_a(), &member(3, "ada@example.com", None)));
    assert!(twice.is_err(), "duplicate email within org A was accepted");
    // Org A's member cannot point at org B's project, though the project exists.
    let cross = db.try_execute(&insert(
        &scope_a(),
        &member(4, "bob@example.com", Some(0xB1)),
    ));
    assert!(
        cross.is_err(),
        "a reference to org B's project was accepted"
    );
    // Nor can an update point it there.
    let repoint = Member::update(&scope_a())
        .set(MemberIden::ProjectId, Uuid::from_u128(0xB1))
        .where_key(Uuid::from_u128(1));
    assert!(
        db.try_execute(&repoint).is_err(),
        "an update re-pointed to org B's project"
    );
    assert_eq!(
        db.execute(&insert(
            &scope_a(),
            &member(5, "bob@example.com", Some(0xA2))
        )),
        1
    );
}

/// Raw SQL text in a caller's condition or value (`Expr::cust`, a custom keyword, a custom
/// function name) is written in parentheses of its own: an `OR` in it cannot stand beside the
/// tenant predicate, and a comment in it cannot swallow the `WHERE` clause. Each attempt either
/// fails in the database or stays inside organization A; no other organization's row is read,
/// changed or deleted.
pub fn caller_text_stays_in_its_parentheses(db: &mut impl Db) {
    let attempts = || {
        [
            Expr::cust("TRUE OR TRUE"),
            Expr::custom_keyword("TRUE OR TRUE"),
            Expr::cust("1=1 OR 1=1"),
            // MariaDB read `1=1 OR abs(..)` as a condition; PostgreSQL refuses `OR` on a number.
            Expr::from(Func::cust("1=1 OR abs").arg(Expr::col(ProjectIden::Archived))),
            Condition::all()
                .add(Expr::cust("FALSE"))
                .add(Expr::cust("TRUE OR TRUE"))
                .into(),
        ]
    };
    let mut read = 0;
    for attempt in attempts() {
        let select = Project::select(&scope_a()).and_where(attempt.clone());
        match db.try_fetch(&select) {
            Ok(rows) => {
                read += 1;
                assert!(
                    rows.iter().all(|row| row.organization_id == ORG_A),
                    "{attempt:?} leaked {rows:?}"
                );
            }
            Err(error) => eprintln!("{attempt:?} refused by the database: {error}"),
        }
    }
    assert!(read >= 3, "the plain attempts must run and stay in org A");
    let rows = db.fetch(&Project::select(&scope_a()).and_where(Expr::cust("TRUE OR TRUE")));
    assert_eq!(names(&rows), ["a-archived", "visible"]);

    // A value whose text would comment out the WHERE clause.
    for value in ["'pwned' --", "'pwned' /*", "'pwned' #"] {
        let update = Project::update(&scope_a()).set(ProjectIden::Name, Expr::cust(value));
        let _ = db.try_execute(&update);
        assert_eq!(
            names(&rows_of(db, ORG_B)),
            ["b-archived", "hidden"],
            "{value}"
        );
    }
    for attempt in attempts() {
        let delete = Project::delete(&scope_a()).and_where(attempt);
        let _ = db.try_execute(&delete);
    }
    assert_eq!(rows_of(db, ORG_A), [], "org A's rows are deleted");
    assert_eq!(names(&db.all_rows()), ["b-archived", "hidden", "other"]);
}

fn task_title() -> ColumnRef {
    (TaskIden::Table, TaskIden::Title).into_column_ref()
}

fn project_name() -> ColumnRef {
    (ProjectIden::Table, ProjectIden::Name).into_column_ref()
}

/// Joins pair rows of the scope's organization only, whatever the tables hold: `tasks` has no
/// foreign keys, and its seed plants references across organizations (`a-planted` → org B's
/// project, `b-planted` → org A's). An inner join drops them, a left join keeps the scope's
/// task with no project, and neither ever shows another organization's row; the caller's `ON`
/// cannot widen it.
pub fn joins_pair_rows_of_the_same_organization_only(db: &mut impl Db) {
    use tenant_core::Join;
    let inner = Task::select(&scope_a())
        .columns([task_title(), project_name()])
        .join_referenced::<Project>(Join::Inner);
    assert_eq!(
        compact(&db.texts(&inner)),
        ["a-review|visible", "a-write|visible"]
    );
    let left = Task::select(&scope_a())
        .columns([task_title(), project_name()])
        .join_referenced::<Project>(Join::Left);
    assert_eq!(
        compact(&db.texts(&left)),
        ["a-planted|-", "a-review|visible", "a-write|visible"]
    );
    // From the other side: each of org A's projects with the tasks that reference it.
    let referencing = Project::select(&scope_a())
        .columns([project_name(), task_title()])
        .join_referencing::<Task>(Join::Left);
    assert_eq!(
        compact(&db.texts(&referencing)),
        ["a-archived|-", "visible|a-review", "visible|a-write"]
    );
    // An explicit `ON` that tries to match every project: still org A's only, and the default
    // column list is table-qualified (both tables have `id`, `organization_id`).
    let hostile_on = Task::select(&scope_a()).join::<Project>(
        Join::Inner,
        Expr::val(true).or(Expr::col((ProjectIden::Table, ProjectIden::Id)).is_not_null()),
    );
    let rows = db.texts(&hostile_on);
    assert_eq!(
        rows.len(),
        3 * 2,
        "3 tasks of org A x 2 projects of org A: {rows:?}"
    );
    let org_a = ORG_A.to_string();
    assert!(
        rows.iter()
            .all(|row| row[1].as_deref() == Some(org_a.as_str())),
        "{rows:?}"
    );
    // Under org B's scope, org B's view.
    let scope_b = Scope::new(ORG_B).expect("not nil");
    let inner_b = Task::select(&scope_b)
        .columns([task_title(), project_name()])
        .join_referenced::<Project>(Join::Inner);
    assert_eq!(compact(&db.texts(&inner_b)), ["b-ship|hidden"]);
}

/// Every join kind — inner, left, right, cross and full outer — along every join method keeps
/// the joined table's tenant equality: `tasks` plants references across organizations
/// (`a-planted` → org B's project, `b-planted` → org A's), and no kind shows a row of org B.
/// SQL's `CROSS JOIN` has no `ON`: written as one, it paired org A's tasks with every
/// organization's projects.
pub fn every_join_kind_keeps_the_tenant_equality(db: &mut impl Db) {
    use tenant_core::Join;
    use tenant_core::sea_query::Condition;
    let along = |kind: Join| {
        Task::select(&scope_a())
            .columns([task_title(), project_name()])
            .join_referenced::<Project>(kind)
    };
    let a_pairs = ["a-review|visible", "a-write|visible"];
    assert_eq!(compact(&db.texts(&along(Join::Inner))), a_pairs);
    assert_eq!(
        compact(&db.texts(&along(Join::Left))),
        ["a-planted|-", "a-review|visible", "a-write|visible"]
    );
    // A right join keeps org A's projects nothing references; org B's projects never appear.
    assert_eq!(
        compact(&db.texts(&along(Join::Right))),
        a_pairs,
        "the selected table's tenant predicate drops the unpaired project rows"
    );
    // Cross: org A's 3 tasks × org A's 2 projects, whatever the `ON` of the method.
    let cross = Task::select(&scope_a())
        .columns([task_title(), project_name()])
        .join::<Project>(Join::Cross, Condition::all());
    assert_eq!(
        compact(&db.texts(&cross)),
        [
            "a-planted|a-archived",
            "a-planted|visible",
            "a-review|a-archived",
            "a-review|visible",
            "a-write|a-archived",
            "a-write|visible"
        ]
    );
    assert_eq!(compact(&db.texts(&along(Join::Cross))), a_pairs);
    // Counted, or locked, or nested: the same rows.
    let counted = Task::select(&scope_a())
        .join_referenced::<Project>(Join::Cross)
        .count();
    assert_eq!(compact(&db.texts(&counted)), ["2"]);
    let cross_count = Task::select(&scope_a())
        .join::<Project>(Join::Cross, Condition::all())
        .count();
    assert_eq!(compact(&db.texts(&cross_count)), ["6"]);
    let referencing = |kind: Join| {
        Project::select(&scope_a())
            .columns([project_name(), task_title()])
            .join_referencing::<Task>(kind)
    };
    for kind in [Join::Inner, Join::Right, Join::Cross] {
        assert_eq!(
            compact(&db.texts(&referencing(kind))),
            ["visible|a-review", "visible|a-write"],
            "{kind:?}"
        );
    }
    // Full outer join (PostgreSQL and SQLite; it does not build for MySQL): the scope's
    // pairs and the scope's unpaired task; never a row of org B.
    let full = Task::select(&scope_a())
        .columns([task_title(), project_name()])
        .full_join::<Project>(
            Expr::col((ProjectIden::Table, ProjectIden::Id))
                .equals((TaskIden::Table, TaskIden::ProjectId)),
        );
    if let Some(rows) = db.full_outer_texts(&full) {
        assert_eq!(
            compact(&rows),
            ["a-planted|-", "a-review|visible", "a-write|visible"]
        );
    }
}

/// A page size or offset straight from a query string (`?limit=18446744073709551615`) pages
/// as "everything" or "nothing", and a `u64` past `i64::MAX` in a condition is an error (or, on
/// MySQL, a value), never a panic of the request's task.
pub fn huge_limits_offsets_and_unsigned_values_never_panic(db: &mut impl Db) {
    let everything = Project::select(&scope_a()).limit(u64::MAX);
    assert_eq!(names(&db.fetch(&everything)).len(), 2);
    let nothing = Project::select(&scope_a()).limit(u64::MAX).offset(u64::MAX);
    assert_eq!(db.fetch(&nothing), []);
    let beyond = Project::select(&scope_a()).and_where(Expr::val(u64::MAX).gt(Expr::val(1u64)));
    match db.try_fetch(&beyond) {
        // MySQL has unsigned integers: the condition holds.
        Ok(rows) => assert_eq!(names(&rows).len(), 2),
        Err(error) => assert!(!error.is_empty()),
    }
}

/// `count()` and group-bys count the scope's rows only; `count()` drops the page's order,
/// limit and offset, so a page and its total come from one select.
pub fn counts_and_groups_count_only_the_scope(db: &mut impl Db) {
    let page = Project::select(&scope_a())
        .order_by(ProjectIden::Name, Order::Asc)
        .limit(1)
        .offset(1);
    assert_eq!(names(&db.fetch(&page)), ["visible"]);
    assert_eq!(compact(&db.texts(&page.clone().count())), ["2"]);
    let live = Project::select(&scope_a())
        .and_where(Expr::col(ProjectIden::Archived).eq(false))
        .count();
    assert_eq!(compact(&db.texts(&live)), ["1"]);
    // Org A has tasks open: a-write, a-planted; done: a-review. Org B's open tasks are not
    // counted.
    let per_status = Task::select(&scope_a())
        .column(TaskIden::Status)
        .expr(Expr::col(TaskIden::Id).count())
        .group_by_col(TaskIden::Status);
    assert_eq!(compact(&db.texts(&per_status)), ["done|1", "open|2"]);
    let busy = per_status.and_having(Expr::col(TaskIden::Id).count().gt(1i64));
    assert_eq!(compact(&db.texts(&busy)), ["open|2"]);
    // Per project, through a join: org B's planted task on project A1 is not counted.
    let per_project = Project::select(&scope_a())
        .column(project_name())
        .expr_as(Expr::col((TaskIden::Table, TaskIden::Id)).count(), "tasks")
        .join_referencing::<Task>(tenant_core::Join::Left)
        .group_by_col(project_name());
    assert_eq!(
        compact(&db.texts(&per_project)),
        ["a-archived|0", "visible|2"]
    );
}

/// A scoped select as a sub-query (`IN`, correlated `EXISTS`) and in a union keeps its own tenant
/// predicate: org B's planted task on project A1 does not make A1 "referenced by a task", and
/// org A's planted task on B1 does not reach B1.
pub fn scoped_sub_queries_and_unions(db: &mut impl Db) {
    let task_projects = Task::select(&scope_a())
        .column(TaskIden::ProjectId)
        .and_where(Expr::col(TaskIden::Status).eq("done"))
        .into_sub_query();
    let with_done_task = Project::select(&scope_a())
        .and_where(Expr::col((ProjectIden::Table, ProjectIden::Id)).in_subquery(task_projects));
    assert_eq!(names(&db.fetch(&with_done_task)), ["visible"]);

    // Org B: its only own task on its own project is b-ship on B1; b-planted points at A1.
    let scope_b = Scope::new(ORG_B).expect("not nil");
    let correlated = Task::select(&scope_b)
        .column(TaskIden::Id)
        .and_where(
            Expr::col((TaskIden::Table, TaskIden::ProjectId))
                .equals((ProjectIden::Table, ProjectIden::Id)),
        )
        .into_sub_query();
    let with_any_task = Project::select(&scope_b).and_where(Expr::exists(correlated));
    assert_eq!(names(&db.fetch(&with_any_task)), ["hidden"]);

    let everything_named = Project::select(&scope_a()).column(ProjectIden::Name).union(
        tenant_core::sea_query::UnionType::All,
        Task::select(&scope_a()).column(TaskIden::Title),
    );
    assert_eq!(
        compact(&db.texts(&everything_named)),
        ["a-archived", "a-planted", "a-review", "a-write", "visible"]
    );
}

/// Upserts are tenant-led: a row colliding with another organization's key never changes that
/// row (it becomes the scope's own row, since the key is `(organization_id, id)`), and a row
/// colliding with the scope's own row updates it (or, with `do nothing`, is skipped).
pub fn upserts_never_touch_another_organizations_row(db: &mut impl Db) {
    let before_b = rows_of(db, ORG_B);
    // Org A upserts a row with org B's key 0xB1.
    let steal = Project::insert(&scope_a())
        .row(&Project::new(0xB1, Uuid::nil(), "stolen", false))
        .expect("the scope's row")
        .on_conflict_update([ProjectIden::Name, ProjectIden::Archived]);
    assert_eq!(db.try_execute(&steal).map(|n| n > 0), Ok(true));
    assert_eq!(rows_of(db, ORG_B), before_b, "org B's row changed");
    assert_eq!(
        names(&rows_of(db, ORG_A)),
        ["a-archived", "stolen", "visible"],
        "the upsert inserted org A's own row"
    );
    // Again: now it collides with org A's own 0xB1, which it updates; org B's still unchanged.
    let again = Project::insert(&scope_a())
        .row(&Project::new(0xB1, Uuid::nil(), "renamed", true))
        .expect("the scope's row")
        .on_conflict_update([ProjectIden::Name, ProjectIden::Archived]);
    db.execute(&again);
    assert_eq!(rows_of(db, ORG_B), before_b, "org B's row changed");
    assert_eq!(
        names(&rows_of(db, ORG_A)),
        ["a-archived", "renamed", "visible"]
    );
    // Do nothing: org B's key 0xB2 is inserted for org A, org A's own 0xA1 is skipped.
    let skip = Project::insert(&scope_a())
        .rows(&[
            Project::new(0xA1, Uuid::nil(), "overwritten", false),
            Project::new(0xB2, Uuid::nil(), "a-copy", false),
        ])
        .expect("the scope's rows")
        .on_conflict_do_nothing();
    db.execute(&skip);
    assert_eq!(rows_of(db, ORG_B), before_b, "org B's row changed");
    assert_eq!(
        names(&rows_of(db, ORG_A)),
        ["a-archived", "a-copy", "renamed", "visible"]
    );
}

/// `Unscoped` is the one way across organizations: it reads every organization's rows, counts
/// them, and its joins still pair rows of the same organization.
pub fn unscoped_reads_every_organization(db: &mut impl Db) {
    let report = tenant_core::Unscoped::because("suite: cross-organization report");
    let all = Project::select_unscoped(&report).column(ProjectIden::Name);
    assert_eq!(db.unscoped_texts(&all).len(), seed_rows().len());
    assert_eq!(
        compact(&db.unscoped_texts(&Task::select_unscoped(&report).count())),
        [SEED_TASKS.len().to_string()]
    );
    let joined = Task::select_unscoped(&report)
        .columns([task_title(), project_name()])
        .join_referenced::<Project>(tenant_core::Join::Inner);
    assert_eq!(
        compact(&db.unscoped_texts(&joined)),
        ["a-review|visible", "a-write|visible", "b-ship|hidden"]
    );
    // An unscoped select nests in unscoped statements (only: `into_sub_query` is refused).
    let archived = || {
        Project::select_unscoped(&report)
            .column(ProjectIden::Id)
            .and_where(Expr::col(ProjectIden::Archived).eq(true))
            .into_unscoped_sub_query()
    };
    let referencing_archived = Task::select_unscoped(&report)
        .column(TaskIden::Title)
        .and_where_in(TaskIden::ProjectId, archived());
    assert_eq!(
        compact(&db.unscoped_texts(&referencing_archived)),
        Vec::<String>::new()
    );
    let archived_names = Project::select_unscoped(&report)
        .column(ProjectIden::Name)
        .and_where_in(ProjectIden::Id, archived());
    assert_eq!(
        compact(&db.unscoped_texts(&archived_names)),
        ["a-archived", "b-archived"]
    );
    let archive = Project::update_unscoped(&report)
        .set(ProjectIden::Archived, true)
        .and_where(Expr::col(ProjectIden::Name).eq("other"));
    assert_eq!(db.unscoped_execute(&archive), 1);
    let purge =
        Project::delete_unscoped(&report).and_where(Expr::col(ProjectIden::Archived).eq(true));
    assert_eq!(db.unscoped_execute(&purge), 3);
    assert_eq!(names(&db.all_rows()), ["hidden", "visible"]);
}

/// A global table (no tenant column) joins a scoped select without a tenant equality, and
/// still the select shows only the scope's rows, whatever its `ON` says; its own builders need
/// no scope.
pub fn global_tables_join_without_widening_the_scope(db: &mut impl Db) {
    use tenant_core::GlobalTable;
    use tenant_core::Join;
    let status_label = || (StatusIden::Table, StatusIden::Label).into_column_ref();
    let labelled = Task::select(&scope_a())
        .columns([task_title(), status_label()])
        .join_global::<Status>(
            Join::Inner,
            Expr::col((StatusIden::Table, StatusIden::Code))
                .equals((TaskIden::Table, TaskIden::Status)),
        );
    assert_eq!(
        compact(&db.texts(&labelled)),
        ["a-planted|Open", "a-review|Done", "a-write|Open"]
    );
    let hostile_on = Task::select(&scope_a())
        .columns([task_title(), status_label()])
        .join_global::<Status>(Join::Left, Expr::val(true).or(Expr::val(false)));
    assert_eq!(
        db.texts(&hostile_on).len(),
        3 * 2,
        "3 tasks of org A x 2 statuses"
    );
    assert_eq!(compact(&db.texts(&Status::select().count())), ["2"]);
    let relabel = Status::update()
        .set(StatusIden::Label, "Closed")
        .where_key("done".to_owned());
    assert_eq!(db.execute(&relabel), 1);
    let labels = Status::select()
        .column(StatusIden::Label)
        .order_by(StatusIden::Label, Order::Asc);
    assert_eq!(compact(&db.texts(&labels)), ["Closed", "Open"]);
}

/// A `PATCH`: `set_option` writes the values that are there and, with none, refuses to build
/// instead of writing; `also` reads columns beside the default list, across a join, still the
/// scope's rows only.
pub fn optional_updates_and_projections_beside_the_defaults(db: &mut impl Db) {
    use tenant_core::Join;
    let (name, archived): (Option<&str>, Option<bool>) = (Some("patched"), None);
    let patch = Project::update(&scope_a())
        .set_option(ProjectIden::Name, name)
        .set_option(ProjectIden::Archived, archived)
        .where_key(Uuid::from_u128(0xA1))
        .finish()
        .expect("a value to write");
    assert_eq!(db.execute(&patch), 1);
    let patched = rows_of(db, ORG_A)
        .into_iter()
        .find(|row| row.id == Uuid::from_u128(0xA1))
        .expect("A1");
    assert_eq!(
        (patched.name.as_str(), patched.archived),
        ("patched", false)
    );
    // Aimed at another organization's row: nothing.
    let patch = Project::update(&scope_a())
        .set_option(ProjectIden::Name, Some("pwned"))
        .where_key(Uuid::from_u128(0xB1))
        .finish()
        .expect("a value to write");
    assert_eq!(db.execute(&patch), 0);
    let nothing = Project::update(&scope_a())
        .set_option(ProjectIden::Name, None::<&str>)
        .finish();
    assert_eq!(
        nothing.err(),
        Some(TenantError::NothingToUpdate { table: "projects" })
    );
    assert!(db.all_rows().iter().all(|row| row.name != "pwned"));

    // Every task column and its project's name.
    let with_project = Task::select(&scope_a())
        .join_referenced::<Project>(Join::Inner)
        .also(Expr::col((ProjectIden::Table, ProjectIden::Name)))
        .order_by((TaskIden::Table, TaskIden::Title), Order::Asc);
    let mut rows: Vec<_> = db
        .texts(&with_project)
        .iter()
        .map(|row| (row.len(), row[3].clone(), row[5].clone()))
        .collect();
    rows.sort();
    assert_eq!(
        rows,
        [
            (6, Some("a-review".to_owned()), Some("patched".to_owned())),
            (6, Some("a-write".to_owned()), Some("patched".to_owned())),
        ],
        "the five task columns, then the project's name; org A's only"
    );
}
