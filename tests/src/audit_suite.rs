//! The audit on every database: a schema exactly as the structs make it has no finding; each
//! thing removed or changed has its finding. [`executor_suite!`](crate::executor_suite) makes one
//! `#[test]` of each function per database.

use tenant_core::audit::{self, Expected, Finding};
use tenant_core::executor::{Backend, Executor};
use tenant_core::sea_query::{
    ColumnDef, ForeignKey, Index, MysqlQueryBuilder, PostgresQueryBuilder, SqliteQueryBuilder,
    Table, TableCreateStatement, Values,
};
use tenant_core::{GlobalTable, TenantScoped, TenantSetting};

use crate::{Member, Project};

/// How the hand-made `projects` and `members` tables differ from the structs'.
#[derive(Clone, Copy, Default)]
pub struct Mistakes {
    no_tenant_column: bool,
    nullable_tenant: bool,
    text_tenant: bool,
    no_organizations_key: bool,
    key_not_tenant_led: bool,
    unique_not_tenant_led: bool,
    no_composite_key: bool,
}

fn organizations() -> TableCreateStatement {
    Table::create()
        .table("organizations")
        .col(ColumnDef::new("id").uuid().not_null().primary_key())
        .to_owned()
}

/// `projects` and `members` as `create_table()` makes them, but for `mistakes`.
fn tables(mistakes: Mistakes) -> [TableCreateStatement; 2] {
    let mut projects = Table::create();
    projects
        .table("projects")
        .col(ColumnDef::new("id").uuid().not_null());
    if !mistakes.no_tenant_column {
        let mut tenant = ColumnDef::new("organization_id");
        if mistakes.text_tenant {
            tenant.string();
        } else {
            tenant.uuid();
        }
        if mistakes.nullable_tenant {
            tenant.null();
        } else {
            tenant.not_null();
        }
        projects.col(tenant);
    }
    projects
        .col(ColumnDef::new("name").string().not_null())
        .col(ColumnDef::new("is_archived").boolean().not_null());
    if mistakes.key_not_tenant_led || mistakes.no_tenant_column {
        projects.primary_key(Index::create().col("id"));
        // Members still reference (organization_id, id): keep that unique where it can be.
        if !mistakes.no_tenant_column {
            projects.index(
                Index::create()
                    .unique()
                    .name("projects_tenant_key")
                    .col("organization_id")
                    .col("id"),
            );
        }
    } else {
        projects.primary_key(Index::create().col("organization_id").col("id"));
    }
    if !mistakes.no_organizations_key && !mistakes.no_tenant_column && !mistakes.text_tenant {
        projects.foreign_key(
            ForeignKey::create()
                .name("projects_organization_id_fkey")
                .from_col("organization_id")
                .to("organizations", "id"),
        );
    }
    let mut members = Member::create_table();
    if mistakes.unique_not_tenant_led
        || mistakes.no_composite_key
        || mistakes.no_tenant_column
        || mistakes.text_tenant
    {
        members = Table::create()
            .table("members")
            .col(ColumnDef::new("id").uuid().not_null())
            .col(ColumnDef::new("organization_id").uuid().not_null())
            .col(ColumnDef::new("email").string().not_null())
            .col(ColumnDef::new("project_id").uuid().null())
            .primary_key(Index::create().col("organization_id").col("id"))
            .foreign_key(
                ForeignKey::create()
                    .name("members_organization_id_fkey")
                    .from_col("organization_id")
                    .to("organizations", "id"),
            )
            .to_owned();
        if mistakes.unique_not_tenant_led {
            members.index(
                Index::create()
                    .unique()
                    .name("members_email_key")
                    .col("email"),
            );
        } else {
            members.index(
                Index::create()
                    .unique()
                    .name("members_email_key")
                    .col("organization_id")
                    .col("email"),
            );
        }
        if !mistakes.no_composite_key && !mistakes.no_tenant_column && !mistakes.text_tenant {
            members.foreign_key(
                ForeignKey::create()
                    .name("members_project_id_fkey")
                    .from_col("organization_id")
                    .from_col("project_id")
                    .to_tbl("projects")
                    .to_col("organization_id")
                    .to_col("id"),
            );
        }
    }
    [projects, members]
}

async fn create<E: Executor>(
    db: &mut E,
    statements: impl IntoIterator<Item = TableCreateStatement>,
) {
    for statement in statements {
        let sql = match db.backend() {
            Backend::Sqlite => statement.to_string(SqliteQueryBuilder),
            Backend::Postgres => statement.to_string(PostgresQueryBuilder),
            Backend::Mysql => statement.to_string(MysqlQueryBuilder),
        };
        db.execute(&sql, Values(Vec::new()))
            .await
            .unwrap_or_else(|error| panic!("{sql}: {error}"));
    }
}

