//! Issue 17's schema shapes on every backend, as the application runs them: a tenant table that
//! references a global one, declared indexes, one row per organization, and the one ordered list
//! of statements that creates them (`migration::Migration`). On PostgreSQL everything after the
//! migration runs as [`APP_ROLE`](crate::backends::APP_ROLE) (owns nothing, no `BYPASSRLS`)
//! under row-level security, each statement in a transaction bound to its organization.

use tenant_core::audit::{self, Expected, Finding};
use tenant_core::executor::{Backend, Connection, Executor, Kind, Transaction};
use tenant_core::migration::Migration;
use tenant_core::rls::Binding;
use tenant_core::sea_query::{
    MysqlQueryBuilder, PostgresQueryBuilder, SqliteQueryBuilder, Value, Values,
};
use tenant_core::uuid::Uuid;
use tenant_core::{
    GlobalTable, Join, OnePerOrganization, Scope, TenantError, TenantScoped, TenantSetting,
};

use crate::backends::APP_ROLE;
use crate::{ORG_A, ORG_B};

/// The organizations, as the application's own global table.
#[derive(GlobalTable, Debug, Clone, PartialEq)]
#[tenant(table = "organizations")]
pub struct Organization {
    pub id: Uuid,
    pub name: String,
}

/// Plans: rows of no organization, keyed by a code.
#[derive(GlobalTable, Debug, Clone, PartialEq)]
#[tenant(table = "plans")]
pub struct Plan {
    #[tenant(primary_key)]
    pub code: String,
    pub name: String,
}

/// An organization's plan: one row per organization, referencing a global plan.
#[derive(TenantScoped, Debug, Clone, PartialEq)]
#[tenant(table = "org_plans", one_per_organization)]
pub struct OrgPlan {
    pub organization_id: Uuid,
    #[tenant(references = "Plan")]
    pub plan_code: String,
    pub seats: i64,
}

/// An activity log read newest first, by actor: two declared indexes.
#[derive(TenantScoped, Debug, Clone, PartialEq)]
#[tenant(table = "audit_log", index = "at desc", index = "actor, at desc")]
pub struct AuditEntry {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub actor: String,
    pub at: i64,
}

/// The migration of these tables for `backend`, with row-level security (PostgreSQL only).
pub fn migration(backend: Backend) -> Migration {
    Migration::new(backend)
        .tenant::<OrgPlan>()
        .tenant::<AuditEntry>()
        .global::<Organization>()
        .global::<Plan>()
        .row_level_security(TenantSetting::DEFAULT)
}

macro_rules! build {
    ($backend:expr, $statement:expr) => {
        match $backend {
            Backend::Sqlite => $statement.build(SqliteQueryBuilder),
            Backend::Postgres => $statement.build(PostgresQueryBuilder),
            Backend::Mysql => $statement.build(MysqlQueryBuilder),
        }
    };
}

async fn raw<E: Executor>(db: &mut E, sql: &str) {
    db.execute(sql, Values(Vec::new()))
        .await
        .unwrap_or_else(|error| panic!("{sql}: {error}"));
}

/// Runs `sql` in a transaction bound to `org` (PostgreSQL: the binding first); the rows, or
/// the error.
async fn bound<C: Connection>(
    db: &mut C,
    org: Uuid,
    (sql, values): (String, Values),
    kinds: &[Kind],
) -> Result<Vec<Vec<Value>>, tenant_core::executor::ExecError> {
    let backend = db.backend();
    let mut transaction = db.begin().await?;
    if backend == Backend::Postgres {
        let binding = Binding::scope(&TenantSetting::DEFAULT, &Scope::new(org).expect("not nil"));
        transaction
            .execute(binding.sql(), Values(Vec::new()))
            .await?;
    }
    let rows = if kinds.is_empty() {
        transaction.execute(&sql, values).await.map(|_| Vec::new())
    } else {
        transaction.fetch(&sql, values, kinds).await
    };
    match rows {
        Ok(rows) => {
            transaction.commit().await?;
            Ok(rows)
        }
        Err(error) => Err(error),
    }
}

