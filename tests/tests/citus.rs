//! Citus: the tables from `create_table()` distribute by their tenant column unchanged, and every
//! statement the scoped builders write runs on one shard (a router query). Ignored unless asked
//! for (`-- --include-ignored`, with `TENANT_TEST_CITUS_URL`; `../shared/citus/cluster.sh start`
//! runs a coordinator on 127.0.0.1:9700 and two workers).

use postgres::{Client, NoTls};
use tenant_core::postgres::{self as driver};
use tenant_core::query::StatementFor;
use tenant_core::sea_query::{Expr, ExprTrait, IntoColumnRef, PostgresQueryBuilder, UnionType};
use tenant_core::uuid::Uuid;
use tenant_core::{GlobalTable, Join, Scope, TenantScoped, TenantSetting, Unscoped};
use tenant_tests::{
    Member, ORG_A, ORG_B, ORG_C, Project, ProjectIden, SEED_TASKS, Status, StatusIden, Task,
    TaskIden, seed_rows,
};

/// A fresh schema on the Citus coordinator with every table distributed, in the order a
/// migration runs the statements, and the seed rows written through the builders.
struct Citus {
    client: Client,
    schema: String,
}

impl Drop for Citus {
    fn drop(&mut self) {
        let _ = self
            .client
            .batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.schema));
    }
}

/// One migration at a time: Citus propagates the policies' function to the workers, and two
/// schemas' migrations run at once were seen (1 run in 6) to create a policy on a worker before
/// its function had arrived there. Migrations run one at a time in practice; so do these.
static MIGRATION: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn open() -> Citus {
    let url = std::env::var("TENANT_TEST_CITUS_URL")
        .ok()
        .filter(|url| !url.is_empty())
        .unwrap_or_else(|| {
            panic!("TENANT_TEST_CITUS_URL is not set: this test needs a Citus cluster, e.g. TENANT_TEST_CITUS_URL=postgres://postgres@127.0.0.1:9700/postgres (../shared/citus/cluster.sh start)")
        });
    let mut client = Client::connect(&url, NoTls)
        .unwrap_or_else(|error| panic!("Citus at TENANT_TEST_CITUS_URL: {error}"));
    let schema = format!("tenant_citus_{}", Uuid::new_v4().simple());
    client
        .batch_execute(&format!(
            "CREATE SCHEMA {schema}; SET search_path TO {schema}"
        ))
        .expect("schema");
    let mut citus = Citus { client, schema };
    let mut migration = vec![
        "CREATE TABLE organizations (id uuid PRIMARY KEY)".to_owned(),
        tenant_core::citus::organizations::<Project>(),
    ];
    let tables = [
        (
            Project::create_table(),
            Project::distribute(),
            Project::create_indexes(),
            Project::row_level_security(),
        ),
        (
            Member::create_table(),
            Member::distribute(),
            Member::create_indexes(),
            Member::row_level_security(),
        ),
        (
            Task::create_table(),
            Task::distribute(),
            Task::create_indexes(),
            Task::row_level_security(),
        ),
    ];
    for (table, distribute, indexes, rls) in tables {
        migration.push(table.to_string(PostgresQueryBuilder));
        migration.extend(distribute);
        migration.extend(
            indexes
                .iter()
                .map(|index| index.to_string(PostgresQueryBuilder)),
        );
        // The policies' function once, as `migration::Migration` writes it: Citus replaces a
        // function it has propagated on every node, which races with the policies on shards.
        for statement in rls {
            if !migration.contains(&statement) {
                migration.push(statement);
            }
        }
    }
    migration.push(Status::create_table().to_string(PostgresQueryBuilder));
    migration.push(tenant_core::citus::reference::<Status>());
    let _one_at_a_time = MIGRATION
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    for statement in migration {
        citus
            .client
            .batch_execute(&statement)
            .unwrap_or_else(|error| panic!("{statement}: {error:?}"));
    }
    for org in [ORG_A, ORG_B, ORG_C] {
        citus
            .client
            .execute("INSERT INTO organizations (id) VALUES ($1)", &[&org])
            .expect("organization");
        let scope = Scope::new(org).expect("not nil");
        let projects: Vec<Project> = seed_rows()
            .into_iter()
            .filter(|row| row.organization_id == org)
            .collect();
        let mut transaction =
            driver::transaction(&mut citus.client, &scope, &TenantSetting::DEFAULT).expect("bound");
        transaction
            .execute(&Project::insert(&scope).rows(&projects).expect("rows"))
            .expect("projects");
        let tasks: Vec<Task> = SEED_TASKS
            .iter()
            .filter(|(_, task_org, project, ..)| {
                // The seed plants cross-organization references; Citus enforces the composite
                // foreign key, so only the consistent ones are written here.
                *task_org == org
                    && seed_rows().iter().any(|row| {
                        row.id == Uuid::from_u128(*project) && row.organization_id == org
                    })
            })
            .map(|&(id, _, project, title, status)| Task {
                id: Uuid::from_u128(id),
                organization_id: Uuid::nil(),
                project_id: Uuid::from_u128(project),
                title: title.to_owned(),
                status: status.to_owned(),
            })
            .collect();
        if !tasks.is_empty() {
            transaction
                .execute(&Task::insert(&scope).rows(&tasks).expect("rows"))
                .expect("tasks");
        }
        transaction.commit().expect("commit");
    }
    let statuses = [("open", "Open"), ("done", "Done")].map(|(code, label)| Status {
        code: code.to_owned(),
        label: label.to_owned(),
    });
    driver::execute(
        &mut citus.client,
        &Status::insert().rows(&statuses).expect("rows"),
    )
    .expect("statuses");
    // From here on, a statement that needs more than one shard is an error.
    citus
        .client
        .batch_execute("SET citus.multi_task_query_log_level = 'error'")
        .expect("router-only");
    citus
}

