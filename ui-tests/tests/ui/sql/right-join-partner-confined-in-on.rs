include!("../../common/sql_models.rs");

fn main() {
    let _ = tenant_sql!(
        postgres,
        "SELECT t.title FROM {Plan} AS pl RIGHT JOIN {Task} AS t ON t.organization_id = {scope} AND t.title = pl.name"
    );
}
