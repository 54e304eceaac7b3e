include!("../../common/sql_models.rs");

fn main() {
    // Any backslash in quotes, not only one before a quote: the server's mode decides what it is.
    let _ = tenant_sql!(
        postgres,
        "SELECT p.name FROM {Project} AS p WHERE p.organization_id = {scope} AND p.name = 'a\\b'"
    );
}
