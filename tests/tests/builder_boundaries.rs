//! Where the scoped builders' wall ends, measured on embedded SQLite like the RLS boundaries on
//! PostgreSQL (`rls_boundaries.rs`). A test here failing means a boundary moved: update the
//! README's threat model.

use tenant_core::sea_query::{Expr, SqliteQueryBuilder};
use tenant_core::{Scope, TenantScoped};
use tenant_tests::backends::{Db, Sqlite};
use tenant_tests::{ORG_A, ORG_B, Project};

/// Every caller condition is written in parentheses of its own, which hold any operator in it
/// (`suite::caller_text_stays_in_its_parentheses`). But `Expr::cust`, custom keywords and custom
/// function names are raw SQL: text that closes the parenthesis itself is not held. Never build
/// them from user input; on PostgreSQL, row-level security is the wall behind this one.
#[test]
fn raw_sql_text_that_closes_its_parenthesis_is_not_held() {
    let mut db = Sqlite::open();
    let scope = Scope::new(ORG_A).expect("not nil");
    let select = Project::select(&scope).and_where(Expr::cust("FALSE) OR (TRUE"));
    let sql = select.to_string(SqliteQueryBuilder);
    assert!(sql.ends_with(r#"AND (FALSE) OR (TRUE)"#), "{sql}");
    let rows = db.fetch(&select);
    assert!(rows.iter().any(|row| row.organization_id == ORG_B));
}

/// The crate that owns a struct can implement `SetColumn` for the tenant column itself, with
/// the `From` it needs; `set` still writes only what that converts into, a variant of the
/// column enum, which has none for the tenant column.
#[test]
fn an_own_set_column_impl_for_the_tenant_column_cannot_write_it() {
    use tenant_core::{SetColumn, TenantColumn};

    #[derive(TenantScoped)]
    struct Doc {
        id: tenant_core::uuid::Uuid,
        organization_id: tenant_core::uuid::Uuid,
        title: String,
    }

    impl From<TenantColumn<DocIden>> for DocIden {
        fn from(_: TenantColumn<DocIden>) -> DocIden {
            DocIden::Title
        }
    }
    impl SetColumn<Doc> for TenantColumn<DocIden> {}

    let scope = Scope::new(ORG_A).expect("not nil");
    let update = Doc::update(&scope).set(DocIden::OrganizationId, ORG_B);
    let sql = update.to_string(SqliteQueryBuilder);
    assert!(sql.starts_with(r#"UPDATE "docs" SET "title" = "#), "{sql}");
    assert!(!sql.contains(r#"SET "organization_id""#), "{sql}");
}

/// A sub-query the caller builds with raw sea-query and passes into a condition or a `set` value
/// is not checked: sea-query 1.0 shows the builders that an expression holds a sub-query
/// (`Expr::SubQuery`; its `audit` feature lists the tables one reads) but keeps a
/// `SelectStatement`'s `WHERE` clause private, so a scoped sub-query
/// (`Select::into_sub_query`) cannot be told from a raw one. This raw sub-query over org A
/// copies org A's data into org B's row; `rls_postgres.rs` shows row-level security stopping
/// the same statement.
#[test]
fn a_raw_sub_query_in_a_set_value_is_not_held() {
    use tenant_core::sea_query::{ExprTrait, Query};
    use tenant_tests::ProjectIden;
    let mut db = Sqlite::open();
    let scope_b = Scope::new(ORG_B).expect("not nil");
    let update = Project::update(&scope_b)
        .set(
            ProjectIden::Name,
            Expr::SubQuery(None, Box::new(raw_name_of_org_a().into())),
        )
        .where_key(tenant_core::uuid::Uuid::from_u128(0xB1));
    assert_eq!(db.execute(&update), 1);
    let b1 = db
        .all_rows()
        .into_iter()
        .find(|row| row.id == tenant_core::uuid::Uuid::from_u128(0xB1))
        .expect("org B's row");
    assert_eq!(b1.name, "a-archived", "org A's data reached org B's row");

    fn raw_name_of_org_a() -> tenant_core::sea_query::SelectStatement {
        Query::select()
            .column(ProjectIden::Name)
            .from(ProjectIden::Table)
            .and_where(Expr::col(ProjectIden::OrganizationId).eq(ORG_A))
            .order_by(ProjectIden::Name, tenant_core::sea_query::Order::Asc)
            .limit(1)
            .to_owned()
    }
}

/// The same in a projection: raw text in `expr` is written as given, so a comment in it
/// swallows the `FROM` and `WHERE` that follow. Pinned so that the README's line stays true.
#[test]
fn raw_sql_text_in_a_projection_is_not_held() {
    let scope = Scope::new(ORG_A).expect("not nil");
    let select = Project::select(&scope).expr(Expr::cust("1 --"));
    let sql = select.to_string(SqliteQueryBuilder);
    assert!(sql.starts_with("SELECT 1 -- FROM"), "{sql}");
}
