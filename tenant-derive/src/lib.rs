//! `#[derive(TenantScoped)]`, re-exported by `tenant-core`; depend on `tenant-core`, not on this
//! crate. The attribute reference is in `tenant-core`'s documentation.
//!
//! The work is a pipeline on `proc_macro2` tokens, as in thiserror: `ast` reads the struct and
//! its attributes (`attr`, darling), `valid` checks them against the rules and builds the model,
//! `expand` writes the code.

mod ast;
mod attr;
mod expand;
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

/// Every input yields code or `compile_error!`s with spans; nothing here panics.
fn derive(input: proc_macro2::TokenStream) -> proc_macro2::TokenStream {
    syn::parse2::<syn::DeriveInput>(input)
        .map_err(darling::Error::from)
        .and_then(|input| {
            let input = ast::Input::from_syn(&input, ast::Kind::Tenant)?;
            let model = valid::check(&input)?;
            Ok(expand::expand(&model))
        })
        .unwrap_or_else(darling::Error::write_errors)
}

/// As [`derive`], for `GlobalTable`.
fn derive_global(input: proc_macro2::TokenStream) -> proc_macro2::TokenStream {
    syn::parse2::<syn::DeriveInput>(input)
        .map_err(darling::Error::from)
        .and_then(|input| {
            let input = ast::Input::from_syn(&input, ast::Kind::Global)?;
            let model = valid::check_global(&input)?;
            Ok(expand::expand_global(&model))
        })
        .unwrap_or_else(darling::Error::write_errors)
}

#[cfg(test)]
mod tests;