async fn raw<E: Executor>(db: &mut E, sql: &str) {
    db.execute(sql, Values(Vec::new()))
        .await
        .unwrap_or_else(|error| panic!("{sql}: {error}"));
}

fn expected() -> [Expected; 2] {
    [Expected::of::<Project>(), Expected::of::<Member>()]
}

/// The findings of `mistakes` (the RLS ones aside), sorted by table.
async fn findings<E: Executor>(db: &mut E, mistakes: Mistakes) -> Vec<(String, Finding)> {
    let [projects, members] = tables(mistakes);
    create(db, [organizations(), projects, members]).await;
    let report = audit::audit(db, &expected()).await.expect("audit runs");
    report
        .findings
        .into_iter()
        .filter(|(_, finding)| {
            !matches!(
                finding,
                Finding::RowLevelSecurityNotEnabled
                    | Finding::RowLevelSecurityNotForced
                    | Finding::PolicyMissing
            )
        })
        .collect()
}

fn has(findings: &[(String, Finding)], table: &str, finding: Finding) {
    assert!(
        findings
            .iter()
            .any(|(found_table, found)| found_table == table && *found == finding),
        "{table}: {finding:?} not in {findings:?}"
    );
}

/// Tables from `create_table()` (and, on PostgreSQL, `row_level_security()`) have no finding.
pub async fn the_structs_own_schema_has_no_finding<E: Executor>(db: &mut E) {
    create(db, own_tables()).await;
    if db.backend() == Backend::Postgres {
        for statement in Project::row_level_security()
            .into_iter()
            .chain(Member::row_level_security())
        {
            raw(db, &statement).await;
        }
    }
    let report = audit::audit(db, &expected()).await.expect("audit runs");
    assert_eq!(report.findings, Vec::new(), "{report}");
    // The same through the registry: both structs registered themselves.
    let registered = audit::registered();
    for table in ["projects", "members"] {
        assert!(
            registered.iter().any(|expected| expected.table == table),
            "{table} not registered"
        );
    }
}

/// A table that is not there.
pub async fn a_missing_table_is_found<E: Executor>(db: &mut E) {
    let report = audit::audit(db, &expected()).await.expect("audit runs");
    has(&report.findings, "projects", Finding::TableMissing);
    has(&report.findings, "members", Finding::TableMissing);
}

/// Each tenant-column mistake.
pub async fn tenant_column_mistakes_are_found<E: Executor>(db: &mut E) {
    let found = findings(
        db,
        Mistakes {
            no_tenant_column: true,
            ..Mistakes::default()
        },
    )
    .await;
    has(&found, "projects", Finding::TenantColumnMissing);
    has(&found, "projects", Finding::NoOrganizationsForeignKey);
}

pub async fn a_nullable_tenant_column_is_found<E: Executor>(db: &mut E) {
    let found = findings(
        db,
        Mistakes {
            nullable_tenant: true,
            key_not_tenant_led: true,
            ..Mistakes::default()
        },
    )
    .await;
    has(&found, "projects", Finding::TenantColumnNullable);
}

pub async fn a_tenant_column_of_another_type_is_found<E: Executor>(db: &mut E) {
    let found = findings(
        db,
        Mistakes {
            text_tenant: true,
            ..Mistakes::default()
        },
    )
    .await;
    assert!(
        found.iter().any(|(table, finding)| table == "projects"
            && matches!(finding, Finding::TenantColumnType { .. })),
        "{found:?}"
    );
}

pub async fn a_missing_organizations_key_is_found<E: Executor>(db: &mut E) {
    let found = findings(
        db,
        Mistakes {
            no_organizations_key: true,
            ..Mistakes::default()
        },
    )
    .await;
    assert_eq!(
        found,
        [("projects".to_owned(), Finding::NoOrganizationsForeignKey)]
    );
}

pub async fn a_key_that_is_not_tenant_led_is_found<E: Executor>(db: &mut E) {
    let found = findings(
        db,
        Mistakes {
            key_not_tenant_led: true,
            ..Mistakes::default()
        },
    )
    .await;
    has(
        &found,
        "projects",
        Finding::KeyNotTenantLed {
            found: vec!["id".to_owned()],
        },
    );
}

pub async fn a_unique_that_is_not_tenant_led_is_found<E: Executor>(db: &mut E) {
    let found = findings(
        db,
        Mistakes {
            unique_not_tenant_led: true,
            ..Mistakes::default()
        },
    )
    .await;
    has(
        &found,
        "members",
        Finding::UniqueNotTenantLed {
            columns: vec!["email".to_owned()],
        },
    );
    has(
        &found,
        "members",
        Finding::UniqueMissing {
            columns: vec!["organization_id".to_owned(), "email".to_owned()],
        },
    );
}

