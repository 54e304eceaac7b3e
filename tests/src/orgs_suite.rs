//! The organization flows on every database (SQLite through rusqlite, PostgreSQL through the
//! postgres client and through sqlx, MariaDB through sqlx): each function takes an executor on
//! an empty database, creates the tables and tries the flow, the attacks included.
//! [`executor_suite!`](crate::executor_suite) makes one `#[test]` of each per database.

use std::time::Duration;

use tenant_core::orgs::{self, Connection, Kind, Member, OrgError, Role};
use tenant_core::sea_query::{Value, Values};
use tenant_core::uuid::Uuid;

const ADA: Uuid = Uuid::from_u128(0xADA);
const BOB: Uuid = Uuid::from_u128(0xB0B);
const CAROL: Uuid = Uuid::from_u128(0xCA401);
const DAVE: Uuid = Uuid::from_u128(0xDA7E);
const WEEK: Duration = Duration::from_secs(7 * 24 * 3600);

async fn setup<E: Connection>(db: &mut E) -> Member {
    orgs::create_tables(db).await.expect("tables are created");
    orgs::create_organization(db, ADA, "Acme", "acme")
        .await
        .expect("Acme is created")
}

/// Invites `email` as `role` and accepts as `user`: the new member.
async fn join<E: Connection>(
    db: &mut E,
    by: &Member,
    email: &str,
    role: Role,
    user: Uuid,
) -> Member {
    let (_, token) = orgs::invite(db, by, email, role, WEEK)
        .await
        .expect("invitation");
    orgs::accept(db, &token, user, Some(email))
        .await
        .expect("accepted")
}

/// A count by raw SQL, past the flows.
async fn count<E: Connection>(db: &mut E, sql: &str) -> i64 {
    let rows = db
        .fetch(sql, Values(Vec::new()), &[Kind::Int])
        .await
        .expect("count runs");
    match rows[0][0] {
        Value::BigInt(Some(count)) => count,
        ref other => panic!("count: {other:?}"),
    }
}

fn is<T: std::fmt::Debug>(
    result: Result<T, OrgError>,
    expected: fn(&OrgError) -> bool,
    what: &str,
) {
    match result {
        Err(error) if expected(&error) => {}
        other => panic!("{what}: {other:?}"),
    }
}

/// Creating makes the creator the owner; a non-member and a nonexistent organization get the
/// same `NotFound`; the switcher lists the user's own organizations only.
pub async fn create_enter_and_switch<E: Connection>(db: &mut E) {
    let acme = setup(db).await;
    assert_eq!(acme.role(), Role::Owner);
    assert!(!acme.require_2fa());
    let globex = orgs::create_organization(db, BOB, "Globex", "globex")
        .await
        .expect("Globex is created");
    is(
        orgs::create_organization(db, BOB, "Acme again", "acme").await,
        |error| matches!(error, OrgError::Conflict(_)),
        "a taken slug",
    );
    for slug in ["", "  ", &Uuid::from_u128(7).to_string()] {
        is(
            orgs::create_organization(db, BOB, "Shadow", slug).await,
            |error| matches!(error, OrgError::InvalidSlug),
            "an empty slug, or one that reads as an id",
        );
    }
    let entered = orgs::enter(db, ADA, acme.organization())
        .await
        .expect("ada enters Acme");
    assert_eq!(entered, acme);
    let by_slug = orgs::enter(db, ADA, "acme")
        .await
        .expect("ada enters Acme by its slug");
    assert_eq!(by_slug, acme);
    let not_member = orgs::enter(db, BOB, acme.organization()).await;
    let not_member_by_slug = orgs::enter(db, BOB, "acme").await;
    let nonexistent = orgs::enter(db, BOB, Uuid::from_u128(0xDEAD)).await;
    let no_such_slug = orgs::enter(db, BOB, "initech").await;
    let nil = orgs::enter(db, BOB, Uuid::nil()).await;
    for (result, what) in [
        (not_member, "a member of Globex entering Acme"),
        (
            not_member_by_slug,
            "a member of Globex entering Acme by slug",
        ),
        (nonexistent, "a nonexistent organization"),
        (no_such_slug, "a slug no organization has"),
        (nil, "the nil id"),
    ] {
        is(result, |error| matches!(error, OrgError::NotFound), what);
    }
    let ada_orgs = orgs::organizations_of(db, ADA).await.expect("switcher");
    let names: Vec<(&str, Role)> = ada_orgs
        .iter()
        .map(|(organization, role)| (organization.name.as_str(), *role))
        .collect();
    assert_eq!(names, [("Acme", Role::Owner)]);
    join(db, &globex, "ada@example.com", Role::Member, ADA).await;
    let ada_orgs = orgs::organizations_of(db, ADA).await.expect("switcher");
    let names: Vec<(&str, Role)> = ada_orgs
        .iter()
        .map(|(organization, role)| (organization.name.as_str(), *role))
        .collect();
    assert_eq!(names, [("Acme", Role::Owner), ("Globex", Role::Member)]);
    assert_eq!(
        orgs::organizations_of(db, CAROL)
            .await
            .expect("switcher")
            .len(),
        0,
        "a user of no organization sees none"
    );
}

