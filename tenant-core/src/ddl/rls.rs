//! PostgreSQL row-level security as a second wall behind the scoped builders.
//!
//! [`TenantScoped::row_level_security`] (or [`statements`] with another setting) gives the
//! statements that make PostgreSQL itself refuse rows of other organizations, even to raw SQL:
//! `ENABLE` and `FORCE ROW LEVEL SECURITY` and a policy whose `USING` and `WITH CHECK` keep the
//! tenant column between two ends that a session setting decides. The ends are calls of a
//! PL/pgSQL function, `tenant_bound_<key type>`, created beside the table: `STABLE`, so each end
//! is computed once per scan and used as an index bound, and one call for the planner (the same
//! logic written inline in the policy cost more to plan than a page query took to run; see the
//! README's measurements). Bind it per transaction with the drivers:
//! `tenant_core::postgres::transaction` (which begins the transaction it binds) or
//! `tenant_core::sqlx::bind_scope` (which refuses a nested transaction). Both set the setting
//! and a second one, `<setting>_tx`, to the transaction's start time, transaction-local; the
//! policy sees the organization only while the two agree. So:
//!
//! - when the transaction ends, by `COMMIT` or `ROLLBACK`, nothing is visible or writable on
//!   that connection until the next binding;
//! - a value set at session level by any code (`SET app.current_organization_id = ...`, which
//!   survives the transactions after it) shows nothing;
//! - a value that is not an organization id shows nothing, instead of failing every query.
//!
//! On Citus the policy runs on the workers: the binders `SET LOCAL` the settings with
//! `citus.propagate_set_commands = 'local'`, so Citus sends them to every worker the transaction
//! opens, and the policy accepts a binding on a connection Citus opened to a worker (see the
//! README's "Scaling out on Citus").
//!
//! # Crossing organizations under row-level security
//!
//! The policy has one more clause: every organization is visible while
//! `<setting>_unscoped` holds the current transaction's start time. Only
//! `tenant_core::postgres::unscoped_transaction(client, &unscoped, &setting)` sets it, for the
//! transaction it begins, and statements built with [`Unscoped`](crate::Unscoped) run on
//! PostgreSQL only there (the drivers' `query` and `execute` do not take them): a report
//! across organizations never comes back empty for want of a binding. Like the organization
//! binding, it ends with its transaction.
//!
//! It stops SQL that *forgets* the organization, not SQL that *rebinds* it: code that can run
//! `SET LOCAL` or `set_config` inside the transaction can bind another organization. Superusers
//! and roles with `BYPASSRLS` are not subject to policies: connect the application as an
//! ordinary role. The README's threat model lists the rest.
//!
//! ```
//! use tenant_core::{TenantScoped, uuid::Uuid};
//!
//! #[derive(TenantScoped)]
//! struct Project {
//!     id: Uuid,
//!     organization_id: Uuid,
//! }
//!
//! let statements = Project::row_level_security();
//! // The function the policy calls for each end of its range (see below).
//! assert!(statements[0].starts_with(
//!     r#"CREATE OR REPLACE FUNCTION "tenant_bound_uuid"(setting pg_catalog.text, transaction_setting pg_catalog.text, unscoped_setting pg_catalog.text, edge pg_catalog.uuid) RETURNS pg_catalog.uuid LANGUAGE plpgsql STABLE PARALLEL SAFE"#
//! ));
//! assert_eq!(statements[1], r#"ALTER TABLE "projects" ENABLE ROW LEVEL SECURITY"#);
//! assert_eq!(statements[2], r#"ALTER TABLE "projects" FORCE ROW LEVEL SECURITY"#);
//! assert_eq!(statements[3], r#"DROP POLICY IF EXISTS "projects_tenant_isolation" ON "projects""#);
//! let end = |edge: &str| format!(
//!     r#""tenant_bound_uuid"('app.current_organization_id', 'app.current_organization_id_tx', 'app.current_organization_id_unscoped', '{edge}'::uuid)"#
//! );
//! let predicate = format!(
//!     r#""organization_id" BETWEEN {} AND {}"#,
//!     end("00000000-0000-0000-0000-000000000000"),
//!     end("ffffffff-ffff-ffff-ffff-ffffffffffff"),
//! );
//! assert_eq!(
//!     statements[4],
//!     format!(
//!         r#"CREATE POLICY "projects_tenant_isolation" ON "projects" FOR ALL USING ({predicate}) WITH CHECK ({predicate})"#
//!     )
//! );
//! ```

