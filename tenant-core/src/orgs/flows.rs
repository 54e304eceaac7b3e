//! The flows: each one transaction on an [`Executor`], built with the scoped builders (and, for
//! the two reads that cross organizations by design, `Unscoped`).

// The public flows return `impl Future + Send` on purpose (see `transaction!`): an `async fn`
// would leave their `Send` to each caller, where the compiler cannot prove it.
#![allow(clippy::manual_async_fn)]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sea_query::{ColumnRef, Expr, ExprTrait, Index, IntoColumnRef, LockType, Order, Value, Values};
use uuid::Uuid;

use super::{
    Activity, Event, EventIden, Invitation, InvitationIden, InvitationOf, Member, Membership,
    MembershipIden, MembershipOf, Operator, OrgError, OrgRef, OrgStatus, Organization,
    OrganizationIden, Page, PendingInvitation, Role, UserId, user_text,
};
use crate::executor::{Backend, Connection, ExecError, Executor, Kind, Transaction, dialect};
use crate::query::{Statement, UnscopedStatement};
use crate::rls::Binding;
use crate::{GlobalTable, Join, Scope, TenantScoped, TenantSetting, Unscoped};

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| {
            i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX)
        })
}

fn build(backend: Backend, statement: &impl Statement) -> (String, Values) {
    dialect!(backend, builder => statement.build_sql(builder))
}

fn build_unscoped(backend: Backend, statement: &impl UnscopedStatement) -> (String, Values) {
    dialect!(backend, builder => statement.build_sql(builder))
}

async fn run<E: Executor>(db: &mut E, statement: &impl Statement) -> Result<u64, OrgError> {
    let (sql, values) = build(db.backend(), statement);
    Ok(db.execute(&sql, values).await?)
}

async fn rows<E: Executor>(
    db: &mut E,
    statement: &impl Statement,
    kinds: &[Kind],
) -> Result<Vec<Vec<Value>>, OrgError> {
    let (sql, values) = build(db.backend(), statement);
    Ok(db.fetch(&sql, values, kinds).await?)
}

async fn plain<E: Executor>(db: &mut E, sql: &str) -> Result<u64, OrgError> {
    Ok(db.execute(sql, Values(Vec::new())).await?)
}

/// Runs `$body` (a future using `$tx`) in one transaction of the driver, begun on `$db`:
/// committed if it is `Ok`. On an error, and when the flow's future is dropped at any `.await`
/// (a cancelled request), the transaction is dropped uncommitted, which rolls it back: nothing
/// the flow wrote, bound or opened outlives it on the connection.
///
/// The public flows are `fn`s that return `impl Future + Send`, not `async fn`s: their `Send`
/// is then proven here, generically (the driver's transaction is `Send` by the bound on
/// [`Connection::Transaction`]), not at each caller's, where the compiler cannot see it through
/// the transaction type's lifetime (rust-lang/rust#110338) and a web framework's handler that
/// awaits a flow would not compile.
macro_rules! transaction {
    ($db:ident, |$tx:ident| $body:expr) => {{
        let mut $tx = $db.begin().await?;
        let value = $body.await?;
        $tx.commit().await?;
        Ok(value)
    }};
}

/// On PostgreSQL, binds `organization` to the transaction for row-level security (as
/// `postgres::transaction` does); elsewhere nothing.
async fn bind<E: Executor>(db: &mut E, organization: Uuid) -> Result<(), OrgError> {
    if db.backend() != Backend::Postgres {
        return Ok(());
    }
    let binding = Binding::organization(&TenantSetting::DEFAULT, &Value::from(organization));
    db.execute(binding.sql(), Values(Vec::new())).await?;
    Ok(())
}

/// A slug is a name an organization is entered by in a URL: not empty, not an organization id
/// (a segment that is a UUID is read as an id, see [`OrgRef::parse`]).
fn check_slug(slug: &str) -> Result<(), OrgError> {
    if slug.trim().is_empty() || slug.parse::<Uuid>().is_ok() {
        return Err(OrgError::InvalidSlug);
    }
    Ok(())
}

/// The id of the organization whose slug is `slug`, read in this transaction. On PostgreSQL
/// under row-level security the transaction is first bound to the slug, which shows that one
/// organization row (read only) and no tenant row; the caller binds the organization next.
async fn slug_owner<E: Executor>(db: &mut E, slug: &str) -> Result<Option<Uuid>, OrgError> {
    if db.backend() == Backend::Postgres {
        let binding = Binding::slug(&TenantSetting::DEFAULT, slug);
        db.execute(binding.sql(), Values(Vec::new())).await?;
    }
    let fields = [field("id", OrganizationIden::Id, Kind::Uuid)];
    let select = Organization::select()
        .columns(columns(&fields))
        .and_where(Expr::col(OrganizationIden::Slug).eq(slug));
    let found = records(db, build(db.backend(), &select), &fields).await?;
    found.first().map(|record| record.uuid("id")).transpose()
}

/// The id of the organization `organization` names: an id as it is, a slug looked up (see
/// [`slug_owner`]); no such slug is [`OrgError::NotFound`].
async fn resolve<E: Executor>(db: &mut E, organization: OrgRef<'_>) -> Result<Uuid, OrgError> {
    match organization {
        OrgRef::Id(id) => Ok(id),
        OrgRef::Slug(slug) => slug_owner(db, slug).await?.ok_or(OrgError::NotFound),
    }
}

/// On PostgreSQL, opens every organization to this transaction (as
/// `postgres::unscoped_transaction` does), for the two reads that cross organizations by
/// design; elsewhere nothing.
async fn open_unscoped<E: Executor>(db: &mut E, unscoped: &Unscoped) -> Result<(), OrgError> {
    let binding = Binding::unscoped(&TenantSetting::DEFAULT, unscoped);
    if db.backend() != Backend::Postgres {
        return Ok(());
    }
    db.execute(binding.sql(), Values(Vec::new())).await?;
    Ok(())
}

