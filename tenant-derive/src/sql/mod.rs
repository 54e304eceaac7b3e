//! `tenant_sql!`: raw SQL whose tables are named by their Rust types, refused at compile time
//! unless every tenant relation of every query scope is confined to the scope.
//!
//! The pipeline is the derive's: [`input`] reads the macro's arguments and the text (types,
//! `{scope}` and parameters in braces, replaced by identifiers the parser takes in every
//! dialect) → [`verify`] parses the text with sqlparser in the named dialect and checks the
//! rule, collecting what only the compiler can check (which type is tenant-scoped, which column
//! is its tenant column) → [`expand`] writes the statement's pieces and those checks as
//! constants that fail to compile with the message the user acts on.

mod expand;
mod input;
mod verify;

use proc_macro2::TokenStream;

/// `tenant_sql!(dialect, "...", name = value, ...)`.
pub fn tenant_sql(tokens: TokenStream) -> TokenStream {
    let input = match syn::parse2::<input::Input>(tokens) {
        Ok(input) => input,
        Err(error) => return error.to_compile_error(),
    };
    let text = match input::Text::read(&input) {
        Ok(text) => text,
        Err(error) => return error.to_compile_error(),
    };
    match verify::verify(&input, &text) {
        Ok(checks) => expand::expand(&input, &text, &checks),
        Err(refusal) => refusal.to_compile_error(&input, &text),
    }
}
