//! `#[tenant(from_row)]`: a derived struct decodes from its rows by column name — no positional
//! closures — on every driver: rusqlite (`rusqlite::query_as`), the synchronous postgres client
//! (`BoundTransaction::query_as`), sqlx on PostgreSQL (`BoundTransaction::fetch_all_as`) and on
//! MariaDB (`sqlx::query_as`). Renamed columns are read by their column name, skipped fields get
//! their `Default`, a generic struct decodes for the types its parameter takes, and a row that
//! does not fit is an error, never a panic. The `orgs` records decode the same way.

use tenant_core::orgs::{self, Membership, Organization, Role};
use tenant_core::rusqlite::{self as driver, rusqlite};
use tenant_core::sea_query::{MysqlQueryBuilder, PostgresQueryBuilder, SqliteQueryBuilder};
use tenant_core::uuid::Uuid;
use tenant_core::{GlobalTable, Scope, TenantScoped, TenantSetting};
use tenant_tests::backends::{Mysql, Postgres};

#[derive(Debug, Clone, PartialEq, TenantScoped)]
#[tenant(table = "notes", from_row)]
struct Note {
    id: Uuid,
    organization_id: Uuid,
    #[tenant(rename = "body_text")]
    body: String,
    pinned: bool,
    rank: i64,
    due: Option<String>,
    /// Not a column: decoded rows leave it at its default.
    #[tenant(skip)]
    cached: Option<String>,
}

/// A generic record: it decodes for the parameter types the driver decodes.
#[derive(Debug, Clone, PartialEq, TenantScoped)]
#[tenant(table = "tags", from_row)]
struct Tag<T: Clone + Into<tenant_core::sea_query::Value> + tenant_core::SqlType> {
    id: Uuid,
    organization_id: Uuid,
    value: T,
}

const ACME: Uuid = Uuid::from_u128(0xAC);

fn scope() -> Scope {
    Scope::new(ACME).expect("not nil")
}

/// Two notes of Acme, as inserted (the tenant column is stamped from the scope), and as they
/// read back: `cached` was never stored.
fn notes() -> (Vec<Note>, Vec<Note>) {
    let written = vec![
        Note {
            id: Uuid::from_u128(1),
            organization_id: ACME,
            body: "first".into(),
            pinned: true,
            rank: -7,
            due: Some("2026-12-24".into()),
            cached: Some("not stored".into()),
        },
        Note {
            id: Uuid::from_u128(2),
            organization_id: ACME,
            body: "second".into(),
            pinned: false,
            rank: i64::MAX,
            due: None,
            cached: None,
        },
    ];
    let read = written
        .iter()
        .cloned()
        .map(|note| Note {
            cached: None,
            ..note
        })
        .collect();
    (written, read)
}

fn select() -> tenant_core::query::Select<Note> {
    Note::select(&scope()).order_by(NoteIden::Id, tenant_core::sea_query::Order::Asc)
}

