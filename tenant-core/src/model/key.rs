use sea_query::{ColumnType, Value};
use uuid::Uuid;

/// A type that can identify an organization in a tenant column.
///
/// Implemented for [`uuid::Uuid`]; implement it for your own newtype to keep organization ids
/// apart from other ids at the type level:
///
/// ```
/// use tenant_core::{TenantKey, sea_query::Value, uuid::Uuid};
///
/// #[derive(Clone, Copy, Debug, PartialEq, Eq)]
/// pub struct OrgId(pub Uuid);
///
/// impl TenantKey for OrgId {
///     fn is_nil(&self) -> bool {
///         self.0.is_nil()
///     }
///     fn to_value(&self) -> Value {
///         self.0.into()
///     }
/// }
/// ```
///
/// Strings, integers and `Option`s are deliberately not tenant keys: a tenant column is never
/// `NULL`, and its values are not guessable or confusable with other ids.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a tenant key",
    label = "the tenant column must hold an organization id",
    note = "use `uuid::Uuid` (re-exported as `tenant_core::uuid::Uuid`), an alias of it, or a newtype that implements `tenant_core::TenantKey`; the column is never NULL, so `Option<_>` is refused too"
)]
pub trait TenantKey: Clone + PartialEq + core::fmt::Debug {
    /// Whether this is the "no organization" value (the nil UUID). A nil key never scopes a query;
    /// in a row handed to an insert it means "stamp the scope's organization here".
    fn is_nil(&self) -> bool;

    /// The key as a value bound to a statement.
    fn to_value(&self) -> Value;

    /// The tenant column's type in [`create_table`](crate::TenantScoped::create_table) and the
    /// type row-level security casts the session setting to. UUID unless you say otherwise.
    fn column_type() -> ColumnType
    where
        Self: Sized,
    {
        ColumnType::Uuid
    }

    /// The key that is this `Uuid`, for a key type that is one (`testing`'s probe makes its
    /// scopes with it); `None` otherwise. Not public API.
    #[doc(hidden)]
    fn __from_uuid(_uuid: Uuid) -> Option<Self>
    where
        Self: Sized,
    {
        None
    }
}

impl TenantKey for Uuid {
    fn is_nil(&self) -> bool {
        Uuid::is_nil(self)
    }

    fn to_value(&self) -> Value {
        Value::from(*self)
    }

    fn __from_uuid(uuid: Uuid) -> Option<Uuid> {
        Some(uuid)
    }
}

/// A field type that can be stored in a column: every `Clone` type that converts into a
/// sea-query [`Value`] (`String`, `bool`, integers, floats, `Vec<u8>`, `Uuid`, `Option`s of
/// these, ...). To store your own type, implement `From<YourType> for sea_query::Value`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be stored in a column",
    label = "not `Clone + Into<sea_query::Value>`",
    note = "a column's type must be `Clone` and convert into `tenant_core::sea_query::Value`: implement `From<{Self}>` for `Value`, or mark the field `#[tenant(skip)]` if it is not a column"
)]
pub trait ColumnValue {
    /// The value to bind for this field.
    fn column_value(&self) -> Value;
}

impl<T: Clone + Into<Value>> ColumnValue for T {
    fn column_value(&self) -> Value {
        self.clone().into()
    }
}
