//! The benchmark compares like with like: each scoped builder and its hand-built twin render the
//! same SQL with the same values, on every backend.

use tenant_tests::parity::{CASES, sample};

#[test]
fn scoped_and_hand_built_statements_are_identical() {
    let (scope, row) = sample();
    for case in CASES {
        let scoped = (case.scoped)(&scope, &row);
        let by_hand = (case.by_hand)(&scope, &row);
        assert_eq!(scoped.0, by_hand.0, "{} SQL", case.name);
        assert_eq!(scoped.1, by_hand.1, "{} values", case.name);
        // Reads and writes carry the tenant predicate; an insert binds the scope's id.
        let scoped_by_tenant = match case.name {
            "insert" | "upsert" => scoped.1.0.contains(&(*scope.organization()).into()),
            "join" => scoped
                .0
                .contains(r#"WHERE "members"."organization_id" = $"#),
            _ => scoped
                .0
                .contains(r#"WHERE "projects"."organization_id" = $"#),
        };
        assert!(scoped_by_tenant, "{}: {}", case.name, scoped.0);
    }
}
