//! `#[derive(TenantScoped)]`, re-exported by `tenant-core`; depend on `tenant-core`, not on this
//! crate. The attribute reference is in `tenant-core`'s documentation.
//!
//! The work is a pipeline on `proc_macro2` tokens, as in thiserror: `ast` reads the struct and
//! its attributes (`attr`, darling), `valid` checks them against the rules and builds the model,
//! `expand` writes the code.

mod ast;
mod attr;
mod expand;
#[cfg(feature = "sql")]
mod sql;
mod valid;

use proc_macro::TokenStream;

/// Makes a struct a tenant-owned table: see `tenant_core::TenantScoped`.
#[proc_macro_derive(TenantScoped, attributes(tenant))]
pub fn derive_tenant_scoped(input: TokenStream) -> TokenStream {
    derive(input.into()).into()
}

/// Makes a struct a table that belongs to no organization: see `tenant_core::GlobalTable`.
#[proc_macro_derive(GlobalTable, attributes(tenant))]
pub fn derive_global_table(input: TokenStream) -> TokenStream {
    derive_global(input.into()).into()
}

/// Raw SQL whose tables are types, refused unless every tenant relation is confined to the
/// scope: see `tenant_core::tenant_sql`.
#[cfg(feature = "sql")]
#[proc_macro]
pub fn tenant_sql(input: TokenStream) -> TokenStream {
    sql::tenant_sql(input.into()).into()
}

/// Every input yields code or `compile_error!`s with spans; nothing here panics.
fn derive(input: proc_macro2::TokenStream) -> proc_macro2::TokenStream {
    run(input, ast::Kind::Tenant)
}

/// As [`derive`], for `GlobalTable`.
fn derive_global(input: proc_macro2::TokenStream) -> proc_macro2::TokenStream {
    run(input, ast::Kind::Global)
}

/// Parse → validate → generate; on a mistake, its errors and the fallback impl (see
/// [`expand::fallback`]).
fn run(input: proc_macro2::TokenStream, kind: ast::Kind) -> proc_macro2::TokenStream {
    let input = match syn::parse2::<syn::DeriveInput>(input) {
        Ok(input) => input,
        Err(error) => return error.to_compile_error(),
    };
    let expanded = ast::Input::from_syn(&input, kind).and_then(|parsed| match kind {
        ast::Kind::Tenant => valid::check(&parsed).map(|model| expand::expand(&model)),
        ast::Kind::Global => {
            valid::check_global(&parsed).map(|model| expand::expand_global(&model))
        }
    });
    match expanded {
        Ok(tokens) => tokens,
        Err(errors) => {
            let mut tokens = errors.write_errors();
            tokens.extend(expand::fallback(&input, kind));
            tokens
        }
    }
}

#[cfg(test)]
mod tests;
