//! The organization flows (`tenant_core::orgs`) on SQLite, PostgreSQL and MariaDB, attacks
//! included: see `tests/src/orgs_suite.rs`.

tenant_tests::executor_suite!(
    orgs_suite;
    create_enter_and_switch,
    an_invitation_is_accepted_once,
    expired_revoked_and_foreign_tokens_are_refused,
    roles_are_enforced,
    the_last_owner_stays,
    organizations_stay_apart_and_delete_cleanly,
    driver_errors_say_why_and_name_constraint_violations,
    invitations_cannot_be_turned_against_their_organization,
    members_and_invitations_are_listed,
    the_activity_trail_records_every_change_and_nothing_that_failed,
    the_lifecycle_moves_only_by_the_operator_and_only_active_organizations_are_entered,
);

/// Under row-level security, as a role that owns nothing: every flow works (each binds the
/// organization it acts in; the switcher, the token lookup and the slug check open their own
/// transaction), and raw SQL bound to one organization sees and deletes nothing of another's.
#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn the_flows_work_under_row_level_security_and_raw_sql_stays_inside() {
    use std::time::Duration;
    use tenant_core::orgs::{self, PostgresExecutor, Role};
    use tenant_core::uuid::Uuid;
    use tenant_tests::backends::{Postgres, raw_names};

    let (ada, bob) = (Uuid::from_u128(0xADA), Uuid::from_u128(0xB0B));
    let mut db = Postgres::empty();
    orgs::block_on(orgs::create_tables(&mut PostgresExecutor::new(
        &mut db.client,
    )))
    .expect("tables");
    for statement in orgs::row_level_security() {
        db.client.batch_execute(&statement).expect("policy");
    }
    db.as_app_role(false);

    let mut executor = PostgresExecutor::new(&mut db.client);
    let acme = orgs::block_on(orgs::create_organization(
        &mut executor,
        ada,
        "Acme",
        "acme",
    ))
    .expect("Acme, as the application role");
    let globex = orgs::block_on(orgs::create_organization(
        &mut executor,
        bob,
        "Globex",
        "globex",
    ))
    .expect("Globex");
    assert!(matches!(
        orgs::block_on(orgs::create_organization(
            &mut executor,
            bob,
            "Acme 2",
            "acme"
        )),
        Err(orgs::OrgError::Conflict(_))
    ));
    let (_, token) = orgs::block_on(orgs::invite(
        &mut executor,
        &acme,
        "bob@example.com",
        Role::Member,
        Duration::from_secs(3600),
    ))
    .expect("invite");
    let bob_in_acme =
        orgs::block_on(orgs::accept(&mut executor, &token, bob, None)).expect("accept");
    assert_eq!(bob_in_acme.role(), Role::Member);
    let switcher = orgs::block_on(orgs::organizations_of(&mut executor, bob)).expect("switcher");
    assert_eq!(switcher.len(), 2);
    // Listings under the policy: the member's organization's rows.
    let members = orgs::block_on(orgs::members(
        &mut executor,
        &bob_in_acme,
        orgs::Page::first(10),
    ))
    .expect("members");
    assert_eq!(
        members.iter().map(|m| m.user_id).collect::<Vec<_>>(),
        [ada, bob]
    );
    orgs::block_on(orgs::invite(
        &mut executor,
        &globex,
        "eve@example.com",
        Role::Member,
        Duration::from_secs(3600),
    ))
    .expect("Globex invites");
    assert!(
        orgs::block_on(orgs::invitations(
            &mut executor,
            &acme,
            orgs::Page::first(10)
        ))
        .expect("Acme's invitations")
        .is_empty(),
        "Globex's pending invitation is not Acme's"
    );
    assert!(matches!(
        orgs::block_on(orgs::enter(&mut executor, ada, globex.organization())),
        Err(orgs::OrgError::NotFound)
    ));

    // Raw SQL, bound to Acme: Acme's rows only; Globex's organization cannot be deleted.
    let mut transaction = db.bound_raw(acme.organization());
    assert_eq!(
        raw_names(&mut transaction, "SELECT name FROM organizations"),
        ["Acme"]
    );
    let members: i64 = transaction
        .query_one("SELECT count(*) FROM organization_memberships", &[])
        .expect("count")
        .get(0);
    assert_eq!(members, 2, "Acme's two members, not Globex's owner");
    let deleted = transaction
        .execute(
            "DELETE FROM organizations WHERE id = $1",
            &[&globex.organization()],
        )
        .expect("raw delete runs");
    assert_eq!(deleted, 0);
    transaction.commit().expect("commit");
    // Nothing bound: nothing visible.
    let mut transaction = db.client.transaction().expect("transaction");
    assert_eq!(
        raw_names(&mut transaction, "SELECT name FROM organizations"),
        Vec::<String>::new()
    );
    transaction.commit().expect("commit");
    let mut executor = PostgresExecutor::new(&mut db.client);
    orgs::block_on(orgs::delete_organization(&mut executor, &globex))
        .expect("its owner deletes it");
}

/// User ids are the application's: here `i64`, the key of a users table of its own.
#[test]
fn user_ids_of_the_applications_own_type() {
    use std::time::Duration;
    use tenant_core::orgs::{self, Role, RusqliteExecutor};
    use tenant_tests::backends::Sqlite;

    let mut db = Sqlite::empty();
    let mut executor = RusqliteExecutor::new(&mut db.0);
    orgs::block_on(orgs::create_tables_for::<_, i64>(&mut executor)).expect("tables");
    let acme = orgs::block_on(orgs::create_organization(
        &mut executor,
        42_i64,
        "Acme",
        "acme",
    ))
    .expect("Acme");
    assert_eq!(acme.user_id(), &42);
    let (invitation, token) = orgs::block_on(orgs::invite(
        &mut executor,
        &acme,
        "seven@example.com",
        Role::ReadOnly,
        Duration::from_secs(60),
    ))
    .expect("invite");
    assert_eq!(invitation.invited_by, 42);
    let seven = orgs::block_on(orgs::accept(&mut executor, &token, 7_i64, None)).expect("accept");
    assert_eq!((seven.user_id(), seven.role()), (&7, Role::ReadOnly));
    let switcher = orgs::block_on(orgs::organizations_of(&mut executor, 7_i64)).expect("switcher");
    assert_eq!(switcher.len(), 1);
    assert!(matches!(
        orgs::block_on(orgs::enter(&mut executor, 8_i64, acme.organization())),
        Err(orgs::OrgError::NotFound)
    ));
}
