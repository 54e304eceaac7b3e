//! Every built-in column type (chrono and time behind their features) in `create_table`, and a
//! row of them written through the scoped insert and read back on each database.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use tenant_core::sea_query::{MysqlQueryBuilder, PostgresQueryBuilder, SqliteQueryBuilder};
use tenant_core::uuid::Uuid;
use tenant_core::{Scope, TenantScoped};
use tenant_tests::ORG_A;
use tenant_tests::backends::{Mysql, Postgres, Sqlite};

#[derive(TenantScoped, Debug, Clone, PartialEq)]
pub struct Event {
    pub id: i64,
    pub organization_id: Uuid,
    pub title: String,
    pub note: Option<String>,
    pub count: i32,
    pub small: i16,
    pub ratio: f64,
    pub weight: f32,
    pub data: Vec<u8>,
    pub done: bool,
    pub day: NaiveDate,
    pub at: NaiveTime,
    pub local: NaiveDateTime,
    pub stamped: DateTime<Utc>,
    pub t_day: time::Date,
    pub t_stamped: time::OffsetDateTime,
}

fn event() -> Event {
    let day = NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date");
    let at = NaiveTime::from_hms_opt(21, 8, 53).expect("a time");
    Event {
        id: 1,
        organization_id: Uuid::nil(),
        title: "launch".into(),
        note: None,
        count: -7,
        small: 12,
        ratio: 0.25,
        weight: 1.5,
        data: vec![0, 1, 2, 255],
        done: true,
        day,
        at,
        local: day.and_time(at),
        stamped: day.and_time(at).and_utc(),
        t_day: time::macros::date!(2026 - 11 - 22),
        t_stamped: time::macros::datetime!(2026-11-22 21:08:53 UTC),
    }
}

fn insert() -> impl tenant_core::query::Statement {
    let scope = Scope::new(ORG_A).expect("not nil");
    Event::insert(&scope)
        .row(&event())
        .expect("the scope's row")
}

#[test]
fn create_table_maps_every_type() {
    assert_eq!(
        Event::create_table().to_string(PostgresQueryBuilder),
        concat!(
            r#"CREATE TABLE "events" ( "id" bigint NOT NULL, "organization_id" uuid NOT NULL, "title" varchar NOT NULL, "note" varchar NULL,"#,
            r#" "count" integer NOT NULL, "small" smallint NOT NULL, "ratio" double precision NOT NULL, "weight" real NOT NULL, "data" bytea NOT NULL,"#,
            r#" "done" bool NOT NULL, "day" date NOT NULL, "at" time NOT NULL, "local" timestamp without time zone NOT NULL,"#,
            r#" "stamped" timestamp with time zone NOT NULL, "t_day" date NOT NULL, "t_stamped" timestamp with time zone NOT NULL,"#,
            r#" PRIMARY KEY ("organization_id", "id"),"#,
            r#" CONSTRAINT "events_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") )"#,
        )
    );
}

#[test]
fn a_row_of_every_type_round_trips_on_sqlite() {
    let db = Sqlite::open();
    db.0.execute(&Event::create_table().to_string(SqliteQueryBuilder), [])
        .expect("table is created");
    tenant_core::rusqlite::execute(&db.0, &insert()).expect("row is inserted");
    let scope = Scope::new(ORG_A).expect("not nil");
    let read = tenant_core::rusqlite::query(&db.0, &Event::find(&scope, 1), |row| {
        Ok(Event {
            id: row.get(0)?,
            organization_id: row.get(1)?,
            title: row.get(2)?,
            note: row.get(3)?,
            count: row.get(4)?,
            small: row.get(5)?,
            ratio: row.get(6)?,
            weight: row.get(7)?,
            data: row.get(8)?,
            done: row.get(9)?,
            day: row.get(10)?,
            at: row.get(11)?,
            local: row.get(12)?,
            stamped: row.get(13)?,
            t_day: row.get(14)?,
            t_stamped: row.get(15)?,
        })
    })
    .expect("row is read");
    assert_eq!(
        read,
        [Event {
            organization_id: ORG_A,
            ..event()
        }]
    );
}

#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn a_row_of_every_type_is_written_on_postgres() {
    let mut db = Postgres::open();
    db.client
        .batch_execute(&Event::create_table().to_string(PostgresQueryBuilder))
        .expect("table is created");
    let scope = Scope::new(ORG_A).expect("not nil");
    let mut transaction = db.bound(ORG_A);
    transaction.execute(&insert()).expect("row is inserted");
    let rows = transaction.query(&Event::find(&scope, 1)).expect("read");
    transaction.commit().expect("commit");
    let row = &rows[0];
    let expected = event();
    assert_eq!(row.get::<_, String>("title"), expected.title);
    assert_eq!(row.get::<_, Vec<u8>>("data"), expected.data);
    assert_eq!(row.get::<_, NaiveDateTime>("local"), expected.local);
    assert_eq!(row.get::<_, DateTime<Utc>>("stamped"), expected.stamped);
    assert_eq!(row.get::<_, time::Date>("t_day"), expected.t_day);
}

#[test]
#[ignore = "needs TENANT_TEST_MYSQL_URL"]
fn a_row_of_every_type_is_written_on_mysql() {
    use sqlx::Row;
    let mut db = Mysql::open();
    let table = Event::create_table().to_string(MysqlQueryBuilder);
    db.runtime
        .block_on(sqlx::raw_sql(sqlx::AssertSqlSafe(table)).execute(&mut db.connection))
        .expect("table is created");
    let insert = tenant_core::sqlx::query::<sqlx::MySql>(&insert());
    db.runtime
        .block_on(insert.execute(&mut db.connection))
        .expect("row is inserted");
    let scope = Scope::new(ORG_A).expect("not nil");
    let select = tenant_core::sqlx::query::<sqlx::MySql>(&Event::find(&scope, 1));
    let row = db
        .runtime
        .block_on(select.fetch_one(&mut db.connection))
        .expect("read");
    let expected = event();
    assert_eq!(row.get::<String, _>("title"), expected.title);
    assert_eq!(row.get::<Vec<u8>, _>("data"), expected.data);
    assert_eq!(row.get::<NaiveDateTime, _>("local"), expected.local);
    assert_eq!(row.get::<time::Date, _>("t_day"), expected.t_day);
}
