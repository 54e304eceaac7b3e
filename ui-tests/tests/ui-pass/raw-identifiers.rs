//! Raw identifiers name their column without the `r#`.
use tenant_core::sea_query::{Expr, ExprTrait, PostgresQueryBuilder};
use tenant_core::uuid::Uuid;
use tenant_core::{Scope, TenantScoped};

#[derive(TenantScoped)]
pub struct r#Match {
    pub r#id: Uuid,
    pub organization_id: Uuid,
    pub r#type: String,
    pub r#loop: i32,
}

fn main() {
    let scope = Scope::new(Uuid::from_u128(1)).unwrap();
    let (sql, _) = r#Match::select(&scope)
        .and_where(Expr::col(MatchIden::Type).eq("final"))
        .build(PostgresQueryBuilder);
    assert_eq!(
        sql,
        r#"SELECT "id", "organization_id", "type", "loop" FROM "matches" WHERE "matches"."organization_id" = $1 AND ("type" = $2)"#
    );
}
