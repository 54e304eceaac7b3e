//! Entering an organization in the request's own transaction (PostgreSQL, sqlx): the
//! membership check and the work are one transaction.

use sqlx::Row;
use uuid::Uuid;

use super::flows::membership_check;
use super::{Member, OrgError, Role, UserId};
use crate::rls::Binding;
use crate::sqlx::BoundTransaction;
use crate::{Scope, TenantSetting};

/// `user` enters `organization` in a new transaction on `connection` (a pool, or a connection
/// outside any transaction): the transaction is begun already bound to the organization for
/// row-level security (the binding travels with the `BEGIN`), then the user's membership is
/// read under that binding, as the application role (no unscoped path, no log line). The
/// member, and the bound transaction in which the request does its work: the check and the work
/// are one transaction, so a member removed meanwhile cannot write.
///
/// Not a member, no such organization, the nil id: [`OrgError::NotFound`], one answer for all
/// (a 404), and the transaction is dropped, which rolls it back: nothing bound survives a
/// refusal.
///
/// A request whose work is one statement is four round trips: `BEGIN` with the binding, the
/// membership check (a prepared statement), the statement, `COMMIT`.
///
/// ```no_run
/// use tenant_core::sqlx::sqlx;
/// use tenant_core::uuid::Uuid;
/// use tenant_core::{TenantScoped, orgs};
///
/// # async fn handler(pool: sqlx::PgPool, user: Uuid, organization: Uuid) -> Result<(), orgs::OrgError> {
/// let (member, mut tx) = orgs::enter_transaction(&pool, user, organization).await?;
/// let memberships: Vec<orgs::Membership> =
///     tx.fetch_all_as(&orgs::Membership::select(member.scope())).await?;
/// tx.commit().await?;
/// # Ok(())
/// # }
/// ```
pub async fn enter_transaction<'c, A, U>(
    connection: A,
    user: U,
    organization: Uuid,
) -> Result<(Member<U>, BoundTransaction<'c>), OrgError>
where
    A: sqlx::Acquire<'c, Database = sqlx::Postgres>,
    A::Connection: Into<sqlx::pool::MaybePoolConnection<'c, sqlx::Postgres>>,
    U: UserId,
{
    // The nil id is no organization: not found, like any other.
    let scope = Scope::new(organization).map_err(|_| OrgError::NotFound)?;
    let binding = Binding::scope(&TenantSetting::DEFAULT, &scope);
    let mut transaction = crate::sqlx::begin_bound(connection, &binding).await?;
    // The check runs in the transaction just bound to its organization.
    let (check, _) = membership_check(&scope, &user);
    let row = crate::sqlx::bound_query::<sqlx::Postgres>(&check)
        .fetch_optional(&mut *transaction)
        .await?
        .ok_or(OrgError::NotFound)?;
    let role: String = row.try_get("role")?;
    let member = Member {
        scope: scope.clone(),
        user_id: user,
        role: Role::parse(&role).ok_or(OrgError::Corrupt("role"))?,
        require_2fa: row.try_get("require_2fa")?,
    };
    Ok((member, BoundTransaction::bound(transaction, scope, binding)))
}
