//! `#[derive(TenantScoped)]`, re-exported by `tenant-core`; depend on `tenant-core`, not on this
//! crate. The attribute reference is in `tenant-core`'s documentation.
//!
//! The work is a pipeline on `proc_macro2` tokens: `input` reads the attributes (darling),
//! `validate` checks them across fields and builds the model, `expand` writes the code.

mod expand;
mod input;
mod validate;

use proc_macro::TokenStream;

/// Makes a struct a tenant-owned table: see `tenant_core::TenantScoped`.
#[proc_macro_derive(TenantScoped, attributes(tenant))]
pub fn derive_tenant_scoped(input: TokenStream) -> TokenStream {
    derive(input.into()).into()
}

/// Every input yields code or `compile_error!`s with spans; nothing here panics.
fn derive(input: proc_macro2::TokenStream) -> proc_macro2::TokenStream {
    syn::parse2::<syn::DeriveInput>(input)
        .map_err(darling::Error::from)
        .and_then(|input| validate::Model::from_input(&input).map(|model| expand::expand(&model)))
        .unwrap_or_else(darling::Error::write_errors)
}

#[cfg(test)]
mod tests;
