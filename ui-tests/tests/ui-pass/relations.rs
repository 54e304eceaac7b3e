//! Every relational feature compiles and writes the SQL the README shows.
use tenant_core::sea_query::{
    Expr, ExprTrait, MysqlQueryBuilder, PostgresQueryBuilder, SqliteQueryBuilder,
    UnionType,
};
use tenant_core::uuid::Uuid;
use tenant_core::{GlobalTable, Join, Scope, TenantScoped, Unscoped};

#[derive(GlobalTable)]
pub struct Plan {
    pub id: Uuid,
    pub name: String,
}

#[derive(TenantScoped)]
pub struct Folder {
    pub id: Uuid,
    pub organization_id: Uuid,
    #[tenant(references = "Self")]
    pub parent_id: Option<Uuid>,
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
}

fn main() {
    let scope = Scope::new(Uuid::from_u128(1)).unwrap();
    let pg = |sql: (String, tenant_core::sea_query::Values)| sql.0;

    assert_eq!(
        pg(Task::select(&scope).join_referenced::<Project>(Join::Left).build(PostgresQueryBuilder)),
        concat!(
            r#"SELECT "tasks"."id", "tasks"."organization_id", "tasks"."project_id", "tasks"."title" FROM "tasks""#,
            r#" LEFT JOIN "projects" ON "projects"."organization_id" = "tasks"."organization_id" AND "projects"."organization_id" = $1"#,
            r#" AND "projects"."id" = "tasks"."project_id""#,
            r#" WHERE "tasks"."organization_id" = $2"#,
        )
    );
    assert_eq!(
        pg(Project::select(&scope)
            .join::<Task>(Join::Inner, Expr::col((TaskIden::Table, TaskIden::Title)).eq("x"))
            .column((ProjectIden::Table, ProjectIden::Name))
            .build(PostgresQueryBuilder)),
        concat!(
            r#"SELECT "projects"."name" FROM "projects""#,
            r#" INNER JOIN "tasks" ON "tasks"."organization_id" = "projects"."organization_id" AND "tasks"."organization_id" = $1"#,
            r#" AND ("tasks"."title" = $2)"#,
            r#" WHERE "projects"."organization_id" = $3"#,
        )
    );
    assert_eq!(
        pg(Task::select(&scope)
            .column(TaskIden::Title)
            .expr(Expr::col(TaskIden::Id).count())
            .group_by_col(TaskIden::Title)
            .and_having(Expr::col(TaskIden::Id).count().gt(1i64))
            .build(PostgresQueryBuilder)),
        r#"SELECT "title", COUNT("id") FROM "tasks" WHERE "tasks"."organization_id" = $1 GROUP BY "title" HAVING (COUNT("id") > $2)"#
    );
    assert_eq!(
        pg(Project::select(&scope).limit(20).offset(40).count().build(PostgresQueryBuilder)),
        r#"SELECT COUNT(*) FROM "projects" WHERE "projects"."organization_id" = $1"#
    );
    let with_tasks = Task::select(&scope).column(TaskIden::ProjectId).into_sub_query();
    assert_eq!(
        pg(Project::select(&scope)
            .column(ProjectIden::Name)
            .and_where(Expr::col(ProjectIden::Id).in_subquery(with_tasks))
            .build(PostgresQueryBuilder)),
        concat!(
            r#"SELECT "name" FROM "projects" WHERE "projects"."organization_id" = $1"#,
            r#" AND ("id" IN (SELECT "project_id" FROM "tasks" WHERE "tasks"."organization_id" = $2))"#,
        )
    );
    assert_eq!(
        pg(Project::select(&scope)
            .column(ProjectIden::Name)
            .union(UnionType::All, Task::select(&scope).column(TaskIden::Title))
            .build(PostgresQueryBuilder)),
        concat!(
            r#"SELECT "name" FROM "projects" WHERE "projects"."organization_id" = $1"#,
            r#" UNION ALL (SELECT "title" FROM "tasks" WHERE "tasks"."organization_id" = $2)"#,
        )
    );

    let row = Project { id: Uuid::from_u128(2), organization_id: Uuid::nil(), name: "x".into() };
    let upsert = Project::insert(&scope).row(&row).unwrap().on_conflict_update([ProjectIden::Name]);
    assert_eq!(
        pg(upsert.build(PostgresQueryBuilder)),
        concat!(
            r#"INSERT INTO "projects" ("id", "organization_id", "name") VALUES ($1, $2, $3)"#,
            r#" ON CONFLICT ("organization_id", "id") DO UPDATE SET "name" = "excluded"."name""#,
            r#" WHERE "projects"."organization_id" = "excluded"."organization_id""#,
        )
    );
    assert_eq!(
        upsert.build(MysqlQueryBuilder).0,
        "INSERT INTO `projects` (`id`, `organization_id`, `name`) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE `name` = VALUES(`name`)"
    );
    let skip = Project::insert(&scope).row(&row).unwrap().on_conflict_do_nothing();
    assert_eq!(
        skip.build(SqliteQueryBuilder).0,
        r#"INSERT INTO "projects" ("id", "organization_id", "name") VALUES (?, ?, ?) ON CONFLICT ("organization_id", "id") DO NOTHING"#
    );
    assert_eq!(
        skip.build(MysqlQueryBuilder).0,
        "INSERT INTO `projects` (`id`, `organization_id`, `name`) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE `organization_id` = `organization_id`"
    );

    assert_eq!(
        pg(Project::delete(&scope).returning_all().build(PostgresQueryBuilder)),
        r#"DELETE FROM "projects" WHERE "projects"."organization_id" = $1 RETURNING *"#
    );
    assert_eq!(
        Project::update(&scope)
            .set(ProjectIden::Name, "y")
            .returning([ProjectIden::Id])
            .build(SqliteQueryBuilder)
            .0,
        r#"UPDATE "projects" SET "name" = (?) WHERE "projects"."organization_id" = ? RETURNING "id""#
    );

    assert_eq!(
        pg(Folder::select(&scope)
            .column((tenant_core::sea_query::Alias::new("parent"), FolderIden::Id))
            .join_self_referenced(Join::Left, "parent")
            .build(PostgresQueryBuilder)),
        concat!(
            r#"SELECT "parent"."id" FROM "folders" LEFT JOIN "folders" AS "parent""#,
            r#" ON "parent"."organization_id" = "folders"."organization_id" AND "parent"."organization_id" = $1"#,
            r#" AND "parent"."id" = "folders"."parent_id" WHERE "folders"."organization_id" = $2"#,
        )
    );
    assert_eq!(
        pg(Project::select(&scope)
            .join_global::<Plan>(Join::Inner, Expr::col((PlanIden::Table, PlanIden::Name)).equals((ProjectIden::Table, ProjectIden::Name)))
            .build(PostgresQueryBuilder)),
        concat!(
            r#"SELECT "projects"."id", "projects"."organization_id", "projects"."name" FROM "projects""#,
            r#" INNER JOIN "plans" ON ("plans"."name" = "projects"."name") WHERE "projects"."organization_id" = $1"#,
        )
    );
    assert_eq!(
        pg(Plan::find(Uuid::from_u128(3)).build(PostgresQueryBuilder)),
        r#"SELECT "id", "name" FROM "plans" WHERE "plans"."id" = $1"#
    );

    let report = Unscoped::because("ui-pass: unscoped statements build");
    assert_eq!(report.reason(), "ui-pass: unscoped statements build");
    assert_eq!(
        Project::select_unscoped(&report).count().build(SqliteQueryBuilder).0,
        r#"SELECT COUNT(*) FROM "projects""#
    );
    assert_eq!(
        Task::select_unscoped(&report)
            .join_referenced::<Project>(Join::Inner)
            .column((TaskIden::Table, TaskIden::Title))
            .build(SqliteQueryBuilder)
            .0,
        r#"SELECT "tasks"."title" FROM "tasks" INNER JOIN "projects" ON "projects"."organization_id" = "tasks"."organization_id" AND "projects"."id" = "tasks"."project_id""#
    );
}
