//! PostgreSQL row-level security, the second wall: raw SQL that bypasses the builders, run as an
//! ordinary role that does not own the tables, sees and writes only the organization bound to the
//! transaction, and nothing when none is bound. Ignored unless asked for
//! (`-- --include-ignored`, with `TENANT_TEST_POSTGRES_URL`).

use tenant_core::postgres::transaction as bound_transaction;
use tenant_core::sea_query::{Expr, ExprTrait};
use tenant_core::uuid::Uuid;
use tenant_core::{Scope, TenantScoped, TenantSetting};
use tenant_tests::backends::{APP_ROLE, Postgres, raw_names};
use tenant_tests::{ORG_A, ORG_B, Project, ProjectIden};

/// A seeded test schema with row-level security on both tables, connected as [`APP_ROLE`].
fn open() -> Postgres {
    let mut db = Postgres::open();
    db.as_app_role(true);
    db
}

/// Every project name the connection's role sees, raw.
fn names(client: &mut impl postgres::GenericClient) -> Vec<String> {
    raw_names(client, "SELECT name FROM projects ORDER BY name")
}

fn scope(org: Uuid) -> Scope {
    Scope::new(org).expect("not nil")
}

#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn raw_sql_sees_only_the_bound_organization() {
    let mut db = open();
    let mut transaction = db.bound(ORG_A);
    assert_eq!(names(transaction.client()), ["a-archived", "visible"]);
    let all = transaction
        .client()
        .query("SELECT * FROM projects", &[])
        .expect("raw select runs");
    assert_eq!(all.len(), 2, "SELECT * shows org A's rows only");
    // A builder aimed at org B is refused by the transaction bound to org A, before it is
    // sent (the transaction is still usable after); its SQL, run raw, finds nothing.
    let of_b = Project::select(&scope(ORG_B));
    assert!(matches!(
        transaction.query(&of_b),
        Err(tenant_core::postgres::Error::OtherScope)
    ));
    let raw_b = transaction
        .client()
        .query(
            "SELECT * FROM projects WHERE organization_id = $1",
            &[&ORG_B],
        )
        .expect("raw select runs");
    assert_eq!(raw_b.len(), 0, "org B's rows under org A's binding");
    assert_eq!(
        transaction
            .query(&Project::select(&scope(ORG_A)))
            .expect("still usable")
            .len(),
        2
    );
}

#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn raw_writes_to_another_organization_fail_or_touch_nothing() {
    let mut db = open();
    let mut transaction = db.bound_raw(ORG_A);
    // Updating or deleting org B's rows touches nothing: they are not there for this role.
    let updated = transaction
        .execute(
            "UPDATE projects SET name = 'pwned' WHERE organization_id = $1",
            &[&ORG_B],
        )
        .expect("raw update runs");
    assert_eq!(updated, 0);
    let deleted = transaction
        .execute(
            "DELETE FROM projects WHERE organization_id <> $1",
            &[&ORG_A],
        )
        .expect("raw delete runs");
    assert_eq!(deleted, 0);
    // Moving an own row to org B fails the policy's WITH CHECK.
    let error = transaction
        .execute("UPDATE projects SET organization_id = $1", &[&ORG_B])
        .expect_err("moving a row to another organization is refused");
    assert_policy_violation(&error);
    transaction.rollback().expect("rollback");

    let mut transaction = db.bound_raw(ORG_A);
    let error = transaction
        .execute(
            "INSERT INTO projects (id, organization_id, name, is_archived) VALUES ($1, $2, 'smuggled', false)",
            &[&Uuid::from_u128(0xA9), &ORG_B],
        )
        .expect_err("inserting a row of another organization is refused");
    assert_policy_violation(&error);
}

#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn nothing_bound_means_nothing_visible_and_nothing_writable() {
    let mut db = open();
    let mut transaction = db.client.transaction().expect("transaction starts");
    assert_eq!(names(&mut transaction), Vec::<String>::new());
    let error = transaction
        .execute(
            "INSERT INTO projects (id, organization_id, name, is_archived) VALUES ($1, $2, 'x', false)",
            &[&Uuid::from_u128(0xA9), &ORG_A],
        )
        .expect_err("no organization bound: no write");
    assert_policy_violation(&error);
}

