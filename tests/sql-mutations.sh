#!/usr/bin/env bash
# Each rule of `tenant_sql!` is load-bearing: for every rule, this removes its check from a copy
# of the sources and shows that the trybuild case it refuses (ui-tests/tests/ui/sql/) then
# compiles. One line per rule, `caught` when the mutant compiles the case (the check was what
# refused it), `NOT CAUGHT` otherwise; exit 1 if a rule is not caught.
#
#   bash tests/sql-mutations.sh      # about 10 s per rule after the first build
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
exec python3 - "$root" <<'PY'
import os, re, shutil, subprocess, sys

root = sys.argv[1]
work = os.path.join(root, "target", "sql-mutations")
tree = os.path.join(work, "tree")
case_dir = os.path.join(work, "case")
shutil.rmtree(tree, ignore_errors=True)
os.makedirs(os.path.join(case_dir, "src"), exist_ok=True)
for name in ["Cargo.toml", "Cargo.lock"]:
    os.makedirs(tree, exist_ok=True)
    shutil.copy(os.path.join(root, name), tree)
for crate in ["tenant-core", "tenant-derive"]:
    shutil.copytree(os.path.join(root, crate), os.path.join(tree, crate))
manifest = os.path.join(tree, "Cargo.toml")
text = open(manifest).read()
open(manifest, "w").write(
    re.sub(r"members = \[[^\]]*\]", 'members = ["tenant-core", "tenant-derive"]', text)
)
open(os.path.join(case_dir, "Cargo.toml"), "w").write(f"""[package]
name = "sql-mutation-case"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
tenant-core = {{ path = "{tree}/tenant-core", features = ["sql"] }}

[workspace]
""")
# The workspace's lock and target dir: the dependencies are the ones the workspace built (the
# mutated copies of the two crates are other packages, built beside them).
shutil.copy(os.path.join(root, "Cargo.lock"), case_dir)
env = dict(os.environ, CARGO_TARGET_DIR=os.environ.get("CARGO_TARGET_DIR", os.path.join(root, "target")),
           CARGO_TERM_COLOR="never")

