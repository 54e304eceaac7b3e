//! Organizations, memberships, invitations and roles: the tables every multi-tenant application
//! writes first, and a [`Scope`] that comes from a membership. Feature `organizations`.
//!
//! - [`Organization`] is a global table (its rows are the tenants); [`Membership`] and
//!   [`Invitation`] are tenant-scoped, so they get everything the derive gives.
//! - [`enter`] is the way from a signed-in user to a [`Member`]: it holds the [`Scope`], the
//!   user, the [`Role`] and the organization's `require_2fa`. A user who is not a member and an
//!   organization that does not exist get the same [`OrgError::NotFound`] (a 404, no existence
//!   oracle); [`Member::require`] gives [`OrgError::Forbidden`] only to a member whose role is
//!   too low.
//! - The flows ([`create_organization`], [`organizations_of`], [`invite`], [`accept`],
//!   [`revoke`], [`change_role`], [`remove_member`], [`leave`], [`delete_organization`]) each
//!   run in one transaction, on any [`Executor`]: SQLite (rusqlite), PostgreSQL (postgres or
//!   sqlx) and MySQL/MariaDB (sqlx), one implementation for all.
//! - User ids are the application's: [`Uuid`] by default, or any [`UserId`] type.
//!
//! ```
//! use tenant_core::orgs::{self, Role, RusqliteExecutor};
//! use tenant_core::rusqlite::rusqlite;
//! use tenant_core::uuid::Uuid;
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let mut connection = rusqlite::Connection::open_in_memory()?;
//! let mut db = RusqliteExecutor::new(&mut connection);
//! orgs::block_on(orgs::create_tables(&mut db))?;
//! let (ada, bob) = (Uuid::from_u128(1), Uuid::from_u128(2));
//! let acme = orgs::block_on(orgs::create_organization(&mut db, ada, "Acme", "acme"))?;
//! assert_eq!(acme.role(), Role::Owner);
//! // Bob is not a member: the same error as for an organization that does not exist.
//! let refused = orgs::block_on(orgs::enter(&mut db, bob, acme.organization()));
//! assert!(matches!(refused, Err(orgs::OrgError::NotFound)));
//! # Ok(())
//! # }
//! ```

mod flows;
#[cfg(feature = "sqlx-postgres")]
mod request;
#[cfg(feature = "sqlx-postgres")]
#[cfg_attr(docsrs, doc(cfg(feature = "sqlx-postgres")))]
pub use request::enter_transaction;

#[cfg(feature = "postgres")]
#[doc(no_inline)]
pub use crate::executor::PostgresExecutor;
#[cfg(feature = "rusqlite")]
#[doc(no_inline)]
pub use crate::executor::RusqliteExecutor;
#[cfg(feature = "sqlx-mysql")]
#[doc(no_inline)]
pub use crate::executor::SqlxMysqlExecutor;
#[cfg(feature = "sqlx-postgres")]
#[doc(no_inline)]
pub use crate::executor::SqlxPostgresExecutor;
#[doc(no_inline)]
pub use crate::executor::{
    Backend, Connection, ErrorKind, ExecError, Executor, Kind, Transaction, block_on,
};
pub use flows::{
    accept, approve, change_role, create_organization, create_tables, create_tables_for,
    delete_organization, enter, events, invitations, invite, leave, members, organizations_of,
    reactivate, reject, remove_member, request_organization, revoke, row_level_security, schema,
    schema_for, suspend,
};

use sea_query::{ColumnType, QueryBuilder, Value};
use uuid::Uuid;

use crate::{Scope, SqlType, TenantScoped};

/// The application's user id: a [`Uuid`] (the default) or a key type of its own, bound as a
/// value and stored in a column of its [`SqlType`].
pub trait UserId:
    Clone + PartialEq + core::fmt::Debug + Into<Value> + SqlType + Send + Sync + 'static
{
}
impl<U> UserId for U where
    U: Clone + PartialEq + core::fmt::Debug + Into<Value> + SqlType + Send + Sync + 'static
{
}

