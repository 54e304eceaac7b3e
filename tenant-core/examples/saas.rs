//! A small project-management SaaS on embedded SQLite: organizations and users (global
//! tables), memberships, projects, tasks, comments and labels (tenant tables), plans (global)
//! and each organization's subscription. Every statement on a tenant table goes through the
//! scoped builders — joins, counts, group-bys, a page with its total, projections, sub-queries,
//! an upsert, RETURNING — and the two that cross organizations by design (the org switcher and
//! a billing report) through the one explicit capability, `Unscoped`.
//!
//! Run with `cargo run --example saas`.

use tenant_core::Join;
use tenant_core::query::StatementFor;
use tenant_core::rusqlite::{self as driver, rusqlite};
use tenant_core::sea_query::{Expr, ExprTrait, IntoColumnRef, Order, SqliteQueryBuilder};
use tenant_core::uuid::Uuid;
use tenant_core::{GlobalTable, Scope, TenantScoped, Unscoped};

#[derive(GlobalTable)]
pub struct Organization {
    pub id: Uuid,
    pub name: String,
}

#[derive(GlobalTable)]
pub struct User {
    pub id: Uuid,
    #[tenant(unique)]
    pub email: String,
}

#[derive(GlobalTable)]
pub struct Plan {
    pub id: Uuid,
    pub name: String,
    pub monthly_cents: i64,
}

/// Who belongs to which organization: the key is `(organization_id, user_id)`.
#[derive(TenantScoped)]
pub struct Membership {
    pub organization_id: Uuid,
    #[tenant(primary_key)]
    pub user_id: Uuid,
    pub role: String,
}

#[derive(TenantScoped)]
pub struct Subscription {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub plan_id: Uuid,
}

#[derive(TenantScoped)]
pub struct Project {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub name: String,
}

#[derive(TenantScoped)]
pub struct Task {
    pub id: Uuid,
    pub organization_id: Uuid,
    #[tenant(references = "Project")]
    pub project_id: Uuid,
    pub title: String,
    pub status: String,
}

#[derive(TenantScoped)]
pub struct Comment {
    pub id: Uuid,
    pub organization_id: Uuid,
    #[tenant(references = "Task")]
    pub task_id: Uuid,
    pub body: String,
}

#[derive(TenantScoped)]
pub struct Label {
    pub id: Uuid,
    pub organization_id: Uuid,
    #[tenant(unique)]
    pub name: String,
    pub color: String,
}

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

type Rows = Vec<Vec<String>>;

/// Runs a statement and reads every column as text.
fn texts(
    db: &rusqlite::Connection,
    statement: &impl StatementFor<SqliteQueryBuilder>,
) -> rusqlite::Result<Rows> {
    driver::query(db, statement, |row| {
        (0..row.as_ref().column_count())
            .map(|index| {
                use rusqlite::types::ValueRef;
                Ok(match row.get_ref(index)? {
                    ValueRef::Null => "-".to_owned(),
                    ValueRef::Integer(value) => value.to_string(),
                    ValueRef::Real(value) => value.to_string(),
                    ValueRef::Text(text) => String::from_utf8_lossy(text).into_owned(),
                    ValueRef::Blob(blob) => Uuid::from_slice(blob)
                        .map_or_else(|_| format!("{blob:?}"), |uuid| uuid.to_string()),
                })
            })
            .collect()
    })
}

