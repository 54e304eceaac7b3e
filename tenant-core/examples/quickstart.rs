//! Two organizations share one `projects` table in an in-memory SQLite database. Each builder's
//! SQL is printed, then what each organization sees, then a cross-organization `find` that
//! returns nothing.
//!
//! Run with `cargo run --example quickstart`.

use tenant_core::query::Statement;
use tenant_core::rusqlite::{self as driver, rusqlite};
use tenant_core::sea_query::{Condition, Expr, ExprTrait, Order, SqliteQueryBuilder};
use tenant_core::uuid::Uuid;
use tenant_core::{Scope, TenantScoped};

#[derive(TenantScoped, Debug, Clone, PartialEq)]
#[tenant(table = "projects", from_row)] // from_row: rows decode into it by column name
pub struct Project {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub name: String,
    #[tenant(rename = "is_archived")]
    pub archived: bool,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let db = rusqlite::Connection::open_in_memory()?;
    // The table comes from the struct; its tenant column references `organizations(id)`.
    db.execute("CREATE TABLE organizations (id BLOB PRIMARY KEY)", [])?;
    db.execute(&Project::create_table().to_string(SqliteQueryBuilder), [])?;

    let (acme_id, globex_id) = (Uuid::from_u128(0xAC3E), Uuid::from_u128(0x610B));
    for org in [acme_id, globex_id] {
        db.execute("INSERT INTO organizations (id) VALUES (?1)", [org])?;
    }
    // After checking that the user is a member of the organization:
    let acme = Scope::new(acme_id)?;
    let globex = Scope::new(globex_id)?;

    // Inserts: the tenant column is stamped from the scope (the rows leave it nil).
    let row = |id: u128, name: &str| Project {
        id: Uuid::from_u128(id),
        organization_id: Uuid::nil(),
        name: name.to_owned(),
        archived: false,
    };
    let insert = Project::insert(&acme).rows(&[row(1, "acme roadmap"), row(2, "acme payroll")])?;
    show("insert (acme)", &insert);
    driver::execute(&db, &insert)?;
    driver::execute(
        &db,
        &Project::insert(&globex).row(&row(3, "globex secret plan"))?,
    )?;

    // Update and delete: the tenant predicate is ANDed in, whatever the caller adds.
    let update = Project::update(&acme)
        .set(ProjectIden::Archived, true)
        .and_where(Expr::col(ProjectIden::Name).like("%payroll"));
    show("update (acme)", &update);
    driver::execute(&db, &update)?;

    let delete = Project::delete(&globex).and_where(Expr::col(ProjectIden::Archived).eq(true));
    show("delete (globex)", &delete);
    driver::execute(&db, &delete)?;

    // Select: even an OR that matches every row stays inside the scope.
    for (label, scope) in [("acme", &acme), ("globex", &globex)] {
        let select = Project::select(scope)
            .cond_where(
                Condition::any()
                    .add(Expr::col(ProjectIden::Name).like("%secret%"))
                    .add(Expr::col(ProjectIden::Name).is_not_null()),
            )
            .order_by(ProjectIden::Name, Order::Asc);
        show(&format!("select ({label})"), &select);
        for project in driver::query_as::<Project>(&db, &select)? {
            println!(
                "    {label} sees: {:<20} archived={}",
                project.name, project.archived
            );
        }
    }

    // Find by key: another organization's row is not found (a 404, not a 403).
    let secret = Uuid::from_u128(3);
    let find = Project::find(&acme, secret);
    show("find (acme looks up globex's row)", &find);
    println!(
        "    acme finds: {:?}",
        driver::query_as::<Project>(&db, &find)?
    );
    let found: Vec<Project> = driver::query_as(&db, &Project::find(&globex, secret))?;
    println!(
        "    globex finds: {:?}",
        found.iter().map(|p| &p.name).collect::<Vec<_>>()
    );
    Ok(())
}

/// The statement's SQL with its bound values, as the driver sends them.
fn show(label: &str, statement: &impl Statement) {
    let (sql, values) = statement.build_sql(SqliteQueryBuilder);
    println!("{label}:\n    {sql}\n    values: {:?}", values.0);
}
