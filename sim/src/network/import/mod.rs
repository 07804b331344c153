//! Importers from other tools' output into the network model: AWS CLI `describe-*` JSON
//! ([`aws`]) and Terraform (HCL configurations and `terraform show -json`, [`terraform`]).
//!
//! **API boundary**: importers take strings (the CLI and the app read files) and never
//! panic. Malformed JSON is an `Err` naming the file, line, column and JSON path; data the
//! model cannot represent (ICMPv6 rules, IPv6-only subnets, terminated instances) becomes an `Info`
//! or `Warning` diagnostic, not an error.

pub mod aws;
mod aws_endpoints;
mod aws_ipv6;
mod aws_transit;
pub mod terraform;

pub use aws::{import_aws_files, import_aws_json, ImportError};
