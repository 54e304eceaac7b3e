//! Rules across attributes and fields. Every mistake is collected (darling's accumulator) so the
//! user sees all of them at once, each at the smallest span that shows it.

use std::collections::HashMap;

use darling::util::SpannedValue;
use darling::{FromDeriveInput, FromField};
use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{ToTokens, format_ident};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, Generics, Ident, Path, Type, Visibility};

use crate::input::{CONTAINER_STRING_KEYS, ContainerAttrs, FIELD_STRING_KEYS, FieldAttrs, polish};

const DEFAULT_TENANT_COLUMN: &str = "organization_id";
const DEFAULT_PRIMARY_KEY: &str = "id";
/// PostgreSQL truncates longer identifiers, which could make two names one.
const MAX_IDENTIFIER_LEN: usize = 63;

/// Everything expansion needs, checked.
pub struct Model {
    pub ident: Ident,
    pub vis: Visibility,
    pub generics: Generics,
    /// The path generated code names `tenant_core` by.
    pub krate: Path,
    pub schema: Option<String>,
    pub table: String,
    /// `<Struct>Iden`.
    pub iden: Ident,
    /// Every field that is a column, in field order.
    pub columns: Vec<Column>,
    /// Index of the tenant column in `columns`.
    pub tenant: usize,
    /// Indices of the primary-key columns in `columns`, in field order.
    pub primary_key: Vec<usize>,
    /// Bounds for fields whose types use the struct's type parameters.
    pub bounds: Vec<syn::WherePredicate>,
    /// `UNIQUE (tenant, ...)` constraints: indices into `columns`, never the tenant column.
    pub unique: Vec<Vec<usize>>,
    /// `(schema, table, column)` the tenant column's foreign key references, if not the default.
    pub organizations: Option<(Option<String>, String, String)>,
    pub on_delete_cascade: bool,
    /// Fields that reference another tenant-scoped struct: index into `columns`, the struct.
    pub references: Vec<(usize, syn::Path)>,
}

pub struct Column {
    /// The field.
    pub member: Ident,
    /// The field's name, without `r#`.
    pub field_name: String,
    pub ty: Type,
    /// The SQL column name.
    pub name: String,
    /// The variant (or, for the tenant column, the associated constant) of `<Struct>Iden`.
    pub variant: Ident,
}

impl Model {
    pub fn tenant(&self) -> &Column {
        &self.columns[self.tenant]
    }

    pub fn primary_key(&self) -> impl Iterator<Item = &Column> {
        self.primary_key.iter().map(|&index| &self.columns[index])
    }

    /// The columns `set_row` writes: all but the key and the tenant column.
    pub fn update_columns(&self) -> impl Iterator<Item = &Column> {
        self.columns
            .iter()
            .enumerate()
            .filter(|(index, _)| *index != self.tenant && !self.primary_key.contains(index))
            .map(|(_, column)| column)
    }

