//! The `orgs` records decode from their rows with `sqlx::query_as` (by column name, no
//! positional closures) on PostgreSQL and MariaDB, and serialize (feature `serde`) without what
//! must not leave the server.

use std::time::Duration;

use tenant_core::orgs::{
    self, Invitation, Membership, Organization, Role, SqlxMysqlExecutor, SqlxPostgresExecutor,
};
use tenant_core::uuid::Uuid;
use tenant_tests::backends::{Mysql, Postgres};

const ADA: Uuid = Uuid::from_u128(0xADA);

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

/// Makes Acme (owner Ada) with one pending invitation, then reads the three tables back with
/// `query_as` and checks every field.
macro_rules! decodes {
    ($connection:expr, $executor:ident) => {{
        let connection = $connection;
        let acme =
            orgs::create_organization(&mut $executor::new(&mut *connection), ADA, "Acme", "acme")
                .await
                .expect("Acme");
        orgs::invite(
            &mut $executor::new(&mut *connection),
            &acme,
            "bob@example.com",
            Role::Admin,
            Duration::from_secs(3600),
        )
        .await
        .expect("invitation");
        let organization: Organization = sqlx::query_as("SELECT * FROM organizations")
            .fetch_one(&mut *connection)
            .await
            .expect("an organization decodes");
        assert_eq!(organization.id, acme.organization());
        assert_eq!(
            (organization.name.as_str(), organization.slug.as_str()),
            ("Acme", "acme")
        );
        assert!(!organization.require_2fa);
        let membership: Membership = sqlx::query_as("SELECT * FROM organization_memberships")
            .fetch_one(&mut *connection)
            .await
            .expect("a membership decodes");
        assert_eq!(
            (
                membership.organization_id,
                membership.user_id,
                membership.role
            ),
            (acme.organization(), ADA, Role::Owner)
        );
        let invitation: Invitation = sqlx::query_as("SELECT * FROM organization_invitations")
            .fetch_one(&mut *connection)
            .await
            .expect("an invitation decodes");
        assert_eq!(invitation.email, "bob@example.com");
        assert_eq!(invitation.pending_email.as_deref(), Some("bob@example.com"));
        assert_eq!((invitation.role, invitation.invited_by), (Role::Admin, ADA));
        assert_eq!(invitation.token_hash.len(), 32);
        assert_eq!(
            (invitation.accepted_at, invitation.revoked_at),
            (None, None)
        );
        // A text that is no role is an error that names it, not a panic or a default.
        let refused = sqlx::query_as::<_, (Role,)>("SELECT 'superuser'")
            .fetch_one(&mut *connection)
            .await
            .expect_err("not a role");
        assert!(refused.to_string().contains("superuser"), "{refused}");
        (acme, invitation)
    }};
}

#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn the_records_decode_on_postgres() {
    let db = Postgres::empty();
    runtime().block_on(async {
        let mut connection = db.sqlx_connection().await;
        orgs::create_tables(&mut SqlxPostgresExecutor::new(&mut connection))
            .await
            .expect("tables");
        decodes!(&mut connection, SqlxPostgresExecutor);
    });
}

#[test]
#[ignore = "needs TENANT_TEST_MYSQL_URL"]
fn the_records_decode_on_mariadb() {
    let mut db = Mysql::empty();
    let Mysql {
        runtime,
        connection,
        ..
    } = &mut db;
    runtime.block_on(async {
        orgs::create_tables(&mut SqlxMysqlExecutor::new(&mut *connection))
            .await
            .expect("tables");
        decodes!(&mut *connection, SqlxMysqlExecutor);
    });
}

/// Serialized: roles as stored, a member as its organization, user, role and policy, an
/// invitation without its token hash (deserialized, the hash is empty: it cannot be smuggled
/// in).
#[test]
fn the_records_serialize_without_secrets() {
    assert_eq!(
        serde_json::to_string(&Role::ReadOnly).unwrap(),
        r#""read_only""#
    );
    assert_eq!(
        serde_json::from_str::<Role>(r#""owner""#).unwrap(),
        Role::Owner
    );
    assert!(serde_json::from_str::<Role>(r#""root""#).is_err());

    let invitation = Invitation {
        id: Uuid::from_u128(1),
        organization_id: Uuid::from_u128(2),
        email: "bob@example.com".into(),
        pending_email: Some("bob@example.com".into()),
        role: Role::Member,
        token_hash: vec![7; 32],
        invited_by: ADA,
        expires_at: 10,
        accepted_at: None,
        revoked_at: None,
    };
    let json = serde_json::to_value(&invitation).unwrap();
    assert!(json.get("token_hash").is_none(), "{json}");
    assert_eq!(json["role"], "member");
    let back: Invitation = serde_json::from_value(json).unwrap();
    assert!(back.token_hash.is_empty());

    let mut db = tenant_tests::backends::Sqlite::empty();
    let mut executor = orgs::RusqliteExecutor::new(&mut db.0);
    orgs::block_on(orgs::create_tables(&mut executor)).expect("tables");
    let member = orgs::block_on(orgs::create_organization(
        &mut executor,
        ADA,
        "Acme",
        "acme",
    ))
    .expect("Acme");
    let json = serde_json::to_value(&member).unwrap();
    assert_eq!(json["organization_id"], member.organization().to_string());
    assert_eq!(json["user_id"], ADA.to_string());
    assert_eq!(json["role"], "owner");
}
