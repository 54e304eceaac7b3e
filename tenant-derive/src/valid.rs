//! The rules across attributes and fields, one `check_*` function each, turning an [`Input`]
//! into a [`Model`]. Every mistake is collected (darling's accumulator) so the user sees all of
//! them at once, each at the smallest span that shows it.

use std::collections::HashMap;

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::Span;
use quote::format_ident;
use syn::Ident;
use syn::ext::IdentExt;

use crate::ast::{Base, Column, Input, Model, Organizations, Reference, Table};
use crate::attr::{FieldAttrs, Written};

const DEFAULT_TENANT_COLUMN: &str = "organization_id";
const DEFAULT_PRIMARY_KEY: &str = "id";
/// PostgreSQL truncates longer identifiers, which could make two names one.
const MAX_IDENTIFIER_LEN: usize = 63;

type Errors = darling::error::Accumulator;

fn error(span: Span, message: impl std::fmt::Display) -> darling::Error {
    syn::Error::new(span, message).into()
}

/// Checks a `TenantScoped` against every rule: the shape's ([`check_base`]) and the tenant
/// column's.
pub fn check(input: &Input<'_>) -> darling::Result<Model> {
    let mut errors = darling::Error::accumulator();
    let attrs = &input.attrs;
    let ident = &input.original.ident;

    let column = check_single(&mut errors, "column", &attrs.column);
    let organizations = check_single(&mut errors, "organizations", &attrs.organizations);
    let on_delete_cascade =
        check_single(&mut errors, "on_delete_cascade", &attrs.on_delete_cascade);
    let one_per_organization = check_single(
        &mut errors,
        "one_per_organization",
        &attrs.one_per_organization,
    );
    for field in &input.fields {
        check_single(&mut errors, "references", &field.references);
    }
    let tenant_name = column.map_or(DEFAULT_TENANT_COLUMN, |column| column.value.as_str());
    let (base, fields) = check_base(
        &mut errors,
        input,
        tenant_name,
        column,
        one_per_organization.is_some(),
    );
    check_tenant_present(&mut errors, &fields, column, ident);
    let organizations = organizations.and_then(|value| check_organizations(&mut errors, value));

    errors.finish()?;
    // Every path that leaves the tenant unset pushed an error, returned just above.
    let tenant = fields
        .tenant
        .ok_or_else(|| error(ident.span(), "`TenantScoped`: no tenant column"))?;
    Ok(Model {
        base,
        tenant,
        organizations,
        on_delete_cascade: on_delete_cascade.is_some(),
        one_per_organization: one_per_organization.is_some(),
        references: fields.references,
    })
}

/// Checks a `GlobalTable`: the shape's rules ([`check_base`]), and none of the tenant ones,
/// which it refuses: it has no tenant column, no organizations key, no references.
pub fn check_global(input: &Input<'_>) -> darling::Result<Base> {
    let mut errors = darling::Error::accumulator();
    let attrs = &input.attrs;
    let ident = &input.original.ident;

    let tenant_keys = attrs
        .column
        .iter()
        .map(|written| ("column", written.key))
        .chain(
            attrs
                .organizations
                .iter()
                .map(|written| ("organizations", written.key)),
        )
        .chain(
            attrs
                .on_delete_cascade
                .iter()
                .map(|written| ("on_delete_cascade", written.key)),
        )
        .chain(
            attrs
                .one_per_organization
                .iter()
                .map(|written| ("one_per_organization", written.key)),
        );
    for (key, span) in tenant_keys {
        errors.push(error(
            span,
            format!(
                "`{key}` is about a tenant column, and a `GlobalTable` has none: its rows belong to no organization; if `{ident}`'s rows belong to organizations, derive `TenantScoped` instead"
            ),
        ));
    }
    for references in input.fields.iter().flat_map(|field| &field.references) {
        errors.push(error(
            references.key,
            format!(
                "a `GlobalTable` cannot reference another table's rows with `references`: that is a tenant-scoped composite foreign key; if `{ident}`'s rows belong to organizations, derive `TenantScoped` instead"
            ),
        ));
    }
    // No field is the tenant column here: a name no field has.
    let (base, _) = check_base(&mut errors, input, "", None, false);
    for column in &base.columns {
        if column.name.eq_ignore_ascii_case(DEFAULT_TENANT_COLUMN) {
            errors.push(error(
                column.member.span(),
                format!(
                    "`{ident}` has a tenant column `{}`: its rows belong to organizations, so derive `TenantScoped`, whose queries are scoped to one; a `GlobalTable`'s are not (rename the column if it is not an organization id)",
                    column.name
                ),
            ));
        }
    }
    errors.finish()?;
    Ok(base)
}

