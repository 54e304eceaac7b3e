//! [axum](https://docs.rs/axum) (feature `axum`): a request as the unit. The [`Entered`]
//! extractor authenticates the user (the application's [`Tenancy`]), reads the
//! organization's id or slug from the route's `{organization}` segment
//! ([`OrgRef::parse`](crate::orgs::OrgRef::parse)) and enters it with
//! [`orgs::enter_transaction`](crate::orgs::enter_transaction): the handler gets the
//! [`Member`] and a [`BoundTransaction`] bound to that organization for row-level security.
//! The handler commits it; an error, a panic or a cancelled request (a client gone, a
//! `TimeoutLayer`) drops it, which rolls it back.
//!
//! The library's errors are responses ([`OrgError`] implements `IntoResponse`): 404 for an
//! organization that does not exist and for one the user is not a member of alike, 403 for a role
//! too low or, for its members, an organization that is not active, 409 for a conflict, 422 for bad input, 401 when the application's authentication
//! says no one, and 500, with no internals in the body, for the rest.
//!
//! ```no_run
//! use axum::{Router, http::request::Parts, routing::get};
//! use tenant_core::axum::{Entered, Tenancy};
//! use tenant_core::orgs::{Membership, OrgError};
//! use tenant_core::sqlx::sqlx::PgPool;
//! use tenant_core::uuid::Uuid;
//! use tenant_core::TenantScoped;
//!
//! #[derive(Clone)]
//! struct App {
//!     pool: PgPool,
//! }
//!
//! impl Tenancy for App {
//!     type User = Uuid;
//!
//!     fn pool(&self) -> &PgPool {
//!         &self.pool
//!     }
//!
//!     // The application's authentication: here a header; a session or a JWT in a real one.
//!     async fn authenticate(&self, parts: &mut Parts) -> Option<Uuid> {
//!         parts.headers.get("x-user")?.to_str().ok()?.parse().ok()
//!     }
//! }
//!
//! async fn members(entered: Entered) -> Result<String, OrgError> {
//!     let Entered { member, mut tx } = entered;
//!     let members: Vec<Membership> = tx.fetch_all_as(&Membership::select(member.scope())).await?;
//!     tx.commit().await?;
//!     Ok(format!("{} members", members.len()))
//! }
//!
//! let app: Router<App> = Router::new().route("/orgs/{organization}/members", get(members));
//! ```

use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

use crate::executor::ErrorKind;
use crate::orgs::{self, Member, OrgError, UserId};
use crate::sqlx::BoundTransaction;

/// The route parameter that names the organization, by id or by slug:
/// `/orgs/{organization}/...`.
pub const ORGANIZATION: &str = "organization";

/// What the extractor needs of the application's state: its PostgreSQL pool, connected as the
/// application role (one that owns nothing and bypasses no policy), and its own authentication
/// (a session of tower-sessions or axum-login, a JWT, ...). Membership is the library's to check.
pub trait Tenancy: Send + Sync {
    /// The application's user id.
    type User: UserId;

    /// The pool requests are served from.
    fn pool(&self) -> &sqlx::PgPool;

    /// The user of this request, if one signed in; `None` is a 401.
    fn authenticate(&self, parts: &mut Parts) -> impl Future<Output = Option<Self::User>> + Send;
}

/// A request inside the organization of its `{organization}` segment: the user's [`Member`]
/// and the request's transaction, bound to that organization. Commit it when the work is done;
/// dropped, it rolls back.
#[derive(Debug)]
pub struct Entered<U = Uuid> {
    /// The user in the organization: its scope, role and policy.
    pub member: Member<U>,
    /// The request's transaction, bound to the member's organization.
    pub tx: BoundTransaction<'static>,
}

/// Why [`Entered`] refused a request.
#[derive(Debug)]
#[non_exhaustive]
pub enum Rejection {
    /// The application's authentication found no user: 401.
    Unauthenticated,
    /// Entering failed: not found (404), or the database (500).
    Org(OrgError),
}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        match self {
            Rejection::Unauthenticated => {
                (StatusCode::UNAUTHORIZED, "sign in first").into_response()
            }
            Rejection::Org(error) => error.into_response(),
        }
    }
}

impl<S: Tenancy> FromRequestParts<S> for Entered<S::User> {
    type Rejection = Rejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Rejection> {
        let user = state
            .authenticate(parts)
            .await
            .ok_or(Rejection::Unauthenticated)?;
        // The segment names the organization by id or by slug; none, not found.
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|_| Rejection::Org(OrgError::NotFound))?;
        let segment = params
            .iter()
            .find(|(name, _)| *name == ORGANIZATION)
            .map(|(_, value)| value)
            .ok_or(Rejection::Org(OrgError::NotFound))?;
        let (member, tx) =
            orgs::enter_transaction(state.pool(), user, orgs::OrgRef::parse(segment))
                .await
                .map_err(Rejection::Org)?;
        Ok(Entered { member, tx })
    }
}

impl IntoResponse for OrgError {
    fn into_response(self) -> Response {
        let status = match &self {
            // Another organization's row, or an organization one is not a member of: the same
            // answer as for one that does not exist.
            OrgError::NotFound => StatusCode::NOT_FOUND,
            // A member of an organization that is not active learns it (others get 404).
            OrgError::Forbidden { .. }
            | OrgError::RoleAboveOwn { .. }
            | OrgError::Unavailable { .. } => StatusCode::FORBIDDEN,
            OrgError::Conflict(_) | OrgError::LastOwner | OrgError::Transition { .. } => {
                StatusCode::CONFLICT
            }
            OrgError::InvalidInvitation | OrgError::InvalidSlug | OrgError::Tenant(_) => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            OrgError::Database(error)
                if matches!(
                    error.kind(),
                    ErrorKind::UniqueViolation | ErrorKind::ForeignKeyViolation
                ) =>
            {
                StatusCode::CONFLICT
            }
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        if status == StatusCode::INTERNAL_SERVER_ERROR {
            // The cause stays in the server's log, never in the body.
            tracing::error!(target: "tenant::serve", error = %self, "request failed");
            return (status, "internal error").into_response();
        }
        (status, self.to_string()).into_response()
    }
}
