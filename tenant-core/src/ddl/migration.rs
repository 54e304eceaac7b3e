//! Every statement a schema needs, in the order a migration runs them, for one backend: for
//! teams that keep SQL migration files, or that review what `create_table` and its siblings
//! would run before anything runs.
//!
//! A [`Migration`] lists tables; [`statements`](Migration::statements) writes, in order:
//!
//! 1. each global table (`create_table`, `create_indexes`; with [`citus`](Migration::citus),
//!    `create_reference_table`, or `create_distributed_table` for the organizations table);
//! 2. with [`organizations`](Migration::organizations) (feature `organizations`), every table
//!    of the `orgs` layer, as `orgs::schema` gives them;
//! 3. each tenant table, parents before the tables that reference them: `create_table`, with
//!    Citus its distribution (and then its foreign keys to global tables, which Citus takes only
//!    once the table is distributed), then `create_indexes`;
//! 4. on PostgreSQL with [`row_level_security`](Migration::row_level_security), the policies
//!    (the `orgs` tables' too, always keyed by the default setting, which their flows bind),
//!    each statement once.
//!
//! ```
//! use tenant_core::migration::{Backend, Migration};
//! use tenant_core::{GlobalTable, TenantScoped, TenantSetting, uuid::Uuid};
//!
//! #[derive(GlobalTable)]
//! struct Organization {
//!     id: Uuid,
//!     name: String,
//! }
//!
//! #[derive(TenantScoped)]
//! #[tenant(index = "name")]
//! struct Project {
//!     id: Uuid,
//!     organization_id: Uuid,
//!     name: String,
//! }
//!
//! let statements = Migration::new(Backend::Postgres)
//!     .tenant::<Project>()
//!     .global::<Organization>()
//!     .row_level_security(TenantSetting::DEFAULT)
//!     .statements();
//! assert!(statements[0].starts_with(r#"CREATE TABLE "organizations""#));
//! assert!(statements[1].starts_with(r#"CREATE TABLE "projects""#));
//! assert_eq!(statements[2], r#"CREATE INDEX "projects_name_idx" ON "projects" ("organization_id", "name")"#);
//! assert!(statements[3].starts_with(r#"CREATE OR REPLACE FUNCTION "tenant_bound_uuid""#));
//! assert_eq!(statements.len(), 8);
//! ```

use sea_query::{
    ForeignKeyCreateStatement, IndexCreateStatement, MysqlQueryBuilder, PostgresQueryBuilder,
    SchemaStatementBuilder, SqliteQueryBuilder, TableCreateStatement,
};

use crate::schema::TableInfo;
use crate::{GlobalTable, TenantScoped, TenantSetting};

/// Which SQL dialect statements are written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// SQLite.
    Sqlite,
    /// PostgreSQL.
    Postgres,
    /// MySQL or MariaDB.
    Mysql,
}

impl Backend {
    /// The SQL of a schema statement (`CREATE TABLE`, `CREATE INDEX`) for this dialect.
    pub(crate) fn schema(self, statement: &impl SchemaStatementBuilder) -> String {
        match self {
            Backend::Sqlite => statement.build(SqliteQueryBuilder),
            Backend::Postgres => statement.build(PostgresQueryBuilder),
            Backend::Mysql => statement.build(MysqlQueryBuilder),
        }
    }
}

/// One table of a [`Migration`]: what the derive knows of it, and its statements.
struct Part {
    table: TableInfo,
    /// The tables its references point at.
    parents: Vec<&'static str>,
    create: TableCreateStatement,
    /// `create` without its foreign keys to global tables, and those keys (Citus).
    create_apart: (TableCreateStatement, Vec<ForeignKeyCreateStatement>),
    indexes: Vec<IndexCreateStatement>,
    distribute: Vec<String>,
    row_level_security: fn(&TenantSetting) -> Vec<String>,
}

/// The tables of a schema, written as one ordered list of statements for one backend: see the
/// [module](self).
#[must_use = "a migration does nothing until its statements are written and run"]
pub struct Migration {
    backend: Backend,
    globals: Vec<Part>,
    tenants: Vec<Part>,
    #[cfg_attr(not(feature = "organizations"), allow(dead_code))]
    organizations: bool,
    setting: Option<TenantSetting>,
    citus: bool,
}

impl Migration {
    /// An empty migration for `backend`.
    pub fn new(backend: Backend) -> Migration {
        Migration {
            backend,
            globals: Vec::new(),
            tenants: Vec::new(),
            organizations: false,
            setting: None,
            citus: false,
        }
    }

