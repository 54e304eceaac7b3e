//! Adopting tenant on an existing database: a table without a tenant column becomes the table
//! `create_table()` would make, in steps that keep the application running. Feature `audit`
//! (the steps are planned from the live catalog, as the audit reads it).
//!
//! [`plan`] reads the catalog and returns the steps still needed, in order; [`run`] runs them;
//! [`adopt`] does both. Each step is idempotent and the plan is re-read every time, so running it
//! again changes nothing, and running it halfway and then again completes it:
//!
//! 1. add the tenant column, nullable;
//! 2. create the default organization (its id only), if it is not there;
//! 3. backfill every row with it;
//! 4. make the column `NOT NULL`;
//! 5. the foreign key to the organizations table;
//! 6. the tenant-led primary key `(tenant, key…)` (on PostgreSQL from an index built
//!    `CONCURRENTLY`, the old key's dependent foreign keys going with it — adopt the tables that
//!    reference this one next, which adds their composite foreign keys; on MySQL/MariaDB in one
//!    `ALTER` that keeps an index on the old key, so an `AUTO_INCREMENT` key and the foreign keys
//!    to it stay), the tenant-led uniques
//!    (legacy uniques on the same columns dropped), the indexes and composite foreign keys
//!    (PostgreSQL: `NOT VALID`, then validated);
//! 7. on PostgreSQL, row-level security.
//!
//! SQLite cannot alter a column or a key: steps 4 to 6 are one table rebuild (the documented
//! twelve steps: a new table from `create_table()`, the rows copied, the old table dropped, the
//! new one renamed, the table's own indexes and triggers made again), with foreign-key checks off
//! for its duration; a table with a column the struct does not name is [`Refused`] (its data
//! would go). On PostgreSQL the `CONCURRENTLY` index builds cannot run inside a transaction: run
//! [`adopt`] outside one; an invalid index that a failed build left is dropped and built again.
//! A step that fails leaves the connection as it was before it (see [`run`]).

use sea_query::{Expr, ExprTrait, Query, SqliteQueryBuilder, Value, Values};

use crate::__private::StaticIden;
use crate::TenantScoped;
use crate::audit::{self, Expected, Finding};
use crate::executor::{Backend, ExecError, Executor, Kind};
use crate::schema::{Names, table_name};

/// What a [`Step`] does. The plan steers on these, never on names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StepKind {
    /// Add the tenant column, nullable.
    AddTenantColumn,
    /// Create the default organization (its id only).
    CreateDefaultOrganization,
    /// Backfill every row without an organization.
    Backfill,
    /// Make the tenant column `NOT NULL`.
    TenantNotNull,
    /// The foreign key to the organizations table.
    OrganizationsForeignKey,
    /// The tenant-led primary key.
    TenantLedPrimaryKey,
    /// The tenant-led uniques.
    TenantLedUniques,
    /// The indexes and composite foreign keys.
    IndexesAndCompositeForeignKeys,
    /// SQLite: the table rebuilt (`NOT NULL`, keys, uniques, foreign keys).
    Rebuild,
    /// PostgreSQL: row-level security.
    RowLevelSecurity,
}

impl StepKind {
    /// What the step does, in words, e.g. `"backfill the tenant column"`.
    pub fn name(self) -> &'static str {
        match self {
            StepKind::AddTenantColumn => "add the tenant column, nullable",
            StepKind::CreateDefaultOrganization => "create the default organization",
            StepKind::Backfill => "backfill the tenant column",
            StepKind::TenantNotNull => "make the tenant column NOT NULL",
            StepKind::OrganizationsForeignKey => "the foreign key to the organizations table",
            StepKind::TenantLedPrimaryKey => "the tenant-led primary key",
            StepKind::TenantLedUniques => "the tenant-led uniques",
            StepKind::IndexesAndCompositeForeignKeys => "the indexes and composite foreign keys",
            StepKind::Rebuild => "rebuild the table (NOT NULL, keys, uniques, foreign keys)",
            StepKind::RowLevelSecurity => "row-level security",
        }
    }
}

