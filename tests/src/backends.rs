//! The three databases the isolation suite runs on, each behind [`Db`], each test in a namespace
//! of its own (an in-memory SQLite database, a PostgreSQL schema, a MariaDB database) so tests are
//! independent and run in parallel. The tables come from `Project::create_table()`; the seed rows
//! are written with plain sea-query, not with the builders under test; the builders run through
//! tenant-core's driver modules.

use sea_query_postgres::PostgresBinder;
use sea_query_rusqlite::RusqliteBinder;
use sea_query_sqlx::SqlxBinder;
use sqlx::{Connection, Executor, Row};
use tenant_core::query::{Select, Statement, StatementFor, UnscopedStatement};
use tenant_core::sea_query::{
    ColumnDef, InsertStatement, MysqlQueryBuilder, PostgresQueryBuilder, Query, SchemaBuilder,
    SqliteQueryBuilder, Table, TableCreateStatement, Value,
};
use tenant_core::uuid::Uuid;
use tenant_core::{GlobalTable, TenantScoped};

use crate::{Member, ORG_A, ORG_B, ORG_C, Project, SEED_TASKS, Status, seed_rows};

/// A database with the `organizations` and `projects` tables and [`seed_rows`].
pub trait Db {
    /// Runs a scoped select through tenant-core's driver for this database; the rows, or the
    /// database's error.
    fn try_fetch(&mut self, select: &Select<Project>) -> Result<Vec<Project>, String>;
    /// [`try_fetch`](Self::try_fetch) for a select that must succeed.
    fn fetch(&mut self, select: &Select<Project>) -> Vec<Project> {
        self.try_fetch(select).expect("select runs")
    }
    /// Runs a scoped insert, update or delete the same way; the number of rows changed, or the
    /// database's error.
    fn try_execute(&mut self, statement: &impl Statement) -> Result<u64, String>;
    /// [`try_execute`](Self::try_execute) for a statement that must succeed.
    fn execute(&mut self, statement: &impl Statement) -> u64 {
        self.try_execute(statement).expect("statement runs")
    }
    /// Every row of `projects`, read with hand-written SQL that bypasses the builders.
    fn all_rows(&mut self) -> Vec<Project>;
    /// Runs any scoped statement that returns rows (a projection, a join, a count) and reads
    /// every column as text (integers and booleans printed, `NULL` as `None`).
    fn try_texts(&mut self, statement: &impl Statement)
    -> Result<Vec<Vec<Option<String>>>, String>;
    /// Runs a statement built with `Unscoped` (on PostgreSQL, in `unscoped_transaction`) and
    /// reads its rows as [`try_texts`](Self::try_texts) does, sorted.
    fn unscoped_texts(&mut self, statement: &impl Unscoped) -> Vec<Vec<Option<String>>>;
    /// Runs an unscoped update or delete; the number of rows changed.
    fn unscoped_execute(&mut self, statement: &impl Unscoped) -> u64;
    /// Runs a select with a `FULL OUTER JOIN` and reads its rows as [`texts`](Self::texts)
    /// does; `None` on MySQL, which has no full outer join (such a select does not build for it).
    fn full_outer_texts(&mut self, statement: &impl FullOuter) -> Option<Vec<Vec<Option<String>>>>;
    /// [`try_texts`](Self::try_texts) for a statement that must succeed, rows sorted.
    fn texts(&mut self, statement: &impl Statement) -> Vec<Vec<Option<String>>> {
        let mut rows = self.try_texts(statement).expect("statement runs");
        rows.sort();
        rows
    }
}

/// What a select with a full outer join is: a statement for PostgreSQL and SQLite.
pub trait FullOuter: StatementFor<PostgresQueryBuilder> + StatementFor<SqliteQueryBuilder> {}
impl<S> FullOuter for S where
    S: StatementFor<PostgresQueryBuilder> + StatementFor<SqliteQueryBuilder>
{
}

/// What an unscoped statement is, for every backend of the suite.
pub trait Unscoped:
    UnscopedStatement + StatementFor<SqliteQueryBuilder> + StatementFor<MysqlQueryBuilder>
{
}
impl<S> Unscoped for S where
    S: UnscopedStatement + StatementFor<SqliteQueryBuilder> + StatementFor<MysqlQueryBuilder>
{
}