/// An invitation is accepted once; only the token's SHA-256 is stored.
pub async fn an_invitation_is_accepted_once<E: Connection>(db: &mut E) {
    let acme = setup(db).await;
    let (invitation, token) = orgs::invite(db, &acme, " Bob@Example.com ", Role::Member, WEEK)
        .await
        .expect("ada invites bob");
    assert_eq!(token.len(), 64, "32 random bytes, hex");
    assert_eq!(invitation.email, "bob@example.com");
    {
        use sha2::Digest;
        assert_eq!(
            invitation.token_hash,
            sha2::Sha256::digest(token.as_bytes()).to_vec()
        );
    }
    let stored = count(
        db,
        "SELECT COUNT(*) FROM organization_invitations WHERE email = 'bob@example.com'",
    )
    .await;
    assert_eq!(stored, 1);
    let bob = orgs::accept(db, &token, BOB, None)
        .await
        .expect("bob accepts");
    assert_eq!(
        (bob.role(), bob.organization()),
        (Role::Member, acme.organization())
    );
    is(
        orgs::accept(db, &token, BOB, None).await,
        |error| matches!(error, OrgError::InvalidInvitation),
        "the same token twice",
    );
    is(
        orgs::accept(db, &token, CAROL, None).await,
        |error| matches!(error, OrgError::InvalidInvitation),
        "a used token by someone else",
    );
    is(
        orgs::accept(db, "not a token", CAROL, None).await,
        |error| matches!(error, OrgError::InvalidInvitation),
        "an unknown token",
    );
    assert_eq!(
        count(db, "SELECT COUNT(*) FROM organization_memberships").await,
        2
    );
}

/// Expired, revoked and someone else's tokens are refused like unknown ones; one pending
/// invitation per email, case-insensitively.
pub async fn expired_revoked_and_foreign_tokens_are_refused<E: Connection>(db: &mut E) {
    let acme = setup(db).await;
    let (_, expired) = orgs::invite(db, &acme, "late@example.com", Role::Member, Duration::ZERO)
        .await
        .expect("invitation");
    is(
        orgs::accept(db, &expired, BOB, None).await,
        |error| matches!(error, OrgError::InvalidInvitation),
        "an expired token",
    );
    let (revoked, token) = orgs::invite(db, &acme, "carol@example.com", Role::Member, WEEK)
        .await
        .expect("invitation");
    is(
        orgs::invite(db, &acme, "CAROL@example.com", Role::Member, WEEK).await,
        |error| matches!(error, OrgError::Conflict(_)),
        "a second pending invitation for the same email",
    );
    orgs::revoke(db, &acme, revoked.id).await.expect("revoked");
    is(
        orgs::accept(db, &token, CAROL, None).await,
        |error| matches!(error, OrgError::InvalidInvitation),
        "a revoked token",
    );
    is(
        orgs::revoke(db, &acme, revoked.id).await,
        |error| matches!(error, OrgError::NotFound),
        "revoking twice",
    );
    // Re-invited after the revocation.
    let (_, dave_token) = orgs::invite(db, &acme, "carol@example.com", Role::Member, WEEK)
        .await
        .expect("a new invitation after the revocation");
    is(
        orgs::accept(db, &dave_token, DAVE, Some("dave@example.com")).await,
        |error| matches!(error, OrgError::InvalidInvitation),
        "someone else's token with the email match on",
    );
    let carol = orgs::accept(db, &dave_token, CAROL, Some("Carol@Example.com"))
        .await
        .expect("the invitee, email matched case-insensitively");
    assert_eq!(carol.role(), Role::Member);
}

