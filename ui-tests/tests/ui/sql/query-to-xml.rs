include!("../../common/sql_models.rs");

fn main() {
    // query_to_xml runs the text it is given: every organization's projects.
    let _ = tenant_sql!(
        postgres,
        "SELECT p.name, query_to_xml('SELECT * FROM projects', true, false, '') FROM {Project} AS p WHERE p.organization_id = {scope}"
    );
}
