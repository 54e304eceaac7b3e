//! Generated code names everything by absolute path: local items that shadow prelude and crate
//! names change nothing, and the expansion raises no warning.
#![deny(warnings)]
#![allow(dead_code, unused_macros, non_upper_case_globals)]

mod user_code {
    struct Option;
    struct Result;
    struct Vec;
    struct Clone;
    struct Into;
    struct String;
    struct Expr;
    struct Value;
    mod sea_query {}
    mod uuid {}
    mod core {}
    mod std {}
    macro_rules! vec {
        () => {};
    }
    // Constants that a generated `let key0 = ..` or parameter `tenant: ..` would read as
    // constant patterns.
    const key: u8 = 0;
    const key0: u8 = 0;
    const key1: u8 = 0;
    const tenant: u8 = 0;
    const value: u8 = 0;
    const row: u8 = 0;
    const scope: u8 = 0;
    mod postgres {}
    mod sqlx {}
    mod rusqlite {}
    struct Default;
    struct TryFrom;

    use ::tenant_core::TenantScoped;

    #[derive(TenantScoped)]
    #[tenant(from_row)]
    pub struct Project {
        pub id: ::tenant_core::uuid::Uuid,
        pub organization_id: ::tenant_core::uuid::Uuid,
        pub name: ::std::string::String,
        pub tags: ::std::option::Option<::std::string::String>,
        #[tenant(skip)]
        pub cached: ::std::option::Option<u8>,
    }

    #[derive(TenantScoped)]
    pub struct Line {
        #[tenant(primary_key)]
        pub invoice: ::tenant_core::uuid::Uuid,
        #[tenant(primary_key)]
        pub line: i32,
        pub organization_id: ::tenant_core::uuid::Uuid,
        pub amount: i64,
    }
}

fn main() {}