/// Roles: a member cannot invite; an admin cannot give a role above its own nor touch an
/// owner; `require` is `Forbidden` only for members.
pub async fn roles_are_enforced<E: Connection>(db: &mut E) {
    let acme = setup(db).await;
    let bob = join(db, &acme, "bob@example.com", Role::Member, BOB).await;
    let carol = join(db, &acme, "carol@example.com", Role::Admin, CAROL).await;
    is(
        bob.require(Role::Admin).map(drop),
        |error| {
            matches!(
                error,
                OrgError::Forbidden {
                    needed: Role::Admin,
                    role: Role::Member
                }
            )
        },
        "require",
    );
    is(
        orgs::invite(db, &bob, "x@example.com", Role::ReadOnly, WEEK).await,
        |error| matches!(error, OrgError::Forbidden { .. }),
        "a member inviting",
    );
    is(
        orgs::invite(db, &carol, "x@example.com", Role::Owner, WEEK).await,
        |error| matches!(error, OrgError::RoleAboveOwn { .. }),
        "an admin inviting an owner",
    );
    is(
        orgs::change_role(db, &carol, BOB, Role::Owner).await,
        |error| matches!(error, OrgError::RoleAboveOwn { .. }),
        "an admin promoting to owner",
    );
    is(
        orgs::change_role(db, &carol, ADA, Role::Member).await,
        |error| {
            matches!(
                error,
                OrgError::Forbidden {
                    needed: Role::Owner,
                    ..
                }
            )
        },
        "an admin demoting an owner",
    );
    is(
        orgs::remove_member(db, &carol, ADA).await,
        |error| {
            matches!(
                error,
                OrgError::Forbidden {
                    needed: Role::Owner,
                    ..
                }
            )
        },
        "an admin removing an owner",
    );
    orgs::change_role(db, &carol, BOB, Role::Admin)
        .await
        .expect("an admin promotes a member to admin");
    let bob = orgs::enter(db, BOB, acme.organization())
        .await
        .expect("bob");
    assert_eq!(bob.role(), Role::Admin);
    orgs::remove_member(db, &bob, CAROL)
        .await
        .expect("an admin removes an admin");
    is(
        orgs::enter(db, CAROL, acme.organization()).await,
        |error| matches!(error, OrgError::NotFound),
        "a removed member",
    );
    // Carol's old `Member` is stale: the flows re-check it.
    is(
        orgs::invite(db, &carol, "y@example.com", Role::Member, WEEK).await,
        |error| matches!(error, OrgError::NotFound),
        "a removed member's kept Member",
    );
}

/// The last owner can be neither demoted nor removed, nor leave.
pub async fn the_last_owner_stays<E: Connection>(db: &mut E) {
    let acme = setup(db).await;
    for (result, what) in [
        (
            orgs::change_role(db, &acme, ADA, Role::Admin).await,
            "demoting the last owner",
        ),
        (
            orgs::remove_member(db, &acme, ADA).await,
            "removing the last owner",
        ),
        (orgs::leave(db, &acme).await, "the last owner leaving"),
    ] {
        is(result, |error| matches!(error, OrgError::LastOwner), what);
    }
    let bob = join(db, &acme, "bob@example.com", Role::Owner, BOB).await;
    assert_eq!(bob.role(), Role::Owner);
    orgs::change_role(db, &bob, ADA, Role::Member)
        .await
        .expect("with two owners, one can be demoted");
    is(
        orgs::leave(db, &bob).await,
        |error| matches!(error, OrgError::LastOwner),
        "bob is now the last owner",
    );
    let ada = orgs::enter(db, ADA, acme.organization())
        .await
        .expect("ada");
    orgs::leave(db, &ada).await.expect("a member leaves");
    assert_eq!(
        count(db, "SELECT COUNT(*) FROM organization_memberships").await,
        1
    );
}

