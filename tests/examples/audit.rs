//! Audits a live database against every derived struct of this binary (the tests crate's
//! `Project`, `Member`, `Task`, ... and `tenant_core::orgs`' tables), and prints the report.
//!
//! ```sh
//! cargo run -p tenant-tests --example audit -- postgres://postgres@127.0.0.1:5432/test
//! cargo run -p tenant-tests --example audit -- mysql://root@127.0.0.1:3306/test
//! cargo run -p tenant-tests --example audit -- sqlite://path/to/app.db
//! ```

use sqlx::Connection;
use tenant_core::audit;
// Links the tests crate, whose structs register themselves.
use tenant_core::executor::{PostgresExecutor, RusqliteExecutor, SqlxMysqlExecutor, block_on};
use tenant_tests as _;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::args()
        .nth(1)
        .ok_or("usage: audit <postgres://...|mysql://...|sqlite://path>")?;
    let tables = audit::registered();
    println!(
        "auditing {} tables: {}",
        tables.len(),
        tables
            .iter()
            .map(|table| table.table)
            .collect::<Vec<_>>()
            .join(", ")
    );
    let report = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let mut client = postgres::Client::connect(&url, postgres::NoTls)?;
        block_on(audit::audit(
            &mut PostgresExecutor::new(&mut client),
            &tables,
        ))?
    } else if url.starts_with("mysql://") || url.starts_with("mariadb://") {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        runtime.block_on(async {
            let mut connection = sqlx::MySqlConnection::connect(&url).await?;
            let report =
                audit::audit(&mut SqlxMysqlExecutor::new(&mut connection), &tables).await?;
            Ok::<_, Box<dyn std::error::Error>>(report)
        })?
    } else if let Some(path) = url.strip_prefix("sqlite://") {
        let mut connection = rusqlite::Connection::open(path)?;
        block_on(audit::audit(
            &mut RusqliteExecutor::new(&mut connection),
            &tables,
        ))?
    } else {
        return Err(format!("not a postgres://, mysql:// or sqlite:// URL: {url}").into());
    };
    print!("{report}");
    Ok(())
}
