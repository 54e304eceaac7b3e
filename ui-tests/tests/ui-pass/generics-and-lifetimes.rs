//! Generic and borrowing structs derive; a type parameter used in a column must convert into a
//! sea-query value, and the derive adds that bound.
use tenant_core::sea_query::SqliteQueryBuilder;
use tenant_core::uuid::Uuid;
use tenant_core::{Scope, TenantScoped};

#[derive(TenantScoped)]
#[tenant(table = "notes")]
pub struct Note<'a, T> {
    pub id: i64,
    pub organization_id: Uuid,
    pub title: &'a str,
    pub body: T,
}

fn main() {
    let org = Uuid::from_u128(1);
    let scope = Scope::new(org).unwrap();
    let note = Note { id: 1, organization_id: org, title: "t", body: 5_i32 };
    let (sql, values) = Note::insert(&scope).row(&note).unwrap().build(SqliteQueryBuilder);
    assert_eq!(sql, r#"INSERT INTO "notes" ("id", "organization_id", "title", "body") VALUES (?, ?, ?, ?)"#);
    assert_eq!(values.0.len(), 4);
}
