//! The statement as pieces (text as written, each table by its type, the scope, each parameter)
//! and what the compiler must prove, as constants that fail to compile with the message to act
//! on.

use proc_macro2::TokenStream;
use quote::quote;

use super::input::{Input, Placeholder, Text};
use super::verify::{Candidate, Checks};

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
    let candidates = |candidates: &[Candidate]| {
        let candidates = candidates.iter().map(|(column, partner)| {
            let partner = match partner {
                None => quote!(::core::option::Option::None),
                Some((partner, _, partner_column)) => {
                    quote!(::core::option::Option::Some((#partner, #partner_column)))
                }
            };
            quote!(#private::sql::Candidate { column: #column, partner: #partner })
        });
        quote!(&[#(#candidates),*])
    };
    let relations = checks.relations.iter().map(|relation| {
        let ty = &types[relation.ty];
        let (confining, misplaced) = (
            candidates(&relation.candidates),
            candidates(&relation.misplaced),
        );
        quote! {
            #private::sql::Relation {
                table: <#ty as #private::AnyTable>::TABLE,
                candidates: #confining,
                misplaced: #misplaced,
            }
        }
    });
    asserts.push(quote! {
        const RELATIONS: &[#private::sql::Relation] = &[#(#relations),*];
        const CONFINED: u128 = #private::sql::confined(RELATIONS);
    });
    for (index, relation) in checks.relations.iter().enumerate() {
        let name = type_name(relation.ty);
        let alias = &relation.alias;
        if owner.is_none()
            && relation
                .candidates
                .iter()
                .any(|(_, partner)| partner.is_none())
        {
            owner = Some(relation.ty);
        }
        let written: Vec<String> = relation
            .candidates
            .iter()
            .map(|(column, partner)| match partner {
                None => format!("`{alias}.{column} = {{scope}}`"),
                Some((_, partner, partner_column)) => {
                    format!("`{alias}.{column} = {partner}.{partner_column}`")
                }
            })
            .collect();
        let message = if written.is_empty() {
            format!(
                "`{alias}` (`{{{name}}}`) is tenant-scoped and not confined to the scope: {}{}",
                relation.hint, relation.excerpt
            )
        } else {
            format!(
                "`{alias}` (`{{{name}}}`) is tenant-scoped and not confined to the scope: no equality that names it ({}) compares its tenant column with `{{scope}}` or with the tenant column of a relation confined to it; {}{}",
                written.join(", "),
                relation.hint,
                relation.excerpt
            )
        };
        let misplaced = format!(
            "`{alias}` (`{{{name}}}`) is confined in WHERE, which makes its LEFT JOIN an inner one: move `{alias}.<tenant column> = {{scope}}` into its ON{}",
            relation.excerpt
        );
        asserts.push(
            quote!(#private::sql::confined_or_global(RELATIONS, CONFINED, #index, #message, #misplaced);),
        );
    }
    // Each column check: its list, the runtime's const fn, and its message (the type's name
    // and the column filled in).
    let column_checks = [
        (
            &checks.columns,
            "column",
            "`{name}` has no column `{column}`",
        ),
        (
            &checks.assigned,
            "assignable",
            "`{column}` is the tenant column of `{name}` (or not one of its columns): a write never sets it, so a row never moves to another organization; remove it from the assignments (an INSERT binds it to `{scope}`, once)",
        ),
        (
            &checks.tenant_columns,
            "tenant_column",
            "`{column}` is not the tenant column of `{name}`: an INSERT binds the tenant column to `{scope}`, and an upsert's conflict target starts with it",
        ),
    ];
    for (list, check, template) in column_checks {
        let check = syn::Ident::new(check, proc_macro2::Span::call_site());
        for (ty, column, excerpt) in list {
            let path = &types[*ty];
            let message = template
                .replace("{name}", &type_name(*ty))
                .replace("{column}", column)
                + excerpt;
            asserts.push(quote!(#private::sql::#check::<#path>(#column, #message);));
        }
    }
    let owner = match owner.or_else(|| checks.tenant_columns.first().map(|(ty, ..)| *ty)) {
        Some(owner) => owner,
        None => {
            // Reported beside the relations' own findings (a conjunct under OR, say), which
            // say what to write.
            let message = "nothing in this statement is compared with `{scope}` at the top level: a tenant table is confined by `x.<tenant column> = {scope}` (not under OR or NOT), and a statement over global tables only is written with their builders (`Plan::select()`)";
            asserts.push(quote!(::core::panic!("{}", #message);));
            0
        }
    };
    let owner_ty = &types[owner];
    // Every table of the statement is global or of the scope's kind of tenant: a tenant
    // equality between tables of two kinds of tenant compares ids of different organizations
    // tables, which the constants (names only) could not tell from a real one.
    let same_owner = (0..types.len()).map(|ty| {
        let ty = &types[ty];
        quote!(#private::sql::same_kind::<#owner_ty, #ty>();)
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