/// The rules both derives share: keys given once, the table name, the crate path, every field
/// (`tenant_name` is the tenant column's field; `""` names none), the primary key and the
/// unique lists.
fn check_base(
    errors: &mut Errors,
    input: &Input<'_>,
    tenant_name: &str,
    column: Option<&Written<String>>,
    one_per_organization: bool,
) -> (Base, Fields) {
    let original = input.original;
    let attrs = &input.attrs;
    let table = check_single(errors, "table", &attrs.table);
    let krate = check_single(errors, "crate", &attrs.krate);
    let from_row = check_single(errors, "from_row", &attrs.from_row);
    for field in &input.fields {
        check_single(errors, "primary_key", &field.primary_key);
        check_single(errors, "rename", &field.rename);
        check_single(errors, "skip", &field.skip);
        check_single(errors, "unique", &field.unique);
    }
    let table = check_table(errors, table, &original.ident);
    let krate = check_crate_path(errors, krate);
    let iden = format_ident!("{}Iden", original.ident.unraw());
    let mut fields = Fields {
        iden: Some(iden.clone()),
        ..Fields::default()
    };
    for field in &input.fields {
        fields.check_field(errors, field, tenant_name);
    }
    let primary_key = if one_per_organization {
        check_no_key(errors, input);
        Vec::new()
    } else {
        check_primary_key(errors, &fields, column, &original.ident)
    };
    let mut unique = fields.unique.clone();
    for list in &attrs.unique {
        if let Some(constraint) = check_column_list(errors, list, &fields, "unique")
            .map(|columns| columns.into_iter().map(|(index, _)| index).collect())
        {
            unique.push(constraint);
        }
    }
    let indexes = attrs
        .index
        .iter()
        .filter_map(|list| check_column_list(errors, list, &fields, "index"))
        .collect();
    let base = Base {
        ident: original.ident.clone(),
        vis: original.vis.clone(),
        generics: original.generics.clone(),
        krate,
        table,
        iden,
        columns: fields.columns.clone(),
        primary_key,
        unique,
        indexes,
        from_row: from_row.is_some(),
        skipped: fields.skipped.clone(),
    };
    (base, fields)
}

/// A key may be given once: the first is kept, each repetition reported at its key.
fn check_single<'a, T>(
    errors: &mut Errors,
    key: &str,
    written: &'a [Written<T>],
) -> Option<&'a Written<T>> {
    for again in written.iter().skip(1) {
        errors.push(error(
            again.key,
            format!("`{key}` is given twice in `#[tenant(...)]`: keep one of them"),
        ));
    }
    written.first()
}

/// `table = "name"` or `"schema.name"`, plain identifiers; or the plural of the struct name.
fn check_table(errors: &mut Errors, table: Option<&Written<String>>, ident: &Ident) -> Table {
    let Some(table) = table else {
        let name = pluralize(&ident.unraw().to_string().to_snake_case());
        if !is_plain_identifier(&name) {
            errors.push(error(
                ident.span(),
                format!(
                    "the default table name `{name}` is not a plain SQL identifier: name the table with `#[tenant(table = \"...\")]`"
                ),
            ));
        }
        return Table { schema: None, name };
    };
    let (schema, name) = match table.value.split_once('.') {
        Some((schema, name)) => (Some(schema), name),
        None => (None, table.value.as_str()),
    };
    if schema.is_some_and(|schema| !is_plain_identifier(schema)) || !is_plain_identifier(name) {
        errors.push(error(
            table.span,
            format!(
                "`{}` is not a plain SQL table name: write letters, digits and `_`, not starting with a digit, at most {MAX_IDENTIFIER_LEN} bytes, with at most one `schema.` prefix, e.g. `table = \"projects\"` or `table = \"app.projects\"`",
                table.value
            ),
        ));
    }
    Table {
        schema: schema.map(str::to_owned),
        name: name.to_owned(),
    }
}

/// `crate = "..."` is absolute (`::path` or `crate::path`): a relative path would resolve
/// against whatever the caller's module has in scope.
fn check_crate_path(errors: &mut Errors, krate: Option<&Written<syn::Path>>) -> syn::Path {
    let Some(krate) = krate else {
        return syn::parse_quote!(::tenant_core);
    };
    let path = &krate.value;
    let absolute = path.leading_colon.is_some()
        || path
            .segments
            .first()
            .is_some_and(|first| first.ident == "crate");
    if !absolute {
        let written = quote::ToTokens::to_token_stream(path)
            .to_string()
            .replace(' ', "");
        errors.push(error(
            krate.span,
            format!(
                "`crate = \"{written}\"` is a relative path: write an absolute one, `::{written}` or `crate::...`, e.g. `crate = \"::my_app::tenant_core\"`"
            ),
        ));
    }
    path.clone()
}