impl std::fmt::Display for StepKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// One step of an adoption: what it does and its statements, with their values.
#[derive(Debug, Clone)]
pub struct Step {
    /// What the step does.
    pub kind: StepKind,
    /// Its statements, in order, each with the values it binds.
    pub statements: Vec<(String, Values)>,
}

impl Step {
    fn new(kind: StepKind, statements: Vec<String>) -> Step {
        Step {
            kind,
            statements: statements
                .into_iter()
                .map(|sql| (sql, Values(Vec::new())))
                .collect(),
        }
    }
}

/// `identifier` quoted for `backend`, its quote characters doubled: catalog names (a legacy
/// constraint's, say) are whatever their author wrote.
fn quote(backend: Backend, identifier: &str) -> String {
    match backend {
        Backend::Mysql => format!("`{}`", identifier.replace('`', "``")),
        _ => format!("\"{}\"", identifier.replace('"', "\"\"")),
    }
}

fn table_sql<T: TenantScoped>(backend: Backend) -> String {
    backend.table_name(&table_name::<T>())
}

fn tenant_type<T: TenantScoped>(backend: Backend) -> String {
    backend.column_type(&<T::Key as crate::TenantKey>::column_type())
}

fn build(backend: Backend, statement: &impl sea_query::QueryStatementWriter) -> (String, Values) {
    backend.build(statement)
}

fn schema_sql(backend: Backend, statement: &impl sea_query::SchemaStatementBuilder) -> String {
    backend.schema(statement)
}

/// PostgreSQL: a `CREATE [UNIQUE] INDEX CONCURRENTLY IF NOT EXISTS` that failed leaves an
/// invalid index of its name, which `IF NOT EXISTS` would then skip on every later run: such an
/// index is dropped first.
async fn drop_invalid_indexes<E: Executor>(
    db: &mut E,
    schema: Option<&'static str>,
    steps: &mut [Step],
) -> Result<(), ExecError> {
    for step in steps.iter_mut() {
        let mut statements = Vec::new();
        for (sql, values) in step.statements.drain(..) {
            if let Some(name) = concurrent_index_name(&sql) {
                let invalid = db
                    .fetch(
                        "SELECT 1::bigint FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid \
                         WHERE c.relname = $1 AND c.relnamespace = COALESCE($2, current_schema())::regnamespace \
                         AND NOT i.indisvalid",
                        Values(vec![
                            Value::from(name.clone()),
                            Value::String(schema.map(str::to_owned)),
                        ]),
                        &[Kind::Int],
                    )
                    .await?;
                if !invalid.is_empty() {
                    statements.push((
                        format!(
                            "DROP INDEX CONCURRENTLY IF EXISTS {}{}",
                            schema
                                .map(|schema| format!("{}.", quote(Backend::Postgres, schema)))
                                .unwrap_or_default(),
                            quote(Backend::Postgres, &name)
                        ),
                        Values(Vec::new()),
                    ));
                }
            }
            statements.push((sql, values));
        }
        step.statements = statements;
    }
    Ok(())
}

/// The index a `CREATE [UNIQUE] INDEX CONCURRENTLY IF NOT EXISTS "name" ...` builds.
fn concurrent_index_name(sql: &str) -> Option<String> {
    let rest = sql
        .strip_prefix("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ")
        .or_else(|| sql.strip_prefix("CREATE INDEX CONCURRENTLY IF NOT EXISTS "))?;
    let rest = rest.strip_prefix('"')?;
    Some(rest[..rest.find('"')?].to_owned())
}

