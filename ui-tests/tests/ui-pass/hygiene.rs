//! Generated code names everything by absolute path: local items that shadow prelude and crate
//! names change nothing, and the expansion raises no warning.
#![deny(warnings)]
#![allow(dead_code, unused_macros)]

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

    use ::tenant_core::TenantScoped;

    #[derive(TenantScoped)]
    pub struct Project {
        pub id: ::tenant_core::uuid::Uuid,
        pub organization_id: ::tenant_core::uuid::Uuid,
        pub name: ::std::string::String,
        pub tags: ::std::option::Option<::std::string::String>,
    }
}

fn main() {}
