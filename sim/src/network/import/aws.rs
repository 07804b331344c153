//! AWS CLI output (`aws ec2 describe-*`, `aws elbv2 describe-*`) → [`Network`].
//!
//! Accepts one merged JSON object holding the top-level keys of the describe calls
//! (`Vpcs`, `Subnets`, `RouteTables`, `InternetGateways`, `NatGateways`, `NetworkAcls`,
//! `SecurityGroups`, `Reservations` or `Instances`, `VpcPeeringConnections`, `VpcEndpoints`,
//! `PrefixLists`, `LoadBalancers`, `TargetGroups`, `Listeners`, `TargetHealth`,
//! `NetworkInterfaces`, `SecurityGroupRules`, `DBInstances`), or several files each holding
//! some of them. Field names are AWS's own (docs/SEMANTICS.md: R8, I5, N7, S4, A6, P6, E4, L8,
//! Q5); fields the model does not use are ignored. IPv6 routes (`DestinationIpv6CidrBlock`,
//! `EgressOnlyInternetGatewayId`), ACL entries (`Ipv6CidrBlock`) and rules (`Ipv6Ranges`,
//! `CidrIpv6`) are converted here; the IPv6 blocks, addresses and egress-only gateways are
//! read by `aws_ipv6` (X1–X5).
//!
//! The result is marked as a capture (Q1): an id the files refer to but do not hold is "not
//! captured", an `active` route to an internet gateway outside the files assumes it attached
//! (Q2), stopped instances are kept and marked not running (Q4), and everything assumed is
//! recorded in [`Capture`] so traces can say what they rest on.
//!
//! What a trace would otherwise rest on a guess about is an error naming the file and the
//! field path: an unknown protocol or rule action, a missing or duplicate id (which of two
//! `vpc-1`s would the tracer use?), a route with no target, a duplicate JSON key. A file whose
//! keys are all outside the model (customer-owned IP pools, say) adds nothing and gets a warning.

use std::collections::BTreeMap;

use serde::Deserialize;
use thiserror::Error;

