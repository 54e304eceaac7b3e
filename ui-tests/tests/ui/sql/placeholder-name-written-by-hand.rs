include!("../../common/sql_models.rs");

fn main() {
    // A CTE named like the identifier `{Project}` becomes: it would be taken for the type.
    let _ = tenant_sql!(
        postgres,
        "WITH __tenant_t0 AS (SELECT t.title AS name, t.organization_id FROM {Task} AS t WHERE t.organization_id = {scope}) SELECT p.name FROM __tenant_t0 AS p WHERE p.organization_id = {scope}"
    );
}