/// Stages `activity` in the trail of `member`'s organization, by `member`, in this transaction:
/// it commits with the flow's change or not at all.
async fn trail<E: Executor, U: UserId>(
    db: &mut E,
    member: &Member<U>,
    activity: Activity,
) -> Result<(), OrgError> {
    run(db, &member.record(activity)?).await.map(drop)
}

/// [`trail`], by `user`, who is no member yet (an invitation being accepted).
async fn trail_by<E: Executor, U: UserId>(
    db: &mut E,
    scope: &Scope,
    user: &U,
    activity: Activity,
) -> Result<(), OrgError> {
    run(db, &activity.insert(scope, Some(user_text(user)))?)
        .await
        .map(drop)
}

/// A column a flow reads: the name it is read back by, where it comes from and how it decodes.
/// One list of them makes both a select's projection and its decoding, so the two cannot
/// disagree (swapping two text columns in a projection cannot return names as slugs).
pub(super) struct Field {
    name: &'static str,
    column: ColumnRef,
    kind: Kind,
}

fn field(name: &'static str, column: impl IntoColumnRef, kind: Kind) -> Field {
    Field {
        name,
        column: column.into_column_ref(),
        kind,
    }
}

/// The projection of `fields`, in order.
fn columns(fields: &[Field]) -> impl Iterator<Item = ColumnRef> + '_ {
    fields.iter().map(|field| field.column.clone())
}

/// A row read through its [`Field`]s: values looked up by name.
pub(super) struct Record<'f> {
    fields: &'f [Field],
    values: Vec<Value>,
}

impl Record<'_> {
    fn get(&self, name: &'static str) -> Result<&Value, OrgError> {
        self.fields
            .iter()
            .position(|field| field.name == name)
            .and_then(|index| self.values.get(index))
            .ok_or(OrgError::Corrupt(name))
    }

    fn uuid(&self, name: &'static str) -> Result<Uuid, OrgError> {
        match self.get(name)? {
            Value::Uuid(Some(uuid)) => Ok(*uuid),
            _ => Err(OrgError::Corrupt(name)),
        }
    }

    fn text(&self, name: &'static str) -> Result<String, OrgError> {
        match self.get(name)? {
            Value::String(Some(text)) => Ok(text.clone()),
            _ => Err(OrgError::Corrupt(name)),
        }
    }

    fn optional_text(&self, name: &'static str) -> Result<Option<String>, OrgError> {
        match self.get(name)? {
            Value::String(text) => Ok(text.clone()),
            _ => Err(OrgError::Corrupt(name)),
        }
    }

    fn int(&self, name: &'static str) -> Result<Option<i64>, OrgError> {
        match self.get(name)? {
            Value::BigInt(int) => Ok(*int),
            _ => Err(OrgError::Corrupt(name)),
        }
    }

    fn flag(&self, name: &'static str) -> Result<bool, OrgError> {
        match self.get(name)? {
            Value::Bool(Some(flag)) => Ok(*flag),
            _ => Err(OrgError::Corrupt(name)),
        }
    }

    fn role(&self, name: &'static str) -> Result<Role, OrgError> {
        Role::parse(&self.text(name)?).ok_or(OrgError::Corrupt(name))
    }

    fn status(&self, name: &'static str) -> Result<OrgStatus, OrgError> {
        OrgStatus::parse(&self.text(name)?).ok_or(OrgError::Corrupt(name))
    }

    /// A user id, read as the kind its SQL type is read by ([`Kind::of`]).
    fn user<U: sea_query::ValueType>(&self, name: &'static str) -> Result<U, OrgError> {
        U::try_from(self.get(name)?.clone()).map_err(|_| OrgError::Corrupt(name))
    }
}

/// Runs `sql` and reads each row through `fields`.
async fn records<'f, E: Executor>(
    db: &mut E,
    (sql, values): (String, Values),
    fields: &'f [Field],
) -> Result<Vec<Record<'f>>, OrgError> {
    let kinds: Vec<Kind> = fields.iter().map(|field| field.kind).collect();
    Ok(db
        .fetch(&sql, values, &kinds)
        .await?
        .into_iter()
        .map(|values| Record { fields, values })
        .collect())
}