/// Runs `statement` (which must be router-executable under `multi_task_query_log_level =
/// error`) and returns its rows; asserts that `EXPLAIN` shows one task.
fn on_one_shard(
    citus: &mut Citus,
    what: &str,
    statement: &impl StatementFor<PostgresQueryBuilder>,
) -> Vec<postgres::Row> {
    let (sql, values) = statement.build_for(PostgresQueryBuilder);
    let values = sea_query_postgres::PostgresValues(
        values
            .into_iter()
            .map(sea_query_postgres::PostgresValue)
            .collect(),
    );
    let mut transaction = citus.client.transaction().expect("transaction");
    let plan: Vec<String> = transaction
        .query(&format!("EXPLAIN {sql}"), &values.as_params())
        .unwrap_or_else(|error| panic!("{what}: EXPLAIN {sql}: {error:?}"))
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert!(
        plan.iter().any(|line| line.trim() == "Task Count: 1"),
        "{what} is not a router query:\n{}",
        plan.join("\n")
    );
    let rows = transaction
        .query(sql.as_str(), &values.as_params())
        .unwrap_or_else(|error| panic!("{what}: {sql}: {error:?}"));
    transaction.commit().expect("commit");
    rows
}

fn scope_a() -> Scope {
    Scope::new(ORG_A).expect("not nil")
}