fn scope(org: Uuid) -> Scope {
    Scope::new(org).expect("not nil")
}

/// Creates the tables from the migration's statements, seeds organizations and plans as the
/// owner, and on PostgreSQL continues as the application role.
async fn setup<C: Connection>(db: &mut C) {
    let backend = db.backend();
    for statement in migration(backend).statements() {
        raw(db, &statement).await;
    }
    let organizations = Organization::insert()
        .rows(&[
            Organization {
                id: ORG_A,
                name: "a".into(),
            },
            Organization {
                id: ORG_B,
                name: "b".into(),
            },
        ])
        .expect("rows");
    let plans = Plan::insert()
        .rows(&[
            Plan {
                code: "free".into(),
                name: "Free".into(),
            },
            Plan {
                code: "pro".into(),
                name: "Pro".into(),
            },
        ])
        .expect("rows");
    for (sql, values) in [build!(backend, organizations), build!(backend, plans)] {
        db.execute(&sql, values).await.expect("seed");
    }
    if backend == Backend::Postgres {
        raw(
            db,
            &format!(
                "DO $$ BEGIN CREATE ROLE {APP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS; \
                 EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$; \
                 DO $$ BEGIN EXECUTE format('GRANT USAGE ON SCHEMA %I TO {APP_ROLE}', current_schema()); \
                 EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO {APP_ROLE}', current_schema()); END $$; \
                 SET ROLE {APP_ROLE}"
            ),
        )
        .await;
    }
}

/// The migration's tables are what their structs expect, declared indexes included; a dropped
/// index, or one in the other direction, is found.
pub async fn the_migration_makes_what_the_audit_expects<C: Connection>(db: &mut C) {
    setup(db).await;
    let expected = [Expected::of::<AuditEntry>(), Expected::of::<OrgPlan>()];
    let report = audit::audit(db, &expected).await.expect("audit runs");
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    let backend = db.backend();
    let on = if backend == Backend::Mysql {
        " ON audit_log"
    } else {
        ""
    };
    if backend == Backend::Postgres {
        raw(db, "RESET ROLE").await;
    }
    raw(db, &format!("DROP INDEX audit_log_at_idx{on}")).await;
    raw(
        db,
        "CREATE INDEX audit_log_at_idx ON audit_log (organization_id, at)",
    )
    .await;
    let missing = Finding::IndexMissing {
        columns: vec!["organization_id".to_owned(), "at DESC".to_owned()],
    };
    let report = audit::audit(db, &expected).await.expect("audit runs");
    let findings: Vec<&Finding> = report.findings.iter().map(|(_, finding)| finding).collect();
    assert_eq!(
        findings,
        [&missing],
        "an ascending index is not the declared one"
    );
    raw(db, &format!("DROP INDEX audit_log_at_idx{on}")).await;
    let report = audit::audit(db, &expected).await.expect("audit runs");
    assert_eq!(report.findings.len(), 1, "{:?}", report.findings);
    raw(
        db,
        "CREATE INDEX audit_log_at_idx ON audit_log (organization_id, at DESC)",
    )
    .await;
    let report = audit::audit(db, &expected).await.expect("audit runs");
    assert!(report.findings.is_empty(), "{:?}", report.findings);
}