fn sorted_texts(mut rows: Vec<Vec<Option<String>>>) -> Vec<Vec<Option<String>>> {
    rows.sort();
    rows
}

fn sqlite_texts(row: &rusqlite::Row<'_>) -> rusqlite::Result<Vec<Option<String>>> {
    use rusqlite::types::ValueRef;
    (0..row.as_ref().column_count())
        .map(|index| {
            Ok(match row.get_ref(index)? {
                ValueRef::Null => None,
                ValueRef::Integer(value) => Some(value.to_string()),
                ValueRef::Real(value) => Some(value.to_string()),
                ValueRef::Text(text) => Some(String::from_utf8_lossy(text).into_owned()),
                ValueRef::Blob(blob) => Some(match Uuid::from_slice(blob) {
                    Ok(uuid) => uuid.to_string(),
                    Err(_) => format!("{blob:?}"),
                }),
            })
        })
        .collect()
}

fn postgres_texts(row: &postgres::Row) -> Vec<Option<String>> {
    use postgres::types::Type;
    (0..row.len())
        .map(|index| match *row.columns()[index].type_() {
            Type::INT8 => row.get::<_, Option<i64>>(index).map(|v| v.to_string()),
            Type::INT4 => row.get::<_, Option<i32>>(index).map(|v| v.to_string()),
            Type::BOOL => row
                .get::<_, Option<bool>>(index)
                .map(|v| i32::from(v).to_string()),
            Type::UUID => row.get::<_, Option<Uuid>>(index).map(|v| v.to_string()),
            _ => row.get::<_, Option<String>>(index),
        })
        .collect()
}

fn mysql_texts(row: &sqlx::mysql::MySqlRow) -> Vec<Option<String>> {
    (0..row.len())
        .map(|index| {
            if let Ok(value) = row.try_get::<Option<i64>, _>(index) {
                value.map(|v| v.to_string())
            } else if let Ok(value) = row.try_get::<Option<bool>, _>(index) {
                value.map(|v| i32::from(v).to_string())
            } else if let Ok(value) = row.try_get::<Option<Uuid>, _>(index) {
                value.map(|v| v.to_string())
            } else {
                row.get::<Option<String>, _>(index)
            }
        })
        .collect()
}