    pub fn from_input(input: &DeriveInput) -> darling::Result<Model> {
        let mut errors = darling::Error::accumulator();
        let attrs = errors.handle(
            ContainerAttrs::from_derive_input(input)
                .map_err(|errors| polish(errors, CONTAINER_STRING_KEYS)),
        );
        let Some(named) = errors.handle(named_fields(input)) else {
            return failed(errors);
        };
        let fields: Vec<FieldAttrs> = named
            .iter()
            .filter_map(|field| {
                errors.handle(
                    FieldAttrs::from_field(field)
                        .map_err(|errors| polish(errors, FIELD_STRING_KEYS)),
                )
            })
            .collect();
        let (Some(attrs), true) = (attrs, fields.len() == named.len()) else {
            // Stop at attributes that could not be read: rules across fields would only repeat
            // them (a misspelled `primary_key` is not "no primary key").
            return failed(errors);
        };

        let (schema, table) = match &attrs.table {
            Some(table) => {
                let (schema, name) = match table.split_once('.') {
                    Some((schema, name)) => (Some(schema), name),
                    None => (None, table.as_str()),
                };
                if schema.is_some_and(|schema| !is_plain_identifier(schema))
                    || !is_plain_identifier(name)
                {
                    errors.push(error(
                        table.span(),
                        format!(
                            "`{}` is not a plain SQL table name: write letters, digits and `_`, not starting with a digit, at most {MAX_IDENTIFIER_LEN} bytes, with at most one `schema.` prefix, e.g. `table = \"projects\"` or `table = \"app.projects\"`",
                            table.as_str()
                        ),
                    ));
                }
                (schema.map(str::to_owned), name.to_owned())
            }
            None => {
                let table = pluralize(&input.ident.unraw().to_string().to_snake_case());
                if !is_plain_identifier(&table) {
                    errors.push(error(
                        input.ident.span(),
                        format!(
                            "the default table name `{table}` is not a plain SQL identifier: name the table with `#[tenant(table = \"...\")]`"
                        ),
                    ));
                }
                (None, table)
            }
        };

        if let Some(krate) = &attrs.krate
            && krate.leading_colon.is_none()
            && krate
                .segments
                .first()
                .is_none_or(|first| first.ident != "crate")
        {
            // A relative path would resolve against whatever the caller's module has in scope.
            errors.push(error(
                krate.span(),
                format!(
                    "`crate = \"{}\"` is a relative path: write an absolute one, `::{0}` or `crate::...`, e.g. `crate = \"::my_app::tenant_core\"`",
                    krate.to_token_stream().to_string().replace(' ', "")
                ),
            ));
        }

        let iden = format_ident!("{}Iden", input.ident.unraw());
        let tenant_name = attrs
            .column
            .as_ref()
            .map_or(DEFAULT_TENANT_COLUMN, |column| column.as_str());

        let mut columns = Vec::new();
        let mut tenant = None;
        let mut flagged_keys = Vec::new();
        let mut column_names: HashMap<String, (Ident, String)> = HashMap::new();
        let mut variants: HashMap<String, Ident> = HashMap::new();
        let mut tenant_seen = false;
        let mut unique = Vec::new();
        let mut references = Vec::new();
        // A key mistake already reported makes "no primary key" a repetition.
        let mut key_reported = false;
        for field in fields {
            let Some(member) = field.ident.clone() else {
                continue;
            };
            let field_name = member.unraw().to_string();
            let is_tenant = field_name == tenant_name;
            tenant_seen |= is_tenant;
            if field.skip.is_present() {
                let mistake = if is_tenant {
                    Some(format!(
                        "the tenant column `{field_name}` cannot be skipped: every row must say which organization it belongs to"
                    ))
                } else if field.primary_key.is_present() {
                    key_reported = true;
                    Some(
                        "a skipped field cannot be the primary key: remove `skip` or `primary_key`"
                            .to_owned(),
                    )
                } else if field.rename.is_some() {
                    Some(
                        "a skipped field has no column to rename: remove `rename` or `skip`"
                            .to_owned(),
                    )
                } else if field.unique.is_present() || field.references.is_some() {
                    Some(
                        "a skipped field is not a column, so it cannot be `unique` or reference a table: remove `skip` if it is a column, else remove `unique` or `references`"
                            .to_owned(),
                    )
                } else {
                    None
                };
                if let Some(message) = mistake {
                    errors.push(error(field.skip.span(), message));
                }
                continue;
            }

            let (name, name_span) = match &field.rename {
                Some(rename) if is_tenant => {
                    errors.push(error(
                        rename.span(),
                        "the tenant column cannot be renamed: name the field after the column and point `#[tenant(column = \"...\")]` at it, e.g. a field `tenant_id` with `#[tenant(column = \"tenant_id\")]` on the struct",
                    ));
                    continue;
                }
                Some(rename) => (rename.as_str().to_owned(), rename.span()),
                None => (field_name.clone(), member.span()),
            };
            if !is_plain_identifier(&name) {
                let message = if field.rename.is_some() {
                    format!(
                        "`{name}` is not a plain SQL column name: write letters, digits and `_`, not starting with a digit, at most {MAX_IDENTIFIER_LEN} bytes, e.g. `rename = \"display_name\"`"
                    )
                } else {
                    format!(
                        "field `{name}` is not a plain SQL column name (letters, digits and `_`, not starting with a digit, at most {MAX_IDENTIFIER_LEN} bytes): name its column with `#[tenant(rename = \"...\")]`"
                    )
                };
                errors.push(error(name_span, message));
            }
            // SQLite and MySQL fold the case of quoted identifiers: `ORGANIZATION_ID` is the
            // tenant column there, so names collide whatever their letter case.
            if let Some((first, first_name)) = column_names.get(&name.to_ascii_lowercase()) {
                let message = if *first_name == name {
                    format!(
                        "column `{name}` is already the column of field `{first}`: give one of them another name with `#[tenant(rename = \"...\")]`"
                    )
                } else {
                    format!(
                        "column `{name}` is column `{first_name}` of field `{first}` in another letter case, and SQLite and MySQL do not tell them apart: give one of them another name with `#[tenant(rename = \"...\")]`"
                    )
                };
                errors.push(error(name_span, message));
            } else {
                column_names.insert(name.to_ascii_lowercase(), (member.clone(), name.clone()));
            }

            let variant = field_name.to_upper_camel_case();
            let variant_ident = match syn::parse_str::<Ident>(&variant) {
                Ok(ident) if variant == "Table" => {
                    errors.push(error(
                        member.span(),
                        format!(
                            "field `{field_name}` would be `{iden}::Table`, which names the table: rename the field and keep its column with `#[tenant(rename = \"{name}\")]`"
                        ),
                    ));
                    ident
                }
                Ok(ident) => ident,
                Err(_) => {
                    errors.push(error(
                        member.span(),
                        format!(
                            "field `{field_name}` gives no variant name for `{iden}` (`{variant}`): rename the field and keep its column with `#[tenant(rename = \"{name}\")]`"
                        ),
                    ));
                    continue;
                }
            };
            if let Some(first) = variants.get(&variant) {
                errors.push(error(
                    member.span(),
                    format!(
                        "fields `{first}` and `{field_name}` would both be `{iden}::{variant}`: rename one of them (a column keeps its name with `#[tenant(rename = \"...\")]`)"
                    ),
                ));
            } else {
                variants.insert(variant, member.clone());
            }

            if field.primary_key.is_present() {
                if is_tenant {
                    key_reported = true;
                    errors.push(error(
                        field.primary_key.span(),
                        "the tenant column cannot be part of the primary key: every lookup is scoped to it already; mark only the other key field(s) `#[tenant(primary_key)]`",
                    ));
                } else {
                    flagged_keys.push(columns.len());
                }
            }
            if is_tenant {
                tenant = Some(columns.len());
            }
            if field.unique.is_present() {
                if is_tenant {
                    errors.push(error(
                        field.unique.span(),
                        "the tenant column cannot be `unique`: every uniqueness is within one organization already; mark the other column(s) `#[tenant(unique)]`",
                    ));
                } else {
                    unique.push(vec![columns.len()]);
                }
            }
            if let Some(target) = &field.references {
                if is_tenant {
                    errors.push(error(
                        target.span(),
                        "the tenant column cannot reference another table: it references the organizations table already (`#[tenant(organizations = \"...\")]` on the struct names it)",
                    ));
                } else {
                    references.push((columns.len(), (**target).clone()));
                }
            }
            columns.push(Column {
                field_name: field_name.clone(),
                member,
                ty: field.ty,
                name,
                variant: variant_ident,
            });
        }

        if !tenant_seen {
            errors.push(match &attrs.column {
                Some(column) => error(
                    column.span(),
                    format!(
                        "`{}` has no field `{}` to be its tenant column: `#[tenant(column = \"...\")]` names the field that holds the organization id",
                        input.ident,
                        column.as_str()
                    ),
                ),
                None => error(
                    input.ident.span(),
                    format!(
                        "`{}` has no tenant column: add a field `organization_id: Uuid`, or name the field that holds the organization id with `#[tenant(column = \"...\")]`",
                        input.ident
                    ),
                ),
            });
        }

        let primary_key = if flagged_keys.is_empty() {
            let id = columns
                .iter()
                .position(|column| column.member.unraw() == DEFAULT_PRIMARY_KEY);
            // The tenant column is never the key, not even the implicit one: a scope built from
            // a row's id would read that row, and `UNIQUE (tenant, key)` would name one column.
            let id = match (id, tenant) {
                (Some(id), Some(tenant)) if id == tenant => {
                    key_reported = true;
                    errors.push(error(
                        attrs.column.as_ref().map_or(input.ident.span(), |column| column.span()),
                        format!(
                            "the tenant column `{DEFAULT_PRIMARY_KEY}` cannot be the primary key: mark the key field(s) of `{}` with `#[tenant(primary_key)]`, or name the organization column otherwise",
                            input.ident
                        ),
                    ));
                    None
                }
                (id, _) => id,
            };
            if id.is_none() && !key_reported {
                errors.push(error(
                    input.ident.span(),
                    format!(
                        "`{}` has no primary key: add an `id` field, or mark the key field(s) with `#[tenant(primary_key)]`",
                        input.ident
                    ),
                ));
            }
            id.into_iter().collect()
        } else {
            flagged_keys
        };

        for list in &attrs.unique {
            if let Some(constraint) = unique_constraint(list, &columns, tenant, &mut errors) {
                unique.push(constraint);
            }
        }
        let organizations = attrs.organizations.as_ref().and_then(|organizations| {
            match parse_organizations(organizations) {
                Ok(parsed) => Some(parsed),
                Err(message) => {
                    errors.push(message);
                    None
                }
            }
        });

        let bounds = generic_bounds(&input.generics, &columns, tenant, attrs.krate.as_ref());
        errors.finish()?;
        // Every path that leaves `tenant` unset pushed an error, returned just above.
        let Some(tenant) = tenant else {
            return Err(error(
                input.ident.span(),
                "`TenantScoped`: no tenant column",
            ));
        };
        Ok(Model {
            ident: input.ident.clone(),
            vis: input.vis.clone(),
            generics: input.generics.clone(),
            krate: attrs
                .krate
                .unwrap_or_else(|| syn::parse_quote!(::tenant_core)),
            schema,
            table,
            iden,
            columns,
            tenant,
            primary_key,
            bounds,
            unique,
            organizations,
            on_delete_cascade: attrs.on_delete_cascade.is_present(),
            references,
        })
    }
}

