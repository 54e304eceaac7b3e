//! The model: what a derived struct is (`TenantScoped` and its column, key and table data),
//! the organization key, the scope, the `Unscoped` capability and the errors.

pub(crate) mod error;
pub(crate) mod key;
pub(crate) mod scope;
pub(crate) mod scoped;
pub(crate) mod unscoped;
