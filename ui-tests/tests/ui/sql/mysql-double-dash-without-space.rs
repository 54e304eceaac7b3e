include!("../../common/sql_models.rs");

fn main() {
    let _ = tenant_sql!(
        mysql,
        "SELECT p.name FROM {Project} AS p WHERE p.organization_id = {scope} AND p.name <> 'x' --1 OR TRUE"
    );
}