use std::borrow::Cow;

use sea_query::{
    ColumnType, PostgresQueryBuilder, QueryBuilder, QuotedBuilder, TableBuilder, TableRefBuilder,
    Value,
};

use crate::__private::StaticIden;
use crate::schema::{Names, table_name};
use crate::{Scope, TenantError, TenantKey, TenantScoped, Unscoped};

/// The name of the session setting that holds the active organization, such as
/// `app.current_organization_id` (the default).
///
/// It is written into SQL as a literal, so it must be a PostgreSQL custom setting name: two or
/// more plain identifiers joined by dots.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TenantSetting(Cow<'static, str>);

impl TenantSetting {
    /// `app.current_organization_id`.
    pub const DEFAULT: TenantSetting = TenantSetting(Cow::Borrowed("app.current_organization_id"));

    /// A setting with another name; refuses anything but `prefix.name` of plain identifiers.
    pub fn new(name: impl Into<String>) -> Result<TenantSetting, TenantError> {
        let name = name.into();
        let plain = |part: &str| {
            let mut bytes = part.bytes();
            bytes
                .next()
                .is_some_and(|first| first.is_ascii_alphabetic() || first == b'_')
                && bytes.all(|byte| byte.is_ascii_alphanumeric() || byte == b'_')
        };
        if name.contains('.') && name.split('.').all(plain) && name.len() <= 63 {
            Ok(TenantSetting(Cow::Owned(name)))
        } else {
            Err(TenantError::InvalidSetting { name })
        }
    }

    /// The setting's name.
    pub fn name(&self) -> &str {
        &self.0
    }

    /// The name of the setting that ties a binding to its transaction: `<name>_tx`. The binders
    /// set it beside the organization; the policy ignores the organization unless it holds the
    /// current transaction's start time.
    pub fn transaction_setting(&self) -> String {
        format!("{}_tx", self.0)
    }

    /// The setting that opens every organization to one transaction: `<name>_unscoped`. Only
    /// `tenant_core::postgres::unscoped_transaction` sets it (to the transaction's start time,
    /// transaction-local), for statements built with [`Unscoped`](crate::Unscoped).
    pub fn unscoped_setting(&self) -> String {
        format!("{}_unscoped", self.0)
    }

    /// The setting that shows one organization's row of the organizations table by its slug:
    /// `<name>_slug`, set by the binding that resolves a slug (`orgs` entering by slug), tied to
    /// its transaction like the organization.
    #[cfg(feature = "organizations")]
    pub(crate) fn slug_setting(&self) -> String {
        format!("{}_slug", self.0)
    }
}

impl Default for TenantSetting {
    fn default() -> Self {
        TenantSetting::DEFAULT
    }
}

/// What ties a binding to the transaction that made it: the transaction's start time, which no
/// later transaction on the connection shares.
const TRANSACTION_TOKEN: &str = "extract(epoch from transaction_timestamp())::text";

/// What the policy accepts as "set in this transaction" on a Citus worker, which runs a
/// distributed query's shard statements in a transaction of its own (another start time): a
/// connection that Citus itself opened (`citus_internal gpid=...`), on which only the `SET
/// LOCAL`s of the coordinator's transaction arrive.
const CITUS_SHARD: &str =
    "starts_with(current_setting('application_name'), 'citus_internal gpid=')";

/// The value the binders `SET LOCAL` for a Citus worker, where the policy does not compare the
/// token with the start time (see [`CITUS_SHARD`]).
const SHARD_TOKEN: &str = "citus";

