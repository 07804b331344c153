//! Where nodes and pods sit in the VPC: zone, subnet, node IP, pod IPs and the AWS VPC CNI's
//! max-pods limit.
//!
//! Guarantees: no dependency on `sim::network` (a later integration fills [`NodeNetwork`] from the
//! network model through [`apply_node_network`]); pod IPs are allocated deterministically (lowest
//! free address of the node's subnet, skipping AWS's 5 reserved addresses, the node's own IP and
//! every IP already used); [`max_pods`] is `ENIs × (IPv4 per ENI − 1) + 2` (amazon-vpc-cni-k8s
//! `misc/eni-max-pods.txt`; docs/SEMANTICS.md#c10).

use std::collections::BTreeSet;
use std::net::Ipv4Addr;

use serde::{Deserialize, Serialize};

use super::model::{Node, LABEL_INSTANCE_TYPE, LABEL_ZONE};

/// Network placement of a node, as the network model knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeNetwork {
    pub zone: String,
    pub subnet_id: String,
    /// IPv4 CIDR of the subnet, e.g. `10.0.1.0/24`.
    pub subnet_cidr: String,
    pub node_ip: String,
}

/// Sets the node's zone label and network placement.
pub fn apply_node_network(node: &mut Node, net: NodeNetwork) {
    node.labels.insert(LABEL_ZONE.to_string(), net.zone.clone());
    node.labels.insert(
        "topology.kubernetes.io/region".to_string(),
        region_of(&net.zone),
    );
    node.network = Some(net);
}

fn region_of(zone: &str) -> String {
    // us-east-1a → us-east-1; use1-az1 style ids are kept as they are.
    match zone.chars().last() {
        Some(c) if c.is_ascii_lowercase() && zone.len() > 1 => zone[..zone.len() - 1].to_string(),
        _ => zone.to_string(),
    }
}

/// ENI limits of an EC2 instance type: (max ENIs, IPv4 addresses per ENI).
/// Source: amazon-vpc-cni-k8s `misc/eni-max-pods.txt` and EC2 "IP addresses per network interface".
pub const INSTANCE_ENI_LIMITS: &[(&str, u32, u32)] = &[
    ("t3.nano", 2, 2),
    ("t3.micro", 2, 2),
    ("t3.small", 3, 4),
    ("t3.medium", 3, 6),
    ("t3.large", 3, 12),
    ("t3.xlarge", 4, 15),
    ("t3.2xlarge", 4, 15),
    ("t3a.nano", 2, 2),
    ("t3a.micro", 2, 2),
    ("t3a.small", 2, 4),
    ("t3a.medium", 3, 6),
    ("t3a.large", 3, 12),
    ("t3a.xlarge", 4, 15),
    ("t3a.2xlarge", 4, 15),
    ("m5.large", 3, 10),
    ("m5.xlarge", 4, 15),
    ("m5.2xlarge", 4, 15),
    ("m5.4xlarge", 8, 30),
    ("m5.8xlarge", 8, 30),
    ("m5.12xlarge", 8, 30),
    ("m5.16xlarge", 15, 50),
    ("m5.24xlarge", 15, 50),
    ("c5.large", 3, 10),
    ("c5.xlarge", 4, 15),
    ("c5.2xlarge", 4, 15),
    ("c5.4xlarge", 8, 30),
    ("c5.9xlarge", 8, 30),
    ("c5.12xlarge", 8, 30),
    ("c5.18xlarge", 15, 50),
    ("c5.24xlarge", 15, 50),
    ("r5.large", 3, 10),
    ("r5.xlarge", 4, 15),
    ("r5.2xlarge", 4, 15),
    ("r5.4xlarge", 8, 30),
    ("r5.8xlarge", 8, 30),
    ("r5.12xlarge", 8, 30),
    ("r5.16xlarge", 15, 50),
    ("r5.24xlarge", 15, 50),
    ("m6i.large", 3, 10),
    ("m6i.xlarge", 4, 15),
    ("m6i.2xlarge", 4, 15),
    ("m6i.4xlarge", 8, 30),
    ("m6i.8xlarge", 8, 30),
    ("m6i.12xlarge", 8, 30),
    ("m6i.16xlarge", 15, 50),
    ("m6i.24xlarge", 15, 50),
    ("m6i.32xlarge", 15, 50),
];

