//! Organization A's scope never reads, changes or deletes another organization's rows, on a
//! real (embedded) SQLite database. Each test tries to break that and checks the table itself
//! afterwards, with SQL that bypasses the builders.

use tenant_core::sea_query::{Condition, Expr, ExprTrait, Order, SqliteQueryBuilder};
use tenant_core::uuid::Uuid;
use tenant_core::{Scope, TenantError, TenantScoped};
use tenant_tests::{
    ORG_A, ORG_B, Project, ProjectIden, all_rows, execute, fetch, names, query, seed_rows, sqlite,
};

fn scope_a() -> Scope {
    Scope::new(ORG_A).expect("org A is not nil")
}

fn rows_of(connection: &rusqlite::Connection, org: Uuid) -> Vec<Project> {
    all_rows(connection)
        .into_iter()
        .filter(|row| row.organization_id == org)
        .collect()
}

/// Sigra's regression test, ported: "for_org/2 only returns rows for the active organization".
#[test]
fn for_org_only_returns_rows_for_the_active_organization() {
    let db = sqlite();
    let projects = fetch(
        &db,
        &tenant_core::for_org::<Project>(&scope_a())
            .and_where(Expr::col(ProjectIden::Archived).eq(false)),
    );
    assert_eq!(names(&projects), ["visible"]);
    assert!(projects.iter().all(|row| row.organization_id == ORG_A));
}

#[test]
fn select_sees_only_its_organization() {
    let db = sqlite();
    let projects = fetch(
        &db,
        &Project::select(&scope_a()).order_by(ProjectIden::Name, Order::Asc),
    );
    assert_eq!(names(&projects), ["a-archived", "visible"]);
}

#[test]
fn or_conditions_cannot_reach_past_the_scope() {
    let db = sqlite();
    let scope = scope_a();
    let attempts = [
        // An OR that is true for every row.
        Condition::any()
            .add(Expr::col(ProjectIden::Name).eq("hidden"))
            .add(Expr::val(1).eq(1)),
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
        let rows = fetch(&db, &Project::select(&scope).cond_where(attempt.clone()));
        assert!(!rows.is_empty(), "{attempt:?} should match org A's rows");
        assert!(
            rows.iter().all(|row| row.organization_id == ORG_A),
            "{attempt:?} leaked {rows:?}"
        );
    }
    // An OR inside a plain expression passed to `and_where`.
    let rows = fetch(
        &db,
        &Project::select(&scope).and_where(
            Expr::col(ProjectIden::Name)
                .eq("hidden")
                .or(Expr::col(ProjectIden::Name).eq("visible")),
        ),
    );
    assert_eq!(names(&rows), ["visible"]);
    // Asking for the other organization's rows by their tenant column finds nothing.
    let rows = fetch(
        &db,
        &Project::select(&scope).and_where(Expr::col(ProjectIden::OrganizationId).eq(ORG_B)),
    );
    assert_eq!(rows, []);
}

