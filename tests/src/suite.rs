//! The isolation suite: organization A's scope never reads, changes or deletes another
//! organization's rows. Each function takes a fresh [`Db`] holding [`seed_rows`] and tries to
//! break that, then checks the table itself with SQL that bypasses the builders.
//! [`isolation_suite!`](crate::isolation_suite) makes one `#[test]` of each per database.

use tenant_core::sea_query::{Condition, Expr, ExprTrait, Func, Order};
use tenant_core::uuid::Uuid;
use tenant_core::{Scope, TenantError, TenantScoped};

use crate::backends::Db;
use crate::{Member, MemberIden, ORG_A, ORG_B, Project, ProjectIden, names, seed_rows};

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