/// A member of one organization cannot reach another's invitations or members through its own
/// `Member`; deleting an organization takes its memberships and invitations with it.
pub async fn organizations_stay_apart_and_delete_cleanly<E: Connection>(db: &mut E) {
    let acme = setup(db).await;
    let globex = orgs::create_organization(db, BOB, "Globex", "globex")
        .await
        .expect("Globex");
    let (acme_invitation, _) = orgs::invite(db, &acme, "carol@example.com", Role::Member, WEEK)
        .await
        .expect("invitation");
    is(
        orgs::revoke(db, &globex, acme_invitation.id).await,
        |error| matches!(error, OrgError::NotFound),
        "Globex's owner revoking Acme's invitation",
    );
    is(
        orgs::remove_member(db, &globex, ADA).await,
        |error| matches!(error, OrgError::NotFound),
        "Globex's owner removing Acme's owner",
    );
    is(
        orgs::change_role(db, &globex, ADA, Role::ReadOnly).await,
        |error| matches!(error, OrgError::NotFound),
        "Globex's owner changing Acme's owner's role",
    );
    let carol = join(db, &acme, "dave@example.com", Role::Admin, CAROL).await;
    is(
        orgs::delete_organization(db, &carol).await,
        |error| {
            matches!(
                error,
                OrgError::Forbidden {
                    needed: Role::Owner,
                    ..
                }
            )
        },
        "an admin deleting the organization",
    );
    orgs::delete_organization(db, &acme)
        .await
        .expect("the owner deletes Acme");
    assert_eq!(count(db, "SELECT COUNT(*) FROM organizations").await, 1);
    assert_eq!(
        count(db, "SELECT COUNT(*) FROM organization_memberships").await,
        1,
        "only Globex's owner is left"
    );
    assert_eq!(
        count(db, "SELECT COUNT(*) FROM organization_invitations").await,
        0
    );
    is(
        orgs::enter(db, ADA, acme.organization()).await,
        |error| matches!(error, OrgError::NotFound),
        "a deleted organization",
    );
}

/// An [`ExecError`](orgs::ExecError) shows the database's reason (the postgres client's own
/// message is only "db error"), and says which constraint refused a write without downcasting.
pub async fn driver_errors_say_why_and_name_constraint_violations<E: Connection>(db: &mut E) {
    use tenant_core::orgs::ErrorKind;
    let none = || Values(Vec::new());
    db.execute("CREATE TABLE error_probe (id integer PRIMARY KEY)", none())
        .await
        .expect("probe table");
    db.execute("INSERT INTO error_probe (id) VALUES (1)", none())
        .await
        .expect("first row");
    let error = db
        .execute("INSERT INTO error_probe (id) VALUES (1)", none())
        .await
        .expect_err("the key is taken");
    assert!(error.is_unique_violation(), "{error:?}");
    assert_eq!(error.kind(), ErrorKind::UniqueViolation);
    let text = error.to_string().to_lowercase();
    assert!(
        text.contains("duplicate") || text.contains("unique"),
        "the reason is in the message: {text}"
    );
    let error = db
        .execute("SELECT * FROM no_such_table", none())
        .await
        .expect_err("no table");
    assert_eq!(error.kind(), ErrorKind::Other);
    assert!(
        error.to_string().contains("no_such_table"),
        "the reason is in the message: {error}"
    );
}