    /// Adds the tenant table `T`.
    pub fn tenant<T: TenantScoped>(mut self) -> Migration {
        self.tenants.push(Part {
            table: T::__TABLE,
            parents: T::__references()
                .iter()
                .map(|reference| reference.target_table())
                .collect(),
            create: T::create_table(),
            create_apart: crate::schema::create_table_apart::<T>(true),
            indexes: T::create_indexes(),
            distribute: T::distribute(),
            row_level_security: crate::rls::statements::<T>,
        });
        self
    }

    /// Adds the global table `G`.
    pub fn global<G: GlobalTable>(mut self) -> Migration {
        fn none(_: &TenantSetting) -> Vec<String> {
            Vec::new()
        }
        self.globals.push(Part {
            table: G::__TABLE,
            parents: Vec::new(),
            create: G::create_table(),
            create_apart: (G::create_table(), Vec::new()),
            indexes: G::create_indexes(),
            distribute: vec![crate::citus::reference::<G>()],
            row_level_security: none,
        });
        self
    }

    /// Adds the tables of the `orgs` layer (organizations, memberships, invitations, the
    /// activity trail), and, with [`row_level_security`](Self::row_level_security), their
    /// policies.
    #[cfg(feature = "organizations")]
    #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
    pub fn organizations(mut self) -> Migration {
        self.organizations = true;
        self
    }

    /// PostgreSQL: puts every tenant table under row-level security keyed by `setting`. Other
    /// backends have no policies, and get no statement for it.
    pub fn row_level_security(mut self, setting: TenantSetting) -> Migration {
        self.setting = Some(setting);
        self
    }

    /// Citus: distributes every tenant table by its tenant column and makes every global table
    /// a reference table (the organizations table, when it is one of them, is distributed by
    /// its id). PostgreSQL only.
    pub fn citus(mut self) -> Migration {
        self.citus = true;
        self
    }

    /// Every statement, in the order to run them (see the [module](self)).
    pub fn statements(&self) -> Vec<String> {
        let backend = self.backend;
        let citus = self.citus && backend == Backend::Postgres;
        let mut statements = Vec::new();
        let organizations_table = self.tenants.first().map(|part| {
            (
                part.table.organizations.schema,
                part.table.organizations.table,
            )
        });
        for part in &self.globals {
            statements.push(backend.schema(&part.create));
            statements.extend(part.indexes.iter().map(|index| backend.schema(index)));
            if citus {
                if organizations_table == Some((part.table.schema, part.table.name)) {
                    statements.push(crate::citus::distribute_organizations(
                        &self.tenants[0].table.organizations,
                    ));
                } else {
                    statements.extend(part.distribute.iter().cloned());
                }
            }
        }
        #[cfg(feature = "organizations")]
        if self.organizations {
            statements.extend(crate::orgs::schema(backend));
        }
        for part in self.ordered_tenants() {
            if citus {
                // Citus refuses a table with foreign keys to a distributed and a reference
                // table before it is distributed: those to global tables come after.
                let (create, foreign_keys) = &part.create_apart;
                statements.push(backend.schema(create));
                statements.extend(part.distribute.iter().cloned());
                statements.extend(foreign_keys.iter().map(|key| backend.schema(key)));
            } else {
                statements.push(backend.schema(&part.create));
            }
            statements.extend(part.indexes.iter().map(|index| backend.schema(index)));
        }
        if let (Some(setting), Backend::Postgres) = (&self.setting, backend) {
            #[cfg(feature = "organizations")]
            if self.organizations {
                statements.extend(crate::orgs::row_level_security());
            }
            for part in self.ordered_tenants() {
                for statement in (part.row_level_security)(setting) {
                    if !statements.contains(&statement) {
                        statements.push(statement);
                    }
                }
            }
        }
        statements
    }

    /// The tenant tables, each after the tables it references (in the order they were added,
    /// where references do not decide).
    fn ordered_tenants(&self) -> Vec<&Part> {
        let mut left: Vec<&Part> = self.tenants.iter().collect();
        let mut ordered: Vec<&Part> = Vec::new();
        while !left.is_empty() {
            let ready = left
                .iter()
                .position(|part| {
                    part.parents.iter().all(|parent| {
                        *parent == part.table.name
                            || !left.iter().any(|other| other.table.name == *parent)
                    })
                })
                // A cycle of references: the order they were added.
                .unwrap_or(0);
            ordered.push(left.remove(ready));
        }
        ordered
    }
}
