include!("../../common/sql_models.rs");

fn main() {
    // The quotes in the comments hid `/*! OR TRUE */` (which MySQL runs) from the scan.
    let _ = tenant_sql!(
        mysql,
        "SELECT p.name FROM {Project} AS p -- it's\nWHERE p.name = 'a' /*! OR TRUE */ -- it's\nAND p.organization_id = {scope}"
    );
}