/// Invitations cannot be turned against their organization: an expired one no longer holds its
/// email; one never grants more than its inviter may grant when it is accepted (removing or
/// demoting the inviter revokes or caps it, and acceptance checks again); emails compare
/// exactly as stored, after one normalization (trimmed, ASCII letters lowercased) for both
/// `invite` and `accept`, on every database's collation.
pub async fn invitations_cannot_be_turned_against_their_organization<E: Connection>(db: &mut E) {
    if db.backend() == orgs::Backend::Mysql {
        // The server's default collation (the harness makes binary databases), under which
        // `Ömer` and `ömer`, or `straße` and `strase`, are one key unless the flows' schema
        // says otherwise.
        db.execute(
            "ALTER DATABASE CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci",
            Values(Vec::new()),
        )
        .await
        .expect("a case-insensitive database");
    }
    let acme = setup(db).await;
    // Expired: the email is free again.
    orgs::invite(db, &acme, "late@example.com", Role::Member, Duration::ZERO)
        .await
        .expect("an invitation that expires at once");
    let (_, token) = orgs::invite(db, &acme, "late@example.com", Role::Member, WEEK)
        .await
        .expect("re-inviting an email whose invitation expired");
    orgs::accept(db, &token, DAVE, Some("late@example.com"))
        .await
        .expect("the new invitation is accepted");

    // An admin invites a second address of their own as admin, and is removed.
    let bob = join(db, &acme, "bob@example.com", Role::Admin, BOB).await;
    let (_, backdoor) = orgs::invite(db, &bob, "bob+2@example.com", Role::Admin, WEEK)
        .await
        .expect("bob invites his second address");
    orgs::remove_member(db, &acme, BOB)
        .await
        .expect("bob is removed");
    assert_eq!(
        count(
            db,
            "SELECT COUNT(*) FROM organization_invitations WHERE email = 'bob+2@example.com' AND revoked_at IS NOT NULL AND pending_email IS NULL",
        )
        .await,
        1,
        "removing the inviter revoked the invitation"
    );
    is(
        orgs::accept(db, &backdoor, BOB, Some("bob+2@example.com")).await,
        |error| matches!(error, OrgError::InvalidInvitation),
        "an invitation of a removed inviter",
    );
    // Removed past the flows (the application's own SQL): acceptance checks the inviter again.
    let gus = join(
        db,
        &acme,
        "gus@example.com",
        Role::Admin,
        Uuid::from_u128(0x605),
    )
    .await;
    let (_, by_gus) = orgs::invite(db, &gus, "gus+2@example.com", Role::Admin, WEEK)
        .await
        .expect("gus invites his second address");
    db.execute(
        "DELETE FROM organization_memberships WHERE role = 'admin'",
        Values(Vec::new()),
    )
    .await
    .expect("raw delete");
    is(
        orgs::accept(db, &by_gus, Uuid::from_u128(0x605), None).await,
        |error| matches!(error, OrgError::InvalidInvitation),
        "an invitation whose inviter is no longer a member",
    );

    // Demoted below admin: the invitations made are revoked; an owner demoted to admin: the
    // owner invitations made are capped at admin.
    let carol = join(db, &acme, "carol@example.com", Role::Admin, CAROL).await;
    let (_, by_carol) = orgs::invite(db, &carol, "erin@example.com", Role::Member, WEEK)
        .await
        .expect("carol invites erin");
    orgs::change_role(db, &acme, CAROL, Role::Member)
        .await
        .expect("carol demoted");
    is(
        orgs::accept(db, &by_carol, Uuid::from_u128(0xE), None).await,
        |error| matches!(error, OrgError::InvalidInvitation),
        "an invitation of an inviter demoted below admin",
    );
    let dan = join(
        db,
        &acme,
        "dan@example.com",
        Role::Owner,
        Uuid::from_u128(0xDA),
    )
    .await;
    let (_, owner_invite) = orgs::invite(db, &dan, "fay@example.com", Role::Owner, WEEK)
        .await
        .expect("dan invites an owner");
    orgs::change_role(db, &acme, Uuid::from_u128(0xDA), Role::Admin)
        .await
        .expect("dan demoted to admin");
    let fay = orgs::accept(db, &owner_invite, Uuid::from_u128(0xFA), None)
        .await
        .expect("fay accepts");
    assert_eq!(fay.role(), Role::Admin, "capped at the inviter's role now");

    // One normalization: what `invite` stored, `accept` compares exactly.
    let (stored, token) = orgs::invite(db, &acme, " ÜNAL@Example.com ", Role::Member, WEEK)
        .await
        .expect("a non-ASCII capital");
    assert_eq!(
        stored.email, "Ünal@example.com",
        "ASCII letters lowercased, the rest as written"
    );
    orgs::accept(db, &token, Uuid::from_u128(0x1), Some("ÜNAL@example.COM"))
        .await
        .expect("the invitee accepts with their own address");
    let (_, kelvin) = orgs::invite(db, &acme, "\u{212A}elvin@example.com", Role::Member, WEEK)
        .await
        .expect("a Kelvin sign");
    is(
        orgs::accept(
            db,
            &kelvin,
            Uuid::from_u128(0x2),
            Some("kelvin@example.com"),
        )
        .await,
        |error| matches!(error, OrgError::InvalidInvitation),
        "the plain kelvin@ mailbox with a Kelvin sign's invitation",
    );
    orgs::invite(db, &acme, "straße@example.com", Role::Member, WEEK)
        .await
        .expect("straße");
    orgs::invite(db, &acme, "strase@example.com", Role::Member, WEEK)
        .await
        .expect("strase is another address, pending beside straße");
    orgs::invite(db, &acme, "Ömer@example.com", Role::Member, WEEK)
        .await
        .expect("Ömer");
    orgs::invite(db, &acme, "ömer@example.com", Role::Member, WEEK)
        .await
        .expect("ömer is another address as stored, pending beside Ömer");
}