/// How a request names the organization it enters ([`enter`], [`enter_transaction`]): its id, or
/// its slug (one more round trip, to read the id). `From<Uuid>` and `From<&str>` give either.
///
/// ```
/// use tenant_core::orgs::OrgRef;
/// use tenant_core::uuid::Uuid;
///
/// assert_eq!(OrgRef::parse("acme"), OrgRef::Slug("acme"));
/// let id = Uuid::from_u128(7);
/// assert_eq!(OrgRef::parse(&id.to_string()), OrgRef::Id(id));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgRef<'a> {
    /// The organization's id.
    Id(Uuid),
    /// The organization's slug.
    Slug(&'a str),
}

impl<'a> OrgRef<'a> {
    /// A path segment: an id if it is a UUID, else a slug ([`create_organization`] refuses
    /// slugs that are UUIDs, so none is shadowed).
    pub fn parse(segment: &'a str) -> OrgRef<'a> {
        segment.parse().map_or(OrgRef::Slug(segment), OrgRef::Id)
    }
}

impl From<Uuid> for OrgRef<'_> {
    fn from(id: Uuid) -> Self {
        OrgRef::Id(id)
    }
}

impl<'a> From<&'a str> for OrgRef<'a> {
    fn from(slug: &'a str) -> Self {
        OrgRef::Slug(slug)
    }
}

/// An enum stored as text (`Role`, `OrgStatus`), defined with the text of each value: the enum
/// (serialized as its text with `serde`), `as_str` and `parse`, a sea-query value, an SQL type,
/// and decoding on every enabled driver, where a text that is none of its values is a decoding
/// error naming it.
macro_rules! stored_as_text {
    (
        $(#[$meta:meta])*
        pub enum $name:ident ($what:literal) {
            $($(#[$variant_meta:meta])* $variant:ident = $text:literal,)*
        }
    ) => {
        $(#[$meta])*
        #[cfg_attr(
            feature = "serde",
            derive(serde::Serialize, serde::Deserialize),
            serde(rename_all = "snake_case")
        )]
        pub enum $name {
            $($(#[$variant_meta])* $variant,)*
        }

        impl $name {
            #[doc = concat!("The ", $what, " as stored: ", $("`", $text, "` ",)* ".")]
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)*
                }
            }

            #[doc = concat!("The ", $what, " stored as `text`, if it is one.")]
            pub fn parse(text: &str) -> Option<$name> {
                match text {
                    $($text => Some($name::$variant),)*
                    _ => None,
                }
            }

            /// The decoding error of a text that is none of the values.
            #[allow(dead_code)]
            fn not_one(text: &str) -> String {
                format!(concat!("`{}` is not a ", $what), text)
            }
        }

        impl From<$name> for Value {
            fn from(value: $name) -> Value {
                Value::from(value.as_str())
            }
        }

        impl SqlType for $name {
            fn column_type() -> ColumnType {
                ColumnType::String(Default::default())
            }
        }

        #[cfg(feature = "sqlx")]
        #[cfg_attr(docsrs, doc(cfg(feature = "sqlx")))]
        impl<DB: sqlx::Database> sqlx::Type<DB> for $name
        where
            str: sqlx::Type<DB>,
        {
            fn type_info() -> DB::TypeInfo {
                <str as sqlx::Type<DB>>::type_info()
            }

            fn compatible(ty: &DB::TypeInfo) -> bool {
                <str as sqlx::Type<DB>>::compatible(ty)
            }
        }

        #[cfg(feature = "sqlx")]
        #[cfg_attr(docsrs, doc(cfg(feature = "sqlx")))]
        impl<'r, DB: sqlx::Database> sqlx::Decode<'r, DB> for $name
        where
            &'r str: sqlx::Decode<'r, DB>,
        {
            fn decode(value: DB::ValueRef<'r>) -> Result<$name, sqlx::error::BoxDynError> {
                let text = <&'r str as sqlx::Decode<'r, DB>>::decode(value)?;
                $name::parse(text).ok_or_else(|| $name::not_one(text).into())
            }
        }

        #[cfg(feature = "postgres")]
        #[cfg_attr(docsrs, doc(cfg(feature = "postgres")))]
        impl<'r> postgres::types::FromSql<'r> for $name {
            fn from_sql(
                ty: &postgres::types::Type,
                raw: &'r [u8],
            ) -> Result<$name, Box<dyn std::error::Error + Sync + Send>> {
                let text = <&str as postgres::types::FromSql>::from_sql(ty, raw)?;
                $name::parse(text).ok_or_else(|| $name::not_one(text).into())
            }

            fn accepts(ty: &postgres::types::Type) -> bool {
                <&str as postgres::types::FromSql>::accepts(ty)
            }
        }

        #[cfg(feature = "rusqlite")]
        #[cfg_attr(docsrs, doc(cfg(feature = "rusqlite")))]
        impl sea_query_rusqlite::rusqlite::types::FromSql for $name {
            fn column_result(
                value: sea_query_rusqlite::rusqlite::types::ValueRef<'_>,
            ) -> sea_query_rusqlite::rusqlite::types::FromSqlResult<$name> {
                let text = value.as_str()?;
                $name::parse(text).ok_or_else(|| {
                    sea_query_rusqlite::rusqlite::types::FromSqlError::Other(
                        $name::not_one(text).into(),
                    )
                })
            }
        }
    };
}

stored_as_text! {
    /// A member's role in an organization, ordered: `ReadOnly < Member < Admin < Owner`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum Role("role") {
        /// Reads the organization's data.
        ReadOnly = "read_only",
        /// Reads and writes the organization's data.
        Member = "member",
        /// Also invites members and changes their roles (never above `Admin`).
        Admin = "admin",
        /// Also manages owners and deletes the organization. An organization always has one.
        Owner = "owner",
    }
}

