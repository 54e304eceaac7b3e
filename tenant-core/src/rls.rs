//! PostgreSQL row-level security as a second wall behind the scoped builders.
//!
//! [`TenantScoped::row_level_security`] (or [`statements`] with another setting) gives the
//! statements that make PostgreSQL itself refuse rows of other organizations, even to raw SQL:
//! `ENABLE` and `FORCE ROW LEVEL SECURITY` and a policy whose `USING` and `WITH CHECK` compare the
//! tenant column with a session setting. Bind the setting per transaction with the driver
//! features' `bind_scope` (`set_config(setting, org, true)`: transaction-local, so a pooled
//! connection never carries one organization into the next request). Without it, or after the
//! transaction, nothing is visible and nothing can be written.
//!
//! Superusers and roles with `BYPASSRLS` are not subject to policies: connect the application as
//! an ordinary role.
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
//! assert_eq!(
//!     Project::row_level_security(),
//!     [
//!         r#"ALTER TABLE "projects" ENABLE ROW LEVEL SECURITY"#,
//!         r#"ALTER TABLE "projects" FORCE ROW LEVEL SECURITY"#,
//!         r#"DROP POLICY IF EXISTS "projects_tenant_isolation" ON "projects""#,
//!         concat!(
//!             r#"CREATE POLICY "projects_tenant_isolation" ON "projects" FOR ALL"#,
//!             r#" USING ("organization_id" = (SELECT NULLIF(current_setting('app.current_organization_id', true), '')::uuid))"#,
//!             r#" WITH CHECK ("organization_id" = (SELECT NULLIF(current_setting('app.current_organization_id', true), '')::uuid))"#,
//!         ),
//!     ]
//! );
//! ```

use std::borrow::Cow;

use sea_query::{PostgresQueryBuilder, QuotedBuilder, TableBuilder, TableRefBuilder};

use crate::__private::StaticIden;
use crate::schema::{Names, table_name};
use crate::{TenantError, TenantKey, TenantScoped};

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
}

impl Default for TenantSetting {
    fn default() -> Self {
        TenantSetting::DEFAULT
    }
}

/// The statements that put `T`'s table under row-level security keyed by `setting`. Safe to run
/// again: the policy is dropped and re-created.
pub fn statements<T: TenantScoped>(setting: &TenantSetting) -> Vec<String> {
    let backend = PostgresQueryBuilder;
    let mut table = String::new();
    backend.prepare_table_name(&table_name::<T>(), &mut table);
    // The table's plain identifier, shortened at most: it needs quotes, no escaping.
    let policy = format!(
        "\"{}\"",
        Names::new(T::TABLE).name(&["tenant"], &[T::TENANT_COLUMN], "isolation")
    );
    let mut column = String::new();
    backend.prepare_iden(&StaticIden(T::TENANT_COLUMN).into(), &mut column);
    let mut key_type = String::new();
    backend.prepare_column_type(&T::Key::column_type(), &mut key_type);
    // A sub-select is evaluated once per query, not once per row; NULLIF makes an unset or
    // reset setting ('' after a transaction-local value ends) mean "no organization": no rows.
    let predicate = format!(
        "{column} = (SELECT NULLIF(current_setting('{}', true), '')::{key_type})",
        setting.name()
    );
    vec![
        format!("ALTER TABLE {table} ENABLE ROW LEVEL SECURITY"),
        format!("ALTER TABLE {table} FORCE ROW LEVEL SECURITY"),
        format!("DROP POLICY IF EXISTS {policy} ON {table}"),
        format!(
            "CREATE POLICY {policy} ON {table} FOR ALL USING ({predicate}) WITH CHECK ({predicate})"
        ),
    ]
}