#[test]
#[ignore = "needs TENANT_TEST_CITUS_URL"]
fn citus_every_scoped_read_runs_on_one_shard() {
    let mut citus = open();
    let a = scope_a();
    let title = || (TaskIden::Table, TaskIden::Title).into_column_ref();
    let name = || (ProjectIden::Table, ProjectIden::Name).into_column_ref();
    assert_eq!(
        on_one_shard(&mut citus, "select", &Project::select(&a)).len(),
        2
    );
    assert_eq!(
        on_one_shard(
            &mut citus,
            "find",
            &Project::find(&a, Uuid::from_u128(0xA1))
        )
        .len(),
        1
    );
    assert_eq!(
        on_one_shard(
            &mut citus,
            "find of another organization's row",
            &Project::find(&a, Uuid::from_u128(0xB1))
        )
        .len(),
        0
    );
    let joined = Task::select(&a)
        .columns([title(), name()])
        .join_referenced::<Project>(Join::Inner);
    assert_eq!(
        on_one_shard(&mut citus, "join_referenced", &joined).len(),
        2
    );
    let referencing = Project::select(&a)
        .columns([name(), title()])
        .join_referencing::<Task>(Join::Left);
    assert_eq!(
        on_one_shard(&mut citus, "join_referencing", &referencing).len(),
        3
    );
    let explicit = Project::select(&a).join::<Member>(Join::Left, Expr::val(true));
    on_one_shard(&mut citus, "join::<P>", &explicit);
    let global = Task::select(&a).columns([title()]).join_global::<Status>(
        Join::Inner,
        Expr::col((StatusIden::Table, StatusIden::Code))
            .equals((TaskIden::Table, TaskIden::Status)),
    );
    assert_eq!(on_one_shard(&mut citus, "join_global", &global).len(), 2);
    let count: i64 = on_one_shard(&mut citus, "count", &Project::select(&a).count())[0].get(0);
    assert_eq!(count, 2);
    let grouped = Task::select(&a)
        .column(TaskIden::Status)
        .expr(Expr::col(TaskIden::Id).count())
        .group_by_col(TaskIden::Status);
    assert_eq!(on_one_shard(&mut citus, "group by", &grouped).len(), 2);
    let sub_query = Project::select(&a).and_where(
        Expr::col((ProjectIden::Table, ProjectIden::Id)).in_subquery(
            Task::select(&a)
                .column(TaskIden::ProjectId)
                .into_sub_query(),
        ),
    );
    assert_eq!(
        on_one_shard(&mut citus, "scoped sub-query", &sub_query).len(),
        1
    );
    let union = Project::select(&a)
        .column(ProjectIden::Name)
        .union(UnionType::All, Task::select(&a).column(TaskIden::Title));
    assert_eq!(on_one_shard(&mut citus, "union", &union).len(), 4);
}

#[test]
#[ignore = "needs TENANT_TEST_CITUS_URL"]
fn citus_every_scoped_write_runs_on_one_shard() {
    let mut citus = open();
    let a = scope_a();
    let row = |id: u128, name: &str| Project::new(id, Uuid::nil(), name, false);
    on_one_shard(
        &mut citus,
        "insert",
        &Project::insert(&a)
            .row(&row(0xA3, "third"))
            .expect("row")
            .returning_all(),
    );
    on_one_shard(
        &mut citus,
        "insert of many rows",
        &Project::insert(&a)
            .rows(&[row(0xA4, "fourth"), row(0xA5, "fifth")])
            .expect("rows")
            .returning([ProjectIden::Id]),
    );
    let upsert = Project::insert(&a)
        .row(&row(0xA3, "renamed"))
        .expect("row")
        .on_conflict_update([ProjectIden::Name])
        .returning_all();
    on_one_shard(&mut citus, "upsert", &upsert);
    let skip = Project::insert(&a)
        .row(&row(0xA3, "skipped"))
        .expect("row")
        .on_conflict_do_nothing()
        .returning_all();
    assert_eq!(
        on_one_shard(&mut citus, "upsert, do nothing", &skip).len(),
        0
    );
    let update = Project::update(&a)
        .set(ProjectIden::Archived, true)
        .and_where(Expr::col(ProjectIden::Name).eq("renamed"))
        .returning_all();
    assert_eq!(on_one_shard(&mut citus, "update", &update).len(), 1);
    let delete = Project::delete(&a)
        .where_key(Uuid::from_u128(0xA5))
        .returning([ProjectIden::Name]);
    assert_eq!(on_one_shard(&mut citus, "delete", &delete).len(), 1);
    // Plain execution too, through the driver.
    let archived = Project::update(&a)
        .set(ProjectIden::Archived, false)
        .and_where(Expr::col(ProjectIden::Archived).eq(true));
    let mut transaction =
        driver::transaction(&mut citus.client, &a, &TenantSetting::DEFAULT).expect("bound");
    transaction
        .execute(&archived)
        .expect("update runs on one shard");
    transaction.commit().expect("commit");
    // Org B untouched.
    let b = Scope::new(ORG_B).expect("not nil");
    assert_eq!(
        on_one_shard(&mut citus, "select of B", &Project::select(&b)).len(),
        2
    );
}