stored_as_text! {
    /// An organization's place in its lifecycle. Only an active organization is entered; the
    /// platform operator moves it ([`approve`], [`reject`], [`suspend`], [`reactivate`]):
    /// `Pending → Active` or `Pending → Rejected`, `Active ⇄ Suspended`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum OrgStatus("status") {
        /// Requested ([`request_organization`]), waiting for the operator's approval.
        Pending = "pending",
        /// In use: its members enter it.
        Active = "active",
        /// Stopped by the operator; its members learn that it is ([`OrgError::Unavailable`]).
        Suspended = "suspended",
        /// Refused by the operator.
        Rejected = "rejected",
    }
}

/// An organization: a tenant. A global table (its rows are the tenants themselves).
#[derive(Debug, Clone, PartialEq, crate::GlobalTable)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[tenant(crate = "crate", table = "organizations", from_row)]
pub struct Organization {
    /// The organization id: the tenant key of every tenant-scoped row.
    pub id: Uuid,
    /// Its display name.
    pub name: String,
    /// Its unique, URL-safe handle.
    #[tenant(unique)]
    pub slug: String,
    /// Whether its members must use a second factor (the application enforces it; [`Member`]
    /// carries it).
    pub require_2fa: bool,
    /// Unix seconds.
    pub created_at: i64,
    /// Where it is in its lifecycle: only an active organization is entered.
    pub status: OrgStatus,
}

/// The platform operator's capability: moving an organization through its lifecycle
/// ([`approve`], [`reject`], [`suspend`], [`reactivate`]). Like [`Unscoped`](crate::Unscoped),
/// it is explicit and greppable, takes a `'static` reason, and every use is logged (target
/// `tenant::operator`) and recorded in the organization's trail. Give it only to the
/// platform's own administration code, never to a request of a tenant's user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operator {
    reason: &'static str,
}

impl Operator {
    /// The capability, with the reason it is used.
    pub const fn because(reason: &'static str) -> Operator {
        Operator { reason }
    }

    /// Why the capability was taken.
    pub const fn reason(&self) -> &'static str {
        self.reason
    }

    pub(crate) fn log(&self, organization: Uuid, action: &str) {
        tracing::info!(
            target: "tenant::operator",
            reason = self.reason,
            %organization,
            action,
            "platform operator action"
        );
    }
}

/// A user's membership of an organization, keyed `(organization_id, user_id)`, for user ids of
/// type `U` ([`Membership`] for `Uuid`).
#[derive(Debug, Clone, PartialEq, crate::TenantScoped)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[tenant(
    crate = "crate",
    table = "organization_memberships",
    on_delete_cascade,
    from_row
)]
pub struct MembershipOf<U: UserId = Uuid> {
    /// The organization.
    pub organization_id: Uuid,
    /// The application's user id.
    #[tenant(primary_key)]
    pub user_id: U,
    /// The member's role.
    pub role: Role,
    /// Unix seconds.
    pub created_at: i64,
}

