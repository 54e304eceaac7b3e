use tenant_core::orgs::{Member, Role};
use tenant_core::uuid::Uuid;
use tenant_core::Scope;

fn main() {
    // A `Member` is proof of a checked membership: only the flows make one.
    let _ = Member {
        scope: Scope::new(Uuid::from_u128(1)).unwrap(),
        user_id: Uuid::from_u128(2),
        role: Role::Owner,
        require_2fa: false,
    };
}
