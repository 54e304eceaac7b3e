//! Doc comments and other derives' attributes on fields are left alone.
#![deny(missing_docs)]
//! A crate that documents everything still compiles with the derive.
use serde::Serialize;
use tenant_core::TenantScoped;
use tenant_core::uuid::Uuid;

/// A project.
#[derive(TenantScoped, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Project {
    /// The key.
    pub id: Uuid,
    /// The owner.
    #[serde(rename = "orgId")]
    pub organization_id: Uuid,
    /// Shown in lists.
    #[serde(skip_serializing_if = "String::is_empty")]
    #[tenant(rename = "display_name")]
    pub name: String,
}

fn main() {}