/// `texts` rows written compactly for assertions: `NULL` as `-`, columns joined by `|`.
pub fn compact(rows: &[Vec<Option<String>>]) -> Vec<String> {
    rows.iter()
        .map(|row| {
            row.iter()
                .map(|value| value.as_deref().unwrap_or("-"))
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect()
}

const ALL_ROWS: &str = "SELECT id, organization_id, name, is_archived FROM projects ORDER BY id";

/// The DDL of a test database, in order: organizations, projects, members and its indexes.
fn ddl<B: SchemaBuilder>(backend: impl Fn() -> B) -> Vec<String> {
    let tables = [
        organizations_table(),
        Project::create_table(),
        Member::create_table(),
        tasks_table(),
        Status::create_table(),
    ];
    let indexes = Member::create_indexes();
    tables
        .iter()
        .map(|table| table.to_string(backend()))
        .chain(indexes.iter().map(|index| index.to_string(backend())))
        .collect()
}

fn organizations_table() -> TableCreateStatement {
    Table::create()
        .table("organizations")
        .col(ColumnDef::new("id").uuid().not_null().primary_key())
        .to_owned()
}

/// `tasks` without foreign keys: the seed plants references across organizations.
fn tasks_table() -> TableCreateStatement {
    Table::create()
        .table("tasks")
        .col(ColumnDef::new("id").uuid().not_null())
        .col(ColumnDef::new("organization_id").uuid().not_null())
        .col(ColumnDef::new("project_id").uuid().not_null())
        .col(ColumnDef::new("title").string().not_null())
        .col(ColumnDef::new("status").string().not_null())
        .primary_key(
            tenant_core::sea_query::Index::create()
                .col("organization_id")
                .col("id"),
        )
        .to_owned()
}

fn seed_tasks() -> InsertStatement {
    let mut insert = Query::insert();
    insert
        .into_table("tasks")
        .columns(["id", "organization_id", "project_id", "title", "status"]);
    for (id, org, project, title, status) in SEED_TASKS {
        insert.values_panic([
            Uuid::from_u128(id).into(),
            org.into(),
            Uuid::from_u128(project).into(),
            title.into(),
            status.into(),
        ]);
    }
    insert
}

/// The statuses, through the global table's own builder (nothing tenant-scoped about it).
fn seed_statuses() -> InsertStatement {
    let statuses = [("open", "Open"), ("done", "Done")].map(|(code, label)| Status {
        code: code.to_owned(),
        label: label.to_owned(),
    });
    Status::insert()
        .rows(&statuses)
        .expect("two statuses")
        .as_statement()
        .clone()
}

fn seed_organizations() -> InsertStatement {
    let mut insert = Query::insert();
    insert.into_table("organizations").columns(["id"]);
    for org in [ORG_A, ORG_B, ORG_C] {
        insert.values_panic([org.into()]);
    }
    insert
}

fn seed_projects() -> InsertStatement {
    let mut insert = Query::insert();
    insert
        .into_table("projects")
        .columns(["id", "organization_id", "name", "is_archived"]);
    for row in seed_rows() {
        insert.values_panic([
            row.id.into(),
            row.organization_id.into(),
            row.name.into(),
            row.archived.into(),
        ]);
    }
    insert
}

/// A unique, plain name for a test's schema or database.
fn namespace() -> String {
    format!("tenant_test_{}", Uuid::new_v4().simple())
}

/// The server URL from `variable`. Server-backed tests are `#[ignore]`d, so they run only when
/// asked for (`-- --include-ignored`, as `.ci/run` does); asked for without a URL, they fail.
pub fn server_url(variable: &str) -> String {
    match std::env::var(variable) {
        Ok(url) if !url.is_empty() => url,
        _ => panic!(
            "{variable} is not set: this test needs a server, e.g. {variable}={}",
            match variable {
                "TENANT_TEST_MYSQL_URL" => "mysql://root@127.0.0.1:3306/test",
                _ => "postgres://postgres@127.0.0.1:5432/test",
            }
        ),
    }
}

/// Embedded SQLite through `tenant_core::rusqlite`.
pub struct Sqlite(pub rusqlite::Connection);

impl Sqlite {
    /// An in-memory database with foreign keys on and no table.
    pub fn empty() -> Sqlite {
        let connection = rusqlite::Connection::open_in_memory().expect("in-memory SQLite opens");
        connection
            .execute_batch("PRAGMA foreign_keys = ON")
            .expect("foreign keys are enforced");
        Sqlite(connection)
    }

    pub fn open() -> Sqlite {
        let connection = rusqlite::Connection::open_in_memory().expect("in-memory SQLite opens");
        connection
            .execute_batch("PRAGMA foreign_keys = ON")
            .expect("foreign keys are enforced");
        for statement in ddl(|| SqliteQueryBuilder) {
            connection
                .execute(&statement, [])
                .expect("schema is created");
        }
        for insert in [
            seed_organizations(),
            seed_projects(),
            seed_tasks(),
            seed_statuses(),
        ] {
            let (sql, values) = insert.build_rusqlite(SqliteQueryBuilder);
            connection
                .execute(&sql, &*values.as_params())
                .expect("seed rows are written");
        }
        Sqlite(connection)
    }
}

fn project_from_sqlite(row: &rusqlite::Row<'_>) -> rusqlite::Result<Project> {
    Ok(Project {
        id: row.get(0)?,
        organization_id: row.get(1)?,
        name: row.get(2)?,
        archived: row.get(3)?,
        cached_label: None,
    })
}

impl Db for Sqlite {
    fn try_fetch(&mut self, select: &Select<Project>) -> Result<Vec<Project>, String> {
        tenant_core::rusqlite::query(&self.0, select, project_from_sqlite)
            .map_err(|error| error.to_string())
    }

    fn try_execute(&mut self, statement: &impl Statement) -> Result<u64, String> {
        tenant_core::rusqlite::execute(&self.0, statement)
            .map(|changed| changed as u64)
            .map_err(|error| error.to_string())
    }

    fn try_texts(
        &mut self,
        statement: &impl Statement,
    ) -> Result<Vec<Vec<Option<String>>>, String> {
        tenant_core::rusqlite::query(&self.0, statement, sqlite_texts)
            .map_err(|error| error.to_string())
    }

    fn unscoped_texts(&mut self, statement: &impl Unscoped) -> Vec<Vec<Option<String>>> {
        sorted_texts(
            tenant_core::rusqlite::query(&self.0, statement, sqlite_texts).expect("statement runs"),
        )
    }

    fn unscoped_execute(&mut self, statement: &impl Unscoped) -> u64 {
        tenant_core::rusqlite::execute(&self.0, statement).expect("statement runs") as u64
    }

    fn full_outer_texts(&mut self, statement: &impl FullOuter) -> Option<Vec<Vec<Option<String>>>> {
        Some(sorted_texts(
            tenant_core::rusqlite::query(&self.0, statement, sqlite_texts).expect("statement runs"),
        ))
    }

    fn all_rows(&mut self) -> Vec<Project> {
        let mut statement = self.0.prepare(ALL_ROWS).expect("select prepares");
        let rows = statement
            .query_map([], project_from_sqlite)
            .expect("select runs");
        rows.collect::<Result<_, _>>().expect("rows decode")
    }
}

/// PostgreSQL through `tenant_core::postgres`, in a schema of its own.
pub struct Postgres {
    pub client: postgres::Client,
    pub schema: String,
}

impl Postgres {
    /// A fresh, empty schema on the server at `TENANT_TEST_POSTGRES_URL`.
    pub fn empty() -> Postgres {
        let url = server_url("TENANT_TEST_POSTGRES_URL");
        let mut client = postgres::Client::connect(&url, postgres::NoTls)
            .unwrap_or_else(|error| panic!("PostgreSQL at TENANT_TEST_POSTGRES_URL: {error}"));
        let schema = namespace();
        client
            .batch_execute(&format!(
                "CREATE SCHEMA {schema}; SET search_path TO {schema}"
            ))
            .expect("test schema is created");
        Postgres { client, schema }
    }

    /// An sqlx connection to the same server, in this schema (as the server's user).
    pub async fn sqlx_connection(&self) -> sqlx::PgConnection {
        let url = server_url("TENANT_TEST_POSTGRES_URL");
        let mut connection = sqlx::PgConnection::connect(&url)
            .await
            .unwrap_or_else(|error| panic!("PostgreSQL at TENANT_TEST_POSTGRES_URL: {error}"));
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
            "SET search_path TO {}",
            self.schema
        )))
        .execute(&mut connection)
        .await
        .expect("search path");
        connection
    }

    /// A fresh schema on the server at `TENANT_TEST_POSTGRES_URL`; panics when it is unset or
    /// the server cannot be reached, so CI cannot pass without the server.
    pub fn open() -> Postgres {
        let mut db = Postgres::empty();
        for statement in ddl(|| PostgresQueryBuilder) {
            db.client
                .batch_execute(&statement)
                .expect("schema is created");
        }
        for insert in [
            seed_organizations(),
            seed_projects(),
            seed_tasks(),
            seed_statuses(),
        ] {
            let (sql, values) = insert.build_postgres(PostgresQueryBuilder);
            db.client
                .execute(sql.as_str(), &values.as_params())
                .expect("seed rows are written");
        }
        db
    }
}

