//! The organization flows (`tenant_core::orgs`) on SQLite, PostgreSQL and MariaDB, attacks
//! included: see `tests/src/orgs_suite.rs`.

tenant_tests::orgs_suite!(
    create_enter_and_switch,
    an_invitation_is_accepted_once,
    expired_revoked_and_foreign_tokens_are_refused,
    roles_are_enforced,
    the_last_owner_stays,
    organizations_stay_apart_and_delete_cleanly,
);