/// What binds one transaction for row-level security: the one batch every binder runs (the
/// drivers' `transaction`, `bind_scope` and `unscoped_transaction`, and the organization flows),
/// made only here, beside the policy that reads it. Run it as the first statement of a
/// transaction, outside any savepoint, with the simple protocol (it is several statements and
/// carries no parameters); it binds that transaction and nothing after it.
///
/// `SET LOCAL`, not `set_config`: with `citus.propagate_set_commands = 'local'` Citus sends
/// each `SET LOCAL` to the workers its transaction opens, where the policy runs on the shards
/// (`set_config` is a function call, which stays on the coordinator). The token itself is the
/// transaction's start time, set last by `set_config`. Citus 13 sends a `SET LOCAL`'s whole
/// query string — this batch — so a worker runs the `set_config` too and holds its own start
/// time (measured; `citus.rs` passes without the policy's worker clause); were it to send the
/// `SET LOCAL` alone, the worker would hold the token `'citus'`, which the policy accepts on
/// connections Citus opened. On PostgreSQL without Citus, `citus.propagate_set_commands` is a
/// placeholder setting that changes nothing.
///
/// ```
/// use tenant_core::rls::Binding;
/// use tenant_core::{Scope, TenantSetting, uuid::Uuid};
///
/// let scope = Scope::new(Uuid::from_u128(7))?;
/// let binding = Binding::scope(&TenantSetting::DEFAULT, &scope);
/// assert_eq!(
///     binding.sql(),
///     "SET LOCAL citus.propagate_set_commands = 'local'; \
///      SET LOCAL app.current_organization_id = '00000000-0000-0000-0000-000000000007'; \
///      SET LOCAL app.current_organization_id_tx = 'citus'; \
///      SELECT set_config('app.current_organization_id_tx', extract(epoch from transaction_timestamp())::text, true)"
/// );
/// # Ok::<(), tenant_core::TenantError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    sql: String,
    setting: TenantSetting,
}

impl Binding {
    /// Binds the transaction it runs in to `scope`'s organization under `setting`.
    pub fn scope<K: TenantKey>(setting: &TenantSetting, scope: &Scope<K>) -> Binding {
        Binding::organization(setting, &scope.organization().to_value())
    }

    /// As [`scope`](Self::scope), for an organization key already made a value.
    pub(crate) fn organization(setting: &TenantSetting, organization: &Value) -> Binding {
        let value = format!("SET LOCAL {} = {}; ", setting.name(), literal(organization));
        Binding::token(setting, &value, &setting.transaction_setting())
    }

    /// Opens every organization to the transaction it runs in, for statements built with
    /// `unscoped`; logged (target `tenant::unscoped`, with the reason) when it is made.
    pub fn unscoped(setting: &TenantSetting, unscoped: &Unscoped) -> Binding {
        unscoped.log("*", "transaction");
        Binding::token(setting, "", &setting.unscoped_setting())
    }

    /// Shows the organization whose slug is `slug` (its row of the organizations table, read
    /// only, see [`slug_policy`]) to the transaction it runs in, and no tenant row: what entering
    /// by slug runs to learn the organization's id before binding it.
    #[cfg(feature = "organizations")]
    pub(crate) fn slug(setting: &TenantSetting, slug: &str) -> Binding {
        let value = format!(
            "SET LOCAL {} = {}; ",
            setting.slug_setting(),
            PostgresQueryBuilder.value_to_string(&Value::String(Some(slug.to_owned())))
        );
        Binding::token(setting, &value, &setting.transaction_setting())
    }

    /// Propagation on, `first`, then `token` to [`SHARD_TOKEN`] for the workers and, last, to
    /// this transaction's token.
    fn token(setting: &TenantSetting, first: &str, token: &str) -> Binding {
        Binding {
            setting: setting.clone(),
            sql: format!(
                "SET LOCAL citus.propagate_set_commands = 'local'; {first}SET LOCAL {token} = '{SHARD_TOKEN}'; \
                 SELECT set_config('{token}', {TRANSACTION_TOKEN}, true)"
            ),
        }
    }

    /// The batch, for the simple protocol (`batch_execute`, `sqlx::raw_sql`).
    pub fn sql(&self) -> &str {
        &self.sql
    }

    /// This binding made again, with every organization closed: what a transaction bound with
    /// it runs after work that may have bound another organization or opened them all (an
    /// organization flow run inside it), so that none of that outlives the work.
    #[cfg(all(feature = "sqlx-postgres", feature = "organizations"))]
    pub(crate) fn restoring(&self) -> String {
        format!(
            "{}; SELECT set_config('{}', '', true)",
            self.sql,
            self.setting.unscoped_setting()
        )
    }
}

