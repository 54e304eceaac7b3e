use thiserror::Error;

/// Why a scope or a statement was refused. Nothing is built when one of these is returned.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum TenantError {
    /// [`Scope::new`](crate::Scope::new) was given the nil organization id.
    ///
    /// There is no "no organization" scope: without an active organization a query sees no rows,
    /// so the caller must not build one at all.
    #[error(
        "the nil organization id cannot scope a query: without an active organization there is nothing to query"
    )]
    NilOrganization,

    /// A row handed to an insert or update carries an organization id that is neither the
    /// scope's nor nil.
    #[error(
        "a `{table}` row carries another organization's id than the active scope; nothing was built (leave the tenant field nil or set it to the scope's organization)"
    )]
    ForeignOrganization {
        /// The table the row was meant for.
        table: &'static str,
    },

    /// A row-level security setting name that is not `prefix.name` of plain identifiers.
    #[error(
        "`{name}` is not a PostgreSQL custom setting name: write two or more plain identifiers joined by dots, e.g. `app.current_organization_id`"
    )]
    InvalidSetting {
        /// The refused name.
        name: String,
    },

    /// An update whose every optional value was `None` ([`Update::set_option`](crate::query::Update::set_option)):
    /// an `UPDATE` with no `SET` is not SQL. Answer the request without writing (a `PATCH` with
    /// nothing to change), or refuse it.
    #[error(
        "an update of `{table}` got no value to write (every optional value was None); nothing was built"
    )]
    NothingToUpdate {
        /// The table.
        table: &'static str,
    },

    /// An insert was asked for with an empty list of rows.
    #[error("an insert into `{table}` needs at least one row; nothing was built")]
    NoRows {
        /// The table the rows were meant for.
        table: &'static str,
    },
}
