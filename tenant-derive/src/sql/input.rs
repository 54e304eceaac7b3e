//! The macro's arguments, and its text with the placeholders in braces found and replaced.

use proc_macro2::Span;
use syn::parse::{Parse, ParseStream};
use syn::{Expr, Ident, LitStr, Path, Token};

/// The dialect the text is written in, parsed in, and run on.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Postgres,
    Mysql,
    Sqlite,
}

impl Dialect {
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Postgres => "Postgres",
            Dialect::Mysql => "Mysql",
            Dialect::Sqlite => "Sqlite",
        }
    }
}

/// `tenant_sql!(postgres, "...", name = value, ...)`.
pub struct Input {
    pub dialect: Dialect,
    pub literal: LitStr,
    /// `name = value`, in order.
    pub params: Vec<(Ident, Expr)>,
}

impl Parse for Input {
    fn parse(input: ParseStream<'_>) -> syn::Result<Input> {
        let example = "write `tenant_sql!(postgres, \"SELECT p.name FROM {Project} AS p WHERE p.organization_id = {scope}\")`";
        let dialect: Ident = input.parse().map_err(|error| {
            syn::Error::new(
                error.span(),
                format!("`tenant_sql!` starts with its dialect, `postgres`, `mysql` or `sqlite`: {example}"),
            )
        })?;
        let dialect = match dialect.to_string().as_str() {
            "postgres" => Dialect::Postgres,
            "mysql" => Dialect::Mysql,
            "sqlite" => Dialect::Sqlite,
            other => {
                return Err(syn::Error::new(
                    dialect.span(),
                    format!(
                        "`{other}` is not a dialect: write `postgres`, `mysql` (MySQL and MariaDB) or `sqlite`; the text is parsed and verified as that database reads it"
                    ),
                ));
            }
        };
        input.parse::<Token![,]>()?;
        let literal: LitStr = input.parse().map_err(|error| {
            syn::Error::new(
                error.span(),
                format!("`tenant_sql!` takes its SQL as one string literal: {example}"),
            )
        })?;
        let mut params = Vec::new();
        while !input.is_empty() {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            let name: Ident = input.parse()?;
            input.parse::<Token![=]>().map_err(|error| {
                syn::Error::new(
                    error.span(),
                    format!("a parameter is `name = value`, used in the text as `{{{name}}}`"),
                )
            })?;
            let value: Expr = input.parse()?;
            params.push((name, value));
        }
        Ok(Input {
            dialect,
            literal,
            params,
        })
    }
}

/// A `{...}` of the text.
#[derive(Clone)]
pub enum Placeholder {
    /// `{Project}`: a table, by its type; the index into [`Text::types`].
    Type(usize),
    /// `{scope}`: the organization the statement is confined to.
    Scope,
    /// `{name}`: a parameter; the index into [`Input::params`].
    Param(usize),
}

/// The text, as written and as parsed.
pub struct Text {
    /// As written.
    pub original: String,
    /// With every placeholder replaced by an identifier: `__tenant_t<i>` for a type,
    /// `__tenant_scope`, `__tenant_p<i>` for a parameter.
    pub parsed: String,
    /// Each placeholder, with its byte ranges in `original` and in `parsed`.
    pub placeholders: Vec<(Placeholder, std::ops::Range<usize>, std::ops::Range<usize>)>,
    /// The types named, each once.
    pub types: Vec<Path>,
}

/// The identifier a type placeholder becomes.
pub fn type_ident(index: usize) -> String {
    format!("__tenant_t{index}")
}
pub const SCOPE_IDENT: &str = "__tenant_scope";
pub fn param_ident(index: usize) -> String {
    format!("__tenant_p{index}")
}