/// Statements built with `Unscoped` name no organization: they need every shard, which the
/// router-only setting refuses.
#[test]
#[ignore = "needs TENANT_TEST_CITUS_URL"]
fn citus_unscoped_statements_are_multi_shard() {
    let mut citus = open();
    let report = Unscoped::because("citus test: a report across organizations");
    let (sql, _) = Project::select_unscoped(&report).build(PostgresQueryBuilder);
    let error = citus
        .client
        .query(sql.as_str(), &[])
        .expect_err("multi-shard is refused here");
    assert!(format!("{error:?}").contains("multi-task"), "{error:?}");
    citus
        .client
        .batch_execute("SET citus.multi_task_query_log_level = 'off'")
        .expect("multi-shard allowed");
    assert_eq!(
        citus
            .client
            .query(sql.as_str(), &[])
            .expect("runs on every shard")
            .len(),
        5
    );
}

/// The application role on Citus: a LOGIN role (Citus opens its worker connections as the
/// current user) that is not superuser, not `BYPASSRLS` and owns nothing. Granted the data, not
/// the tables; the session continues as that role.
fn as_application_role(citus: &mut Citus) {
    let schema = &citus.schema;
    for statement in [
        "DO $$ BEGIN CREATE ROLE tenant_citus_app LOGIN NOSUPERUSER NOBYPASSRLS; \
         EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
            .to_owned(),
        format!("GRANT USAGE ON SCHEMA {schema} TO tenant_citus_app"),
        format!(
            "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO tenant_citus_app"
        ),
        "SET ROLE tenant_citus_app".to_owned(),
    ] {
        citus
            .client
            .batch_execute(&statement)
            .unwrap_or_else(|error| panic!("{statement}: {error:?}"));
    }
}

