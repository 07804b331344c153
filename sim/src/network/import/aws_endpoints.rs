//! AWS CLI output for interface VPC endpoints (PrivateLink) → each endpoint's network side
//! (docs/SEMANTICS.md#e5 … #e8).
//!
//! Kept apart from `aws.rs` (which creates every `VpcEndpoint` with its id, VPC, service and
//! type) and called from it through two hooks, like `aws_transit.rs`: [`Endpoints::read`] per
//! file and [`Endpoints::apply`] once on the converted network.
//!
//! Keys read: `VpcEndpoints[]` of `VpcEndpointType: Interface` (`SubnetIds`, `Groups`,
//! `NetworkInterfaceIds`, `PrivateDnsEnabled`, `State`), joined with `NetworkInterfaces[]` of
//! `InterfaceType: vpc_endpoint` (describe-network-interfaces) for each interface's subnet and
//! address. An interface the capture does not hold is a `NOT_CAPTURED` warning: its address
//! is then assumed (a free address of its subnet) and explained traces say so. An unknown
//! `State` is an error naming the file and path.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::aws::ImportError;
use crate::network::design::strip_position;
use crate::network::lint::{Diagnostic, Severity};
use crate::network::model::*;

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawFile {
    vpc_endpoints: Vec<RawEndpoint>,
    network_interfaces: Vec<RawInterface>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawEndpoint {
    vpc_endpoint_id: String,
    vpc_endpoint_type: String,
    subnet_ids: Vec<String>,
    groups: Vec<RawGroup>,
    network_interface_ids: Vec<String>,
    private_dns_enabled: bool,
    state: String,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawGroup {
    group_id: String,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawInterface {
    network_interface_id: String,
    interface_type: String,
    subnet_id: String,
    private_ip_address: String,
}

/// Everything read so far, across files.
#[derive(Default, Debug)]
pub(super) struct Endpoints {
    /// (file, path, endpoint) of interface endpoints.
    endpoints: Vec<(String, String, RawEndpoint)>,
    /// Endpoint interfaces by id.
    interfaces: BTreeMap<String, RawInterface>,
}

impl Endpoints {
    /// Reads the interface-endpoint fields of one file.
    pub(super) fn read(&mut self, file: &str, text: &str) -> Result<(), ImportError> {
        let raw: RawFile = serde_json::from_str(text).map_err(|e| ImportError::Shape {
            file: file.into(),
            path: crate::json_path::path_at(text, e.line(), e.column()),
            line: e.line(),
            column: e.column(),
            message: strip_position(&e.to_string()),
        })?;
        for (i, e) in raw.vpc_endpoints.into_iter().enumerate() {
            if !e.vpc_endpoint_type.eq_ignore_ascii_case("interface") {
                continue;
            }
            let path = format!("VpcEndpoints[{i}]");
            if !e.state.is_empty() && EndpointState::parse(&e.state).is_none() {
                return Err(ImportError::Invalid {
                    file: file.into(),
                    path: format!("{path}.State"),
                    message: format!("unknown VPC endpoint state `{}` (expected pendingAcceptance, pending, available, deleting, deleted, rejected, failed or expired)", e.state),
                });
            }
            self.endpoints.push((file.into(), path, e));
        }
        for n in raw.network_interfaces {
            if n.interface_type == "vpc_endpoint" {
                self.interfaces.insert(n.network_interface_id.clone(), n);
            }
        }
        Ok(())
    }

    /// The interface ids the captured endpoints name (so `aws.rs` does not call them
    /// unmodelled).
    pub(super) fn interface_ids(&self) -> Vec<String> {
        self.endpoints
            .iter()
            .flat_map(|(_, _, e)| e.network_interface_ids.iter().cloned())
            .collect()
    }

    /// Adds each interface endpoint's interfaces, groups, DNS flag and state.
    pub(super) fn apply(self, net: &mut Network, diags: &mut Vec<Diagnostic>) {
        for (file, path, e) in self.endpoints {
            let Some(ep) = net
                .vpc_endpoints
                .iter_mut()
                .find(|x| x.id == e.vpc_endpoint_id)
            else {
                continue;
            };
            let captured: Vec<&RawInterface> = e
                .network_interface_ids
                .iter()
                .filter_map(|id| self.interfaces.get(id))
                .collect();
            let missing: Vec<&String> = e
                .network_interface_ids
                .iter()
                .filter(|id| !self.interfaces.contains_key(*id))
                .collect();
            let mut interfaces = Vec::new();
            for s in &e.subnet_ids {
                let found = captured.iter().find(|n| n.subnet_id == *s);
                interfaces.push(EndpointInterface {
                    subnet_id: s.clone(),
                    eni_id: found.map(|n| n.network_interface_id.clone()),
                    private_ip: found
                        .map(|n| n.private_ip_address.clone())
                        .filter(|a| !a.is_empty()),
                });
            }
            // Interfaces not captured: paired with the subnets left, in order, when the
            // numbers agree (an assumption the warning states).
            let open: Vec<usize> = (0..interfaces.len())
                .filter(|k| interfaces[*k].eni_id.is_none())
                .collect();
            if open.len() == missing.len() {
                for (k, id) in open.iter().zip(&missing) {
                    interfaces[*k].eni_id = Some((*id).clone());
                }
            }
            if !missing.is_empty() {
                let ids: Vec<&str> = missing.iter().map(|s| s.as_str()).collect();
                diags.push(Diagnostic::new(
                    "NOT_CAPTURED",
                    Severity::Warning,
                    &e.vpc_endpoint_id,
                    format!(
                        "{file}: {path}: interface endpoint {} names network interface {} that is not in the capture (aws ec2 describe-network-interfaces --filters Name=interface-type,Values=vpc_endpoint), so its subnet pairing and address are assumed; traces to it say so",
                        e.vpc_endpoint_id,
                        ids.join(", ")
                    ),
                    None,
                ));
            }
            ep.interface = Some(InterfaceEndpoint {
                network_interfaces: interfaces,
                security_groups: e.groups.into_iter().map(|g| g.group_id).collect(),
                private_dns: e.private_dns_enabled,
                state: EndpointState::parse(&e.state).unwrap_or_default(),
            });
        }
    }
}
