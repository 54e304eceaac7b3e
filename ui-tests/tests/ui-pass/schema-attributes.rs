//! `unique`, `organizations`, `on_delete_cascade` and `references` in the generated DDL.
use tenant_core::TenantScoped;
use tenant_core::sea_query::PostgresQueryBuilder;
use tenant_core::uuid::Uuid;

#[derive(TenantScoped)]
#[tenant(organizations = "auth.accounts(uuid)", on_delete_cascade)]
pub struct Project {
    pub id: Uuid,
    pub organization_id: Uuid,
    #[tenant(unique)]
    pub slug: String,
    #[tenant(references = "Self")]
    pub parent_id: Option<Uuid>,
}

#[derive(TenantScoped)]
#[tenant(unique = "project_id, email", organizations = "auth.accounts(uuid)")]
pub struct Member {
    pub id: i64,
    pub organization_id: Uuid,
    pub email: String,
    #[tenant(references = "Project")]
    pub project_id: Uuid,
    pub nickname: Option<String>,
}

fn main() {
    assert_eq!(
        Project::create_table().to_string(PostgresQueryBuilder),
        [
            r#"CREATE TABLE "projects" ( "id" uuid NOT NULL, "organization_id" uuid NOT NULL, "slug" varchar NOT NULL, "parent_id" uuid NULL,"#,
            r#" PRIMARY KEY ("organization_id", "id"), CONSTRAINT "projects_slug_key" UNIQUE ("organization_id", "slug"),"#,
            r#" CONSTRAINT "projects_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "auth"."accounts" ("uuid") ON DELETE CASCADE,"#,
            r#" CONSTRAINT "projects_parent_id_fkey" FOREIGN KEY ("organization_id", "parent_id") REFERENCES "projects" ("organization_id", "id") )"#,
        ]
        .concat()
    );
    assert_eq!(
        Member::create_table().to_string(PostgresQueryBuilder),
        [
            r#"CREATE TABLE "members" ( "id" bigint NOT NULL, "organization_id" uuid NOT NULL, "email" varchar NOT NULL, "project_id" uuid NOT NULL, "nickname" varchar NULL,"#,
            r#" PRIMARY KEY ("organization_id", "id"), CONSTRAINT "members_project_id_email_key" UNIQUE ("organization_id", "project_id", "email"),"#,
            r#" CONSTRAINT "members_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "auth"."accounts" ("uuid"),"#,
            r#" CONSTRAINT "members_project_id_fkey" FOREIGN KEY ("organization_id", "project_id") REFERENCES "projects" ("organization_id", "id") )"#,
        ]
        .concat()
    );
    let indexes: Vec<String> = Member::create_indexes()
        .iter()
        .map(|index| index.to_string(PostgresQueryBuilder))
        .collect();
    assert_eq!(
        indexes,
        [r#"CREATE INDEX "members_tenant_project_id_idx" ON "members" ("organization_id", "project_id")"#]
    );
}