#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn the_binding_ends_with_the_transaction() {
    let mut db = open();
    for end in ["commit", "rollback"] {
        let mut transaction = db.bound_raw(ORG_A);
        assert_eq!(names(&mut transaction).len(), 2);
        match end {
            "commit" => transaction.commit(),
            _ => transaction.rollback(),
        }
        .expect("transaction ends");
        // The same connection, the next transaction: the setting is reset to '' and the
        // policy reads that as no organization, without an error.
        db.sees_nothing(&format!("after {end}"));
    }
}

#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn scoped_builders_run_under_row_level_security() {
    let mut db = open();
    let mut transaction = db.bound(ORG_A);
    let row = Project::new(0xA8, Uuid::nil(), "under rls", false);
    let insert = Project::insert(&scope(ORG_A))
        .row(&row)
        .expect("org A's row");
    assert_eq!(transaction.execute(&insert).expect("insert"), 1);
    let update = Project::update(&scope(ORG_A))
        .set(ProjectIden::Archived, true)
        .and_where(Expr::col(ProjectIden::Name).eq("under rls"));
    assert_eq!(transaction.execute(&update).expect("update"), 1);
    let delete = Project::delete(&scope(ORG_A)).where_key(row.id);
    assert_eq!(transaction.execute(&delete).expect("delete"), 1);
}

#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn a_custom_setting_name_works_and_a_hostile_one_is_refused() {
    let mut db = open();
    let setting = TenantSetting::new("myapp.tenant").expect("a plain custom setting name");
    db.client
        .batch_execute("RESET ROLE")
        .expect("back to the owner");
    for statement in tenant_core::rls::statements::<Project>(&setting) {
        db.client
            .batch_execute(&statement)
            .expect("policy is replaced");
    }
    db.client
        .batch_execute(&format!("SET ROLE {APP_ROLE}"))
        .expect("app role");
    let mut transaction =
        bound_transaction(&mut db.client, &scope(ORG_B), &setting).expect("scope binds");
    assert_eq!(names(transaction.client()), ["b-archived", "hidden"]);
    for hostile in [
        "app",
        "app.x'); DROP TABLE projects; --",
        "app..x",
        "app.x y",
    ] {
        assert!(TenantSetting::new(hostile).is_err(), "{hostile}");
    }
}

#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn sqlx_binds_the_scope_to_a_transaction_too() {
    use sqlx::{Acquire, Connection, Row};
    let db = open();
    sqlx_runtime().block_on(async {
        let mut connection = sqlx_app_connection(&db).await;
        let mut transaction = Connection::begin(&mut connection)
            .await
            .expect("transaction starts");
        tenant_core::sqlx::bind_scope(&mut transaction, &scope(ORG_B), &TenantSetting::DEFAULT)
            .await
            .expect("scope binds");
        let rows = sqlx::query("SELECT name FROM projects ORDER BY name")
            .fetch_all(transaction.acquire().await.expect("connection"))
            .await
            .expect("raw select runs");
        let names: Vec<String> = rows.iter().map(|row| row.get(0)).collect();
        assert_eq!(names, ["b-archived", "hidden"]);
        transaction.rollback().await.expect("rollback");
        // The scoped builders run in a bound transaction: `bind` takes one begun by hand.
        let transaction = Connection::begin(&mut connection)
            .await
            .expect("transaction starts");
        let mut bound = tenant_core::sqlx::BoundTransaction::bind(
            transaction,
            &scope(ORG_B),
            &TenantSetting::DEFAULT,
        )
        .await
        .expect("scope binds");
        let scoped = bound
            .fetch_all(&Project::select(&scope(ORG_B)))
            .await
            .expect("scoped select runs");
        assert_eq!(scoped.len(), 2);
        bound.rollback().await.expect("rollback");
    });
    drop(db);
}

