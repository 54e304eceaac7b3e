use crate::{TenantError, TenantKey};
use uuid::Uuid;

/// The active organization: which rows a query may see.
///
/// A `Scope` is data isolation, not authorization. Decide first whether the current user may act
/// in the organization (membership, roles); then build a `Scope` for it and hand it to the query
/// builders, which AND its predicate into every read, update and delete and stamp it on every
/// insert.
///
/// There is no empty scope: [`Scope::new`] refuses the nil id, so "no active organization" can
/// only mean "no query", never "all rows".
///
/// ```
/// use tenant_core::{Scope, TenantError, uuid::Uuid};
///
/// let org = Uuid::from_u128(0x42);
/// let scope = Scope::new(org)?;
/// assert_eq!(scope.organization(), &org);
/// assert_eq!(Scope::new(Uuid::nil()), Err(TenantError::NilOrganization));
/// # Ok::<(), TenantError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
// Serialized as its organization id (a `Member` in a response). Not deserialized: a scope is
// made by `Scope::new`, after the application decided the organization.
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(transparent))]
pub struct Scope<K = Uuid> {
    organization: K,
}

impl<K: TenantKey> Scope<K> {
    /// Scopes queries to `organization`. Refuses the nil id.
    pub fn new(organization: K) -> Result<Self, TenantError> {
        if organization.is_nil() {
            return Err(TenantError::NilOrganization);
        }
        Ok(Scope { organization })
    }

    /// The active organization's id.
    pub fn organization(&self) -> &K {
        &self.organization
    }
}