/// The organizations table the notes' foreign key references (Acme is inserted with a bound
/// value, as each driver stores a UUID).
fn organizations<B: tenant_core::sea_query::SchemaBuilder>(builder: B) -> String {
    use tenant_core::sea_query::{ColumnDef, Table};
    Table::create()
        .table("organizations")
        .col(ColumnDef::new("id").uuid().not_null().primary_key())
        .to_string(builder)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

#[test]
fn a_derived_struct_decodes_on_rusqlite() {
    let db = rusqlite::Connection::open_in_memory().expect("SQLite");
    for table in [organizations(SqliteQueryBuilder)].into_iter().chain([
        Note::create_table().to_string(SqliteQueryBuilder),
        Tag::<String>::create_table().to_string(SqliteQueryBuilder),
    ]) {
        db.execute_batch(&table).expect("table");
    }
    db.execute("INSERT INTO organizations (id) VALUES (?1)", [ACME])
        .expect("Acme");
    let (written, read) = notes();
    driver::execute(&db, &Note::insert(&scope()).rows(&written).expect("rows")).expect("insert");
    let decoded: Vec<Note> = driver::query_as(&db, &select()).expect("notes decode");
    assert_eq!(decoded, read);

    let tag = Tag {
        id: Uuid::from_u128(3),
        organization_id: ACME,
        value: "urgent".to_owned(),
    };
    driver::execute(&db, &Tag::insert(&scope()).row(&tag).expect("row")).expect("insert");
    let tags: Vec<Tag<String>> =
        driver::query_as(&db, &Tag::<String>::select(&scope())).expect("tags decode");
    assert_eq!(tags, [tag]);

    // A row that does not fit the struct is an error: the column `rank` holds text.
    db.execute_batch("UPDATE notes SET rank = 'high' WHERE body_text = 'second'")
        .expect("raw update");
    let refused = driver::query_as::<Note>(&db, &select());
    assert!(
        matches!(
            refused,
            Err(rusqlite::Error::InvalidColumnType(_, ref name, _)) if name == "rank"
        ),
        "{refused:?}"
    );
}

#[test]
fn the_orgs_records_decode_on_rusqlite() {
    let mut db = rusqlite::Connection::open_in_memory().expect("SQLite");
    let mut executor = orgs::RusqliteExecutor::new(&mut db);
    orgs::block_on(orgs::create_tables(&mut executor)).expect("tables");
    let acme = orgs::block_on(orgs::create_organization(
        &mut executor,
        Uuid::from_u128(0xADA),
        "Acme",
        "acme",
    ))
    .expect("Acme");
    let organizations: Vec<Organization> =
        driver::query_as(&db, &Organization::select()).expect("organizations decode");
    assert_eq!(
        organizations
            .iter()
            .map(|organization| (organization.id, organization.slug.as_str()))
            .collect::<Vec<_>>(),
        [(acme.organization(), "acme")]
    );
    let memberships: Vec<Membership> =
        driver::query_as(&db, &Membership::select(acme.scope())).expect("memberships decode");
    assert_eq!(memberships.len(), 1);
    assert_eq!(memberships[0].role, Role::Owner);
    // A stored role that is no role is a decoding error.
    db.execute_batch("UPDATE organization_memberships SET role = 'emperor'")
        .expect("raw update");
    assert!(driver::query_as::<Membership>(&db, &Membership::select(acme.scope())).is_err());
}

#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn a_derived_struct_decodes_on_both_postgres_drivers() {
    let mut db = Postgres::empty();
    for table in [organizations(PostgresQueryBuilder)].into_iter().chain([
        Note::create_table().to_string(PostgresQueryBuilder),
        Tag::<String>::create_table().to_string(PostgresQueryBuilder),
    ]) {
        db.client.batch_execute(&table).expect("table");
    }
    db.client
        .execute("INSERT INTO organizations (id) VALUES ($1)", &[&ACME])
        .expect("Acme");
    let (written, read) = notes();
    let mut transaction = db.bound(ACME);
    transaction
        .execute(&Note::insert(&scope()).rows(&written).expect("rows"))
        .expect("insert");
    let decoded: Vec<Note> = transaction.query_as(&select()).expect("notes decode");
    assert_eq!(decoded, read);
    let tag = Tag {
        id: Uuid::from_u128(3),
        organization_id: ACME,
        value: "urgent".to_owned(),
    };
    transaction
        .execute(&Tag::insert(&scope()).row(&tag).expect("row"))
        .expect("insert");
    let tags: Vec<Tag<String>> = transaction
        .query_as(&Tag::<String>::select(&scope()))
        .expect("tags decode");
    assert_eq!(tags, [tag]);
    transaction.commit().expect("commit");

    runtime().block_on(async {
        let mut connection = db.sqlx_connection().await;
        let mut tx = tenant_core::sqlx::BoundTransaction::begin(
            &mut connection,
            &scope(),
            &TenantSetting::DEFAULT,
        )
        .await
        .expect("bound");
        let decoded: Vec<Note> = tx.fetch_all_as(&select()).await.expect("notes decode");
        assert_eq!(decoded, read);
        tx.commit().await.expect("commit");
    });

    // A row that does not fit is an error: `due` holds an integer.
    db.client
        .batch_execute("ALTER TABLE notes ALTER COLUMN due TYPE bigint USING NULL")
        .expect("raw alter");
    let mut transaction = db.bound(ACME);
    let refused = transaction.query_as::<Note>(&select());
    assert!(
        matches!(refused, Err(tenant_core::postgres::Error::Postgres(_))),
        "{refused:?}"
    );
}

#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn the_orgs_records_decode_on_the_postgres_client() {
    let mut db = Postgres::empty();
    let mut executor = orgs::PostgresExecutor::new(&mut db.client);
    orgs::block_on(orgs::create_tables(&mut executor)).expect("tables");
    let acme = orgs::block_on(orgs::create_organization(
        &mut executor,
        Uuid::from_u128(0xADA),
        "Acme",
        "acme",
    ))
    .expect("Acme");
    let mut transaction = db.bound(acme.organization());
    let memberships: Vec<Membership> = transaction
        .query_as(&Membership::select(acme.scope()))
        .expect("memberships decode");
    assert_eq!(
        memberships
            .iter()
            .map(|membership| (membership.user_id, membership.role))
            .collect::<Vec<_>>(),
        [(Uuid::from_u128(0xADA), Role::Owner)]
    );
    let organizations: Vec<Organization> = transaction
        .query_as(&Organization::select())
        .expect("organizations decode");
    assert_eq!(organizations[0].slug, "acme");
}

#[test]
#[ignore = "needs TENANT_TEST_MYSQL_URL"]
fn a_derived_struct_decodes_on_mariadb() {
    let mut db = Mysql::empty();
    let Mysql {
        runtime,
        connection,
        ..
    } = &mut db;
    runtime.block_on(async {
        for table in [organizations(MysqlQueryBuilder)]
            .into_iter()
            .chain([Note::create_table().to_string(MysqlQueryBuilder)])
        {
            sqlx::raw_sql(sqlx::AssertSqlSafe(table))
                .execute(&mut *connection)
                .await
                .expect("table");
        }
        sqlx::query("INSERT INTO organizations (id) VALUES (?)")
            .bind(ACME)
            .execute(&mut *connection)
            .await
            .expect("Acme");
        let (written, read) = notes();
        tenant_core::sqlx::query::<sqlx::MySql>(
            &Note::insert(&scope()).rows(&written).expect("rows"),
        )
        .execute(&mut *connection)
        .await
        .expect("insert");
        let decoded: Vec<Note> = tenant_core::sqlx::query_as::<sqlx::MySql, Note>(&select())
            .fetch_all(&mut *connection)
            .await
            .expect("notes decode");
        assert_eq!(decoded, read);
    });
}