/// Runs `select` and makes each row a `R` with `decode`: what the listings return.
async fn decoded<E: Executor, R>(
    db: &mut E,
    select: &impl Statement,
    fields: &[Field],
    decode: impl Fn(&Record<'_>) -> Result<R, OrgError>,
) -> Result<Vec<R>, OrgError> {
    records(db, build(db.backend(), select), fields)
        .await?
        .iter()
        .map(decode)
        .collect()
}

/// `CREATE TABLE` for the three tables with `Uuid` user ids, and what the flows rely on beside
/// them (see [`schema`]): run once, like a migration.
pub async fn create_tables<E: Executor>(db: &mut E) -> Result<(), OrgError> {
    create_tables_for::<E, Uuid>(db).await
}

/// [`create_tables`] for user ids of type `U`.
pub async fn create_tables_for<E: Executor, U: UserId>(db: &mut E) -> Result<(), OrgError> {
    for statement in schema_for::<U>(db.backend()) {
        plain(db, &statement).await?;
    }
    Ok(())
}

/// The statements [`create_tables`] runs on `backend`, for an application's migrations: the
/// three tables, the index that finds an invitation by its token hash, and, on MySQL/MariaDB,
/// a binary collation for the pending-email key (so that one pending invitation per email means
/// per email as stored, not per email as a case- and accent-insensitive collation sees it).
///
/// ```
/// use tenant_core::orgs::{self, Backend};
///
/// let migration = orgs::schema(Backend::Postgres);
/// assert!(migration[0].starts_with(r#"CREATE TABLE "organizations""#));
/// assert!(migration.iter().any(|statement| statement.contains("organization_invitations_token_hash_idx")));
/// ```
pub fn schema(backend: Backend) -> Vec<String> {
    schema_for::<Uuid>(backend)
}

/// [`schema`] for user ids of type `U`.
pub fn schema_for<U: UserId>(backend: Backend) -> Vec<String> {
    let mut statements = [
        Organization::create_table(),
        MembershipOf::<U>::create_table(),
        InvitationOf::<U>::create_table(),
        Event::create_table(),
    ]
    .iter()
    .map(|table| backend.schema(table))
    .collect::<Vec<_>>();
    let mut token_index = Index::create();
    token_index
        .name("organization_invitations_token_hash_idx")
        .table(InvitationIden::Table);
    if backend == Backend::Mysql {
        // MySQL indexes a BLOB by a prefix; the hash is 32 bytes.
        token_index.col((InvitationIden::TokenHash, 32));
    } else {
        token_index.col(InvitationIden::TokenHash);
    }
    statements.push(backend.schema(&token_index));
    if backend == Backend::Mysql {
        statements.push(format!(
            "ALTER TABLE `{}` MODIFY `pending_email` VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL",
            InvitationOf::<U>::TABLE
        ));
    }
    statements
}

/// PostgreSQL row-level security for the three tables, keyed by the default setting: the
/// application role sees only the bound organization's organization row, memberships and
/// invitations, and can change or delete nothing else. The flows bind the organization they
/// act in; the two reads that cross organizations by design ([`organizations_of`] and the
/// token lookup of [`accept`]) open their own transaction to every organization as
/// `postgres::unscoped_transaction` does: through these flows, and nothing else, the
/// application role reads across organizations. A second policy, read only, shows the one
/// organization row whose slug a transaction is bound to (what entering by slug and the slug
/// check of [`create_organization`] read): no more than binding its id would.
pub fn row_level_security() -> Vec<String> {
    let setting = TenantSetting::DEFAULT;
    let organizations = crate::global::table_name::<Organization>();
    let mut statements = crate::rls::policy(
        &organizations,
        Organization::TABLE,
        "id",
        &<Uuid as crate::TenantKey>::column_type(),
        &setting,
    );
    // Entering by slug reads the one organization row whose slug it binds.
    statements.extend(crate::rls::slug_policy(
        &organizations,
        Organization::TABLE,
        &setting,
    ));
    // The policies do not depend on the user id's type.
    statements.extend(crate::rls::statements::<Membership>(&setting));
    statements.extend(crate::rls::statements::<Invitation>(&setting));
    statements.extend(crate::rls::statements::<Event>(&setting));
    statements
}

/// Creates an organization and makes `owner` its owner, in one transaction; the owner's
/// [`Member`]. A slug that is taken is [`OrgError::Conflict`].
pub fn create_organization<C: Connection, U: UserId>(
    db: &mut C,
    owner: U,
    name: &str,
    slug: &str,
) -> impl Future<Output = Result<Member<U>, OrgError>> + Send {
    async move {
        transaction!(db, |tx| create_organization_in(
            &mut tx,
            owner,
            name,
            slug,
            OrgStatus::Active
        ))
    }
}

/// Requests an organization that the platform operator must [`approve`] before it is entered
/// (or [`reject`]): made [`OrgStatus::Pending`], with `owner` its owner. The owner's
/// [`Member`]; entering it meanwhile is [`OrgError::Unavailable`] for its members.
pub fn request_organization<C: Connection, U: UserId>(
    db: &mut C,
    owner: U,
    name: &str,
    slug: &str,
) -> impl Future<Output = Result<Member<U>, OrgError>> + Send {
    async move {
        transaction!(db, |tx| create_organization_in(
            &mut tx,
            owner,
            name,
            slug,
            OrgStatus::Pending
        ))
    }
}

async fn create_organization_in<E: Executor, U: UserId>(
    db: &mut E,
    owner: U,
    name: &str,
    slug: &str,
    status: OrgStatus,
) -> Result<Member<U>, OrgError> {
    check_slug(slug)?;
    // Is the slug taken: read under a binding that shows the one organization row with this
    // slug, if there is one, and nothing else.
    if slug_owner(db, slug).await?.is_some() {
        return Err(OrgError::Conflict("an organization with this slug"));
    }
    let organization = Organization {
        id: Uuid::new_v4(),
        name: name.to_owned(),
        slug: slug.to_owned(),
        require_2fa: false,
        created_at: now(),
        status,
    };
    // Bound first: under row-level security the new row must be the bound organization's.
    bind(db, organization.id).await?;
    run(db, &Organization::insert().row(&organization)).await?;
    let scope = Scope::new(organization.id)?;
    let membership = MembershipOf {
        organization_id: organization.id,
        user_id: owner.clone(),
        role: Role::Owner,
        created_at: now(),
    };
    run(db, &MembershipOf::<U>::insert(&scope).row(&membership)?).await?;
    let owner = Member {
        scope,
        user_id: owner,
        role: Role::Owner,
        require_2fa: organization.require_2fa,
    };
    trail(
        db,
        &owner,
        Activity::new("organization.created")
            .target(&organization.slug)
            .detail("name", &organization.name)
            .detail("status", status.as_str()),
    )
    .await?;
    Ok(owner)
}

/// The organizations `user` belongs to, with the role in each, by name: the organization
/// switcher. It reads across organizations by design (`Unscoped`, logged), keyed by the user.
pub fn organizations_of<C: Connection, U: UserId>(
    db: &mut C,
    user: U,
) -> impl Future<Output = Result<Vec<(Organization, Role)>, OrgError>> + Send {
    async move { transaction!(db, |tx| organizations_of_in(&mut tx, user)) }
}

async fn organizations_of_in<E: Executor, U: UserId>(
    db: &mut E,
    user: U,
) -> Result<Vec<(Organization, Role)>, OrgError> {
    let switcher = Unscoped::because("organizations::organizations_of: the user's organizations");
    open_unscoped(db, &switcher).await?;
    let organization =
        |name, column: OrganizationIden, kind| field(name, (OrganizationIden::Table, column), kind);
    let fields = [
        organization("id", OrganizationIden::Id, Kind::Uuid),
        organization("name", OrganizationIden::Name, Kind::Text),
        organization("slug", OrganizationIden::Slug, Kind::Text),
        organization("require_2fa", OrganizationIden::Require2fa, Kind::Bool),
        organization("created_at", OrganizationIden::CreatedAt, Kind::Int),
        organization("status", OrganizationIden::Status, Kind::Text),
        field(
            "role",
            (MembershipIden::Table, MembershipIden::Role),
            Kind::Text,
        ),
    ];
    let select = MembershipOf::<U>::select_unscoped(&switcher)
        .columns(columns(&fields))
        .join_global::<Organization>(
            Join::Inner,
            Expr::col((OrganizationIden::Table, OrganizationIden::Id))
                .equals((MembershipIden::Table, MembershipIden::OrganizationId)),
        )
        .and_where(Expr::col((MembershipIden::Table, MembershipIden::UserId)).eq(user.clone()))
        .order_by(
            (OrganizationIden::Table, OrganizationIden::Name),
            Order::Asc,
        );
    records(db, build_unscoped(db.backend(), &select), &fields)
        .await?
        .iter()
        .map(|record| {
            Ok((
                Organization {
                    id: record.uuid("id")?,
                    name: record.text("name")?,
                    slug: record.text("slug")?,
                    require_2fa: record.flag("require_2fa")?,
                    created_at: record.int("created_at")?.unwrap_or_default(),
                    status: record.status("status")?,
                },
                record.role("role")?,
            ))
        })
        .collect()
}

/// `user` inside `organization` (its id, or its slug: see [`OrgRef`]): their [`Member`], or
/// [`OrgError::NotFound`] when they are not a member — the same answer as for an organization
/// or a slug that does not exist.
pub fn enter<'a, C: Connection, U: UserId>(
    db: &mut C,
    user: U,
    organization: impl Into<OrgRef<'a>>,
) -> impl Future<Output = Result<Member<U>, OrgError>> + Send {
    let organization = organization.into();
    async move { transaction!(db, |tx| enter_in(&mut tx, user, organization)) }
}