pub async fn a_missing_composite_key_is_found<E: Executor>(db: &mut E) {
    let found = findings(
        db,
        Mistakes {
            no_composite_key: true,
            ..Mistakes::default()
        },
    )
    .await;
    assert_eq!(
        found,
        [(
            "members".to_owned(),
            Finding::CompositeForeignKeyMissing {
                column: "project_id".to_owned()
            }
        )]
    );
}

/// PostgreSQL only: each row-level security mistake (a no-op elsewhere).
pub async fn row_level_security_mistakes_are_found<E: Executor>(db: &mut E) {
    if db.backend() != Backend::Postgres {
        return;
    }
    create(db, own_tables()).await;
    assert_eq!(
        findings_on(db, "projects").await,
        [
            Finding::RowLevelSecurityNotEnabled,
            Finding::RowLevelSecurityNotForced,
            Finding::PolicyMissing
        ]
    );
    let statements = Project::row_level_security();
    raw(db, &statements[0]).await; // the policy's function
    raw(db, &statements[1]).await; // enabled, not forced, no policy
    assert_eq!(
        findings_on(db, "projects").await,
        [Finding::RowLevelSecurityNotForced, Finding::PolicyMissing]
    );
    raw(db, &statements[2]).await;
    // A policy of the right name that reads another setting.
    let other = TenantSetting::new("other.organization").expect("plain name");
    let wrong = tenant_core::rls::statements::<Project>(&other);
    raw(db, &wrong[4]).await;
    assert_eq!(
        findings_on(db, "projects").await,
        [Finding::PolicyDifferent]
    );
    raw(db, &statements[3]).await;
    raw(db, &statements[4]).await;
    assert_eq!(findings_on(db, "projects").await, Vec::new());
    // The right policy, calling a function that opens every organization.
    let function = &statements[0];
    let open = function.replace("RETURN NULL;", "RETURN edge;");
    assert_ne!(&open, function);
    raw(db, &open).await;
    assert_eq!(
        findings_on(db, "projects").await,
        [Finding::PolicyDifferent]
    );
    raw(db, function).await;
    assert_eq!(findings_on(db, "projects").await, Vec::new());
}

/// A global table whose live table has a tenant column, or a foreign key to the organizations
/// table, belongs to organizations: each is a finding. The same table without them has none.
pub async fn a_global_table_that_belongs_to_organizations_is_found<E: Executor>(db: &mut E) {
    use tenant_core::audit::ExpectedGlobal;
    let statuses = Table::create()
        .table("statuses")
        .col(ColumnDef::new("code").string().not_null().primary_key())
        .col(ColumnDef::new("label").string().not_null())
        .col(ColumnDef::new("organization_id").uuid().not_null())
        .foreign_key(
            ForeignKey::create()
                .name("statuses_organization_id_fkey")
                .from_col("organization_id")
                .to("organizations", "id"),
        )
        .to_owned();
    create(db, [organizations(), statuses]).await;
    let globals = [ExpectedGlobal::of::<crate::Status>()];
    let report = audit::audit_globals(db, &globals, &expected())
        .await
        .expect("audit runs");
    has(
        &report.findings,
        "statuses",
        Finding::GlobalTableHasTenantColumn {
            column: "organization_id".to_owned(),
        },
    );
    has(
        &report.findings,
        "statuses",
        Finding::GlobalTableReferencesOrganizations {
            columns: vec!["organization_id".to_owned()],
        },
    );
    raw(db, "DROP TABLE statuses").await;
    create(db, [crate::Status::create_table()]).await;
    let report = audit::audit_globals(db, &globals, &expected())
        .await
        .expect("audit runs");
    assert_eq!(report.findings, [], "{report}");
}

/// `organizations`, and `projects` and `members` as `create_table()` makes them.
fn own_tables() -> [TableCreateStatement; 3] {
    [
        organizations(),
        Project::create_table(),
        Member::create_table(),
    ]
}

/// The findings on `table` of an audit of `expected()`.
async fn findings_on<E: Executor>(db: &mut E, table: &str) -> Vec<Finding> {
    audit::audit(db, &expected())
        .await
        .expect("audit runs")
        .findings
        .into_iter()
        .filter(|(found, _)| found == table)
        .map(|(_, finding)| finding)
        .collect()
}

