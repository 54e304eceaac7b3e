//! Expansion snapshots: the code the derive writes for representative inputs, formatted with
//! prettyplease and compared with reviewed files (`UPDATE_EXPECT=1 cargo test -p tenant-derive`
//! rewrites them; read the diff before committing).

use expect_test::expect_file;

fn expand(input: proc_macro2::TokenStream) -> String {
    let output = crate::derive(input);
    match syn::parse2::<syn::File>(output.clone()) {
        Ok(file) => prettyplease::unparse(&file),
        Err(_) => output.to_string(),
    }
}

#[test]
fn project() {
    let output = expand(quote::quote! {
        #[tenant(table = "projects")]
        pub struct Project {
            pub id: Uuid,
            pub organization_id: Uuid,
            pub name: String,
            #[tenant(rename = "is_archived")]
            pub archived: bool,
            #[tenant(skip)]
            pub cached_label: Option<String>,
        }
    });
    expect_file!["../snapshots/project.rs"].assert_eq(&output);
}

#[test]
fn composite_key_schema_and_crate_path() {
    let output = expand(quote::quote! {
        #[tenant(table = "billing.invoice_lines", column = "tenant_id", crate = "crate::reexport::tenant")]
        pub(crate) struct InvoiceLine {
            #[tenant(primary_key)]
            invoice_id: Uuid,
            #[tenant(primary_key)]
            line: i32,
            tenant_id: OrgId,
            amount: i64,
        }
    });
    expect_file!["../snapshots/invoice_line.rs"].assert_eq(&output);
}

#[test]
fn generics() {
    let output = expand(quote::quote! {
        struct Note<'a, T> {
            id: i64,
            organization_id: Uuid,
            title: &'a str,
            body: T,
        }
    });
    expect_file!["../snapshots/note.rs"].assert_eq(&output);
}

#[test]
fn errors_are_compile_errors_with_spans() {
    let output = expand(quote::quote! {
        #[tenant(table = "x; drop table y")]
        struct Broken {
            id: Uuid,
            #[tenant(skip)]
            organization_id: Uuid,
        }
    });
    expect_file!["../snapshots/broken.txt"].assert_eq(&output);
}

#[test]
fn global_table() {
    let output = crate::derive_global(quote::quote! {
        #[tenant(unique = "name")]
        pub struct Plan {
            pub id: Uuid,
            pub name: String,
            #[tenant(rename = "monthly_cents")]
            pub price: i64,
        }
    });
    let output = match syn::parse2::<syn::File>(output.clone()) {
        Ok(file) => prettyplease::unparse(&file),
        Err(_) => output.to_string(),
    };
    expect_file!["../snapshots/plan.rs"].assert_eq(&output);
}
