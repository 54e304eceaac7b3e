//! Statements `tenant_sql!` proves confined, across the three dialects.

include!("../common/sql_models.rs");

fn main() {
    let id = Uuid::nil();
    // A SELECT confined in WHERE.
    let _ = tenant_sql!(postgres, "SELECT p.name FROM {Project} AS p WHERE p.organization_id = {scope}");
    let _ = tenant_sql!(mysql, "SELECT p.name FROM {Project} AS p WHERE p.organization_id = {scope} AND p.name LIKE 'a%'");
    let _ = tenant_sql!(sqlite, "SELECT p.name FROM {Project} AS p WHERE (p.organization_id = {scope}) AND (p.name = {name} OR p.name = 'x')", name = "y");
    // The scope on the left.
    let _ = tenant_sql!(postgres, "SELECT p.name FROM {Project} AS p WHERE {scope} = p.organization_id");
    // An inner join: the partner by a tenant equality in its ON, or by the scope.
    let _ = tenant_sql!(postgres, "SELECT p.name, t.title FROM {Project} AS p JOIN {Task} AS t ON t.organization_id = p.organization_id AND t.project_id = p.id WHERE p.organization_id = {scope}");
    let _ = tenant_sql!(mysql, "SELECT p.name, t.title FROM {Project} AS p INNER JOIN {Task} AS t ON t.project_id = p.id AND t.organization_id = {scope} WHERE p.organization_id = {scope}");
    // A left join confined in its ON keeps every project.
    let _ = tenant_sql!(sqlite, "SELECT p.name, t.title FROM {Project} AS p LEFT JOIN {Task} AS t ON t.project_id = p.id AND t.organization_id = p.organization_id WHERE p.organization_id = {scope}");
    // A global table needs no confinement.
    let _ = tenant_sql!(postgres, "SELECT p.name, pl.name FROM {Project} AS p JOIN {Plan} AS pl ON pl.code = p.plan_code WHERE p.organization_id = {scope}");
    // A comma list: each confined in WHERE, one through the other.
    let _ = tenant_sql!(postgres, "SELECT t.title FROM {Project} AS p, {Task} AS t WHERE p.organization_id = {scope} AND t.organization_id = p.organization_id AND t.project_id = p.id");
    // Sub-queries, each confined in its own scope.
    let _ = tenant_sql!(postgres, "SELECT p.name FROM {Project} AS p WHERE p.organization_id = {scope} AND p.id IN (SELECT t.project_id FROM {Task} AS t WHERE t.organization_id = {scope})");
    let _ = tenant_sql!(mysql, "SELECT p.name, (SELECT count(*) FROM {Task} AS t WHERE t.organization_id = {scope} AND t.project_id = p.id) AS tasks FROM {Project} AS p WHERE p.organization_id = {scope}");
    let _ = tenant_sql!(sqlite, "SELECT p.name FROM {Project} AS p WHERE p.organization_id = {scope} AND EXISTS (SELECT 1 FROM {Task} AS t WHERE t.organization_id = {scope} AND t.project_id = p.id)");
    // Set operations, each arm confined.
    let _ = tenant_sql!(postgres, "SELECT p.name FROM {Project} AS p WHERE p.organization_id = {scope} UNION SELECT t.title FROM {Task} AS t WHERE t.organization_id = {scope}");
    // A CTE and a derived table, verified as scopes of their own.
    let _ = tenant_sql!(postgres, "WITH open AS (SELECT t.project_id FROM {Task} AS t WHERE t.organization_id = {scope}) SELECT p.name FROM {Project} AS p JOIN open ON open.project_id = p.id WHERE p.organization_id = {scope}");
    let _ = tenant_sql!(mysql, "SELECT d.n FROM (SELECT count(*) AS n FROM {Task} AS t WHERE t.organization_id = {scope}) AS d");
    // Aggregates, HAVING and ORDER BY.
    let _ = tenant_sql!(postgres, "SELECT p.name, count(t.id) FROM {Project} AS p LEFT JOIN {Task} AS t ON t.organization_id = p.organization_id AND t.project_id = p.id WHERE p.organization_id = {scope} GROUP BY p.name HAVING count(t.id) > {min} ORDER BY p.name LIMIT 10", min = 1i64);
    // Writes.
    let _ = tenant_sql!(postgres, "INSERT INTO {Project} (id, organization_id, name, plan_code) VALUES ({id}, {scope}, {name}, 'free') RETURNING id, name", id = id, name = "x");
    let _ = tenant_sql!(sqlite, "INSERT INTO {Project} (organization_id, id, name, plan_code) VALUES ({scope}, {id}, 'a', 'free'), ({scope}, {id}, 'b', 'free')", id = id);
    let _ = tenant_sql!(postgres, "INSERT INTO {Task} (id, organization_id, project_id, title) SELECT p.id, {scope}, p.id, p.name FROM {Project} AS p WHERE p.organization_id = {scope}");
    let _ = tenant_sql!(postgres, "INSERT INTO {Project} (id, organization_id, name, plan_code) VALUES ({id}, {scope}, 'x', 'free') ON CONFLICT (organization_id, id) DO UPDATE SET name = excluded.name", id = id);
    let _ = tenant_sql!(mysql, "INSERT INTO {Project} (id, organization_id, name, plan_code) VALUES ({id}, {scope}, 'x', 'free') ON DUPLICATE KEY UPDATE name = 'x'", id = id);
    let _ = tenant_sql!(postgres, "UPDATE {Project} AS p SET name = {name} WHERE p.organization_id = {scope} AND p.id = {id} RETURNING p.name", name = "x", id = id);
    let _ = tenant_sql!(postgres, "UPDATE {Task} AS t SET title = p.name FROM {Project} AS p WHERE t.organization_id = {scope} AND p.organization_id = t.organization_id AND p.id = t.project_id");
    let _ = tenant_sql!(mysql, "UPDATE {Task} AS t JOIN {Project} AS p ON p.organization_id = t.organization_id AND p.id = t.project_id SET t.title = p.name WHERE t.organization_id = {scope}");
    let _ = tenant_sql!(sqlite, "DELETE FROM {Task} AS t WHERE t.organization_id = {scope} AND t.title = 'done'");
    let _ = tenant_sql!(postgres, "DELETE FROM {Task} AS t USING {Project} AS p WHERE t.organization_id = {scope} AND p.organization_id = {scope} AND p.id = t.project_id AND p.name = 'old'");
    // Confined through a relation named later: the compiler finds the confined relations from
    // `{scope}` outwards, whatever their order.
    let _ = tenant_sql!(mysql, "SELECT t.title FROM {Task} AS t, {Project} AS p WHERE t.organization_id = p.organization_id AND t.project_id = p.id AND p.organization_id = {scope}");
    // `--` comments, quotes and braces in them as text, and text that is not ASCII.
    let _ = tenant_sql!(postgres, "SELECT p.name -- the project's name, {not a placeholder}\nFROM {Project} AS p WHERE p.organization_id = {scope} AND p.name <> 'café' --\n");
    // A sub-query in DISTINCT ON and in an upsert's assignment, each confined.
    let _ = tenant_sql!(postgres, "SELECT DISTINCT ON ((SELECT count(*) FROM {Task} AS t WHERE t.organization_id = {scope} AND t.project_id = p.id)) p.name FROM {Project} AS p WHERE p.organization_id = {scope}");
    let _ = tenant_sql!(mysql, "INSERT INTO {Project} (id, organization_id, name, plan_code) VALUES ({id}, {scope}, 'x', 'free') ON DUPLICATE KEY UPDATE name = (SELECT max(t.title) FROM {Task} AS t WHERE t.organization_id = {scope})", id = id);
}
