//! The one way across organizations.

/// The capability to build a select, update or delete without the tenant predicate: a
/// report across organizations, a nightly rollup, an administrator's tool.
///
/// It is the only way: [`TenantScoped::select_unscoped`](crate::TenantScoped::select_unscoped),
/// [`update_unscoped`](crate::TenantScoped::update_unscoped) and
/// [`delete_unscoped`](crate::TenantScoped::delete_unscoped) take one, and nothing else builds a
/// statement without the predicate. Inserts always need a [`Scope`](crate::Scope). The reason is
/// a `&'static str`, so each use is a literal in the source (`grep 'Unscoped::because'` finds
/// them all), and every unscoped statement is logged through `tracing` at `INFO`, target
/// `tenant::unscoped`, with the reason, the table and the kind of statement.
///
/// Under PostgreSQL row-level security the application role sees one organization: run
/// unscoped statements in [`postgres::unscoped_transaction`](crate::rls#crossing-organizations-under-row-level-security),
/// which binds the capability for that transaction.
///
/// ```
/// use tenant_core::{TenantScoped, Unscoped, uuid::Uuid};
/// use tenant_core::sea_query::SqliteQueryBuilder;
///
/// #[derive(TenantScoped)]
/// struct Invoice {
///     id: Uuid,
///     organization_id: Uuid,
///     cents: i64,
/// }
///
/// let rollup = Unscoped::because("nightly billing rollup");
/// let (sql, _) = Invoice::select_unscoped(&rollup).build(SqliteQueryBuilder);
/// assert_eq!(sql, r#"SELECT "id", "organization_id", "cents" FROM "invoices""#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unscoped {
    reason: &'static str,
}

impl Unscoped {
    /// The capability, with the reason it is needed (logged with every statement it builds).
    pub const fn because(reason: &'static str) -> Unscoped {
        Unscoped { reason }
    }

    /// Why the capability was taken.
    pub const fn reason(&self) -> &'static str {
        self.reason
    }

    pub(crate) fn log(&self, table: &'static str, statement: &'static str) {
        tracing::info!(
            target: "tenant::unscoped",
            reason = self.reason,
            table,
            statement,
            "statement without the tenant predicate"
        );
    }
}
