include!("../../common/sql_models.rs");

fn main() {
    // No table named by a type: the macro panicked here before.
    let _ = tenant_sql!(postgres, "SELECT 1 WHERE 1 = {scope}");
}
