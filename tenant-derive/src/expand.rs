//! Code generation from a checked [`Model`]: one function per emitted item. The impls sit inside
//! `const _: () = { ... };`, which opens with one `use` of the runtime's hidden module (by the
//! absolute path `::tenant_core::__private`, or the `crate = "..."` override); every other path
//! goes through that name or is absolute (`::core::...`).

use proc_macro2::{TokenStream, TokenTree};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Ident, WhereClause};

use crate::ast::{Base, Column, Model};

pub fn expand(model: &Model) -> TokenStream {
    let tenant_constant = tenant_constant(model);
    // The same bounds for the three impls on the struct: computed once.
    let where_clause = where_clause(model);
    let where_clause = where_clause.as_ref();
    let set_column_impl = set_column_impl(model, where_clause);
    let row_values_impl = row_values_impl(model, where_clause);
    let tenant_scoped_impl = tenant_scoped_impl(model, where_clause);
    let references_impls = references_impls(model, where_clause);
    let referable_impl = referable_impl(model, Some(model), where_clause);
    let one_per_organization = if model.one_per_organization {
        let (impl_generics, ty_generics, _) = model.generics.split_for_impl();
        let ident = &model.ident;
        quote! {
            #[automatically_derived]
            impl #impl_generics __tenant_core_private::OnePerOrganization for #ident #ty_generics #where_clause {}
        }
    } else {
        TokenStream::new()
    };
    let items = quote! {
        #one_per_organization
        #tenant_constant
        #set_column_impl
        #row_values_impl
        #tenant_scoped_impl
        #referable_impl
        #(#references_impls)*
    };
    wrap(model, Some(model), items)
}

/// `#[derive(GlobalTable)]`: the column enum, its `Iden` impl and `impl GlobalTable`.
pub fn expand_global(model: &Base) -> TokenStream {
    let where_clause = bounded_where_clause(&model.generics, &model.columns, None);
    let Base {
        ident, generics, ..
    } = model;
    let (impl_generics, ty_generics, _) = generics.split_for_impl();
    let shared = shared_items(model, None);
    let values = model.columns.iter().map(value);
    let referable_impl = referable_impl(model, None, where_clause.as_ref());
    let items = quote! {
        #referable_impl

        #[automatically_derived]
        impl #impl_generics __tenant_core_private::GlobalTable for #ident #ty_generics #where_clause {
            #shared

            fn __values(&self) -> __tenant_core_private::Vec<__tenant_core_private::sea_query::Expr> {
                ::std::vec![#(#values),*]
            }
        }
    };
    wrap(model, None, items)
}

