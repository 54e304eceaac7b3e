//! Two organizations share one `projects` table in an in-memory SQLite database. Each builder's
//! SQL is printed, then what each organization sees, then a cross-organization `find` that
//! returns nothing.
//!
//! Run with `cargo run --example quickstart`.

use sea_query_rusqlite::{RusqliteBinder, rusqlite};
use tenant_core::sea_query::{Condition, Expr, ExprTrait, Order, SqliteQueryBuilder};
use tenant_core::uuid::Uuid;
use tenant_core::{Scope, TenantScoped};

#[derive(TenantScoped, Debug, Clone, PartialEq)]
#[tenant(table = "projects")]
pub struct Project {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub name: String,
    #[tenant(rename = "is_archived")]
    pub archived: bool,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let db = rusqlite::Connection::open_in_memory()?;
    db.execute(
        "CREATE TABLE projects (id BLOB PRIMARY KEY, organization_id BLOB NOT NULL, name TEXT NOT NULL, is_archived INTEGER NOT NULL)",
        [],
    )?;

    let acme = Scope::new(Uuid::from_u128(0xAC3E))?;
    let globex = Scope::new(Uuid::from_u128(0x610B))?;

    // Inserts: the tenant column is stamped from the scope (the rows leave it nil).
    let row = |id: u128, name: &str| Project {
        id: Uuid::from_u128(id),
        organization_id: Uuid::nil(),
        name: name.to_owned(),
        archived: false,
    };
    let acme_rows = [row(1, "acme roadmap"), row(2, "acme payroll")];
    let globex_rows = [row(3, "globex secret plan")];
    let insert = Project::insert(&acme).rows(&acme_rows)?;
    show("insert (acme)", insert.to_string(SqliteQueryBuilder));
    run(&db, insert.as_statement())?;
    run(
        &db,
        Project::insert(&globex).rows(&globex_rows)?.as_statement(),
    )?;

    // Update and delete: the tenant predicate is ANDed in, whatever the caller adds.
    let update = Project::update(&acme)
        .set(ProjectIden::Archived, true)
        .and_where(Expr::col(ProjectIden::Name).like("%payroll"));
    show("update (acme)", update.to_string(SqliteQueryBuilder));
    run(&db, update.as_statement())?;

    let delete = Project::delete(&globex).and_where(Expr::col(ProjectIden::Archived).eq(true));
    show("delete (globex)", delete.to_string(SqliteQueryBuilder));
    run(&db, delete.as_statement())?;

    // Select: even an OR that matches every row stays inside the scope.
    for (label, scope) in [("acme", &acme), ("globex", &globex)] {
        let select = Project::select(scope)
            .cond_where(
                Condition::any()
                    .add(Expr::col(ProjectIden::Name).like("%secret%"))
                    .add(Expr::val(1).eq(1)),
            )
            .order_by(ProjectIden::Name, Order::Asc);
        show(
            &format!("select ({label})"),
            select.to_string(SqliteQueryBuilder),
        );
        for project in fetch(&db, select.as_statement())? {
            println!(
                "    {label} sees: {:<20} archived={}",
                project.name, project.archived
            );
        }
    }

    // Find by key: another organization's row is not found (a 404, not a 403).
    let secret = Uuid::from_u128(3);
    let find = Project::find(&acme, secret);
    show(
        "find (acme looks up globex's row)",
        find.to_string(SqliteQueryBuilder),
    );
    let found = fetch(&db, find.as_statement())?;
    println!("    acme finds: {found:?}");
    let found = fetch(&db, Project::find(&globex, secret).as_statement())?;
    println!(
        "    globex finds: {:?}",
        found.iter().map(|p| &p.name).collect::<Vec<_>>()
    );
    Ok(())
}

fn show(label: &str, sql: String) {
    println!("{label}:\n    {sql}");
}

fn run(db: &rusqlite::Connection, statement: &impl RusqliteBinder) -> rusqlite::Result<usize> {
    let (sql, values) = statement.build_rusqlite(SqliteQueryBuilder);
    db.execute(&sql, &*values.as_params())
}

fn fetch(
    db: &rusqlite::Connection,
    statement: &impl RusqliteBinder,
) -> rusqlite::Result<Vec<Project>> {
    let (sql, values) = statement.build_rusqlite(SqliteQueryBuilder);
    let mut prepared = db.prepare(&sql)?;
    let rows = prepared.query_map(&*values.as_params(), |row| {
        Ok(Project {
            id: row.get(0)?,
            organization_id: row.get(1)?,
            name: row.get(2)?,
            archived: row.get(3)?,
        })
    })?;
    rows.collect()
}