/// An invitation to join an organization, accepted once with a token only its recipient has,
/// for user ids of type `U` ([`Invitation`] for `Uuid`). Only a SHA-256 hash of the token is
/// stored.
#[derive(Debug, Clone, PartialEq, crate::TenantScoped)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[tenant(
    crate = "crate",
    table = "organization_invitations",
    on_delete_cascade,
    from_row
)]
pub struct InvitationOf<U: UserId = Uuid> {
    /// The invitation id.
    pub id: Uuid,
    /// The organization it is to.
    pub organization_id: Uuid,
    /// The invitee's email, lowercased.
    pub email: String,
    /// The email while the invitation is pending, `NULL` once accepted or revoked: unique
    /// within the organization, so there is one pending invitation per email.
    #[tenant(unique)]
    pub pending_email: Option<String>,
    /// The role the invitee gets.
    pub role: Role,
    /// SHA-256 of the token. Never serialized (empty when deserialized): a response that
    /// lists invitations must not carry what a token is checked against.
    #[cfg_attr(feature = "serde", serde(skip_serializing, default))]
    pub token_hash: Vec<u8>,
    /// Who invited.
    pub invited_by: U,
    /// Unix seconds after which it cannot be accepted.
    pub expires_at: i64,
    /// Unix seconds, once accepted.
    pub accepted_at: Option<i64>,
    /// Unix seconds, once revoked.
    pub revoked_at: Option<i64>,
}

/// An entry of an organization's activity trail: who did what to what, when, with details.
/// Tenant-scoped like the other tables (row-level security, `on_delete_cascade`): an
/// organization's trail is read by its admins ([`events`]) and goes with it. The flows write
/// theirs in their own transaction, so an entry exists exactly when its change committed; the
/// application writes its own with [`Member::record`], in the transaction of its change.
#[derive(Debug, Clone, PartialEq, crate::TenantScoped)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[tenant(
    crate = "crate",
    table = "organization_events",
    on_delete_cascade,
    from_row
)]
pub struct Event {
    /// The entry id.
    pub id: Uuid,
    /// The organization.
    pub organization_id: Uuid,
    /// The acting user's id as text; `None` for the platform operator.
    pub actor: Option<String>,
    /// What happened: `invitation.created`, `member.role_changed`, or the application's own
    /// (`project.created`).
    pub action: String,
    /// What it happened to, as text: a user id, an email, a record's id.
    pub target: Option<String>,
    /// A JSON object of strings: the change's details (a role given, a reason).
    pub details: String,
    /// Unix microseconds.
    pub at: i64,
}

/// What happened, for the activity trail: an action, what it happened to, and details (a JSON
/// object of strings once recorded).
///
/// ```
/// use tenant_core::orgs::Activity;
///
/// let activity = Activity::new("project.archived")
///     .target("7b1e...")
///     .detail("reason", "closed \"Q3\"");
/// assert_eq!(activity.details_json(), r#"{"reason":"closed \"Q3\""}"#);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Activity {
    action: String,
    target: Option<String>,
    details: serde_json::Map<String, serde_json::Value>,
}

impl Activity {
    /// An activity named `action` (`noun.verb` by convention: `project.created`).
    pub fn new(action: impl Into<String>) -> Activity {
        Activity {
            action: action.into(),
            target: None,
            details: serde_json::Map::new(),
        }
    }

    /// What it happened to.
    pub fn target(mut self, target: impl ToString) -> Activity {
        self.target = Some(target.to_string());
        self
    }

    /// A detail; a key given twice keeps the last value.
    pub fn detail(mut self, key: impl Into<String>, value: impl ToString) -> Activity {
        self.details
            .insert(key.into(), serde_json::Value::String(value.to_string()));
        self
    }

    /// The details as the JSON text that is stored.
    pub fn details_json(&self) -> String {
        serde_json::Value::Object(self.details.clone()).to_string()
    }

