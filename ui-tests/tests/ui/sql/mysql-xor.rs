include!("../../common/sql_models.rs");

fn main() {
    // The parser binds XOR tighter than `=`; MySQL binds it looser than AND:
    // `(p.organization_id = ? AND p.name = 'x') XOR TRUE` is every other organization's rows.
    let _ = tenant_sql!(
        mysql,
        "SELECT p.name FROM {Project} AS p WHERE p.organization_id = {scope} AND p.name = 'x' XOR TRUE"
    );
}