fn show(title: &str, rows: &Rows) {
    println!("  {title}:");
    for row in rows {
        println!("    {}", row.join(" | "));
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let db = rusqlite::Connection::open_in_memory()?;
    db.execute_batch("PRAGMA foreign_keys = ON")?;
    let tables = [
        Organization::create_table(),
        User::create_table(),
        Plan::create_table(),
        Membership::create_table(),
        Subscription::create_table(),
        Project::create_table(),
        Task::create_table(),
        Comment::create_table(),
        Label::create_table(),
    ];
    for table in tables {
        db.execute(&table.to_string(SqliteQueryBuilder), [])?;
    }
    for index in [Task::create_indexes(), Comment::create_indexes()].concat() {
        db.execute(&index.to_string(SqliteQueryBuilder), [])?;
    }

    // Global rows: no scope needed.
    let (acme, globex) = (id(0xAC), id(0x6B));
    let (ada, bob) = (id(0xADA), id(0xB0B));
    driver::execute(
        &db,
        &Organization::insert().rows(&[
            Organization {
                id: acme,
                name: "Acme".into(),
            },
            Organization {
                id: globex,
                name: "Globex".into(),
            },
        ])?,
    )?;
    driver::execute(
        &db,
        &User::insert().rows(&[
            User {
                id: ada,
                email: "ada@example.com".into(),
            },
            User {
                id: bob,
                email: "bob@example.com".into(),
            },
        ])?,
    )?;
    driver::execute(
        &db,
        &Plan::insert().rows(&[
            Plan {
                id: id(1),
                name: "Free".into(),
                monthly_cents: 0,
            },
            Plan {
                id: id(2),
                name: "Team".into(),
                monthly_cents: 2900,
            },
        ])?,
    )?;

    // Each organization's rows, written under its own scope (the tenant field is stamped).
    let acme_scope = Scope::new(acme)?;
    let globex_scope = Scope::new(globex)?;
    let nil = Uuid::nil();
    for (scope, plan, members) in [
        (&acme_scope, id(2), vec![(ada, "owner"), (bob, "member")]),
        (&globex_scope, id(1), vec![(bob, "owner")]),
    ] {
        let memberships: Vec<Membership> = members
            .into_iter()
            .map(|(user_id, role)| Membership {
                organization_id: nil,
                user_id,
                role: role.into(),
            })
            .collect();
        driver::execute(&db, &Membership::insert(scope).rows(&memberships)?)?;
        let subscription = Subscription {
            id: Uuid::new_v4(),
            organization_id: nil,
            plan_id: plan,
        };
        driver::execute(&db, &Subscription::insert(scope).row(&subscription)?)?;
    }
    let project = |n: u128, name: &str| Project {
        id: id(n),
        organization_id: nil,
        name: name.into(),
    };
    let task = |n: u128, project: u128, title: &str, status: &str| Task {
        id: id(n),
        organization_id: nil,
        project_id: id(project),
        title: title.into(),
        status: status.into(),
    };
    driver::execute(
        &db,
        &Project::insert(&acme_scope).rows(&[project(0xA1, "Rocket"), project(0xA2, "Anvil")])?,
    )?;
    driver::execute(
        &db,
        &Project::insert(&globex_scope).rows(&[project(0xB1, "Doomsday device")])?,
    )?;
    driver::execute(
        &db,
        &Task::insert(&acme_scope).rows(&[
            task(0x1A1, 0xA1, "Design fins", "done"),
            task(0x1A2, 0xA1, "Order fuel", "open"),
            task(0x1A3, 0xA2, "Sharpen", "open"),
        ])?,
    )?;
    driver::execute(
        &db,
        &Task::insert(&globex_scope).rows(&[task(0x1B1, 0xB1, "Hire henchmen", "open")])?,
    )?;
    let comment = |n: u128, task: u128, body: &str| Comment {
        id: id(n),
        organization_id: nil,
        task_id: id(task),
        body: body.into(),
    };
    driver::execute(
        &db,
        &Comment::insert(&acme_scope).rows(&[
            comment(0xC1, 0x1A2, "Kerosene?"),
            comment(0xC2, 0x1A1, "Shipped"),
        ])?,
    )?;
    driver::execute(
        &db,
        &Comment::insert(&globex_scope).row(&comment(0xC3, 0x1B1, "Need a volcano"))?,
    )?;

    let title = || (TaskIden::Table, TaskIden::Title).into_column_ref();
    for (name, scope) in [("Acme", &acme_scope), ("Globex", &globex_scope)] {
        println!("\n{name} sees:");
        // Tasks with their project's name: a join along the declared reference.
        let tasks = Task::select(scope)
            .columns([
                title(),
                (ProjectIden::Table, ProjectIden::Name).into_column_ref(),
            ])
            .join_referenced::<Project>(Join::Inner)
            .order_by((TaskIden::Table, TaskIden::Title), Order::Asc);
        show("tasks and their projects", &texts(&db, &tasks)?);
        // Counts per status.
        let per_status = Task::select(scope)
            .column(TaskIden::Status)
            .expr(Expr::col(TaskIden::Id).count())
            .group_by_col(TaskIden::Status)
            .order_by(TaskIden::Status, Order::Asc);
        show("tasks per status", &texts(&db, &per_status)?);
        // A page and its total, from one select.
        let page = Task::select(scope)
            .column(TaskIden::Title)
            .order_by(TaskIden::Title, Order::Asc)
            .limit(2);
        show("first page of tasks", &texts(&db, &page)?);
        show("total", &texts(&db, &page.count())?);
        // Comments on open tasks: a scoped sub-query.
        let open_tasks = Task::select(scope)
            .column(TaskIden::Id)
            .and_where(Expr::col(TaskIden::Status).eq("open"))
            .into_sub_query();
        let comments = Comment::select(scope)
            .column(CommentIden::Body)
            .and_where(Expr::col(CommentIden::TaskId).in_subquery(open_tasks));
        show("comments on open tasks", &texts(&db, &comments)?);
        // The plan: a global table joined to a scoped one.
        let plan = Subscription::select(scope)
            .columns([
                (PlanIden::Table, PlanIden::Name).into_column_ref(),
                (PlanIden::Table, PlanIden::MonthlyCents).into_column_ref(),
            ])
            .join_global::<Plan>(
                Join::Inner,
                Expr::col((PlanIden::Table, PlanIden::Id))
                    .equals((SubscriptionIden::Table, SubscriptionIden::PlanId)),
            );
        show("plan", &texts(&db, &plan)?);
    }

    // An upsert: labels are unique by name within an organization. Globex upserting a label
    // with Acme's label id inserts Globex's own label; Acme's is untouched.
    let label = |n: u128, name: &str, color: &str| Label {
        id: id(n),
        organization_id: nil,
        name: name.into(),
        color: color.into(),
    };
    driver::execute(
        &db,
        &Label::insert(&acme_scope).row(&label(0x1AB, "urgent", "red"))?,
    )?;
    let upsert = Label::insert(&globex_scope)
        .row(&label(0x1AB, "urgent", "black"))?
        .on_conflict_update([LabelIden::Color]);
    driver::execute(&db, &upsert)?;
    let labels = |scope| Label::select(scope).columns([LabelIden::Name, LabelIden::Color]);
    println!("\nlabels after Globex's upsert with Acme's label id:");
    show("Acme", &texts(&db, &labels(&acme_scope))?);
    show("Globex", &texts(&db, &labels(&globex_scope))?);

    // RETURNING: close Acme's done tasks and get their titles back.
    let removed = Task::delete(&acme_scope)
        .and_where(Expr::col(TaskIden::Status).eq("done"))
        .returning([TaskIden::Title]);
    println!("\nAcme deletes its done tasks, RETURNING their titles:");
    // The comment on it goes first (a composite foreign key points at the task).
    driver::execute(&db, &Comment::delete(&acme_scope).where_key(id(0xC2)))?;
    show("deleted", &texts(&db, &removed)?);

    // Across organizations, only with the capability, and logged (target `tenant::unscoped`).
    let switcher = Unscoped::because("org switcher: the signed-in user's organizations");
    let bobs_organizations = Membership::select_unscoped(&switcher)
        .columns([
            (OrganizationIden::Table, OrganizationIden::Name).into_column_ref(),
            (MembershipIden::Table, MembershipIden::Role).into_column_ref(),
        ])
        .join_global::<Organization>(
            Join::Inner,
            Expr::col((OrganizationIden::Table, OrganizationIden::Id))
                .equals((MembershipIden::Table, MembershipIden::OrganizationId)),
        )
        .and_where(Expr::col((MembershipIden::Table, MembershipIden::UserId)).eq(bob))
        .order_by(
            (OrganizationIden::Table, OrganizationIden::Name),
            Order::Asc,
        );
    println!("\nBob's organization switcher (Unscoped):");
    show("organizations", &texts(&db, &bobs_organizations)?);
    let report = Unscoped::because("nightly report: open tasks per organization");
    let open_per_organization = Task::select_unscoped(&report)
        .column(TaskIden::OrganizationId)
        .expr(Expr::col(TaskIden::Id).count())
        .and_where(Expr::col(TaskIden::Status).eq("open"))
        .group_by_col(TaskIden::OrganizationId);
    show(
        "open tasks per organization (Unscoped)",
        &texts(&db, &open_per_organization)?,
    );
    Ok(())
}
