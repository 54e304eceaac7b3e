//! Entering an organization inside the request's own transaction (PostgreSQL, sqlx): the
//! membership check and the work are one transaction.

use sqlx::Row;
use uuid::Uuid;

use super::flows::membership_check;
use super::{Member, OrgError, Role, UserId};
use crate::rls::Binding;
use crate::sqlx::BoundTransaction;
use crate::{Scope, TenantSetting};

/// `user` enters `organization` inside `transaction` (the request's, begun on a pool or a
/// connection, outermost): one round trip binds the transaction to the organization for
/// row-level security and reads the user's membership, under that binding, as the application
/// role (no unscoped path, no log line). The member and the bound transaction, which runs that
/// organization's statements and commits or rolls back the request's work with the check.
///
/// Not a member, no such organization, the nil id: [`OrgError::NotFound`], one answer for all
/// (a 404), and `transaction` is dropped, which rolls it back: nothing bound survives a refusal.
///
/// A request is then four round trips: `BEGIN`, this, its statement, `COMMIT`.
///
/// ```no_run
/// use tenant_core::{TenantScoped, orgs};
/// use tenant_core::sqlx::sqlx;
/// use tenant_core::uuid::Uuid;
///
/// # async fn handler(pool: sqlx::PgPool, user: Uuid, organization: Uuid) -> Result<(), orgs::OrgError> {
/// let tx = pool.begin().await?;
/// let (member, mut tx) = orgs::enter_transaction(tx, user, organization).await?;
/// let memberships: Vec<orgs::Membership> =
///     tx.fetch_all_as(&orgs::Membership::select(member.scope())).await?;
/// tx.commit().await?;
/// # Ok(())
/// # }
/// ```
pub async fn enter_transaction<'c, U: UserId>(
    mut transaction: sqlx::Transaction<'c, sqlx::Postgres>,
    user: U,
    organization: Uuid,
) -> Result<(Member<U>, BoundTransaction<'c>), OrgError> {
    crate::sqlx::outermost(
        &transaction,
        "enter_transaction needs the outermost transaction",
        "binding",
    )?;
    // The nil id is no organization: not found, like any other.
    let scope = Scope::new(organization).map_err(|_| OrgError::NotFound)?;
    let (check, _) = membership_check(&scope, &user);
    // One batch, the simple protocol: the binding, then the check under it. The check's values
    // are written into its text by sea-query, quoted and escaped as the binding's organization
    // is; its identifiers are the derive's plain ones.
    let batch = format!(
        "{}; {}",
        Binding::scope(&TenantSetting::DEFAULT, &scope).sql(),
        check.to_string(sea_query::PostgresQueryBuilder)
    );
    let rows = sqlx::raw_sql(sqlx::AssertSqlSafe(batch))
        .fetch_all(&mut *transaction)
        .await?;
    // The binding's `set_config` returns a row too: the check's is the one with a role.
    let row = rows
        .iter()
        .find(|row| row.try_column("role").is_ok())
        .ok_or(OrgError::NotFound)?;
    let role: String = row.try_get("role")?;
    let member = Member {
        scope: scope.clone(),
        user_id: user,
        role: Role::parse(&role).ok_or(OrgError::Corrupt("role"))?,
        require_2fa: row.try_get("require_2fa")?,
    };
    Ok((member, BoundTransaction::bound(transaction, scope)))
}
