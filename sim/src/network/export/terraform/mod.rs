//! Terraform out: a [`Design`] or [`Network`] → a root module of formatted HCL files
//! (`main.tf`, `variables.tf`, `network.tf`, `security.tf`, `compute.tf`, `outputs.tf`).
//!
//! **Why**: a design drawn or imported in Stratosim should become the Terraform a person
//! would write for it: resources that reference each other (`vpc_id = aws_vpc.main.id`),
//! not literal ids; CIDRs as variables; the AWS provider's conventions (the VPC's main
//! route table, default network ACL and default security group adopted through
//! `aws_default_*` resources that restate their rules; every egress rule written, because a
//! Terraform `aws_security_group` has none unless written).
//!
//! **Guarantees**:
//! - pure and total: no I/O, never panics, the same design gives the same files byte for
//!   byte (names are allocated in model order; every map is a `BTreeMap`);
//! - round trip: importing the files with [`crate::network::import::terraform`] gives the
//!   same components, lints and verdicts, with ids replaced by the addresses in
//!   [`TerraformExport::addresses`] (`tests/terraform_roundtrip.rs` checks every built-in
//!   scenario and fixture). What Terraform cannot say (an AWS-assigned public address, a
//!   deleted NAT gateway, a route marked blackhole whose target works) is a
//!   [`ExportWarning`] naming the component, never written silently different;
//! - user text (names, descriptions, tags) only ever appears escaped inside string
//!   literals; resource names are sanitised, unique Terraform identifiers.
//!
//! The file layout and every mapping are documented in docs/TERRAFORM.md ("Terraform out").

mod hcl;
mod names;
mod write;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::network::design::Design;
use crate::network::model::Network;

/// One thing the exported configuration does not say exactly as the design does.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ExportWarning {
    /// The component's id in the design; empty for the design as a whole.
    pub component: String,
    pub message: String,
}

/// The exported root module.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct TerraformExport {
    /// File name → HCL text, in the order listed in the module docs (empty files left out).
    pub files: Vec<(String, String)>,
    /// Every component id of the design → the id the Terraform importer gives it (its
    /// resource address, or the importer's name for a derived id such as
    /// `aws_instance.nat:eni` or `aws_vpc_endpoint.s3:prefix_list`).
    pub addresses: BTreeMap<String, String>,
    pub warnings: Vec<ExportWarning>,
}

/// A security-group rule's description as AWS accepts it: at most 255 of the characters
/// `a-z A-Z 0-9 space . _ - : / ( ) # , @ [ ] + = & ; { } ! $ *`. Quotes are dropped and any
/// other character becomes a space (`admin's laptop` → `admins laptop`). The exporter warns
/// when this changes a description.
pub fn aws_rule_description(text: &str) -> String {
    let allowed = |c: char| c.is_ascii_alphanumeric() || " ._-:/()#,@[]+=&;{}!$*".contains(c);
    let mut out = String::new();
    for c in text.chars() {
        if allowed(c) {
            out.push(c);
        } else if !matches!(c, '\'' | '"' | '`' | '\u{2019}') && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.chars().take(255).collect::<String>().trim().to_string()
}

/// Exports a network as a Terraform root module.
pub fn export_terraform(network: &Network) -> TerraformExport {
    let mut out = write::export(network);
    services_not_exported(network, &mut out);
    out
}

/// The design's AWS services stand for regional endpoints a trace reaches (docs/SEMANTICS.md#w1),
/// not for resources this export writes: each gets a warning rather than a silent gap.
fn services_not_exported(network: &Network, out: &mut TerraformExport) {
    for svc in &network.aws_services {
        out.warnings.push(ExportWarning {
            component: svc.id.clone(),
            message: format!(
                "AWS service {} (kind `{}`) is a trace endpoint only and was not exported",
                svc.id, svc.kind
            ),
        });
    }
}

/// Exports a design's network, adding warnings for what a design holds beyond the network
/// (saved test flows, the Kubernetes manifests, node labels and taints, annotations).
pub fn export_design_terraform(design: &Design) -> TerraformExport {
    let mut out = write::export(&design.network);
    services_not_exported(&design.network, &mut out);
    if !design.flows.is_empty() {
        out.warnings.push(ExportWarning {
            component: String::new(),
            message: format!(
                "{} saved test flow(s) are not part of Terraform and were not exported",
                design.flows.len()
            ),
        });
    }
    if !design.cluster.is_null() {
        out.warnings.push(ExportWarning {
            component: String::new(),
            message: "the Kubernetes cluster (manifests, scheduler settings) is not part of this Terraform and was not exported".into(),
        });
    }
    if !design.annotations.is_empty() {
        out.warnings.push(ExportWarning {
            component: String::new(),
            message: format!(
                "{} annotation(s) (notes, boxes, arrows) are drawings, not infrastructure, and were not exported",
                design.annotations.len()
            ),
        });
    }
    out
}
