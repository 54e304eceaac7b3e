//! The statement as pieces (text as written, each table by its type, the scope, each parameter)
//! and what the compiler must prove, as constants that fail to compile with the message to act
//! on.

use proc_macro2::TokenStream;
use quote::quote;

use super::input::{Input, Placeholder, Text};
use super::verify::Checks;

pub fn expand(input: &Input, text: &Text, checks: &Checks) -> TokenStream {
    let private = quote!(__tenant_core_private);
    let types = &text.types;
    let type_name = |ty: usize| {
        quote::ToTokens::to_token_stream(&types[ty])
            .to_string()
            .replace(' ', "")
    };
    let mut asserts = Vec::new();
    let mut owner: Option<usize> = None;
    for relation in &checks.relations {
        let ty = &types[relation.ty];
        let name = type_name(relation.ty);
        let alias = &relation.alias;
        match &relation.confined {
            Some(column) => {
                owner.get_or_insert(relation.ty);
                let message = format!(
                    "`{alias}` (`{{{name}}}`) is compared with the scope by `{alias}.{column}`, which is not the tenant column of `{name}`: compare its tenant column{}",
                    relation.excerpt
                );
                asserts.push(quote!(#private::sql::tenant_column::<#ty>(#column, #message);));
            }
            None => {
                let message = format!(
                    "`{alias}` (`{{{name}}}`) is tenant-scoped and not confined to the scope: {}{}",
                    relation.hint, relation.excerpt
                );
                asserts.push(quote!(#private::sql::global::<#ty>(#message);));
            }
        }
    }
    for (ty, column, excerpt) in &checks.columns {
        let name = type_name(*ty);
        let path = &types[*ty];
        let message = format!("`{name}` has no column `{column}`{excerpt}");
        asserts.push(quote!(#private::sql::column::<#path>(#column, #message);));
    }
    for (ty, column, excerpt) in &checks.assigned {
        let name = type_name(*ty);
        let path = &types[*ty];
        let message = format!(
            "`{column}` is the tenant column of `{name}` (or not one of its columns): a write never sets it, so a row never moves to another organization{excerpt}"
        );
        asserts.push(quote!(#private::sql::assignable::<#path>(#column, #message);));
    }
    for (ty, column, excerpt) in &checks.tenant_columns {
        let name = type_name(*ty);
        let path = &types[*ty];
        let message = format!(
            "`{column}` is not the tenant column of `{name}`: an INSERT binds the tenant column to `{{scope}}`, and an upsert's conflict target starts with it{excerpt}"
        );
        asserts.push(quote!(#private::sql::tenant_column::<#path>(#column, #message);));
    }
    let Some(owner) = owner.or_else(|| checks.tenant_columns.first().map(|(ty, ..)| *ty)) else {
        return syn::Error::new(
            input.literal.span(),
            "no relation of this statement is confined to `{scope}`: a statement over global tables only is written with their builders (`Plan::select()`), and a tenant table is confined by `x.<tenant column> = {scope}`",
        )
        .to_compile_error();
    };
    let owner_ty = &types[owner];
    // Every confined type belongs to the same kind of tenant as the statement's scope.
    let same_owner = checks
        .relations
        .iter()
        .filter(|relation| relation.confined.is_some())
        .map(|relation| relation.ty)
        .chain(checks.tenant_columns.iter().map(|(ty, ..)| *ty))
        .map(|ty| {
            let ty = &types[ty];
            quote!(#private::sql::same_owner::<#owner_ty, #ty>();)
        });

    let mut pieces = Vec::new();
    let mut cursor = 0;
    for (placeholder, range, _) in &text.placeholders {
        if range.start > cursor {
            let literal = &text.original[cursor..range.start];
            pieces.push(quote!(#private::sql::Piece::Text(#literal)));
        }
        pieces.push(match placeholder {
            Placeholder::Type(ty) => {
                let ty = &types[*ty];
                quote!(#private::sql::Piece::Table(<#ty as #private::AnyTable>::TABLE))
            }
            Placeholder::Scope => quote!(#private::sql::Piece::Scope),
            Placeholder::Param(index) => quote!(#private::sql::Piece::Param(#index)),
        });
        cursor = range.end;
    }
    if cursor < text.original.len() {
        let literal = &text.original[cursor..];
        pieces.push(quote!(#private::sql::Piece::Text(#literal)));
    }
    let values = input
        .params
        .iter()
        .map(|(_, value)| quote!(#private::sql::value(#value)));
    let dialect = syn::Ident::new(input.dialect.name(), proc_macro2::Span::call_site());
    quote! {
        {
            use ::tenant_core::__private as #private;
            const _: () = {
                #(#asserts)*
            };
            const __TENANT_PIECES: &[#private::sql::Piece] = &[#(#pieces),*];
            #(#same_owner)*
            #private::sql::Sql::<#private::sql::#dialect, <#owner_ty as #private::AnyTable>::Owner>::__new(
                __TENANT_PIECES,
                ::std::vec![#(#values),*],
            )
        }
    }
}
