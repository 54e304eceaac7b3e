include!("../../common/sql_models.rs");

fn main() {
    let _ = tenant_sql!(
        postgres,
        "UPDATE {Project} AS p SET name = 'x' WHERE p.name = 'y'"
    );
}
