//! The `#[tenant(...)]` attributes as written, read by darling. Nothing is checked here that
//! needs more than one attribute: that is [`crate::validate`]'s job.

use darling::util::{Flag, SpannedValue};
use darling::{FromDeriveInput, FromField};

/// `#[tenant(...)]` on the struct.
#[derive(FromDeriveInput)]
#[darling(attributes(tenant))]
pub struct ContainerAttrs {
    /// `table = "projects"` or `"schema.projects"`: the table. Default: the snake_case plural of
    /// the struct name.
    pub table: Option<SpannedValue<String>>,
    /// `column = "tenant_id"`: the field that holds the organization id. Default:
    /// `organization_id`.
    pub column: Option<SpannedValue<String>>,
    /// `crate = "path::to::tenant_core"`: where generated code finds `tenant_core`, when a crate
    /// re-exports it. Default: `::tenant_core`.
    #[darling(rename = "crate")]
    pub krate: Option<syn::Path>,
    /// `unique = "field, field"`: the fields are unique together within an organization
    /// (`UNIQUE (tenant, ...)`). May be repeated.
    #[darling(multiple)]
    pub unique: Vec<SpannedValue<String>>,
    /// `organizations = "accounts(id)"` (or `"schema.table(column)"`, or just the table): what the
    /// tenant column's foreign key references. Default: `organizations(id)`.
    pub organizations: Option<SpannedValue<String>>,
    /// `on_delete_cascade`: deleting an organization deletes its rows.
    pub on_delete_cascade: Flag,
}

/// `#[tenant(...)]` on a field.
#[derive(FromField)]
#[darling(attributes(tenant))]
pub struct FieldAttrs {
    /// The field's name; `None` only in tuple structs, which are refused before fields are read.
    pub ident: Option<syn::Ident>,
    /// The field's type.
    pub ty: syn::Type,
    /// `primary_key`: the field is (part of) the primary key. Default: the field named `id`.
    pub primary_key: Flag,
    /// `rename = "column"`: the column name. Default: the field name.
    pub rename: Option<SpannedValue<String>>,
    /// `skip`: the field is not a column.
    pub skip: Flag,
    /// `unique`: the column is unique within an organization (`UNIQUE (tenant, column)`).
    pub unique: Flag,
    /// `references = "Project"`: the field holds the primary key of another `TenantScoped`
    /// struct's row, of the same organization (a composite foreign key).
    pub references: Option<SpannedValue<syn::Path>>,
}

/// Keys of `#[tenant(...)]` on the struct that take a string; the others are bare words.
pub const CONTAINER_STRING_KEYS: &[&str] = &["table", "column", "crate", "unique", "organizations"];
/// Keys of `#[tenant(...)]` on a field that take a string; the others are bare words.
pub const FIELD_STRING_KEYS: &[&str] = &["rename", "references"];

/// darling's messages for a repeated key or a value of the wrong kind, reworded to say what to
/// write instead. Other messages (unknown keys, with darling's "did you mean") pass unchanged.
pub fn polish(errors: darling::Error, string_keys: &[&str]) -> darling::Error {
    darling::Error::multiple(
        errors
            .into_iter()
            .map(|error| {
                let message = error.to_string();
                let key = message
                    .rsplit_once(" at ")
                    .map(|(_, location)| location.rsplit('/').next().unwrap_or(location));
                let better = if let Some(name) = message
                    .strip_prefix("Duplicate field `")
                    .and_then(|rest| rest.split('`').next())
                {
                    Some(format!("`{name}` is given twice in `#[tenant(...)]`: keep one of them"))
                } else if message.starts_with("Unexpected ") {
                    key.map(|key| {
                        if string_keys.contains(&key) {
                            format!("`{key}` takes a string: write `{key} = \"...\"`")
                        } else {
                            format!("`{key}` is a bare word and takes no value: write `#[tenant({key})]`")
                        }
                    })
                } else {
                    None
                };
                match better {
                    Some(message) => syn::Error::new(error.span(), message).into(),
                    None => error,
                }
            })
            .collect(),
    )
}