fn assert_policy_violation(error: &postgres::Error) {
    let code = error.code().map(|code| code.code());
    assert_eq!(
        code,
        Some("42501"),
        "expected a row-level security violation, got {error}"
    );
}

/// A value set at session level by any code survives the transactions after it; the policy
/// ignores it, and a binding leaves nothing behind whether its transaction commits or rolls
/// back.
#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn a_session_level_setting_is_never_a_binding() {
    let mut db = open();
    db.client
        .batch_execute(&format!("SET app.current_organization_id = '{ORG_B}'"))
        .expect("session-level SET");
    db.sees_nothing("a session-level value");
    for end in ["commit", "rollback"] {
        let mut transaction = db.bound_raw(ORG_A);
        assert_eq!(names(&mut transaction), ["a-archived", "visible"]);
        match end {
            "commit" => transaction.commit(),
            _ => transaction.rollback(),
        }
        .expect("transaction ends");
        db.sees_nothing(&format!("after {end}"));
    }

    // Both settings copied to session level from an earlier binding: stale, so nothing.
    let mut transaction = db.bound_raw(ORG_B);
    let token: String = transaction
        .query_one(
            "SELECT current_setting('app.current_organization_id_tx')",
            &[],
        )
        .expect("token")
        .get(0);
    transaction.commit().expect("commit");
    db.client
        .batch_execute(&format!(
            "SET app.current_organization_id = '{ORG_B}'; SET app.current_organization_id_tx = '{token}'"
        ))
        .expect("session-level SET of both");
    db.sees_nothing("a stale token");
}

/// The policy's function resolves every name in `pg_catalog`, whatever the caller's
/// `search_path`: a role that owns a schema and puts its own `current_setting` (which claims a
/// binding) before `pg_catalog` sees nothing without a binding, and only its own organization
/// with one.
#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn the_policy_function_ignores_the_callers_search_path() {
    let mut db = open();
    let schema = db.schema.clone();
    let evil = format!("{schema}_evil");
    db.client
        .batch_execute(&format!(
            "RESET ROLE; CREATE SCHEMA {evil} AUTHORIZATION {APP_ROLE}; SET ROLE {APP_ROLE}; \
             CREATE FUNCTION {evil}.current_setting(name text, missing_ok boolean) RETURNS text \
             LANGUAGE sql AS $$ SELECT CASE WHEN name LIKE '%_tx' OR name LIKE '%_unscoped' \
             THEN extract(epoch from transaction_timestamp())::text ELSE '{ORG_B}' END $$; \
             SET search_path = {evil}, pg_catalog, {schema}"
        ))
        .expect("a schema of the app role's, first in its search_path");
    let hijacked: String = db
        .client
        .query_one(
            "SELECT current_setting('app.current_organization_id_tx', true)",
            &[],
        )
        .expect("the app role's function")
        .get(0);
    assert!(
        !hijacked.is_empty(),
        "unqualified calls reach the app role's function"
    );
    db.sees_nothing("a search_path that puts another current_setting first");
    let mut transaction = db.bound_raw(ORG_A);
    assert_eq!(names(&mut transaction), ["a-archived", "visible"]);
}

/// A setting that holds no organization id shows nothing; it does not fail the query.
#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn a_setting_that_is_not_an_id_shows_nothing_without_an_error() {
    let mut db = open();
    for garbage in [
        "not-a-uuid",
        "'",
        "00000000-0000-0000-0000-00000000000a; x",
        " ",
    ] {
        db.client
            .execute(
                "SELECT set_config('app.current_organization_id', $1, false)",
                &[&garbage],
            )
            .expect("session-level value");
        db.sees_nothing(&format!("session-level {garbage:?}"));
        // Even inside a bound transaction, rebinding to garbage shows nothing, no error.
        let mut transaction = db.bound_raw(ORG_A);
        transaction
            .execute(
                "SELECT set_config('app.current_organization_id', $1, true)",
                &[&garbage],
            )
            .expect("transaction-local value");
        assert_eq!(names(&mut transaction), Vec::<String>::new(), "{garbage:?}");
    }
}