/// An organization key as the text literal of a `SET` (the text a `::text` cast gives), quoted
/// and escaped by sea-query.
fn literal(organization: &Value) -> String {
    let text = match organization {
        Value::Uuid(Some(uuid)) => uuid.to_string(),
        Value::String(Some(text)) => text.clone(),
        // Integers as their digits; any other key type as sea-query writes it, quoted once more
        // as text.
        other => PostgresQueryBuilder.value_to_string(other),
    };
    PostgresQueryBuilder.value_to_string(&Value::String(Some(text)))
}

/// The least and greatest keys of `key_type`, as SQL literals: the range an unscoped
/// transaction opens.
fn key_range(key_type: &ColumnType) -> Option<(&'static str, &'static str)> {
    match key_type {
        ColumnType::Uuid => Some((
            "'00000000-0000-0000-0000-000000000000'::uuid",
            "'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid",
        )),
        ColumnType::SmallInteger => Some(("(-32768)::smallint", "32767::smallint")),
        ColumnType::Integer => Some(("(-2147483648)::integer", "2147483647::integer")),
        ColumnType::BigInteger => Some((
            "(-9223372036854775808)::bigint",
            "9223372036854775807::bigint",
        )),
        _ => None,
    }
}

/// A pattern the setting must match before it is cast to the key type, so that a setting that
/// holds anything else (`SET app.current_organization_id = 'x'`) shows nothing instead of
/// failing every query: as many digits as the type's least and greatest values have.
fn key_pattern(key_type: &ColumnType) -> Option<&'static str> {
    match key_type {
        ColumnType::Uuid => {
            Some("^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$")
        }
        ColumnType::SmallInteger => Some("^-?[0-9]{1,5}$"),
        ColumnType::Integer => Some("^-?[0-9]{1,10}$"),
        ColumnType::BigInteger => Some("^-?[0-9]{1,19}$"),
        _ => None,
    }
}

/// The statements that put `T`'s table under row-level security keyed by `setting`. Safe to run
/// again: the policy is dropped and re-created.
///
/// The policy sees an organization only when the binders set it in the current transaction
/// (`setting` and its [transaction setting](TenantSetting::transaction_setting)): a value left
/// at session level by any code (`SET app.current_organization_id = ...`), or by an earlier
/// transaction, shows nothing.
pub fn statements<T: TenantScoped>(setting: &TenantSetting) -> Vec<String> {
    policy(
        &table_name::<T>(),
        T::TABLE,
        T::TENANT_COLUMN,
        &T::Key::column_type(),
        setting,
    )
}

/// Set in this transaction: the setting `name` holds the binders' token (the transaction's start
/// time), or, on a connection Citus opened to a worker, a `SET LOCAL` of the coordinator's
/// transaction set it.
fn token(name: String) -> String {
    format!(
        "(current_setting('{name}', true) = {TRANSACTION_TOKEN} OR ({CITUS_SHARD} AND current_setting('{name}', true) <> ''))"
    )
}

/// A second policy on `table` (the organizations table, whose `slug` column is unique): a
/// transaction that [`Binding::slug`] bound reads the one row with that slug, and writes
/// nothing through it. It shows no more than binding that organization's id would: how an
/// application that knows a slug, not an id, enters the organization under row-level security
/// without opening every organization.
#[cfg(feature = "organizations")]
pub(crate) fn slug_policy(
    table: &sea_query::TableName,
    plain_table: &'static str,
    setting: &TenantSetting,
) -> Vec<String> {
    let mut table_sql = String::new();
    PostgresQueryBuilder.prepare_table_name(table, &mut table_sql);
    let policy = format!(
        "\"{}\"",
        Names::new(plain_table).name(&["slug"], &["slug"], "lookup")
    );
    let bound = token(setting.transaction_setting());
    let slug = format!("current_setting('{}', true)", setting.slug_setting());
    vec![
        format!("DROP POLICY IF EXISTS {policy} ON {table_sql}"),
        format!(
            "CREATE POLICY {policy} ON {table_sql} FOR SELECT USING (\"slug\" = CASE WHEN {bound} AND {slug} <> '' THEN {slug} END)"
        ),
    ]
}

