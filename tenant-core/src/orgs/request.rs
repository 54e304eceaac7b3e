//! Entering an organization in the request's own transaction (PostgreSQL, sqlx): the
//! membership check and the work are one transaction.

use sea_query::{PostgresQueryBuilder, QueryBuilder, TableRefBuilder, Value};
use sqlx::{AssertSqlSafe, Row, SqlSafeStr};
use uuid::Uuid;

use super::flows::membership_check;
use super::{Member, OrgError, OrgRef, OrgStatus, Organization, Role, UserId};
use crate::rls::Binding;
use crate::sqlx::BoundTransaction;
use crate::{Scope, TenantSetting};

/// `user` enters `organization` (its id, or its slug: see [`OrgRef`]) in a new transaction on `connection` (a pool, or a connection
/// outside any transaction): the transaction is begun already bound to the organization for
/// row-level security (the binding travels with the `BEGIN`), then the user's membership is
/// read under that binding, as the application role (no unscoped path, no log line). The
/// member, and the bound transaction in which the request does its work: the check and the work
/// are one transaction, so a member removed meanwhile cannot write.
///
/// Not a member, no such organization, the nil id: [`OrgError::NotFound`], one answer for all
/// (a 404), and the transaction is dropped, which rolls it back: nothing bound survives a
/// refusal. A member of an organization that is not active: [`OrgError::Unavailable`].
///
/// A request whose work is one statement is four round trips: `BEGIN` with the binding, the
/// membership check (a prepared statement), the statement, `COMMIT`. By slug, one more comes
/// first: the slug's organization id, read on the same connection in a transaction of its own
/// (one round trip) that a binding of the slug shows only that organization's row — no
/// unscoped path. A slug no organization has is [`OrgError::NotFound`], as a non-member is.
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
pub async fn enter_transaction<'c, 'a, A, U>(
    connection: A,
    user: U,
    organization: impl Into<OrgRef<'a>>,
) -> Result<(Member<U>, BoundTransaction<'c>), OrgError>
where
    A: sqlx::Acquire<'c, Database = sqlx::Postgres>,
    A::Connection: Into<sqlx::pool::MaybePoolConnection<'c, sqlx::Postgres>>,
    U: UserId,
{
    let mut connection = connection.acquire().await?;
    let organization = match organization.into() {
        OrgRef::Id(id) => id,
        OrgRef::Slug(slug) => slug_owner(&mut connection, slug).await?,
    };
    // The nil id is no organization: not found, like any other.
    let scope = Scope::new(organization).map_err(|_| OrgError::NotFound)?;
    let binding = Binding::scope(&TenantSetting::DEFAULT, &scope);
    let mut transaction = crate::sqlx::begin_bound_on(connection, &binding).await?;
    // The check runs in the transaction just bound to its organization.
    let (check, _) = membership_check(&scope, &user);
    let row = crate::sqlx::bound_query::<sqlx::Postgres>(&check)
        .fetch_optional(&mut *transaction)
        .await?
        .ok_or(OrgError::NotFound)?;
    let status: OrgStatus = row.try_get("status")?;
    if status != OrgStatus::Active {
        return Err(OrgError::Unavailable { status });
    }
    let role: String = row.try_get("role")?;
    let member = Member {
        scope: scope.clone(),
        user_id: user,
        role: Role::parse(&role).ok_or(OrgError::Corrupt("role"))?,
        require_2fa: row.try_get("require_2fa")?,
    };
    Ok((member, BoundTransaction::bound(transaction, scope, binding)))
}

/// The id of the organization whose slug is `slug`: one batch, which PostgreSQL runs as one
/// transaction of its own (the binding of the slug ends with it), read as the application
/// role under the organizations table's slug policy.
async fn slug_owner(connection: &mut sqlx::PgConnection, slug: &str) -> Result<Uuid, OrgError> {
    let mut table = String::new();
    PostgresQueryBuilder
        .prepare_table_name(&crate::global::table_name::<Organization>(), &mut table);
    let batch = format!(
        "{}; SELECT \"id\" AS tenant_organization FROM {table} WHERE \"slug\" = {}",
        Binding::slug(&TenantSetting::DEFAULT, slug).sql(),
        PostgresQueryBuilder.value_to_string(&Value::String(Some(slug.to_owned())))
    );
    let rows = sqlx::raw_sql(AssertSqlSafe(batch).into_sql_str())
        .fetch_all(&mut *connection)
        .await?;
    // The binding's own `set_config` returns a row too: the id is the row that has the column.
    let row = rows
        .iter()
        .find(|row| row.try_column("tenant_organization").is_ok())
        .ok_or(OrgError::NotFound)?;
    Ok(row.try_get("tenant_organization")?)
}