/// The steps that `T`'s table still needs to become what `T::create_table()` makes, with
/// `default_organization` for the rows it has. Empty when it is adopted already.
pub async fn plan<T: TenantScoped, E: Executor>(
    db: &mut E,
    default_organization: &T::Key,
) -> Result<Vec<Step>, ExecError> {
    let backend = db.backend();
    let expected = Expected::of::<T>();
    let report = audit::audit(db, std::slice::from_ref(&expected)).await?;
    let findings: Vec<Finding> = report
        .findings
        .into_iter()
        .map(|(_, finding)| finding)
        .collect();
    let table = table_sql::<T>(backend);
    let tenant = quote(backend, T::TENANT_COLUMN);
    let organization = crate::TenantKey::to_value(default_organization);
    let mut steps = Vec::new();

    if findings.contains(&Finding::TableMissing) {
        return Ok(steps);
    }
    if findings.contains(&Finding::TenantColumnMissing) {
        steps.push(Step::new(
            StepKind::AddTenantColumn,
            vec![format!(
                "ALTER TABLE {table} ADD COLUMN {tenant} {} NULL",
                tenant_type::<T>(backend)
            )],
        ));
    }

    // The default organization, if missing: its id only.
    let organizations = T::__TABLE.organizations;
    let organizations_table =
        crate::schema::schema_table(organizations.schema, organizations.table);
    let exists = Query::select()
        .expr(Expr::val(1i64))
        .from(organizations_table.clone())
        .and_where(Expr::col(StaticIden(organizations.column)).eq(organization.clone()))
        .to_owned();
    let (sql, values) = build(backend, &exists);
    if db.fetch(&sql, values, &[Kind::Int]).await?.is_empty() {
        let insert = Query::insert()
            .into_table(organizations_table)
            .columns([StaticIden(organizations.column)])
            .values_panic([organization.clone().into()])
            .to_owned();
        steps.push(Step {
            kind: StepKind::CreateDefaultOrganization,
            statements: vec![build(backend, &insert)],
        });
    }

    // Backfill: every row without an organization gets the default one.
    let backfill = Query::update()
        .table(table_name::<T>())
        .value(StaticIden(T::TENANT_COLUMN), organization.clone())
        .and_where(Expr::col(StaticIden(T::TENANT_COLUMN)).is_null())
        .to_owned();
    let unfilled = steps
        .iter()
        .any(|step| step.kind == StepKind::AddTenantColumn)
        || {
            let count = Query::select()
                .expr(Expr::col(sea_query::Asterisk).count())
                .from(table_name::<T>())
                .and_where(Expr::col(StaticIden(T::TENANT_COLUMN)).is_null())
                .to_owned();
            let (sql, values) = build(backend, &count);
            let rows = db.fetch(&sql, values, &[Kind::Int]).await?;
            !matches!(
                rows.first().map(|row| &row[0]),
                Some(Value::BigInt(Some(0)))
            )
        };
    if unfilled {
        steps.push(Step {
            kind: StepKind::Backfill,
            statements: vec![build(backend, &backfill)],
        });
    }

    let needs_shape = findings.iter().any(|finding| {
        matches!(
            finding,
            Finding::TenantColumnMissing
                | Finding::TenantColumnNullable
                | Finding::NoOrganizationsForeignKey
                | Finding::KeyNotTenantLed { .. }
                | Finding::UniqueNotTenantLed { .. }
                | Finding::UniqueMissing { .. }
                | Finding::CompositeForeignKeyMissing { .. }
        )
    });
    match backend {
        Backend::Sqlite if needs_shape => steps.push(sqlite_rebuild::<T, E>(db).await?),
        Backend::Sqlite => {}
        Backend::Postgres | Backend::Mysql => {
            let mut alter = alter_steps::<T, E>(db, &findings, &table, &tenant).await?;
            if backend == Backend::Postgres {
                drop_invalid_indexes(db, T::SCHEMA, &mut alter).await?;
            }
            steps.extend(alter);
        }
    }
    if backend == Backend::Postgres
        && findings.iter().any(|finding| {
            matches!(
                finding,
                Finding::RowLevelSecurityNotEnabled
                    | Finding::RowLevelSecurityNotForced
                    | Finding::PolicyMissing
                    | Finding::PolicyDifferent
                    | Finding::PolicyRestricted { .. }
            )
        })
    {
        steps.push(Step::new(
            StepKind::RowLevelSecurity,
            T::row_level_security(),
        ));
    }
    Ok(steps)
}