/// `AnyTable`: what a `references` field of a tenant table may point at, and what names a table
/// by its type; its owner is the tenant key, or `NoOrganization` for a global table.
fn referable_impl(
    base: &Base,
    tenant: Option<&Model>,
    where_clause: Option<&WhereClause>,
) -> TokenStream {
    let private = quote!(__tenant_core_private);
    let ident = &base.ident;
    let (impl_generics, ty_generics, _) = base.generics.split_for_impl();
    let (trait_path, owner) = match tenant {
        Some(model) => {
            let key = &model.tenant().ty;
            (quote!(#private::TenantScoped), quote!(#key))
        }
        None => (
            quote!(#private::GlobalTable),
            quote!(#private::NoOrganization),
        ),
    };
    quote! {
        #[automatically_derived]
        impl #impl_generics #private::AnyTable for #ident #ty_generics #where_clause {
            type PrimaryKey = <Self as #trait_path>::PrimaryKey;
            type Owner = #owner;
            const TABLE: #private::TableInfo = <Self as #trait_path>::__TABLE;
        }
    }
}

/// What both derives emit around their impls: the column enum, then, in `const _: () = { ...
/// };`, the runtime's hidden module under one short name (less for the compiler to read per
/// struct), the enum's `Iden` impl, `items`, and the registration for `tenant_core::audit` (a
/// no-op without its feature; a generic struct names no single table type to register).
fn wrap(base: &Base, tenant: Option<&Model>, items: TokenStream) -> TokenStream {
    let krate = &base.krate;
    let parts = ColumnEnum::of(base, tenant);
    let column_enum = column_enum(&parts);
    let iden_impl = iden_impl(&parts);
    let from_row = if base.from_row {
        from_row_impls(base)
    } else {
        TokenStream::new()
    };
    let register = if base.generics.params.is_empty() {
        let ident = &base.ident;
        match tenant {
            Some(_) => quote!(__tenant_core_private::register!(tenant #ident);),
            None => quote!(__tenant_core_private::register!(global #ident);),
        }
    } else {
        TokenStream::new()
    };
    quote! {
        #column_enum

        const _: () = {
            use #krate::__private as __tenant_core_private;
            #iden_impl
            #items
            #from_row
            #register
        };
    }
}

/// `#[tenant(from_row)]`: decoding by column name on each driver, each impl kept only with its
/// driver's feature of the runtime (`with_sqlx!`, ...): `sqlx::FromRow` for every sqlx row
/// type, `TryFrom<&postgres::Row>` and `TryFrom<&rusqlite::Row>`. A skipped field takes its
/// `Default`. Each field is read at its type's span, so a type a driver cannot decode is
/// reported at the field.
fn from_row_impls(base: &Base) -> TokenStream {
    let private = quote!(__tenant_core_private);
    let ident = &base.ident;
    let (_, ty_generics, _) = base.generics.split_for_impl();
    let params: Vec<Ident> = base
        .generics
        .type_params()
        .map(|param| param.ident.clone())
        .collect();
    let skipped = base.skipped.iter().map(
        |(member, ty)| quote_spanned!(ty.span()=> #member: ::core::default::Default::default()),
    );
    let skipped = quote!(#(#skipped,)*);
    // The struct's generics with the impl's own in front (lifetimes) and behind (a row type).
    let generics = |lifetimes: &[&str], row: Option<TokenStream>| {
        let mut generics = base.generics.clone();
        for lifetime in lifetimes.iter().rev() {
            let lifetime = syn::Lifetime::new(lifetime, proc_macro2::Span::call_site());
            generics.params.insert(0, syn::parse_quote!(#lifetime));
        }
        if let Some(row) = row {
            generics.params.push(syn::parse_quote!(#row));
        }
        generics
    };
    // Bounds for the field types that use a type parameter (a concrete type is checked where
    // it is read); every field type for sqlx, whose bounds name the row type anyway.
    let bounded = |bound: &dyn Fn(&syn::Type) -> syn::WherePredicate, all: bool| {
        let mut generics = base.generics.clone();
        let predicates = base
            .columns
            .iter()
            .filter(|column| all || mentions(column.ty.to_token_stream(), &params))
            .map(|column| bound(&column.ty))
            .collect::<Vec<_>>();
        generics.make_where_clause().predicates.extend(predicates);
        generics.where_clause
    };

    let sqlx = {
        let generics = generics(
            &["'__tenant_r"],
            Some(quote!(__TenantRow: #private::sqlx::Row)),
        );
        let (impl_generics, _, _) = generics.split_for_impl();
        let database = quote!(<__TenantRow as #private::sqlx::Row>::Database);
        let mut where_clause = bounded(
            &|ty| syn::parse_quote!(#ty: #private::sqlx::Decode<'__tenant_r, #database> + #private::sqlx::Type<#database>),
            true,
        );
        if let Some(clause) = &mut where_clause {
            clause.predicates.push(
                syn::parse_quote!(&'__tenant_r str: #private::sqlx::ColumnIndex<__TenantRow>),
            );
        }
        let fields = base.columns.iter().map(|column| {
            let Column {
                member, name, ty, ..
            } = column;
            let read = quote_spanned!(ty.span()=> __tenant_core_private::sqlx::Row::try_get);
            quote!(#member: #read(__tenant_row, #name)?)
        });
        quote! {
            #private::with_sqlx! {
                #[automatically_derived]
                impl #impl_generics #private::sqlx::FromRow<'__tenant_r, __TenantRow> for #ident #ty_generics #where_clause {
                    fn from_row(__tenant_row: &'__tenant_r __TenantRow) -> ::core::result::Result<Self, #private::sqlx::Error> {
                        ::core::result::Result::Ok(Self { #(#fields,)* #skipped })
                    }
                }
            }
        }
    };

    // `TryFrom<&Row>` for a synchronous driver: its `with_*!` macro, its lifetimes, its row
    // type, its error type and the runtime's trait that reads one column of it (as a bound,
    // with the row's lifetime, and as the path the read names).
    let try_from = |with: TokenStream,
                    lifetimes: &[&str],
                    row: TokenStream,
                    error: TokenStream,
                    (bound, column): (TokenStream, TokenStream)| {
        let generics = generics(lifetimes, None);
        let (impl_generics, _, _) = generics.split_for_impl();
        let where_clause = bounded(&|ty| syn::parse_quote!(#ty: #bound), false);
        let fields = base.columns.iter().map(|field| {
            let Column {
                member, name, ty, ..
            } = field;
            let read = quote_spanned!(ty.span()=> <#ty as #column>::read);
            quote!(#member: #read(__tenant_row, #name)?)
        });
        quote! {
            #with! {
                #[automatically_derived]
                impl #impl_generics ::core::convert::TryFrom<&'__tenant_r #row> for #ident #ty_generics #where_clause {
                    type Error = #error;

                    fn try_from(__tenant_row: &'__tenant_r #row) -> ::core::result::Result<Self, #error> {
                        ::core::result::Result::Ok(Self { #(#fields,)* #skipped })
                    }
                }
            }
        }
    };
    let postgres = try_from(
        quote!(#private::with_postgres),
        &["'__tenant_r"],
        quote!(#private::postgres::Row),
        quote!(#private::postgres::Error),
        (
            quote!(__tenant_core_private::PostgresColumn<'__tenant_r>),
            quote!(__tenant_core_private::PostgresColumn),
        ),
    );
    let rusqlite = try_from(
        quote!(#private::with_rusqlite),
        &["'__tenant_r", "'__tenant_s"],
        quote!(#private::rusqlite::Row<'__tenant_s>),
        quote!(#private::rusqlite::Error),
        (
            quote!(__tenant_core_private::RusqliteColumn),
            quote!(__tenant_core_private::RusqliteColumn),
        ),
    );
    quote!(#sqlx #postgres #rusqlite)
}

/// The items of `impl TenantScoped` and `impl GlobalTable` that are the same but for the tenant
/// column: the column enum and key types, the table constant, `COLUMNS`, the key's values.
fn shared_items(base: &Base, tenant: Option<&Model>) -> TokenStream {
    let private = quote!(__tenant_core_private);
    let sea_query = quote!(#private::sea_query);
    let Base { iden, table, .. } = base;
    let name = &table.name;
    let schema = match &table.schema {
        Some(schema) => quote!(#private::Option::Some(#schema)),
        None => quote!(#private::Option::None),
    };
    let keys: Vec<_> = base.primary_key().collect();
    let KeyTokens {
        ty: primary_key_ty,
        value: primary_key_value,
        pattern: key_pattern,
        bindings: key_bindings,
        count: key_count,
    } = key_tokens(&keys);
    let key_names = keys.iter().map(|column| &column.name);
    let names: Vec<_> = base.columns.iter().map(|column| &column.name).collect();
    let indexes = base.indexes.iter().map(|index| {
        let columns = index.iter().map(|&(column, descending)| {
            let name = &base.columns[column].name;
            quote!(#private::IndexColumn { name: #name, descending: #descending })
        });
        quote!(&[#(#columns),*])
    });
    // One record a column: its name and SQL type. Spanned at the field's type: a type with no
    // SQL type (or, for the tenant column, no `TenantKey`) is reported there.
    let columns = base.columns.iter().enumerate().map(|(index, column)| {
        let ty = &column.ty;
        let name = &column.name;
        let sql_type = if tenant.is_some_and(|model| model.tenant == index) {
            quote!(#private::SqlTypeOf::tenant::<Self>())
        } else {
            quote_spanned!(ty.span()=> #private::SqlTypeOf::of::<#ty>())
        };
        quote!(#private::ColumnInfo { name: #name, sql_type: #sql_type })
    });
    let (tenant_name, schema_fields) = match tenant {
        Some(model) => {
            let name = &model.tenant().name;
            (quote!(#name), schema_fields(model))
        }
        None => {
            let unique = unique_lists(base);
            (
                quote!(""),
                quote! {
                    unique: &[#(#unique),*],
                    organizations: #private::Organizations::DEFAULT,
                },
            )
        }
    };
    quote! {
        type Column = #iden;
        type PrimaryKey = #primary_key_ty;
        type __KeyValues = [#sea_query::Value; #key_count];

        const __TABLE: #private::TableInfo = #private::TableInfo {
            name: #name,
            schema: #schema,
            tenant: #tenant_name,
            columns: &[#(#columns),*],
            primary_key: &[#(#key_names),*],
            indexes: &[#(#indexes),*],
            #schema_fields
        };
        const COLUMNS: &'static [&'static str] = &[#(#names),*];

        fn primary_key(&self) -> Self::PrimaryKey {
            #primary_key_value
        }

        fn __key_values(__tenant_key: Self::PrimaryKey) -> Self::__KeyValues {
            let #key_pattern = __tenant_key;
            [#(#private::Into::into(#key_bindings)),*]
        }
    }
}

/// The `unique` lists, as the table constant's slices of column names.
fn unique_lists(base: &Base) -> impl Iterator<Item = TokenStream> + '_ {
    base.unique.iter().map(|constraint| {
        let names = constraint.iter().map(|&index| &base.columns[index].name);
        quote!(&[#(#names),*])
    })
}

/// What the column enum and its `Iden` impl are made of.
struct ColumnEnum<'a> {
    ident: &'a Ident,
    vis: &'a syn::Visibility,
    iden: &'a Ident,
    table: &'a crate::ast::Table,
    /// The enum's columns: every column but the tenant column.
    columns: Vec<&'a Column>,
    /// The tenant column's associated constant, for the enum's documentation.
    tenant: Option<&'a Ident>,
}

impl<'a> ColumnEnum<'a> {
    /// Of a table; the tenant column of a `TenantScoped` (`tenant`) is no variant.
    fn of(base: &'a Base, tenant: Option<&'a Model>) -> Self {
        let tenant_index = tenant.map(|model| model.tenant);
        ColumnEnum {
            ident: &base.ident,
            vis: &base.vis,
            iden: &base.iden,
            table: &base.table,
            columns: base
                .columns
                .iter()
                .enumerate()
                .filter(|(index, _)| Some(*index) != tenant_index)
                .map(|(_, column)| column)
                .collect(),
            tenant: tenant.map(|model| &model.tenant().variant),
        }
    }
}

/// `<Struct>Iden`: `Table` and one variant per column but the tenant column.
fn column_enum(parts: &ColumnEnum<'_>) -> TokenStream {
    let ColumnEnum {
        ident, vis, iden, ..
    } = parts;
    let doc = match parts.tenant {
        Some(tenant) => format!(
            "The table and columns of [`{ident}`], as sea-query identifiers. The tenant column is the associated constant `{iden}::{tenant}`."
        ),
        None => format!(
            "The table and columns of [`{ident}`], a table that belongs to no organization, as sea-query identifiers."
        ),
    };
    let table_doc = format!("The table `{}`.", parts.table.qualified());
    let variants = parts.columns.iter().map(|column| {
        let doc = format!("The column `{}`.", column.name);
        let variant = &column.variant;
        quote!(#[doc = #doc] #variant)
    });
    quote! {
        #[doc = #doc]
        #[derive(
            ::core::clone::Clone,
            ::core::marker::Copy,
            ::core::fmt::Debug,
            ::core::cmp::PartialEq,
            ::core::cmp::Eq,
            ::core::hash::Hash,
        )]
        #vis enum #iden {
            #[doc = #table_doc]
            Table,
            #(#variants,)*
        }
    }
}

fn iden_impl(parts: &ColumnEnum<'_>) -> TokenStream {
    let iden = parts.iden;
    let table = &parts.table.name;
    let sea_query = quote!(__tenant_core_private::sea_query);
    let arms = parts.columns.iter().map(|column| {
        let variant = &column.variant;
        let name = &column.name;
        quote!(#iden::#variant => #name)
    });
    quote! {
        #[automatically_derived]
        impl #sea_query::IdenStatic for #iden {
            fn as_str(&self) -> &'static str {
                match *self {
                    #iden::Table => #table,
                    #(#arms,)*
                }
            }
        }

        #[automatically_derived]
        impl #sea_query::Iden for #iden {
            fn quoted(&self) -> ::std::borrow::Cow<'static, str> {
                // The derive only accepts plain identifiers, which need no escaping.
                ::std::borrow::Cow::Borrowed(#sea_query::IdenStatic::as_str(self))
            }

            fn unquoted(&self) -> &str {
                #sea_query::IdenStatic::as_str(self)
            }
        }
    }
}

/// The tenant column as an associated constant of its own type, so `Update::set` cannot take it.
fn tenant_constant(model: &Model) -> TokenStream {
    let Base { iden, .. } = &model.base;
    let tenant = model.tenant();
    let variant = &tenant.variant;
    let name = &tenant.name;
    let doc = format!(
        "The tenant column `{name}`. Conditions and ordering may name it; an update cannot set it."
    );
    quote! {
        #[automatically_derived]
        #[allow(non_upper_case_globals)]
        impl #iden {
            #[doc = #doc]
            pub const #variant: __tenant_core_private::TenantColumn<#iden> = __tenant_core_private::TenantColumn::__new(#name);
        }
    }
}

/// `set` writes the column this converts into: a variant of the column enum (by the reflexive
/// `Into`), never the tenant column.
fn set_column_impl(model: &Model, where_clause: Option<&WhereClause>) -> TokenStream {
    let Base {
        iden,
        ident,
        generics,
        ..
    } = &model.base;
    let (impl_generics, ty_generics, _) = generics.split_for_impl();
    quote! {
        #[automatically_derived]
        impl #impl_generics __tenant_core_private::SetColumn<#ident #ty_generics> for #iden #where_clause {}
    }
}

/// `set_row` needs a column to write: structs whose every column is key or tenant get no impl,
/// so `set_row` on them does not compile.
fn row_values_impl(model: &Model, where_clause: Option<&WhereClause>) -> TokenStream {
    if model.update_columns().next().is_none() {
        return TokenStream::new();
    }
    let Base {
        ident, generics, ..
    } = &model.base;
    let (impl_generics, ty_generics, _) = generics.split_for_impl();
    quote! {
        #[automatically_derived]
        impl #impl_generics __tenant_core_private::RowValues for #ident #ty_generics #where_clause {}
    }
}

fn tenant_scoped_impl(model: &Model, where_clause: Option<&WhereClause>) -> TokenStream {
    let Base {
        ident, generics, ..
    } = &model.base;
    let private = quote!(__tenant_core_private);
    let sea_query = quote!(#private::sea_query);
    let (impl_generics, ty_generics, _) = generics.split_for_impl();
    let tenant = model.tenant();
    let tenant_member = &tenant.member;
    // Spanned at the field's type: a type that is no `TenantKey` is reported there.
    let key_ty = &tenant.ty;
    let key_ty = quote_spanned!(key_ty.span()=> #key_ty);
    let shared = shared_items(model, Some(model));
    let references = references_fn(model);
    let values = model.columns.iter().enumerate().map(|(index, column)| {
        if index == model.tenant {
            quote!(__tenant_value)
        } else {
            value(column)
        }
    });
    quote! {
        #[automatically_derived]
        impl #impl_generics #private::TenantScoped for #ident #ty_generics #where_clause {
            type Key = #key_ty;
            #shared
            #references

            fn tenant_key(&self) -> &Self::Key {
                &self.#tenant_member
            }

            fn __values(&self, __tenant_value: #sea_query::Expr) -> #private::Vec<#sea_query::Expr> {
                ::std::vec![#(#values),*]
            }
        }
    }
}

/// The primary key's type, value and destructuring, from its columns.
struct KeyTokens {
    /// The key field's type, or a tuple of them.
    ty: TokenStream,
    /// The key of `self`, cloned.
    value: TokenStream,
    /// A pattern that binds the key's parts to `bindings`.
    pattern: TokenStream,
    bindings: Vec<Ident>,
    count: proc_macro2::Literal,
}

fn key_tokens(keys: &[&Column]) -> KeyTokens {
    let private = quote!(__tenant_core_private);
    let key_types = keys.iter().map(|column| &column.ty);
    let key_members = keys.iter().map(|column| &column.member);
    let bindings: Vec<_> = (0..keys.len())
        .map(|index| format_ident!("__tenant_key{index}"))
        .collect();
    let (ty, value, pattern) = match keys {
        [single] => {
            let member = &single.member;
            (
                single.ty.to_token_stream(),
                quote!(#private::Clone::clone(&self.#member)),
                quote!(#(#bindings)*),
            )
        }
        // `one_per_organization`: the key is `()`, the body of `primary_key` empty.
        [] => (quote!(()), TokenStream::new(), quote!(())),
        _ => (
            quote!((#(#key_types,)*)),
            quote!((#(#private::Clone::clone(&self.#key_members),)*)),
            quote!((#(#bindings,)*)),
        ),
    };
    KeyTokens {
        ty,
        value,
        pattern,
        bindings,
        count: proc_macro2::Literal::usize_unsuffixed(keys.len()),
    }
}

/// The schema attributes of a tenant table: the `unique` and `organizations` fields of the
/// table constant.
fn schema_fields(model: &Model) -> TokenStream {
    let private = quote!(__tenant_core_private);
    let constraints = unique_lists(model);
    let organizations = if model.organizations.is_some() || model.on_delete_cascade {
        let crate::ast::Organizations {
            schema,
            table,
            column,
        } = model
            .organizations
            .clone()
            .unwrap_or_else(|| crate::ast::Organizations {
                schema: None,
                table: "organizations".to_owned(),
                column: "id".to_owned(),
            });
        let schema = match schema {
            Some(schema) => quote!(#private::Option::Some(#schema)),
            None => quote!(#private::Option::None),
        };
        let cascade = model.on_delete_cascade;
        quote! {
            #private::Organizations {
                schema: #schema,
                table: #table,
                column: #column,
                on_delete_cascade: #cascade,
            }
        }
    } else {
        quote!(#private::Organizations::DEFAULT)
    };
    quote! {
        unique: &[#(#constraints),*],
        organizations: #organizations,
    }
}

/// `__references`, when a field references another table.
fn references_fn(model: &Model) -> TokenStream {
    let private = quote!(__tenant_core_private);
    if model.references.is_empty() {
        return TokenStream::new();
    }
    let references = model.references.iter().map(|reference| {
        let target = &reference.target;
        let column = &model.columns[reference.column];
        let name = &column.name;
        let ty = &column.ty;
        // Spanned at the struct named by `references`: a target that is neither tenant-scoped
        // nor global, has another key type, or another tenant key type is reported there.
        quote_spanned! {target.span()=>
            __tenant_core_private::reference::<#target, #ty, Self::Key>(#name)
        }
    });
    quote! {
        fn __references() -> #private::Vec<#private::Reference> {
            ::std::vec![#(#references),*]
        }
    }
}

/// `References<Target>` for each struct that exactly one field references, so that a select
/// can join along it; `SelfReferences` when exactly one field references the struct itself
/// (`Self` or its name): a join to itself needs an alias.
fn references_impls<'a>(
    model: &'a Model,
    where_clause: Option<&'a WhereClause>,
) -> impl Iterator<Item = TokenStream> + 'a {
    let ident = &model.ident;
    let is_self = move |target: &str| ident == target || target == "Self";
    let targets: Vec<String> = model
        .references
        .iter()
        .map(|reference| reference.target.to_token_stream().to_string())
        .collect();
    let self_references = targets.iter().filter(|target| is_self(target)).count();
    let (impl_generics, ty_generics, _) = model.generics.split_for_impl();
    model
        .references
        .iter()
        .zip(targets.clone())
        .filter_map(move |(reference, target)| {
            let name = &model.columns[reference.column].name;
            if is_self(&target) {
                return (self_references == 1).then(|| {
                    quote! {
                        #[automatically_derived]
                        impl #impl_generics __tenant_core_private::SelfReferences for #ident #ty_generics #where_clause {
                            const COLUMN: &'static str = #name;
                        }
                    }
                });
            }
            if targets.iter().filter(|other| **other == target).count() != 1 {
                return None;
            }
            let target = &reference.target;
            Some(quote! {
                #[automatically_derived]
                impl #impl_generics __tenant_core_private::References<#target> for #ident #ty_generics #where_clause {
                    const COLUMN: &'static str = #name;
                }
            })
        })
}

/// A field's value as an expression, spanned at the field's type so that a type without a
/// sea-query value is reported there.
fn value(column: &Column) -> TokenStream {
    let member = &column.member;
    let ty = &column.ty;
    let value = quote_spanned! {ty.span()=>
        <#ty as __tenant_core_private::ColumnValue>::column_value(&self.#member)
    };
    quote!(__tenant_core_private::sea_query::Expr::Value(#value))
}

/// The struct's where clause, plus bounds for the columns whose types use its type parameters
/// (other types are checked where the generated code uses them).
fn where_clause(model: &Model) -> Option<WhereClause> {
    bounded_where_clause(&model.generics, &model.columns, Some(model.tenant))
}

/// `generics`' where clause, plus a bound for each column whose type uses a type parameter:
/// `TenantKey` for the tenant column (`tenant`, if any), `ColumnValue + SqlType` for the others.
fn bounded_where_clause(
    generics: &syn::Generics,
    columns: &[Column],
    tenant: Option<usize>,
) -> Option<WhereClause> {
    let mut generics = generics.clone();
    let params: Vec<Ident> = generics
        .type_params()
        .map(|param| param.ident.clone())
        .collect();
    if params.is_empty() {
        return generics.where_clause;
    }
    let bounds = columns
        .iter()
        .enumerate()
        .filter(|(_, column)| mentions(column.ty.to_token_stream(), &params))
        .map(|(index, column)| -> syn::WherePredicate {
            let ty = &column.ty;
            if Some(index) == tenant {
                syn::parse_quote!(#ty: __tenant_core_private::TenantKey)
            } else {
                syn::parse_quote!(#ty: __tenant_core_private::ColumnValue + __tenant_core_private::SqlType)
            }
        })
        .collect::<Vec<_>>();
    generics.make_where_clause().predicates.extend(bounds);
    generics.where_clause
}

fn mentions(tokens: TokenStream, params: &[Ident]) -> bool {
    tokens.into_iter().any(|token| match token {
        TokenTree::Ident(ident) => params.contains(&ident),
        TokenTree::Group(group) => mentions(group.stream(), params),
        _ => false,
    })
}

/// Beside the errors of a struct the derive refused: an impl of the derive's trait whose items
/// are placeholders, so that the struct's uses (`Project::select(&scope)`, `for_org::<Project>`)
/// compile and the user sees each mistake once, not once more per use (thiserror's habit). The
/// crate does not compile, so none of it ever runs.
pub fn fallback(input: &syn::DeriveInput, kind: crate::ast::Kind) -> TokenStream {
    use darling::FromDeriveInput;
    let krate: syn::Path = crate::attr::ContainerAttrs::from_derive_input(input)
        .ok()
        .and_then(|attrs| attrs.krate.first().map(|krate| krate.value.clone()))
        .filter(|path| {
            path.leading_colon.is_some()
                || path
                    .segments
                    .first()
                    .is_some_and(|first| first.ident == "crate")
        })
        .unwrap_or_else(|| syn::parse_quote!(::tenant_core));
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let private = quote!(__tenant_core_private);
    let sea_query = quote!(#private::sea_query);
    let items = match kind {
        crate::ast::Kind::Tenant => quote! {
            impl #impl_generics #private::TenantScoped for #ident #ty_generics #where_clause {
                type Key = #private::Uuid;
                type Column = #private::StaticIden;
                type PrimaryKey = ();
                type __KeyValues = [#sea_query::Value; 0];
                const __TABLE: #private::TableInfo = #private::TableInfo::FALLBACK;
                const COLUMNS: &'static [&'static str] = &[];

                fn tenant_key(&self) -> &Self::Key {
                    ::core::unreachable!()
                }

                fn primary_key(&self) -> Self::PrimaryKey {}

                fn __key_values(_: Self::PrimaryKey) -> Self::__KeyValues {
                    []
                }

                fn __values(&self, _: #sea_query::Expr) -> #private::Vec<#sea_query::Expr> {
                    #private::Vec::new()
                }
            }
        },
        crate::ast::Kind::Global => quote! {
            impl #impl_generics #private::GlobalTable for #ident #ty_generics #where_clause {
                type Column = #private::StaticIden;
                type PrimaryKey = ();
                type __KeyValues = [#sea_query::Value; 0];
                const __TABLE: #private::TableInfo = #private::TableInfo::FALLBACK;
                const COLUMNS: &'static [&'static str] = &[];

                fn primary_key(&self) -> Self::PrimaryKey {}

                fn __key_values(_: Self::PrimaryKey) -> Self::__KeyValues {
                    []
                }

                fn __values(&self) -> #private::Vec<#sea_query::Expr> {
                    #private::Vec::new()
                }
            }
        },
    };
    quote! {
        const _: () = {
            use #krate::__private as __tenant_core_private;
            #[automatically_derived]
            #items
        };
    }
}