/// What the field rules found, field by field.
#[derive(Default)]
struct Fields {
    /// `<Struct>Iden`, for messages.
    iden: Option<Ident>,
    columns: Vec<Column>,
    tenant: Option<usize>,
    tenant_seen: bool,
    /// Columns marked `#[tenant(primary_key)]`.
    flagged_keys: Vec<usize>,
    /// A key mistake already reported makes "no primary key" a repetition.
    key_reported: bool,
    /// Lowercased column name → (field, name as written).
    column_names: HashMap<String, (Ident, String)>,
    variants: HashMap<String, Ident>,
    unique: Vec<Vec<usize>>,
    references: Vec<Reference>,
    /// The skipped fields and their types.
    skipped: Vec<(Ident, syn::Type)>,
}

impl Fields {
    fn check_field(&mut self, errors: &mut Errors, field: &FieldAttrs, tenant_name: &str) {
        let Some(member) = field.ident.clone() else {
            return;
        };
        let field_name = member.unraw().to_string();
        let is_tenant = field_name == tenant_name;
        self.tenant_seen |= is_tenant;
        if let Some(skip) = field.skip.first() {
            self.check_skip(errors, field, skip, is_tenant);
            self.skipped.push((member, field.ty.clone()));
            return;
        }
        let Some((name, name_span)) = check_rename(errors, field, &member, is_tenant) else {
            return;
        };
        check_column_name(errors, field, &name, name_span);
        self.check_column_collision(errors, &member, &name, name_span);
        let Some(variant) = self.check_variant(errors, &member, &field_name, &name) else {
            return;
        };
        let index = self.columns.len();
        if let Some(key) = field.primary_key.first() {
            if is_tenant {
                self.key_reported = true;
                errors.push(error(
                    key.key,
                    "the tenant column cannot be part of the primary key: every lookup is scoped to it already; mark only the other key field(s) `#[tenant(primary_key)]`",
                ));
            } else {
                self.flagged_keys.push(index);
            }
        }
        if is_tenant {
            self.tenant = Some(index);
        }
        if let Some(unique) = field.unique.first() {
            if is_tenant {
                errors.push(error(
                    unique.key,
                    "the tenant column cannot be `unique`: every uniqueness is within one organization already; mark the other column(s) `#[tenant(unique)]`",
                ));
            } else {
                self.unique.push(vec![index]);
            }
        }
        if let Some(target) = field.references.first() {
            if is_tenant {
                errors.push(error(
                    target.span,
                    "the tenant column cannot reference another table: it references the organizations table already (`#[tenant(organizations = \"...\")]` on the struct names it)",
                ));
            } else {
                self.references.push(Reference {
                    column: index,
                    target: target.value.clone(),
                });
            }
        }
        self.columns.push(Column {
            field_name,
            member,
            ty: field.ty.clone(),
            name,
            variant,
        });
    }

    /// A skipped field is no column: nothing else may be said of it, and the tenant column is
    /// never skipped.
    fn check_skip(
        &mut self,
        errors: &mut Errors,
        field: &FieldAttrs,
        skip: &Written<()>,
        is_tenant: bool,
    ) {
        let field_name = field.ident.as_ref().map(|ident| ident.unraw().to_string());
        let mistake = if is_tenant {
            Some(format!(
                "the tenant column `{}` cannot be skipped: every row must say which organization it belongs to",
                field_name.unwrap_or_default()
            ))
        } else if !field.primary_key.is_empty() {
            self.key_reported = true;
            Some(
                "a skipped field cannot be the primary key: remove `skip` or `primary_key`"
                    .to_owned(),
            )
        } else if !field.rename.is_empty() {
            Some("a skipped field has no column to rename: remove `rename` or `skip`".to_owned())
        } else if !field.unique.is_empty() || !field.references.is_empty() {
            Some(
                "a skipped field is not a column, so it cannot be `unique` or reference a table: remove `skip` if it is a column, else remove `unique` or `references`"
                    .to_owned(),
            )
        } else {
            None
        };
        if let Some(message) = mistake {
            errors.push(error(skip.key, message));
        }
    }