/// PostgreSQL and MySQL: each missing piece by `ALTER TABLE`.
async fn alter_steps<T: TenantScoped, E: Executor>(
    db: &mut E,
    findings: &[Finding],
    table: &str,
    tenant: &str,
) -> Result<Vec<Step>, ExecError> {
    let backend = db.backend();
    let postgres = backend == Backend::Postgres;
    let mut steps = Vec::new();
    let mut names = Names::new(T::TABLE);
    let column_type = tenant_type::<T>(backend);
    let added = findings.contains(&Finding::TenantColumnMissing);
    if added || findings.contains(&Finding::TenantColumnNullable) {
        steps.push(Step::new(
            StepKind::TenantNotNull,
            vec![if postgres {
                format!("ALTER TABLE {table} ALTER COLUMN {tenant} SET NOT NULL")
            } else {
                format!("ALTER TABLE {table} MODIFY COLUMN {tenant} {column_type} NOT NULL")
            }],
        ));
    }
    // Names as `create_table` gives them, in the same order.
    let mut covered = vec![T::TENANT_COLUMN];
    covered.extend(T::PRIMARY_KEY);
    let unique_names: Vec<String> = T::__TABLE
        .unique
        .iter()
        .map(|columns| names.name(columns, columns, "key"))
        .collect();
    let organizations_key = names.name(&[T::TENANT_COLUMN], &[T::TENANT_COLUMN], "fkey");
    if added || findings.contains(&Finding::NoOrganizationsForeignKey) {
        let organizations = T::__TABLE.organizations;
        let target = crate::schema::schema_table(organizations.schema, organizations.table);
        let target = backend.table_name(&target);
        steps.push(Step::new(
            StepKind::OrganizationsForeignKey,
            vec![format!(
                "ALTER TABLE {table} ADD CONSTRAINT {} FOREIGN KEY ({tenant}) REFERENCES {target} ({})",
                quote(backend, &organizations_key),
                quote(backend, organizations.column)
            )],
        ));
    }
    let key: Vec<String> = std::iter::once(T::TENANT_COLUMN)
        .chain(T::PRIMARY_KEY.iter().copied())
        .map(|column| quote(backend, column))
        .collect();
    let key = key.join(", ");
    if added
        || findings
            .iter()
            .any(|finding| matches!(finding, Finding::KeyNotTenantLed { .. }))
    {
        let mut statements = Vec::new();
        if postgres {
            let index = quote(backend, &format!("{}_tenant_pkey", T::TABLE));
            statements.push(format!(
                "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS {index} ON {table} ({key})"
            ));
            let current = db
                .fetch(
                    "SELECT conname::text FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'p'",
                    Values(vec![Value::from(table.to_owned())]),
                    &[Kind::Text],
                )
                .await?;
            let drop = match current.first().map(|row| &row[0]) {
                Some(Value::String(Some(name))) => {
                    format!("DROP CONSTRAINT {} CASCADE, ", quote(backend, name))
                }
                _ => String::new(),
            };
            statements.push(format!(
                "ALTER TABLE {table} {drop}ADD CONSTRAINT {} PRIMARY KEY USING INDEX {index}",
                quote(backend, &format!("{}_pkey", T::TABLE))
            ));
        } else {
            // One `ALTER`, which InnoDB checks as a whole: an index that leads with the old key
            // stays (an `AUTO_INCREMENT` column must lead an index, and the other tables'
            // foreign keys to the old key need one), so nothing that uses the old key is
            // dropped, and a failure changes nothing.
            let old_key: Vec<String> = T::PRIMARY_KEY
                .iter()
                .map(|column| quote(backend, column))
                .collect();
            let index = names.name(T::PRIMARY_KEY, T::PRIMARY_KEY, "idx");
            let present = db
                .fetch(
                    "SELECT CAST(INDEX_NAME AS CHAR) FROM information_schema.STATISTICS \
                     WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND INDEX_NAME = ?",
                    Values(vec![Value::from(T::TABLE), Value::from(index.clone())]),
                    &[Kind::Text],
                )
                .await?;
            let add_index = if present.is_empty() {
                format!(
                    "ADD INDEX {} ({}), ",
                    quote(backend, &index),
                    old_key.join(", ")
                )
            } else {
                String::new()
            };
            statements.push(format!(
                "ALTER TABLE {table} {add_index}DROP PRIMARY KEY, ADD PRIMARY KEY ({key})"
            ));
        }
        steps.push(Step {
            kind: StepKind::TenantLedPrimaryKey,
            statements: statements
                .into_iter()
                .map(|sql| (sql, Values(Vec::new())))
                .collect(),
        });
    }
    let mut uniques = Vec::new();
    for finding in findings {
        match finding {
            // A legacy unique on the same columns as a `#[tenant(unique)]` is replaced.
            Finding::UniqueNotTenantLed { columns }
                if T::__TABLE
                    .unique
                    .iter()
                    .any(|unique| crate::audit::same(columns, unique)) =>
            {
                uniques.push(legacy_unique_drop(db, table, columns).await?);
            }
            Finding::UniqueMissing { columns } => {
                let position = T::__TABLE.unique.iter().position(|unique| {
                    unique.len() + 1 == columns.len()
                        && unique
                            .iter()
                            .zip(&columns[1..])
                            .all(|(a, b)| a.eq_ignore_ascii_case(b))
                });
                let Some(position) = position else { continue };
                let name = quote(backend, &unique_names[position]);
                let list = columns
                    .iter()
                    .map(|column| quote(backend, column))
                    .collect::<Vec<_>>()
                    .join(", ");
                if postgres {
                    uniques.push(format!(
                        "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS {name} ON {table} ({list})"
                    ));
                    uniques.push(format!(
                        "ALTER TABLE {table} ADD CONSTRAINT {name} UNIQUE USING INDEX {name}"
                    ));
                } else {
                    uniques.push(format!(
                        "ALTER TABLE {table} ADD CONSTRAINT {name} UNIQUE ({list})"
                    ));
                }
            }
            _ => {}
        }
    }
    uniques.retain(|sql| !sql.is_empty());
    if !uniques.is_empty() {
        steps.push(Step::new(StepKind::TenantLedUniques, uniques));
    }
    let mut references = Vec::new();
    let indexes = T::create_indexes();
    // The declared indexes come last, after the references' indexes.
    let first_declared = indexes.len() - T::__TABLE.indexes.len();
    let expected = Expected::of::<T>();
    for (position, index) in indexes.iter().enumerate() {
        let mut sql = schema_sql(backend, index);
        if postgres {
            sql = sql.replacen("CREATE INDEX", "CREATE INDEX CONCURRENTLY IF NOT EXISTS", 1);
        }
        let wanted = if position < first_declared {
            findings
                .iter()
                .any(|finding| matches!(finding, Finding::CompositeForeignKeyMissing { .. }))
        } else {
            // A declared index the audit found missing.
            let columns = &expected.indexes[position - first_declared];
            findings.iter().any(|finding| {
                matches!(finding, Finding::IndexMissing { columns: missing }
                if missing.len() == columns.len()
                    && missing.iter().zip(columns).all(|(missing, (name, descending))| {
                        *missing == format!("{name}{}", if *descending { " DESC" } else { "" })
                    }))
            })
        };
        if postgres || wanted {
            references.push(sql);
        }
    }
    for finding in findings {
        if let Finding::CompositeForeignKeyMissing { column } = finding {
            let Some(reference) = T::__references()
                .into_iter()
                .find(|reference| reference.column == column)
            else {
                continue;
            };
            let name = quote(
                backend,
                &names.name(&[reference.column], &[reference.column], "fkey"),
            );
            let target = quote(backend, reference.target_table());
            let quoted = |columns: Vec<&'static str>| {
                columns
                    .into_iter()
                    .map(|column| quote(backend, column))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let add = format!(
                "ALTER TABLE {table} ADD CONSTRAINT {name} FOREIGN KEY ({}) REFERENCES {target} ({})",
                quoted(reference.columns(T::TENANT_COLUMN)),
                quoted(reference.target_columns()),
            );
            if postgres {
                references.push(format!("{add} NOT VALID"));
                references.push(format!("ALTER TABLE {table} VALIDATE CONSTRAINT {name}"));
            } else {
                references.push(add);
            }
        }
    }
    if references.iter().any(|sql| sql.contains("FOREIGN KEY"))
        || (postgres && !references.is_empty() && added)
    {
        steps.push(Step::new(
            StepKind::IndexesAndCompositeForeignKeys,
            references,
        ));
    }
    Ok(steps)
}