/// Members and pending invitations are listed a page at a time, to those whose role sees them,
/// and only their organization's: members to any member, invitations (never a token or its
/// hash, never an accepted, revoked or expired one) to admins.
pub async fn members_and_invitations_are_listed<E: Connection>(db: &mut E) {
    let acme = setup(db).await;
    let bob = join(db, &acme, "bob@example.com", Role::Member, BOB).await;
    join(db, &acme, "carol@example.com", Role::Admin, CAROL).await;
    let globex = orgs::create_organization(db, DAVE, "Globex", "globex")
        .await
        .expect("Globex");
    orgs::invite(db, &globex, "spy@example.com", Role::Member, WEEK)
        .await
        .expect("Globex's invitation");
    orgs::invite(db, &acme, "late@example.com", Role::Member, Duration::ZERO)
        .await
        .expect("expired at once");
    let (revoked, _) = orgs::invite(db, &acme, "gone@example.com", Role::Member, WEEK)
        .await
        .expect("to revoke");
    orgs::revoke(db, &acme, revoked.id).await.expect("revoked");
    orgs::invite(db, &acme, "zed@example.com", Role::Admin, WEEK)
        .await
        .expect("pending");
    orgs::invite(db, &acme, "amy@example.com", Role::Member, WEEK)
        .await
        .expect("pending");

    let first = orgs::members(db, &bob, orgs::Page::first(2))
        .await
        .expect("a member lists the members");
    let second = orgs::members(db, &bob, orgs::Page::first(2).next())
        .await
        .expect("the next page");
    let listed: Vec<(Uuid, Role)> = first
        .iter()
        .chain(&second)
        .map(|membership| {
            assert_eq!(membership.organization_id, acme.organization());
            (membership.user_id, membership.role)
        })
        .collect();
    assert_eq!(
        listed,
        [
            (ADA, Role::Owner),
            (BOB, Role::Member),
            (CAROL, Role::Admin)
        ],
        "oldest first, Acme's only"
    );
    is(
        orgs::invitations(db, &bob, orgs::Page::first(10)).await,
        |error| matches!(error, OrgError::Forbidden { .. }),
        "a member lists the invitations",
    );
    let pending = orgs::invitations(db, &acme, orgs::Page::first(10))
        .await
        .expect("an owner lists the invitations");
    let listed: Vec<(&str, Role, Uuid)> = pending
        .iter()
        .map(|invitation| {
            (
                invitation.email.as_str(),
                invitation.role,
                invitation.invited_by,
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            ("amy@example.com", Role::Member, ADA),
            ("zed@example.com", Role::Admin, ADA)
        ],
        "pending only, by email, Acme's only"
    );
    orgs::remove_member(db, &acme, BOB).await.expect("removed");
    is(
        orgs::members(db, &bob, orgs::Page::first(10)).await,
        |error| matches!(error, OrgError::NotFound),
        "a removed member's kept Member",
    );
}

/// A statement as `db`'s database writes it.
fn sql_of<E: tenant_core::orgs::Executor>(
    db: &E,
    statement: &impl tenant_core::query::Statement,
) -> (String, Values) {
    use tenant_core::sea_query::{MysqlQueryBuilder, PostgresQueryBuilder, SqliteQueryBuilder};
    match db.backend() {
        orgs::Backend::Sqlite => statement.build_sql(SqliteQueryBuilder),
        orgs::Backend::Postgres => statement.build_sql(PostgresQueryBuilder),
        orgs::Backend::Mysql => statement.build_sql(MysqlQueryBuilder),
    }
}

/// The activity trail: every flow's change has its entry, committed with it; a flow that fails
/// after staging its entry keeps neither; the application records its own in its transaction;
/// admins read their organization's trail, newest first, a page at a time, and nothing else.
pub async fn the_activity_trail_records_every_change_and_nothing_that_failed<E: Connection>(
    db: &mut E,
) {
    use tenant_core::orgs::{Activity, Executor, Transaction};
    let acme = setup(db).await;
    let (_, token) = orgs::invite(db, &acme, "bob@example.com", Role::Member, WEEK)
        .await
        .expect("invitation");
    let bob = orgs::accept(db, &token, BOB, None).await.expect("accepted");
    orgs::change_role(db, &acme, BOB, Role::Admin)
        .await
        .expect("promoted");
    let (revoked, _) = orgs::invite(db, &acme, "carol@example.com", Role::Member, WEEK)
        .await
        .expect("to revoke");
    orgs::revoke(db, &acme, revoked.id).await.expect("revoked");
    // Failures after the entry was staged: neither the change nor the entry is kept.
    is(
        orgs::leave(db, &acme).await,
        |error| matches!(error, OrgError::LastOwner),
        "the last owner leaving",
    );
    is(
        orgs::accept(db, &token, CAROL, None).await,
        |error| matches!(error, OrgError::InvalidInvitation),
        "a used token",
    );
    orgs::invite(db, &acme, "dave@example.com", Role::Member, WEEK)
        .await
        .expect("pending");
    is(
        orgs::invite(db, &acme, "dave@example.com", Role::Member, WEEK).await,
        |error| matches!(error, OrgError::Conflict(_)),
        "a second pending invitation",
    );
    // The application's own entry, in its own transaction: kept when it commits, not when it
    // is dropped.
    for commit in [true, false] {
        let mut tx = db.begin().await.expect("begin");
        let record = bob
            .record(
                Activity::new("project.created")
                    .target(if commit { "kept" } else { "dropped" })
                    .detail("name", "Roadmap \"2027\""),
            )
            .expect("the entry");
        let (sql, values) = sql_of(&tx, &record);
        tx.execute(&sql, values).await.expect("recorded");
        if commit {
            tx.commit().await.expect("commit");
        }
    }
    let globex = orgs::create_organization(db, DAVE, "Globex", "globex")
        .await
        .expect("Globex");

    let first = orgs::events(db, &acme, orgs::Page::first(4))
        .await
        .expect("the owner reads the trail");
    let rest = orgs::events(db, &acme, orgs::Page::first(4).next())
        .await
        .expect("the next page");
    let trail: Vec<(&str, Option<&str>, Option<&str>)> = first
        .iter()
        .chain(&rest)
        .map(|event| {
            assert_eq!(event.organization_id, acme.organization());
            (
                event.action.as_str(),
                event.actor.as_deref(),
                event.target.as_deref(),
            )
        })
        .collect();
    let (ada, bob_id) = (ADA.to_string(), BOB.to_string());
    let revoked_id = revoked.id.to_string();
    assert_eq!(
        trail,
        [
            ("project.created", Some(bob_id.as_str()), Some("kept")),
            (
                "invitation.created",
                Some(ada.as_str()),
                Some("dave@example.com")
            ),
            (
                "invitation.revoked",
                Some(ada.as_str()),
                Some(revoked_id.as_str())
            ),
            (
                "invitation.created",
                Some(ada.as_str()),
                Some("carol@example.com")
            ),
            (
                "member.role_changed",
                Some(ada.as_str()),
                Some(bob_id.as_str())
            ),
            (
                "invitation.accepted",
                Some(bob_id.as_str()),
                Some("bob@example.com")
            ),
            (
                "invitation.created",
                Some(ada.as_str()),
                Some("bob@example.com")
            ),
            ("organization.created", Some(ada.as_str()), Some("acme")),
        ],
        "newest first; nothing of the failed flows, the dropped transaction or Globex"
    );
    assert_eq!(first[0].details, r#"{"name":"Roadmap \"2027\""}"#);
    assert!(first[3].details.contains(r#""role":"member""#));
    let globex_trail = orgs::events(db, &globex, orgs::Page::first(10))
        .await
        .expect("Globex's trail");
    assert_eq!(
        globex_trail
            .iter()
            .map(|event| event.action.as_str())
            .collect::<Vec<_>>(),
        ["organization.created"]
    );
    orgs::change_role(db, &acme, BOB, Role::Member)
        .await
        .expect("demoted");
    is(
        orgs::events(db, &bob, orgs::Page::first(10)).await,
        |error| matches!(error, OrgError::Forbidden { .. }),
        "a member reads the trail",
    );
}

/// The lifecycle: a requested organization is pending until the platform operator approves
/// (or rejects) it; an active one can be suspended and reactivated; any other move is refused.
/// Only an active organization is entered: its members learn its status, anyone else gets the
/// same `NotFound` as for an organization that does not exist. Every move is in the trail,
/// with the operator's reason.
pub async fn the_lifecycle_moves_only_by_the_operator_and_only_active_organizations_are_entered<
    E: Connection,
>(
    db: &mut E,
) {
    use tenant_core::orgs::{Operator, OrgStatus};
    let operator = Operator::because("tests: the platform's administration");
    let acme = setup(db).await;
    join(db, &acme, "bob@example.com", Role::Member, BOB).await;
    // Requested: pending, its owner learns it, others do not.
    let initech = orgs::request_organization(db, CAROL, "Initech", "initech")
        .await
        .expect("requested");
    is(
        orgs::enter(db, CAROL, initech.organization()).await,
        |error| {
            matches!(
                error,
                OrgError::Unavailable {
                    status: OrgStatus::Pending
                }
            )
        },
        "the owner of a pending organization",
    );
    is(
        orgs::enter(db, BOB, initech.organization()).await,
        |error| matches!(error, OrgError::NotFound),
        "a stranger to a pending organization",
    );
    is(
        orgs::suspend(db, &operator, initech.organization()).await,
        |error| {
            matches!(
                error,
                OrgError::Transition {
                    from: OrgStatus::Pending,
                    to: OrgStatus::Suspended
                }
            )
        },
        "suspending a pending organization",
    );
    orgs::approve(db, &operator, initech.organization())
        .await
        .expect("approved");
    orgs::enter(db, CAROL, initech.organization())
        .await
        .expect("an approved organization is entered");
    is(
        orgs::approve(db, &operator, initech.organization()).await,
        |error| matches!(error, OrgError::Transition { .. }),
        "approving twice",
    );
    // Suspended: members learn it, and every flow of theirs is refused; strangers get 404.
    orgs::suspend(db, &operator, acme.organization())
        .await
        .expect("suspended");
    is(
        orgs::enter(db, BOB, acme.organization()).await,
        |error| {
            matches!(
                error,
                OrgError::Unavailable {
                    status: OrgStatus::Suspended
                }
            )
        },
        "a member of a suspended organization",
    );
    is(
        orgs::enter(db, CAROL, acme.organization()).await,
        |error| matches!(error, OrgError::NotFound),
        "a stranger to a suspended organization",
    );
    is(
        orgs::invite(db, &acme, "dave@example.com", Role::Member, WEEK).await,
        |error| {
            matches!(
                error,
                OrgError::Unavailable {
                    status: OrgStatus::Suspended
                }
            )
        },
        "a flow of a suspended organization's owner",
    );
    let switcher = orgs::organizations_of(db, BOB).await.expect("switcher");
    assert_eq!(
        switcher
            .iter()
            .map(|(organization, _)| organization.status)
            .collect::<Vec<_>>(),
        [OrgStatus::Suspended],
        "the switcher shows the status"
    );
    orgs::reactivate(db, &operator, acme.organization())
        .await
        .expect("reactivated");
    orgs::enter(db, BOB, acme.organization())
        .await
        .expect("entered again");
    // Rejected: final.
    let hooli = orgs::request_organization(db, DAVE, "Hooli", "hooli")
        .await
        .expect("requested");
    orgs::reject(db, &operator, hooli.organization())
        .await
        .expect("rejected");
    is(
        orgs::approve(db, &operator, hooli.organization()).await,
        |error| matches!(error, OrgError::Transition { .. }),
        "approving a rejected organization",
    );
    is(
        orgs::suspend(db, &operator, Uuid::from_u128(0xDEAD)).await,
        |error| matches!(error, OrgError::NotFound),
        "an organization that does not exist",
    );
    // In the trail, with the reason and no member as actor.
    let trail = orgs::events(db, &acme, orgs::Page::first(10))
        .await
        .expect("trail");
    let moves: Vec<(&str, Option<&str>)> = trail
        .iter()
        .filter(|event| event.action.starts_with("organization."))
        .map(|event| (event.action.as_str(), event.actor.as_deref()))
        .collect();
    assert_eq!(
        moves,
        [
            ("organization.reactivated", None),
            ("organization.suspended", None),
            ("organization.created", Some(ADA.to_string().as_str())),
        ]
    );
    assert!(trail[0].details.contains("the platform's administration"));
}