/// One row per organization: `upsert` inserts, then overwrites; `get` reads the scope's row
/// and no other; a second row of the same organization is refused by the key; a row of another
/// organization is refused before it is sent. The plan is a foreign key to a global table, and
/// the select joins it along the reference.
pub async fn one_row_per_organization_referencing_a_global_table<C: Connection>(db: &mut C) {
    setup(db).await;
    let backend = db.backend();
    let kinds = [Kind::Uuid, Kind::Text, Kind::Int];
    let row = |plan: &str, seats: i64| OrgPlan {
        organization_id: Uuid::nil(),
        plan_code: plan.to_owned(),
        seats,
    };
    for (org, seats) in [(ORG_A, 5), (ORG_A, 9), (ORG_B, 2)] {
        let upsert = OrgPlan::upsert(&scope(org), &row("pro", seats)).expect("own row");
        bound(db, org, build!(backend, upsert), &[])
            .await
            .expect("upsert runs");
    }
    let get = |org| {
        let select = OrgPlan::get(&scope(org));
        build!(backend, select)
    };
    let a = bound(db, ORG_A, get(ORG_A), &kinds)
        .await
        .expect("get runs");
    assert_eq!(
        a,
        [vec![
            Value::from(ORG_A),
            Value::from("pro"),
            Value::BigInt(Some(9))
        ]],
        "the second upsert overwrote the first; B's row is not A's"
    );
    let b = bound(db, ORG_B, get(ORG_B), &kinds)
        .await
        .expect("get runs");
    assert_eq!(b.len(), 1);
    assert_eq!(b[0][2], Value::BigInt(Some(2)));

    // A plain insert of a second row for A: the key is the tenant column.
    let insert = OrgPlan::insert(&scope(ORG_A))
        .row(&row("free", 1))
        .expect("own row");
    let second = bound(db, ORG_A, build!(backend, insert), &[]).await;
    assert!(
        second
            .as_ref()
            .is_err_and(|error| error.is_unique_violation()),
        "{second:?}"
    );
    // A row of B under A's scope.
    let foreign = OrgPlan {
        organization_id: ORG_B,
        ..row("free", 1)
    };
    assert!(matches!(
        OrgPlan::upsert(&scope(ORG_A), &foreign),
        Err(TenantError::ForeignOrganization { .. })
    ));
    // A plan that does not exist: the foreign key to the global table refuses it.
    let unknown = OrgPlan::upsert(&scope(ORG_A), &row("gold", 1)).expect("own row");
    assert!(
        bound(db, ORG_A, build!(backend, unknown), &[])
            .await
            .is_err(),
        "no plan `gold`"
    );
    // Joined along the reference.
    let joined = OrgPlan::get(&scope(ORG_A))
        .join_global_referenced::<Plan>(Join::Inner)
        .column((PlanIden::Table, PlanIden::Name));
    let names = bound(db, ORG_A, build!(backend, joined), &[Kind::Text])
        .await
        .expect("join runs");
    assert_eq!(names, [vec![Value::from("Pro")]]);
    // The declared indexes serve the scoped reads they were declared for.
    for (id, actor, at) in [(1, "ann", 10), (2, "bob", 30), (3, "ann", 20)] {
        let entry = AuditEntry {
            id: Uuid::from_u128(id),
            organization_id: ORG_A,
            actor: actor.to_owned(),
            at,
        };
        let insert = AuditEntry::insert(&scope(ORG_A))
            .row(&entry)
            .expect("own row");
        bound(db, ORG_A, build!(backend, insert), &[])
            .await
            .expect("insert runs");
    }
    let newest = AuditEntry::select(&scope(ORG_A))
        .order_by(AuditEntryIden::At, tenant_core::sea_query::Order::Desc)
        .columns([AuditEntryIden::Actor]);
    let actors = bound(db, ORG_A, build!(backend, newest), &[Kind::Text])
        .await
        .expect("select runs");
    assert_eq!(
        actors,
        [
            vec![Value::from("bob")],
            vec![Value::from("ann")],
            vec![Value::from("ann")]
        ]
    );
    let of_b = AuditEntry::select(&scope(ORG_B)).columns([AuditEntryIden::Actor]);
    assert!(
        bound(db, ORG_B, build!(backend, of_b), &[Kind::Text])
            .await
            .expect("select runs")
            .is_empty()
    );
    if backend == Backend::Postgres {
        // Under row-level security, with no binding: nothing, even raw.
        let rows = db
            .fetch(
                "SELECT plan_code FROM org_plans",
                Values(Vec::new()),
                &[Kind::Text],
            )
            .await
            .expect("raw select runs");
        assert!(rows.is_empty(), "{rows:?}");
    }
}
