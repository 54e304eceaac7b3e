use tenant_core::sea_query::{Condition, Expr, ExprTrait, Order, PostgresQueryBuilder};
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
    #[tenant(skip)]
    pub cached_label: Option<String>,
}

#[test]
fn contract() -> Result<(), Box<dyn std::error::Error>> {
    let org_a = Uuid::from_u128(0xA);
    let project_id = Uuid::from_u128(0x1);
    let project = Project { id: project_id, organization_id: Uuid::nil(), name: "p".into(), archived: false, cached_label: None };
    let scope = Scope::new(org_a)?;
    let (sql, values) = Project::select(&scope)
        .cond_where(Condition::any()
            .add(Expr::col(ProjectIden::Name).eq("a"))
            .add(Expr::col(ProjectIden::Archived).eq(true)))
        .order_by(ProjectIden::Name, Order::Asc)
        .limit(10)
        .build(PostgresQueryBuilder);
    println!("{sql} {values:?}");
    let one    = Project::find(&scope, project_id);
    let insert = Project::insert(&scope).row(&project)?;
    let update = Project::update(&scope).set(ProjectIden::Name, "renamed")
        .and_where(Expr::col(ProjectIden::Id).eq(project_id));
    let delete = Project::delete(&scope).and_where(Expr::col(ProjectIden::Archived).eq(true));
    let same   = tenant_core::for_org::<Project>(&scope);
    for s in [one.to_string(PostgresQueryBuilder), insert.to_string(PostgresQueryBuilder), update.to_string(PostgresQueryBuilder), delete.to_string(PostgresQueryBuilder), same.to_string(PostgresQueryBuilder)] { println!("{s}"); }
    println!("{}", Project::select(&scope).cond_where(Condition::any()).to_string(tenant_core::sea_query::SqliteQueryBuilder));
    println!("{}", Project::select(&scope).and_where(Expr::col(ProjectIden::Name).eq("a").or(Expr::col(ProjectIden::Name).eq("b"))).to_string(tenant_core::sea_query::SqliteQueryBuilder));
    println!("{}", Project::select(&scope).and_where(Expr::col(ProjectIden::OrganizationId).eq(Uuid::nil())).to_string(tenant_core::sea_query::SqliteQueryBuilder));
    Ok(())
}
