//! The rule, checked on sqlparser's tree of the text.
//!
//! In every query scope (each `SELECT` core, each set-operation arm, each CTE body, each derived
//! table, each sub-query of an expression), every relation named by a type is either confined —
//! a top-level conjunct `<alias>.<column> = {scope}`, or `<alias>.<column> = <other>.<column>`
//! with another confined relation of the same scope — or left to the compiler to prove global.
//! A joined partner is confined by its `ON` (an inner or left join), a relation of a comma list
//! or the statement's target by `WHERE`. The macro does not know which types are tenant-scoped or
//! what their tenant columns are: it records every equality that may confine each relation, for
//! [`super::expand`] to make the compiler decide which relations are confined (from `{scope}`
//! outwards, so that two relations equal to each other and to nothing else are not), that each
//! unconfined type is global, that every `alias.column` is a column of its type, and that no
//! write sets a tenant column.
//!
//! Every query and every relation of the tree is verified where it is: a sub-query is verified
//! in place by the walk that finds it, and a last walk refuses any query or relation the
//! verifier did not reach — a clause it does not know is refused, not passed through.

use std::collections::{HashMap, HashSet};
use std::ops::ControlFlow;

use sqlparser::ast::{
    Assignment, AssignmentTarget, BinaryOperator, ConflictTarget, Expr, FromTable, Ident, Insert,
    JoinConstraint, JoinOperator, ObjectName, ObjectNamePart, OnConflictAction, OnInsert, Query,
    Select, SelectItem, SetExpr, Spanned, Statement, TableFactor, TableObject, TableWithJoins,
    Visit, Visitor,
};
use sqlparser::dialect::{MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::parser::Parser;

use super::input::{Dialect, Input, SCOPE_IDENT, Text, type_ident};

/// Why the text is refused, and where (a byte range of the parsed text).
pub struct Refusal {
    message: String,
    at: Option<(usize, usize)>,
}

impl Refusal {
    fn new(message: impl Into<String>, at: Option<(usize, usize)>) -> Refusal {
        Refusal {
            message: message.into(),
            at,
        }
    }

    pub fn to_compile_error(&self, input: &Input, text: &Text) -> proc_macro2::TokenStream {
        let excerpt = self
            .at
            .map(|(start, end)| text.excerpt(start, end))
            .unwrap_or_default();
        syn::Error::new(Text::span(input), format!("{}{excerpt}", self.message)).to_compile_error()
    }
}

/// An equality that may confine a relation: its column, and `{scope}` (`None`) or another type
/// relation of the same scope (its index in [`Checks::relations`], alias and column).
pub type Candidate = (String, Option<(usize, String, String)>);

/// `alias.column` and where it is (line, column).
type ColumnUse = (String, String, Option<(u64, u64)>);

/// A relation named by a type, in one query scope.
pub struct Relation {
    /// The type's index in [`Text::types`].
    pub ty: usize,
    /// The alias the text gives it.
    pub alias: String,
    /// The equalities that may confine it: its column, and `{scope}` (`None`) or another type
    /// relation's column. The compiler checks that one of them is a tenant equality — its
    /// column its type's tenant column, and the other side the scope or the tenant column of a
    /// partner it proves confined — unless the type is global.
    pub candidates: Vec<Candidate>,
    /// A left-joined partner's equalities in `WHERE`: not its confinement (there they would
    /// make the join an inner one), only what the message says to move into its `ON`.
    pub misplaced: Vec<Candidate>,
    /// Where it is, for messages.
    pub excerpt: String,
    /// What to write to confine it.
    pub hint: String,
}

/// What the compiler must check: the macro's findings about types.
#[derive(Default)]
pub struct Checks {
    pub relations: Vec<Relation>,
    /// `alias.column` of a type: (type, column, excerpt).
    pub columns: Vec<(usize, String, String)>,
    /// A column a write assigns: not its type's tenant column.
    pub assigned: Vec<(usize, String, String)>,
    /// An upsert's first conflict column, or an insert's column bound to `{scope}`: its type's
    /// tenant column.
    pub tenant_columns: Vec<(usize, String, String)>,
}

pub fn verify(input: &Input, text: &Text) -> Result<Checks, Refusal> {
    let parsed = match input.dialect {
        Dialect::Postgres => Parser::parse_sql(&PostgreSqlDialect {}, &text.parsed),
        Dialect::Mysql => Parser::parse_sql(&MySqlDialect {}, &text.parsed),
        Dialect::Sqlite => Parser::parse_sql(&SQLiteDialect {}, &text.parsed),
    };
    let statements = parsed.map_err(|error| {
        Refusal::new(
            format!(
                "the text does not parse as {} SQL: {error}",
                input.dialect.name()
            ),
            None,
        )
    })?;
    let [statement] = statements.as_slice() else {
        return Err(Refusal::new(
            format!(
                "`tenant_sql!` takes one statement; this text has {}: write one `tenant_sql!` per statement",
                statements.len()
            ),
            None,
        ));
    };
    let mut verifier = Verifier {
        text,
        dialect: input.dialect,
        checks: Checks::default(),
        reached: HashSet::new(),
        names: HashMap::new(),
    };
    verifier.statement(statement)?;
    verifier.everything_reached(statement)?;
    if text.types.is_empty() {
        return Err(Refusal::new(
            "the statement names no table by its type: `tenant_sql!` is for statements over the tables of `{Type}`s (`FROM {Project} AS p`); one that reads no table needs no scope",
            None,
        ));
    }
    if verifier.checks.relations.len() > 128 {
        return Err(Refusal::new(
            "more than 128 tables in one statement: split it",
            None,
        ));
    }
    Ok(verifier.checks)
}

struct Verifier<'t> {
    text: &'t Text,
    dialect: Dialect,
    checks: Checks,
    /// The address of every query and relation of the tree the verifier checked.
    reached: HashSet<usize>,
    /// Every alias, CTE name and qualifier, lowercased, and as written.
    names: HashMap<String, String>,
}

/// A node's address in the tree: what [`Verifier::reached`] holds.
fn address<T>(node: &T) -> usize {
    node as *const T as usize
}