/// An sqlx connection to `db`'s schema, as the application role.
async fn sqlx_app_connection(db: &Postgres) -> sqlx::PgConnection {
    use sqlx::Connection;
    let url = std::env::var("TENANT_TEST_POSTGRES_URL").expect("set, since open() succeeded");
    let mut connection = sqlx::PgConnection::connect(&url).await.expect("connects");
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "SET search_path TO {}; SET ROLE {APP_ROLE}",
        db.schema
    )))
    .execute(&mut connection)
    .await
    .expect("schema and role");
    connection
}

fn sqlx_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime starts")
}

async fn sqlx_names(connection: &mut sqlx::PgConnection) -> Vec<String> {
    use sqlx::Row;
    sqlx::query("SELECT name FROM projects ORDER BY name")
        .fetch_all(connection)
        .await
        .expect("raw select runs")
        .iter()
        .map(|row| row.get(0))
        .collect()
}

/// An sqlx pool of one connection: a session-level value set through the pool survives into
/// every later checkout; `bind_scope` neither uses it nor leaves anything behind.
#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn sqlx_pool_of_one_connection_carries_no_organization() {
    let db = open();
    let url = std::env::var("TENANT_TEST_POSTGRES_URL").expect("set, since open() succeeded");
    let setup = format!("SET search_path TO {}; SET ROLE {APP_ROLE}", db.schema);
    sqlx_runtime().block_on(async {
        let pool = sqlx::postgres::PgPoolOptions::new()
            .max_connections(1)
            .after_connect(move |connection, _| {
                let setup = setup.clone();
                Box::pin(async move {
                    sqlx::raw_sql(sqlx::AssertSqlSafe(setup))
                        .execute(connection)
                        .await
                        .map(|_| ())
                })
            })
            .connect(&url)
            .await
            .expect("pool connects");
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
            "SET app.current_organization_id = '{ORG_B}'"
        )))
        .execute(&pool)
        .await
        .expect("session-level SET through the pool");
        let mut transaction = pool.begin().await.expect("transaction starts");
        assert_eq!(sqlx_names(&mut transaction).await, Vec::<String>::new());
        transaction.commit().await.expect("commit");
        for commit in [true, false] {
            let mut transaction = pool.begin().await.expect("transaction starts");
            tenant_core::sqlx::bind_scope(&mut transaction, &scope(ORG_A), &TenantSetting::DEFAULT)
                .await
                .expect("scope binds");
            assert_eq!(
                sqlx_names(&mut transaction).await,
                ["a-archived", "visible"]
            );
            if commit {
                transaction.commit().await.expect("commit");
            } else {
                transaction.rollback().await.expect("rollback");
            }
            let mut next = pool.begin().await.expect("the same connection");
            assert_eq!(
                sqlx_names(&mut next).await,
                Vec::<String>::new(),
                "commit: {commit}"
            );
            next.commit().await.expect("commit");
        }
        pool.close().await;
    });
    drop(db);
}

/// `bind_scope` refuses a nested transaction: `RELEASE SAVEPOINT` would leave the binding to the
/// enclosing transaction.
#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn sqlx_bind_scope_refuses_a_savepoint() {
    use sqlx::{Acquire, Connection};
    let db = open();
    sqlx_runtime().block_on(async {
        let mut connection = sqlx_app_connection(&db).await;
        let mut outer = Connection::begin(&mut connection).await.expect("begin");
        {
            let mut nested = outer.begin().await.expect("savepoint");
            let refused =
                tenant_core::sqlx::bind_scope(&mut nested, &scope(ORG_A), &TenantSetting::DEFAULT)
                    .await;
            assert!(
                matches!(refused, Err(sqlx::Error::InvalidArgument(_))),
                "{refused:?}"
            );
            nested.commit().await.expect("release");
        }
        let connection = outer.acquire().await.expect("connection");
        assert_eq!(sqlx_names(connection).await, Vec::<String>::new());
        outer.rollback().await.expect("rollback");
    });
    drop(db);
}

