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

#[cfg(test)]
mod tests {
    /// The macro's own time per statement (parse, verify, expand), as a proc-macro runs it:
    /// `cargo test -p tenant-derive --features sql --lib macro_time -- --ignored --nocapture`.
    #[test]
    #[ignore = "a measurement: prints the macro's time per statement"]
    fn macro_time() {
        let statements: Vec<proc_macro2::TokenStream> = [
            r#"postgres, "SELECT p.name FROM {Project} AS p WHERE p.organization_id = {scope} AND p.name <> {n}", n = "x""#,
            r#"postgres, "SELECT p.name, t.title FROM {Project} AS p JOIN {Task} AS t ON t.organization_id = p.organization_id AND t.project_id = p.id WHERE p.organization_id = {scope}""#,
            r#"mysql, "UPDATE {Project} SET name = {n} WHERE organization_id = {scope} AND name = 'a'", n = "x""#,
            r#"sqlite, "SELECT p.name FROM {Project} AS p WHERE p.organization_id = {scope} AND p.id IN (SELECT t.project_id FROM {Task} AS t WHERE t.organization_id = {scope})""#,
        ]
        .iter()
        .map(|text| text.parse().expect("tokens"))
        .collect();
        let rounds = 250;
        let start = std::time::Instant::now();
        for _ in 0..rounds {
            for statement in &statements {
                let expanded = super::tenant_sql(statement.clone());
                assert!(!expanded.to_string().contains("compile_error"));
            }
        }
        let per_statement = start.elapsed() / (rounds * statements.len() as u32);
        println!("tenant_sql! macro time per statement: {per_statement:?}");
    }
}