/// The function the policy of a table keyed by `key_type` calls for each end of its range:
/// `tenant_bound_<type>(setting, transaction setting, unscoped setting, end)` gives `end` while
/// the unscoped setting holds this transaction's token, the bound organization while the
/// transaction setting does and the organization setting is a well-formed key, and `NULL`
/// otherwise. Its name and its `CREATE OR REPLACE FUNCTION` statement (in `schema`, where the
/// table is).
///
/// Why a function: PostgreSQL rewrites and plans a policy's expression into every statement on
/// the table, and the expression written inline (two `CASE`s of eight setting reads, a regular
/// expression and casts) cost more to plan than the page query took to run. A PL/pgSQL function
/// is one call to plan; the planner sees a `STABLE` function and still takes both ends as index
/// bounds, each evaluated once per scan. Its body names everything through `pg_catalog` (types,
/// functions and operators), because PL/pgSQL resolves names when it runs, under the caller's
/// `search_path`: no temporary table or schema of the caller's can stand in for them.
#[cfg_attr(not(feature = "audit"), allow(dead_code))]
pub(crate) struct BoundFunction {
    /// Its name, without schema.
    pub(crate) name: String,
    /// Its name, with the table's schema if it has one, quoted.
    qualified: String,
    /// What `pg_proc.prosrc` holds for it.
    pub(crate) body: String,
    /// The `CREATE OR REPLACE FUNCTION` statement.
    statement: String,
}

/// The function the policy of a table keyed by `key_type` calls, if it calls one (a key type
/// with a known range): what the audit compares the live function with.
#[cfg(feature = "audit")]
pub(crate) fn bound_function_of(key_type: &ColumnType) -> Option<BoundFunction> {
    let (pattern, range) = (key_pattern(key_type)?, key_range(key_type)?);
    let mut cast = String::new();
    PostgresQueryBuilder.prepare_column_type(key_type, &mut cast);
    Some(bound_function(None, key_type, &cast, pattern, Some(range)))
}

fn bound_function(
    schema: Option<&str>,
    key_type: &ColumnType,
    cast: &str,
    pattern: &str,
    range: Option<(&str, &str)>,
) -> BoundFunction {
    // The type's name in `pg_catalog` (`smallint` is SQL's spelling of `int2`).
    let cast = match cast {
        "smallint" => "int2",
        "integer" => "int4",
        "bigint" => "int8",
        other => other,
    };
    let name = format!("tenant_bound_{cast}");
    let qualified = match schema {
        Some(schema) => format!("\"{schema}\".\"{name}\""),
        None => format!("\"{name}\""),
    };
    let catalog_cast = format!("pg_catalog.{cast}");
    // An integer key is checked against its type's range before the cast, which would fail.
    let checked = match (key_type, range) {
        (
            ColumnType::SmallInteger | ColumnType::Integer | ColumnType::BigInteger,
            Some((low, high)),
        ) => {
            let bare = |end: &str| end.split("::").next().unwrap_or(end).to_owned();
            format!(
                "IF value::pg_catalog.numeric OPERATOR(pg_catalog.>=) {} AND value::pg_catalog.numeric OPERATOR(pg_catalog.<=) {} THEN RETURN value::{catalog_cast}; END IF;",
                bare(low),
                bare(high)
            )
        }
        _ => format!("RETURN value::{catalog_cast};"),
    };
    // Set in this transaction: the setting holds the binders' token (the transaction's start
    // time), or, on a connection Citus opened to a worker, a `SET LOCAL` of the coordinator's
    // transaction set it. Each setting is read once, and the token and the connection's name
    // only when a setting is there: the function runs for both ends of the range at planning
    // (for the estimate) and at execution, in every statement on the table.
    let set = |variable: &str| {
        format!(
            "{variable} OPERATOR(pg_catalog.<>) '' AND ({variable} OPERATOR(pg_catalog.=) (extract(epoch from pg_catalog.transaction_timestamp()))::pg_catalog.text \
             OR pg_catalog.starts_with(pg_catalog.current_setting('application_name'), 'citus_internal gpid='))"
        )
    };
    let body = format!(
        " DECLARE \
         value pg_catalog.text := pg_catalog.current_setting(unscoped_setting, true); \
         BEGIN \
         IF {} THEN RETURN edge; END IF; \
         value := pg_catalog.current_setting(transaction_setting, true); \
         IF {} THEN \
         value := pg_catalog.current_setting(setting, true); \
         IF value OPERATOR(pg_catalog.~) '{pattern}' THEN {checked} END IF; \
         END IF; \
         RETURN NULL; \
         END ",
        set("value"),
        set("value"),
    );
    let statement = format!(
        "CREATE OR REPLACE FUNCTION {qualified}(setting pg_catalog.text, transaction_setting pg_catalog.text, unscoped_setting pg_catalog.text, edge {catalog_cast}) \
         RETURNS {catalog_cast} LANGUAGE plpgsql STABLE PARALLEL SAFE AS $tenant${body}$tenant$"
    );
    BoundFunction {
        name,
        qualified,
        body,
        statement,
    }
}