/// A relation of one query scope.
#[derive(Clone)]
enum Kind {
    /// Named by a type: its index.
    Type(usize),
    /// A CTE or a derived table: verified as a scope of its own.
    Verified,
}

#[derive(Clone)]
struct ScopeRelation {
    kind: Kind,
    alias: String,
    /// Where its confinement may come from.
    confined_by: ConfinedBy,
    at: Option<(usize, usize)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ConfinedBy {
    /// `WHERE`: a relation of the comma list, the target of a write, or a right, full or cross
    /// join's partner (such a join keeps rows its `ON` does not match).
    Where,
    /// Its own `ON`: an inner or left join.
    On(usize),
    /// A left join confined in `WHERE` would be an inner join: refused, with where to put it.
    OnOfLeftJoin(usize),
}

impl<'t> Verifier<'t> {
    fn at(&self, node: &impl Spanned) -> Option<(usize, usize)> {
        self.at_span(node.span())
    }

    fn at_span(&self, span: sqlparser::tokenizer::Span) -> Option<(usize, usize)> {
        if span.start.line == 0 {
            return None;
        }
        Some((
            self.location(span.start.line, span.start.column)?,
            self.location(span.end.line, span.end.column)
                .unwrap_or(self.text.parsed.len()),
        ))
    }

    fn refuse<T>(&self, message: impl Into<String>, node: &impl Spanned) -> Result<T, Refusal> {
        Err(Refusal::new(message, self.at(node)))
    }

    fn excerpt(&self, at: Option<(usize, usize)>) -> String {
        at.map(|(start, end)| self.text.excerpt(start, end))
            .unwrap_or_default()
    }

    fn type_name(&self, ty: usize) -> String {
        let path = &self.text.types[ty];
        quote::ToTokens::to_token_stream(path)
            .to_string()
            .replace(' ', "")
    }

    /// An alias, a CTE's name or a CTE named in `FROM`, or the qualifier of a column: unquoted,
    /// and spelt alike wherever the statement writes it; lowercased. The dialects disagree on
    /// case — PostgreSQL folds an unquoted name to lower case and keeps a quoted one as written,
    /// MySQL compares aliases and CTE names case-sensitively, SQLite never — so `P` and `p`, or
    /// `"P"` and `P`, could be one relation to the check and two to a server.
    fn name(&mut self, ident: &Ident) -> Result<String, Refusal> {
        if ident.quote_style.is_some() {
            return Err(Refusal::new(
                format!(
                    "`{ident}` is quoted: write aliases, CTE names and the qualifiers of columns unquoted (`p`, `p.name`), since PostgreSQL, MySQL and SQLite disagree on what a quoted one matches"
                ),
                self.at_span(ident.span),
            ));
        }
        let lower = ident.value.to_lowercase();
        match self.names.get(&lower) {
            Some(written) if *written != ident.value => Err(Refusal::new(
                format!(
                    "`{written}` and `{}` differ only in case: MySQL reads them as two names and PostgreSQL and SQLite as one, so the check could take one relation for another; write them alike",
                    ident.value
                ),
                self.at_span(ident.span),
            )),
            Some(_) => Ok(lower),
            None => {
                self.names.insert(lower.clone(), ident.value.clone());
                Ok(lower)
            }
        }
    }

    fn statement(&mut self, statement: &Statement) -> Result<(), Refusal> {
        refuse_expressions(self, statement)?;
        match statement {
            Statement::Query(query) => self.query(query, &[]),
            Statement::Insert(insert) => self.insert(insert),
            Statement::Update(update) => self.update(update),
            Statement::Delete(delete) => self.delete(delete),
            other => self.refuse(
                "only SELECT, INSERT, UPDATE and DELETE are verified: this statement kind is refused (SET, RESET, EXECUTE, DO, PREPARE, COPY, TRUNCATE, CREATE … AS, cursors and MERGE could bind another organization or reach rows no scope confines); write it with the library's API (`tenant_core::migration` for the schema, the scoped builders for writes, `Unscoped::because(..)` to reach every organization on purpose)",
                other,
            ),
        }
    }

