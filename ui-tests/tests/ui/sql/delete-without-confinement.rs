include!("../../common/sql_models.rs");

fn main() {
    let _ = tenant_sql!(
        postgres,
        "DELETE FROM {Project} AS p WHERE p.name = 'x'"
    );
}
