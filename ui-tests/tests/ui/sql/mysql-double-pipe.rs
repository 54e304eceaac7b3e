include!("../../common/sql_models.rs");

fn main() {
    // The parser reads `||` as concatenation, inside the AND; MySQL and MariaDB (without
    // `PIPES_AS_CONCAT`) read it as OR: `(p.organization_id = ? AND TRUE) OR TRUE`.
    let _ = tenant_sql!(
        mysql,
        "SELECT p.name FROM {Project} AS p WHERE p.organization_id = {scope} AND TRUE || TRUE"
    );
}
