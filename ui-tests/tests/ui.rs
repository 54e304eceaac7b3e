//! Every compile-error path of `#[derive(TenantScoped)]` and of the scoped builders, with its
//! reviewed message (`.stderr`), and the inputs that must compile. One `TestCases` run, so the
//! dependencies are built once.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*/*.rs");
    cases.pass("tests/ui-pass/*.rs");
}