async fn enter_in<E: Executor, U: UserId>(
    db: &mut E,
    user: U,
    organization: OrgRef<'_>,
) -> Result<Member<U>, OrgError> {
    let organization = resolve(db, organization).await?;
    // The nil id is no organization: not found, like any other.
    let scope = Scope::new(organization).map_err(|_| OrgError::NotFound)?;
    bind(db, organization).await?;
    let (select, fields) = membership_check(&scope, &user);
    let found = records(db, build(db.backend(), &select), &fields).await?;
    member(scope, user, found.first())
}

/// The select that finds `user`'s role in the scope's organization, and that organization's
/// policy, with the fields it reads.
pub(super) fn membership_check<U: UserId>(
    scope: &Scope,
    user: &U,
) -> (crate::query::Select<MembershipOf<U>>, [Field; 3]) {
    let fields = [
        field(
            "role",
            (MembershipIden::Table, MembershipIden::Role),
            Kind::Text,
        ),
        field(
            "require_2fa",
            (OrganizationIden::Table, OrganizationIden::Require2fa),
            Kind::Bool,
        ),
        field(
            "status",
            (OrganizationIden::Table, OrganizationIden::Status),
            Kind::Text,
        ),
    ];
    let select = MembershipOf::<U>::select(scope)
        .columns(columns(&fields))
        .join_global::<Organization>(
            Join::Inner,
            Expr::col((OrganizationIden::Table, OrganizationIden::Id))
                .equals((MembershipIden::Table, MembershipIden::OrganizationId)),
        )
        .and_where(Expr::col((MembershipIden::Table, MembershipIden::UserId)).eq(user.clone()));
    (select, fields)
}

/// The [`Member`] a [`membership_check`] found; [`OrgError::NotFound`] for no membership, and
/// [`OrgError::Unavailable`] for a member of an organization that is not active.
pub(super) fn member<U>(
    scope: Scope,
    user: U,
    found: Option<&Record<'_>>,
) -> Result<Member<U>, OrgError> {
    let record = found.ok_or(OrgError::NotFound)?;
    match record.status("status")? {
        OrgStatus::Active => {}
        status => return Err(OrgError::Unavailable { status }),
    }
    Ok(Member {
        scope,
        user_id: user,
        role: record.role("role")?,
        require_2fa: record.flag("require_2fa")?,
    })
}

/// `member` as the database has it now, in this transaction: a `Member` kept across requests
/// may have lost its role or its membership.
async fn current<E: Executor, U: UserId>(
    db: &mut E,
    member: &Member<U>,
) -> Result<Member<U>, OrgError> {
    enter_in(db, member.user_id.clone(), member.organization().into()).await
}

/// SHA-256 of a token.
fn token_hash(token: &str) -> Vec<u8> {
    use sha2::Digest;
    sha2::Sha256::digest(token.as_bytes()).to_vec()
}

/// The one normalization of an email, for [`invite`] and [`accept`] alike: trimmed, ASCII
/// letters lowercased, every other character as written. Compared exactly after it: a Unicode
/// case folding would make `K` (the Kelvin sign) the plain `k`, and leave an address with a
/// non-ASCII capital unable to match itself if one side folded and the other did not.
fn normalize_email(email: &str) -> String {
    email.trim().to_ascii_lowercase()
}

/// `update`, of the invitations `user` made that are still pending.
fn made_by<U: UserId>(
    update: crate::query::Update<InvitationOf<U>>,
    user: &U,
) -> crate::query::Update<InvitationOf<U>> {
    update
        .and_where(Expr::col(InvitationIden::InvitedBy).eq(user.clone()))
        .and_where(Expr::col(InvitationIden::AcceptedAt).is_null())
        .and_where(Expr::col(InvitationIden::RevokedAt).is_null())
}

