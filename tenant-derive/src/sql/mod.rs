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

    /// The macro never panics, whatever the text: 20,000 texts made from valid statements by
    /// inserting, removing and cutting quotes, braces, comments, operators and non-ASCII text
    /// each give an expansion or a `compile_error!` (a statement naming no type panicked).
    #[test]
    fn mangled_texts_never_panic() {
        let statements = [
            "SELECT p.name FROM {Project} AS p WHERE p.organization_id = {scope} AND p.name <> {n}",
            "INSERT INTO {Project} (id, organization_id, name) VALUES ({n}, {scope}, 'é') ON CONFLICT (organization_id, id) DO UPDATE SET name = excluded.name RETURNING id",
            "UPDATE {Task} AS t SET title = p.name FROM {Project} AS p WHERE t.organization_id = {scope} AND p.organization_id = t.organization_id -- c\n AND p.id = {n}",
            "WITH x AS (SELECT t.id FROM {Task} AS t WHERE t.organization_id = {scope}) SELECT * FROM x LEFT JOIN {Project} AS p ON p.organization_id = {scope} WHERE p.name = {n}",
            "DELETE FROM {Task} AS t USING {Project} AS p WHERE t.organization_id = {scope} AND p.organization_id = {scope} AND p.id = t.project_id RETURNING t.id",
            "SELECT DISTINCT ON (p.id) p.name, (SELECT count(*) FROM {Task} AS t WHERE t.organization_id = {scope}) FROM {Project} AS p RIGHT JOIN {Plan} AS pl ON pl.code = p.plan WHERE p.organization_id = {scope} UNION SELECT 'x', 1 ORDER BY 1 LIMIT {n}",
            "INSERT INTO {Task} (id, organization_id, title) SELECT p.id, {scope}, p.name FROM {Project} AS p WHERE p.organization_id = {scope} ON DUPLICATE KEY UPDATE title = VALUES(title)",
        ];
        let pieces = [
            "'",
            "\"",
            "`",
            "{",
            "}",
            "--",
            "\n",
            "(",
            ")",
            " OR ",
            " AND ",
            ",",
            ";",
            "é",
            "ß",
            "{scope}",
            "{Project}",
            "{n}",
            "*",
            ".",
            "$",
            "?",
            " ",
            "x",
            "/*",
            "#",
            "[",
            "\\",
        ];
        // xorshift: the same texts every run.
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as usize
        };
        for round in 0..20_000 {
            let mut text: Vec<char> = statements[round % statements.len()].chars().collect();
            for _ in 0..1 + next() % 3 {
                let at = next() % (text.len() + 1);
                match next() % 3 {
                    0 => {
                        let piece = pieces[next() % pieces.len()];
                        for (offset, character) in piece.chars().enumerate() {
                            text.insert(at + offset, character);
                        }
                    }
                    1 if at < text.len() => {
                        text.remove(at);
                    }
                    _ => {
                        let end = (at + next() % 8).min(text.len());
                        text.drain(at..end);
                    }
                }
            }
            let text: String = text.into_iter().collect();
            let dialect = ["postgres", "mysql", "sqlite"][next() % 3];
            let tokens: proc_macro2::TokenStream = format!("{dialect}, {text:?}, n = 1")
                .parse()
                .expect("a string literal");
            let expanded = std::panic::catch_unwind(|| super::tenant_sql(tokens).to_string());
            assert!(
                expanded.is_ok(),
                "the macro panicked on {dialect}, {text:?}"
            );
        }
    }
}