    /// The last walk: every query and every relation of the tree was verified where it is; a
    /// clause the verifier does not read is refused, not passed through. It also reads every
    /// column's qualifier, for [`Self::name`].
    fn everything_reached(&mut self, statement: &Statement) -> Result<(), Refusal> {
        struct Reach<'a> {
            reached: &'a HashSet<usize>,
            qualifiers: Vec<Ident>,
        }
        impl Visitor for Reach<'_> {
            type Break = sqlparser::tokenizer::Span;
            fn pre_visit_query(&mut self, query: &Query) -> ControlFlow<Self::Break> {
                if self.reached.contains(&address(query)) {
                    ControlFlow::Continue(())
                } else {
                    ControlFlow::Break(query.span())
                }
            }
            fn pre_visit_table_factor(&mut self, factor: &TableFactor) -> ControlFlow<Self::Break> {
                if self.reached.contains(&address(factor)) {
                    ControlFlow::Continue(())
                } else {
                    ControlFlow::Break(factor.span())
                }
            }
            fn pre_visit_expr(&mut self, expr: &Expr) -> ControlFlow<Self::Break> {
                if let Expr::CompoundIdentifier(parts) = expr
                    && parts.len() > 1
                {
                    self.qualifiers.push(parts[0].clone());
                }
                ControlFlow::Continue(())
            }
        }
        let mut reach = Reach {
            reached: &self.reached,
            qualifiers: Vec::new(),
        };
        if let ControlFlow::Break(span) = statement.visit(&mut reach) {
            return Err(Refusal::new(
                "this query or relation sits in a clause `tenant_sql!` does not verify (FETCH, a `SETTINGS` or `OUTPUT` clause, …): refused; write it in FROM, the select list, WHERE, HAVING or ORDER BY",
                self.at_span(span),
            ));
        }
        for qualifier in reach.qualifiers {
            self.name(&qualifier)?;
        }
        Ok(())
    }

    /// A query: its CTEs, each a scope of its own, then its body.
    fn query(&mut self, query: &Query, ctes: &[String]) -> Result<(), Refusal> {
        self.reached.insert(address(query));
        if query.for_clause.is_some()
            || query.settings.is_some()
            || query.format_clause.is_some()
            || !query.pipe_operators.is_empty()
        {
            return self.refuse(
                "FOR XML/JSON, SETTINGS, FORMAT and pipe operators are not verified: refused",
                query,
            );
        }
        let mut visible = ctes.to_vec();
        if let Some(with) = &query.with {
            for cte in &with.cte_tables {
                let name = self.name(&cte.alias.name)?;
                if with.recursive {
                    visible.push(name.clone());
                }
                self.query(&cte.query, &visible)?;
                if !with.recursive {
                    visible.push(name);
                }
            }
        }
        self.set_expr(&query.body, &visible)?;
        // ORDER BY, LIMIT, OFFSET and FETCH: their sub-queries, each a scope of its own.
        if let Some(order_by) = &query.order_by {
            self.scan(order_by, &[], &visible)?;
        }
        if let Some(limit) = &query.limit_clause {
            self.scan(limit, &[], &visible)?;
        }
        if let Some(fetch) = &query.fetch {
            self.scan(fetch, &[], &visible)?;
        }
        Ok(())
    }

    fn set_expr(&mut self, body: &SetExpr, ctes: &[String]) -> Result<(), Refusal> {
        match body {
            SetExpr::Select(select) => self.select(select, ctes),
            SetExpr::Query(query) => self.query(query, ctes),
            SetExpr::SetOperation { left, right, .. } => {
                self.set_expr(left, ctes)?;
                self.set_expr(right, ctes)
            }
            SetExpr::Values(values) => self.scan(values, &[], ctes).map(drop),
            other => self.refuse("this query body is not verified: refused", other),
        }
    }

    /// One `SELECT` core.
    fn select(&mut self, select: &Select, ctes: &[String]) -> Result<(), Refusal> {
        if select.into.is_some()
            || !select.lateral_views.is_empty()
            || select.prewhere.is_some()
            || !select.connect_by.is_empty()
            || !select.cluster_by.is_empty()
            || !select.distribute_by.is_empty()
            || !select.sort_by.is_empty()
            || select.qualify.is_some()
            || select.value_table_mode.is_some()
        {
            return self.refuse(
                "SELECT … INTO, LATERAL VIEW, PREWHERE, CONNECT BY, CLUSTER/DISTRIBUTE/SORT BY and QUALIFY are not verified: refused",
                select,
            );
        }
        let mut relations = Vec::new();
        let mut ons: Vec<&Expr> = Vec::new();
        self.from(&select.from, ctes, &mut relations, &mut ons)?;
        let wheres = select.selection.iter().collect::<Vec<_>>();
        self.confine(&relations, &wheres, &ons, "WHERE")?;
        // Every expression of the core (the select list, DISTINCT ON, the ONs, WHERE, GROUP
        // BY, HAVING, the windows, …): its sub-queries and its columns.
        self.scan(select, &relations, ctes).map(drop)
    }

    /// The relations of a FROM list (and of its joins), each with where its confinement may
    /// come from; derived tables verified as scopes of their own. `ons` collects the joins'
    /// conditions.
    fn from<'a>(
        &mut self,
        from: &'a [TableWithJoins],
        ctes: &[String],
        relations: &mut Vec<ScopeRelation>,
        ons: &mut Vec<&'a Expr>,
    ) -> Result<(), Refusal> {
        for item in from {
            relations.push(self.factor(&item.relation, ctes, ConfinedBy::Where, false)?);
            for join in &item.joins {
                let (constraint, left) = match &join.join_operator {
                    JoinOperator::Join(constraint) | JoinOperator::Inner(constraint) => {
                        (constraint, false)
                    }
                    JoinOperator::Left(constraint) | JoinOperator::LeftOuter(constraint) => {
                        (constraint, true)
                    }
                    JoinOperator::Right(constraint)
                    | JoinOperator::RightOuter(constraint)
                    | JoinOperator::FullOuter(constraint)
                    | JoinOperator::CrossJoin(constraint) => {
                        let relation =
                            self.factor(&join.relation, ctes, ConfinedBy::Where, false)?;
                        if let JoinConstraint::On(on) = constraint {
                            ons.push(on);
                        } else if !matches!(constraint, JoinConstraint::None) {
                            return self.refuse(
                                "USING and NATURAL joins are refused: write the `ON` with the tenant equality, e.g. `ON b.organization_id = a.organization_id AND …`",
                                join,
                            );
                        }
                        relations.push(relation);
                        continue;
                    }
                    _ => {
                        return self.refuse(
                            "this join kind (SEMI, ANTI, APPLY, ASOF) is not verified: refused",
                            join,
                        );
                    }
                };
                let JoinConstraint::On(on) = constraint else {
                    return self.refuse(
                        "USING and NATURAL joins are refused: write the `ON` with the tenant equality, e.g. `ON b.organization_id = a.organization_id AND …`",
                        join,
                    );
                };
                ons.push(on);
                let index = ons.len() - 1;
                let by = if left {
                    ConfinedBy::OnOfLeftJoin(index)
                } else {
                    ConfinedBy::On(index)
                };
                relations.push(self.factor(&join.relation, ctes, by, false)?);
            }
        }
        Ok(())
    }

    /// A relation of FROM (or a write's target, which may go without an alias when `bare`).
    fn factor(
        &mut self,
        factor: &TableFactor,
        ctes: &[String],
        confined_by: ConfinedBy,
        bare: bool,
    ) -> Result<ScopeRelation, Refusal> {
        self.reached.insert(address(factor));
        let at = self.at(factor);
        match factor {
            TableFactor::Table {
                name,
                alias,
                args: None,
                with_hints,
                version: None,
                with_ordinality: false,
                partitions,
                json_path: None,
                sample: None,
                index_directives,
                inheritance: None,
            } if with_hints.is_empty() && partitions.is_empty() && index_directives.is_empty() => {
                let Some(table) = single(name) else {
                    return self.refuse(
                        "a table is named by its type, `{Type}`: a schema-qualified name is refused",
                        factor,
                    );
                };
                let renamed = alias.as_ref().filter(|alias| !alias.columns.is_empty());
                let alias = match alias {
                    Some(alias) => Some(self.name(&alias.name)?),
                    None => None,
                };
                if let Some(ty) = self.type_of(table) {
                    if let Some(renamed) = renamed {
                        return Err(Refusal::new(
                            format!(
                                "`{}` renames `{{{}}}`'s columns: then `x.<tenant column>` could name another of its columns; alias the table only, `{{{}}} AS x`",
                                renamed.name,
                                self.type_name(ty),
                                self.type_name(ty)
                            ),
                            at,
                        ));
                    }
                    let Some(alias) = alias.or_else(|| bare.then(String::new)) else {
                        return self.refuse(
                            format!(
                                "give `{{{}}}` an alias, `{{{}}} AS x`, and name its columns through it (`x.column`): its table name comes from the type",
                                self.type_name(ty),
                                self.type_name(ty)
                            ),
                            factor,
                        );
                    };
                    return Ok(ScopeRelation {
                        kind: Kind::Type(ty),
                        alias,
                        confined_by,
                        at,
                    });
                }
                let cte = self.name(table)?;
                if ctes.contains(&cte) {
                    return Ok(ScopeRelation {
                        kind: Kind::Verified,
                        alias: alias.unwrap_or(cte),
                        confined_by,
                        at,
                    });
                }
                self.refuse(
                    format!(
                        "the table `{table}` is named by no type: write `{{Type}}` (a struct that derives `TenantScoped` or `GlobalTable`), or name a CTE of this statement"
                    ),
                    factor,
                )
            }
            TableFactor::Derived {
                subquery, alias, ..
            } => {
                self.query(subquery, ctes)?;
                let alias = match alias {
                    Some(alias) => self.name(&alias.name)?,
                    None => String::new(),
                };
                Ok(ScopeRelation {
                    kind: Kind::Verified,
                    alias,
                    confined_by,
                    at,
                })
            }
            other => self.refuse(
                "this relation (a table function, UNNEST, a nested join, PIVOT, …) is not verified: refused",
                other,
            ),
        }
    }

    fn type_of(&self, table: &Ident) -> Option<usize> {
        if table.quote_style.is_some() {
            return None;
        }
        (0..self.text.types.len()).find(|&ty| table.value == type_ident(ty))
    }

    /// Records each type relation of one scope for the compiler, with every equality of the
    /// conjuncts of `where`s or of its own `ON` that may confine it; the compiler decides which
    /// are tenant equalities, and which relations they confine, from `{scope}` outwards.
    fn confine(
        &mut self,
        relations: &[ScopeRelation],
        wheres: &[&Expr],
        ons: &[&Expr],
        where_name: &str,
    ) -> Result<(), Refusal> {
        let where_conjuncts: Vec<&Expr> = wheres.iter().flat_map(|expr| conjuncts(expr)).collect();
        let on_conjuncts: Vec<Vec<&Expr>> = ons.iter().map(|on| conjuncts(on)).collect();
        let mut aliases: HashMap<&str, usize> = HashMap::new();
        for (index, relation) in relations.iter().enumerate() {
            if !relation.alias.is_empty()
                && aliases.insert(relation.alias.as_str(), index).is_some()
            {
                return Err(Refusal::new(
                    format!(
                        "two relations of one scope are called `{}`: give each its own alias",
                        relation.alias
                    ),
                    relation.at,
                ));
            }
        }
        // Each type relation's index in `Checks::relations`, once recorded.
        let mut recorded = Vec::with_capacity(relations.len());
        let mut next = self.checks.relations.len();
        for relation in relations {
            recorded.push(matches!(relation.kind, Kind::Type(_)).then(|| {
                next += 1;
                next - 1
            }));
        }
        let scope = Equalities {
            aliases: &aliases,
            relations,
            recorded: &recorded,
        };
        for relation in relations {
            let Kind::Type(ty) = relation.kind else {
                continue;
            };
            let (candidates, misplaced) = match relation.confined_by {
                ConfinedBy::Where => (scope.of(&relation.alias, &where_conjuncts), Vec::new()),
                ConfinedBy::On(on) => (scope.of(&relation.alias, &on_conjuncts[on]), Vec::new()),
                ConfinedBy::OnOfLeftJoin(on) => (
                    scope.of(&relation.alias, &on_conjuncts[on]),
                    scope.of(&relation.alias, &where_conjuncts),
                ),
            };
            let hint = match relation.confined_by {
                ConfinedBy::On(_) => format!(
                    "add `AND {}.<its tenant column> = {{scope}}` (or a tenant equality with a confined relation) to its ON",
                    relation.alias
                ),
                ConfinedBy::OnOfLeftJoin(_) => format!(
                    "add `AND {}.<its tenant column> = {{scope}}` (or a tenant equality with a confined relation) to its ON, not to {where_name}, where it would make the LEFT JOIN an inner one",
                    relation.alias
                ),
                _ => format!(
                    "add `AND {}.<its tenant column> = {{scope}}` to {where_name}, as a top-level conjunct (not under OR or NOT)",
                    relation.alias
                ),
            };
            self.checks.relations.push(Relation {
                ty,
                alias: relation.alias.clone(),
                candidates,
                misplaced,
                excerpt: self.excerpt(relation.at),
                hint,
            });
        }
        Ok(())
    }

    /// Walks `node`: verifies in place each sub-query not verified yet (each a scope of its
    /// own, seeing `ctes`), and records for the compiler each `alias.column` of a type relation
    /// of `relations`. Returns the `alias.column`s, lowercased aliases.
    fn scan(
        &mut self,
        node: &dyn VisitAny,
        relations: &[ScopeRelation],
        ctes: &[String],
    ) -> Result<Vec<ColumnUse>, Refusal> {
        let mut scan = Scan {
            verifier: self,
            ctes,
            depth: 0,
            columns: Vec::new(),
        };
        if let ControlFlow::Break(refusal) = node.walk(&mut scan) {
            return Err(refusal);
        }
        let columns = scan.columns;
        for (alias, column, node_at) in &columns {
            let relation = relations.iter().find(|relation| relation.alias == *alias);
            if let Some(ScopeRelation {
                kind: Kind::Type(ty),
                ..
            }) = relation
            {
                let excerpt = node_at
                    .and_then(|(line, column)| self.location(line, column))
                    .map(|at| self.excerpt(Some((at, at + alias.len() + 1 + column.len()))))
                    .unwrap_or_default();
                let check = (*ty, column.clone(), excerpt);
                if !self.checks.columns.contains(&check) {
                    self.checks.columns.push(check);
                }
            }
        }
        Ok(columns)
    }

    fn location(&self, line: u64, column: u64) -> Option<usize> {
        let mut offset = 0;
        for (number, text) in self.text.parsed.split_inclusive('\n').enumerate() {
            if number as u64 + 1 == line {
                return Some(
                    offset
                        + text
                            .char_indices()
                            .nth(column.saturating_sub(1) as usize)
                            .map_or(text.len(), |(at, _)| at),
                );
            }
            offset += text.len();
        }
        None
    }

    /// The single relation of a write's target, named by a type. It may go without an alias
    /// when the statement names no other table: its columns are then written bare.
    fn target(&mut self, factor: &TableFactor) -> Result<ScopeRelation, Refusal> {
        let relation = self.factor(factor, &[], ConfinedBy::Where, true)?;
        if !matches!(relation.kind, Kind::Type(_)) {
            return self.refuse(
                "a write's target is a table named by its type, `{Type} AS x`",
                factor,
            );
        }
        Ok(relation)
    }

    fn assignments(
        &mut self,
        assignments: &[Assignment],
        relations: &[ScopeRelation],
        target: usize,
    ) -> Result<(), Refusal> {
        for assignment in assignments {
            let names: Vec<&ObjectName> = match &assignment.target {
                AssignmentTarget::ColumnName(name) => vec![name],
                AssignmentTarget::Tuple(names) => names.iter().collect(),
            };
            for name in names {
                let parts: Vec<&Ident> = name
                    .0
                    .iter()
                    .filter_map(|part| match part {
                        ObjectNamePart::Identifier(ident) => Some(ident),
                        _ => None,
                    })
                    .collect();
                let (ty, column) = match parts.as_slice() {
                    [column] => match relations[target].kind {
                        Kind::Type(ty) => (ty, column.value.clone()),
                        Kind::Verified => continue,
                    },
                    [alias, column] => {
                        let alias = self.name(alias)?;
                        match relations.iter().find(|relation| relation.alias == alias) {
                            Some(ScopeRelation {
                                kind: Kind::Type(ty),
                                ..
                            }) => (*ty, column.value.clone()),
                            _ => {
                                return self.refuse(
                                    "an assignment names a column of a relation of this statement",
                                    name,
                                );
                            }
                        }
                    }
                    _ => {
                        return self.refuse("an assignment names `column` or `alias.column`", name);
                    }
                };
                let excerpt = self.excerpt(self.at(name));
                self.checks.assigned.push((ty, column, excerpt));
            }
        }
        Ok(())
    }

    fn insert(&mut self, insert: &Insert) -> Result<(), Refusal> {
        if insert.or.is_some()
            || insert.replace_into
            || insert.overwrite
            || insert.partitioned.is_some()
            || !insert.after_columns.is_empty()
            || !insert.assignments.is_empty()
            || insert.insert_alias.is_some()
            || insert.settings.is_some()
            || insert.output.is_some()
        {
            return self.refuse(
                "INSERT OR …, REPLACE, INSERT … SET and other insert forms are not verified: write `INSERT INTO {Type} (columns…) VALUES (…)` or `… SELECT …`",
                insert,
            );
        }
        let TableObject::TableName(name) = &insert.table else {
            return self.refuse("INSERT INTO a table named by its type, `{Type}`", insert);
        };
        let Some(ty) = single(name).and_then(|table| self.type_of(table)) else {
            return self.refuse("INSERT INTO a table named by its type, `{Type}`", name);
        };
        if insert.columns.is_empty() {
            return self.refuse(
                "an INSERT names its columns, the tenant column among them bound to `{scope}`: `INSERT INTO {Type} (organization_id, …) VALUES ({scope}, …)`",
                insert,
            );
        }
        let mut columns: Vec<String> = Vec::new();
        for column in &insert.columns {
            let name = single(column)
                .map(|ident| ident.value.clone())
                .unwrap_or_default();
            if columns.iter().any(|seen| seen.eq_ignore_ascii_case(&name)) {
                return self.refuse(
                    format!(
                        "`{name}` is named twice in the INSERT's columns: SQLite takes one of them and the check could read the other; name each column once"
                    ),
                    column,
                );
            }
            columns.push(name);
        }
        let Some(source) = &insert.source else {
            return self.refuse("an INSERT takes VALUES or a SELECT", insert);
        };
        // The position of `{scope}` in every row.
        let positions: Vec<Vec<usize>> = match source.body.as_ref() {
            SetExpr::Values(values) => values
                .rows
                .iter()
                .map(|row| {
                    row.iter()
                        .enumerate()
                        .filter(|(_, expr)| is_scope(expr))
                        .map(|(index, _)| index)
                        .collect()
                })
                .collect(),
            SetExpr::Select(select) => {
                if let Some(item) = select.projection.iter().find(|item| {
                    !matches!(
                        item,
                        SelectItem::UnnamedExpr(_) | SelectItem::ExprWithAlias { .. }
                    )
                }) {
                    return self.refuse(
                        "a `*` in an INSERT's SELECT is refused: it stands for as many values as its relation has columns, so the check cannot tell which column `{scope}` fills; name each value",
                        item,
                    );
                }
                vec![
                    select
                        .projection
                        .iter()
                        .enumerate()
                        .filter(|(_, item)| {
                            matches!(item, SelectItem::UnnamedExpr(expr) | SelectItem::ExprWithAlias { expr, .. } if is_scope(expr))
                        })
                        .map(|(index, _)| index)
                        .collect(),
                ]
            }
            _ => {
                return self.refuse(
                    "an INSERT's source is VALUES or one SELECT",
                    source.as_ref(),
                );
            }
        };
        self.query(source, &[])?;
        let first = positions.first().cloned().unwrap_or_default();
        let [position] = first.as_slice() else {
            return self.refuse(
                "an INSERT binds the tenant column to `{scope}`, once per row: `INSERT INTO {Type} (organization_id, …) VALUES ({scope}, …)`",
                source.as_ref(),
            );
        };
        if positions.iter().any(|row| row != &first) || *position >= columns.len() {
            return self.refuse(
                "every row binds the same column, the tenant column, to `{scope}`",
                source.as_ref(),
            );
        }
        let excerpt = self.excerpt(self.at(&insert.columns[*position]));
        self.checks
            .tenant_columns
            .push((ty, columns[*position].clone(), excerpt));
        for (index, column) in columns.iter().enumerate() {
            if index != *position {
                let excerpt = self.excerpt(self.at(&insert.columns[index]));
                self.checks.assigned.push((ty, column.clone(), excerpt));
            }
        }
        let alias = match &insert.table_alias {
            Some(alias) => self.name(&alias.alias)?,
            None => String::new(),
        };
        let target = ScopeRelation {
            kind: Kind::Type(ty),
            alias,
            confined_by: ConfinedBy::Where,
            at: self.at(name),
        };
        match &insert.on {
            None => {}
            Some(OnInsert::OnConflict(on_conflict)) => {
                match &on_conflict.conflict_target {
                    Some(ConflictTarget::Columns {
                        columns,
                        predicate: None,
                    }) if !columns.is_empty() => {
                        let excerpt = self.excerpt(self.at_span(columns[0].span));
                        self.checks
                            .tenant_columns
                            .push((ty, columns[0].value.clone(), excerpt));
                    }
                    None if matches!(on_conflict.action, OnConflictAction::DoNothing) => {}
                    _ => {
                        return self.refuse(
                            "an upsert names its conflict columns, the tenant column first: `ON CONFLICT (organization_id, …)`",
                            insert,
                        );
                    }
                }
                if let OnConflictAction::DoUpdate(update) = &on_conflict.action {
                    self.assignments(&update.assignments, std::slice::from_ref(&target), 0)?;
                }
            }
            Some(OnInsert::DuplicateKeyUpdate(assignments)) => {
                self.assignments(assignments, std::slice::from_ref(&target), 0)?;
            }
            Some(other) => return self.refuse("this ON … of an INSERT is not verified", other),
        }
        if let Some(returning) = &insert.returning {
            self.returning(returning, &target)?;
        }
        // The rest of the statement (an upsert's assignments and their WHERE): sub-queries and
        // columns.
        self.scan(insert, std::slice::from_ref(&target), &[])
            .map(drop)
    }

    /// `RETURNING` names the target's columns (and sub-queries, verified).
    fn returning(&mut self, items: &[SelectItem], target: &ScopeRelation) -> Result<(), Refusal> {
        for item in items {
            for (alias, _, _) in self.scan(item, std::slice::from_ref(target), &[])? {
                if alias != target.alias {
                    return self
                        .refuse("RETURNING names only the written relation's columns: read the other relations' columns with a SELECT after the write", item);
                }
            }
        }
        Ok(())
    }

    fn update(&mut self, update: &sqlparser::ast::Update) -> Result<(), Refusal> {
        if update.or.is_some()
            || update.output.is_some()
            || update.on_cluster.is_some()
            || update.settings.is_some()
        {
            return self.refuse("this UPDATE form is not verified: refused", update);
        }
        let mut relations = vec![self.target(&update.table.relation)?];
        let mut ons: Vec<&Expr> = Vec::new();
        // MySQL: `UPDATE a JOIN b ON … SET …`.
        if !update.table.joins.is_empty() {
            let mut rest = Vec::new();
            self.from(
                std::slice::from_ref(&update.table),
                &[],
                &mut rest,
                &mut ons,
            )?;
            relations.extend(rest.into_iter().skip(1));
        }
        let from_tables: &[TableWithJoins] = match &update.from {
            Some(sqlparser::ast::UpdateTableFromKind::BeforeSet(tables))
            | Some(sqlparser::ast::UpdateTableFromKind::AfterSet(tables)) => tables,
            None => &[],
        };
        let mut from_ons: Vec<&Expr> = Vec::new();
        let mut from_relations = Vec::new();
        self.from(from_tables, &[], &mut from_relations, &mut from_ons)?;
        // The ONs of the FROM list follow the target's joins.
        let offset = ons.len();
        for relation in &mut from_relations {
            relation.confined_by = match relation.confined_by {
                ConfinedBy::On(on) => ConfinedBy::On(on + offset),
                ConfinedBy::OnOfLeftJoin(on) => ConfinedBy::OnOfLeftJoin(on + offset),
                other => other,
            };
        }
        ons.extend(from_ons);
        relations.extend(from_relations);
        let write = Write {
            kind: "UPDATE",
            node: update,
            target: &update.table.relation,
            selection: update.selection.as_ref(),
            returning: update.returning.as_deref(),
        };
        self.write(&write, &relations, &ons)?;
        self.assignments(&update.assignments, &relations, 0)
    }

    fn delete(&mut self, delete: &sqlparser::ast::Delete) -> Result<(), Refusal> {
        if !delete.tables.is_empty()
            || delete.output.is_some()
            || delete.settings.is_some()
            || delete.on_cluster.is_some()
        {
            return self.refuse(
                "this DELETE form (a multi-table delete, OUTPUT, SETTINGS) is not verified: write `DELETE FROM {Type} AS x [USING …] WHERE …`",
                delete,
            );
        }
        let from = match &delete.from {
            FromTable::WithFromKeyword(from) | FromTable::WithoutKeyword(from) => from,
        };
        let [target] = from.as_slice() else {
            return self.refuse("DELETE FROM one table named by its type", delete);
        };
        if !target.joins.is_empty() {
            return self.refuse(
                "DELETE FROM one table named by its type: join in USING",
                delete,
            );
        }
        let mut relations = vec![self.target(&target.relation)?];
        let mut ons: Vec<&Expr> = Vec::new();
        self.from(
            delete.using.as_deref().unwrap_or_default(),
            &[],
            &mut relations,
            &mut ons,
        )?;
        let write = Write {
            kind: "DELETE",
            node: delete,
            target: &target.relation,
            selection: delete.selection.as_ref(),
            returning: delete.returning.as_deref(),
        };
        self.write(&write, &relations, &ons)
    }

    /// What an UPDATE and a DELETE share once their relations are known: a bare target only
    /// alone, the confinement by `WHERE` and the joins' `ON`s, `RETURNING`, and the sub-queries
    /// and columns of the whole statement (what an UPDATE sets, `WHERE`, the `ON`s, ORDER BY,
    /// LIMIT).
    fn write(
        &mut self,
        write: &Write<'_>,
        relations: &[ScopeRelation],
        ons: &[&Expr],
    ) -> Result<(), Refusal> {
        if relations[0].alias.is_empty() && relations.len() > 1 {
            return self.refuse(
                format!(
                    "give the {}'s target an alias, `{{Type}} AS x`, when the statement names other tables: a bare column could be any table's",
                    write.kind
                ),
                write.target,
            );
        }
        let wheres: Vec<&Expr> = write.selection.into_iter().collect();
        self.confine(relations, &wheres, ons, "WHERE")?;
        if let Some(returning) = write.returning {
            self.returning(returning, &relations[0])?;
        }
        self.scan(write.node, relations, &[]).map(drop)
    }
}

