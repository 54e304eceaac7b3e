//! Organizations and members on an in-memory SQLite database: two users, two organizations,
//! an invitation accepted, a non-member refused, each member's scoped queries, the platform
//! operator suspending and reactivating an organization, and the activity trail.
//!
//! Run with `cargo run --example organizations`.

use std::time::Duration;

use tenant_core::TenantScoped;
use tenant_core::orgs::{self, Activity, Operator, OrgError, Role, RusqliteExecutor};
use tenant_core::rusqlite::{self as driver, rusqlite};
use tenant_core::sea_query::SqliteQueryBuilder;
use tenant_core::uuid::Uuid;

/// The application's own tenant table: deleting an organization deletes its projects.
#[derive(TenantScoped)]
#[tenant(on_delete_cascade)]
pub struct Project {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub name: String,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut connection = rusqlite::Connection::open_in_memory()?;
    connection.execute_batch("PRAGMA foreign_keys = ON")?;
    orgs::block_on(orgs::create_tables(&mut RusqliteExecutor::new(
        &mut connection,
    )))?;
    connection.execute(&Project::create_table().to_string(SqliteQueryBuilder), [])?;

    let (ada, bob) = (Uuid::from_u128(0xADA), Uuid::from_u128(0xB0B));
    let mut db = RusqliteExecutor::new(&mut connection);
    let acme = orgs::block_on(orgs::create_organization(&mut db, ada, "Acme", "acme"))?;
    let globex = orgs::block_on(orgs::create_organization(&mut db, bob, "Globex", "globex"))?;
    println!(
        "Ada owns Acme ({}), Bob owns Globex ({})",
        acme.organization(),
        globex.organization()
    );

    // Ada invites Bob into Acme; the token goes to Bob (by email, say), its hash to the table.
    let (invitation, token) = orgs::block_on(orgs::invite(
        &mut db,
        &acme,
        "bob@example.com",
        Role::Member,
        Duration::from_secs(7 * 24 * 3600),
    ))?;
    println!(
        "Ada invited {} as {:?}; token {}…",
        invitation.email,
        invitation.role,
        &token[..8]
    );
    let bob_in_acme = orgs::block_on(orgs::accept(&mut db, &token, bob, Some("bob@example.com")))?;
    println!("Bob accepted: {:?} in Acme", bob_in_acme.role());
    let again = orgs::block_on(orgs::accept(&mut db, &token, bob, None));
    println!(
        "the same token again: {}",
        again.err().map_or("accepted?!".into(), |e| e.to_string())
    );

    // Ada is not a member of Globex: the same answer as for an organization that does not exist.
    for (what, organization) in [
        ("Globex", globex.organization()),
        ("a made-up id", Uuid::from_u128(7)),
    ] {
        match orgs::block_on(orgs::enter(&mut db, ada, organization)) {
            Err(OrgError::NotFound) => println!("Ada entering {what}: not found (404)"),
            other => println!("Ada entering {what}: {other:?}"),
        }
    }
    match bob_in_acme.require(Role::Admin) {
        Err(error) => println!("Bob inviting in Acme: {error} (403)"),
        Ok(_) => println!("Bob may invite?!"),
    }

    let switcher = orgs::block_on(orgs::organizations_of(&mut db, bob))?;
    let names: Vec<String> = switcher
        .iter()
        .map(|(organization, role)| format!("{} ({role:?})", organization.name))
        .collect();
    println!("Bob's organization switcher: {}", names.join(", "));

    // Each member's queries are scoped by the scope their membership gave them (the executor
    // borrowed the connection until here).
    let project = |name: &str| Project {
        id: Uuid::new_v4(),
        organization_id: Uuid::nil(),
        name: name.into(),
    };
    driver::execute(
        &connection,
        &Project::insert(acme.scope()).row(&project("Rocket"))?,
    )?;
    driver::execute(
        &connection,
        &Project::insert(globex.scope()).row(&project("Doomsday device"))?,
    )?;
    for (who, member) in [
        ("Ada in Acme", &acme),
        ("Bob in Acme", &bob_in_acme),
        ("Bob in Globex", &globex),
    ] {
        let names = driver::query(&connection, &Project::select(member.scope()), |row| {
            row.get::<_, String>(2)
        })?;
        println!("{who} sees projects {names:?}");
    }

    // The application records its own activity in the transaction of its change.
    let tx = connection.transaction()?;
    let rocket = project("Moon base");
    driver::execute(&tx, &Project::insert(acme.scope()).row(&rocket)?)?;
    driver::execute(
        &tx,
        &acme.record(
            Activity::new("project.created")
                .target(rocket.id)
                .detail("name", &rocket.name),
        )?,
    )?;
    tx.commit()?;

    // The platform operator suspends Acme: its members learn it, strangers still get 404.
    let mut db = RusqliteExecutor::new(&mut connection);
    let operator = Operator::because("example: a billing dispute");
    orgs::block_on(orgs::suspend(&mut db, &operator, acme.organization()))?;
    match orgs::block_on(orgs::enter(&mut db, bob, acme.organization())) {
        Err(error @ OrgError::Unavailable { .. }) => println!("Bob entering Acme: {error} (403)"),
        other => println!("Bob entering a suspended Acme: {other:?}"),
    }
    orgs::block_on(orgs::reactivate(&mut db, &operator, acme.organization()))?;

    // Acme's trail, newest first, as its owner reads it.
    println!("Acme's activity trail:");
    for event in orgs::block_on(orgs::events(&mut db, &acme, orgs::Page::first(20)))? {
        println!(
            "  {:<26} by {:<38} on {:<38} {}",
            event.action,
            event.actor.as_deref().unwrap_or("(the operator)"),
            event.target.as_deref().unwrap_or("-"),
            event.details
        );
    }

    // Bob leaves Acme; Globex's owner deletes Globex, and its projects go with it.
    orgs::block_on(orgs::leave(&mut db, &bob_in_acme))?;
    orgs::block_on(orgs::delete_organization(&mut db, &globex))?;
    let left = orgs::block_on(orgs::organizations_of(&mut db, bob))?;
    println!(
        "after leaving Acme and deleting Globex, Bob belongs to {} organizations",
        left.len()
    );
    let projects: i64 =
        connection.query_row("SELECT COUNT(*) FROM projects", [], |row| row.get(0))?;
    println!("projects left in the table: {projects}");
    Ok(())
}
