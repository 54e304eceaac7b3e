//! Where row-level security ends: each test shows one way past the policy that the README's
//! threat model names, as the application role (not a superuser, not the tables' owner), so
//! that the list is a measured one. A test here failing means a boundary moved: update the
//! threat model. Ignored unless asked for (`-- --include-ignored`, `TENANT_TEST_POSTGRES_URL`).

use tenant_core::uuid::Uuid;
use tenant_tests::backends::{APP_ROLE, Postgres, raw_names};
use tenant_tests::{ORG_A, ORG_B};

fn open() -> Postgres {
    let mut db = Postgres::open();
    db.as_app_role(true);
    db
}

/// Runs `statements` as the owner (the test's superuser), then continues as the app role.
fn as_owner(db: &mut Postgres, statements: &str) {
    db.client
        .batch_execute(&format!("RESET ROLE; {statements}; SET ROLE {APP_ROLE}"))
        .unwrap_or_else(|error| panic!("{statements}: {error}"));
}

fn count_of(db: &mut Postgres, org: Uuid) -> i64 {
    db.client.batch_execute("RESET ROLE").expect("owner");
    let count = db
        .client
        .query_one(
            "SELECT count(*) FROM projects WHERE organization_id = $1",
            &[&org],
        )
        .expect("count")
        .get(0);
    db.client
        .batch_execute(&format!("SET ROLE {APP_ROLE}"))
        .expect("app role");
    count
}

/// RLS stops SQL that forgets the filter, not SQL that rebinds the setting: injected SQL that
/// can run `set_config` (or `SET LOCAL`) inside the transaction reads another organization.
#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn sql_that_rebinds_the_setting_is_not_stopped() {
    let mut db = open();
    let mut transaction = db.bound_raw(ORG_A);
    transaction
        .execute(
            "SELECT set_config('app.current_organization_id', $1, true)",
            &[&ORG_B.to_string()],
        )
        .expect("rebinding runs");
    assert_eq!(
        raw_names(&mut transaction, "SELECT name FROM projects ORDER BY name"),
        ["b-archived", "hidden"]
    );
}

/// Foreign-key cascades run without policies: deleting organization B (the organizations table
/// has no policy here) deletes B's rows in a table whose tenant key is `on_delete_cascade`,
/// though the transaction is bound to A.
#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn a_cascade_from_organizations_deletes_another_organizations_rows() {
    let mut db = open();
    as_owner(
        &mut db,
        "ALTER TABLE projects DROP CONSTRAINT projects_organization_id_fkey;
         ALTER TABLE projects ADD CONSTRAINT projects_organization_id_fkey
           FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE CASCADE;
         DELETE FROM members",
    );
    assert_eq!(count_of(&mut db, ORG_B), 2);
    let mut transaction = db.bound_raw(ORG_A);
    transaction
        .execute("DELETE FROM organizations WHERE id = $1", &[&ORG_B])
        .expect("deleting an organization row");
    transaction.commit().expect("commit");
    assert_eq!(
        count_of(&mut db, ORG_B),
        0,
        "B's rows went with the cascade"
    );
}

/// `TRUNCATE` is not subject to policies: a role granted it empties every organization's rows.
#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn truncate_is_outside_the_policy() {
    let mut db = open();
    as_owner(
        &mut db,
        &format!("GRANT TRUNCATE ON projects, members TO {APP_ROLE}"),
    );
    let mut transaction = db.bound_raw(ORG_A);
    transaction
        .batch_execute("TRUNCATE projects CASCADE")
        .expect("truncate runs");
    transaction.commit().expect("commit");
    assert_eq!(count_of(&mut db, ORG_B), 0);
}

/// A view runs with its owner's rights: a view owned by a superuser (or a `BYPASSRLS` role)
/// shows every organization's rows to whoever may read it.
#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn a_view_owned_by_a_superuser_is_outside_the_policy() {
    let mut db = open();
    as_owner(
        &mut db,
        &format!(
            "CREATE VIEW every_project AS SELECT name FROM projects;
             GRANT SELECT ON every_project TO {APP_ROLE}"
        ),
    );
    let mut transaction = db.bound_raw(ORG_A);
    let seen = raw_names(
        &mut transaction,
        "SELECT name FROM every_project ORDER BY name",
    );
    assert!(seen.contains(&"hidden".to_owned()), "{seen:?}");
}

/// A `BYPASSRLS` role is not subject to policies.
#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn a_bypassrls_role_is_outside_the_policy() {
    let mut db = open();
    let schema = db.schema.clone();
    as_owner(
        &mut db,
        &format!(
            "DO $$ BEGIN CREATE ROLE tenant_bypass NOLOGIN BYPASSRLS; \
             EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
             GRANT USAGE ON SCHEMA {0} TO tenant_bypass;
             GRANT SELECT ON ALL TABLES IN SCHEMA {0} TO tenant_bypass;
             SET ROLE tenant_bypass",
            schema
        ),
    );
    db.client
        .batch_execute("RESET ROLE; SET ROLE tenant_bypass")
        .expect("bypass role");
    let seen = raw_names(&mut db.client, "SELECT name FROM projects ORDER BY name");
    assert_eq!(seen.len(), 5, "{seen:?}");
}

/// A `WITH HOLD` cursor keeps the rows of the transaction that opened it: after the binding
/// ended, and under another organization's binding, it still hands out the first one's rows.
#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn a_with_hold_cursor_outlives_its_binding() {
    outlives_its_binding(
        "DECLARE held CURSOR WITH HOLD FOR SELECT name FROM projects ORDER BY name",
        "FETCH ALL FROM held",
    );
}

/// A temporary table lives as long as the connection: filled under one organization's binding,
/// it is readable under the next one's (a pooled connection hands it to the next request).
#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn a_temp_table_outlives_its_binding() {
    outlives_its_binding(
        "CREATE TEMP TABLE copied AS SELECT name FROM projects",
        "SELECT name FROM copied ORDER BY name",
    );
}

/// `keep` run under organization A's binding, `read` under B's after A's committed, hands out
/// A's rows.
fn outlives_its_binding(keep: &str, read: &str) {
    let mut db = open();
    let mut transaction = db.bound_raw(ORG_A);
    transaction.batch_execute(keep).expect(keep);
    transaction.commit().expect("commit");
    let mut transaction = db.bound_raw(ORG_B);
    assert_eq!(raw_names(&mut transaction, read), ["a-archived", "visible"]);
}