/// Max pods for an instance type with the VPC CNI in secondary-IP mode, or `None` if unknown.
pub fn max_pods(instance_type: &str) -> Option<i64> {
    INSTANCE_ENI_LIMITS
        .iter()
        .find(|(t, _, _)| *t == instance_type)
        .map(|(_, enis, ips)| i64::from(*enis) * (i64::from(*ips) - 1) + 2)
}

/// The instance type a node advertises (`node.kubernetes.io/instance-type`).
pub fn node_instance_type(node: &Node) -> Option<&str> {
    node.labels
        .get(LABEL_INSTANCE_TYPE)
        .or_else(|| node.labels.get("beta.kubernetes.io/instance-type"))
        .map(String::as_str)
}

/// Parses `a.b.c.d/len` into (network address, prefix length).
pub fn parse_cidr(cidr: &str) -> Option<(u32, u8)> {
    let (ip, len) = cidr.split_once('/')?;
    let ip: Ipv4Addr = ip.parse().ok()?;
    let len: u8 = len.parse().ok()?;
    if len > 32 {
        return None;
    }
    let mask = if len == 0 { 0 } else { u32::MAX << (32 - len) };
    Some((u32::from(ip) & mask, len))
}

/// The lowest free pod IP in `cidr`: skips the network address, the VPC router (+1), DNS (+2),
/// the reserved +3 and the broadcast address (AWS reserves these 5), and every address in `used`.
pub fn allocate_ip(cidr: &str, used: &BTreeSet<u32>) -> Option<Ipv4Addr> {
    let (base, len) = parse_cidr(cidr)?;
    let size: u64 = 1u64 << (32 - u32::from(len));
    if size < 8 {
        return None;
    }
    let last = u64::from(base) + size - 2; // broadcast excluded
    let mut ip = u64::from(base) + 4;
    while ip <= last {
        let candidate = ip as u32;
        if !used.contains(&candidate) {
            return Some(Ipv4Addr::from(candidate));
        }
        ip += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_pods_is_enis_times_ips_minus_one_plus_two() {
        // docs/SEMANTICS.md#c10: t3.medium 17, m5.large 29, m5.xlarge 58 (eni-max-pods.txt).
        for (t, want) in [
            ("t3.medium", 17),
            ("m5.large", 29),
            ("m5.xlarge", 58),
            ("t3.small", 11),
            ("m5.4xlarge", 234),
            ("c5.18xlarge", 737),
        ] {
            assert_eq!(max_pods(t), Some(want), "{t}");
        }
        assert_eq!(max_pods("x9.huge"), None);
    }

    #[test]
    fn pod_ips_skip_the_aws_reserved_and_used_addresses() {
        let mut used = BTreeSet::new();
        assert_eq!(
            allocate_ip("10.0.1.0/24", &used),
            Some(Ipv4Addr::new(10, 0, 1, 4))
        );
        used.insert(u32::from(Ipv4Addr::new(10, 0, 1, 4)));
        assert_eq!(
            allocate_ip("10.0.1.0/24", &used),
            Some(Ipv4Addr::new(10, 0, 1, 5))
        );
        let full: BTreeSet<u32> = (4..=6)
            .map(|i| u32::from(Ipv4Addr::new(10, 0, 0, i)))
            .collect();
        // A /29 has 8 addresses: .0-.3 and .7 reserved, .4-.6 usable.
        assert_eq!(allocate_ip("10.0.0.0/29", &full), None);
        assert_eq!(allocate_ip("not a cidr", &used), None);
    }
}
