//! Test helpers (feature `testing`): fixtures of organizations with an owner and a member, and
//! [`isolation`], which proves on the application's own database that every tenant-scoped
//! struct it derives keeps its organizations apart through the builders.
//!
//! ```no_run
//! # async fn test(mut db: tenant_core::orgs::RusqliteExecutor<'_>) {
//! use tenant_core::testing;
//!
//! // In a test of the application, on a database with its schema (and the `orgs` tables):
//! let report = testing::isolation(&mut db).await.expect("the probe runs");
//! report.assert();
//! # }
//! ```
//!
//! [`isolation`] needs the `audit` registry (every derived struct registers itself) and the
//! `orgs` tables: its two organizations are made by [`two_organizations`], and each registered
//! table whose tenant column references them gets two rows of each, written with generated
//! values (parents before the tables that reference them). Then, under the first
//! organization's scope, through the builders: a select sees its two rows and only its own, a
//! count says two, a find by the other organization's key finds nothing, an update and a delete
//! by that key change nothing, an update of every row and a delete of every row change its two
//! rows — and, read under the second organization's binding, the second's rows are all there,
//! unchanged. A table it cannot fill (a column type it cannot generate, a tenant key that is not
//! a `Uuid`, a foreign key to a table it does not know) is reported as skipped, with why.
//! The rows it writes stay: run it on a test database.

use std::collections::HashMap;
use std::time::Duration;

use sea_query::{ColumnType, Expr, ExprTrait, Query, Value, Values};
use uuid::Uuid;

use crate::__private::StaticIden;
use crate::audit::{Expected, Registered};
use crate::executor::{Backend, Connection, Executor, Kind, Transaction, dialect};
use crate::orgs::{self, Member, OrgError, Role};
use crate::query::Statement;
use crate::rls::Binding;
use crate::schema::TableInfo;
use crate::{Scope, TenantKey, TenantScoped, TenantSetting};

/// An organization made for a test: its owner and one member (role `Member`).
#[derive(Debug, Clone)]
pub struct Fixture {
    /// The owner.
    pub owner: Member,
    /// A member with the role `Member`.
    pub member: Member,
}

impl Fixture {
    /// The organization's scope.
    pub fn scope(&self) -> &Scope {
        self.owner.scope()
    }
}

/// An organization named `name` (its slug made unique), with a new owner and a new member,
/// made through the flows.
pub async fn organization<C: Connection>(db: &mut C, name: &str) -> Result<Fixture, OrgError> {
    let suffix = Uuid::new_v4().simple().to_string();
    let slug = format!(
        "{}-{}",
        name.to_ascii_lowercase().replace(' ', "-"),
        &suffix[..12]
    );
    let owner = orgs::create_organization(db, Uuid::new_v4(), name, &slug).await?;
    let email = format!("member@{slug}.example");
    let (_, token) =
        orgs::invite(db, &owner, &email, Role::Member, Duration::from_secs(3600)).await?;
    let member = orgs::accept(db, &token, Uuid::new_v4(), None).await?;
    Ok(Fixture { owner, member })
}

/// Two organizations, "Acme" and "Globex", each with an owner and a member.
pub async fn two_organizations<C: Connection>(db: &mut C) -> Result<(Fixture, Fixture), OrgError> {
    Ok((
        organization(db, "Acme").await?,
        organization(db, "Globex").await?,
    ))
}