/// An UPDATE's or a DELETE's parts that [`Verifier::write`] checks.
struct Write<'a> {
    kind: &'static str,
    /// The whole statement.
    node: &'a dyn VisitAny,
    target: &'a TableFactor,
    selection: Option<&'a Expr>,
    returning: Option<&'a [SelectItem]>,
}

/// The relations of one scope, for reading the equalities that may confine one of them.
struct Equalities<'a> {
    aliases: &'a HashMap<&'a str, usize>,
    relations: &'a [ScopeRelation],
    /// Each relation's index in [`Checks::relations`], for a type relation.
    recorded: &'a [Option<usize>],
}

impl Equalities<'_> {
    /// The equalities among `conjuncts` that may confine the relation `alias`: `alias.column =
    /// {scope}` (partner `None`), or `alias.column = other.column` with `other` another type
    /// relation of the scope.
    fn of(&self, alias: &str, conjuncts: &[&Expr]) -> Vec<Candidate> {
        let mut found = Vec::new();
        for conjunct in conjuncts {
            let Expr::BinaryOp {
                left,
                op: BinaryOperator::Eq,
                right,
            } = unnest(conjunct)
            else {
                continue;
            };
            for (mine, other) in [(left, right), (right, left)] {
                let Some((owner, column)) = qualified(mine) else {
                    continue;
                };
                if owner != alias {
                    continue;
                }
                if is_scope(other) {
                    found.push((column, None));
                } else if let Some((partner, partner_column)) = qualified(other)
                    && partner != alias
                    && let Some(&index) = self.aliases.get(partner.as_str())
                    && let Some(recorded) = self.recorded[index]
                    && matches!(self.relations[index].kind, Kind::Type(_))
                {
                    found.push((column, Some((recorded, partner, partner_column))));
                }
            }
        }
        found
    }
}