/// The one path across organizations under row-level security: `unscoped_transaction` shows
/// every organization to statements built with `Unscoped` (and, for that transaction, to raw
/// SQL too), and the opening ends with the transaction.
#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn an_unscoped_transaction_sees_every_organization_until_it_ends() {
    let mut db = open();
    let report = tenant_core::Unscoped::because("rls test: report across organizations");
    // Rollback first: the commit's update is then the one that stays.
    for end in ["rollback", "commit"] {
        let mut transaction = tenant_core::postgres::unscoped_transaction(
            &mut db.client,
            &report,
            &TenantSetting::DEFAULT,
        )
        .expect("unscoped transaction begins");
        let rows = transaction
            .query(&Project::select_unscoped(&report))
            .expect("unscoped select runs");
        assert_eq!(rows.len(), 5, "every organization's project");
        let archived = Project::update_unscoped(&report)
            .set(ProjectIden::Archived, true)
            .and_where(Expr::col(ProjectIden::Archived).eq(false));
        assert_eq!(transaction.execute(&archived).expect("unscoped update"), 3);
        match end {
            "commit" => transaction.commit(),
            _ => transaction.rollback(),
        }
        .expect("transaction ends");
        db.sees_nothing(&format!("after the unscoped transaction's {end}"));
    }
    // The committed update reached every organization: org B sees its rows archived.
    let mut transaction = db.bound_raw(ORG_B);
    let live = raw_names(
        &mut transaction,
        "SELECT name FROM projects WHERE NOT is_archived",
    );
    assert_eq!(live, Vec::<String>::new());
}

/// A scoped transaction is not opened by a stale or session-level copy of the unscoped
/// setting: it still sees its own organization only.
#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn a_session_level_unscoped_setting_opens_nothing() {
    let mut db = open();
    let report = tenant_core::Unscoped::because("rls test: a stale opening");
    let mut transaction = tenant_core::postgres::unscoped_transaction(
        &mut db.client,
        &report,
        &TenantSetting::DEFAULT,
    )
    .expect("unscoped transaction begins");
    let rows = transaction
        .query(&Project::select_unscoped(&report).column(ProjectIden::Name))
        .expect("runs");
    assert_eq!(rows.len(), 5);
    transaction.commit().expect("commit");
    // Copy the token the opening held into a session-level setting, as leftover code might.
    db.client
        .batch_execute(
            "SET app.current_organization_id_unscoped = '1'; \
             SET app.current_organization_id_unscoped_tx = '1'",
        )
        .expect("session-level set");
    db.sees_nothing("a session-level unscoped setting");
    let mut transaction = db.bound_raw(ORG_A);
    assert_eq!(names(&mut transaction), ["a-archived", "visible"]);
}

/// RETURNING under row-level security returns the scope's rows only.
#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn returning_returns_only_the_scopes_rows() {
    let mut db = open();
    let mut transaction = db.bound(ORG_A);
    let deleted = transaction
        .query(
            &Project::delete(&scope(ORG_A))
                .and_where(Expr::val(true))
                .returning([ProjectIden::Name]),
        )
        .expect("delete returning runs");
    let mut deleted: Vec<String> = deleted.iter().map(|row| row.get(0)).collect();
    deleted.sort();
    assert_eq!(deleted, ["a-archived", "visible"]);
    let row = Project::new(0xA7, Uuid::nil(), "returned", false);
    let inserted = transaction
        .query(
            &Project::insert(&scope(ORG_A))
                .row(&row)
                .expect("org A's row")
                .returning_all(),
        )
        .expect("insert returning runs");
    let organization: Uuid = inserted[0].get("organization_id");
    assert_eq!(organization, ORG_A, "the stamped organization is returned");
}

