use tenant_core::Unscoped;

fn main() {
    let reason = format!("report for {}", "ops");
    let _ = Unscoped::because(&reason);
}