/// `alias.column`, lowercased alias.
/// A bare `column` is the alias `""`: the target of a write without an alias, when it is the
/// statement's only relation.
fn qualified(expr: &Expr) -> Option<(String, String)> {
    match unnest(expr) {
        Expr::CompoundIdentifier(parts) => match parts.as_slice() {
            [alias, column] => Some((alias.value.to_lowercase(), column.value.clone())),
            _ => None,
        },
        Expr::Identifier(column) if !column.value.starts_with("__tenant_") => {
            Some((String::new(), column.value.clone()))
        }
        _ => None,
    }
}

fn is_scope(expr: &Expr) -> bool {
    matches!(unnest(expr), Expr::Identifier(Ident { value, quote_style: None, .. }) if value == SCOPE_IDENT)
}

fn unnest(expr: &Expr) -> &Expr {
    match expr {
        Expr::Nested(inner) => unnest(inner),
        other => other,
    }
}

/// The top-level conjuncts of `expr`: the operands of its `AND`s, through parentheses, never
/// under `OR` or `NOT`.
fn conjuncts(expr: &Expr) -> Vec<&Expr> {
    match unnest(expr) {
        Expr::BinaryOp {
            left,
            op: BinaryOperator::And,
            right,
        } => {
            let mut all = conjuncts(left);
            all.extend(conjuncts(right));
            all
        }
        other => vec![other],
    }
}