/// What `user`'s pending invitations become when their role becomes `role` (or when they
/// leave, `None`): revoked, when they may no longer invite; capped at `role` otherwise. An
/// invitation never grants more than its inviter may grant.
async fn limit_invitations<E: Executor, U: UserId>(
    db: &mut E,
    scope: &Scope,
    user: &U,
    role: Option<Role>,
) -> Result<(), OrgError> {
    match role {
        Some(role) if role >= Role::Admin => {
            let above: Vec<Role> = [Role::Admin, Role::Owner]
                .into_iter()
                .filter(|&given| given > role)
                .collect();
            if !above.is_empty() {
                let cap = made_by(
                    InvitationOf::<U>::update(scope).set(InvitationIden::Role, role),
                    user,
                )
                .and_where(Expr::col(InvitationIden::Role).is_in(above));
                run(db, &cap).await?;
            }
        }
        _ => {
            let revoke = made_by(
                InvitationOf::<U>::update(scope)
                    .set(InvitationIden::RevokedAt, now())
                    .set(InvitationIden::PendingEmail, Expr::val(Value::String(None))),
                user,
            );
            run(db, &revoke).await?;
        }
    }
    Ok(())
}

/// A new token: 32 random bytes, as 64 hex digits.
fn new_token() -> Result<String, OrgError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|error| OrgError::Database(ExecError::new(error)))?;
    Ok(bytes.iter().map(|byte| format!("{byte:02x}")).collect())
}

/// Invites `email` into `member`'s organization with `role`, valid for `valid_for`: the
/// invitation and its token, returned once (only its SHA-256 is stored; send the token to the
/// invitee). Needs `Admin`; never a role above the inviter's own. One pending invitation per
/// email and organization; an expired one is not pending. The email is stored trimmed, its
/// ASCII letters lowercased and every other character as written, and [`accept`] compares
/// exactly that. Removing the inviter revokes the invitation; demoting them caps it at their
/// new role (below `Admin`, revokes it); acceptance checks the inviter's role again.
pub fn invite<C: Connection, U: UserId>(
    db: &mut C,
    member: &Member<U>,
    email: &str,
    role: Role,
    valid_for: Duration,
) -> impl Future<Output = Result<(InvitationOf<U>, String), OrgError>> + Send {
    async move { transaction!(db, |tx| invite_in(&mut tx, member, email, role, valid_for)) }
}

async fn invite_in<E: Executor, U: UserId>(
    db: &mut E,
    member: &Member<U>,
    email: &str,
    role: Role,
    valid_for: Duration,
) -> Result<(InvitationOf<U>, String), OrgError> {
    let member = current(db, member).await?;
    member.require(Role::Admin)?;
    if role > member.role {
        return Err(OrgError::RoleAboveOwn {
            role: member.role,
            given: role,
        });
    }
    let email = normalize_email(email);
    // An expired invitation is not pending: its email is free again.
    let expired = InvitationOf::<U>::update(&member.scope)
        .set(InvitationIden::PendingEmail, Expr::val(Value::String(None)))
        .and_where(Expr::col(InvitationIden::PendingEmail).eq(email.as_str()))
        .and_where(Expr::col(InvitationIden::ExpiresAt).lte(now()));
    run(db, &expired).await?;
    let id = Uuid::new_v4();
    trail(
        db,
        &member,
        Activity::new("invitation.created")
            .target(&email)
            .detail("invitation", id)
            .detail("role", role.as_str()),
    )
    .await?;
    let pending = InvitationOf::<U>::select(&member.scope)
        .column(InvitationIden::Id)
        .and_where(Expr::col(InvitationIden::PendingEmail).eq(email.as_str()));
    if !rows(db, &pending, &[Kind::Uuid]).await?.is_empty() {
        return Err(OrgError::Conflict("a pending invitation for this email"));
    }
    let token = new_token()?;
    let valid_for = i64::try_from(valid_for.as_secs()).unwrap_or(i64::MAX);
    let invitation = InvitationOf {
        id,
        organization_id: member.organization(),
        email: email.clone(),
        pending_email: Some(email),
        role,
        token_hash: token_hash(&token),
        invited_by: member.user_id,
        expires_at: now().saturating_add(valid_for),
        accepted_at: None,
        revoked_at: None,
    };
    run(
        db,
        &InvitationOf::<U>::insert(&member.scope).row(&invitation)?,
    )
    .await?;
    Ok((invitation, token))
}

/// Accepts the invitation whose token is `token` as `user`, once: the new [`Member`]. With
/// `email` (the user's verified address), the invitation must be for it. Any failure — an
/// unknown, used, expired or revoked token, another email — is the same
/// [`OrgError::InvalidInvitation`].
pub fn accept<C: Connection, U: UserId>(
    db: &mut C,
    token: &str,
    user: U,
    email: Option<&str>,
) -> impl Future<Output = Result<Member<U>, OrgError>> + Send {
    async move { transaction!(db, |tx| accept_in(&mut tx, token, user, email)) }
}