/// Row-level security on Citus, as the application role: the policy runs on the workers, which
/// get the binding through `SET LOCAL` (`citus.propagate_set_commands = 'local'`). A bound
/// organization reads and writes its own rows, every statement on one shard; SQL that forgets
/// the tenant sees only them; nothing bound sees nothing; the unscoped report is complete.
#[test]
#[ignore = "needs TENANT_TEST_CITUS_URL"]
fn citus_row_level_security_holds_for_an_application_role() {
    let mut citus = open();
    as_application_role(&mut citus);
    let a = scope_a();
    let setting = TenantSetting::DEFAULT;
    let role: String = citus
        .client
        .query_one("SELECT current_user::text", &[])
        .expect("role")
        .get(0);
    assert_eq!(role, "tenant_citus_app");

    // Bound to A: its own rows, on one shard each (the session refuses multi-shard statements).
    let mut transaction = driver::transaction(&mut citus.client, &a, &setting).expect("bound");
    let own = transaction.query(&Project::select(&a)).expect("select");
    assert_eq!(own.len(), 2, "A's projects under the policy");
    let one = transaction
        .query(&Project::find(&a, Uuid::from_u128(0xA1)))
        .expect("find");
    assert_eq!(one.len(), 1);
    let row = Project::new(0xA7, Uuid::nil(), "citus", false);
    transaction
        .execute(&Project::insert(&a).row(&row).expect("A's row"))
        .expect("insert under the policy");
    let renamed = transaction
        .execute(
            &Project::update(&a)
                .set(ProjectIden::Name, "citus renamed")
                .where_key(row.id),
        )
        .expect("update");
    assert_eq!(renamed, 1);
    let deleted = transaction
        .execute(&Project::delete(&a).where_key(row.id))
        .expect("delete");
    assert_eq!(deleted, 1);
    let joined = transaction
        .query(&Task::select(&a).join_referenced::<Project>(Join::Inner))
        .expect("join");
    assert_eq!(joined.len(), 2);
    // SQL that forgets the tenant: B's shard shows nothing, and all shards show A's rows only.
    let b_rows = transaction
        .client()
        .query(
            "SELECT name FROM projects WHERE organization_id = $1",
            &[&tenant_tests::ORG_B],
        )
        .expect("router query to B's shard");
    assert_eq!(b_rows.len(), 0, "B's rows under A's binding");
    transaction
        .client()
        .batch_execute("SET LOCAL citus.multi_task_query_log_level = 'off'")
        .expect("multi-shard allowed");
    let names: Vec<String> = transaction
        .client()
        .query("SELECT name FROM projects ORDER BY name", &[])
        .expect("every shard")
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(
        names,
        ["a-archived", "visible"],
        "every shard, A's rows only"
    );
    transaction.commit().expect("commit");

    // Nothing bound: nothing visible, on the shard of A.
    // (A scoped statement outside a bound transaction does not compile: raw SQL shows it.)
    let mut transaction = citus.client.transaction().expect("transaction");
    let rows = transaction
        .query(
            "SELECT * FROM projects WHERE organization_id = $1",
            &[&ORG_A],
        )
        .expect("select");
    assert_eq!(rows.len(), 0, "no binding, no rows");
    transaction.commit().expect("commit");

    // The unscoped report: every organization's rows.
    citus
        .client
        .batch_execute("SET citus.multi_task_query_log_level = 'off'")
        .expect("multi-shard allowed");
    let report = Unscoped::because("citus test: a report across organizations");
    let mut unscoped =
        driver::unscoped_transaction(&mut citus.client, &report, &setting).expect("unscoped");
    let all = unscoped
        .query(&Project::select_unscoped(&report))
        .expect("report");
    assert_eq!(all.len(), 5, "the report is complete");
    unscoped.commit().expect("commit");
}

/// The request path on Citus, as the application role: sqlx's `BoundTransaction`, whose binding
/// travels with the `BEGIN` (the `SET LOCAL`s in sqlx's begin statement), reaches the workers:
/// the scoped select runs on A's shard, SQL that forgets the tenant sees A's rows only on every
/// shard, and after the commit nothing is bound.
#[test]
#[ignore = "needs TENANT_TEST_CITUS_URL"]
fn citus_a_bound_sqlx_transaction_holds_for_an_application_role() {
    use sqlx::Connection as _;
    use tenant_core::TenantSetting;
    use tenant_core::sqlx::{BoundTransaction, sqlx};
    let mut citus = open();
    as_application_role(&mut citus);
    let url = std::env::var("TENANT_TEST_CITUS_URL").expect("the Citus URL");
    let a = scope_a();
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(async {
            let mut connection = sqlx::PgConnection::connect(&url).await.expect("Citus");
            sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                "SET search_path TO {}; SET ROLE tenant_citus_app; \
                 SET citus.multi_task_query_log_level = 'error'",
                citus.schema
            )))
            .execute(&mut connection)
            .await
            .expect("the application role");
            let mut tx = BoundTransaction::begin(&mut connection, &a, &TenantSetting::DEFAULT)
                .await
                .expect("bound");
            let own = tx.fetch_all(&Project::select(&a)).await.expect("one shard");
            assert_eq!(own.len(), 2, "A's projects under the policy");
            sqlx::raw_sql("SET LOCAL citus.multi_task_query_log_level = 'off'")
                .execute(tx.connection())
                .await
                .expect("multi-shard allowed");
            let names: Vec<String> = sqlx::query_scalar("SELECT name FROM projects ORDER BY name")
                .fetch_all(tx.connection())
                .await
                .expect("every shard");
            assert_eq!(
                names,
                ["a-archived", "visible"],
                "every shard, A's rows only"
            );
            tx.commit().await.expect("commit");

            let unbound: Vec<String> =
                sqlx::query_scalar("SELECT name FROM projects WHERE organization_id = $1")
                    .bind(*a.organization())
                    .fetch_all(&mut connection)
                    .await
                    .expect("A's shard");
            assert!(unbound.is_empty(), "no binding, no rows");
        });
}

