//! `Membership::select(&scope)` needs no type annotation: `Membership` is `MembershipOf<Uuid>`
//! (a default type parameter would not apply in an expression: E0283).
use tenant_core::orgs::{Invitation, InvitationOf, Membership, MembershipIden, MembershipOf};
use tenant_core::sea_query::{Expr, ExprTrait, PostgresQueryBuilder};
use tenant_core::uuid::Uuid;
use tenant_core::{Scope, TenantScoped};

fn main() {
    let scope = Scope::new(Uuid::from_u128(1)).unwrap();
    let (sql, _) = Membership::select(&scope)
        .and_where(Expr::col(MembershipIden::Role).eq("owner"))
        .build(PostgresQueryBuilder);
    assert!(sql.starts_with("SELECT"));
    let _ = Invitation::select(&scope);
    let _ = MembershipOf::<i64>::select(&scope);
    let _ = InvitationOf::<i64>::select(&scope);
}