impl Text {
    /// Finds the placeholders outside quotes; refuses what reads differently to the parser and
    /// to a server (comments, backslashes and dollar quotes) and placeholders the text writes
    /// itself (`$1`, `?`).
    pub fn read(input: &Input) -> syn::Result<Text> {
        let original = input.literal.value();
        let error = |message: String| Err(syn::Error::new(input.literal.span(), message));
        if let Some(at) = original.to_ascii_lowercase().find("__tenant_") {
            // The names the placeholders become: written by hand, a CTE or table so named
            // would be taken for a type.
            return error(format!(
                "`__tenant_…` (at byte {at}) is refused: the macro names its placeholders so; rename it"
            ));
        }
        if let Some((at, character)) = original
            .char_indices()
            .find(|(_, character)| character.is_control() && !matches!(character, '\n' | '\t'))
        {
            return error(format!(
                "the control character {character:?} (at byte {at}) is refused: a carriage return ends a `--` comment for PostgreSQL and not for MySQL, so the check and a server could read different statements; write lines with `\\n`, and pass such a value as a parameter, `{{name}}`"
            ));
        }
        let bytes = original.as_bytes();
        let mut parsed = String::new();
        let mut placeholders = Vec::new();
        let mut types: Vec<Path> = Vec::new();
        let mut quote: Option<u8> = None;
        let mut index = 0;
        while index < bytes.len() {
            let byte = bytes[index];
            if let Some(open) = quote {
                if byte == b'\\' {
                    return error(format!(
                        "a backslash in a quoted string or name (at byte {index}) is refused: MySQL without `NO_BACKSLASH_ESCAPES` and PostgreSQL without `standard_conforming_strings` read it as an escape, which would end the string where the check does not; pass such a value as a parameter, `{{name}}`"
                    ));
                }
                if byte == open {
                    quote = None;
                }
            } else {
                let next = bytes.get(index + 1).copied();
                match byte {
                    b'\'' | b'"' | b'`' => quote = Some(byte),
                    b'-' if next == Some(b'-') => {
                        // A line comment, to the end of the line, quotes and braces in it as text.
                        if !matches!(bytes.get(index + 2), None | Some(b' ' | b'\t' | b'\n')) {
                            return error(format!(
                                "`--` (at byte {index}) is followed by neither a space nor the end of the line: MySQL reads it as two minus signs and PostgreSQL and SQLite as a comment; write `-- comment`, or `- -x` for a double negation"
                            ));
                        }
                        let end = original[index..]
                            .find('\n')
                            .map_or(original.len(), |at| index + at);
                        parsed.push_str(&original[index..end]);
                        index = end;
                        continue;
                    }
                    b'[' if input.dialect == Dialect::Sqlite => {
                        return error(format!(
                            "`[` (at byte {index}) is refused: SQLite reads `[name]` as a quoted name, in which a quote does not open a string; quote names with `\"name\"`"
                        ));
                    }
                    b'/' if next == Some(b'*') => {
                        return error(format!(
                            "a `/* */` comment (at byte {index}) is refused: PostgreSQL nests them and MySQL runs `/*! */` ones, so the check and the server could read different statements; use `--` comments"
                        ));
                    }
                    b'#' => {
                        return error(format!(
                            "`#` (at byte {index}) is refused: MySQL reads it as a comment to the end of the line; use `--` comments"
                        ));
                    }
                    b'$' => {
                        return error(format!(
                            "`$` (at byte {index}) is refused: a dollar-quoted string or a `$1` placeholder; pass values as parameters, `{{name}}`, which the macro writes as each dialect's placeholder"
                        ));
                    }
                    b'?' => {
                        return error(format!(
                            "`?` (at byte {index}) is refused: pass values as parameters, `{{name}}`, which the macro writes as each dialect's placeholder"
                        ));
                    }
                    b'\\' => {
                        return error(format!(
                            "a backslash (at byte {index}) is refused: the check and a server could read it differently"
                        ));
                    }
                    b'{' => {
                        let Some(length) = original[index..].find('}') else {
                            return error(format!(
                                "an unclosed `{{` at byte {index}: a table is `{{Type}}`, the scope `{{scope}}`, a parameter `{{name}}`"
                            ));
                        };
                        let inner = original[index + 1..index + length].trim();
                        let placeholder = if inner == "scope" {
                            Placeholder::Scope
                        } else if let Some(position) =
                            input.params.iter().position(|(name, _)| name == inner)
                        {
                            Placeholder::Param(position)
                        } else {
                            let Ok(path) = syn::parse_str::<Path>(inner) else {
                                return error(format!(
                                    "`{{{inner}}}` names no type, parameter or scope: a table is `{{Type}}` (a struct that derives `TenantScoped` or `GlobalTable`), the scope `{{scope}}`, a parameter `{{name}}` given as `name = value` after the text"
                                ));
                            };
                            let position = types.iter().position(|known| known == &path);
                            Placeholder::Type(position.unwrap_or_else(|| {
                                types.push(path);
                                types.len() - 1
                            }))
                        };
                        let ident = match &placeholder {
                            Placeholder::Type(position) => type_ident(*position),
                            Placeholder::Scope => SCOPE_IDENT.to_owned(),
                            Placeholder::Param(position) => param_ident(*position),
                        };
                        let start = parsed.len();
                        parsed.push_str(&ident);
                        placeholders.push((
                            placeholder,
                            index..index + length + 1,
                            start..parsed.len(),
                        ));
                        index += length + 1;
                        continue;
                    }
                    b'}' => {
                        return error(format!(
                            "a `}}` at byte {index} closes nothing: a table is `{{Type}}`, the scope `{{scope}}`, a parameter `{{name}}`"
                        ));
                    }
                    _ => {}
                }
            }
            // Whole characters: the text is UTF-8, and `parsed` keeps the offsets of `original`
            // outside the placeholders.
            let character = original[index..].chars().next().unwrap_or(' ');
            parsed.push(character);
            index += character.len_utf8();
        }
        if quote.is_some() {
            return error("a quote is not closed".to_owned());
        }
        for (position, (name, _)) in input.params.iter().enumerate() {
            let used = placeholders.iter().any(
                |(placeholder, ..)| matches!(placeholder, Placeholder::Param(p) if *p == position),
            );
            if !used {
                return Err(syn::Error::new(
                    name.span(),
                    format!(
                        "the parameter `{name}` is not used: write `{{{name}}}` where the text takes it, or remove it"
                    ),
                ));
            }
        }
        Ok(Text {
            original,
            parsed,
            placeholders,
            types,
        })
    }