/// A one-part name.
fn single(name: &ObjectName) -> Option<&Ident> {
    match name.0.as_slice() {
        [ObjectNamePart::Identifier(ident)] => Some(ident),
        _ => None,
    }
}

/// A node the verifier walks (sqlparser's `Visit` takes its visitor by type, so a list of
/// nodes of different types is a list of these).
trait VisitAny {
    fn walk(&self, scan: &mut Scan<'_, '_>) -> ControlFlow<Refusal>;
}

impl<T: Visit> VisitAny for T {
    fn walk(&self, scan: &mut Scan<'_, '_>) -> ControlFlow<Refusal> {
        self.visit(scan)
    }
}

/// One walk of an expression-bearing node: each sub-query not verified yet is verified where
/// it is found (not those inside it, which its own verification reaches), and the node's
/// `alias.column`s outside sub-queries are collected with their locations.
struct Scan<'v, 't> {
    verifier: &'v mut Verifier<'t>,
    /// The CTEs a sub-query found here sees.
    ctes: &'v [String],
    /// How many queries the walk is inside.
    depth: usize,
    columns: Vec<ColumnUse>,
}

impl Visitor for Scan<'_, '_> {
    type Break = Refusal;

    fn pre_visit_query(&mut self, query: &Query) -> ControlFlow<Refusal> {
        if self.depth == 0
            && !self.verifier.reached.contains(&address(query))
            && let Err(refusal) = self.verifier.query(query, self.ctes)
        {
            return ControlFlow::Break(refusal);
        }
        self.depth += 1;
        ControlFlow::Continue(())
    }

