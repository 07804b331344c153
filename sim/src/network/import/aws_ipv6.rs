//! AWS CLI output for IPv6 dual-stack → the IPv6 parts of a [`Network`] (docs/SEMANTICS.md#x1
//! … #x5).
//!
//! Kept apart from `aws.rs` (which converts VPCs, subnets, instances, routes, ACLs and groups,
//! including their IPv6 routes, entries and rules) and called from it through two hooks like
//! `aws_transit`: [`Ipv6::read`] per file and [`Ipv6::apply`] once on the converted network.
//!
//! Fields read, with AWS's names: `Vpcs[].Ipv6CidrBlockAssociationSet[].Ipv6CidrBlock` and
//! `Subnets[].Ipv6CidrBlockAssociationSet[].Ipv6CidrBlock` (only `associated` blocks, by
//! `Ipv6CidrBlockState.State`), `EgressOnlyInternetGateways[]` (`EgressOnlyInternetGatewayId`,
//! `Attachments[].VpcId` when `attached`), `Ipv6Addresses[].Ipv6Address` of the instances'
//! `NetworkInterfaces` and of `describe-network-interfaces` entries attached to an instance.
//! A block or address that does not parse, an unknown state and a duplicate gateway id are
//! errors naming the file, the JSON path and the value.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::aws::ImportError;
use crate::network::cidr6::{parse_ipv6, Ipv6Cidr};
use crate::network::design::strip_position;
use crate::network::lint::{Diagnostic, Severity};
use crate::network::model::*;