/// PostgreSQL ORs permissive policies: a second one (`USING (true)` for reporting) opens every
/// organization, and a tenant policy for one command or one role leaves the others without
/// it. A restrictive policy only narrows, and is not a finding.
pub async fn other_permissive_and_restricted_policies_are_found<E: Executor>(db: &mut E) {
    if db.backend() != Backend::Postgres {
        return;
    }
    create(db, own_tables()).await;
    for statement in Project::row_level_security() {
        raw(db, &statement).await;
    }
    assert_eq!(findings_on(db, "projects").await, []);
    raw(
        db,
        "CREATE POLICY narrowing ON projects AS RESTRICTIVE FOR SELECT USING (is_archived = false)",
    )
    .await;
    assert_eq!(
        findings_on(db, "projects").await,
        [],
        "a restrictive policy only narrows"
    );
    raw(
        db,
        "CREATE POLICY reporting ON projects FOR SELECT USING (true)",
    )
    .await;
    assert_eq!(
        findings_on(db, "projects").await,
        [Finding::OtherPermissivePolicy {
            name: "reporting".to_owned()
        }]
    );
    raw(db, "DROP POLICY reporting ON projects").await;
    let name = "projects_tenant_isolation";
    raw(db, &format!("DROP POLICY {name} ON projects")).await;
    let policy = Project::row_level_security()[4].replace(" FOR ALL ", " FOR UPDATE ");
    raw(db, &policy).await;
    assert_eq!(
        findings_on(db, "projects").await,
        [Finding::PolicyRestricted {
            command: "UPDATE".to_owned(),
            roles: vec!["public".to_owned()]
        }]
    );
    raw(db, &format!("DROP POLICY {name} ON projects")).await;
    raw(db, "DO $$ BEGIN CREATE ROLE tenant_audit_probe NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$").await;
    let policy =
        Project::row_level_security()[4].replace(" FOR ALL ", " FOR ALL TO tenant_audit_probe ");
    raw(db, &policy).await;
    assert_eq!(
        findings_on(db, "projects").await,
        [Finding::PolicyRestricted {
            command: "ALL".to_owned(),
            roles: vec!["tenant_audit_probe".to_owned()]
        }]
    );
}

/// MariaDB: a key on a prefix of the tenant column (`organization_id(4)`) is not tenant-led
/// (organizations whose ids share 4 bytes collide), and a tenant column of the wrong length is
/// a type finding.
pub async fn a_prefixed_or_short_tenant_column_is_found<E: Executor>(db: &mut E) {
    if db.backend() != Backend::Mysql {
        return;
    }
    create(db, [organizations()]).await;
    raw(
        db,
        "CREATE TABLE projects (id binary(16) NOT NULL, organization_id binary(16) NOT NULL, name varchar(255) NOT NULL, \
         is_archived bool NOT NULL, PRIMARY KEY (organization_id(4), id), UNIQUE KEY projects_name_key (organization_id(4), name), \
         CONSTRAINT projects_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id))",
    )
    .await;
    let found = findings_on(db, "projects").await;
    assert!(
        found.contains(&Finding::KeyNotTenantLed {
            found: vec!["organization_id(4)".to_owned(), "id".to_owned()]
        }),
        "{found:?}"
    );
    assert!(
        found.contains(&Finding::UniqueNotTenantLed {
            columns: vec!["organization_id(4)".to_owned(), "name".to_owned()]
        }),
        "{found:?}"
    );
    raw(db, "DROP TABLE projects").await;
    raw(
        db,
        "CREATE TABLE projects (id binary(16) NOT NULL, organization_id binary(4) NOT NULL, name varchar(255) NOT NULL, \
         is_archived bool NOT NULL, PRIMARY KEY (organization_id, id))",
    )
    .await;
    let found = findings_on(db, "projects").await;
    assert!(
        found.contains(&Finding::TenantColumnType {
            found: "binary(4)".to_owned(),
            expected: "binary(16)".to_owned()
        }),
        "{found:?}"
    );
}

/// SQLite: a legacy constraint with `ON CONFLICT REPLACE` lets a plain scoped insert delete
/// another organization's row (on a key that is not tenant-led); the audit names the clause.
pub async fn on_conflict_replace_is_found<E: Executor>(db: &mut E) {
    if db.backend() != Backend::Sqlite {
        return;
    }
    create(db, [organizations()]).await;
    raw(
        db,
        "CREATE TABLE projects (id BLOB NOT NULL, organization_id BLOB NOT NULL REFERENCES organizations (id), \
         name TEXT NOT NULL, is_archived INTEGER NOT NULL, PRIMARY KEY (organization_id, id), \
         UNIQUE (name) ON  CONFLICT\n REPLACE)",
    )
    .await;
    let found = findings_on(db, "projects").await;
    assert!(found.contains(&Finding::ConflictReplace), "{found:?}");
    raw(db, "DROP TABLE projects").await;
    create(db, [Project::create_table()]).await;
    assert!(
        !findings_on(db, "projects")
            .await
            .contains(&Finding::ConflictReplace)
    );
}