    fn post_visit_query(&mut self, _: &Query) -> ControlFlow<Refusal> {
        self.depth -= 1;
        ControlFlow::Continue(())
    }

    fn pre_visit_expr(&mut self, expr: &Expr) -> ControlFlow<Refusal> {
        if self.depth == 0
            && let Expr::CompoundIdentifier(parts) = expr
            && let [alias, column] = parts.as_slice()
        {
            let at = (alias.span.start.line > 0)
                .then_some((alias.span.start.line, alias.span.start.column));
            self.columns
                .push((alias.value.to_lowercase(), column.value.clone(), at));
        }
        ControlFlow::Continue(())
    }
}

/// Functions that read or write the settings the binding lives in, or run a query the check
/// cannot see (written as text, or over a table named by a string), anywhere in the
/// statement: refused, whatever their arguments. A function the application defines is not
/// read (its body is the database's; row-level security is the wall there).
const REFUSED_FUNCTIONS: &[(&str, &str)] = &[
    ("set_config", SETTINGS),
    ("current_setting", SETTINGS),
    ("query_to_xml", QUERY_TEXT),
    ("query_to_xmlschema", QUERY_TEXT),
    ("query_to_xml_and_xmlschema", QUERY_TEXT),
    ("cursor_to_xml", QUERY_TEXT),
    ("cursor_to_xmlschema", QUERY_TEXT),
    ("table_to_xml", QUERY_TEXT),
    ("table_to_xmlschema", QUERY_TEXT),
    ("table_to_xml_and_xmlschema", QUERY_TEXT),
    ("schema_to_xml", QUERY_TEXT),
    ("schema_to_xmlschema", QUERY_TEXT),
    ("schema_to_xml_and_xmlschema", QUERY_TEXT),
    ("database_to_xml", QUERY_TEXT),
    ("database_to_xmlschema", QUERY_TEXT),
    ("database_to_xml_and_xmlschema", QUERY_TEXT),
    ("ts_stat", QUERY_TEXT),
    ("ts_rewrite", QUERY_TEXT),
    ("dblink", QUERY_TEXT),
    ("dblink_exec", QUERY_TEXT),
    ("dblink_open", QUERY_TEXT),
    ("dblink_send_query", QUERY_TEXT),
    ("load_extension", QUERY_TEXT),
];
const SETTINGS: &str = "it reads or writes the settings that bind the transaction to its organization; the statement's organization is `{scope}`";
const QUERY_TEXT: &str = "it runs a query written as text, or reads a table named by a string, where the check cannot see it; write that query in the statement itself";