/// The statement that drops the legacy unique on `columns` (its name read from the catalog).
async fn legacy_unique_drop<E: Executor>(
    db: &mut E,
    table: &str,
    columns: &[String],
) -> Result<String, ExecError> {
    let backend = db.backend();
    let (sql, kinds) = match backend {
        Backend::Postgres => (
            "SELECT c.conname::text, (SELECT string_agg(a.attname::text, ',' ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY AS k(num, ord) \
             JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.num) FROM pg_constraint c WHERE c.conrelid = $1::regclass AND c.contype = 'u'",
            [Kind::Text, Kind::Text],
        ),
        _ => (
            "SELECT CAST(tc.CONSTRAINT_NAME AS CHAR), CAST(GROUP_CONCAT(k.COLUMN_NAME ORDER BY k.ORDINAL_POSITION SEPARATOR ',') AS CHAR) \
             FROM information_schema.TABLE_CONSTRAINTS tc JOIN information_schema.KEY_COLUMN_USAGE k \
             ON k.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND k.TABLE_NAME = tc.TABLE_NAME AND k.CONSTRAINT_NAME = tc.CONSTRAINT_NAME \
             WHERE tc.TABLE_SCHEMA = DATABASE() AND tc.TABLE_NAME = ? AND tc.CONSTRAINT_TYPE = 'UNIQUE' GROUP BY tc.CONSTRAINT_NAME",
            [Kind::Text, Kind::Text],
        ),
    };
    let plain = table.trim_matches(|c| c == '"' || c == '`');
    let rows = db
        .fetch(
            sql,
            Values(vec![Value::from(if backend == Backend::Postgres {
                table.to_owned()
            } else {
                plain.to_owned()
            })]),
            &kinds,
        )
        .await?;
    let wanted = columns.join(",");
    for row in rows {
        if let (Value::String(Some(name)), Value::String(Some(found))) = (&row[0], &row[1])
            && found.eq_ignore_ascii_case(&wanted)
        {
            return Ok(match backend {
                Backend::Postgres => {
                    format!(
                        "ALTER TABLE {table} DROP CONSTRAINT {}",
                        quote(backend, name)
                    )
                }
                _ => format!("ALTER TABLE {table} DROP INDEX {}", quote(backend, name)),
            });
        }
    }
    Ok(String::new())
}

