//! MariaDB/MySQL and PostgreSQL through sqlx (features `sqlx-mysql`, `sqlx-postgres`): the same
//! scoped builders on both, values bound by `tenant_core::sqlx` — on MySQL with the plain
//! functions, on PostgreSQL in a transaction bound to the organization.
//!
//! `cargo run --example sqlx` (servers from `TENANT_TEST_MYSQL_URL` and `TENANT_TEST_POSTGRES_URL`,
//! defaults `mysql://root@127.0.0.1:3306/test` and `postgres://postgres@127.0.0.1:5432/test`; it
//! works in a database or schema of its own and drops it).

use sea_query_sqlx::{SqlxBinder, SqlxValues};
use sqlx::{AssertSqlSafe, Connection, Row};
use tenant_core::sea_query::{
    ColumnDef, Expr, ExprTrait, MysqlQueryBuilder, PostgresQueryBuilder, Query, SchemaBuilder,
    Table,
};
use tenant_core::sqlx::{self as driver, sqlx};
use tenant_core::uuid::Uuid;
use tenant_core::{Scope, TenantScoped};

#[derive(TenantScoped, Debug)]
pub struct Project {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub name: String,
    pub archived: bool,
}

const ACME: Uuid = Uuid::from_u128(0xAC3E);
const GLOBEX: Uuid = Uuid::from_u128(0x610B);

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mysql = std::env::var("TENANT_TEST_MYSQL_URL")
        .unwrap_or_else(|_| "mysql://root@127.0.0.1:3306/test".into());
    let mut connection = sqlx::MySqlConnection::connect(&mysql).await?;
    let setup = [
        "DROP DATABASE IF EXISTS tenant_example".to_owned(),
        "CREATE DATABASE tenant_example CHARACTER SET utf8mb4".to_owned(),
        "USE tenant_example".to_owned(),
    ];
    for statement in setup.into_iter().chain(ddl(|| MysqlQueryBuilder)) {
        sqlx::raw_sql(AssertSqlSafe(statement))
            .execute(&mut connection)
            .await?;
    }
    let result = demo::<sqlx::MySql>(&mut connection, "mysql").await;
    sqlx::raw_sql("DROP DATABASE tenant_example")
        .execute(&mut connection)
        .await?;
    result?;

    let postgres = std::env::var("TENANT_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    let mut connection = sqlx::PgConnection::connect(&postgres).await?;
    let setup = [
        "DROP SCHEMA IF EXISTS tenant_example_sqlx CASCADE".to_owned(),
        "CREATE SCHEMA tenant_example_sqlx".to_owned(),
        "SET search_path TO tenant_example_sqlx".to_owned(),
    ];
    for statement in setup.into_iter().chain(ddl(|| PostgresQueryBuilder)) {
        sqlx::raw_sql(AssertSqlSafe(statement))
            .execute(&mut connection)
            .await?;
    }
    let result = postgres_demo(&mut connection).await;
    sqlx::raw_sql("DROP SCHEMA tenant_example_sqlx CASCADE")
        .execute(&mut connection)
        .await?;
    result
}

/// The organizations table, the projects table from the struct, and the two organizations.
fn ddl<B: SchemaBuilder>(backend: impl Fn() -> B) -> Vec<String> {
    let organizations = Table::create()
        .table("organizations")
        .col(ColumnDef::new("id").uuid().not_null().primary_key())
        .to_string(backend());
    vec![organizations, Project::create_table().to_string(backend())]
}