/// `unique = "a, b"`: the columns of the named fields.
fn unique_constraint(
    list: &SpannedValue<String>,
    columns: &[Column],
    tenant: Option<usize>,
    errors: &mut darling::error::Accumulator,
) -> Option<Vec<usize>> {
    let mut constraint = Vec::new();
    for name in list.split(',').map(str::trim) {
        let found = columns.iter().position(|column| column.field_name == name);
        let problem = match found {
            _ if name.is_empty() => Some(
                "`unique` lists fields separated by commas, e.g. `unique = \"name, kind\"`"
                    .to_owned(),
            ),
            None => Some(format!(
                "`unique` names no column field `{name}`: list fields of the struct (not skipped), e.g. `unique = \"name, kind\"`"
            )),
            Some(index) if Some(index) == tenant => Some(
                "the tenant column is part of every `unique` already: list only the other fields"
                    .to_owned(),
            ),
            Some(index) if constraint.contains(&index) => Some(format!(
                "`unique` names `{name}` twice: list each field once"
            )),
            Some(_) => None,
        };
        match (problem, found) {
            (Some(message), _) => {
                errors.push(error(list.span(), message));
                return None;
            }
            (None, Some(index)) => constraint.push(index),
            (None, None) => return None,
        }
    }
    Some(constraint)
}