    /// The statement that records this activity in `scope`'s organization's trail by `actor`
    /// (`None`: the platform operator), now.
    pub(crate) fn insert(
        &self,
        scope: &Scope,
        actor: Option<String>,
    ) -> Result<crate::query::Insert<Event>, OrgError> {
        let entry = Event {
            id: Uuid::new_v4(),
            organization_id: *scope.organization(),
            actor,
            action: self.action.clone(),
            target: self.target.clone(),
            details: self.details_json(),
            at: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |elapsed| {
                    i64::try_from(elapsed.as_micros()).unwrap_or(i64::MAX)
                }),
        };
        Ok(Event::insert(scope).row(&entry)?)
    }
}

/// A user id as the trail stores it: its text.
pub(crate) fn user_text<U: UserId>(user: &U) -> String {
    match user.clone().into() {
        Value::Uuid(Some(uuid)) => uuid.to_string(),
        Value::String(Some(text)) => text,
        Value::BigInt(Some(int)) => int.to_string(),
        Value::Int(Some(int)) => int.to_string(),
        other => sea_query::PostgresQueryBuilder.value_to_string(&other),
    }
}

/// A page of a listing ([`members`], [`invitations`]): at most `limit` rows (1 to
/// [`Page::MAX_LIMIT`]) after the first `offset`.
///
/// ```
/// use tenant_core::orgs::Page;
///
/// let first = Page::first(50);
/// assert_eq!((first.offset(), first.limit()), (0, 50));
/// assert_eq!(first.next().offset(), 50);
/// assert_eq!(Page::first(1_000_000).limit(), Page::MAX_LIMIT);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    offset: u64,
    limit: u64,
}

impl Page {
    /// The most rows a page holds.
    pub const MAX_LIMIT: u64 = 500;

    /// `limit` rows (clamped to 1..=[`MAX_LIMIT`](Self::MAX_LIMIT)) after the first `offset`.
    pub fn new(offset: u64, limit: u64) -> Page {
        Page {
            offset,
            limit: limit.clamp(1, Page::MAX_LIMIT),
        }
    }

    /// The first `limit` rows.
    pub fn first(limit: u64) -> Page {
        Page::new(0, limit)
    }

    /// The page after this one.
    pub fn next(self) -> Page {
        Page::new(self.offset.saturating_add(self.limit), self.limit)
    }

    /// Rows skipped.
    pub fn offset(self) -> u64 {
        self.offset
    }

    /// Rows at most.
    pub fn limit(self) -> u64 {
        self.limit
    }
}

/// A pending invitation as [`invitations`] lists it: never its token or the token's hash.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct PendingInvitation<U = Uuid> {
    /// The invitation id (what [`revoke`] takes).
    pub id: Uuid,
    /// The invitee's email, as stored.
    pub email: String,
    /// The role it gives.
    pub role: Role,
    /// Who invited.
    pub invited_by: U,
    /// Unix seconds after which it cannot be accepted.
    pub expires_at: i64,
}

/// A membership of a user whose id is a `Uuid`: `Membership::select(&scope)` needs no type
/// annotation (a default type parameter does not apply in an expression). Name
/// [`MembershipOf<U>`] for other user id types.
pub type Membership = MembershipOf<Uuid>;

/// An invitation whose inviter's id is a `Uuid`; [`InvitationOf<U>`] for other user id types.
pub type Invitation = InvitationOf<Uuid>;

/// The columns of [`InvitationOf`], by the name of [`Invitation`].
pub use self::InvitationOfIden as InvitationIden;
/// The columns of [`MembershipOf`], by the name of [`Membership`].
pub use self::MembershipOfIden as MembershipIden;

/// A user inside an organization: the [`Scope`] of its queries, the user, the role, and the
/// organization's policy. Made by [`enter`], [`create_organization`] and [`accept`] only: a
/// `Member` is proof that the membership was checked.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Member<U = Uuid> {
    #[cfg_attr(feature = "serde", serde(rename = "organization_id"))]
    scope: Scope,
    user_id: U,
    role: Role,
    require_2fa: bool,
}