use crate::network::design::strip_position;
use crate::network::lint::{Diagnostic, Severity};
use crate::network::model::*;

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ImportError {
    #[error("{file}: not valid JSON at line {line}, column {column}: {message}")]
    Syntax {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{file}: unexpected shape at `{path}` (line {line}, column {column}): {message}")]
    Shape {
        file: String,
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{file}: expected a JSON object with AWS CLI keys such as `Vpcs` or `Subnets`")]
    NotAnObject { file: String },
    #[error("no AWS CLI input files were given")]
    Empty,
    /// A field holds a value the simulator cannot read (an unknown protocol or rule action),
    /// or a required field is missing.
    #[error("{file}: {path}: {message}")]
    Invalid {
        file: String,
        path: String,
        message: String,
    },
    /// Two objects of one kind share an id: which one a trace uses would be a guess.
    #[error("{file}: {path}: duplicate {kind} id `{id}` (first at {first})")]
    Duplicate {
        file: String,
        path: String,
        kind: &'static str,
        id: String,
        first: String,
    },
}

// ---- raw AWS shapes (only the fields we use) -------------------------------------------

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct Raw {
    vpcs: Vec<RawVpc>,
    subnets: Vec<RawSubnet>,
    route_tables: Vec<RawRouteTable>,
    internet_gateways: Vec<RawIgw>,
    nat_gateways: Vec<RawNat>,
    network_acls: Vec<RawAcl>,
    security_groups: Vec<RawGroup>,
    reservations: Vec<RawReservation>,
    instances: Vec<RawInstance>,
    vpc_peering_connections: Vec<RawPeering>,
    vpc_endpoints: Vec<RawEndpoint>,
    prefix_lists: Vec<RawPrefixList>,
    load_balancers: Vec<RawLoadBalancer>,
    target_groups: Vec<RawTargetGroup>,
    listeners: Vec<RawListener>,
    load_balancer_listeners: Vec<RawLbListeners>,
    target_health: Vec<RawTargetHealth>,
    load_balancer_target_health: Vec<RawTargetHealth>,
    target_health_descriptions: Vec<RawHealthDescription>,
    target_group_arn: Option<String>,
    network_interfaces: Vec<RawNetworkInterface>,
    security_group_rules: Vec<RawGroupRule>,
    #[serde(rename = "DBInstances")]
    db_instances: Vec<RawDbInstance>,
    /// `describe-target-health` outputs without a `TargetGroupArn`: (file, targets), given to
    /// a target group once every file is read.
    #[serde(skip)]
    unmatched_health: Vec<(String, Vec<RawHealthDescription>)>,
    /// The interfaces of the captured interface endpoints (`aws_endpoints.rs` models them).
    #[serde(skip)]
    endpoint_interfaces: Vec<String>,
    /// Customer-managed prefix lists (`aws_transit.rs` adds them after the conversion).
    #[serde(skip)]
    managed_prefix_lists: Vec<String>,
}

/// `aws ec2 describe-network-interfaces`: `NetworkInterfaces[]` (Q5).
#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawNetworkInterface {
    network_interface_id: String,
    interface_type: Option<String>,
    subnet_id: Option<String>,
    private_ip_address: Option<String>,
    private_ip_addresses: Vec<RawPrivateIp>,
    /// Absent (not captured) is not the same as empty.
    groups: Option<Vec<RawGroupRef>>,
    association: Option<RawIpAssociation>,
    attachment: Option<RawInterfaceAttachment>,
    source_dest_check: Option<bool>,
    description: String,
    tag_set: Vec<RawTag>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawInterfaceAttachment {
    instance_id: Option<String>,
    device_index: i64,
}

/// `aws ec2 describe-security-group-rules`: `SecurityGroupRules[]`, one rule each.
#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawGroupRule {
    group_id: String,
    is_egress: bool,
    ip_protocol: String,
    from_port: Option<i64>,
    to_port: Option<i64>,
    cidr_ipv4: Option<String>,
    cidr_ipv6: Option<String>,
    prefix_list_id: Option<String>,
    referenced_group_info: Option<RawGroupRef>,
    description: Option<String>,
}

/// `aws rds describe-db-instances`: `DBInstances[]`.
#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawDbInstance {
    #[serde(rename = "DBInstanceIdentifier")]
    db_instance_identifier: String,
    engine: String,
    endpoint: Option<RawDbEndpoint>,
    #[serde(rename = "DbInstancePort")]
    db_instance_port: Option<u16>,
    #[serde(rename = "DBSubnetGroup")]
    db_subnet_group: Option<RawDbSubnetGroup>,
    vpc_security_groups: Vec<RawDbGroup>,
    #[serde(rename = "MultiAZ")]
    multi_az: bool,
    publicly_accessible: bool,
    #[serde(rename = "DBInstanceStatus")]
    db_instance_status: String,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawDbEndpoint {
    address: String,
    port: Option<u16>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawDbSubnetGroup {
    subnets: Vec<RawDbSubnet>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawDbSubnet {
    subnet_identifier: String,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawDbGroup {
    vpc_security_group_id: String,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawTag {
    key: String,
    value: String,
}

fn tag<'a>(tags: &'a [RawTag], key: &str) -> Option<&'a str> {
    tags.iter().find(|t| t.key == key).map(|t| t.value.as_str())
}

fn name(tags: &[RawTag]) -> String {
    tag(tags, "Name").unwrap_or_default().to_string()
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawVpc {
    vpc_id: String,
    cidr_block: Option<String>,
    cidr_block_association_set: Vec<RawCidrAssociation>,
    tags: Vec<RawTag>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawCidrAssociation {
    cidr_block: String,
    cidr_block_state: Option<RawState>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawState {
    state: String,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawSubnet {
    subnet_id: String,
    vpc_id: String,
    cidr_block: Option<String>,
    availability_zone: String,
    map_public_ip_on_launch: bool,
    tags: Vec<RawTag>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawRouteTable {
    route_table_id: String,
    vpc_id: String,
    routes: Vec<RawRoute>,
    associations: Vec<RawRtAssociation>,
    tags: Vec<RawTag>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawRoute {
    destination_cidr_block: Option<String>,
    destination_ipv6_cidr_block: Option<String>,
    destination_prefix_list_id: Option<String>,
    gateway_id: Option<String>,
    nat_gateway_id: Option<String>,
    vpc_peering_connection_id: Option<String>,
    network_interface_id: Option<String>,
    instance_id: Option<String>,
    transit_gateway_id: Option<String>,
    egress_only_internet_gateway_id: Option<String>,
    local_gateway_id: Option<String>,
    carrier_gateway_id: Option<String>,
    core_network_arn: Option<String>,
    state: Option<String>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawRtAssociation {
    main: bool,
    subnet_id: Option<String>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawIgw {
    internet_gateway_id: String,
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
struct RawNat {
    nat_gateway_id: String,
    subnet_id: String,
    state: String,
    connectivity_type: Option<String>,
    nat_gateway_addresses: Vec<RawNatAddress>,
    tags: Vec<RawTag>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawNatAddress {
    allocation_id: Option<String>,
    private_ip: Option<String>,
    public_ip: Option<String>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawAcl {
    network_acl_id: String,
    vpc_id: String,
    is_default: bool,
    entries: Vec<RawAclEntry>,
    associations: Vec<RawAclAssociation>,
    tags: Vec<RawTag>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawAclEntry {
    rule_number: u32,
    egress: bool,
    protocol: String,
    rule_action: String,
    cidr_block: Option<String>,
    ipv6_cidr_block: Option<String>,
    port_range: Option<RawPortRange>,
    icmp_type_code: Option<RawIcmp>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawPortRange {
    from: i64,
    to: i64,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawIcmp {
    r#type: i64,
    code: i64,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawAclAssociation {
    subnet_id: String,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawGroup {
    group_id: String,
    group_name: String,
    description: String,
    vpc_id: String,
    ip_permissions: Vec<RawPermission>,
    ip_permissions_egress: Vec<RawPermission>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawPermission {
    ip_protocol: String,
    from_port: Option<i64>,
    to_port: Option<i64>,
    ip_ranges: Vec<RawIpRange>,
    ipv6_ranges: Vec<serde_json::Value>,
    prefix_list_ids: Vec<RawPrefixRef>,
    user_id_group_pairs: Vec<RawGroupPair>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawIpRange {
    cidr_ip: String,
    description: Option<String>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawPrefixRef {
    prefix_list_id: String,
    description: Option<String>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawGroupPair {
    group_id: String,
    description: Option<String>,
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
    vpc_id: Option<String>,
    instance_type: String,
    subnet_id: Option<String>,
    private_ip_address: Option<String>,
    public_ip_address: Option<String>,
    security_groups: Vec<RawGroupRef>,
    source_dest_check: Option<bool>,
    network_interfaces: Vec<RawInterface>,
    state: Option<RawInstanceState>,
    tags: Vec<RawTag>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawGroupRef {
    group_id: String,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawInterface {
    network_interface_id: String,
    association: Option<RawIpAssociation>,
    attachment: Option<RawEniAttachment>,
    private_ip_addresses: Vec<RawPrivateIp>,
    subnet_id: Option<String>,
    private_ip_address: Option<String>,
    /// Absent (not captured) is not the same as empty.
    groups: Option<Vec<RawGroupRef>>,
    source_dest_check: Option<bool>,
}

/// An interface's private addresses, the primary first, without repeats.
fn interface_ips(list: &[RawPrivateIp], primary: Option<&String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let first = list
        .iter()
        .filter(|a| a.primary)
        .map(|a| &a.private_ip_address)
        .chain(primary);
    let rest = list.iter().map(|a| &a.private_ip_address);
    for a in first.chain(rest) {
        if !a.is_empty() && !out.contains(a) {
            out.push(a.clone());
        }
    }
    out
}

/// A further interface (device index ≥ 1) as the model holds it, when the capture has its
/// subnet, groups and an address (Q5); otherwise what is missing, in words.
fn further_interface(
    id: &str,
    device_index: i64,
    subnet: Option<&String>,
    groups: Option<&Vec<RawGroupRef>>,
    ips: Vec<String>,
    association: Option<&RawIpAssociation>,
    source_dest_check: Option<bool>,
) -> Result<InstanceInterface, &'static str> {
    let (Some(subnet), Some(groups)) = (subnet, groups) else {
        return Err(match (subnet, groups) {
            (None, None) => "its subnet and security groups",
            (None, _) => "its subnet",
            _ => "its security groups",
        });
    };
    let Some(first) = ips.first().cloned() else {
        return Err("its private address");
    };
    Ok(InstanceInterface {
        id: id.to_string(),
        device_index: u32::try_from(device_index).unwrap_or(1).max(1),
        subnet_id: subnet.clone(),
        private_ip: first,
        secondary_private_ips: ips.into_iter().skip(1).collect(),
        public_ip: association.and_then(|a| a.public_ip.clone()),
        ipv6_addresses: Vec::new(),
        security_groups: groups.iter().map(|g| g.group_id.clone()).collect(),
        source_dest_check: source_dest_check.unwrap_or(true),
    })
}

/// The warning for a further interface the capture holds only in part: its addresses are
/// taken as the instance's, on the primary interface's subnet and groups (Q5).
fn partial_interface(instance: &str, eni: &str, missing: &str) -> Diagnostic {
    Diagnostic::new(
        "IMPORT_SECONDARY_INTERFACE_NOT_CAPTURED",
        Severity::Warning,
        instance,
        format!("instance {instance} has a further network interface {eni} whose {missing} are not captured: its addresses are taken as the instance's, assumed to use the primary interface's subnet and security groups (capture describe-network-interfaces to trace it on its own)", missing = missing.trim_start_matches("its ")),
        None,
    )
}

/// `NetworkInterfaces[].PrivateIpAddresses[]`: the primary address and the secondary ones
/// (pod IPs on EKS nodes under the VPC CNI).
#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawPrivateIp {
    private_ip_address: String,
    primary: bool,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawIpAssociation {
    public_ip: Option<String>,
    ip_owner_id: Option<String>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawEniAttachment {
    device_index: i64,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawInstanceState {
    name: String,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawPeering {
    vpc_peering_connection_id: String,
    requester_vpc_info: RawPeerInfo,
    accepter_vpc_info: RawPeerInfo,
    status: RawPeeringStatus,
    tags: Vec<RawTag>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawPeerInfo {
    vpc_id: String,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawPeeringStatus {
    code: String,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawEndpoint {
    vpc_endpoint_id: String,
    vpc_endpoint_type: String,
    vpc_id: String,
    service_name: String,
    route_table_ids: Vec<String>,
    tags: Vec<RawTag>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawPrefixList {
    prefix_list_id: String,
    prefix_list_name: String,
    cidrs: Vec<String>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawLoadBalancer {
    load_balancer_arn: String,
    load_balancer_name: String,
    r#type: String,
    scheme: String,
    vpc_id: String,
    availability_zones: Vec<RawZone>,
    security_groups: Vec<String>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawZone {
    subnet_id: String,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawTargetGroup {
    target_group_arn: String,
    target_group_name: String,
    protocol: String,
    port: u16,
    vpc_id: String,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawListener {
    load_balancer_arn: String,
    port: u16,
    protocol: String,
    default_actions: Vec<RawAction>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawAction {
    r#type: String,
    target_group_arn: Option<String>,
    forward_config: Option<RawForward>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawForward {
    target_groups: Vec<RawForwardTarget>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawForwardTarget {
    target_group_arn: String,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawLbListeners {
    listeners: Vec<RawListener>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawTargetHealth {
    target_group_arn: String,
    target_health_descriptions: Vec<RawHealthDescription>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawHealthDescription {
    target: RawTarget,
}

#[derive(Deserialize, Default, Debug)]
#[serde(default, rename_all = "PascalCase")]
struct RawTarget {
    id: String,
    port: Option<u16>,
}

const KNOWN_KEYS: &[&str] = &[
    "Vpcs",
    "Subnets",
    "RouteTables",
    "InternetGateways",
    "NatGateways",
    "NetworkAcls",
    "SecurityGroups",
    "Reservations",
    "Instances",
    "VpcPeeringConnections",
    "VpcEndpoints",
    "PrefixLists",
    "LoadBalancers",
    "TargetGroups",
    "Listeners",
    "LoadBalancerListeners",
    "TargetHealth",
    "LoadBalancerTargetHealth",
    "TargetHealthDescriptions",
    "NetworkInterfaces",
    "SecurityGroupRules",
    "DBInstances",
];

fn parse(file: &str, text: &str) -> Result<Raw, ImportError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| ImportError::Syntax {
        file: file.into(),
        line: e.line(),
        column: e.column(),
        message: strip_position(&e.to_string()),
    })?;
    if !value.is_object() {
        return Err(ImportError::NotAnObject { file: file.into() });
    }
    crate::yaml::check_json(text).map_err(|e| ImportError::Invalid {
        file: file.into(),
        path: e.path().into(),
        message: e.message(),
    })?;
    // Plain serde_json, with the path recovered from the error's position: see
    // `crate::json_path` for why not `serde_path_to_error`.
    serde_json::from_str(text).map_err(|e| ImportError::Shape {
        file: file.into(),
        path: crate::json_path::path_at(text, e.line(), e.column()),
        line: e.line(),
        column: e.column(),
        message: strip_position(&e.to_string()),
    })
}

/// Imports one merged JSON object.
pub fn import_aws_json(text: &str) -> Result<(Network, Vec<Diagnostic>), ImportError> {
    import_aws_files(&[("aws.json".to_string(), text.to_string())])
}

/// Imports several files (e.g. a directory of `describe-*.json`), in the order given.
///
/// A file whose keys are all outside the model (e.g. `describe-coip-pools`) is
/// not an error: it adds nothing and a warning names the file and its keys.
pub fn import_aws_files(
    files: &[(String, String)],
) -> Result<(Network, Vec<Diagnostic>), ImportError> {
    if files.is_empty() {
        return Err(ImportError::Empty);
    }
    let mut merged = Raw::default();
    let mut transit = super::aws_transit::Transit::default();
    let mut endpoints = super::aws_endpoints::Endpoints::default();
    let mut ipv6 = super::aws_ipv6::Ipv6::default();
    let mut diags = Vec::new();
    let mut seen = BTreeMap::new();
    for (file, text) in files {
        // A UTF-8 byte-order mark (Windows tools write one) is not part of the JSON.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let keys: Vec<String> = serde_json::from_str::<serde_json::Value>(text)
            .ok()
            .and_then(|v| v.as_object().map(|o| o.keys().cloned().collect()))
            .unwrap_or_default();
        let raw = parse(file, text)?;
        transit.read(file, text)?;
        endpoints.read(file, text)?;
        ipv6.read(file, text)?;
        let known = |k: &String| {
            KNOWN_KEYS.contains(&k.as_str())
                || super::aws_transit::KEYS.contains(&k.as_str())
                || super::aws_ipv6::KEYS.contains(&k.as_str())
        };
        if !keys.iter().any(known) {
            let held = if keys.is_empty() {
                "no keys at all".to_string()
            } else {
                format!("only {}", keys.join(", "))
            };
            diags.push(Diagnostic::new(
                "IMPORT_IGNORED_FILE",
                Severity::Warning,
                file,
                format!("{file} holds {held}, none of them AWS CLI data the simulator reads (Vpcs, Subnets, RouteTables, …); nothing was imported from it"),
                None,
            ));
        }
        check(&raw, file, &mut seen, &mut diags)?;
        absorb(&mut merged, raw, file);
    }
    match_target_health(&mut merged, &mut diags);
    merged.endpoint_interfaces = endpoints.interface_ids();
    merged.managed_prefix_lists = transit.prefix_list_ids();
    let mut net = convert(merged, &mut diags);
    transit.apply(&mut net, &mut diags)?;
    endpoints.apply(&mut net, &mut diags);
    ipv6.apply(&mut net, &mut diags)?;
    Ok((net, diags))
}

/// Where an id was first seen: `file: path`.
type Seen = BTreeMap<(&'static str, String), String>;

/// Refuses what the conversion would otherwise guess at: missing or duplicate ids, unknown
/// protocols and rule actions, routes without a target. ICMPv6 rules are reported (they are
/// not simulated) and dropped by [`convert`].
fn check(
    raw: &Raw,
    file: &str,
    seen: &mut Seen,
    diags: &mut Vec<Diagnostic>,
) -> Result<(), ImportError> {
    let invalid = |path: String, message: String| ImportError::Invalid {
        file: file.into(),
        path,
        message,
    };
    let mut id = |kind: &'static str, field: &str, id: &str, path: String| {
        if id.is_empty() {
            return Err(invalid(
                format!("{path}.{field}"),
                format!("missing: every {kind} needs its {field}"),
            ));
        }
        let here = format!("{file}: {path}");
        if let Some(first) = seen.get(&(kind, id.to_string())) {
            return Err(ImportError::Duplicate {
                file: file.into(),
                path: format!("{path}.{field}"),
                kind,
                id: id.into(),
                first: first.clone(),
            });
        }
        seen.insert((kind, id.to_string()), here);
        Ok(())
    };
    for (i, v) in raw.vpcs.iter().enumerate() {
        id("VPC", "VpcId", &v.vpc_id, format!("Vpcs[{i}]"))?;
    }
    for (i, s) in raw.subnets.iter().enumerate() {
        id("subnet", "SubnetId", &s.subnet_id, format!("Subnets[{i}]"))?;
    }
    for (i, g) in raw.security_groups.iter().enumerate() {
        id(
            "security group",
            "GroupId",
            &g.group_id,
            format!("SecurityGroups[{i}]"),
        )?;
    }
    for (i, g) in raw.internet_gateways.iter().enumerate() {
        id(
            "internet gateway",
            "InternetGatewayId",
            &g.internet_gateway_id,
            format!("InternetGateways[{i}]"),
        )?;
    }
    for (i, n) in raw.nat_gateways.iter().enumerate() {
        id(
            "NAT gateway",
            "NatGatewayId",
            &n.nat_gateway_id,
            format!("NatGateways[{i}]"),
        )?;
    }
    for (i, a) in raw.network_acls.iter().enumerate() {
        id(
            "network ACL",
            "NetworkAclId",
            &a.network_acl_id,
            format!("NetworkAcls[{i}]"),
        )?;
    }
    for (i, n) in raw.nat_gateways.iter().enumerate() {
        const STATES: &[&str] = &["", "pending", "failed", "available", "deleting", "deleted"];
        if !STATES.contains(&n.state.as_str()) {
            return Err(invalid(
                format!("NatGateways[{i}].State"),
                format!("`{}` is not a NAT gateway state (pending, failed, available, deleting, deleted)", n.state),
            ));
        }
    }
    for (i, p) in raw.vpc_peering_connections.iter().enumerate() {
        const CODES: &[&str] = &[
            "",
            "initiating-request",
            "pending-acceptance",
            "active",
            "deleted",
            "rejected",
            "failed",
            "expired",
            "provisioning",
            "deleting",
        ];
        if !CODES.contains(&p.status.code.as_str()) {
            return Err(invalid(
                format!("VpcPeeringConnections[{i}].Status.Code"),
                format!(
                    "`{}` is not a peering status (pending-acceptance, active, rejected, …)",
                    p.status.code
                ),
            ));
        }
        id(
            "peering connection",
            "VpcPeeringConnectionId",
            &p.vpc_peering_connection_id,
            format!("VpcPeeringConnections[{i}]"),
        )?;
    }
    for (i, e) in raw.vpc_endpoints.iter().enumerate() {
        id(
            "VPC endpoint",
            "VpcEndpointId",
            &e.vpc_endpoint_id,
            format!("VpcEndpoints[{i}]"),
        )?;
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
        id("instance", "InstanceId", &inst.instance_id, path)?;
    }
    for (t, table) in raw.route_tables.iter().enumerate() {
        let path = format!("RouteTables[{t}]");
        id(
            "route table",
            "RouteTableId",
            &table.route_table_id,
            path.clone(),
        )?;
        for (r, route) in table.routes.iter().enumerate() {
            let has_target = [
                &route.gateway_id,
                &route.nat_gateway_id,
                &route.vpc_peering_connection_id,
                &route.network_interface_id,
                &route.instance_id,
                &route.transit_gateway_id,
                &route.egress_only_internet_gateway_id,
                &route.local_gateway_id,
                &route.carrier_gateway_id,
                &route.core_network_arn,
            ]
            .iter()
            .any(|t| t.as_deref().is_some_and(|t| !t.is_empty()));
            if !has_target {
                return Err(invalid(
                    format!("{path}.Routes[{r}]"),
                    "a route with no target (GatewayId, NatGatewayId, VpcPeeringConnectionId, NetworkInterfaceId, InstanceId, TransitGatewayId, …)".into(),
                ));
            }
        }
    }
    for (a, acl) in raw.network_acls.iter().enumerate() {
        for (e, entry) in acl.entries.iter().enumerate() {
            let path = format!("NetworkAcls[{a}].Entries[{e}]");
            check_protocol(
                &entry.protocol,
                file,
                &format!("{path}.Protocol"),
                &acl.network_acl_id,
                diags,
            )?;
            if entry.rule_action != "allow" && entry.rule_action != "deny" {
                return Err(invalid(
                    format!("{path}.RuleAction"),
                    format!("`{}` is not `allow` or `deny`", entry.rule_action),
                ));
            }
            if let Some(r) = &entry.port_range {
                check_range(
                    file,
                    &format!("{path}.PortRange"),
                    ("From", r.from),
                    ("To", r.to),
                    65535,
                )?;
            }
            if let Some(i) = &entry.icmp_type_code {
                check_range(
                    file,
                    &format!("{path}.IcmpTypeCode"),
                    ("Type", i.r#type),
                    ("Code", i.code),
                    255,
                )?;
            }
        }
    }
    for (i, n) in raw.network_interfaces.iter().enumerate() {
        id(
            "network interface",
            "NetworkInterfaceId",
            &n.network_interface_id,
            format!("NetworkInterfaces[{i}]"),
        )?;
    }
    for (i, d) in raw.db_instances.iter().enumerate() {
        id(
            "database",
            "DBInstanceIdentifier",
            &d.db_instance_identifier,
            format!("DBInstances[{i}]"),
        )?;
    }
    for (i, r) in raw.security_group_rules.iter().enumerate() {
        let path = format!("SecurityGroupRules[{i}]");
        if r.group_id.is_empty() {
            return Err(invalid(
                format!("{path}.GroupId"),
                "missing: every security group rule names its GroupId".into(),
            ));
        }
        check_protocol(
            &r.ip_protocol,
            file,
            &format!("{path}.IpProtocol"),
            &r.group_id,
            diags,
        )?;
        let max = match Protocol::parse(&r.ip_protocol) {
            Some(Protocol::Icmp) => 255,
            _ => 65535,
        };
        check_range(
            file,
            &path,
            ("FromPort", r.from_port.unwrap_or(-1)),
            ("ToPort", r.to_port.unwrap_or(-1)),
            max,
        )?;
    }
    for (g, group) in raw.security_groups.iter().enumerate() {
        for (list, perms) in [
            ("IpPermissions", &group.ip_permissions),
            ("IpPermissionsEgress", &group.ip_permissions_egress),
        ] {
            for (p, perm) in perms.iter().enumerate() {
                let path = format!("SecurityGroups[{g}].{list}[{p}]");
                check_protocol(
                    &perm.ip_protocol,
                    file,
                    &format!("{path}.IpProtocol"),
                    &group.group_id,
                    diags,
                )?;
                let max = match Protocol::parse(&perm.ip_protocol) {
                    Some(Protocol::Icmp) => 255,
                    _ => 65535,
                };
                check_range(
                    file,
                    &path,
                    ("FromPort", perm.from_port.unwrap_or(-1)),
                    ("ToPort", perm.to_port.unwrap_or(-1)),
                    max,
                )?;
            }
        }
    }
    Ok(())
}

/// A port range (or ICMP type and code): each -1 (any) or 0..=max, and for ports from ≤ to.
/// Out-of-range values were clamped before; they are a typo, not a range.
fn check_range(
    file: &str,
    path: &str,
    (from_name, from): (&str, i64),
    (to_name, to): (&str, i64),
    max: i64,
) -> Result<(), ImportError> {
    for (name, v) in [(from_name, from), (to_name, to)] {
        if !(-1..=max).contains(&v) {
            return Err(ImportError::Invalid {
                file: file.into(),
                path: format!("{path}.{name}"),
                message: format!("{v} is outside -1 (any) and 0–{max}"),
            });
        }
    }
    let is_ports = max == 65535;
    if is_ports && from >= 0 && to >= 0 && from > to {
        return Err(ImportError::Invalid {
            file: file.into(),
            path: format!("{path}.{from_name}"),
            message: format!("{from} is above {to_name} {to}: the range is empty"),
        });
    }
    Ok(())
}

/// ICMPv6 (`icmpv6` or 58): not simulated (docs/SEMANTICS.md#x1).
fn is_icmpv6(text: &str) -> bool {
    matches!(text.trim().to_ascii_lowercase().as_str(), "icmpv6" | "58")
}

/// An AWS protocol field: a name (`tcp`, `udp`, `icmp`, `icmpv6`), `-1` for all, or an IANA
/// protocol number 0–255 (AWS reports NACL protocols as numbers: "6", "17", "1").
fn check_protocol(
    text: &str,
    file: &str,
    path: &str,
    owner: &str,
    diags: &mut Vec<Diagnostic>,
) -> Result<(), ImportError> {
    if is_icmpv6(text) {
        diags.push(Diagnostic::new(
            "IMPORT_IPV6_RULE",
            Severity::Warning,
            owner,
            format!("{file}: {path} is `{text}` (ICMPv6): ICMPv6 rules are not simulated (docs/SEMANTICS.md#x1), so it was left out"),
            None,
        ));
        return Ok(());
    }
    if text.trim().is_empty() {
        return Err(ImportError::Invalid {
            file: file.into(),
            path: path.into(),
            message: "missing: a rule needs its protocol (tcp, udp, icmp, -1 or a protocol number)"
                .into(),
        });
    }
    match Protocol::parse(text) {
        Some(_) => Ok(()),
        None => Err(ImportError::Invalid {
            file: file.into(),
            path: path.into(),
            message: format!("`{text}` is not a protocol: expected tcp, udp, icmp, icmpv6, -1 (all) or a protocol number 0–255"),
        }),
    }
}

fn absorb(into: &mut Raw, mut raw: Raw, file: &str) {
    into.vpcs.append(&mut raw.vpcs);
    into.subnets.append(&mut raw.subnets);
    into.route_tables.append(&mut raw.route_tables);
    into.internet_gateways.append(&mut raw.internet_gateways);
    into.nat_gateways.append(&mut raw.nat_gateways);
    into.network_acls.append(&mut raw.network_acls);
    into.security_groups.append(&mut raw.security_groups);
    into.reservations.append(&mut raw.reservations);
    into.instances.append(&mut raw.instances);
    into.vpc_peering_connections
        .append(&mut raw.vpc_peering_connections);
    into.vpc_endpoints.append(&mut raw.vpc_endpoints);
    into.prefix_lists.append(&mut raw.prefix_lists);
    into.load_balancers.append(&mut raw.load_balancers);
    into.target_groups.append(&mut raw.target_groups);
    into.listeners.append(&mut raw.listeners);
    for mut l in raw.load_balancer_listeners {
        into.listeners.append(&mut l.listeners);
    }
    into.target_health.append(&mut raw.target_health);
    into.target_health
        .append(&mut raw.load_balancer_target_health);
    into.network_interfaces.append(&mut raw.network_interfaces);
    into.security_group_rules
        .append(&mut raw.security_group_rules);
    into.db_instances.append(&mut raw.db_instances);
    if !raw.target_health_descriptions.is_empty() {
        match raw.target_group_arn {
            Some(target_group_arn) => into.target_health.push(RawTargetHealth {
                target_group_arn,
                target_health_descriptions: raw.target_health_descriptions,
            }),
            None => into
                .unmatched_health
                .push((file.to_string(), raw.target_health_descriptions)),
        }
    }
}

/// Plain `describe-target-health` output (the CLI prints no `TargetGroupArn`): its group is
/// the one whose name the file name contains, else the only target group of the capture.
/// Anything else would be a guess: a warning names the file and the candidates.
fn match_target_health(raw: &mut Raw, diags: &mut Vec<Diagnostic>) {
    for (file, descriptions) in std::mem::take(&mut raw.unmatched_health) {
        let stem = file
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(&file)
            .to_ascii_lowercase();
        let by_name: Vec<&RawTargetGroup> = raw
            .target_groups
            .iter()
            .filter(|g| {
                !g.target_group_name.is_empty()
                    && stem.contains(&g.target_group_name.to_ascii_lowercase())
            })
            .collect();
        let mut arn = match (by_name.as_slice(), raw.target_groups.as_slice()) {
            ([one], _) => Some(one.target_group_arn.clone()),
            ([], [one]) => Some(one.target_group_arn.clone()),
            _ => None,
        };
        // Else the one group a captured listener forwards to: the group the file came with,
        // an assumption the warning states.
        if arn.is_none() && by_name.is_empty() {
            let served: std::collections::BTreeSet<&str> = raw
                .listeners
                .iter()
                .flat_map(|l| &l.default_actions)
                .filter(|a| a.r#type == "forward")
                .filter_map(|a| {
                    a.target_group_arn.as_deref().or_else(|| {
                        a.forward_config
                            .as_ref()
                            .and_then(|f| f.target_groups.first())
                            .map(|t| t.target_group_arn.as_str())
                    })
                })
                .filter(|arn| raw.target_groups.iter().any(|g| g.target_group_arn == *arn))
                .collect();
            if let [one] = served.into_iter().collect::<Vec<_>>().as_slice() {
                let name = raw
                    .target_groups
                    .iter()
                    .find(|g| g.target_group_arn == *one)
                    .map(|g| g.target_group_name.clone())
                    .unwrap_or_default();
                diags.push(Diagnostic::new(
                    "IMPORT_TARGET_HEALTH_ASSUMED",
                    Severity::Warning,
                    &file,
                    format!("{file} has TargetHealthDescriptions but no TargetGroupArn (as `aws elbv2 describe-target-health` prints it); its targets are assumed to belong to {name}, the only captured target group a listener forwards to"),
                    None,
                ));
                arn = Some(one.to_string());
            }
        }
        match arn {
            Some(target_group_arn) => raw.target_health.push(RawTargetHealth {
                target_group_arn,
                target_health_descriptions: descriptions,
            }),
            None => {
                let names: Vec<&str> = raw
                    .target_groups
                    .iter()
                    .map(|g| g.target_group_name.as_str())
                    .collect();
                let candidates = if names.is_empty() {
                    "no target group was captured".to_string()
                } else {
                    format!(
                        "the capture has {} target groups ({}) and the file name names none of them; name the file after its group (e.g. targethealth-{}.json)",
                        names.len(),
                        names.join(", "),
                        names[0]
                    )
                };
                diags.push(Diagnostic::new(
                    "IMPORT_TARGET_HEALTH_UNMATCHED",
                    Severity::Warning,
                    &file,
                    format!("{file} has TargetHealthDescriptions but no TargetGroupArn (as `aws elbv2 describe-target-health` prints it), and {candidates}; its targets were not given to a target group"),
                    None,
                ));
            }
        }
    }
}

/// A rule's CIDR with host bits set (`2.2.2.2/28`): the addresses it matches are those of
/// its network (`2.2.2.0/28`), which is how it is read, with a warning.
fn normalise_peer(peer: &mut RulePeer, owner: &str, diags: &mut Vec<Diagnostic>) {
    let RulePeer::Cidr(text) = peer else { return };
    let (Ok(lenient), Err(_)) = (
        crate::network::cidr::Cidr::parse_lenient(text),
        crate::network::cidr::Cidr::parse(text),
    ) else {
        return;
    };
    let fixed = lenient.to_string();
    if fixed == *text {
        return;
    }
    diags.push(Diagnostic::new(
        "IMPORT_CIDR_HOST_BITS",
        Severity::Warning,
        owner,
        format!("{owner} has a rule for {text}, which has host bits set; it matches the addresses of {fixed} and was read as that"),
        None,
    ));
    *text = fixed;
}

/// `describe-security-group-rules`: each rule joins its group. A group also captured by
/// `describe-security-groups` already holds the same rules; a group only known from its
/// rules is created, with a warning that its name and VPC were not captured.
fn merge_group_rules(net: &mut Network, rules: Vec<RawGroupRule>, diags: &mut Vec<Diagnostic>) {
    let described: std::collections::BTreeSet<String> =
        net.security_groups.iter().map(|g| g.id.clone()).collect();
    for r in rules {
        if described.contains(&r.group_id) || is_icmpv6(&r.ip_protocol) {
            continue;
        }
        let protocol = protocol_of(&r.ip_protocol);
        let (ports, icmp) = ports_of(protocol, r.from_port, r.to_port);
        let peer = if let Some(c) = r.cidr_ipv4.as_ref().or(r.cidr_ipv6.as_ref()) {
            RulePeer::Cidr(c.clone())
        } else if let Some(p) = &r.prefix_list_id {
            RulePeer::PrefixList(p.clone())
        } else if let Some(g) = &r.referenced_group_info {
            RulePeer::SecurityGroup(g.group_id.clone())
        } else {
            continue;
        };
        let mut rule = SecurityGroupRule {
            protocol,
            ports,
            icmp,
            peer,
            description: r.description.clone().unwrap_or_default(),
        };
        normalise_peer(&mut rule.peer, &r.group_id, diags);
        let at = match net.security_groups.iter().position(|g| g.id == r.group_id) {
            Some(at) => at,
            None => {
                diags.push(Diagnostic::new(
                    "IMPORT_GROUP_FROM_RULES",
                    Severity::Warning,
                    &r.group_id,
                    format!("security group {} is known only from describe-security-group-rules: its rules were read, its name and VPC are not captured", r.group_id),
                    None,
                ));
                net.security_groups.push(SecurityGroup {
                    id: r.group_id.clone(),
                    ..SecurityGroup::default()
                });
                net.security_groups.len() - 1
            }
        };
        let group = &mut net.security_groups[at];
        if r.is_egress {
            group.egress.push(rule);
        } else {
            group.ingress.push(rule);
        }
    }
}

/// `describe-network-interfaces` (Q5): an interface attached to a captured instance adds
/// its addresses to that instance; one attached to an instance that is not captured stands
/// for that instance (its subnet, addresses and groups are the instance's); the others
/// (NAT gateways, endpoints, load balancers, Lambda, …) are named in a warning, one per type.
fn adopt_interfaces(
    net: &mut Network,
    enis: Vec<RawNetworkInterface>,
    endpoint_enis: &[String],
    capture: &mut Capture,
    diags: &mut Vec<Diagnostic>,
) {
    let mut unmodelled: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for n in enis {
        let ips: Vec<String> = n
            .private_ip_addresses
            .iter()
            .map(|a| a.private_ip_address.clone())
            .filter(|a| !a.is_empty())
            .chain(n.private_ip_address.clone())
            .fold(Vec::new(), |mut v, a| {
                if !v.contains(&a) {
                    v.push(a);
                }
                v
            });
        let instance = n.attachment.as_ref().and_then(|a| a.instance_id.clone());
        let kind = n
            .interface_type
            .clone()
            .unwrap_or_else(|| "interface".into());
        let Some(instance) = instance.filter(|_| kind == "interface") else {
            let modelled = (kind == "nat_gateway"
                && net
                    .nat_gateways
                    .iter()
                    .any(|g| g.private_ip.as_ref().is_some_and(|ip| ips.contains(ip))))
                || (kind == "vpc_endpoint" && endpoint_enis.contains(&n.network_interface_id));
            if !modelled {
                let what = if n.description.is_empty() {
                    n.network_interface_id.clone()
                } else {
                    format!("{} ({})", n.network_interface_id, n.description)
                };
                unmodelled.entry(kind).or_default().push(what);
            }
            continue;
        };
        let index = n.attachment.as_ref().map_or(0, |a| a.device_index);
        let primary = index == 0;
        if let Some(i) = net.instances.iter_mut().find(|i| i.id == instance) {
            let id = n.network_interface_id.as_str();
            if i.eni_id.as_deref() == Some(id) || i.network_interfaces.iter().any(|f| f.id == id) {
                continue;
            }
            if i.eni_id.is_none() && primary {
                i.eni_id = Some(n.network_interface_id.clone());
            } else if !primary {
                // Q5: a further interface with its own subnet, addresses and groups.
                let ips = interface_ips(&n.private_ip_addresses, n.private_ip_address.as_ref());
                match further_interface(
                    id,
                    index,
                    n.subnet_id.as_ref(),
                    n.groups.as_ref(),
                    ips.clone(),
                    n.association.as_ref(),
                    n.source_dest_check,
                ) {
                    Ok(f) => {
                        // describe-instances held it only in part: this capture completes it.
                        if capture.interfaces.remove(id).is_some() {
                            i.secondary_private_ips.retain(|a| !ips.contains(a));
                            diags.retain(|d| {
                                !(d.code == "IMPORT_SECONDARY_INTERFACE_NOT_CAPTURED"
                                    && d.component == i.id
                                    && d.message.contains(id))
                            });
                        }
                        i.network_interfaces.push(f);
                        continue;
                    }
                    Err(missing) => {
                        if !capture.interfaces.contains_key(id) {
                            diags.push(partial_interface(&i.id, id, missing));
                        }
                        capture
                            .interfaces
                            .insert(n.network_interface_id.clone(), instance.clone());
                    }
                }
            } else {
                capture
                    .interfaces
                    .insert(n.network_interface_id.clone(), instance.clone());
            }
            for a in ips {
                if a != i.private_ip && !i.secondary_private_ips.contains(&a) {
                    i.secondary_private_ips.push(a);
                }
            }
            continue;
        }
        let (Some(subnet_id), Some(first)) = (n.subnet_id.clone(), ips.first().cloned()) else {
            unmodelled
                .entry(kind)
                .or_default()
                .push(n.network_interface_id.clone());
            continue;
        };
        capture.assumed.insert(
            instance.clone(),
            format!(
                "assumed from its network interface {} (the instance itself is not captured)",
                n.network_interface_id
            ),
        );
        diags.push(Diagnostic::new(
            "IMPORT_INSTANCE_FROM_INTERFACE",
            Severity::Warning,
            &instance,
            format!("instance {instance} is not captured; its network interface {} is, so the instance is assumed to have that interface's subnet {subnet_id}, addresses and security groups (its type, state and tags are not captured)", n.network_interface_id),
            None,
        ));
        net.instances.push(Instance {
            id: instance,
            name: name(&n.tag_set),
            subnet_id,
            private_ip: first,
            public_ip: n.association.as_ref().and_then(|a| a.public_ip.clone()),
            elastic_ip: n
                .association
                .as_ref()
                .and_then(|a| a.ip_owner_id.as_deref())
                .is_some_and(|o| o != "amazon"),
            eni_id: Some(n.network_interface_id.clone()),
            secondary_private_ips: ips.into_iter().skip(1).collect(),
            security_groups: n.groups.into_iter().flatten().map(|g| g.group_id).collect(),
            source_dest_check: n.source_dest_check.unwrap_or(true),
            ..Instance::default()
        });
    }
    for (kind, ids) in unmodelled {
        diags.push(Diagnostic::new(
            "IMPORT_INTERFACE_NOT_MODELLED",
            Severity::Warning,
            &ids[0],
            format!("{} network interface(s) of type `{kind}` not attached to a captured instance or NAT gateway are not trace endpoints yet: {}", ids.len(), ids.join(", ")),
            None,
        ));
    }
}

/// Several instances with one Name tag: `--from NAME` would pick one, so say which (Q5).
fn report_shared_names(net: &Network, diags: &mut Vec<Diagnostic>) {
    let mut by_name: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for i in &net.instances {
        if !i.name.is_empty() {
            by_name.entry(&i.name).or_default().push(&i.id);
        }
    }
    for (name, ids) in by_name.into_iter().filter(|(_, ids)| ids.len() > 1) {
        diags.push(Diagnostic::new(
            "IMPORT_SHARED_NAME",
            Severity::Warning,
            ids[0],
            format!("{} instances share the Name tag `{name}` ({}): name them by id in traces, `{name}` means the first, {}", ids.len(), ids.join(", "), ids[0]),
            None,
        ));
    }
}

/// `rds describe-db-instances`: a database with its subnet group, VPC security groups and
/// endpoint port. The endpoint address is a DNS name; the private IP is derived from the
/// first subnet (as for a drawn database).
fn convert_databases(
    net: &mut Network,
    dbs: Vec<RawDbInstance>,
    capture: &mut Capture,
    diags: &mut Vec<Diagnostic>,
) {
    for d in dbs {
        let id = d.db_instance_identifier;
        let port = d
            .endpoint
            .as_ref()
            .and_then(|e| e.port)
            .or(d.db_instance_port.filter(|p| *p != 0));
        let Some(port) = port else {
            diags.push(Diagnostic::new(
                "IMPORT_DATABASE_SKIPPED",
                Severity::Warning,
                &id,
                format!(
                    "database {id} has no Endpoint.Port (status `{}`) and was left out",
                    d.db_instance_status
                ),
                None,
            ));
            continue;
        };
        let subnet_group: Vec<String> = d
            .db_subnet_group
            .map(|g| g.subnets.into_iter().map(|s| s.subnet_identifier).collect())
            .unwrap_or_default();
        if subnet_group.is_empty() {
            diags.push(Diagnostic::new(
                "IMPORT_DATABASE_SKIPPED",
                Severity::Warning,
                &id,
                format!(
                    "database {id} has no DBSubnetGroup subnets (not in a VPC?) and was left out"
                ),
                None,
            ));
            continue;
        }
        let address = d.endpoint.map(|e| e.address).unwrap_or_default();
        let why = format!("an RDS database ({address}:{port}) whose private IP is not in the capture; assumed to be an address of {}", subnet_group[0]);
        diags.push(Diagnostic::new(
            "IMPORT_DATABASE_ADDRESS",
            Severity::Info,
            &id,
            format!("database {id} is {why}"),
            None,
        ));
        capture.assumed.insert(id.clone(), why);
        net.databases.push(Database {
            name: id.clone(),
            id,
            engine: d.engine,
            port,
            subnet_group,
            security_groups: d
                .vpc_security_groups
                .into_iter()
                .map(|g| g.vpc_security_group_id)
                .collect(),
            multi_az: d.multi_az,
            private_ip: None,
            publicly_accessible: d.publicly_accessible,
        });
    }
}

/// An `active` route to an internet gateway the capture does not hold: AWS would mark the
/// route blackhole if the gateway were gone or detached, so it exists and is attached to the
/// table's VPC (Q2). It is added, marked assumed, so the path through it can be traced.
fn assume_internet_gateways(net: &mut Network, capture: &mut Capture, diags: &mut Vec<Diagnostic>) {
    let mut wanted: BTreeMap<String, (String, String)> = BTreeMap::new();
    for t in &net.route_tables {
        for r in &t.routes {
            if r.state == RouteState::Active
                && r.target.kind == TargetKind::Igw
                && !net.internet_gateways.iter().any(|g| g.id == r.target.id)
            {
                wanted
                    .entry(r.target.id.clone())
                    .or_insert((t.vpc_id.clone(), t.id.clone()));
            }
        }
    }
    for (igw, (vpc, table)) in wanted {
        let why = format!("not in the capture; assumed attached to {vpc} because route table {table} has an active route to it");
        diags.push(Diagnostic::new(
            "IMPORT_ASSUMED_INTERNET_GATEWAY",
            Severity::Warning,
            &igw,
            format!("internet gateway {igw} is {why}"),
            None,
        ));
        capture.assumed.insert(igw.clone(), why);
        net.internet_gateways.push(InternetGateway {
            id: igw,
            name: String::new(),
            attached_vpc: Some(vpc),
        });
    }
}

/// A protocol [`check`] accepted (ICMPv6 rules are skipped before this is called).
fn protocol_of(text: &str) -> Protocol {
    Protocol::parse(text).unwrap_or(Protocol::All)
}

/// FromPort/ToPort → a port range (S4): absent or -1 means all ports.
fn ports_of(
    protocol: Protocol,
    from: Option<i64>,
    to: Option<i64>,
) -> (Option<PortRange>, Option<IcmpMatch>) {
    let clamp = |v: i64| u16::try_from(v.clamp(0, 65535)).unwrap_or(0);
    match protocol {
        Protocol::Tcp | Protocol::Udp => match (from, to) {
            (Some(f), Some(t)) if f >= 0 && t >= 0 && !(f == 0 && t == 65535) => (
                Some(PortRange {
                    from: clamp(f),
                    to: clamp(t),
                }),
                None,
            ),
            _ => (None, None),
        },
        Protocol::Icmp => {
            let pick = |v: Option<i64>| v.filter(|v| (0..=255).contains(v)).map(|v| v as u8);
            let m = IcmpMatch {
                icmp_type: pick(from),
                code: pick(to),
            };
            (
                None,
                (m.icmp_type.is_some() || m.code.is_some()).then_some(m),
            )
        }
        _ => (None, None),
    }
}

fn convert(raw: Raw, diags: &mut Vec<Diagnostic>) -> Network {
    let mut net = Network::default();
    for v in raw.vpcs {
        let mut cidrs: Vec<String> = v
            .cidr_block_association_set
            .iter()
            .filter(|a| {
                a.cidr_block_state
                    .as_ref()
                    .map(|s| s.state == "associated" || s.state.is_empty())
                    .unwrap_or(true)
            })
            .map(|a| a.cidr_block.clone())
            .collect();
        if let Some(primary) = v.cidr_block {
            if let Some(i) = cidrs.iter().position(|c| *c == primary) {
                cidrs.remove(i);
            }
            cidrs.insert(0, primary);
        }
        net.vpcs.push(Vpc {
            ipv6_cidr_blocks: Vec::new(),
            id: v.vpc_id,
            name: name(&v.tags),
            cidr_blocks: cidrs,
        });
    }
    let mut zones = std::collections::BTreeSet::new();
    for s in raw.subnets {
        let Some(cidr) = s.cidr_block else {
            diags.push(Diagnostic::new(
                "IMPORT_IPV6_ONLY",
                Severity::Info,
                &s.subnet_id,
                format!(
                    "subnet {} has no IPv4 CIDR; IPv6-only subnets are not simulated (dual-stack ones are, docs/SEMANTICS.md#x1)",
                    s.subnet_id
                ),
                None,
            ));
            continue;
        };
        zones.insert(s.availability_zone.clone());
        net.subnets.push(Subnet {
            ipv6_cidr: None,
            id: s.subnet_id,
            name: name(&s.tags),
            vpc_id: s.vpc_id,
            cidr,
            availability_zone: s.availability_zone,
            map_public_ip_on_launch: s.map_public_ip_on_launch,
        });
    }
    net.availability_zones = zones.into_iter().filter(|z| !z.is_empty()).collect();
    net.region = net
        .availability_zones
        .first()
        .map(|z| {
            z.trim_end_matches(|c: char| c.is_ascii_alphabetic())
                .to_string()
        })
        .unwrap_or_default();

    for t in raw.route_tables {
        let mut routes = Vec::new();
        for r in &t.routes {
            let destination = match (
                &r.destination_cidr_block,
                &r.destination_prefix_list_id,
                &r.destination_ipv6_cidr_block,
            ) {
                (Some(c), _, _) => RouteDestination::Cidr(c.clone()),
                (None, Some(p), _) => RouteDestination::PrefixList(p.clone()),
                // `DestinationIpv6CidrBlock`: the family is the block's (X1).
                (None, None, Some(c)) => RouteDestination::Cidr(c.clone()),
                (None, None, None) => {
                    {
                        diags.push(Diagnostic::new(
                            "IMPORT_ROUTE_SKIPPED",
                            Severity::Warning,
                            &t.route_table_id,
                            format!(
                                "a route of {} has no destination and was skipped",
                                t.route_table_id
                            ),
                            None,
                        ));
                    }
                    continue;
                }
            };
            let target = if let Some(g) = &r.gateway_id {
                let kind = if g == "local" {
                    TargetKind::Local
                } else if g.starts_with("igw-") {
                    TargetKind::Igw
                } else if g.starts_with("vpce-") {
                    TargetKind::Vpce
                } else if g.starts_with("vgw-") {
                    TargetKind::Vgw
                } else {
                    TargetKind::Other
                };
                RouteTarget {
                    kind,
                    id: g.clone(),
                }
            } else if let Some(n) = &r.nat_gateway_id {
                RouteTarget {
                    kind: TargetKind::Nat,
                    id: n.clone(),
                }
            } else if let Some(p) = &r.vpc_peering_connection_id {
                RouteTarget {
                    kind: TargetKind::Pcx,
                    id: p.clone(),
                }
            } else if let Some(i) = &r.instance_id {
                RouteTarget {
                    kind: TargetKind::Instance,
                    id: i.clone(),
                }
            } else if let Some(e) = &r.network_interface_id {
                RouteTarget {
                    kind: TargetKind::Eni,
                    id: e.clone(),
                }
            } else if let Some(g) = &r.transit_gateway_id {
                RouteTarget {
                    kind: TargetKind::Tgw,
                    id: g.clone(),
                }
            } else if let Some(g) = &r.egress_only_internet_gateway_id {
                RouteTarget {
                    kind: TargetKind::Eigw,
                    id: g.clone(),
                }
            } else if let Some(g) = r
                .local_gateway_id
                .as_ref()
                .or(r.carrier_gateway_id.as_ref())
                .or(r.core_network_arn.as_ref())
            {
                RouteTarget {
                    kind: TargetKind::Other,
                    id: g.clone(),
                }
            } else {
                RouteTarget {
                    kind: TargetKind::Other,
                    id: "unknown".into(),
                }
            };
            let state = if r.state.as_deref() == Some("blackhole") {
                RouteState::Blackhole
            } else {
                RouteState::Active
            };
            routes.push(Route {
                destination,
                target,
                state,
            });
        }
        let main = t.associations.iter().any(|a| a.main);
        let associations = t
            .associations
            .iter()
            .filter_map(|a| a.subnet_id.clone())
            .collect();
        net.route_tables.push(RouteTable {
            id: t.route_table_id,
            name: name(&t.tags),
            vpc_id: t.vpc_id,
            main,
            routes,
            associations,
        });
    }
    for g in raw.internet_gateways {
        let attached = g
            .attachments
            .iter()
            .find(|a| a.state == "available" || a.state == "attached" || a.state.is_empty())
            .map(|a| a.vpc_id.clone());
        net.internet_gateways.push(InternetGateway {
            id: g.internet_gateway_id,
            name: name(&g.tags),
            attached_vpc: attached,
        });
    }
    for n in raw.nat_gateways {
        let addr = n.nat_gateway_addresses.first();
        let state = match n.state.as_str() {
            "pending" => NatState::Pending,
            "deleting" => NatState::Deleting,
            "deleted" => NatState::Deleted,
            "failed" => NatState::Failed,
            _ => NatState::Available,
        };
        net.nat_gateways.push(NatGateway {
            id: n.nat_gateway_id,
            name: name(&n.tags),
            subnet_id: n.subnet_id,
            connectivity: if n.connectivity_type.as_deref() == Some("private") {
                NatConnectivity::Private
            } else {
                NatConnectivity::Public
            },
            public_ip: addr.and_then(|a| a.public_ip.clone()),
            allocation_id: addr.and_then(|a| a.allocation_id.clone()),
            private_ip: addr.and_then(|a| a.private_ip.clone()),
            state,
        });
    }
    for a in raw.network_acls {
        let mut entries = Vec::new();
        for e in &a.entries {
            // The final `*` rules (32767/32768) are implicit in the model (A3).
            if e.rule_number >= 32767 {
                continue;
            }
            // `Ipv6CidrBlock` entries are IPv6 entries (X5).
            let Some(cidr) = e.cidr_block.clone().or_else(|| e.ipv6_cidr_block.clone()) else {
                continue;
            };
            if is_icmpv6(&e.protocol) {
                continue;
            }
            let protocol = protocol_of(&e.protocol);
            let ports = match (protocol, &e.port_range) {
                (Protocol::Tcp | Protocol::Udp, Some(r)) => {
                    ports_of(protocol, Some(r.from), Some(r.to)).0
                }
                _ => None,
            };
            let icmp = match (protocol, &e.icmp_type_code) {
                (Protocol::Icmp, Some(i)) => ports_of(protocol, Some(i.r#type), Some(i.code)).1,
                _ => None,
            };
            let action = if e.rule_action == "deny" {
                RuleAction::Deny
            } else {
                RuleAction::Allow
            };
            entries.push(NaclEntry {
                rule_number: e.rule_number,
                egress: e.egress,
                protocol,
                ports,
                icmp,
                cidr,
                action,
            });
        }
        net.network_acls.push(NetworkAcl {
            id: a.network_acl_id,
            name: name(&a.tags),
            vpc_id: a.vpc_id,
            is_default: a.is_default,
            entries,
            associations: a.associations.into_iter().map(|x| x.subnet_id).collect(),
        });
    }
    for g in raw.security_groups {
        let rules = |perms: &[RawPermission]| {
            let mut out = Vec::new();
            for p in perms {
                if is_icmpv6(&p.ip_protocol) {
                    continue;
                }
                let protocol = protocol_of(&p.ip_protocol);
                let (ports, icmp) = ports_of(protocol, p.from_port, p.to_port);
                let mk = |peer: RulePeer, description: &Option<String>| SecurityGroupRule {
                    protocol,
                    ports,
                    icmp,
                    peer,
                    description: description.clone().unwrap_or_default(),
                };
                for r in &p.ip_ranges {
                    out.push(mk(RulePeer::Cidr(r.cidr_ip.clone()), &r.description));
                }
                for r in &p.prefix_list_ids {
                    out.push(mk(
                        RulePeer::PrefixList(r.prefix_list_id.clone()),
                        &r.description,
                    ));
                }
                for r in &p.user_id_group_pairs {
                    out.push(mk(
                        RulePeer::SecurityGroup(r.group_id.clone()),
                        &r.description,
                    ));
                }
                // `Ipv6Ranges[].CidrIpv6` (X1).
                for r in &p.ipv6_ranges {
                    let field = |k: &str| r.get(k).and_then(|v| v.as_str()).map(str::to_string);
                    if let Some(c) = field("CidrIpv6") {
                        out.push(mk(RulePeer::Cidr(c), &field("Description")));
                    }
                }
            }
            out
        };
        let mut ingress = rules(&g.ip_permissions);
        let mut egress = rules(&g.ip_permissions_egress);
        for r in ingress.iter_mut().chain(egress.iter_mut()) {
            normalise_peer(&mut r.peer, &g.group_id, diags);
        }
        net.security_groups.push(SecurityGroup {
            id: g.group_id,
            name: g.group_name,
            vpc_id: g.vpc_id,
            description: g.description,
            ingress,
            egress,
        });
    }
    merge_group_rules(&mut net, raw.security_group_rules, diags);
    let mut capture = Capture::default();
    let subnet_ids: std::collections::BTreeSet<String> =
        net.subnets.iter().map(|s| s.id.clone()).collect();
    let instances = raw
        .reservations
        .into_iter()
        .flat_map(|r| r.instances)
        .chain(raw.instances);
    for i in instances {
        let state = i
            .state
            .as_ref()
            .map(|s| s.name.as_str())
            .unwrap_or("running");
        if state == "terminated" || state == "shutting-down" {
            diags.push(Diagnostic::new(
                "IMPORT_INSTANCE_SKIPPED",
                Severity::Info,
                &i.instance_id,
                format!("instance {} is {state} and was left out", i.instance_id),
                None,
            ));
            continue;
        }
        let (Some(subnet_id), Some(private_ip)) =
            (i.subnet_id.clone(), i.private_ip_address.clone())
        else {
            diags.push(Diagnostic::new("IMPORT_INSTANCE_SKIPPED", Severity::Warning, &i.instance_id, format!("instance {} has no subnet or private IP (EC2-Classic or stopped?) and was left out", i.instance_id), None));
            continue;
        };
        // Q4: a stopped instance keeps its subnet, private address and groups, but sends and
        // receives nothing until it runs again.
        if state != "running" {
            diags.push(Diagnostic::new(
                "IMPORT_INSTANCE_NOT_RUNNING",
                Severity::Warning,
                &i.instance_id,
                format!("instance {} was captured {state}: traces to and from it are not reachable until it runs", i.instance_id),
                None,
            ));
            capture
                .not_running
                .insert(i.instance_id.clone(), state.to_string());
        }
        if let Some(vpc) = i
            .vpc_id
            .clone()
            .filter(|_| !subnet_ids.contains(&subnet_id))
        {
            capture.instance_vpcs.insert(i.instance_id.clone(), vpc);
        }
        // Q5: the further interfaces (device index ≥ 1) are the instance's, each with its
        // own subnet, addresses and groups; one the capture holds only in part lends its
        // addresses to the primary interface, with a warning.
        let mut extra_ips: Vec<String> = Vec::new();
        let mut further: Vec<InstanceInterface> = Vec::new();
        for n in i
            .network_interfaces
            .iter()
            .filter(|n| n.attachment.as_ref().is_some_and(|a| a.device_index >= 1))
        {
            let ips = interface_ips(&n.private_ip_addresses, n.private_ip_address.as_ref());
            let index = n.attachment.as_ref().map_or(1, |a| a.device_index);
            let made = further_interface(
                &n.network_interface_id,
                index,
                n.subnet_id.as_ref(),
                n.groups.as_ref(),
                ips.clone(),
                n.association.as_ref(),
                n.source_dest_check,
            );
            match made {
                Ok(f) if !f.id.is_empty() => further.push(f),
                Ok(_) | Err(_) => {
                    if !n.network_interface_id.is_empty() {
                        capture
                            .interfaces
                            .insert(n.network_interface_id.clone(), i.instance_id.clone());
                    }
                    extra_ips.extend(ips);
                    let missing = made.err().unwrap_or("its id");
                    diags.push(partial_interface(
                        &i.instance_id,
                        &n.network_interface_id,
                        missing,
                    ));
                }
            }
        }
        let primary = i.network_interfaces.iter().find(|n| {
            n.attachment
                .as_ref()
                .map(|a| a.device_index == 0)
                .unwrap_or(true)
        });
        let public_ip = i.public_ip_address.clone().or_else(|| {
            primary
                .and_then(|n| n.association.as_ref())
                .and_then(|a| a.public_ip.clone())
        });
        // I5: IpOwnerId is "amazon" for an auto-assigned address, the account id for an EIP.
        let elastic_ip = primary
            .and_then(|n| n.association.as_ref())
            .and_then(|a| a.ip_owner_id.as_deref())
            .map(|o| o != "amazon")
            .unwrap_or(false);
        let tag_name = name(&i.tags);
        let lower = tag_name.to_ascii_lowercase();
        let role = if lower.contains("bastion") || lower.contains("jump") {
            InstanceRole::Bastion
        } else if i.tags.iter().any(|t| {
            t.key.starts_with("kubernetes.io/cluster/")
                || t.key == "eks:cluster-name"
                || t.key == "eks:nodegroup-name"
        }) {
            InstanceRole::KubernetesNode
        } else if lower.contains("nat") {
            InstanceRole::NatInstance
        } else if lower.contains("web") {
            InstanceRole::Web
        } else if lower.contains("app") || lower.contains("was") {
            InstanceRole::App
        } else {
            InstanceRole::Plain
        };
        net.instances.push(Instance {
            ipv6_addresses: Vec::new(),
            id: i.instance_id,
            name: tag_name,
            subnet_id,
            private_ip,
            public_ip,
            elastic_ip,
            eni_id: primary
                .map(|n| n.network_interface_id.clone())
                .filter(|s| !s.is_empty()),
            secondary_private_ips: primary
                .map(|n| {
                    n.private_ip_addresses
                        .iter()
                        .filter(|a| !a.primary && !a.private_ip_address.is_empty())
                        .map(|a| a.private_ip_address.clone())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
                .into_iter()
                .chain(extra_ips)
                .collect(),
            node_labels: Default::default(),
            node_taints: vec![],
            security_groups: i.security_groups.into_iter().map(|g| g.group_id).collect(),
            source_dest_check: i.source_dest_check.unwrap_or(true),
            role,
            instance_type: i.instance_type,
            network_interfaces: further,
        });
    }
    adopt_interfaces(
        &mut net,
        raw.network_interfaces,
        &raw.endpoint_interfaces,
        &mut capture,
        diags,
    );
    report_shared_names(&net, diags);
    for p in raw.vpc_peering_connections {
        let status = match p.status.code.as_str() {
            "active" => PeeringStatus::Active,
            "pending-acceptance" => PeeringStatus::PendingAcceptance,
            "deleted" => PeeringStatus::Deleted,
            "rejected" => PeeringStatus::Rejected,
            "failed" => PeeringStatus::Failed,
            "expired" => PeeringStatus::Expired,
            "provisioning" | "initiating-request" => PeeringStatus::Provisioning,
            "deleting" => PeeringStatus::Deleting,
            _ => PeeringStatus::Active,
        };
        net.peering_connections.push(PeeringConnection {
            id: p.vpc_peering_connection_id,
            name: name(&p.tags),
            requester_vpc: p.requester_vpc_info.vpc_id,
            accepter_vpc: p.accepter_vpc_info.vpc_id,
            status,
        });
    }
    for p in raw.prefix_lists {
        net.prefix_lists.push(PrefixList {
            id: p.prefix_list_id,
            name: p.prefix_list_name,
            cidrs: p.cidrs,
            ..PrefixList::default()
        });
    }
    for e in raw.vpc_endpoints {
        let endpoint_type = if e.vpc_endpoint_type.eq_ignore_ascii_case("interface") {
            EndpointType::Interface
        } else {
            EndpointType::Gateway
        };
        // The service's prefix list: by name (describe-prefix-lists), else the pl- route to it.
        let prefix_list_id = net
            .prefix_lists
            .iter()
            .find(|p| p.name == e.service_name)
            .map(|p| p.id.clone())
            .or_else(|| {
                net.route_tables
                    .iter()
                    .flat_map(|t| &t.routes)
                    .find_map(|r| match (&r.destination, &r.target) {
                        (RouteDestination::PrefixList(p), t) if t.id == e.vpc_endpoint_id => {
                            Some(p.clone())
                        }
                        _ => None,
                    })
            });
        net.vpc_endpoints.push(VpcEndpoint {
            id: e.vpc_endpoint_id,
            name: name(&e.tags),
            vpc_id: e.vpc_id,
            service: e.service_name,
            endpoint_type,
            route_table_ids: e.route_table_ids,
            prefix_list_id,
            interface: None,
        });
    }
    let mut targets: BTreeMap<String, Vec<Target>> = BTreeMap::new();
    for h in raw.target_health {
        targets.entry(h.target_group_arn).or_default().extend(
            h.target_health_descriptions.into_iter().map(|d| Target {
                id: d.target.id,
                port: d.target.port,
            }),
        );
    }
    for g in raw.target_groups {
        let t = targets.remove(&g.target_group_arn).unwrap_or_default();
        net.target_groups.push(TargetGroup {
            id: g.target_group_arn,
            name: g.target_group_name,
            protocol: g.protocol,
            port: g.port,
            vpc_id: g.vpc_id,
            targets: t,
        });
    }
    // Prefix lists referenced but not imported: routes and rules to them cannot match (R12, E4).
    let mut missing = std::collections::BTreeSet::new();
    for t in &net.route_tables {
        for r in &t.routes {
            if let RouteDestination::PrefixList(p) = &r.destination {
                if net.prefix_list(p).is_none() {
                    missing.insert((p.clone(), t.id.clone()));
                }
            }
        }
    }
    for g in &net.security_groups {
        for r in g.ingress.iter().chain(&g.egress) {
            if let RulePeer::PrefixList(p) = &r.peer {
                if net.prefix_list(p).is_none() {
                    missing.insert((p.clone(), g.id.clone()));
                }
            }
        }
    }
    for (p, user) in missing {
        if raw.managed_prefix_lists.contains(&p) {
            continue;
        }
        diags.push(Diagnostic::new(
            "IMPORT_PREFIX_LIST_MISSING",
            Severity::Warning,
            &user,
            format!("{user} refers to prefix list {p}, but no PrefixLists data (aws ec2 describe-prefix-lists) was given, so its addresses are unknown and nothing matches it"),
            None,
        ));
    }
    convert_databases(&mut net, raw.db_instances, &mut capture, diags);
    assume_internet_gateways(&mut net, &mut capture, diags);
    net.capture = Some(capture);
    for lb in raw.load_balancers {
        let kind = match lb.r#type.as_str() {
            "network" => LoadBalancerKind::Network,
            "application" | "" => LoadBalancerKind::Application,
            other => {
                diags.push(Diagnostic::new("IMPORT_LB_TYPE", Severity::Warning, &lb.load_balancer_arn, format!("load balancer type `{other}` is not simulated; treated as an application load balancer"), None));
                LoadBalancerKind::Application
            }
        };
        let listeners = raw
            .listeners
            .iter()
            .filter(|l| l.load_balancer_arn == lb.load_balancer_arn)
            .map(|l| Listener {
                port: l.port,
                protocol: l.protocol.clone(),
                target_group: l
                    .default_actions
                    .iter()
                    .filter(|a| a.r#type == "forward")
                    .find_map(|a| {
                        a.target_group_arn.clone().or_else(|| {
                            a.forward_config
                                .as_ref()
                                .and_then(|f| f.target_groups.first())
                                .map(|t| t.target_group_arn.clone())
                        })
                    }),
            })
            .collect();
        net.load_balancers.push(LoadBalancer {
            id: lb.load_balancer_arn.clone(),
            arn: Some(lb.load_balancer_arn),
            name: lb.load_balancer_name,
            kind,
            scheme: if lb.scheme == "internal" {
                LoadBalancerScheme::Internal
            } else {
                LoadBalancerScheme::InternetFacing
            },
            vpc_id: lb.vpc_id,
            subnets: lb
                .availability_zones
                .into_iter()
                .map(|z| z.subnet_id)
                .collect(),
            security_groups: lb.security_groups,
            listeners,
        });
    }
    net
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Imports files and returns the network and the codes of the non-info diagnostics.
    fn codes(files: &[(&str, &str)]) -> (Network, Vec<String>) {
        let files: Vec<(String, String)> = files
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        let (net, diags) = import_aws_files(&files).expect("imports");
        let codes = diags
            .iter()
            .filter(|d| d.severity != Severity::Info)
            .map(|d| d.code.clone())
            .collect();
        (net, codes)
    }

    #[test]
    fn partial_capture_semantics_q1_to_q5() {
        type Check = Box<dyn Fn(&Network, &[String])>;
        type Files = Vec<(&'static str, &'static str)>;
        let cases: Vec<(&str, Files, Check)> = vec![
            (
                "an active route to an internet gateway that is not captured assumes it attached (Q2)",
                vec![("rt.json", r#"{"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Routes": [{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-9", "State": "active"}]}]}"#)],
                Box::new(|net, codes| {
                    assert_eq!(net.internet_gateways[0].attached_vpc.as_deref(), Some("vpc-1"));
                    assert!(net.capture.as_ref().unwrap().assumed.contains_key("igw-9"));
                    assert!(codes.contains(&"IMPORT_ASSUMED_INTERNET_GATEWAY".to_string()));
                }),
            ),
            (
                "a blackhole route to a missing gateway is not given a gateway (R9)",
                vec![("rt.json", r#"{"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Routes": [{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-9", "State": "blackhole"}]}]}"#)],
                Box::new(|net, _| assert!(net.internet_gateways.is_empty())),
            ),
            (
                "a stopped instance is kept and marked not running (Q4)",
                vec![("i.json", r#"{"Instances": [{"InstanceId": "i-1", "SubnetId": "subnet-1", "VpcId": "vpc-1", "PrivateIpAddress": "10.0.0.5", "State": {"Name": "stopped"}}]}"#)],
                Box::new(|net, codes| {
                    assert_eq!(net.not_running("i-1"), Some("stopped"));
                    assert_eq!(net.capture.as_ref().unwrap().instance_vpcs["i-1"], "vpc-1");
                    assert!(codes.contains(&"IMPORT_INSTANCE_NOT_RUNNING".to_string()));
                }),
            ),
            (
                "instances sharing a Name tag are reported (Q5)",
                vec![("i.json", r#"{"Instances": [{"InstanceId": "i-1", "SubnetId": "subnet-1", "PrivateIpAddress": "10.0.0.5", "Tags": [{"Key": "Name", "Value": "web"}]}, {"InstanceId": "i-2", "SubnetId": "subnet-1", "PrivateIpAddress": "10.0.0.6", "Tags": [{"Key": "Name", "Value": "web"}]}]}"#)],
                Box::new(|_, codes| assert!(codes.contains(&"IMPORT_SHARED_NAME".to_string()))),
            ),
            (
                "a further interface without its subnet and groups lends its addresses to the instance, with a warning (Q5)",
                vec![("i.json", r#"{"Instances": [{"InstanceId": "i-1", "SubnetId": "subnet-1", "PrivateIpAddress": "10.0.0.5", "NetworkInterfaces": [{"NetworkInterfaceId": "eni-a", "Attachment": {"DeviceIndex": 0}, "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.0.5", "Primary": true}]}, {"NetworkInterfaceId": "eni-b", "Attachment": {"DeviceIndex": 1}, "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.1.7", "Primary": true}]}]}]}"#)],
                Box::new(|net, codes| {
                    assert_eq!(net.instances[0].eni_id.as_deref(), Some("eni-a"));
                    assert_eq!(net.instances[0].secondary_private_ips, vec!["10.0.1.7"]);
                    assert_eq!(net.capture.as_ref().unwrap().interfaces["eni-b"], "i-1");
                    assert!(codes.contains(&"IMPORT_SECONDARY_INTERFACE_NOT_CAPTURED".to_string()));
                }),
            ),
            (
                "describe-instances: a further interface keeps its own subnet, addresses, groups and source/destination check (Q5)",
                vec![("i.json", r#"{"Reservations": [{"Instances": [{"InstanceId": "i-1", "SubnetId": "subnet-1", "PrivateIpAddress": "10.0.0.5", "SecurityGroups": [{"GroupId": "sg-front"}], "NetworkInterfaces": [{"NetworkInterfaceId": "eni-a", "SubnetId": "subnet-1", "Attachment": {"DeviceIndex": 0}, "Groups": [{"GroupId": "sg-front"}], "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.0.5", "Primary": true}]}, {"NetworkInterfaceId": "eni-b", "SubnetId": "subnet-2", "SourceDestCheck": false, "Attachment": {"DeviceIndex": 1}, "Groups": [{"GroupId": "sg-back"}], "Association": {"PublicIp": "3.3.3.3"}, "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.1.8", "Primary": false}, {"PrivateIpAddress": "10.0.1.7", "Primary": true}]}]}]}]}"#)],
                Box::new(|net, codes| {
                    let i = &net.instances[0];
                    assert_eq!(i.eni_id.as_deref(), Some("eni-a"));
                    assert!(i.secondary_private_ips.is_empty(), "{:?}", i.secondary_private_ips);
                    assert_eq!(i.network_interfaces, vec![InstanceInterface {
                        id: "eni-b".into(),
                        device_index: 1,
                        subnet_id: "subnet-2".into(),
                        private_ip: "10.0.1.7".into(),
                        secondary_private_ips: vec!["10.0.1.8".into()],
                        public_ip: Some("3.3.3.3".into()),
                        ipv6_addresses: vec![],
                        security_groups: vec!["sg-back".into()],
                        source_dest_check: false,
                    }]);
                    assert!(!net.capture.as_ref().unwrap().interfaces.contains_key("eni-b"));
                    assert!(!codes.iter().any(|c| c.starts_with("IMPORT_SECONDARY_INTERFACE")), "{codes:?}");
                }),
            ),
            (
                "describe-network-interfaces: an interface attached at device index 1 is the instance's further interface (Q5)",
                vec![
                    ("i.json", r#"{"Instances": [{"InstanceId": "i-1", "SubnetId": "subnet-1", "PrivateIpAddress": "10.0.0.5"}]}"#),
                    ("eni.json", r#"{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-b", "InterfaceType": "interface", "SubnetId": "subnet-2", "PrivateIpAddress": "10.0.1.7", "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.1.7", "Primary": true}], "Groups": [{"GroupId": "sg-back"}], "Attachment": {"InstanceId": "i-1", "DeviceIndex": 1}}]}"#),
                ],
                Box::new(|net, codes| {
                    let f = &net.instances[0].network_interfaces;
                    assert_eq!(f.len(), 1);
                    assert_eq!((f[0].id.as_str(), f[0].subnet_id.as_str(), f[0].private_ip.as_str()), ("eni-b", "subnet-2", "10.0.1.7"));
                    assert_eq!(f[0].security_groups, vec!["sg-back"]);
                    assert!(f[0].source_dest_check);
                    assert!(net.instances[0].secondary_private_ips.is_empty());
                    assert!(!codes.iter().any(|c| c.starts_with("IMPORT_SECONDARY_INTERFACE")), "{codes:?}");
                }),
            ),
            (
                "describe-network-interfaces completes a further interface describe-instances held in part (Q5)",
                vec![
                    ("i.json", r#"{"Instances": [{"InstanceId": "i-1", "SubnetId": "subnet-1", "PrivateIpAddress": "10.0.0.5", "NetworkInterfaces": [{"NetworkInterfaceId": "eni-b", "Attachment": {"DeviceIndex": 1}, "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.1.7", "Primary": true}]}]}]}"#),
                    ("eni.json", r#"{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-b", "SubnetId": "subnet-2", "PrivateIpAddress": "10.0.1.7", "Groups": [{"GroupId": "sg-back"}], "Attachment": {"InstanceId": "i-1", "DeviceIndex": 1}}]}"#),
                ],
                Box::new(|net, codes| {
                    assert_eq!(net.instances[0].network_interfaces[0].subnet_id, "subnet-2");
                    assert!(net.instances[0].secondary_private_ips.is_empty());
                    assert!(!net.capture.as_ref().unwrap().interfaces.contains_key("eni-b"));
                    assert!(!codes.iter().any(|c| c.starts_with("IMPORT_SECONDARY_INTERFACE")), "{codes:?}");
                }),
            ),
            (
                "a further interface whose groups are not captured is named in a warning (Q5)",
                vec![("eni.json", r#"{"Instances": [{"InstanceId": "i-1", "SubnetId": "subnet-1", "PrivateIpAddress": "10.0.0.5"}], "NetworkInterfaces": [{"NetworkInterfaceId": "eni-b", "SubnetId": "subnet-2", "PrivateIpAddress": "10.0.1.7", "Attachment": {"InstanceId": "i-1", "DeviceIndex": 1}}]}"#)],
                Box::new(|net, codes| {
                    assert!(net.instances[0].network_interfaces.is_empty());
                    assert_eq!(net.instances[0].secondary_private_ips, vec!["10.0.1.7"]);
                    assert_eq!(codes.iter().filter(|c| *c == "IMPORT_SECONDARY_INTERFACE_NOT_CAPTURED").count(), 1);
                }),
            ),
            (
                "an interface of an instance not captured stands for that instance; others are named (Q5)",
                vec![("eni.json", r#"{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-a", "InterfaceType": "interface", "SubnetId": "subnet-1", "PrivateIpAddress": "10.0.0.9", "Groups": [{"GroupId": "sg-1"}], "Attachment": {"InstanceId": "i-7", "DeviceIndex": 0}}, {"NetworkInterfaceId": "eni-b", "InterfaceType": "vpc_endpoint", "SubnetId": "subnet-1", "PrivateIpAddress": "10.0.0.10"}]}"#)],
                Box::new(|net, codes| {
                    let i = net.instance("i-7").expect("instance from its ENI");
                    assert_eq!((i.private_ip.as_str(), i.eni_id.as_deref()), ("10.0.0.9", Some("eni-a")));
                    assert_eq!(i.security_groups, vec!["sg-1"]);
                    assert!(codes.contains(&"IMPORT_INSTANCE_FROM_INTERFACE".to_string()));
                    assert!(codes.contains(&"IMPORT_INTERFACE_NOT_MODELLED".to_string()));
                    assert!(!codes.contains(&"IMPORT_IGNORED_FILE".to_string()));
                }),
            ),
            (
                "security group rules join a group, which is created when not captured",
                vec![("r.json", r#"{"SecurityGroupRules": [{"GroupId": "sg-1", "IsEgress": false, "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIpv4": "0.0.0.0/0"}, {"GroupId": "sg-1", "IsEgress": true, "IpProtocol": "-1", "FromPort": -1, "ToPort": -1, "CidrIpv6": "::/0"}]}"#)],
                Box::new(|net, codes| {
                    let g = net.security_group("sg-1").expect("group");
                    assert_eq!(g.ingress, vec![SecurityGroupRule::tcp_from_cidr(443, "0.0.0.0/0", "")]);
                    assert_eq!(g.egress, vec![SecurityGroupRule::allow_all("::/0")], "X1: CidrIpv6 is an IPv6 rule");
                    assert!(codes.contains(&"IMPORT_GROUP_FROM_RULES".to_string()));
                }),
            ),
            (
                "an RDS instance becomes a database with its subnet group, groups and port",
                vec![("db.json", r#"{"DBInstances": [{"DBInstanceIdentifier": "orders", "Engine": "postgres", "Endpoint": {"Address": "orders.x.rds.amazonaws.com", "Port": 5432}, "DBSubnetGroup": {"Subnets": [{"SubnetIdentifier": "subnet-1"}, {"SubnetIdentifier": "subnet-2"}]}, "VpcSecurityGroups": [{"VpcSecurityGroupId": "sg-db"}], "MultiAZ": true}]}"#)],
                Box::new(|net, _| {
                    let d = &net.databases[0];
                    assert_eq!((d.id.as_str(), d.port, d.multi_az), ("orders", 5432, true));
                    assert_eq!(d.subnet_group, vec!["subnet-1", "subnet-2"]);
                    assert_eq!(d.security_groups, vec!["sg-db"]);
                }),
            ),
            (
                "a rule CIDR with host bits is read as its network, with a warning",
                vec![("sg.json", r#"{"SecurityGroups": [{"GroupId": "sg-1", "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "2.2.2.2/28"}]}]}]}"#)],
                Box::new(|net, codes| {
                    assert_eq!(net.security_groups[0].ingress[0].peer, RulePeer::Cidr("2.2.2.0/28".into()));
                    assert!(codes.contains(&"IMPORT_CIDR_HOST_BITS".to_string()));
                }),
            ),
            (
                "describe-target-health without TargetGroupArn goes to the group a listener forwards to",
                vec![
                    ("l.json", r#"{"Listeners": [{"LoadBalancerArn": "lb-1", "Port": 80, "Protocol": "HTTP", "DefaultActions": [{"Type": "forward", "TargetGroupArn": "tg-a"}]}]}"#),
                    ("tg.json", r#"{"TargetGroups": [{"TargetGroupArn": "tg-a", "TargetGroupName": "a", "Port": 80}, {"TargetGroupArn": "tg-b", "TargetGroupName": "b", "Port": 80}]}"#),
                    ("th.json", r#"{"TargetHealthDescriptions": [{"Target": {"Id": "i-1", "Port": 80}}]}"#),
                ],
                Box::new(|net, codes| {
                    assert_eq!(net.target_groups[0].targets.len(), 1);
                    assert!(codes.contains(&"IMPORT_TARGET_HEALTH_ASSUMED".to_string()));
                }),
            ),
            (
                "describe-target-health named after its group goes to that group",
                vec![
                    ("tg.json", r#"{"TargetGroups": [{"TargetGroupArn": "tg-a", "TargetGroupName": "web", "Port": 80}, {"TargetGroupArn": "tg-b", "TargetGroupName": "api", "Port": 80}]}"#),
                    ("targethealth-api.json", r#"{"TargetHealthDescriptions": [{"Target": {"Id": "i-1", "Port": 80}}]}"#),
                ],
                Box::new(|net, codes| {
                    assert_eq!(net.target_groups[1].targets.len(), 1);
                    assert!(codes.is_empty(), "{codes:?}");
                }),
            ),
        ];
        for (name, files, check) in cases {
            let (net, codes) = codes(&files);
            assert!(net.is_capture(), "{name}: an import is a capture");
            check(&net, &codes);
        }
    }

    #[test]
    fn import_errors_name_the_file_and_path() {
        let cases: &[(&str, &str, &str)] = &[
            (
                "broken JSON names line and column",
                "{\"Vpcs\": [",
                "aws.json: not valid JSON at line 1",
            ),
            (
                "a wrong type names the JSON path",
                "{\"Subnets\": [{\"SubnetId\": \"subnet-1\", \"MapPublicIpOnLaunch\": \"yes\"}]}",
                "Subnets[0].MapPublicIpOnLaunch",
            ),
            (
                "an array instead of an object is refused",
                "[1, 2]",
                "expected a JSON object",
            ),
            (
                "an unknown SG protocol is refused, naming the rule",
                r#"{"SecurityGroups": [{"GroupId": "sg-1", "IpPermissions": [{"IpProtocol": "banana", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}]}"#,
                "aws.json: SecurityGroups[0].IpPermissions[0].IpProtocol: `banana` is not a protocol",
            ),
            (
                "an unknown NACL protocol is refused",
                r#"{"NetworkAcls": [{"NetworkAclId": "acl-1", "Entries": [{"RuleNumber": 100, "Protocol": "tcpp", "RuleAction": "allow", "CidrBlock": "0.0.0.0/0"}]}]}"#,
                "aws.json: NetworkAcls[0].Entries[0].Protocol: `tcpp` is not a protocol",
            ),
            (
                "an unknown NACL rule action is refused",
                r#"{"NetworkAcls": [{"NetworkAclId": "acl-1", "Entries": [{"RuleNumber": 100, "Protocol": "-1", "RuleAction": "alow", "CidrBlock": "0.0.0.0/0"}]}]}"#,
                "aws.json: NetworkAcls[0].Entries[0].RuleAction: `alow` is not `allow` or `deny`",
            ),
            (
                "a duplicate VPC id is refused with both places",
                r#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}, {"VpcId": "vpc-1", "CidrBlock": "10.1.0.0/16"}]}"#,
                "aws.json: Vpcs[1].VpcId: duplicate VPC id `vpc-1` (first at aws.json: Vpcs[0])",
            ),
            (
                "a duplicate subnet id is refused",
                r#"{"Subnets": [{"SubnetId": "subnet-1", "CidrBlock": "10.0.0.0/24"}, {"SubnetId": "subnet-1", "CidrBlock": "10.0.1.0/24"}]}"#,
                "Subnets[1].SubnetId: duplicate subnet id `subnet-1`",
            ),
            (
                "a duplicate security group id is refused",
                r#"{"SecurityGroups": [{"GroupId": "sg-1"}, {"GroupId": "sg-1"}]}"#,
                "SecurityGroups[1].GroupId: duplicate security group id `sg-1`",
            ),
            (
                "a duplicate instance id across reservations and flat instances is refused",
                r#"{"Reservations": [{"Instances": [{"InstanceId": "i-1"}]}], "Instances": [{"InstanceId": "i-1"}]}"#,
                "aws.json: Instances[0].InstanceId: duplicate instance id `i-1` (first at aws.json: Reservations[0].Instances[0])",
            ),
            (
                "a duplicate NAT gateway id is refused",
                r#"{"NatGateways": [{"NatGatewayId": "nat-1"}, {"NatGatewayId": "nat-1"}]}"#,
                "NatGateways[1].NatGatewayId: duplicate NAT gateway id `nat-1`",
            ),
            (
                "a duplicate route table id is refused",
                r#"{"RouteTables": [{"RouteTableId": "rtb-1"}, {"RouteTableId": "rtb-1"}]}"#,
                "RouteTables[1].RouteTableId: duplicate route table id `rtb-1`",
            ),
            (
                "a duplicate JSON key is refused with both lines",
                "{\"Vpcs\": [],\n \"Vpcs\": []}",
                "aws.json: Vpcs: duplicate key `Vpcs` at line 2 (first at line 1)",
            ),
            (
                "an unknown NAT gateway state is refused",
                r#"{"NatGateways": [{"NatGatewayId": "nat-1", "State": "availabel"}]}"#,
                "aws.json: NatGateways[0].State: `availabel` is not a NAT gateway state",
            ),
            (
                "an unknown peering status is refused",
                r#"{"VpcPeeringConnections": [{"VpcPeeringConnectionId": "pcx-1", "Status": {"Code": "up"}}]}"#,
                "aws.json: VpcPeeringConnections[0].Status.Code: `up` is not a peering status",
            ),
            (
                "a port above 65535 is refused, not clamped",
                r#"{"SecurityGroups": [{"GroupId": "sg-1", "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 70000, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}]}"#,
                "aws.json: SecurityGroups[0].IpPermissions[0].ToPort: 70000 is outside -1 (any) and 0–65535",
            ),
            (
                "a reversed port range is refused",
                r#"{"NetworkAcls": [{"NetworkAclId": "acl-1", "Entries": [{"RuleNumber": 100, "Protocol": "6", "PortRange": {"From": 443, "To": 80}, "RuleAction": "allow", "CidrBlock": "0.0.0.0/0"}]}]}"#,
                "aws.json: NetworkAcls[0].Entries[0].PortRange.From: 443 is above To 80",
            ),
            (
                "an ICMP type above 255 is refused",
                r#"{"SecurityGroups": [{"GroupId": "sg-1", "IpPermissions": [{"IpProtocol": "icmp", "FromPort": 300, "ToPort": -1, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}]}"#,
                "aws.json: SecurityGroups[0].IpPermissions[0].FromPort: 300 is outside -1 (any) and 0–255",
            ),
            (
                "a route table without RouteTableId is refused",
                r#"{"RouteTables": [{"VpcId": "vpc-1", "Routes": []}]}"#,
                "aws.json: RouteTables[0].RouteTableId: missing",
            ),
            (
                "an instance without InstanceId is refused",
                r#"{"Instances": [{"SubnetId": "subnet-1", "PrivateIpAddress": "10.0.0.5"}]}"#,
                "aws.json: Instances[0].InstanceId: missing",
            ),
            (
                "a route with no target is refused",
                r#"{"RouteTables": [{"RouteTableId": "rtb-1", "Routes": [{"DestinationCidrBlock": "0.0.0.0/0", "State": "active"}]}]}"#,
                "aws.json: RouteTables[0].Routes[0]: a route with no target",
            ),
        ];
        for (name, input, needle) in cases {
            let err = import_aws_json(input).expect_err(name).to_string();
            assert!(
                err.contains(needle),
                "{name}: `{err}` should contain `{needle}`"
            );
        }
    }

    #[test]
    fn duplicate_ids_across_files_name_both_files() {
        let files = [
            (
                "a.json".to_string(),
                r#"{"Vpcs": [{"VpcId": "vpc-1"}]}"#.to_string(),
            ),
            (
                "b.json".to_string(),
                r#"{"Vpcs": [{"VpcId": "vpc-1"}]}"#.to_string(),
            ),
        ];
        let err = import_aws_files(&files).unwrap_err().to_string();
        assert_eq!(
            err,
            "b.json: Vpcs[0].VpcId: duplicate VPC id `vpc-1` (first at a.json: Vpcs[0])"
        );
    }

    #[test]
    fn protocol_numbers_are_read_as_aws_does() {
        let text = r#"{"SecurityGroups": [{"GroupId": "sg-1", "IpPermissions": [
            {"IpProtocol": "6", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
            {"IpProtocol": "17", "FromPort": 53, "ToPort": 53, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
            {"IpProtocol": "1", "FromPort": 8, "ToPort": 0, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
            {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "10.0.0.0/8"}]},
            {"IpProtocol": "50", "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}]}],
          "NetworkAcls": [{"NetworkAclId": "acl-1", "Entries": [
            {"RuleNumber": 100, "Protocol": "6", "PortRange": {"From": 443, "To": 443}, "RuleAction": "allow", "CidrBlock": "0.0.0.0/0"},
            {"RuleNumber": 110, "Protocol": "17", "PortRange": {"From": 53, "To": 53}, "RuleAction": "deny", "CidrBlock": "0.0.0.0/0"},
            {"RuleNumber": 120, "Protocol": "1", "IcmpTypeCode": {"Type": 8, "Code": -1}, "RuleAction": "allow", "CidrBlock": "0.0.0.0/0"},
            {"RuleNumber": 130, "Protocol": "-1", "RuleAction": "allow", "CidrBlock": "0.0.0.0/0"}]}]}"#;
        let (net, _) = import_aws_json(text).unwrap();
        let sg: Vec<(Protocol, Option<PortRange>)> = net.security_groups[0]
            .ingress
            .iter()
            .map(|r| (r.protocol, r.ports))
            .collect();
        assert_eq!(
            sg,
            vec![
                (Protocol::Tcp, Some(PortRange::single(22))),
                (Protocol::Udp, Some(PortRange::single(53))),
                (Protocol::Icmp, None),
                (Protocol::All, None),
                (Protocol::Other(50), None),
            ]
        );
        let acl: Vec<Protocol> = net.network_acls[0]
            .entries
            .iter()
            .map(|e| e.protocol)
            .collect();
        assert_eq!(
            acl,
            vec![Protocol::Tcp, Protocol::Udp, Protocol::Icmp, Protocol::All]
        );
    }

    #[test]
    fn icmpv6_rules_are_left_out_with_a_warning_not_allowed() {
        let text = r#"{"SecurityGroups": [{"GroupId": "sg-1", "IpPermissions": [
            {"IpProtocol": "58", "FromPort": -1, "ToPort": -1, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
            {"IpProtocol": "icmpv6", "FromPort": -1, "ToPort": -1, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}],
          "NetworkAcls": [{"NetworkAclId": "acl-1", "Entries": [
            {"RuleNumber": 100, "Protocol": "58", "RuleAction": "allow", "CidrBlock": "0.0.0.0/0"}]}]}"#;
        let (net, diags) = import_aws_json(text).unwrap();
        assert!(net.security_groups[0].ingress.is_empty());
        assert!(net.network_acls[0].entries.is_empty());
        let warnings: Vec<&str> = diags
            .iter()
            .filter(|d| d.code == "IMPORT_IPV6_RULE")
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(warnings.len(), 3, "{diags:?}");
        assert!(
            warnings
                .iter()
                .any(|w| w
                    .contains("aws.json: SecurityGroups[0].IpPermissions[0].IpProtocol is `58`"))
        );
        assert!(warnings
            .iter()
            .any(|w| w.contains("NetworkAcls[0].Entries[0].Protocol")));
        assert!(warnings
            .iter()
            .all(|w| w.contains("ICMPv6 rules are not simulated")));
    }

    #[test]
    fn a_file_with_only_unmodelled_keys_is_a_warning_naming_the_file_and_keys() {
        let files = [(
            "describe-customer-owned-ip-pools.json".to_string(),
            r#"{"CoipPools": [{"PoolId": "ipv4pool-coip-1"}]}"#.to_string(),
        )];
        let (net, diags) = import_aws_files(&files).expect("not an error");
        assert!(net.vpcs.is_empty());
        let d = diags
            .iter()
            .find(|d| d.code == "IMPORT_IGNORED_FILE")
            .expect("warned");
        assert_eq!(d.severity, Severity::Warning);
        assert!(
            d.message
                .contains("describe-customer-owned-ip-pools.json holds only CoipPools"),
            "{}",
            d.message
        );
        let (_, diags) = import_aws_json("{}").unwrap();
        assert!(diags[0].message.contains("aws.json holds no keys at all"));
    }

    #[test]
    fn route_targets_map_from_their_aws_fields_r8() {
        let text = r#"{"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1",
            "Associations": [{"Main": true, "RouteTableAssociationId": "rtbassoc-1"}],
            "Routes": [
              {"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active"},
              {"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": "nat-1", "Origin": "CreateRoute", "State": "blackhole"},
              {"DestinationPrefixListId": "pl-1", "GatewayId": "vpce-1", "Origin": "CreateRoute", "State": "active"},
              {"DestinationCidrBlock": "10.1.0.0/16", "VpcPeeringConnectionId": "pcx-1", "State": "active"},
              {"DestinationIpv6CidrBlock": "::/0", "EgressOnlyInternetGatewayId": "eigw-1", "State": "active"}
            ]}]}"#;
        let (net, _) = import_aws_json(text).unwrap();
        let t = &net.route_tables[0];
        assert!(
            t.main,
            "R2: Main true without SubnetId marks the main table"
        );
        let kinds: Vec<TargetKind> = t.routes.iter().map(|r| r.target.kind).collect();
        assert_eq!(
            kinds,
            vec![
                TargetKind::Local,
                TargetKind::Nat,
                TargetKind::Vpce,
                TargetKind::Pcx,
                TargetKind::Eigw
            ],
            "X1, X4: an IPv6 route to an egress-only gateway is read"
        );
        assert_eq!(
            t.routes[4].destination,
            RouteDestination::Cidr("::/0".into())
        );
        assert_eq!(t.routes[1].state, RouteState::Blackhole);
        assert_eq!(
            t.routes[2].destination,
            RouteDestination::PrefixList("pl-1".into())
        );
    }

    #[test]
    fn a_prefix_list_route_without_prefix_list_data_is_reported_r12() {
        let text = r#"{"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Associations": [],
            "Routes": [{"DestinationPrefixListId": "pl-78a54011", "GatewayId": "vpce-1", "State": "active"}]}]}"#;
        let (_, diags) = import_aws_json(text).unwrap();
        let d = diags
            .iter()
            .find(|d| d.code == "IMPORT_PREFIX_LIST_MISSING")
            .expect("reported");
        assert_eq!(d.component, "rtb-1");
        assert!(d.message.contains("describe-prefix-lists"));
    }

    #[test]
    fn security_group_permissions_expand_to_one_rule_per_peer_s4() {
        let text = r#"{"SecurityGroups": [{"GroupId": "sg-1", "GroupName": "web", "VpcId": "vpc-1", "Description": "d",
            "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
               "IpRanges": [{"CidrIp": "203.0.113.10/32", "Description": "admin"}],
               "UserIdGroupPairs": [{"GroupId": "sg-2", "UserId": "123456789012"}], "PrefixListIds": [], "Ipv6Ranges": []},
              {"IpProtocol": "icmp", "FromPort": -1, "ToPort": -1, "IpRanges": [{"CidrIp": "10.0.0.0/16"}]}],
            "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}]}"#;
        let (net, _) = import_aws_json(text).unwrap();
        let g = &net.security_groups[0];
        assert_eq!(g.ingress.len(), 3);
        assert_eq!(g.ingress[0].ports, Some(PortRange::single(22)));
        assert_eq!(g.ingress[0].description, "admin");
        assert_eq!(g.ingress[1].peer, RulePeer::SecurityGroup("sg-2".into()));
        assert_eq!(
            (g.ingress[2].protocol, g.ingress[2].icmp),
            (Protocol::Icmp, None),
            "-1 means all ICMP types (S4)"
        );
        assert_eq!(g.egress[0].protocol, Protocol::All);
    }

    #[test]
    fn nacl_entries_drop_the_implicit_star_rule_a3() {
        let text = r#"{"NetworkAcls": [{"NetworkAclId": "acl-1", "VpcId": "vpc-1", "IsDefault": true,
            "Associations": [{"NetworkAclAssociationId": "aclassoc-1", "NetworkAclId": "acl-1", "SubnetId": "subnet-1"}],
            "Entries": [
              {"CidrBlock": "0.0.0.0/0", "Egress": false, "Protocol": "6", "PortRange": {"From": 22, "To": 22}, "RuleAction": "allow", "RuleNumber": 100},
              {"CidrBlock": "0.0.0.0/0", "Egress": false, "Protocol": "-1", "RuleAction": "deny", "RuleNumber": 32767},
              {"Ipv6CidrBlock": "::/0", "Egress": false, "Protocol": "-1", "RuleAction": "deny", "RuleNumber": 32768}
            ]}]}"#;
        let (net, _) = import_aws_json(text).unwrap();
        let a = &net.network_acls[0];
        assert_eq!(a.entries.len(), 1);
        assert_eq!(
            (a.entries[0].protocol, a.entries[0].ports),
            (Protocol::Tcp, Some(PortRange::single(22)))
        );
        assert_eq!(a.associations, vec!["subnet-1".to_string()]);
    }

    #[test]
    fn instances_come_flat_or_in_reservations_and_elastic_ips_are_recognised_i5() {
        let inst = |id: &str, owner: &str| {
            format!(
                r#"{{"InstanceId": "{id}", "InstanceType": "t3.micro", "SubnetId": "subnet-1", "PrivateIpAddress": "10.0.1.10", "PublicIpAddress": "3.36.1.1",
                "SecurityGroups": [{{"GroupId": "sg-1", "GroupName": "g"}}], "SourceDestCheck": true, "State": {{"Code": 16, "Name": "running"}},
                "NetworkInterfaces": [{{"NetworkInterfaceId": "eni-1", "Attachment": {{"DeviceIndex": 0}}, "Association": {{"PublicIp": "3.36.1.1", "IpOwnerId": "{owner}"}}}}],
                "Tags": [{{"Key": "Name", "Value": "bastion"}}]}}"#
            )
        };
        let reservations = format!(
            r#"{{"Reservations": [{{"ReservationId": "r-1", "Instances": [{}]}}]}}"#,
            inst("i-1", "123456789012")
        );
        let flat = format!(r#"{{"Instances": [{}]}}"#, inst("i-2", "amazon"));
        let (a, _) = import_aws_json(&reservations).unwrap();
        let (b, _) = import_aws_json(&flat).unwrap();
        assert!(a.instances[0].elastic_ip);
        assert!(!b.instances[0].elastic_ip);
        assert_eq!(a.instances[0].role, InstanceRole::Bastion);
        assert_eq!(a.instances[0].eni_id.as_deref(), Some("eni-1"));
    }

    #[test]
    fn elbv2_outputs_from_separate_files_are_joined_by_arn_l8() {
        let lb = "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:loadbalancer/net/api/1";
        let tg = "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:targetgroup/api/2";
        let files = vec![
            (
                "describe-load-balancers.json".to_string(),
                format!(r#"{{"LoadBalancers": [{{"LoadBalancerArn": "{lb}", "LoadBalancerName": "api", "Type": "network", "Scheme": "internal", "VpcId": "vpc-1",
                    "AvailabilityZones": [{{"ZoneName": "ap-northeast-2a", "SubnetId": "subnet-1"}}]}}]}}"#),
            ),
            ("describe-target-groups.json".to_string(), format!(r#"{{"TargetGroups": [{{"TargetGroupArn": "{tg}", "TargetGroupName": "api", "Protocol": "TCP", "Port": 9000, "VpcId": "vpc-1"}}]}}"#)),
            (
                "describe-listeners.json".to_string(),
                format!(r#"{{"LoadBalancerListeners": [{{"LoadBalancerArn": "{lb}", "Listeners": [{{"LoadBalancerArn": "{lb}", "Port": 9000, "Protocol": "TCP",
                    "DefaultActions": [{{"Type": "forward", "ForwardConfig": {{"TargetGroups": [{{"TargetGroupArn": "{tg}", "Weight": 1}}]}}}}]}}]}}]}}"#),
            ),
            ("describe-target-health.json".to_string(), r#"{"TargetHealthDescriptions": [{"Target": {"Id": "i-1", "Port": 9000}, "TargetHealth": {"State": "healthy"}}]}"#.to_string()),
            ("notes.json".to_string(), r#"{"Comment": "not AWS output"}"#.to_string()),
        ];
        let (net, diags) = import_aws_files(&files).unwrap();
        let l = &net.load_balancers[0];
        assert_eq!(
            (l.kind, l.scheme),
            (LoadBalancerKind::Network, LoadBalancerScheme::Internal)
        );
        assert_eq!(
            l.listeners[0].target_group.as_deref(),
            Some(tg),
            "forward via ForwardConfig"
        );
        assert_eq!(
            net.target_groups[0].targets,
            vec![Target {
                id: "i-1".into(),
                port: Some(9000)
            }],
            "plain describe-target-health joins the only group"
        );
        assert!(diags
            .iter()
            .any(|d| d.code == "IMPORT_IGNORED_FILE" && d.component == "notes.json"));
    }

    #[test]
    fn vpc_secondary_blocks_and_peering_status_are_read_r4_p6() {
        let text = r#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16", "CidrBlockAssociationSet": [
                {"CidrBlock": "10.0.0.0/16", "CidrBlockState": {"State": "associated"}},
                {"CidrBlock": "10.1.0.0/16", "CidrBlockState": {"State": "associated"}},
                {"CidrBlock": "10.2.0.0/16", "CidrBlockState": {"State": "disassociated"}}]}],
            "VpcPeeringConnections": [{"VpcPeeringConnectionId": "pcx-1", "Status": {"Code": "pending-acceptance"},
                "RequesterVpcInfo": {"VpcId": "vpc-1"}, "AccepterVpcInfo": {"VpcId": "vpc-2"}}]}"#;
        let (net, _) = import_aws_json(text).unwrap();
        assert_eq!(
            net.vpcs[0].cidr_blocks,
            vec!["10.0.0.0/16".to_string(), "10.1.0.0/16".to_string()]
        );
        assert_eq!(
            net.peering_connections[0].status,
            PeeringStatus::PendingAcceptance
        );
    }
}