/// `organizations = "table"`, `"table(column)"` or `"schema.table(column)"`.
fn parse_organizations(
    value: &SpannedValue<String>,
) -> Result<(Option<String>, String, String), darling::Error> {
    let text = value.as_str();
    let (table, column) = match text.strip_suffix(')').and_then(|rest| rest.split_once('(')) {
        Some((table, column)) => (table, column),
        None => (text, "id"),
    };
    let (schema, table) = match table.split_once('.') {
        Some((schema, table)) => (Some(schema), table),
        None => (None, table),
    };
    let plain = schema.is_none_or(is_plain_identifier)
        && is_plain_identifier(table)
        && is_plain_identifier(column);
    if plain {
        Ok((
            schema.map(str::to_owned),
            table.to_owned(),
            column.to_owned(),
        ))
    } else {
        Err(error(
            value.span(),
            format!(
                "`{text}` does not name an organizations table: write `table`, `table(column)` or `schema.table(column)` with plain SQL identifiers, e.g. `organizations = \"accounts(id)\"`"
            ),
        ))
    }
}

/// The accumulated errors; never `Ok` (callers only use it after an error).
fn failed<T>(errors: darling::error::Accumulator) -> darling::Result<T> {
    errors.finish()?;
    Err(darling::Error::custom(
        "`TenantScoped` could not read this item",
    ))
}