/// The application's role in the row-level security tests: not a superuser, not the tables'
/// owner, so policies apply to it.
pub const APP_ROLE: &str = "tenant_app";

impl Postgres {
    /// Adds organizations `1..=organizations` (`Uuid::from_u128(g)`) and `rows` projects spread
    /// evenly over them, then `ANALYZE`s.
    pub fn load(&mut self, organizations: u32, rows: u32) {
        self.client
            .batch_execute(&format!(
                "INSERT INTO organizations (id)
                   SELECT ('00000000-0000-0000-0000-' || lpad(to_hex(g), 12, '0'))::uuid
                   FROM generate_series(1, {organizations}) AS g
                   ON CONFLICT DO NOTHING;
                 INSERT INTO projects (id, organization_id, name, is_archived)
                   SELECT gen_random_uuid(),
                          ('00000000-0000-0000-0000-' || lpad(to_hex(g % {organizations} + 1), 12, '0'))::uuid,
                          'project ' || g,
                          g % 10 = 0
                   FROM generate_series(1, {rows}) AS g;
                 ANALYZE organizations;
                 ANALYZE projects;"
            ))
            .expect("rows are loaded");
    }

    /// Optionally puts both tables under row-level security, then grants [`APP_ROLE`] the data
    /// (not the tables) and continues as that role.
    pub fn as_app_role(&mut self, row_level_security: bool) {
        let schema = &self.schema;
        let mut setup = vec![
            // Concurrent tests may race to create the role; either outcome is fine.
            format!(
                "DO $$ BEGIN CREATE ROLE {APP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS; \
                 EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
            ),
            format!("GRANT USAGE ON SCHEMA {schema} TO {APP_ROLE}"),
            format!(
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {APP_ROLE}"
            ),
        ];
        if row_level_security {
            setup.extend(Project::row_level_security());
            setup.extend(Member::row_level_security());
        }
        setup.push(format!("SET ROLE {APP_ROLE}"));
        for statement in setup {
            self.client
                .batch_execute(&statement)
                .unwrap_or_else(|error| panic!("{statement}: {error}"));
        }
    }
}

