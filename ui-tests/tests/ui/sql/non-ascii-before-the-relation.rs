include!("../../common/sql_models.rs");

fn main() {
    // Text that is not ASCII before the relation: the caret is still under it.
    let _ = tenant_sql!(
        sqlite,
        "SELECT 'café ß' AS c, t.title FROM {Task} AS t WHERE t.title <> 'naïve'"
    );
}