/// The top-level keys only this module reads (a file holding only these is not "ignored").
pub(super) const KEYS: &[&str] = &["EgressOnlyInternetGateways"];

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawTag {
    key: String,
    value: String,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawFile {
    vpcs: Vec<RawHolder>,
    subnets: Vec<RawHolder>,
    egress_only_internet_gateways: Vec<RawEigw>,
    reservations: Vec<RawReservation>,
    instances: Vec<RawInstance>,
    network_interfaces: Vec<RawInterface>,
}

/// A VPC or a subnet: its id and its IPv6 block associations.
#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawHolder {
    vpc_id: String,
    subnet_id: String,
    ipv6_cidr_block_association_set: Vec<RawIpv6Association>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawIpv6Association {
    ipv6_cidr_block: String,
    ipv6_cidr_block_state: Option<RawState>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawState {
    state: String,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawEigw {
    egress_only_internet_gateway_id: String,
    attachments: Vec<RawAttachment>,
    tags: Vec<RawTag>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawAttachment {
    vpc_id: String,
    state: String,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawReservation {
    instances: Vec<RawInstance>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawInstance {
    instance_id: String,
    network_interfaces: Vec<RawInterface>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawInterface {
    network_interface_id: String,
    attachment: Option<RawInterfaceAttachment>,
    ipv6_addresses: Vec<RawIpv6Address>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawInterfaceAttachment {
    instance_id: Option<String>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawIpv6Address {
    ipv6_address: String,
}

/// What the files said about IPv6, collected per file and applied once.
#[derive(Default, Debug)]
pub(super) struct Ipv6 {
    vpc_blocks: BTreeMap<String, Vec<String>>,
    subnet_blocks: BTreeMap<String, String>,
    gateways: Vec<EgressOnlyInternetGateway>,
    /// Gateway id → where it was first seen.
    seen: BTreeMap<String, String>,
    /// Instance id → IPv6 addresses, in capture order.
    addresses: BTreeMap<String, Vec<String>>,
    /// Interfaces with IPv6 addresses but no instance attachment: (file: path, id).
    unattached: Vec<(String, String)>,
}

fn invalid(file: &str, path: String, message: String) -> ImportError {
    ImportError::Invalid {
        file: file.into(),
        path,
        message,
    }
}

/// `Ipv6CidrBlockState.State`: is the block in use? An unknown state is an error.
fn associated(file: &str, path: &str, a: &RawIpv6Association) -> Result<bool, ImportError> {
    let Some(s) = &a.ipv6_cidr_block_state else {
        return Ok(true);
    };
    match s.state.as_str() {
        "associated" | "" => Ok(true),
        "associating" | "disassociating" | "disassociated" | "failing" | "failed" => Ok(false),
        other => Err(invalid(
            file,
            format!("{path}.Ipv6CidrBlockState.State"),
            format!("unknown IPv6 block state `{other}` (expected associating, associated, disassociating, disassociated, failing or failed)"),
        )),
    }
}

fn block(file: &str, path: String, text: &str) -> Result<String, ImportError> {
    Ipv6Cidr::parse(text)
        .map(|c| c.to_string())
        .map_err(|e| invalid(file, path, e.to_string()))
}

fn address(file: &str, path: String, text: &str) -> Result<String, ImportError> {
    parse_ipv6(text).map(|a| a.to_string()).ok_or_else(|| {
        invalid(
            file,
            path,
            format!("`{text}` is not an IPv6 address (expected e.g. 2600:1f18::10)"),
        )
    })
}

impl Ipv6 {
    /// Reads one file's IPv6 fields.
    pub(super) fn read(&mut self, file: &str, text: &str) -> Result<(), ImportError> {
        let raw: RawFile = serde_json::from_str(text).map_err(|e| ImportError::Shape {
            file: file.into(),
            path: crate::json_path::path_at(text, e.line(), e.column()),
            line: e.line(),
            column: e.column(),
            message: strip_position(&e.to_string()),
        })?;
        for (key, list) in [("Vpcs", &raw.vpcs), ("Subnets", &raw.subnets)] {
            for (i, h) in list.iter().enumerate() {
                for (k, a) in h.ipv6_cidr_block_association_set.iter().enumerate() {
                    let path = format!("{key}[{i}].Ipv6CidrBlockAssociationSet[{k}]");
                    if !associated(file, &path, a)? {
                        continue;
                    }
                    let b = block(file, format!("{path}.Ipv6CidrBlock"), &a.ipv6_cidr_block)?;
                    if key == "Vpcs" {
                        self.vpc_blocks.entry(h.vpc_id.clone()).or_default().push(b);
                    } else {
                        self.subnet_blocks.insert(h.subnet_id.clone(), b);
                    }
                }
            }
        }
        for (i, g) in raw.egress_only_internet_gateways.iter().enumerate() {
            let path = format!("EgressOnlyInternetGateways[{i}]");
            let id = &g.egress_only_internet_gateway_id;
            if id.is_empty() {
                return Err(invalid(
                    file,
                    format!("{path}.EgressOnlyInternetGatewayId"),
                    "missing: every egress-only internet gateway needs its EgressOnlyInternetGatewayId".into(),
                ));
            }
            if let Some(first) = self.seen.get(id) {
                return Err(ImportError::Duplicate {
                    file: file.into(),
                    path: format!("{path}.EgressOnlyInternetGatewayId"),
                    kind: "egress-only internet gateway",
                    id: id.clone(),
                    first: first.clone(),
                });
            }
            self.seen.insert(id.clone(), format!("{file}: {path}"));
            let mut attached_vpc = None;
            for (k, a) in g.attachments.iter().enumerate() {
                match a.state.as_str() {
                    "attached" | "" => attached_vpc = Some(a.vpc_id.clone()),
                    "attaching" | "detaching" | "detached" => {}
                    other => {
                        return Err(invalid(
                            file,
                            format!("{path}.Attachments[{k}].State"),
                            format!("unknown attachment state `{other}` (expected attaching, attached, detaching or detached)"),
                        ))
                    }
                }
            }
            self.gateways.push(EgressOnlyInternetGateway {
                id: id.clone(),
                name: g
                    .tags
                    .iter()
                    .find(|t| t.key == "Name")
                    .map(|t| t.value.clone())
                    .unwrap_or_default(),
                attached_vpc,
            });
        }
        let instances = raw
            .reservations
            .iter()
            .enumerate()
            .flat_map(|(r, res)| {
                res.instances
                    .iter()
                    .enumerate()
                    .map(move |(i, x)| (format!("Reservations[{r}].Instances[{i}]"), x))
            })
            .chain(
                raw.instances
                    .iter()
                    .enumerate()
                    .map(|(i, x)| (format!("Instances[{i}]"), x)),
            );
        for (path, inst) in instances {
            for (n, eni) in inst.network_interfaces.iter().enumerate() {
                for (k, a) in eni.ipv6_addresses.iter().enumerate() {
                    let p = format!("{path}.NetworkInterfaces[{n}].Ipv6Addresses[{k}].Ipv6Address");
                    let a = address(file, p, &a.ipv6_address)?;
                    self.add_address(&inst.instance_id, a);
                }
            }
        }
        for (n, eni) in raw.network_interfaces.iter().enumerate() {
            let owner = eni.attachment.as_ref().and_then(|a| a.instance_id.clone());
            for (k, a) in eni.ipv6_addresses.iter().enumerate() {
                let p = format!("NetworkInterfaces[{n}].Ipv6Addresses[{k}].Ipv6Address");
                let a = address(file, p.clone(), &a.ipv6_address)?;
                match &owner {
                    Some(i) => self.add_address(i, a),
                    None => self.unattached.push((
                        format!("{file}: NetworkInterfaces[{n}]"),
                        eni.network_interface_id.clone(),
                    )),
                }
            }
        }
        Ok(())
    }

    fn add_address(&mut self, instance: &str, a: String) {
        let list = self.addresses.entry(instance.to_string()).or_default();
        if !list.contains(&a) {
            list.push(a);
        }
    }

    /// Puts what was read on the converted network.
    pub(super) fn apply(
        self,
        net: &mut Network,
        diags: &mut Vec<Diagnostic>,
    ) -> Result<(), ImportError> {
        for v in &mut net.vpcs {
            if let Some(b) = self.vpc_blocks.get(&v.id) {
                for c in b {
                    if !v.ipv6_cidr_blocks.contains(c) {
                        v.ipv6_cidr_blocks.push(c.clone());
                    }
                }
            }
        }
        for s in &mut net.subnets {
            if let Some(b) = self.subnet_blocks.get(&s.id) {
                s.ipv6_cidr = Some(b.clone());
            }
        }
        for i in &mut net.instances {
            if let Some(a) = self.addresses.get(&i.id) {
                for x in a {
                    if !i.ipv6_addresses.contains(x) {
                        i.ipv6_addresses.push(x.clone());
                    }
                }
            }
        }
        for (at, eni) in self.unattached {
            diags.push(Diagnostic::new(
                "IMPORT_IPV6_INTERFACE_UNATTACHED",
                Severity::Info,
                &eni,
                format!("{at}: network interface {eni} has IPv6 addresses but is attached to no captured instance; IPv6 flows are traced between instances, so its addresses are not trace endpoints"),
                None,
            ));
        }
        net.egress_only_internet_gateways.extend(self.gateways);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::network::import::aws::import_aws_json;

    #[test]
    fn ipv6_fields_are_read_with_their_aws_names_x1() {
        let json = r#"{
          "Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16",
            "Ipv6CidrBlockAssociationSet": [
              {"Ipv6CidrBlock": "2600:1f18:1234:5600::/56", "Ipv6CidrBlockState": {"State": "associated"}},
              {"Ipv6CidrBlock": "2600:1f18:9999:ff00::/56", "Ipv6CidrBlockState": {"State": "disassociated"}}]}],
          "Subnets": [{"SubnetId": "subnet-1", "VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24", "AvailabilityZone": "us-east-1a",
            "Ipv6CidrBlockAssociationSet": [{"Ipv6CidrBlock": "2600:1f18:1234:5601::/64", "Ipv6CidrBlockState": {"State": "associated"}}]}],
          "EgressOnlyInternetGateways": [{"EgressOnlyInternetGatewayId": "eigw-1", "Attachments": [{"VpcId": "vpc-1", "State": "attached"}]}],
          "Reservations": [{"Instances": [{"InstanceId": "i-1", "SubnetId": "subnet-1", "VpcId": "vpc-1", "PrivateIpAddress": "10.0.1.10",
            "State": {"Name": "running"},
            "NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "Ipv6Addresses": [{"Ipv6Address": "2600:1f18:1234:5601::10"}]}]}]}]
        }"#;
        let (net, _) = import_aws_json(json).unwrap();
        assert_eq!(
            net.vpcs[0].ipv6_cidr_blocks,
            vec!["2600:1f18:1234:5600::/56"]
        );
        assert_eq!(
            net.subnets[0].ipv6_cidr.as_deref(),
            Some("2600:1f18:1234:5601::/64")
        );
        assert_eq!(
            net.instances[0].ipv6_addresses,
            vec!["2600:1f18:1234:5601::10"]
        );
        assert_eq!(net.egress_only_internet_gateways.len(), 1);
        assert_eq!(
            net.egress_only_internet_gateways[0].attached_vpc.as_deref(),
            Some("vpc-1")
        );
    }

    #[test]
    fn bad_ipv6_input_is_an_error_naming_the_path_and_value() {
        let cases: &[(&str, &str, &str)] = &[
            (
                "a VPC block that does not parse",
                r#"{"Vpcs": [{"VpcId": "vpc-1", "Ipv6CidrBlockAssociationSet": [{"Ipv6CidrBlock": "2600:zz::/56"}]}]}"#,
                "aws.json: Vpcs[0].Ipv6CidrBlockAssociationSet[0].Ipv6CidrBlock: `2600:zz::/56` is not an IPv6 CIDR block",
            ),
            (
                "an unknown association state",
                r#"{"Subnets": [{"SubnetId": "s", "Ipv6CidrBlockAssociationSet": [{"Ipv6CidrBlock": "2600::/64", "Ipv6CidrBlockState": {"State": "sleeping"}}]}]}"#,
                "aws.json: Subnets[0].Ipv6CidrBlockAssociationSet[0].Ipv6CidrBlockState.State: unknown IPv6 block state `sleeping`",
            ),
            (
                "an interface address that does not parse",
                r#"{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-1", "Attachment": {"InstanceId": "i-1"}, "Ipv6Addresses": [{"Ipv6Address": "10.0.0.1"}]}]}"#,
                "aws.json: NetworkInterfaces[0].Ipv6Addresses[0].Ipv6Address: `10.0.0.1` is not an IPv6 address",
            ),
            (
                "a duplicate egress-only gateway",
                r#"{"EgressOnlyInternetGateways": [{"EgressOnlyInternetGatewayId": "eigw-1"}, {"EgressOnlyInternetGatewayId": "eigw-1"}]}"#,
                "duplicate egress-only internet gateway id `eigw-1`",
            ),
            (
                "an unknown gateway attachment state",
                r#"{"EgressOnlyInternetGateways": [{"EgressOnlyInternetGatewayId": "eigw-1", "Attachments": [{"VpcId": "vpc-1", "State": "glued"}]}]}"#,
                "EgressOnlyInternetGateways[0].Attachments[0].State: unknown attachment state `glued`",
            ),
        ];
        for (name, json, want) in cases {
            let e = import_aws_json(json).unwrap_err().to_string();
            assert!(e.contains(want), "{name}: {e}");
        }
    }
}