impl Postgres {
    /// A transaction on this connection with organization `org` bound for row-level security.
    pub fn bound(&mut self, org: Uuid) -> tenant_core::postgres::BoundTransaction<'_> {
        let scope = tenant_core::Scope::new(org).expect("not nil");
        tenant_core::postgres::transaction(
            &mut self.client,
            &scope,
            &tenant_core::TenantSetting::DEFAULT,
        )
        .expect("scope binds")
    }

    /// A transaction of the driver bound to `org` with the library's binding, for raw SQL: what
    /// row-level security lets through past the builders.
    pub fn bound_raw(&mut self, org: Uuid) -> postgres::Transaction<'_> {
        let scope = tenant_core::Scope::new(org).expect("not nil");
        let mut transaction = self.client.transaction().expect("transaction starts");
        transaction
            .batch_execute(
                tenant_core::rls::Binding::scope(&tenant_core::TenantSetting::DEFAULT, &scope)
                    .sql(),
            )
            .expect("scope binds");
        transaction
    }

    /// Asserts that a transaction with nothing bound sees no project, raw.
    pub fn sees_nothing(&mut self, why: &str) {
        let mut transaction = self.client.transaction().expect("transaction starts");
        let names = raw_names(&mut transaction, "SELECT name FROM projects ORDER BY name");
        assert_eq!(names, Vec::<String>::new(), "{why}");
        transaction.commit().expect("commit");
    }
}

/// The first column of every row `sql` returns, as text: raw SQL, past the builders.
pub fn raw_names(client: &mut impl postgres::GenericClient, sql: &str) -> Vec<String> {
    client
        .query(sql, &[])
        .unwrap_or_else(|error| panic!("{sql}: {error}"))
        .iter()
        .map(|row| row.get(0))
        .collect()
}

fn project_from_postgres(row: &postgres::Row) -> Project {
    Project {
        id: row.get(0),
        organization_id: row.get(1),
        name: row.get(2),
        archived: row.get(3),
        cached_label: None,
    }
}