/// Issue 17's shapes on Citus, from `migration::Migration::citus()` alone (the application's
/// organizations table distributed by its id, plans a reference table, the tenant tables
/// co-located): as the application role under row-level security, one row per organization is
/// upserted and read, joined to its global plan, every statement on one shard.
#[test]
#[ignore = "needs TENANT_TEST_CITUS_URL"]
fn citus_one_row_per_organization_and_a_global_reference() {
    use tenant_core::OnePerOrganization;
    use tenant_core::executor::Backend;
    use tenant_tests::shapes_suite::{self, OrgPlan, Organization, Plan, PlanIden};

    let url = std::env::var("TENANT_TEST_CITUS_URL").expect("TENANT_TEST_CITUS_URL");
    let client = Client::connect(&url, NoTls).expect("Citus");
    let schema = format!("tenant_citus_{}", Uuid::new_v4().simple());
    let mut citus = Citus { client, schema };
    let mut setup = vec![format!(
        "CREATE SCHEMA {0}; SET search_path TO {0}",
        citus.schema
    )];
    setup.extend(
        shapes_suite::migration(Backend::Postgres)
            .citus()
            .statements(),
    );
    let one_at_a_time = MIGRATION
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    for statement in setup {
        citus
            .client
            .batch_execute(&statement)
            .unwrap_or_else(|error| panic!("{statement}: {error:?}"));
    }
    drop(one_at_a_time);
    for (sql, values) in [
        Organization::insert()
            .row(&Organization {
                id: ORG_A,
                name: "a".into(),
            })
            .build(PostgresQueryBuilder),
        Plan::insert()
            .row(&Plan {
                code: "pro".into(),
                name: "Pro".into(),
            })
            .build(PostgresQueryBuilder),
    ] {
        let values = sea_query_postgres::PostgresValues(
            values
                .into_iter()
                .map(sea_query_postgres::PostgresValue)
                .collect(),
        );
        citus
            .client
            .execute(sql.as_str(), &values.as_params())
            .expect("seed");
    }
    // A table with a foreign key to a reference table: Citus grants on it over one connection
    // per node.
    citus
        .client
        .batch_execute("SET citus.multi_shard_modify_mode TO 'sequential'")
        .expect("sequential");
    as_application_role(&mut citus);
    citus
        .client
        .batch_execute("SET citus.multi_task_query_log_level = 'error'")
        .expect("router-only");
    let a = scope_a();
    for seats in [3, 4] {
        let mut transaction =
            driver::transaction(&mut citus.client, &a, &TenantSetting::DEFAULT).expect("bound");
        let row = OrgPlan {
            organization_id: Uuid::nil(),
            plan_code: "pro".into(),
            seats,
        };
        transaction
            .execute(&OrgPlan::upsert(&a, &row).expect("own row"))
            .expect("upsert on one shard");
        transaction.commit().expect("commit");
    }
    let mut transaction =
        driver::transaction(&mut citus.client, &a, &TenantSetting::DEFAULT).expect("bound");
    let rows = transaction
        .query(&OrgPlan::get(&a))
        .expect("get on one shard");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].get::<_, i64>("seats"), 4);
    let joined = transaction
        .query(
            &OrgPlan::get(&a)
                .join_global_referenced::<Plan>(Join::Inner)
                .column((PlanIden::Table, PlanIden::Name)),
        )
        .expect("join with the reference table on one shard");
    assert_eq!(joined[0].get::<_, String>(0), "Pro");
}