VERIFY = "tenant-derive/src/sql/verify.rs"
INPUT = "tenant-derive/src/sql/input.rs"
RUNTIME = "tenant-core/src/query/sql.rs"
EXPAND = "tenant-derive/src/sql/expand.rs"
# (rule, file, text, mutant text, the ui case the rule refuses); a rule whose check is in two
# places gives lists of texts and mutant texts.
# Two checks are written twice on purpose, so no single mutation removes them: an equality of
# a relation with itself is no candidate (nor would the compiler's search from `{scope}` count
# it: select-self-equality), and a derived table is verified where FROM names it (and the
# core's walk would reach it: derived-table).
# The last walk, which refuses any query or relation the verifier did not reach: turned off with
# the mutations that skip a verification, which it would otherwise catch as a second wall (its
# own test is `the_last_walk_refuses_what_was_not_verified` in verify.rs).
REACH = "        if let ControlFlow::Break(span) = statement.visit(&mut reach) {"
REACH_OFF = "        if let ControlFlow::Break(span) = statement.visit(&mut reach) && false {"
MUTATIONS = [
    ("a conjunct under OR does not confine", VERIFY,
     "op: BinaryOperator::And,", "op: BinaryOperator::And | BinaryOperator::Or,",
     "select-confined-under-or"),
    ("a conjunct under NOT does not confine", VERIFY,
     "fn unnest(expr: &Expr) -> &Expr {\n    match expr {",
     "fn unnest(expr: &Expr) -> &Expr {\n    match expr {\n        Expr::UnaryOp { expr, .. } => unnest(expr),",
     "select-confined-under-not"),
    ("a literal organization id does not confine", VERIFY,
     "fn is_scope(expr: &Expr) -> bool {",
     "fn is_scope(expr: &Expr) -> bool {\n    if matches!(unnest(expr), Expr::Value(_)) { return true; }",
     "select-literal-organization"),
    ("a caller's parameter does not confine", VERIFY,
     "fn is_scope(expr: &Expr) -> bool {",
     "fn is_scope(expr: &Expr) -> bool {\n    if matches!(unnest(expr), Expr::Identifier(Ident { value, .. }) if value.starts_with(\"__tenant_p\")) { return true; }",
     "select-caller-parameter"),
    ("confinement is found from {scope} outwards", RUNTIME,
     "                && confined & (1 << partner) != 0\n", "",
     "two-relations-equal-only-to-each-other"),
    ("sub-queries are verified", VERIFY,
     ["            && !self.verifier.reached.contains(&address(query))\n", REACH],
     ["            && false\n", REACH_OFF],
     "sub-query-in-where"),
    ("CTE bodies are verified", VERIFY,
     ["                self.query(&cte.query, &visible)?;", REACH],
     ["                let _ = &cte.query;", REACH_OFF],
     "cte-body"),
    ("each set-operation arm is verified", VERIFY,
     ["                self.set_expr(left, ctes)?;\n                self.set_expr(right, ctes)", REACH],
     ["                self.set_expr(left, ctes)", REACH_OFF],
     "union-arm"),
    ("a right join's ON does not confine its partner", VERIFY,
     ["                    JoinOperator::Right(constraint)\n                    | JoinOperator::RightOuter(constraint)\n                    | JoinOperator::FullOuter(constraint)",
      "JoinOperator::Join(constraint) | JoinOperator::Inner(constraint) => {"],
     ["                    JoinOperator::FullOuter(constraint)",
      "JoinOperator::Join(constraint) | JoinOperator::Inner(constraint) | JoinOperator::Right(constraint) | JoinOperator::RightOuter(constraint) => {"],
     "right-join-partner-confined-in-on"),
    ("two relations of one scope have two aliases", VERIFY,
     "                && aliases.insert(relation.alias.as_str(), index).is_some()\n",
     "                && aliases.insert(relation.alias.as_str(), index).is_some() && false\n",
     "duplicate-alias"),
    ("a type's alias renames no column", VERIFY,
     "let renamed = alias.as_ref().filter(|alias| !alias.columns.is_empty());",
     "let renamed = alias.as_ref().filter(|alias| !alias.columns.is_empty() && false);",
     "alias-renames-columns"),
    ("names that differ only in case are refused", VERIFY,
     "            Some(written) if *written != ident.value => Err(",
     "            Some(written) if *written != ident.value && false => Err(",
     "mysql-aliases-differ-in-case"),
    ("quoted aliases and CTE names are refused", VERIFY,
     "        if ident.quote_style.is_some() {\n            return Err(",
     "        if ident.quote_style.is_some() && false {\n            return Err(",
     "cte-name-quoted"),
    ("a tenant relation nothing confines is refused", RUNTIME,
     "    if relation.table.tenant.is_empty() {\n        return;\n    }",
     "    if relation.table.tenant.is_empty() || true {\n        return;\n    }",
     "cross-join-tenant-table"),
    ("a write never sets the tenant column", RUNTIME,
     "    if !has_column(&T::TABLE, column) || is_tenant_column(&T::TABLE, column) {",
     "    if !has_column(&T::TABLE, column) {",
     "update-sets-tenant-column"),
    ("an upsert's conflict target starts with the tenant column", RUNTIME,
     "    if !is_tenant_column(&T::TABLE, column) {\n        panic!",
     "    if false {\n        panic!",
     "upsert-target-not-tenant-led"),
    ("no * in an INSERT's SELECT", VERIFY,
     "                        SelectItem::UnnamedExpr(_) | SelectItem::ExprWithAlias { .. }\n",
     "                        _\n",
     "insert-select-wildcard"),
    ("set_config and current_setting are refused", VERIFY,
     '    ("set_config", SETTINGS),', '    ("__never__", SETTINGS),',
     "set-config"),
    ("functions that run query text are refused", VERIFY,
     '    ("query_to_xml", QUERY_TEXT),', '    ("__never__", QUERY_TEXT),',
     "query-to-xml"),
    ("XOR is refused", VERIFY,
     "                    op: BinaryOperator::Xor,\n                    ..\n                } => Some((",
     "                    op: BinaryOperator::Xor,\n                    ..\n                } if false => Some((",
     "mysql-xor"),
    ("MySQL's || is refused", VERIFY,
     "                } if self.mysql => Some((",
     "                } if self.mysql && false => Some((",
     "mysql-double-pipe"),
    ("statement kinds that are not verified are refused", VERIFY,
     "            Statement::Delete(delete) => self.delete(delete),",
     "            Statement::Delete(delete) => self.delete(delete),\n            Statement::CreateTable(create) if create.query.is_some() => self.query(create.query.as_ref().unwrap(), &[]),",
     "create-table-as"),
    ("every table is global or of the scope's kind of tenant", EXPAND,
     "quote!(#private::sql::same_kind::<#owner_ty, #ty>();)", "{ let _ = (&owner_ty, ty); quote!() }",
     "tables-of-two-kinds-of-tenant"),
    ("a backslash in quotes is refused", INPUT,
     "                if byte == b'\\\\' {\n                    return error(",
     "                if byte == b'\\\\' && false {\n                    return error(",
     "backslash-in-string"),
    ("control characters are refused", INPUT,
     ".find(|(_, character)| character.is_control() && !matches!(character, '\\n' | '\\t'))",
     ".find(|(_, character)| character.is_control() && !matches!(character, '\\n' | '\\t') && false)",
     "carriage-return"),
    ("`--` is followed by a space", INPUT,
     "                    if !matches!(bytes.get(index + 2), None | Some(b' ' | b'\\t' | b'\\n')) {",
     "                    if !matches!(bytes.get(index + 2), None | Some(b' ' | b'\\t' | b'\\n')) && false {",
     "mysql-double-dash-without-space"),
]

models = os.path.join(root, "ui-tests", "tests", "common", "sql_models.rs")
missed = 0
for rule, path, find, replace, case in MUTATIONS:
    original = open(os.path.join(root, path)).read()
    finds = find if isinstance(find, list) else [find]
    replaces = replace if isinstance(replace, list) else [replace]
    if any(text not in original for text in finds):
        print(f"STALE       {rule}: the text to mutate is no longer in {path}")
        missed += 1
        continue
    mutant = original
    for text, new in zip(finds, replaces):
        mutant = mutant.replace(text, new, 1)
    open(os.path.join(tree, path), "w").write(mutant)
    source = open(os.path.join(root, "ui-tests", "tests", "ui", "sql", case + ".rs")).read()
    source = source.replace('include!("../../common/sql_models.rs");', f'include!("{models}");')
    open(os.path.join(case_dir, "src", "main.rs"), "w").write(source)
    compiled = subprocess.run(["cargo", "check", "-q"], cwd=case_dir, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
    if compiled:
        print(f"caught      {rule} ({case} compiles without it)")
    else:
        print(f"NOT CAUGHT  {rule} ({case} is still refused without it)")
        missed += 1
    open(os.path.join(tree, path), "w").write(original)
print(f"rules: {len(MUTATIONS) - missed} caught, {missed} not caught")
sys.exit(1 if missed else 0)
PY