/// Runs `run` in a transaction bound to the organization `statement` reaches (a global table's
/// statement: any), committed if it succeeds: how a scoped statement runs on PostgreSQL.
fn in_its_scope<T>(
    client: &mut postgres::Client,
    statement: &impl StatementFor<PostgresQueryBuilder>,
    run: impl FnOnce(
        &mut tenant_core::postgres::BoundTransaction<'_>,
    ) -> Result<T, tenant_core::postgres::Error>,
) -> Result<T, String> {
    let organization = match statement.__owner() {
        tenant_core::query::Owner::Organization(Value::Uuid(Some(id))) => id,
        _ => ORG_A,
    };
    let scope = tenant_core::Scope::new(organization).map_err(|error| error.to_string())?;
    let mut transaction =
        tenant_core::postgres::transaction(client, &scope, &tenant_core::TenantSetting::DEFAULT)
            .map_err(|error| format!("{error:?}"))?;
    let value = run(&mut transaction).map_err(|error| format!("{error:?}"))?;
    transaction.commit().map_err(|error| format!("{error:?}"))?;
    Ok(value)
}

impl Db for Postgres {
    fn try_fetch(&mut self, select: &Select<Project>) -> Result<Vec<Project>, String> {
        in_its_scope(&mut self.client, select, |tx| tx.query(select))
            .map(|rows| rows.iter().map(project_from_postgres).collect())
    }

    fn try_execute(&mut self, statement: &impl Statement) -> Result<u64, String> {
        in_its_scope(&mut self.client, statement, |tx| tx.execute(statement))
    }

    fn try_texts(
        &mut self,
        statement: &impl Statement,
    ) -> Result<Vec<Vec<Option<String>>>, String> {
        in_its_scope(&mut self.client, statement, |tx| tx.query(statement))
            .map(|rows| rows.iter().map(postgres_texts).collect())
    }

    fn full_outer_texts(&mut self, statement: &impl FullOuter) -> Option<Vec<Vec<Option<String>>>> {
        let rows = in_its_scope(&mut self.client, statement, |tx| tx.query(statement))
            .expect("statement runs");
        Some(sorted_texts(rows.iter().map(postgres_texts).collect()))
    }

    fn unscoped_texts(&mut self, statement: &impl Unscoped) -> Vec<Vec<Option<String>>> {
        let mut transaction = tenant_core::postgres::unscoped_transaction(
            &mut self.client,
            &tenant_core::Unscoped::because("tests: the suite's unscoped statements"),
            &tenant_core::TenantSetting::DEFAULT,
        )
        .expect("unscoped transaction begins");
        let rows = transaction.query(statement).expect("statement runs");
        transaction.commit().expect("commit");
        sorted_texts(rows.iter().map(postgres_texts).collect())
    }

    fn unscoped_execute(&mut self, statement: &impl Unscoped) -> u64 {
        let mut transaction = tenant_core::postgres::unscoped_transaction(
            &mut self.client,
            &tenant_core::Unscoped::because("tests: the suite's unscoped statements"),
            &tenant_core::TenantSetting::DEFAULT,
        )
        .expect("unscoped transaction begins");
        let changed = transaction.execute(statement).expect("statement runs");
        transaction.commit().expect("commit");
        changed
    }

    fn all_rows(&mut self) -> Vec<Project> {
        self.client
            .query(ALL_ROWS, &[])
            .expect("select runs")
            .iter()
            .map(project_from_postgres)
            .collect()
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let _ = self.client.batch_execute(&format!(
            "RESET ROLE; DROP SCHEMA IF EXISTS {} CASCADE",
            self.schema
        ));
    }
}

/// MariaDB/MySQL through `tenant_core::sqlx`, in a database of its own.
pub struct Mysql {
    pub runtime: tokio::runtime::Runtime,
    pub connection: sqlx::MySqlConnection,
    database: String,
}

impl Mysql {
    /// The test's own database on the server.
    pub fn database(&self) -> &str {
        &self.database
    }

    /// A fresh, empty database on the server at `TENANT_TEST_MYSQL_URL`.
    pub fn empty() -> Mysql {
        let url = server_url("TENANT_TEST_MYSQL_URL");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("tokio runtime starts");
        let database = namespace();
        let connection = runtime.block_on(async {
            let mut server = sqlx::MySqlConnection::connect(&url)
                .await
                .unwrap_or_else(|error| panic!("MySQL at TENANT_TEST_MYSQL_URL: {error}"));
            let setup = [
                format!("CREATE DATABASE {database} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"),
                format!("USE {database}"),
            ];
            for statement in setup {
                // The text protocol: `USE` is not a preparable statement.
                sqlx::raw_sql(sqlx::AssertSqlSafe(statement))
                    .execute(&mut server)
                    .await
                    .expect("test database is created");
            }
            server
        });
        Mysql {
            runtime,
            connection,
            database,
        }
    }