/// Inserts, updates and reads both organizations' projects on MySQL/MariaDB, where the plain
/// functions run scoped statements (no row-level security to bind).
async fn demo<DB>(
    connection: &mut DB::Connection,
    label: &str,
) -> Result<(), Box<dyn std::error::Error>>
where
    DB: driver::Backend,
    for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
    SqlxValues: sqlx::IntoArguments<DB>,
    for<'r> String: sqlx::Decode<'r, DB> + sqlx::Type<DB>,
    for<'r> bool: sqlx::Encode<'r, DB> + sqlx::Type<DB>,
    for<'a> &'a str: sqlx::ColumnIndex<DB::Row>,
    tenant_core::query::Insert<Project>: driver::Unbound<DB>,
    tenant_core::query::Update<Project>: driver::Unbound<DB>,
    tenant_core::query::Select<Project>: driver::Unbound<DB>,
{
    for org in [ACME, GLOBEX] {
        let insert = Query::insert()
            .into_table("organizations")
            .columns(["id"])
            .values_panic([org.into()])
            .to_owned();
        let (sql, values) = insert.build_sqlx(DB::query_builder());
        sqlx::query_with(AssertSqlSafe(sql), values)
            .execute(&mut *connection)
            .await?;
    }
    for (org, name) in [
        (ACME, "roadmap"),
        (ACME, "payroll"),
        (GLOBEX, "secret plan"),
    ] {
        let scope = Scope::new(org)?;
        let row = Project {
            id: Uuid::new_v4(),
            organization_id: Uuid::nil(),
            name: name.to_owned(),
            archived: false,
        };
        driver::query::<DB>(&Project::insert(&scope).row(&row)?)
            .execute(&mut *connection)
            .await?;
    }
    let acme = Scope::new(ACME)?;
    let update = Project::update(&acme)
        .set(ProjectIden::Archived, true)
        .and_where(Expr::col(ProjectIden::Name).eq("payroll"));
    driver::query::<DB>(&update)
        .execute(&mut *connection)
        .await?;
    for row in driver::query::<DB>(&Project::select(&acme))
        .fetch_all(&mut *connection)
        .await?
    {
        let name: String = row.try_get("name")?;
        println!("{label}: acme sees {name}");
    }
    let archived = Project::select(&acme).and_where(Expr::col(ProjectIden::Archived).eq(true));
    for row in driver::query::<DB>(&archived)
        .fetch_all(&mut *connection)
        .await?
    {
        let name: String = row.try_get("name")?;
        println!("{label}: acme archived {name}");
    }
    Ok(())
}

/// The same on PostgreSQL, where a scoped statement runs in a transaction bound to its
/// organization (`query::<sqlx::Postgres>` of one does not compile).
async fn postgres_demo(
    connection: &mut sqlx::PgConnection,
) -> Result<(), Box<dyn std::error::Error>> {
    use tenant_core::TenantSetting;
    use tenant_core::sqlx::BoundTransaction;
    for org in [ACME, GLOBEX] {
        sqlx::query("INSERT INTO organizations (id) VALUES ($1)")
            .bind(org)
            .execute(&mut *connection)
            .await?;
    }
    for (org, name) in [
        (ACME, "roadmap"),
        (ACME, "payroll"),
        (GLOBEX, "secret plan"),
    ] {
        let scope = Scope::new(org)?;
        let row = Project {
            id: Uuid::new_v4(),
            organization_id: Uuid::nil(),
            name: name.to_owned(),
            archived: false,
        };
        let mut tx =
            BoundTransaction::begin(&mut *connection, &scope, &TenantSetting::DEFAULT).await?;
        tx.execute(&Project::insert(&scope).row(&row)?).await?;
        tx.commit().await?;
    }
    let acme = Scope::new(ACME)?;
    let mut tx = BoundTransaction::begin(&mut *connection, &acme, &TenantSetting::DEFAULT).await?;
    let update = Project::update(&acme)
        .set(ProjectIden::Archived, true)
        .and_where(Expr::col(ProjectIden::Name).eq("payroll"));
    tx.execute(&update).await?;
    for row in tx.fetch_all(&Project::select(&acme)).await? {
        let name: String = row.try_get("name")?;
        println!("postgres: acme sees {name}");
    }
    let archived = Project::select(&acme).and_where(Expr::col(ProjectIden::Archived).eq(true));
    for row in tx.fetch_all(&archived).await? {
        let name: String = row.try_get("name")?;
        println!("postgres: acme archived {name}");
    }
    tx.commit().await?;
    Ok(())
}