    /// The byte offset in `original` of a byte offset in `parsed`.
    pub fn original_offset(&self, parsed: usize) -> usize {
        let mut shift: isize = 0;
        for (_, original, in_parsed) in &self.placeholders {
            if in_parsed.start > parsed {
                break;
            }
            if in_parsed.contains(&parsed) {
                return original.start;
            }
            shift += original.len() as isize - in_parsed.len() as isize;
        }
        (parsed as isize + shift).max(0) as usize
    }

    /// The original text with a caret line under the byte range `start..end` of `parsed`: what
    /// an error shows of where it is.
    pub fn excerpt(&self, start: usize, end: usize) -> String {
        let start = self.original_offset(start);
        let end = self.original_offset(end).max(start + 1);
        let line_start = self.original[..start].rfind('\n').map_or(0, |at| at + 1);
        let line_end = self.original[start..]
            .find('\n')
            .map_or(self.original.len(), |at| start + at);
        let line = &self.original[line_start..line_end];
        let indent = self.original[line_start..start].chars().count();
        let width = self.original[start..end.min(line_end).max(start)]
            .chars()
            .count()
            .max(1);
        format!(
            "\n    {line}\n    {}{}",
            " ".repeat(indent),
            "^".repeat(width)
        )
    }

    /// The span of the macro's string: where every error about the text is reported.
    pub fn span(input: &Input) -> Span {
        input.literal.span()
    }
}
