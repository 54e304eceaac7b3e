//! The `#[tenant(...)]` attributes as written, read by darling: which keys there are, and the
//! shape of each value. Each key is read by a parser of its kind ([`text`], [`path`], [`flag`])
//! that takes the key's name from the attribute itself, so its errors say what to write for that
//! key. Every key is `multiple`: a key given twice is one of [`crate::valid`]'s rules, reported
//! at the second key like every other rule.

use darling::{FromDeriveInput, FromField};
use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Expr, ExprLit, Lit, Meta};

/// A value as written, with the spans of its key and of its value.
pub struct Written<T> {
    pub value: T,
    pub key: Span,
    pub span: Span,
}

/// `#[tenant(...)]` on the struct.
#[derive(FromDeriveInput)]
#[darling(attributes(tenant))]
pub struct ContainerAttrs {
    /// `table = "projects"` or `"schema.projects"`: the table. Default: the snake_case plural of
    /// the struct name.
    #[darling(multiple, with = text)]
    pub table: Vec<Written<String>>,
    /// `column = "tenant_id"`: the field that holds the organization id. Default:
    /// `organization_id`.
    #[darling(multiple, with = text)]
    pub column: Vec<Written<String>>,
    /// `crate = "::path::to::tenant_core"`: where generated code finds `tenant_core`, when a
    /// crate re-exports it. Default: `::tenant_core`.
    #[darling(rename = "crate", multiple, with = path)]
    pub krate: Vec<Written<syn::Path>>,
    /// `unique = "field, field"`: the fields are unique together within an organization
    /// (`UNIQUE (tenant, ...)`). May be repeated.
    #[darling(multiple, with = text)]
    pub unique: Vec<Written<String>>,
    /// `index = "field [asc|desc], ..."`: a secondary index, led by the tenant column in a
    /// tenant table (`(tenant, field DESC, ...)`). May be repeated.
    #[darling(multiple, with = text)]
    pub index: Vec<Written<String>>,
    /// `one_per_organization`: the table holds at most one row per organization, keyed by the
    /// tenant column alone (settings, an organization's plan).
    #[darling(multiple, with = flag)]
    pub one_per_organization: Vec<Written<()>>,
    /// `organizations = "accounts(id)"` (or `"schema.table(column)"`, or just the table): what the
    /// tenant column's foreign key references. Default: `organizations(id)`.
    #[darling(multiple, with = text)]
    pub organizations: Vec<Written<String>>,
    /// `on_delete_cascade`: deleting an organization deletes its rows.
    #[darling(multiple, with = flag)]
    pub on_delete_cascade: Vec<Written<()>>,
    /// `from_row`: the struct decodes from a row by column name on every enabled driver
    /// (`sqlx::FromRow`, `TryFrom<&postgres::Row>`, `TryFrom<&rusqlite::Row>`); skipped fields
    /// take their `Default`.
    #[darling(multiple, with = flag)]
    pub from_row: Vec<Written<()>>,
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
    #[darling(multiple, with = flag)]
    pub primary_key: Vec<Written<()>>,
    /// `rename = "column"`: the column name. Default: the field name.
    #[darling(multiple, with = text)]
    pub rename: Vec<Written<String>>,
    /// `skip`: the field is not a column.
    #[darling(multiple, with = flag)]
    pub skip: Vec<Written<()>>,
    /// `unique`: the column is unique within an organization (`UNIQUE (tenant, column)`).
    #[darling(multiple, with = flag)]
    pub unique: Vec<Written<()>>,
    /// `references = "Project"`: the field holds the primary key of another `TenantScoped`
    /// struct's row, of the same organization (a composite foreign key).
    #[darling(multiple, with = path)]
    pub references: Vec<Written<syn::Path>>,
}

/// The key of `meta`, as written.
fn key(meta: &Meta) -> String {
    meta.path()
        .get_ident()
        .map_or_else(String::new, ToString::to_string)
}

fn error(span: Span, message: String) -> darling::Error {
    syn::Error::new(span, message).into()
}

/// `key = "..."`.
pub fn text(meta: &Meta) -> darling::Result<Written<String>> {
    string(meta).map(|literal| Written {
        value: literal.value(),
        key: meta.path().span(),
        span: literal.span(),
    })
}

/// `key = "path::in::a::string"`, the path spanned at the string.
pub fn path(meta: &Meta) -> darling::Result<Written<syn::Path>> {
    let literal = string(meta)?;
    let key = key(meta);
    let value = literal.parse::<syn::Path>().map_err(|_| {
        error(
            literal.span(),
            format!(
                "`{}` is not a path: `{key}` names a path, e.g. `{key} = \"{}\"`",
                literal.value(),
                if key == "crate" {
                    "::tenant_core"
                } else {
                    "Project"
                }
            ),
        )
    })?;
    Ok(Written {
        value,
        key: meta.path().span(),
        span: literal.span(),
    })
}

fn string(meta: &Meta) -> darling::Result<syn::LitStr> {
    let key = key(meta);
    let wrong = |span: Span| {
        error(
            span,
            format!("`{key}` takes a string: write `{key} = \"...\"`"),
        )
    };
    match meta {
        Meta::NameValue(name_value) => match &name_value.value {
            Expr::Lit(ExprLit {
                lit: Lit::Str(literal),
                ..
            }) => Ok(literal.clone()),
            other => Err(wrong(other.span())),
        },
        Meta::Path(path) => Err(wrong(path.span())),
        Meta::List(list) => Err(wrong(list.delimiter.span().join())),
    }
}

/// A bare word: `key`.
pub fn flag(meta: &Meta) -> darling::Result<Written<()>> {
    let key = key(meta);
    let span = match meta {
        Meta::Path(path) => {
            return Ok(Written {
                value: (),
                key: path.span(),
                span: path.span(),
            });
        }
        Meta::NameValue(name_value) => name_value.value.span(),
        Meta::List(list) => list.delimiter.span().join(),
    };
    Err(error(
        span,
        format!("`{key}` is a bare word and takes no value: write `#[tenant({key})]`"),
    ))
}