fn error(span: Span, message: impl std::fmt::Display) -> darling::Error {
    syn::Error::new(span, message).into()
}

/// The struct's named fields, or why there are none.
fn named_fields(
    input: &DeriveInput,
) -> darling::Result<&syn::punctuated::Punctuated<syn::Field, syn::Token![,]>> {
    let name = &input.ident;
    let example = format!("struct {name} {{ id: Uuid, organization_id: Uuid, .. }}");
    match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(fields) => Ok(&fields.named),
            Fields::Unnamed(fields) => Err(error(
                fields.paren_token.span.join(),
                format!(
                    "`TenantScoped` needs named fields, one of them the tenant column: write `{example}`"
                ),
            )),
            Fields::Unit => Err(error(
                name.span(),
                format!(
                    "`TenantScoped` needs a struct with fields, one of them the tenant column: write `{example}`"
                ),
            )),
        },
        Data::Enum(data) => Err(error(
            data.enum_token.span(),
            format!(
                "`TenantScoped` can only be derived for a struct with named fields (a table row), not an enum: write `{example}`"
            ),
        )),
        Data::Union(data) => Err(error(
            data.union_token.span(),
            format!(
                "`TenantScoped` can only be derived for a struct with named fields (a table row), not a union: write `{example}`"
            ),
        )),
    }
}

/// `[A-Za-z_][A-Za-z0-9_]*`, at most [`MAX_IDENTIFIER_LEN`] bytes: needs no quoting or escaping
/// in any backend.
fn is_plain_identifier(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == b'_')
        && bytes.all(|byte| byte.is_ascii_alphanumeric() || byte == b'_')
        && name.len() <= MAX_IDENTIFIER_LEN
}

/// English plural of a snake_case name, for the default table name. Irregular plurals need
/// `#[tenant(table = "...")]`.
fn pluralize(name: &str) -> String {
    if let Some(stem) = name.strip_suffix('y')
        && !stem.is_empty()
        && !stem.ends_with(['a', 'e', 'i', 'o', 'u'])
    {
        return format!("{stem}ies");
    }
    if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|end| name.ends_with(end))
    {
        return format!("{name}es");
    }
    format!("{name}s")
}

/// Bounds for columns whose types use the struct's type parameters; other types are checked
/// where the generated code uses them.
fn generic_bounds(
    generics: &Generics,
    columns: &[Column],
    tenant: Option<usize>,
    krate: Option<&Path>,
) -> Vec<syn::WherePredicate> {
    let params: Vec<&Ident> = generics.type_params().map(|param| &param.ident).collect();
    if params.is_empty() {
        return Vec::new();
    }
    let default_krate: Path = syn::parse_quote!(::tenant_core);
    let krate = krate.unwrap_or(&default_krate);
    columns
        .iter()
        .enumerate()
        .filter(|(_, column)| mentions(column.ty.to_token_stream(), &params))
        .map(|(index, column)| {
            let ty = &column.ty;
            if Some(index) == tenant {
                syn::parse_quote!(#ty: #krate::__private::TenantKey)
            } else {
                syn::parse_quote!(#ty: #krate::__private::ColumnValue + #krate::__private::SqlType)
            }
        })
        .collect()
}

fn mentions(tokens: TokenStream, params: &[&Ident]) -> bool {
    tokens.into_iter().any(|token| match token {
        TokenTree::Ident(ident) => params.iter().any(|param| **param == ident),
        TokenTree::Group(group) => mentions(group.stream(), params),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_table_names() {
        for (name, plural) in [
            ("project", "projects"),
            ("category", "categories"),
            ("survey", "surveys"),
            ("address", "addresses"),
            ("box", "boxes"),
            ("match", "matches"),
            ("project_member", "project_members"),
        ] {
            assert_eq!(pluralize(name), plural);
        }
    }

    #[test]
    fn plain_identifiers() {
        for good in ["projects", "_x", "a1", "Projects", &"a".repeat(63)] {
            assert!(is_plain_identifier(good), "{good}");
        }
        for bad in [
            "",
            "1a",
            "a-b",
            "a b",
            "a;b",
            "a\"b",
            "é",
            "a.b",
            &"a".repeat(64),
        ] {
            assert!(!is_plain_identifier(bad), "{bad}");
        }
    }
}
