use tenant_core::sea_query::{Expr, ExprTrait};
use tenant_core::uuid::Uuid;
use tenant_core::{Scope, TenantScoped, Unscoped};

#[derive(TenantScoped)]
pub struct Task {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub name: String,
}

fn main() {
    let scope = Scope::new(Uuid::from_u128(1)).unwrap();
    // Every organization's names, nested in a scoped select: a `Statement` that would run
    // anywhere, outside `unscoped_transaction`.
    let all_names = Task::select_unscoped(&Unscoped::because("report"))
        .column(TaskIden::Name)
        .into_sub_query();
    let _ = Task::select(&scope).and_where(Expr::col(TaskIden::Name).in_subquery(all_names));
    let _ = Task::select_unscoped(&Unscoped::because("report")).as_statement();
}