    /// SQLite and MySQL fold the case of quoted identifiers: `ORGANIZATION_ID` is the tenant
    /// column there, so names collide whatever their letter case.
    fn check_column_collision(
        &mut self,
        errors: &mut Errors,
        member: &Ident,
        name: &str,
        name_span: Span,
    ) {
        let folded = name.to_ascii_lowercase();
        if let Some((first, first_name)) = self.column_names.get(&folded) {
            let message = if first_name == name {
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
            self.column_names
                .insert(folded, (member.clone(), name.to_owned()));
        }
    }

    /// The field's variant of `<Struct>Iden`: an identifier, not `Table`, not another field's.
    fn check_variant(
        &mut self,
        errors: &mut Errors,
        member: &Ident,
        field_name: &str,
        name: &str,
    ) -> Option<Ident> {
        let iden = self
            .iden
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        let variant = field_name.to_upper_camel_case();
        let Ok(ident) = syn::parse_str::<Ident>(&variant) else {
            errors.push(error(
                member.span(),
                format!(
                    "field `{field_name}` gives no variant name for `{iden}` (`{variant}`): rename the field and keep its column with `#[tenant(rename = \"{name}\")]`"
                ),
            ));
            return None;
        };
        if variant == "Table" {
            errors.push(error(
                member.span(),
                format!(
                    "field `{field_name}` would be `{iden}::Table`, which names the table: rename the field and keep its column with `#[tenant(rename = \"{name}\")]`"
                ),
            ));
        }
        if let Some(first) = self.variants.get(&variant) {
            errors.push(error(
                member.span(),
                format!(
                    "fields `{first}` and `{field_name}` would both be `{iden}::{variant}`: rename one of them (a column keeps its name with `#[tenant(rename = \"...\")]`)"
                ),
            ));
        } else {
            self.variants.insert(variant, member.clone());
        }
        Some(ident)
    }
}

/// The column name: the field's, or `rename = "..."`, which the tenant column may not have.
fn check_rename(
    errors: &mut Errors,
    field: &FieldAttrs,
    member: &Ident,
    is_tenant: bool,
) -> Option<(String, Span)> {
    match field.rename.first() {
        Some(rename) if is_tenant => {
            errors.push(error(
                rename.span,
                "the tenant column cannot be renamed: name the field after the column and point `#[tenant(column = \"...\")]` at it, e.g. a field `tenant_id` with `#[tenant(column = \"tenant_id\")]` on the struct",
            ));
            None
        }
        Some(rename) => Some((rename.value.clone(), rename.span)),
        None => Some((member.unraw().to_string(), member.span())),
    }
}

/// Column names are plain SQL identifiers, so they never need escaping.
fn check_column_name(errors: &mut Errors, field: &FieldAttrs, name: &str, span: Span) {
    if is_plain_identifier(name) {
        return;
    }
    let message = if field.rename.is_empty() {
        format!(
            "field `{name}` is not a plain SQL column name (letters, digits and `_`, not starting with a digit, at most {MAX_IDENTIFIER_LEN} bytes): name its column with `#[tenant(rename = \"...\")]`"
        )
    } else {
        format!(
            "`{name}` is not a plain SQL column name: write letters, digits and `_`, not starting with a digit, at most {MAX_IDENTIFIER_LEN} bytes, e.g. `rename = \"display_name\"`"
        )
    };
    errors.push(error(span, message));
}

/// The struct has its tenant column: `organization_id`, or the field `column = "..."` names.
fn check_tenant_present(
    errors: &mut Errors,
    fields: &Fields,
    column: Option<&Written<String>>,
    ident: &Ident,
) {
    if fields.tenant_seen {
        return;
    }
    errors.push(match column {
        Some(column) => error(
            column.span,
            format!(
                "`{ident}` has no field `{}` to be its tenant column: `#[tenant(column = \"...\")]` names the field that holds the organization id",
                column.value
            ),
        ),
        None => error(
            ident.span(),
            format!(
                "`{ident}` has no tenant column: add a field `organization_id: Uuid`, or name the field that holds the organization id with `#[tenant(column = \"...\")]`"
            ),
        ),
    });
}

/// The fields marked `primary_key`, or else the field `id`; never the tenant column, not even
/// the implicit key (a scope built from a row's id would read that row, and
/// `UNIQUE (tenant, key)` would name one column twice).
fn check_primary_key(
    errors: &mut Errors,
    fields: &Fields,
    column: Option<&Written<String>>,
    ident: &Ident,
) -> Vec<usize> {
    if !fields.flagged_keys.is_empty() {
        return fields.flagged_keys.clone();
    }
    let id = fields
        .columns
        .iter()
        .position(|column| column.member.unraw() == DEFAULT_PRIMARY_KEY);
    if id.is_some() && id == fields.tenant {
        errors.push(error(
            column.map_or(ident.span(), |column| column.span),
            format!(
                "the tenant column `{DEFAULT_PRIMARY_KEY}` cannot be the primary key: mark the key field(s) of `{ident}` with `#[tenant(primary_key)]`, or name the organization column otherwise"
            ),
        ));
        return Vec::new();
    }
    if id.is_none() && !fields.key_reported {
        errors.push(error(
            ident.span(),
            format!(
                "`{ident}` has no primary key: add an `id` field, or mark the key field(s) with `#[tenant(primary_key)]`"
            ),
        ));
    }
    id.into_iter().collect()
}

/// A struct keyed by its tenant column alone (`one_per_organization`) marks no other key.
fn check_no_key(errors: &mut Errors, input: &Input<'_>) {
    for key in input.fields.iter().flat_map(|field| &field.primary_key) {
        errors.push(error(
            key.key,
            "a `one_per_organization` table is keyed by its tenant column alone: remove `primary_key` (the field stays a column; mark it `unique` if it must be)",
        ));
    }
}

/// `unique = "a, b"` or `index = "a, b desc"`: column fields, each once, never the tenant
/// column; for an index each may say `asc` or `desc`. Each column with whether it descends.
fn check_column_list(
    errors: &mut Errors,
    list: &Written<String>,
    fields: &Fields,
    key: &str,
) -> Option<Vec<(usize, bool)>> {
    let example = if key == "index" {
        "`index = \"status, created_at desc\"`"
    } else {
        "`unique = \"name, kind\"`"
    };
    let mut columns: Vec<(usize, bool)> = Vec::new();
    for part in list.value.split(',').map(str::trim) {
        let mut words = part.split_whitespace();
        let name = words.next().unwrap_or_default();
        let order = words.next();
        let descending = order.is_some_and(|order| order.eq_ignore_ascii_case("desc"));
        let found = fields
            .columns
            .iter()
            .position(|column| column.field_name == name);
        let problem = match found {
            _ if name.is_empty() => Some(format!(
                "`{key}` lists fields separated by commas, e.g. {example}"
            )),
            _ if key == "unique" && order.is_some() => Some(format!(
                "`unique` lists fields, without an order: write `{name}` (an ordered index is `index = \"...\"`)"
            )),
            _ if order.is_some_and(|order| {
                !order.eq_ignore_ascii_case("asc") && !order.eq_ignore_ascii_case("desc")
            }) || words.next().is_some() =>
            {
                Some(format!(
                    "`{part}` is not a field and an order: write `field`, `field asc` or `field desc`, e.g. {example}"
                ))
            }
            None => Some(format!(
                "`{key}` names no column field `{name}`: list fields of the struct (not skipped), e.g. {example}"
            )),
            Some(index) if Some(index) == fields.tenant => Some(format!(
                "the tenant column leads every `{key}` already: list only the other fields"
            )),
            Some(index) if columns.iter().any(|(seen, _)| *seen == index) => Some(format!(
                "`{key}` names `{name}` twice: list each field once"
            )),
            Some(_) => None,
        };
        match (problem, found) {
            (Some(message), _) => {
                errors.push(error(list.span, message));
                return None;
            }
            (None, Some(index)) => columns.push((index, descending)),
            (None, None) => return None,
        }
    }
    Some(columns)
}

/// `organizations = "table"`, `"table(column)"` or `"schema.table(column)"`.
fn check_organizations(errors: &mut Errors, value: &Written<String>) -> Option<Organizations> {
    let text = value.value.as_str();
    let (table, column) = match text.strip_suffix(')').and_then(|rest| rest.split_once('(')) {
        Some((table, column)) => (table, column),
        None => (text, "id"),
    };
    let (schema, table) = match table.split_once('.') {
        Some((schema, table)) => (Some(schema), table),
        None => (None, table),
    };
    if schema.is_none_or(is_plain_identifier)
        && is_plain_identifier(table)
        && is_plain_identifier(column)
    {
        return Some(Organizations {
            schema: schema.map(str::to_owned),
            table: table.to_owned(),
            column: column.to_owned(),
        });
    }
    errors.push(error(
        value.span,
        format!(
            "`{text}` does not name an organizations table: write `table`, `table(column)` or `schema.table(column)` with plain SQL identifiers, e.g. `organizations = \"accounts(id)\"`"
        ),
    ));
    None
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
