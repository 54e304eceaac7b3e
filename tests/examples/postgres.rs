//! PostgreSQL with the synchronous `postgres` client (feature `postgres`): the schema and the
//! row-level security policy generated from the struct, then the scoped builders and raw SQL run
//! as an ordinary role inside a transaction bound to one organization.
//!
//! `cargo run --example postgres` (server from `TENANT_TEST_POSTGRES_URL`, default
//! `postgres://postgres@127.0.0.1:5432/test`; works in a schema of its own and drops it).

use tenant_core::postgres::{self as driver, postgres};
use tenant_core::sea_query::{ColumnDef, PostgresQueryBuilder, Table};
use tenant_core::uuid::Uuid;
use tenant_core::{Scope, TenantScoped, TenantSetting};

#[derive(TenantScoped, Debug)]
pub struct Project {
    pub id: Uuid,
    pub organization_id: Uuid,
    #[tenant(unique)]
    pub name: String,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::var("TENANT_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    let mut client = postgres::Client::connect(&url, postgres::NoTls)?;
    let result = run(&mut client);
    client.batch_execute("RESET ROLE; DROP SCHEMA IF EXISTS tenant_example CASCADE")?;
    result
}

fn run(client: &mut postgres::Client) -> Result<(), Box<dyn std::error::Error>> {
    let organizations = Table::create()
        .table("organizations")
        .col(ColumnDef::new("id").uuid().not_null().primary_key())
        .to_string(PostgresQueryBuilder);
    let mut schema = vec![
        "DROP SCHEMA IF EXISTS tenant_example CASCADE".to_owned(),
        "CREATE SCHEMA tenant_example".to_owned(),
        "SET search_path TO tenant_example".to_owned(),
        organizations,
        Project::create_table().to_string(PostgresQueryBuilder),
    ];
    schema.extend(Project::row_level_security());
    schema.extend([
        "DO $$ BEGIN CREATE ROLE tenant_app NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$".to_owned(),
        "GRANT USAGE ON SCHEMA tenant_example TO tenant_app".to_owned(),
        "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA tenant_example TO tenant_app".to_owned(),
    ]);
    for statement in &schema {
        println!("{statement};");
        client.batch_execute(statement)?;
    }

    let (acme, globex) = (Uuid::from_u128(0xAC3E), Uuid::from_u128(0x610B));
    for org in [acme, globex] {
        client.execute("INSERT INTO organizations (id) VALUES ($1)", &[&org])?;
    }
    // The application connects as an ordinary role: superusers bypass row-level security.
    client.batch_execute("SET ROLE tenant_app")?;

    for (org, names) in [
        (acme, ["roadmap", "payroll"]),
        (globex, ["roadmap", "secret plan"]),
    ] {
        let scope = Scope::new(org)?;
        let mut transaction = driver::transaction(client, &scope, &TenantSetting::DEFAULT)?;
        for name in names {
            let row = Project {
                id: Uuid::new_v4(),
                organization_id: Uuid::nil(),
                name: name.to_owned(),
            };
            transaction.execute(&Project::insert(&scope).row(&row)?)?;
        }
        transaction.commit()?;
    }

    let scope = Scope::new(acme)?;
    let mut transaction = driver::transaction(client, &scope, &TenantSetting::DEFAULT)?;
    for row in transaction.query(&Project::select(&scope))? {
        println!("acme, scoped select: {}", row.get::<_, &str>("name"));
    }
    // Raw SQL that forgot the filter is still held to the bound organization by the policy.
    for row in transaction
        .client()
        .query("SELECT name FROM projects ORDER BY name", &[])?
    {
        println!(
            "acme, raw SELECT without a filter: {}",
            row.get::<_, &str>(0)
        );
    }
    transaction.commit()?;

    let mut transaction = client.transaction()?;
    let visible = transaction.query("SELECT name FROM projects", &[])?.len();
    println!("no organization bound: {visible} rows visible");
    transaction.commit()?;
    Ok(())
}