/// An adoption that would lose data, refused before it changes anything.
#[derive(Debug, thiserror::Error)]
#[error(
    "adopting `{table}` on SQLite rebuilds the table from the struct, which would drop its columns {} and their data: name them in the struct, or move their data out first; nothing was changed",
    columns.join(", ")
)]
pub struct Refused {
    /// The table.
    pub table: &'static str,
    /// Its columns that the struct does not name.
    pub columns: Vec<String>,
}

/// The one text column of what `sql` reads for `table` (its one parameter).
async fn texts<E: Executor>(db: &mut E, sql: &str, table: &str) -> Result<Vec<String>, ExecError> {
    let rows = db
        .fetch(sql, Values(vec![Value::from(table)]), &[Kind::Text])
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| match &row[0] {
            Value::String(Some(text)) => Some(text.clone()),
            _ => None,
        })
        .collect())
}

/// SQLite: the table rebuilt from `create_table()`, rows copied, its own indexes and triggers
/// made again. A column the struct does not name would be lost with its data: [`Refused`].
async fn sqlite_rebuild<T: TenantScoped, E: Executor>(db: &mut E) -> Result<Step, ExecError> {
    let temporary = format!("{}__tenant_adopt", T::TABLE);
    let mut create = T::create_table();
    create.table(sea_query::Alias::new(temporary.as_str()));
    let create = create.to_string(SqliteQueryBuilder);
    // The columns both tables have, by name.
    let existing = texts(db, "SELECT name FROM pragma_table_info(?1)", T::TABLE).await?;
    let legacy: Vec<String> = existing
        .iter()
        .filter(|name| {
            !T::COLUMNS
                .iter()
                .any(|column| column.eq_ignore_ascii_case(name))
        })
        .cloned()
        .collect();
    if !legacy.is_empty() {
        return Err(ExecError::new(Refused {
            table: T::TABLE,
            columns: legacy,
        }));
    }
    // The table's indexes and triggers go with the old table: made again on the new one (its
    // name is the old one's by then). Those of its constraints (`sql` is NULL) are replaced by
    // `create_table()`'s.
    let own = texts(
        db,
        "SELECT sql FROM sqlite_master WHERE tbl_name = ?1 AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type, name",
        T::TABLE,
    )
    .await?;
    // The tenant column is there by the time this step runs: an earlier step of the same plan
    // adds it.
    let columns = T::COLUMNS
        .iter()
        .filter(|column| {
            column.eq_ignore_ascii_case(T::TENANT_COLUMN)
                || existing
                    .iter()
                    .any(|name| name.eq_ignore_ascii_case(column))
        })
        .map(|column| format!("\"{column}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let mut statements = vec![
        // Outside the transaction: the pragma is a no-op inside one.
        "PRAGMA foreign_keys = OFF".to_owned(),
        "BEGIN".to_owned(),
        format!("DROP TABLE IF EXISTS \"{temporary}\""),
        create,
        format!(
            "INSERT INTO \"{temporary}\" ({columns}) SELECT {columns} FROM \"{}\"",
            T::TABLE
        ),
        format!("DROP TABLE \"{}\"", T::TABLE),
        format!("ALTER TABLE \"{temporary}\" RENAME TO \"{}\"", T::TABLE),
    ];
    // The table's own first: `create_indexes()`'s are `IF NOT EXISTS`.
    statements.extend(own);
    statements.extend(
        T::create_indexes()
            .iter_mut()
            .map(|index| index.if_not_exists().to_string(SqliteQueryBuilder)),
    );
    statements.push("COMMIT".to_owned());
    statements.push("PRAGMA foreign_keys = ON".to_owned());
    Ok(Step::new(StepKind::Rebuild, statements))
}

/// Runs `steps` in order. When a statement fails, the connection is left as it was before its
/// step: a step's open transaction (SQLite's table rebuild) is rolled back, with the temporary
/// table in it, and SQLite's `foreign_keys` pragma is restored to what it was.
pub async fn run<E: Executor>(db: &mut E, steps: &[Step]) -> Result<(), ExecError> {
    let foreign_keys = match db.backend() {
        Backend::Sqlite => {
            let rows = db
                .fetch("PRAGMA foreign_keys", Values(Vec::new()), &[Kind::Int])
                .await?;
            Some(matches!(
                rows.first().map(|row| &row[0]),
                Some(Value::BigInt(Some(1)))
            ))
        }
        _ => None,
    };
    for step in steps {
        let mut in_transaction = false;
        for (sql, values) in &step.statements {
            if let Err(error) = db.execute(sql, values.clone()).await {
                if in_transaction {
                    // The error is the first failure's; a failed rollback leaves nothing more
                    // to undo.
                    let _ = db.execute("ROLLBACK", Values(Vec::new())).await;
                }
                if let Some(on) = foreign_keys {
                    let pragma = format!("PRAGMA foreign_keys = {}", if on { "ON" } else { "OFF" });
                    let _ = db.execute(&pragma, Values(Vec::new())).await;
                }
                return Err(error);
            }
            match sql.as_str() {
                "BEGIN" => in_transaction = true,
                "COMMIT" => in_transaction = false,
                _ => {}
            }
        }
    }
    Ok(())
}

/// Plans and runs the adoption of `T`'s table with `default_organization` for its rows; the
/// names of the steps it ran (none when the table was adopted already).
pub async fn adopt<T: TenantScoped, E: Executor>(
    db: &mut E,
    default_organization: &T::Key,
) -> Result<Vec<StepKind>, ExecError> {
    let steps = plan::<T, E>(db, default_organization).await?;
    run(db, &steps).await?;
    Ok(steps.iter().map(|step| step.kind).collect())
}