/// The statements for `table`, whose `column` of type `key_type` holds the organization id:
/// what [`statements`] writes for a tenant table, and `orgs` for the organizations table (whose
/// own `id` is the organization).
pub(crate) fn policy(
    table: &sea_query::TableName,
    plain_table: &'static str,
    column: &'static str,
    key_type: &ColumnType,
    setting: &TenantSetting,
) -> Vec<String> {
    let backend = PostgresQueryBuilder;
    let mut table_sql = String::new();
    backend.prepare_table_name(table, &mut table_sql);
    let schema = table.0.as_ref().map(|schema| schema.1.to_string());
    let table = table_sql;
    // The table's plain identifier, shortened at most: it needs quotes, no escaping.
    let policy = format!(
        "\"{}\"",
        Names::new(plain_table).name(&["tenant"], &[column], "isolation")
    );
    let mut column_sql = String::new();
    backend.prepare_iden(&StaticIden(column).into(), &mut column_sql);
    let column = column_sql;
    let mut cast = String::new();
    backend.prepare_column_type(key_type, &mut cast);
    let unscoped = token(setting.unscoped_setting());
    let bound = token(setting.transaction_setting());
    let value = format!("current_setting('{}', true)", setting.name());
    let mut function = None;
    let predicate = match (key_pattern(key_type), key_range(key_type)) {
        (Some(pattern), Some((low, high))) => {
            // A range whose two ends are calls of a stable function: PostgreSQL evaluates them
            // once per scan, as index bounds, and Citus can send the policy to its shards (it
            // refuses a sub-select in a policy). Bound: [organization, organization]; opened by
            // `unscoped_transaction`: every key; otherwise NULL, so no row.
            let BoundFunction {
                qualified: name,
                statement,
                ..
            } = bound_function(
                schema.as_deref(),
                key_type,
                &cast,
                pattern,
                Some((low, high)),
            );
            function = Some(statement);
            let settings = format!(
                "'{}', '{}', '{}'",
                setting.name(),
                setting.transaction_setting(),
                setting.unscoped_setting()
            );
            format!("{column} BETWEEN {name}({settings}, {low}) AND {name}({settings}, {high})")
        }
        _ => {
            // A key type without a known range: the organization in a sub-select (evaluated
            // once per query). Citus does not take this form.
            format!(
                "{column} = (SELECT CASE WHEN {bound} AND bound.value <> '' THEN bound.value::{cast} END FROM (SELECT {value} AS value) AS bound) OR (SELECT {unscoped})"
            )
        }
    };
    function
        .into_iter()
        .chain([
        format!("ALTER TABLE {table} ENABLE ROW LEVEL SECURITY"),
        format!("ALTER TABLE {table} FORCE ROW LEVEL SECURITY"),
        format!("DROP POLICY IF EXISTS {policy} ON {table}"),
        format!(
            "CREATE POLICY {policy} ON {table} FOR ALL USING ({predicate}) WITH CHECK ({predicate})"
        ),
    ])
        .collect()
}
