include!("../../common/sql_models.rs");

fn main() {
    // `--1` is no comment to MySQL: the backslash after it is in a string, where a server with
    // `NO_BACKSLASH_ESCAPES` ends the string early and reads `OR TRUE`.
    let _ = tenant_sql!(
        mysql,
        "SELECT p.name FROM {Project} AS p WHERE p.organization_id = {scope} AND p.name <> 'x' --1 = 'a\\' OR TRUE -- '"
    );
}
