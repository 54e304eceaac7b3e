include!("../../common/sql_models.rs");

fn main() {
    // The scan reads one comment to the end of the line; PostgreSQL (and the parser) end it at
    // the carriage return, so the backslash after it is never seen: a server without
    // `standard_conforming_strings` reads `'a\' -- '` as one string and then `OR TRUE`.
    let _ = tenant_sql!(
        postgres,
        "SELECT p.name FROM {Project} AS p WHERE p.organization_id = {scope} -- note\r AND p.name <> 'a\\' -- ' OR TRUE\n"
    );
}