/// What [`isolation`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Isolation {
    /// The tables proven.
    pub checked: Vec<&'static str>,
    /// The tables it could not fill, with why.
    pub skipped: Vec<(&'static str, String)>,
    /// What broke: the table and what it saw.
    pub failures: Vec<(&'static str, String)>,
}

impl Isolation {
    /// Panics, listing them, if any check failed or no table was checked; for a test.
    #[track_caller]
    pub fn assert(&self) {
        assert!(
            self.failures.is_empty(),
            "organizations are not kept apart: {:#?}",
            self.failures
        );
        assert!(
            !self.checked.is_empty(),
            "no registered tenant table was checked (skipped: {:#?})",
            self.skipped
        );
    }
}

/// A statement [`Probe`] builds for one table under one organization's scope.
pub(crate) enum Check<'a> {
    /// The tenant column of every row the scope's select sees.
    Tenants,
    /// `COUNT(*)` through the scoped select.
    Count,
    /// A select by key.
    Find(&'a [Value]),
    /// `column` of the row with the key.
    Column(&'static str, &'a [Value]),
    /// An update of `column` to `value`, of the row with the key, or of every row.
    Update(&'static str, Value, Option<&'a [Value]>),
    /// A delete of the row with the key, or of every row.
    Delete(Option<&'a [Value]>),
}

/// What a registered tenant struct `T` gives the probe: its table, and its builders' statements
/// under a scope made of a `Uuid` (`None` when its key is not one).
#[doc(hidden)]
pub struct Probe {
    pub(crate) expected: fn() -> Expected,
    pub(crate) table: fn() -> TableInfo,
    pub(crate) statement: fn(Backend, Uuid, &Check<'_>) -> Option<(String, Values)>,
}

impl Probe {
    /// `T`'s.
    pub const fn of<T: TenantScoped>() -> Probe {
        Probe {
            expected: Expected::of::<T>,
            table: || T::__TABLE,
            statement: statement::<T>,
        }
    }
}

fn statement<T: TenantScoped>(
    backend: Backend,
    organization: Uuid,
    check: &Check<'_>,
) -> Option<(String, Values)> {
    let scope = Scope::new(T::Key::__from_uuid(organization)?).ok()?;
    let info = T::__TABLE;
    let tenant = Expr::col(info.qualified(info.tenant));
    let build = |statement: &dyn Fn(Backend) -> (String, Values)| Some(statement(backend));
    match check {
        Check::Tenants => {
            let select = T::select(&scope).expr(tenant);
            build(&|backend| dialect!(backend, builder => select.build_sql(builder)))
        }
        Check::Count => {
            let select = T::select(&scope).expr(Expr::col(sea_query::Asterisk).count());
            build(&|backend| dialect!(backend, builder => select.build_sql(builder)))
        }
        Check::Find(key) => {
            let select = T::select(&scope)
                .expr(tenant)
                .and_where(key_filter(info, key));
            build(&|backend| dialect!(backend, builder => select.build_sql(builder)))
        }
        Check::Column(column, key) => {
            let select = T::select(&scope)
                .expr(Expr::col(info.qualified(column)))
                .and_where(key_filter(info, key));
            build(&|backend| dialect!(backend, builder => select.build_sql(builder)))
        }
        Check::Update(column, value, key) => {
            let mut update = T::update(&scope).__set_by_name(column, value.clone())?;
            if let Some(key) = key {
                update = update.and_where(key_filter(info, key));
            }
            build(&|backend| dialect!(backend, builder => update.build_sql(builder)))
        }
        Check::Delete(key) => {
            let mut delete = T::delete(&scope);
            if let Some(key) = key {
                delete = delete.and_where(key_filter(info, key));
            }
            build(&|backend| dialect!(backend, builder => delete.build_sql(builder)))
        }
    }
}

/// `key = …` of `info`'s table. The probe skips tables keyed by their tenant column alone, so
/// every table here has a key.
fn key_filter(info: TableInfo, key: &[Value]) -> Expr {
    info.key_filter(key.iter().cloned())
        .unwrap_or_else(|| Expr::val(false))
}

/// A value of `column_type` that differs with `seed`; `None` for a type the probe cannot make.
fn generate(column_type: &ColumnType, seed: u32) -> Option<Value> {
    let small = i16::try_from(seed % 30_000).unwrap_or(0);
    Some(match column_type {
        ColumnType::Char(_) | ColumnType::String(_) | ColumnType::Text => {
            Value::from(format!("t{seed}"))
        }
        ColumnType::TinyInteger => Value::TinyInt(Some(i8::try_from(seed % 100).unwrap_or(0))),
        ColumnType::SmallInteger => Value::SmallInt(Some(small)),
        ColumnType::Integer => Value::Int(Some(i32::try_from(seed).unwrap_or(i32::MAX))),
        ColumnType::BigInteger => Value::BigInt(Some(i64::from(seed))),
        ColumnType::Float => Value::Float(Some(f32::from(small))),
        ColumnType::Double => Value::Double(Some(f64::from(seed))),
        ColumnType::Boolean => Value::Bool(Some(seed.is_multiple_of(2))),
        ColumnType::Uuid => Value::Uuid(Some(Uuid::new_v4())),
        ColumnType::Binary(_) | ColumnType::VarBinary(_) | ColumnType::Blob => {
            Value::Bytes(Some(seed.to_be_bytes().to_vec()))
        }
        _ => return None,
    })
}

/// Runs `sql` in a transaction bound to `organization` (PostgreSQL: for row-level security),
/// committed: the rows it fetches (`kinds`), or the rows it changed.
async fn bound<C: Connection>(
    db: &mut C,
    organization: Uuid,
    (sql, values): (String, Values),
    kinds: Option<&[Kind]>,
) -> Result<Result<Vec<Vec<Value>>, u64>, OrgError> {
    let mut tx = db.begin().await?;
    if tx.backend() == Backend::Postgres {
        let binding = Binding::organization(&TenantSetting::DEFAULT, &Value::from(organization));
        tx.execute(binding.sql(), Values(Vec::new())).await?;
    }
    let result = match kinds {
        Some(kinds) => Ok(tx.fetch(&sql, values, kinds).await?),
        None => Err(tx.execute(&sql, values).await?),
    };
    tx.commit().await?;
    Ok(result)
}

/// A row the probe wrote: its values, column by column, and its key's.
type Written = (Vec<Value>, Vec<Value>);

/// One table's rows, per organization.
struct Rows {
    rows: HashMap<Uuid, Vec<Written>>,
}

/// Proves, for every registered tenant table it can fill, that the builders keep two
/// organizations apart (see the [module](self)). Errors only when the database refuses a
/// fixture; what the probe sees is in the returned [`Isolation`].
pub async fn isolation<C: Connection>(db: &mut C) -> Result<Isolation, OrgError> {
    let (a, b) = two_organizations(db).await?;
    let (a, b) = (a.owner.organization(), b.owner.organization());
    let backend = db.backend();
    let mut report = Isolation::default();
    let mut probes: Vec<&Probe> = inventory::iter::<Registered<Expected>>
        .into_iter()
        .filter_map(Registered::probe)
        .collect();
    probes.sort_by_key(|probe| (probe.table)().name);
    // Parents before the tables that reference them.
    let mut filled: HashMap<String, Rows> = HashMap::new();
    let mut order: Vec<&Probe> = Vec::new();
    let mut seed = 1;
    while !probes.is_empty() {
        let ready = probes.iter().position(|probe| {
            (probe.expected)().references.iter().all(|reference| {
                reference.target == (probe.table)().name
                    || !probes
                        .iter()
                        .any(|other| (other.table)().name == reference.target)
            })
        });
        let probe = probes.remove(ready.unwrap_or(0));
        match fill(db, backend, probe, [a, b], &filled, &mut seed).await? {
            Ok(rows) => {
                filled.insert((probe.table)().name.to_owned(), rows);
                order.push(probe);
            }
            Err(why) => report.skipped.push(((probe.table)().name, why)),
        }
    }
    // Children before parents: deleting a parent's rows needs its children's gone.
    for probe in order.into_iter().rev() {
        let table = (probe.table)();
        let rows = &filled[table.name];
        match check(db, backend, probe, &table, rows, [a, b], &mut seed).await? {
            Ok(()) => report.checked.push(table.name),
            Err(failure) => report.failures.push((table.name, failure)),
        }
    }
    report.checked.sort_unstable();
    Ok(report)
}

/// Writes two rows of each organization into `probe`'s table: generated values, the tenant
/// column set, each reference to a row of the same organization. `Err` with why it cannot.
async fn fill<C: Connection>(
    db: &mut C,
    backend: Backend,
    probe: &Probe,
    organizations: [Uuid; 2],
    filled: &HashMap<String, Rows>,
    seed: &mut u32,
) -> Result<Result<Rows, String>, OrgError> {
    let table = (probe.table)();
    let expected = (probe.expected)();
    if (probe.statement)(backend, organizations[0], &Check::Count).is_none() {
        return Ok(Err("its tenant key is not a Uuid".to_owned()));
    }
    if table.primary_key.is_empty() {
        return Ok(Err(
            "it is keyed by its tenant column alone (`one_per_organization`)".to_owned(),
        ));
    }
    if expected.organizations.table != "organizations" || expected.organizations.column != "id" {
        return Ok(Err(format!(
            "its tenant column references {}({}), not the orgs table",
            expected.organizations.table, expected.organizations.column
        )));
    }
    let mut rows = Rows {
        rows: HashMap::new(),
    };
    for organization in organizations {
        for index in 0..2 {
            let mut values = Vec::new();
            for column in table.columns {
                let column_type = (column.sql_type.column_type)();
                let reference = expected
                    .references
                    .iter()
                    .find(|reference| reference.column == column.name);
                let value = if column.name == table.tenant {
                    Value::from(organization)
                } else if let Some(reference) = reference {
                    let target = &reference.target;
                    let Some(parent) = filled.get(target.as_str()) else {
                        // A self reference, or a table not filled: none, if it may be.
                        if (column.sql_type.nullable)() {
                            values.push(null_of(&column_type));
                            continue;
                        }
                        return Ok(Err(format!(
                            "`{}` references {target}, which it could not fill",
                            column.name
                        )));
                    };
                    match parent.rows[&organization][index].1.as_slice() {
                        [key] => key.clone(),
                        _ => {
                            return Ok(Err(format!(
                                "`{}` references a composite key",
                                column.name
                            )));
                        }
                    }
                } else {
                    *seed += 1;
                    match generate(&column_type, *seed) {
                        Some(value) => value,
                        None if (column.sql_type.nullable)() => null_of(&column_type),
                        None => {
                            return Ok(Err(format!(
                                "column `{}` has a type the probe cannot generate ({column_type:?})",
                                column.name
                            )));
                        }
                    }
                };
                values.push(value);
            }
            let key: Vec<Value> = table
                .primary_key
                .iter()
                .filter_map(|name| {
                    let position = table
                        .columns
                        .iter()
                        .position(|column| column.name == *name)?;
                    values.get(position).cloned()
                })
                .collect();
            let mut insert = Query::insert();
            insert
                .into_table(table.table_name())
                .columns(table.columns.iter().map(|column| StaticIden(column.name)))
                .values_panic(values.iter().cloned().map(Expr::val));
            let sql = dialect!(backend, builder => insert.build(builder));
            if let Err(error) = bound(db, organization, sql, None).await {
                return Ok(Err(format!("its rows could not be written: {error}")));
            }
            rows.rows
                .entry(organization)
                .or_default()
                .push((values, key));
        }
    }
    Ok(Ok(rows))
}

/// A NULL of the value variant `column_type` binds as.
fn null_of(column_type: &ColumnType) -> Value {
    match Kind::of(column_type) {
        Kind::Uuid => Value::Uuid(None),
        Kind::Bool => Value::Bool(None),
        Kind::Int => Value::BigInt(None),
        Kind::Bytes => Value::Bytes(None),
        Kind::Text => Value::String(None),
    }
}

/// Whether two values are the same, reading every integer as an `i64` (a value is read back
/// as the widest of its kind).
fn same(left: &Value, right: &Value) -> bool {
    let int = |value: &Value| match value {
        Value::TinyInt(int) => int.map(i64::from),
        Value::SmallInt(int) => int.map(i64::from),
        Value::Int(int) => int.map(i64::from),
        Value::BigInt(int) => *int,
        _ => None,
    };
    match (int(left), int(right)) {
        (Some(left), Some(right)) => left == right,
        _ => left == right,
    }
}

/// The checks of the [module](self) on one filled table.
async fn check<C: Connection>(
    db: &mut C,
    backend: Backend,
    probe: &Probe,
    table: &TableInfo,
    rows: &Rows,
    [a, b]: [Uuid; 2],
    seed: &mut u32,
) -> Result<Result<(), String>, OrgError> {
    macro_rules! run {
        ($organization:expr, $check:expr, $kinds:expr) => {{
            let Some(statement) = (probe.statement)(backend, $organization, &$check) else {
                return Ok(Err("its tenant key is not a Uuid".to_owned()));
            };
            bound(db, $organization, statement, $kinds).await?
        }};
    }
    macro_rules! expect {
        ($ok:expr, $($why:tt)*) => {
            if !$ok {
                return Ok(Err(format!($($why)*)));
            }
        };
    }
    let b_key = rows.rows[&b][0].1.as_slice();
    // The other organization's rows before (the fixtures' flows may have written some).
    let b_before = run!(b, Check::Tenants, Some(&[Kind::Uuid]))
        .unwrap_or_default()
        .len();
    // The scope's select: only its own rows, the probe's among them; its count; a find by the
    // other's key.
    let seen = run!(a, Check::Tenants, Some(&[Kind::Uuid])).unwrap_or_default();
    let own = seen.len();
    expect!(
        own >= 2 && seen.iter().all(|row| row[0] == Value::from(a)),
        "the scope's select saw {seen:?}: not only its own rows, or not the probe's two"
    );
    for (_, key) in &rows.rows[&a] {
        let found = run!(a, Check::Find(key), Some(&[Kind::Uuid])).unwrap_or_default();
        expect!(
            found.len() == 1,
            "a find by one of the scope's own keys found {found:?}"
        );
    }
    let counted = run!(a, Check::Count, Some(&[Kind::Int])).unwrap_or_default();
    let expected_count = Value::BigInt(Some(i64::try_from(own).unwrap_or(i64::MAX)));
    expect!(
        counted.first().and_then(|row| row.first()) == Some(&expected_count),
        "the scope's count said {counted:?}, its select saw {own}"
    );
    let found = run!(a, Check::Find(b_key), Some(&[Kind::Uuid])).unwrap_or_default();
    expect!(
        found.is_empty(),
        "a find by the other organization's key found {found:?}"
    );
    // An update of a column that is no tenant column, key, reference or unique column, and
    // that reads back as written: of the other organization's row, then of every row.
    let expected = (probe.expected)();
    let column = table.columns.iter().position(|column| {
        let column_type = (column.sql_type.column_type)();
        column.name != table.tenant
            && !table.primary_key.contains(&column.name)
            && !expected
                .references
                .iter()
                .any(|reference| reference.column == column.name)
            && !table
                .unique
                .iter()
                .any(|unique| unique.contains(&column.name))
            && !matches!(column_type, ColumnType::Float | ColumnType::Double)
            && generate(&column_type, 0).is_some()
    });
    if let Some(position) = column {
        let column = &table.columns[position];
        *seed += 1;
        let value = generate(&(column.sql_type.column_type)(), *seed).unwrap_or(Value::Bool(None));
        let updated = run!(
            a,
            Check::Update(column.name, value.clone(), Some(b_key)),
            None
        )
        .err()
        .unwrap_or_default();
        expect!(
            updated == 0,
            "an update by the other organization's key changed {updated} rows"
        );
        let updated = run!(a, Check::Update(column.name, value, None), None)
            .err()
            .unwrap_or_default();
        expect!(
            updated == own as u64,
            "an update of every row changed {updated} rows, not the scope's {own}"
        );
    }
    let deleted = run!(a, Check::Delete(Some(b_key)), None)
        .err()
        .unwrap_or_default();
    expect!(
        deleted == 0,
        "a delete by the other organization's key deleted {deleted} rows"
    );
    let deleted = run!(a, Check::Delete(None), None).err().unwrap_or_default();
    expect!(
        deleted == own as u64,
        "a delete of every row deleted {deleted} rows, not the scope's {own}"
    );
    // The other organization's rows, read under its own binding: all there, unchanged.
    let left = run!(b, Check::Tenants, Some(&[Kind::Uuid])).unwrap_or_default();
    expect!(
        left.len() == b_before,
        "the other organization has {} rows left, not its {b_before}",
        left.len()
    );
    if let Some(position) = column {
        let column = &table.columns[position];
        let kind = Kind::of(&(column.sql_type.column_type)());
        for (values, key) in &rows.rows[&b] {
            let read = run!(b, Check::Column(column.name, key), Some(&[kind])).unwrap_or_default();
            let now = read.first().and_then(|row| row.first());
            expect!(
                now.is_some_and(|now| same(now, &values[position])),
                "the other organization's `{}` is {now:?}, written {:?}",
                column.name,
                values[position]
            );
        }
    }
    Ok(Ok(()))
}