/// Functions and operators refused anywhere in the statement: the functions of
/// [`REFUSED_FUNCTIONS`], and the operators the parser and MySQL group differently — `XOR`,
/// which the parser binds tighter than `=` and MySQL looser than `AND`, and MySQL's `||`, which
/// the parser reads as concatenation and MySQL (without `PIPES_AS_CONCAT`) as `OR`; either
/// would put a conjunct the check reads as confining under an `OR` the server runs.
fn refuse_expressions(verifier: &Verifier<'_>, statement: &Statement) -> Result<(), Refusal> {
    struct Refused {
        mysql: bool,
        found: Option<(String, sqlparser::tokenizer::Span)>,
    }
    impl Visitor for Refused {
        type Break = ();
        fn pre_visit_expr(&mut self, expr: &Expr) -> ControlFlow<()> {
            let found = match expr {
                Expr::Function(function) => {
                    if let Some(ObjectNamePart::Identifier(last)) = function.name.0.last()
                        && let Some((name, why)) = REFUSED_FUNCTIONS
                            .iter()
                            .find(|(name, _)| last.value.eq_ignore_ascii_case(name))
                    {
                        Some((format!("`{name}` is refused: {why}"), last.span))
                    } else {
                        None
                    }
                }
                Expr::BinaryOp {
                    op: BinaryOperator::Xor,
                    ..
                } => Some((
                    "`XOR` is refused: the parser binds it tighter than `=` and MySQL looser than `AND`, so a conjunct the check reads as confining could sit under it; write `(a OR b) AND NOT (a AND b)`".to_owned(),
                    expr.span(),
                )),
                Expr::BinaryOp {
                    op: BinaryOperator::StringConcat,
                    ..
                } if self.mysql => Some((
                    "`||` is refused on MySQL: MySQL and MariaDB read it as `OR` unless the session sets `PIPES_AS_CONCAT` (sqlx's connections do by default, others need not), where the parser reads a concatenation; write `OR`, or `CONCAT(a, b)`".to_owned(),
                    expr.span(),
                )),
                _ => None,
            };
            match found {
                Some(found) => {
                    self.found = Some(found);
                    ControlFlow::Break(())
                }
                None => ControlFlow::Continue(()),
            }
        }
    }
    let mut visitor = Refused {
        mysql: verifier.dialect == Dialect::Mysql,
        found: None,
    };
    let _ = statement.visit(&mut visitor);
    match visitor.found {
        Some((message, span)) => Err(Refusal::new(message, verifier.at_span(span))),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The last walk refuses a query or a relation the verifier did not reach: a clause a
    /// future sqlparser adds, or one the verifier forgets, is refused rather than passed
    /// through.
    #[test]
    fn the_last_walk_refuses_what_was_not_verified() {
        let input: Input = syn::parse_str(
            r#"postgres, "SELECT d.n FROM (SELECT count(*) AS n FROM {Task} AS t WHERE t.organization_id = {scope}) AS d""#,
        )
        .expect("input");
        let text = Text::read(&input).expect("text");
        let statements = Parser::parse_sql(&PostgreSqlDialect {}, &text.parsed).expect("parse");
        let verifier = |text| Verifier {
            text,
            dialect: Dialect::Postgres,
            checks: Checks::default(),
            reached: HashSet::new(),
            names: HashMap::new(),
        };
        let mut skipped = verifier(&text);
        let refusal = skipped
            .everything_reached(&statements[0])
            .expect_err("nothing was verified: the walk refuses");
        assert!(
            refusal.message.contains("does not verify"),
            "{}",
            refusal.message
        );

        let mut verified = verifier(&text);
        assert!(verified.statement(&statements[0]).is_ok());
        assert!(verified.everything_reached(&statements[0]).is_ok());
    }
}