/// The raw sub-query of `builder_boundaries::a_raw_sub_query_in_a_set_value_is_not_held`,
/// under row-level security: the policy applies inside the sub-query, which sees none of org
/// A's rows while org B is bound, so org A's data does not reach org B's row.
#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn row_level_security_holds_a_raw_sub_query_in_a_set_value() {
    use tenant_core::sea_query::{Order, Query};
    let mut db = open();
    let raw_name_of_org_a = Query::select()
        .column(ProjectIden::Name)
        .from(ProjectIden::Table)
        .and_where(Expr::col(ProjectIden::OrganizationId).eq(ORG_A))
        .order_by(ProjectIden::Name, Order::Asc)
        .limit(1)
        .to_owned();
    let mut transaction = db.bound(ORG_B);
    let update = Project::update(&scope(ORG_B))
        .set(
            ProjectIden::Name,
            tenant_core::sea_query::Expr::SubQuery(None, Box::new(raw_name_of_org_a.into())),
        )
        .where_key(Uuid::from_u128(0xB1));
    // The sub-query finds nothing: `name = NULL` violates NOT NULL, or, were it nullable,
    // writes NULL; never org A's name.
    let result = transaction.execute(&update);
    assert!(result.is_err(), "{result:?}");
    drop(transaction);
    let mut transaction = db.bound_raw(ORG_B);
    assert_eq!(names(&mut transaction), ["b-archived", "hidden"]);
}

/// The sqlx path across organizations: `sqlx::unscoped_transaction` shows every organization
/// to unscoped statements, leaves nothing behind, and refuses to open inside a transaction.
#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn sqlx_unscoped_transaction_sees_every_organization_until_it_ends() {
    use sqlx::Connection;
    let db = open();
    let report = tenant_core::Unscoped::because("rls test: sqlx report");
    sqlx_runtime().block_on(async {
        let mut connection = sqlx_app_connection(&db).await;
        let mut transaction = tenant_core::sqlx::unscoped_transaction(
            &mut connection,
            &report,
            &TenantSetting::DEFAULT,
        )
        .await
        .expect("unscoped transaction begins");
        let rows = transaction
            .fetch_all(&Project::select_unscoped(&report).column(ProjectIden::Name))
            .await
            .expect("unscoped select runs");
        assert_eq!(rows.len(), 5);
        transaction.commit().await.expect("commit");
        assert_eq!(sqlx_names(&mut connection).await, Vec::<String>::new());

        let mut outer = Connection::begin(&mut connection).await.expect("begins");
        let refused = matches!(
            tenant_core::sqlx::unscoped_transaction(&mut *outer, &report, &TenantSetting::DEFAULT)
                .await,
            Err(sqlx::Error::InvalidArgument(_))
        );
        assert!(refused, "opened inside a transaction");
        outer.rollback().await.expect("rollback");
    });
    drop(db);
}

/// Integer organization keys, as newtypes of the application's own.
macro_rules! integer_keys {
    ($($key:ident($int:ty) => $column:ident, $table:literal, $organizations:literal;)*) => {
        $(
            #[derive(Clone, Copy, Debug, PartialEq, Eq)]
            pub struct $key($int);

            impl tenant_core::TenantKey for $key {
                fn is_nil(&self) -> bool {
                    false
                }
                fn to_value(&self) -> tenant_core::sea_query::Value {
                    self.0.into()
                }
                fn column_type() -> tenant_core::sea_query::ColumnType {
                    tenant_core::sea_query::ColumnType::$column
                }
            }
        )*
    };
}

integer_keys! {
    SmallOrg(i16) => SmallInteger, "small_notes", "small_orgs";
    IntOrg(i32) => Integer, "int_notes", "int_orgs";
    BigOrg(i64) => BigInteger, "big_notes", "big_orgs";
}

#[derive(TenantScoped)]
#[tenant(table = "small_notes", organizations = "small_orgs(id)")]
pub struct SmallNote {
    pub id: i32,
    pub organization_id: SmallOrg,
    pub body: String,
}

#[derive(TenantScoped)]
#[tenant(table = "int_notes", organizations = "int_orgs(id)")]
pub struct IntNote {
    pub id: i32,
    pub organization_id: IntOrg,
    pub body: String,
}