    /// A fresh database on the server at `TENANT_TEST_MYSQL_URL`; panics when it is unset or the
    /// server cannot be reached.
    pub fn open() -> Mysql {
        let mut db = Mysql::empty();
        let Mysql {
            runtime,
            connection,
            ..
        } = &mut db;
        runtime.block_on(async {
            for statement in ddl(|| MysqlQueryBuilder) {
                sqlx::raw_sql(sqlx::AssertSqlSafe(statement))
                    .execute(&mut *connection)
                    .await
                    .expect("schema is created");
            }
            for insert in [
                seed_organizations(),
                seed_projects(),
                seed_tasks(),
                seed_statuses(),
            ] {
                let (sql, values) = insert.build_sqlx(MysqlQueryBuilder);
                sqlx::query_with(sqlx::AssertSqlSafe(sql), values)
                    .execute(&mut *connection)
                    .await
                    .expect("seed rows are written");
            }
        });
        db
    }
}

fn project_from_mysql(row: &sqlx::mysql::MySqlRow) -> Project {
    Project {
        id: row.get(0),
        organization_id: row.get(1),
        name: row.get(2),
        archived: row.get(3),
        cached_label: None,
    }
}

impl Db for Mysql {
    fn try_fetch(&mut self, select: &Select<Project>) -> Result<Vec<Project>, String> {
        let query = tenant_core::sqlx::query::<sqlx::MySql>(select);
        self.runtime
            .block_on(query.fetch_all(&mut self.connection))
            .map(|rows| rows.iter().map(project_from_mysql).collect())
            .map_err(|error| error.to_string())
    }

    fn try_execute(&mut self, statement: &impl Statement) -> Result<u64, String> {
        let query = tenant_core::sqlx::query::<sqlx::MySql>(statement);
        self.runtime
            .block_on(query.execute(&mut self.connection))
            .map(|done| done.rows_affected())
            .map_err(|error| error.to_string())
    }

    fn full_outer_texts(&mut self, _: &impl FullOuter) -> Option<Vec<Vec<Option<String>>>> {
        None
    }

    fn try_texts(
        &mut self,
        statement: &impl Statement,
    ) -> Result<Vec<Vec<Option<String>>>, String> {
        let query = tenant_core::sqlx::query::<sqlx::MySql>(statement);
        self.runtime
            .block_on(query.fetch_all(&mut self.connection))
            .map(|rows| rows.iter().map(mysql_texts).collect())
            .map_err(|error| error.to_string())
    }

    fn unscoped_texts(&mut self, statement: &impl Unscoped) -> Vec<Vec<Option<String>>> {
        let query = tenant_core::sqlx::query::<sqlx::MySql>(statement);
        let rows = self
            .runtime
            .block_on(query.fetch_all(&mut self.connection))
            .expect("statement runs");
        sorted_texts(rows.iter().map(mysql_texts).collect())
    }

    fn unscoped_execute(&mut self, statement: &impl Unscoped) -> u64 {
        let query = tenant_core::sqlx::query::<sqlx::MySql>(statement);
        self.runtime
            .block_on(query.execute(&mut self.connection))
            .expect("statement runs")
            .rows_affected()
    }

    fn all_rows(&mut self) -> Vec<Project> {
        let rows = self
            .runtime
            .block_on(self.connection.fetch_all(ALL_ROWS))
            .expect("select runs");
        rows.iter().map(project_from_mysql).collect()
    }
}

impl Drop for Mysql {
    fn drop(&mut self) {
        let drop_database = format!("DROP DATABASE IF EXISTS {}", self.database);
        let drop_database = sqlx::raw_sql(sqlx::AssertSqlSafe(drop_database));
        let _ = self
            .runtime
            .block_on(drop_database.execute(&mut self.connection));
    }
}