#[test]
fn and_where_and_cond_where_mix_in_any_order() {
    let db = sqlite();
    let rows = fetch(
        &db,
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

#[test]
fn an_empty_any_condition_matches_no_rows() {
    let db = sqlite();
    let select = Project::select(&scope_a()).cond_where(Condition::any());
    assert_eq!(fetch(&db, &select), []);
    let delete = Project::delete(&scope_a()).cond_where(Condition::any());
    assert_eq!(execute(&db, delete.as_statement()), 0);
    let update = Project::update(&scope_a())
        .set(ProjectIden::Name, "x")
        .cond_where(Condition::any());
    assert_eq!(execute(&db, update.as_statement()), 0);
    assert_eq!(all_rows(&db), sorted(seed_rows()));
}

#[test]
fn find_does_not_find_another_organizations_row() {
    let db = sqlite();
    let own = fetch(&db, &Project::find(&scope_a(), Uuid::from_u128(0xA1)));
    assert_eq!(names(&own), ["visible"]);
    let foreign = fetch(&db, &Project::find(&scope_a(), Uuid::from_u128(0xB1)));
    assert_eq!(
        foreign,
        [],
        "another organization's row is not found, not forbidden"
    );
}

#[test]
fn insert_stamps_the_scopes_organization() {
    let db = sqlite();
    let unstamped = Project::new(0xA3, Uuid::nil(), "new", false);
    let stamped = Project::new(0xA4, ORG_A, "also new", false);
    let insert = Project::insert(&scope_a())
        .row(&unstamped)
        .and_then(|insert| insert.row(&stamped))
        .expect("rows of the scope's organization or nil are accepted");
    assert_eq!(execute(&db, insert.as_statement()), 2);
    let new: Vec<Project> = rows_of(&db, ORG_A)
        .into_iter()
        .filter(|row| row.id == unstamped.id || row.id == stamped.id)
        .collect();
    assert_eq!(names(&new), ["also new", "new"]);
}

#[test]
fn insert_refuses_a_row_of_another_organization() {
    let db = sqlite();
    let foreign = Project::new(0xA5, ORG_B, "smuggled", false);
    let refused = Project::insert(&scope_a()).row(&foreign).err();
    assert_eq!(
        refused,
        Some(TenantError::ForeignOrganization { table: "projects" })
    );
    let mixed = [
        Project::new(0xA6, ORG_A, "fine", false),
        Project::new(0xA7, ORG_B, "smuggled", false),
    ];
    let refused = Project::insert(&scope_a()).rows(&mixed).err();
    assert_eq!(
        refused,
        Some(TenantError::ForeignOrganization { table: "projects" })
    );
    let empty: [Project; 0] = [];
    let refused = Project::insert(&scope_a()).rows(&empty).err();
    assert_eq!(refused, Some(TenantError::NoRows { table: "projects" }));
    assert_eq!(all_rows(&db), sorted(seed_rows()), "nothing was written");
}

#[test]
fn update_changes_only_its_organizations_rows() {
    let db = sqlite();
    // No condition at all: every row of the scope, none of any other organization.
    let update = Project::update(&scope_a()).set(ProjectIden::Name, "renamed");
    assert_eq!(execute(&db, update.as_statement()), 2);
    assert_eq!(names(&rows_of(&db, ORG_A)), ["renamed", "renamed"]);
    assert_eq!(names(&rows_of(&db, ORG_B)), ["b-archived", "hidden"]);

    // Aimed at another organization's row by key, with an OR: nothing changes.
    let update = Project::update(&scope_a())
        .set(ProjectIden::Name, "pwned")
        .cond_where(
            Condition::any()
                .add(Expr::col(ProjectIden::Id).eq(Uuid::from_u128(0xB1)))
                .add(Expr::col(ProjectIden::OrganizationId).eq(ORG_B)),
        );
    assert_eq!(execute(&db, update.as_statement()), 0);
    let update = Project::update(&scope_a())
        .set(ProjectIden::Name, "pwned")
        .where_key(Uuid::from_u128(0xB1));
    assert_eq!(execute(&db, update.as_statement()), 0);
    assert!(all_rows(&db).iter().all(|row| row.name != "pwned"));
}

#[test]
fn set_row_writes_every_column_but_the_keys() {
    let db = sqlite();
    let mut row = Project::new(0xA1, Uuid::nil(), "from struct", true);
    row.cached_label = Some("never written".into());
    let update = Project::update(&scope_a())
        .set_row(&row)
        .expect("a nil tenant is the scope's")
        .where_key(row.primary_key());
    assert_eq!(execute(&db, update.as_statement()), 1);
    let stored = fetch(&db, &Project::find(&scope_a(), row.id));
    assert_eq!(
        stored,
        [Project {
            organization_id: ORG_A,
            cached_label: None,
            ..row.clone()
        }]
    );

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
    assert_eq!(execute(&db, update.as_statement()), 0);
    assert_eq!(
        fetch(&db, &Project::find(&scope_a(), row.id))[0].name,
        "from struct"
    );
}

#[test]
fn delete_removes_only_its_organizations_rows() {
    let db = sqlite();
    let aimed = Project::delete(&scope_a()).where_key(Uuid::from_u128(0xB1));
    assert_eq!(execute(&db, aimed.as_statement()), 0);
    let aimed = Project::delete(&scope_a()).cond_where(
        Condition::any()
            .add(Expr::col(ProjectIden::OrganizationId).eq(ORG_B))
            .add(Expr::val(1).eq(1)),
    );
    assert_eq!(
        execute(&db, aimed.as_statement()),
        2,
        "only org A's two rows"
    );
    assert_eq!(rows_of(&db, ORG_A), []);
    assert_eq!(names(&all_rows(&db)), ["b-archived", "hidden", "other"]);
}

#[test]
fn hostile_strings_are_bound_as_values_and_read_back_unchanged() {
    let db = sqlite();
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
    assert_eq!(execute(&db, insert.as_statement()), hostile.len());
    for row in &rows {
        let found = fetch(
            &db,
            &Project::select(&scope_a())
                .and_where(Expr::col(ProjectIden::Name).eq(row.name.as_str())),
        );
        assert_eq!(
            names(&found),
            [row.name.as_str()],
            "searching by the hostile string"
        );
        let found = fetch(&db, &Project::find(&scope_a(), row.id));
        assert_eq!(found[0].name, row.name, "read back unchanged");
    }
    // The table and the other organizations' rows are intact.
    assert_eq!(names(&rows_of(&db, ORG_B)), ["b-archived", "hidden"]);
    assert_eq!(all_rows(&db).len(), seed_rows().len() + hostile.len());
}

#[test]
fn run_statements_with_bound_values_not_inlined_text() {
    // SQLite stores a bound Uuid as a 16-byte blob; `to_string` inlines it as text, which
    // matches nothing. `build` (or a driver binder) is the way to run a statement.
    let db = sqlite();
    let select = Project::find(&scope_a(), Uuid::from_u128(0xA1));
    assert_eq!(fetch(&db, &select).len(), 1);
    let inlined = select.to_string(SqliteQueryBuilder);
    assert_eq!(query(&db, &inlined, &[]), []);
}

#[test]
fn no_active_organization_means_no_scope() {
    assert_eq!(Scope::new(Uuid::nil()), Err(TenantError::NilOrganization));
}

fn sorted(mut rows: Vec<Project>) -> Vec<Project> {
    rows.sort_by_key(|row| row.id);
    rows
}
