//! The model: what a derived struct is (`TenantScoped`, and the table record it shares with
//! `GlobalTable`: columns with their types, key, constraints),
//! the organization key, the scope, the `Unscoped` capability and the errors.

pub(crate) mod error;
pub(crate) mod key;
pub(crate) mod scope;
pub(crate) mod scoped;
pub(crate) mod table;
pub(crate) mod unscoped;
