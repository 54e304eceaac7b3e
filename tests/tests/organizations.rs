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
/// organization it acts in; the switcher and the token lookup open their own transaction, the
/// slug check binds the slug) — the listings, the invitation rules, the trail and the
/// operator's moves included — and raw SQL bound to one organization sees and deletes nothing
/// of another's.
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

    // Invitations under the policy: an expired one frees its email; a removed inviter's
    // pending invitation is revoked.
    orgs::block_on(orgs::invite(
        &mut executor,
        &acme,
        "late@example.com",
        Role::Member,
        Duration::ZERO,
    ))
    .expect("expires at once");
    orgs::block_on(orgs::invite(
        &mut executor,
        &acme,
        "late@example.com",
        Role::Member,
        Duration::from_secs(3600),
    ))
    .expect("re-invited after expiry");
    orgs::block_on(orgs::change_role(&mut executor, &acme, bob, Role::Admin)).expect("promoted");
    let bob_admin =
        orgs::block_on(orgs::enter(&mut executor, bob, acme.organization())).expect("bob, admin");
    let (_, backdoor) = orgs::block_on(orgs::invite(
        &mut executor,
        &bob_admin,
        "bob+2@example.com",
        Role::Admin,
        Duration::from_secs(3600),
    ))
    .expect("bob invites himself");
    orgs::block_on(orgs::remove_member(&mut executor, &acme, bob)).expect("bob removed");
    assert!(matches!(
        orgs::block_on(orgs::accept(&mut executor, &backdoor, bob, None)),
        Err(orgs::OrgError::InvalidInvitation)
    ));

    // The trail under the policy: Acme's entries, none of Globex's.
    let trail = orgs::block_on(orgs::events(&mut executor, &acme, orgs::Page::first(50)))
        .expect("Acme's trail");
    assert!(
        trail
            .iter()
            .all(|event| event.organization_id == acme.organization())
    );
    let actions: Vec<&str> = trail.iter().map(|event| event.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "member.removed",
            "invitation.created",
            "member.role_changed",
            "invitation.created",
            "invitation.created",
            "invitation.accepted",
            "invitation.created",
            "organization.created"
        ]
    );

    // The operator, as the application role: a suspended organization is refused to its
    // members with its status, to others as not found; reactivated, it is entered again.
    let operator = orgs::Operator::because("tests: suspend under the policy");
    orgs::block_on(orgs::suspend(&mut executor, &operator, acme.organization()))
        .expect("suspended");
    assert!(matches!(
        orgs::block_on(orgs::enter(&mut executor, ada, acme.organization())),
        Err(orgs::OrgError::Unavailable { .. })
    ));
    assert!(matches!(
        orgs::block_on(orgs::enter(&mut executor, bob, acme.organization())),
        Err(orgs::OrgError::NotFound)
    ));
    orgs::block_on(orgs::reactivate(
        &mut executor,
        &operator,
        acme.organization(),
    ))
    .expect("reactivated");
    orgs::block_on(orgs::enter(&mut executor, ada, acme.organization())).expect("entered");

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
    assert_eq!(
        members, 1,
        "Acme's member (Bob was removed), not Globex's owner"
    );
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