async fn accept_in<E: Executor, U: UserId>(
    db: &mut E,
    token: &str,
    user: U,
    email: Option<&str>,
) -> Result<Member<U>, OrgError> {
    let lookup = Unscoped::because("organizations::accept: the invitation of a token");
    open_unscoped(db, &lookup).await?;
    let fields = [
        field("id", InvitationIden::Id, Kind::Uuid),
        field(
            "organization_id",
            InvitationIden::OrganizationId,
            Kind::Uuid,
        ),
        field("email", InvitationIden::Email, Kind::Text),
        field("role", InvitationIden::Role, Kind::Text),
        field("expires_at", InvitationIden::ExpiresAt, Kind::Int),
        field("accepted_at", InvitationIden::AcceptedAt, Kind::Int),
        field("revoked_at", InvitationIden::RevokedAt, Kind::Int),
    ];
    let select = InvitationOf::<U>::select_unscoped(&lookup)
        .columns(columns(&fields))
        .and_where(Expr::col(InvitationIden::TokenHash).eq(token_hash(token)))
        .lock(LockType::Update);
    let found = records(db, build_unscoped(db.backend(), &select), &fields).await?;
    let record = found.first().ok_or(OrgError::InvalidInvitation)?;
    let id = record.uuid("id")?;
    let organization = record.uuid("organization_id")?;
    let invited = record.text("email")?;
    let role = record.role("role")?;
    let expires_at = record.int("expires_at")?.unwrap_or_default();
    let used = record.int("accepted_at")?.is_some() || record.int("revoked_at")?.is_some();
    let now = now();
    let wrong_email = email.is_some_and(|email| normalize_email(email) != invited);
    if used || expires_at <= now || wrong_email {
        return Err(OrgError::InvalidInvitation);
    }
    let scope = Scope::new(organization)?;
    bind(db, organization).await?;
    // The inviter's authority now, not when they invited: still a member, an admin at least,
    // and at least the role the invitation gives.
    let fields = [field("role", MembershipIden::Role, Kind::Text)];
    let inviter = MembershipOf::<U>::select(&scope)
        .columns(columns(&fields))
        .and_where(
            Expr::col(MembershipIden::UserId).in_subquery(
                InvitationOf::<U>::select(&scope)
                    .column(InvitationIden::InvitedBy)
                    .where_key(id)
                    .into_sub_query(),
            ),
        );
    let inviter = records(db, build(db.backend(), &inviter), &fields).await?;
    let inviter = inviter
        .first()
        .map(|record| record.role("role"))
        .transpose()?;
    if !inviter.is_some_and(|inviter| inviter >= Role::Admin && inviter >= role) {
        return Err(OrgError::InvalidInvitation);
    }
    trail_by(
        db,
        &scope,
        &user,
        Activity::new("invitation.accepted")
            .target(&invited)
            .detail("invitation", id)
            .detail("role", role.as_str()),
    )
    .await?;
    let member_already = MembershipOf::<U>::select(&scope)
        .column(MembershipIden::Role)
        .and_where(Expr::col(MembershipIden::UserId).eq(user.clone()));
    if !rows(db, &member_already, &[Kind::Text]).await?.is_empty() {
        return Err(OrgError::Conflict("a membership of this user"));
    }
    // Marked used only if it still is not: a second, concurrent accept changes nothing and
    // fails.
    let used_now = InvitationOf::<U>::update(&scope)
        .set(InvitationIden::AcceptedAt, now)
        .set(InvitationIden::PendingEmail, Expr::val(Value::String(None)))
        .where_key(id)
        .and_where(Expr::col(InvitationIden::AcceptedAt).is_null())
        .and_where(Expr::col(InvitationIden::RevokedAt).is_null());
    if run(db, &used_now).await? != 1 {
        return Err(OrgError::InvalidInvitation);
    }
    let membership = MembershipOf {
        organization_id: organization,
        user_id: user.clone(),
        role,
        created_at: now,
    };
    run(db, &MembershipOf::<U>::insert(&scope).row(&membership)?).await?;
    enter_in(db, user, organization.into()).await
}

/// The members of `member`'s organization with their roles, oldest first, a [`Page`] at a
/// time. Any member sees them. User ids are read back by their column type: a `Uuid`, a text
/// or a 64-bit integer key.
pub fn members<C: Connection, U: UserId + sea_query::ValueType>(
    db: &mut C,
    member: &Member<U>,
    page: Page,
) -> impl Future<Output = Result<Vec<MembershipOf<U>>, OrgError>> + Send {
    async move { transaction!(db, |tx| members_in(&mut tx, member, page)) }
}

async fn members_in<E: Executor, U: UserId + sea_query::ValueType>(
    db: &mut E,
    member: &Member<U>,
    page: Page,
) -> Result<Vec<MembershipOf<U>>, OrgError> {
    let member = current(db, member).await?;
    let fields = [
        field(
            "user_id",
            MembershipIden::UserId,
            Kind::of(&<U as crate::SqlType>::column_type()),
        ),
        field("role", MembershipIden::Role, Kind::Text),
        field("created_at", MembershipIden::CreatedAt, Kind::Int),
    ];
    let select = MembershipOf::<U>::select(&member.scope)
        .columns(columns(&fields))
        .order_by(MembershipIden::CreatedAt, Order::Asc)
        .order_by(MembershipIden::UserId, Order::Asc)
        .limit(page.limit())
        .offset(page.offset());
    decoded(db, &select, &fields, |record| {
        Ok(MembershipOf {
            organization_id: member.organization(),
            user_id: record.user("user_id")?,
            role: record.role("role")?,
            created_at: record.int("created_at")?.unwrap_or_default(),
        })
    })
    .await
}

/// The pending invitations of `member`'s organization (not accepted, revoked or expired), by
/// email, a [`Page`] at a time: never a token or its hash. Needs `Admin`.
pub fn invitations<C: Connection, U: UserId + sea_query::ValueType>(
    db: &mut C,
    member: &Member<U>,
    page: Page,
) -> impl Future<Output = Result<Vec<PendingInvitation<U>>, OrgError>> + Send {
    async move { transaction!(db, |tx| invitations_in(&mut tx, member, page)) }
}

async fn invitations_in<E: Executor, U: UserId + sea_query::ValueType>(
    db: &mut E,
    member: &Member<U>,
    page: Page,
) -> Result<Vec<PendingInvitation<U>>, OrgError> {
    let member = current(db, member).await?;
    member.require(Role::Admin)?;
    let fields = [
        field("id", InvitationIden::Id, Kind::Uuid),
        field("email", InvitationIden::Email, Kind::Text),
        field("role", InvitationIden::Role, Kind::Text),
        field(
            "invited_by",
            InvitationIden::InvitedBy,
            Kind::of(&<U as crate::SqlType>::column_type()),
        ),
        field("expires_at", InvitationIden::ExpiresAt, Kind::Int),
    ];
    let select = InvitationOf::<U>::select(&member.scope)
        .columns(columns(&fields))
        .and_where(Expr::col(InvitationIden::PendingEmail).is_not_null())
        .and_where(Expr::col(InvitationIden::ExpiresAt).gt(now()))
        .order_by(InvitationIden::Email, Order::Asc)
        .order_by(InvitationIden::Id, Order::Asc)
        .limit(page.limit())
        .offset(page.offset());
    decoded(db, &select, &fields, |record| {
        Ok(PendingInvitation {
            id: record.uuid("id")?,
            email: record.text("email")?,
            role: record.role("role")?,
            invited_by: record.user("invited_by")?,
            expires_at: record.int("expires_at")?.unwrap_or_default(),
        })
    })
    .await
}

