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

#[cfg(test)]
mod tests {
    use crate::network::import::import_aws_files;
    use crate::network::model::*;
    use crate::network::trace::{trace, Flow, Verdict};

    const BASE: &str = r#"
      "Vpcs": [{"VpcId": "vpc-a", "CidrBlock": "10.1.0.0/16"}],
      "Subnets": [
        {"SubnetId": "subnet-a", "VpcId": "vpc-a", "CidrBlock": "10.1.1.0/24", "AvailabilityZone": "ap-northeast-2a"},
        {"SubnetId": "subnet-c", "VpcId": "vpc-a", "CidrBlock": "10.1.2.0/24", "AvailabilityZone": "ap-northeast-2c"}
      ],
      "RouteTables": [{"RouteTableId": "rtb-a", "VpcId": "vpc-a", "Associations": [{"Main": true}],
        "Routes": [{"DestinationCidrBlock": "10.1.0.0/16", "GatewayId": "local", "State": "active"}]}],
      "NetworkAcls": [{"NetworkAclId": "acl-a", "VpcId": "vpc-a", "IsDefault": true, "Entries": [
        {"RuleNumber": 100, "Protocol": "-1", "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0/0"},
        {"RuleNumber": 100, "Protocol": "-1", "RuleAction": "allow", "Egress": true, "CidrBlock": "0.0.0.0/0"}]}],
      "SecurityGroups": [
        {"GroupId": "sg-app", "GroupName": "app", "VpcId": "vpc-a", "IpPermissions": [],
         "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]},
        {"GroupId": "sg-vpce", "GroupName": "vpce", "VpcId": "vpc-a",
         "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "10.1.0.0/16"}]}],
         "IpPermissionsEgress": []}
      ],
      "Instances": [{"InstanceId": "i-app", "SubnetId": "subnet-c", "VpcId": "vpc-a", "PrivateIpAddress": "10.1.2.10",
        "State": {"Name": "running"}, "SecurityGroups": [{"GroupId": "sg-app"}]}],
      "VpcEndpoints": [{"VpcEndpointId": "vpce-1", "VpcEndpointType": "Interface", "VpcId": "vpc-a",
        "ServiceName": "com.amazonaws.ap-northeast-2.ssm", "State": "STATE",
        "SubnetIds": ["subnet-a", "subnet-c"], "Groups": [{"GroupId": "sg-vpce", "GroupName": "vpce"}],
        "NetworkInterfaceIds": ["eni-e1", "eni-e2"], "PrivateDnsEnabled": true}]"#;

    const ENIS: &str = r#",
      "NetworkInterfaces": [
        {"NetworkInterfaceId": "eni-e1", "InterfaceType": "vpc_endpoint", "SubnetId": "subnet-a", "PrivateIpAddress": "10.1.1.20"},
        {"NetworkInterfaceId": "eni-e2", "InterfaceType": "vpc_endpoint", "SubnetId": "subnet-c", "PrivateIpAddress": "10.1.2.20"}
      ]"#;

    fn capture(state: &str, enis: bool) -> String {
        format!(
            "{{{}{}}}",
            BASE.replace("STATE", state),
            if enis { ENIS } else { "" }
        )
    }

    #[test]
    fn an_interface_endpoint_capture_joins_its_network_interfaces_for_the_addresses() {
        let (net, diags) =
            import_aws_files(&[("aws.json".into(), capture("available", true))]).unwrap();
        let spec = net.vpc_endpoints[0].interface.as_ref().expect("interface");
        assert_eq!(spec.security_groups, vec!["sg-vpce".to_string()]);
        assert!(spec.private_dns);
        assert_eq!(
            spec.network_interfaces[1],
            EndpointInterface {
                subnet_id: "subnet-c".into(),
                eni_id: Some("eni-e2".into()),
                private_ip: Some("10.1.2.20".into()),
            }
        );
        assert!(
            diags
                .iter()
                .all(|d| d.code != "IMPORT_INTERFACE_NOT_MODELLED" && d.code != "NOT_CAPTURED"),
            "{diags:#?}"
        );
        for to in ["vpce-1", "eni-e1", "10.1.2.20"] {
            let t = trace(&net, &Flow::tcp("i-app", to, 443)).unwrap();
            assert!(t.is_reachable(), "{to}: {:#?}", t.blockers);
            assert!(
                t.notes
                    .iter()
                    .all(|n| !n.contains("rests on that assumption")),
                "{to}: {:#?}",
                t.notes
            );
        }
    }

    #[test]
    fn endpoint_interfaces_missing_from_the_capture_are_not_captured_and_assumed() {
        let (net, diags) =
            import_aws_files(&[("aws.json".into(), capture("available", false))]).unwrap();
        let d = diags
            .iter()
            .find(|d| d.code == "NOT_CAPTURED")
            .expect("a NOT_CAPTURED warning");
        assert!(
            d.message.contains("eni-e1, eni-e2") && d.message.contains("VpcEndpoints[0]"),
            "{}",
            d.message
        );
        let t = trace(&net, &Flow::tcp("i-app", "vpce-1", 443)).unwrap();
        assert!(t.is_reachable(), "{:#?}", t.blockers);
        assert!(
            t.notes
                .iter()
                .any(|n| n.contains("not in the input") && n.contains("rests on that assumption")),
            "{:#?}",
            t.notes
        );
    }

    #[test]
    fn a_pending_captured_endpoint_carries_nothing_and_an_unknown_state_is_an_error() {
        let (net, _) = import_aws_files(&[("aws.json".into(), capture("pending", true))]).unwrap();
        let t = trace(&net, &Flow::tcp("i-app", "vpce-1", 443)).unwrap();
        match &t.verdict {
            Verdict::Unreachable {
                blocked_by, code, ..
            } => {
                assert_eq!(
                    (blocked_by.as_str(), code.as_str()),
                    ("vpce-1", "BAD_STATE")
                )
            }
            v => panic!("{v:#?}"),
        }
        let err = import_aws_files(&[("aws.json".into(), capture("dozing", true))]).unwrap_err();
        let text = err.to_string();
        assert!(
            text.starts_with("aws.json")
                && text.contains("VpcEndpoints[0].State")
                && text.contains("dozing"),
            "{text}"
        );
    }

    #[test]
    fn a_security_group_rule_on_a_prefix_list_names_the_entry_and_missing_entries_are_noted() {
        let json = |entries: &str| {
            format!(
                r#"{{{}, "ManagedPrefixLists": [{{"PrefixListId": "pl-office", "PrefixListName": "office", "AddressFamily": "IPv4"}}]{entries}}}"#,
                BASE.replace("STATE", "available").replace(
                    r#""IpRanges": [{"CidrIp": "10.1.0.0/16"}]"#,
                    r#""PrefixListIds": [{"PrefixListId": "pl-office"}]"#
                )
            )
        };
        let with = json(
            r#", "ManagedPrefixListEntries": [{"PrefixListId": "pl-office", "Entries": [{"Cidr": "192.168.0.0/24"}, {"Cidr": "10.1.2.0/24"}]}]"#,
        );
        let (net, _) = import_aws_files(&[(
            "aws.json".into(),
            format!("{}{ENIS}}}", &with[..with.len() - 1]),
        )])
        .unwrap();
        let t = trace(&net, &Flow::tcp("i-app", "vpce-1", 443)).unwrap();
        assert!(t.is_reachable(), "{:#?}", t.blockers);
        let hop = t.hops.iter().find(|h| h.component == "sg-vpce").unwrap();
        assert!(
            hop.explanation.contains("prefix list pl-office")
                && hop.explanation.contains("entry 10.1.2.0/24"),
            "{}",
            hop.explanation
        );

        let without = json("");
        let (net, diags) = import_aws_files(&[(
            "aws.json".into(),
            format!("{}{ENIS}}}", &without[..without.len() - 1]),
        )])
        .unwrap();
        assert!(diags
            .iter()
            .any(|d| d.code == "IMPORT_PREFIX_LIST_ENTRIES_MISSING"));
        let t = trace(&net, &Flow::tcp("i-app", "vpce-1", 443)).unwrap();
        assert!(!t.is_reachable());
        assert!(
            t.notes.iter().any(|n| n.contains("pl-office")
                && n.contains("without its entries")
                && n.contains("rests on that")),
            "{:#?}",
            t.notes
        );
    }
}
