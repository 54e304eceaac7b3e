include!("../../common/sql_models.rs");

fn main() {
    // `*` stands for two values: `{other}` lands in the tenant column and `{scope}` in project_id.
    let _ = tenant_sql!(
        sqlite,
        "INSERT INTO {Task} (id, organization_id, project_id, title) SELECT *, {scope}, 'x' FROM (SELECT {id} AS a, {other} AS b) AS d", id = Uuid::nil(), other = Uuid::nil()
    );
}