/// The activity trail of `member`'s organization, newest first, a [`Page`] at a time. Needs
/// `Admin`; no one reads another organization's.
pub fn events<C: Connection, U: UserId>(
    db: &mut C,
    member: &Member<U>,
    page: Page,
) -> impl Future<Output = Result<Vec<Event>, OrgError>> + Send {
    async move { transaction!(db, |tx| events_in(&mut tx, member, page)) }
}

async fn events_in<E: Executor, U: UserId>(
    db: &mut E,
    member: &Member<U>,
    page: Page,
) -> Result<Vec<Event>, OrgError> {
    let member = current(db, member).await?;
    member.require(Role::Admin)?;
    let fields = [
        field("id", EventIden::Id, Kind::Uuid),
        field("actor", EventIden::Actor, Kind::Text),
        field("action", EventIden::Action, Kind::Text),
        field("target", EventIden::Target, Kind::Text),
        field("details", EventIden::Details, Kind::Text),
        field("at", EventIden::At, Kind::Int),
    ];
    let select = Event::select(&member.scope)
        .columns(columns(&fields))
        .order_by(EventIden::At, Order::Desc)
        .order_by(EventIden::Id, Order::Desc)
        .limit(page.limit())
        .offset(page.offset());
    decoded(db, &select, &fields, |record| {
        Ok(Event {
            id: record.uuid("id")?,
            organization_id: member.organization(),
            actor: record.optional_text("actor")?,
            action: record.text("action")?,
            target: record.optional_text("target")?,
            details: record.text("details")?,
            at: record.int("at")?.unwrap_or_default(),
        })
    })
    .await
}

/// Revokes a pending invitation of `member`'s organization. Needs `Admin`; an invitation that
/// is not pending there is [`OrgError::NotFound`].
pub fn revoke<C: Connection, U: UserId>(
    db: &mut C,
    member: &Member<U>,
    invitation: Uuid,
) -> impl Future<Output = Result<(), OrgError>> + Send {
    async move { transaction!(db, |tx| revoke_in(&mut tx, member, invitation)) }
}

async fn revoke_in<E: Executor, U: UserId>(
    db: &mut E,
    member: &Member<U>,
    invitation: Uuid,
) -> Result<(), OrgError> {
    let member = current(db, member).await?;
    member.require(Role::Admin)?;
    trail(
        db,
        &member,
        Activity::new("invitation.revoked").target(invitation),
    )
    .await?;
    let revoke = InvitationOf::<U>::update(&member.scope)
        .set(InvitationIden::RevokedAt, now())
        .set(InvitationIden::PendingEmail, Expr::val(Value::String(None)))
        .where_key(invitation)
        .and_where(Expr::col(InvitationIden::AcceptedAt).is_null())
        .and_where(Expr::col(InvitationIden::RevokedAt).is_null());
    match run(db, &revoke).await? {
        0 => Err(OrgError::NotFound),
        _ => Ok(()),
    }
}

/// The role of `user` in the scope's organization, locked for the rest of the transaction.
async fn role_in<E: Executor, U: UserId>(
    db: &mut E,
    scope: &Scope,
    user: U,
) -> Result<Role, OrgError> {
    let fields = [field("role", MembershipIden::Role, Kind::Text)];
    let select = MembershipOf::<U>::select(scope)
        .columns(columns(&fields))
        .and_where(Expr::col(MembershipIden::UserId).eq(user.clone()))
        .lock(LockType::Update);
    let found = records(db, build(db.backend(), &select), &fields).await?;
    found.first().ok_or(OrgError::NotFound)?.role("role")
}

/// How many owners the organization has, their rows locked until the transaction ends (so two
/// concurrent demotions cannot both pass the check).
async fn owners<E: Executor, U: UserId>(db: &mut E, scope: &Scope) -> Result<usize, OrgError> {
    let select = MembershipOf::<U>::select(scope)
        .column(MembershipIden::UserId)
        .and_where(Expr::col(MembershipIden::Role).eq(Role::Owner))
        .lock(LockType::Update);
    Ok(rows(db, &select, &[Kind::Uuid]).await?.len())
}

/// Gives `user` the role `role` in `member`'s organization. Needs `Admin`, never a role above
/// the member's own; an owner's role only an owner changes; the last owner stays an owner
/// ([`OrgError::LastOwner`]).
pub fn change_role<C: Connection, U: UserId>(
    db: &mut C,
    member: &Member<U>,
    user: U,
    role: Role,
) -> impl Future<Output = Result<(), OrgError>> + Send {
    async move { transaction!(db, |tx| change_role_in(&mut tx, member, user, role)) }
}

async fn change_role_in<E: Executor, U: UserId>(
    db: &mut E,
    member: &Member<U>,
    user: U,
    role: Role,
) -> Result<(), OrgError> {
    let member = current(db, member).await?;
    member.require(Role::Admin)?;
    if role > member.role {
        return Err(OrgError::RoleAboveOwn {
            role: member.role,
            given: role,
        });
    }
    let target = role_in(db, &member.scope, user.clone()).await?;
    trail(
        db,
        &member,
        Activity::new("member.role_changed")
            .target(user_text(&user))
            .detail("from", target.as_str())
            .detail("to", role.as_str()),
    )
    .await?;
    if target == Role::Owner {
        member.require(Role::Owner)?;
        if role != Role::Owner && owners::<E, U>(db, &member.scope).await? <= 1 {
            return Err(OrgError::LastOwner);
        }
    }
    let update = MembershipOf::<U>::update(&member.scope)
        .set(MembershipIden::Role, role)
        .where_key(user.clone());
    run(db, &update).await?;
    limit_invitations(db, &member.scope, &user, Some(role)).await
}