#[derive(TenantScoped)]
#[tenant(table = "big_notes", organizations = "big_orgs(id)")]
pub struct BigNote {
    pub id: i32,
    pub organization_id: BigOrg,
    pub body: String,
}

/// An organization whose key is its type's least or greatest value (a Snowflake-style `bigint`
/// id has 19 digits) reads and writes its own rows under row-level security, and only them.
#[test]
#[ignore = "needs TENANT_TEST_POSTGRES_URL"]
fn integer_keys_at_each_types_min_and_max_see_their_own_rows() {
    fn check<T: TenantScoped + From<(i32, T::Key)>>(
        db: &mut Postgres,
        organizations: &str,
        key_type: &str,
        keys: [T::Key; 2],
        as_sql: impl Fn(&T::Key) -> String,
    ) where
        T::Key: Copy,
    {
        db.client
            .batch_execute(&format!(
                "RESET ROLE; CREATE TABLE {organizations} (id {key_type} PRIMARY KEY); \
                 INSERT INTO {organizations} VALUES ({}), ({});",
                as_sql(&keys[0]),
                as_sql(&keys[1])
            ))
            .expect("organizations");
        let mut setup =
            vec![T::create_table().to_string(tenant_core::sea_query::PostgresQueryBuilder)];
        setup.extend(T::row_level_security());
        setup.push(format!(
            "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {} TO {APP_ROLE}; SET ROLE {APP_ROLE}",
            db.schema
        ));
        for statement in setup {
            db.client
                .batch_execute(&statement)
                .unwrap_or_else(|error| panic!("{statement}: {error}"));
        }
        for (index, key) in keys.iter().enumerate() {
            let scope = Scope::new(*key).expect("a key");
            let mut transaction =
                bound_transaction(&mut db.client, &scope, &TenantSetting::DEFAULT).expect("bound");
            let row = T::from((index as i32, *key));
            let insert = T::insert(&scope).row(&row).expect("own row");
            transaction
                .execute(&insert)
                .unwrap_or_else(|error| panic!("{key:?} writes its own row: {error:?}"));
            let own = transaction.query(&T::select(&scope)).expect("select");
            assert_eq!(own.len(), 1, "{key:?} reads its own row");
            let raw = transaction
                .client()
                .query(&format!("SELECT * FROM {}", T::TABLE), &[])
                .expect("raw select");
            assert_eq!(raw.len(), 1, "{key:?} sees only its own row, raw");
            transaction.commit().expect("commit");
        }
        db.client.batch_execute("RESET ROLE").expect("reset");
    }
    let mut db = Postgres::empty();
    db.as_app_role(false);
    check::<SmallNote>(
        &mut db,
        "small_orgs",
        "smallint",
        [SmallOrg(i16::MIN), SmallOrg(i16::MAX)],
        |k| k.0.to_string(),
    );
    check::<IntNote>(
        &mut db,
        "int_orgs",
        "integer",
        [IntOrg(i32::MIN), IntOrg(i32::MAX)],
        |k| k.0.to_string(),
    );
    check::<BigNote>(
        &mut db,
        "big_orgs",
        "bigint",
        [BigOrg(i64::MIN), BigOrg(i64::MAX)],
        |k| k.0.to_string(),
    );
}

impl From<(i32, SmallOrg)> for SmallNote {
    fn from((id, organization_id): (i32, SmallOrg)) -> Self {
        SmallNote {
            id,
            organization_id,
            body: "s".into(),
        }
    }
}
impl From<(i32, IntOrg)> for IntNote {
    fn from((id, organization_id): (i32, IntOrg)) -> Self {
        IntNote {
            id,
            organization_id,
            body: "i".into(),
        }
    }
}
impl From<(i32, BigOrg)> for BigNote {
    fn from((id, organization_id): (i32, BigOrg)) -> Self {
        BigNote {
            id,
            organization_id,
            body: "b".into(),
        }
    }
}