impl<U: UserId> Member<U> {
    /// The statement that records `activity` in this member's organization's trail, by this
    /// member: run it in the transaction of the change it records, and the two commit or roll
    /// back together. One line at a call site:
    /// `tx.execute(&member.record(Activity::new("project.created").target(id))?).await?`.
    pub fn record(&self, activity: Activity) -> Result<crate::query::Insert<Event>, OrgError> {
        activity.insert(&self.scope, Some(user_text(&self.user_id)))
    }
}

impl<U> Member<U> {
    /// The scope for this organization's queries.
    pub fn scope(&self) -> &Scope {
        &self.scope
    }

    /// The organization id.
    pub fn organization(&self) -> Uuid {
        *self.scope.organization()
    }

    /// The user.
    pub fn user_id(&self) -> &U {
        &self.user_id
    }

    /// The member's role.
    pub fn role(&self) -> Role {
        self.role
    }

    /// Whether the organization requires a second factor of its members.
    pub fn require_2fa(&self) -> bool {
        self.require_2fa
    }

    /// `Ok` if the member's role is at least `role`; [`OrgError::Forbidden`] otherwise (a
    /// member may know the organization exists: a 403).
    pub fn require(&self, role: Role) -> Result<&Member<U>, OrgError> {
        if self.role >= role {
            Ok(self)
        } else {
            Err(OrgError::Forbidden {
                needed: role,
                role: self.role,
            })
        }
    }
}

/// Why an organization flow refused. Nothing was changed when one is returned.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OrgError {
    /// No such organization, or the user is not a member of it: the same answer for both, a
    /// 404.
    #[error("no such organization, or not a member of it")]
    NotFound,
    /// The member's role is too low for the action: a 403.
    #[error("this needs the role {needed:?}; the member is {role:?}")]
    Forbidden {
        /// The role the action needs.
        needed: Role,
        /// The member's role.
        role: Role,
    },
    /// A role above one's own cannot be given.
    #[error("a {role:?} cannot give the role {given:?}: never a role above one's own")]
    RoleAboveOwn {
        /// The giver's role.
        role: Role,
        /// The role asked for.
        given: Role,
    },
    /// The invitation token is unknown, used, expired, revoked, or for another email: one
    /// answer for all, so a token reveals nothing.
    #[error(
        "this invitation cannot be accepted: it is unknown, used, expired, revoked or for another email"
    )]
    InvalidInvitation,
    /// The action would leave the organization without an owner.
    #[error("an organization keeps at least one owner: make another member owner first")]
    LastOwner,
    /// A slug must not be empty nor an organization id (a UUID): a path segment that is a UUID
    /// is read as an id.
    #[error(
        "a slug is a non-empty name that is not a UUID (a segment that is one is read as an organization id)"
    )]
    InvalidSlug,
    /// The organization is not active (pending, suspended or rejected): what its members
    /// learn on entering it (others get [`OrgError::NotFound`]), so the interface can say so.
    #[error("this organization is {}", status.as_str())]
    Unavailable {
        /// Where it is in its lifecycle.
        status: OrgStatus,
    },
    /// The lifecycle does not go from `from` to `to`.
    #[error("an organization that is {} cannot become {}", from.as_str(), to.as_str())]
    Transition {
        /// Its status.
        from: OrgStatus,
        /// The status asked for.
        to: OrgStatus,
    },
    /// The slug, the email's pending invitation or the membership exists already.
    #[error("{0} exists already")]
    Conflict(&'static str),
    /// A value read from the database is not what the tables hold.
    #[error("unexpected value in column `{0}`")]
    Corrupt(&'static str),
    /// The database refused or failed.
    #[error("database: {0}")]
    Database(#[from] crate::executor::ExecError),
    /// A scope could not be made.
    #[error(transparent)]
    Tenant(#[from] crate::TenantError),
}

/// An sqlx error of a handler's own statements, classified as the flows' are
/// ([`ExecError::kind`](crate::executor::ExecError::kind)), so that `?` works beside the flows.
#[cfg(feature = "sqlx")]
#[cfg_attr(docsrs, doc(cfg(feature = "sqlx")))]
impl From<sqlx::Error> for OrgError {
    fn from(error: sqlx::Error) -> OrgError {
        OrgError::Database(crate::executor::ExecError::new(error))
    }
}