/// Removes `user` from `member`'s organization. Needs `Admin` (an owner only an owner
/// removes); the last owner stays. Removing oneself is [`leave`].
pub fn remove_member<C: Connection, U: UserId>(
    db: &mut C,
    member: &Member<U>,
    user: U,
) -> impl Future<Output = Result<(), OrgError>> + Send {
    async move { transaction!(db, |tx| remove_member_in(&mut tx, member, user)) }
}

async fn remove_member_in<E: Executor, U: UserId>(
    db: &mut E,
    member: &Member<U>,
    user: U,
) -> Result<(), OrgError> {
    let member = current(db, member).await?;
    if user != member.user_id {
        member.require(Role::Admin)?;
    }
    let target = role_in(db, &member.scope, user.clone()).await?;
    let action = if user == member.user_id {
        "member.left"
    } else {
        "member.removed"
    };
    trail(
        db,
        &member,
        Activity::new(action)
            .target(user_text(&user))
            .detail("role", target.as_str()),
    )
    .await?;
    if target == Role::Owner {
        if user != member.user_id {
            member.require(Role::Owner)?;
        }
        if owners::<E, U>(db, &member.scope).await? <= 1 {
            return Err(OrgError::LastOwner);
        }
    }
    run(
        db,
        &MembershipOf::<U>::delete(&member.scope).where_key(user.clone()),
    )
    .await?;
    limit_invitations(db, &member.scope, &user, None).await
}

/// `member` leaves the organization; the last owner cannot ([`OrgError::LastOwner`]).
pub fn leave<C: Connection, U: UserId>(
    db: &mut C,
    member: &Member<U>,
) -> impl Future<Output = Result<(), OrgError>> + Send {
    async move {
        transaction!(db, |tx| remove_member_in(
            &mut tx,
            member,
            member.user_id.clone()
        ))
    }
}

/// The public flows of the operator's moves: each one [`transition`] in its own transaction.
macro_rules! operator_moves {
    ($($(#[$doc:meta])* $name:ident => $to:ident, $action:literal;)*) => {
        $(
            $(#[$doc])*
            pub fn $name<C: Connection>(
                db: &mut C,
                operator: &Operator,
                organization: Uuid,
            ) -> impl Future<Output = Result<(), OrgError>> + Send {
                async move {
                    transaction!(db, |tx| transition(
                        &mut tx,
                        operator,
                        organization,
                        OrgStatus::$to,
                        $action
                    ))
                }
            }
        )*
    };
}

operator_moves! {
    /// The platform operator approves a pending organization: it becomes active.
    approve => Active, "organization.approved";
    /// The platform operator rejects a pending organization.
    reject => Rejected, "organization.rejected";
    /// The platform operator suspends an active organization: its members can no longer enter
    /// it (they learn that it is suspended); nothing is deleted.
    suspend => Suspended, "organization.suspended";
    /// The platform operator reactivates a suspended organization.
    reactivate => Active, "organization.reactivated";
}

/// Moves `organization` to `to` if its lifecycle allows it from where it is (its row locked
/// meanwhile), logged and recorded in its trail with the operator's reason.
async fn transition<E: Executor>(
    db: &mut E,
    operator: &Operator,
    organization: Uuid,
    to: OrgStatus,
    action: &'static str,
) -> Result<(), OrgError> {
    let scope = Scope::new(organization).map_err(|_| OrgError::NotFound)?;
    bind(db, organization).await?;
    let fields = [field("status", OrganizationIden::Status, Kind::Text)];
    let select = Organization::select()
        .columns(columns(&fields))
        .and_where(Expr::col(OrganizationIden::Id).eq(organization))
        .lock(LockType::Update);
    let found = records(db, build(db.backend(), &select), &fields).await?;
    let from = found.first().ok_or(OrgError::NotFound)?.status("status")?;
    let allowed = matches!(
        (from, to),
        (OrgStatus::Pending, OrgStatus::Active | OrgStatus::Rejected)
            | (OrgStatus::Active, OrgStatus::Suspended)
            | (OrgStatus::Suspended, OrgStatus::Active)
    );
    if !allowed {
        return Err(OrgError::Transition { from, to });
    }
    operator.log(organization, action);
    let update = Organization::update()
        .set(OrganizationIden::Status, to)
        .and_where(Expr::col(OrganizationIden::Id).eq(organization));
    run(db, &update).await?;
    let activity = Activity::new(action)
        .target(organization)
        .detail("from", from.as_str())
        .detail("to", to.as_str())
        .detail("reason", operator.reason());
    run(db, &activity.insert(&scope, None)?).await.map(drop)
}

/// Deletes `member`'s organization and, by the foreign keys' `ON DELETE CASCADE`, its
/// memberships and invitations (and the rows of every table declared
/// `#[tenant(on_delete_cascade)]`; a table without it blocks the delete until its rows are
/// gone). Needs `Owner`.
pub fn delete_organization<C: Connection, U: UserId>(
    db: &mut C,
    member: &Member<U>,
) -> impl Future<Output = Result<(), OrgError>> + Send {
    async move { transaction!(db, |tx| delete_organization_in(&mut tx, member)) }
}

async fn delete_organization_in<E: Executor, U: UserId>(
    db: &mut E,
    member: &Member<U>,
) -> Result<(), OrgError> {
    let member = current(db, member).await?;
    member.require(Role::Owner)?;
    run(db, &Organization::delete().where_key(member.organization()))
        .await
        .map(drop)
}
