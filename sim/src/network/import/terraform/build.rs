//! Evaluated Terraform resources → [`Network`], with the AWS provider's semantics.
//!
//! **Why**: the provider does not do what the console does. This module is where those
//! differences live, one function per resource family:
//! - `aws_security_group` has no egress rule unless the configuration writes one (the
//!   provider deletes AWS's default allow-all egress);
//! - `aws_default_security_group`, `aws_default_network_acl` and `aws_default_route_table`
//!   adopt the VPC's default and keep only the rules they restate;
//! - what is not managed keeps AWS's defaults under a stable name: the main route table
//!   (`aws_vpc.NAME:main_route_table`, local routes only), the default NACL
//!   (`aws_vpc.NAME:default_network_acl`, rule 100 allow all both ways) and the default
//!   security group (`aws_vpc.NAME:default_security_group`, all from itself, all out);
//!   instances without `vpc_security_group_ids` get that default group;
//! - inline rules and separate rule resources are merged, and a group that mixes both is
//!   warned about, as the provider's documentation does.
//!
//! **Guarantees**: total (never panics, never fails: what cannot be modelled becomes a
//! warning naming the block); deterministic (resources are visited in configuration order,
//! every map is a `BTreeMap`); every component id is a Terraform address.

use std::collections::{BTreeMap, BTreeSet};

use hcl::{Map, Value};

use super::eval::{Evaluated, Resource};
use super::{ImportWarning, Provenance, RuleKey, TerraformImport};
use crate::network::model::*;

#[path = "endpoints.rs"]
mod endpoints;
#[path = "interfaces.rs"]
mod interfaces;
#[path = "transit.rs"]
mod transit;

#[path = "ipv6.rs"]
pub(super) mod ipv6;

struct Builder {
    net: Network,
    provenance: BTreeMap<String, Provenance>,
    rule_provenance: BTreeMap<(String, RuleKey), Provenance>,
    warnings: Vec<ImportWarning>,
    assumed: BTreeMap<String, Vec<usize>>,
    /// Implicit default ids (`aws_vpc.x:default_security_group`) → the `aws_default_*`
    /// resource that manages them.
    alias: BTreeMap<String, String>,
    /// Address → resource kind, for route targets.
    kinds: BTreeMap<String, String>,
}

// ---- value access -----------------------------------------------------------------------

fn get<'v>(v: &'v Map<String, Value>, k: &str) -> Option<&'v Value> {
    v.get(k).filter(|x| !x.is_null())
}

fn text(v: &Map<String, Value>, k: &str) -> Option<String> {
    match get(v, k)? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn flag(v: &Map<String, Value>, k: &str) -> Option<bool> {
    match get(v, k)? {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s == "true" => Some(true),
        Value::String(s) if s == "false" => Some(false),
        _ => None,
    }
}

fn int(v: &Map<String, Value>, k: &str) -> Option<i64> {
    match get(v, k)? {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn strings(v: &Map<String, Value>, k: &str) -> Vec<String> {
    match get(v, k) {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| match x {
                Value::String(s) => Some(s.clone()),
                _ => None,
            })
            .collect(),
        Some(Value::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

fn blocks<'v>(v: &'v Map<String, Value>, k: &str) -> Vec<&'v Map<String, Value>> {
    match get(v, k) {
        Some(Value::Array(a)) => a.iter().filter_map(|x| x.as_object()).collect(),
        Some(Value::Object(o)) => vec![o],
        _ => Vec::new(),
    }
}

fn name_tag(r: &Resource) -> String {
    get(&r.values, "tags")
        .and_then(|t| t.as_object())
        .and_then(|t| text(t, "Name"))
        .unwrap_or_else(|| r.address.clone())
}

/// An instance's `Role` tag (`bastion`, `web`, `app`, `nat-instance`, `kubernetes-node`,
/// `kubernetes-control-plane`, as the exporter writes it); anything else is a plain instance.
fn role_tag(r: &Resource) -> InstanceRole {
    let role = get(&r.values, "tags")
        .and_then(|t| t.as_object())
        .and_then(|t| text(t, "Role"))
        .unwrap_or_default();
    match role.to_ascii_lowercase().as_str() {
        "bastion" => InstanceRole::Bastion,
        "web" => InstanceRole::Web,
        "app" => InstanceRole::App,
        "nat-instance" => InstanceRole::NatInstance,
        "kubernetes-node" => InstanceRole::KubernetesNode,
        "kubernetes-control-plane" => InstanceRole::KubernetesControlPlane,
        _ => InstanceRole::Plain,
    }
}

fn port(v: &Map<String, Value>, k: &str) -> Option<u16> {
    int(v, k).and_then(|p| u16::try_from(p).ok())
}

/// The address of the VPC that owns an implicit default id (`aws_vpc.x:default_…`).
fn vpc_of_default(id: &str) -> Option<String> {
    id.rsplit_once(':').map(|(v, _)| v.to_string())
}

impl Builder {
    fn warn(&mut self, r: &Resource, message: String) {
        self.warn_at(&r.address, &r.at, message, false);
    }

    fn warn_at(&mut self, block: &str, at: &Provenance, message: String, assumption: bool) {
        let k = self.warnings.len();
        self.warnings.push(ImportWarning {
            block: block.to_string(),
            file: at.file.clone(),
            line: at.line,
            message,
        });
        if assumption {
            self.assumed.entry(block.to_string()).or_default().push(k);
        }
    }

    fn canon(&self, id: &str) -> String {
        self.alias
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }

    fn nested_line(r: &Resource, block: &str, k: usize) -> Provenance {
        let line = r
            .nested_lines
            .get(block)
            .and_then(|l| l.get(k))
            .copied()
            .unwrap_or(r.at.line);
        Provenance {
            file: r.at.file.clone(),
            line,
        }
    }
}

/// Builds the network from evaluated resources.
pub(super) fn build(ev: &Evaluated) -> TerraformImport {
    let region = if ev.region.is_empty() {
        "us-east-1".to_string()
    } else {
        ev.region.clone()
    };
    let mut b = Builder {
        net: Network {
            region: region.clone(),
            ..Network::default()
        },
        provenance: BTreeMap::new(),
        rule_provenance: BTreeMap::new(),
        warnings: ev.warnings.clone(),
        assumed: ev.assumed.clone(),
        alias: BTreeMap::new(),
        kinds: BTreeMap::new(),
    };
    let rs = &ev.resources;
    for r in rs {
        b.provenance.insert(r.address.clone(), r.at.clone());
        b.kinds.insert(r.address.clone(), r.kind.clone());
        if let Some(arn) = text(&r.values, "arn") {
            b.kinds.entry(arn).or_insert_with(|| r.kind.clone());
        }
    }
    let of = |kinds: &[&str]| -> Vec<&Resource> {
        rs.iter()
            .filter(|r| kinds.contains(&r.kind.as_str()))
            .collect()
    };
    // aws_default_* adopt the VPC's defaults: their address replaces the implicit name.
    for r in of(&["aws_default_security_group"]) {
        match text(&r.values, "vpc_id") {
            Some(v) => {
                b.alias
                    .insert(format!("{v}:default_security_group"), r.address.clone());
            }
            None => b.warn(
                r,
                "no `vpc_id`: the default VPC is not modelled; ignored".into(),
            ),
        }
    }
    for (kind, attr, suffix) in [
        (
            "aws_default_network_acl",
            "default_network_acl_id",
            "default_network_acl",
        ),
        (
            "aws_default_route_table",
            "default_route_table_id",
            "main_route_table",
        ),
    ] {
        for r in of(&[kind]) {
            match text(&r.values, attr).filter(|id| id.ends_with(&format!(":{suffix}"))) {
                Some(id) => {
                    b.alias.insert(id, r.address.clone());
                }
                None => b.warn(
                    r,
                    format!("`{attr}` does not name a VPC of this configuration (use aws_vpc.NAME.{attr}); ignored"),
                ),
            }
        }
    }

    build_vpcs(&mut b, rs);
    build_subnets(&mut b, rs);
    build_gateways(&mut b, rs);
    ipv6::build_gateways(&mut b, rs);
    build_route_tables(&mut b, rs);
    build_security_groups(&mut b, rs);
    build_nacls(&mut b, rs);
    build_instances(&mut b, rs);
    interfaces::build(&mut b, rs);
    build_endpoints(&mut b, rs);
    build_load_balancers(&mut b, rs);
    build_databases(&mut b, rs);
    transit::build_transit(&mut b, rs);
    endpoints::build_prefix_list_entries(&mut b, rs);

    let mut azs: Vec<String> = b
        .net
        .subnets
        .iter()
        .map(|s| s.availability_zone.clone())
        .collect();
    azs.sort();
    azs.dedup();
    b.net.availability_zones = azs.into_iter().filter(|a| !a.is_empty()).collect();

    for r in rs {
        if !MODELLED.contains(&r.kind.as_str()) {
            b.warn(
                r,
                format!("`{}` is not part of the network model; ignored", r.kind),
            );
        }
    }
    TerraformImport {
        network: b.net,
        provenance: b.provenance,
        rule_provenance: b.rule_provenance,
        warnings: b.warnings,
        aliases: BTreeMap::new(),
        assumed: b.assumed,
    }
}

const MODELLED: &[&str] = &[
    "aws_vpc",
    "aws_vpc_ipv4_cidr_block_association",
    "aws_vpc_ipv6_cidr_block_association",
    "aws_egress_only_internet_gateway",
    "aws_subnet",
    "aws_internet_gateway",
    "aws_internet_gateway_attachment",
    "aws_nat_gateway",
    "aws_eip",
    "aws_eip_association",
    "aws_route_table",
    "aws_route",
    "aws_route_table_association",
    "aws_main_route_table_association",
    "aws_default_route_table",
    "aws_security_group",
    "aws_security_group_rule",
    "aws_vpc_security_group_ingress_rule",
    "aws_vpc_security_group_egress_rule",
    "aws_default_security_group",
    "aws_network_acl",
    "aws_network_acl_rule",
    "aws_network_acl_association",
    "aws_default_network_acl",
    "aws_instance",
    "aws_network_interface",
    "aws_network_interface_attachment",
    "aws_vpc_peering_connection",
    "aws_vpc_peering_connection_accepter",
    "aws_vpc_endpoint",
    "aws_vpc_endpoint_route_table_association",
    "aws_lb",
    "aws_alb",
    "aws_lb_target_group",
    "aws_alb_target_group",
    "aws_lb_listener",
    "aws_alb_listener",
    "aws_lb_target_group_attachment",
    "aws_alb_target_group_attachment",
    "aws_db_instance",
    "aws_db_subnet_group",
    "aws_ec2_transit_gateway",
    "aws_ec2_transit_gateway_vpc_attachment",
    "aws_ec2_transit_gateway_peering_attachment",
    "aws_ec2_transit_gateway_route_table",
    "aws_ec2_transit_gateway_route_table_association",
    "aws_ec2_transit_gateway_route_table_propagation",
    "aws_ec2_transit_gateway_route",
    "aws_ec2_managed_prefix_list",
    "aws_ec2_managed_prefix_list_entry",
    "aws_vpn_gateway",
    "aws_vpn_gateway_attachment",
    "aws_customer_gateway",
    "aws_vpn_connection",
    "aws_vpn_connection_route",
    "aws_vpn_gateway_route_propagation",
];

fn build_vpcs(b: &mut Builder, rs: &[Resource]) {
    for r in rs.iter().filter(|r| r.kind == "aws_vpc") {
        let mut cidrs = Vec::new();
        match text(&r.values, "cidr_block") {
            Some(c) => cidrs.push(c),
            None => b.warn(
                r,
                "no `cidr_block` (IPAM pools are not modelled): the VPC has no address range"
                    .into(),
            ),
        }
        for a in rs
            .iter()
            .filter(|a| a.kind == "aws_vpc_ipv4_cidr_block_association")
        {
            if text(&a.values, "vpc_id").as_deref() == Some(&r.address) {
                if let Some(c) = text(&a.values, "cidr_block") {
                    cidrs.push(c);
                }
            }
        }
        let id = r.address.clone();
        let ipv6_cidr_blocks = ipv6::vpc_blocks(b, r, rs);
        b.net.vpcs.push(Vpc {
            ipv6_cidr_blocks,
            id: id.clone(),
            name: name_tag(r),
            cidr_blocks: cidrs,
        });
        // AWS's defaults for what the configuration does not manage.
        let main = format!("{id}:main_route_table");
        if !b.alias.contains_key(&main) {
            b.provenance.insert(main.clone(), r.at.clone());
            b.net.route_tables.push(RouteTable {
                id: main,
                name: format!("{} main route table", name_tag(r)),
                vpc_id: id.clone(),
                main: true,
                routes: Vec::new(),
                associations: Vec::new(),
            });
        }
        let acl = format!("{id}:default_network_acl");
        if !b.alias.contains_key(&acl) {
            b.provenance.insert(acl.clone(), r.at.clone());
            b.net.network_acls.push(NetworkAcl {
                id: acl,
                name: format!("{} default network ACL", name_tag(r)),
                vpc_id: id.clone(),
                is_default: true,
                entries: vec![
                    NaclEntry::allow_all(100, false),
                    NaclEntry::allow_all(100, true),
                ],
                associations: Vec::new(),
            });
        }
        let sg = format!("{id}:default_security_group");
        if !b.alias.contains_key(&sg) {
            b.provenance.insert(sg.clone(), r.at.clone());
            b.net.security_groups.push(SecurityGroup {
                id: sg.clone(),
                name: "default".into(),
                vpc_id: id.clone(),
                description: "default VPC security group (not managed by this configuration)"
                    .into(),
                ingress: vec![SecurityGroupRule {
                    protocol: Protocol::All,
                    ports: None,
                    icmp: None,
                    peer: RulePeer::SecurityGroup(sg),
                    description: String::new(),
                }],
                egress: vec![SecurityGroupRule::allow_all("0.0.0.0/0")],
            });
        }
    }
}

fn build_subnets(b: &mut Builder, rs: &[Resource]) {
    for r in rs.iter().filter(|r| r.kind == "aws_subnet") {
        let Some(vpc) = text(&r.values, "vpc_id") else {
            b.warn(r, "no `vpc_id`; ignored".into());
            continue;
        };
        let az = match text(&r.values, "availability_zone") {
            Some(a) => a,
            None => {
                let a = format!("{}a", b.net.region);
                let at = r.at.clone();
                b.warn_at(
                    &r.address,
                    &at,
                    format!("no `availability_zone`: AWS picks one; assumed {a}"),
                    true,
                );
                a
            }
        };
        if text(&r.values, "cidr_block").is_none() {
            b.warn(
                r,
                "no `cidr_block` (IPv6-only subnets are not modelled)".into(),
            );
        }
        let ipv6_cidr = ipv6::subnet_block(b, r);
        b.net.subnets.push(Subnet {
            ipv6_cidr,
            id: r.address.clone(),
            name: name_tag(r),
            vpc_id: vpc,
            cidr: text(&r.values, "cidr_block").unwrap_or_default(),
            availability_zone: az,
            map_public_ip_on_launch: flag(&r.values, "map_public_ip_on_launch").unwrap_or(false),
        });
    }
}

fn build_gateways(b: &mut Builder, rs: &[Resource]) {
    for r in rs.iter().filter(|r| r.kind == "aws_internet_gateway") {
        let mut attached = text(&r.values, "vpc_id");
        for a in rs
            .iter()
            .filter(|a| a.kind == "aws_internet_gateway_attachment")
        {
            if text(&a.values, "internet_gateway_id").as_deref() == Some(&r.address) {
                attached = text(&a.values, "vpc_id");
            }
        }
        b.net.internet_gateways.push(InternetGateway {
            id: r.address.clone(),
            name: name_tag(r),
            attached_vpc: attached,
        });
    }
    for r in rs.iter().filter(|r| r.kind == "aws_nat_gateway") {
        let Some(subnet) = text(&r.values, "subnet_id") else {
            b.warn(r, "no `subnet_id`; ignored".into());
            continue;
        };
        let private = text(&r.values, "connectivity_type").as_deref() == Some("private");
        let allocation = text(&r.values, "allocation_id");
        let public_ip = if private {
            None
        } else {
            text(&r.values, "public_ip")
        };
        if !private && public_ip.is_none() {
            b.warn(
                r,
                "a public NAT gateway needs an Elastic IP (`allocation_id`); it has none".into(),
            );
        }
        b.net.nat_gateways.push(NatGateway {
            id: r.address.clone(),
            name: name_tag(r),
            subnet_id: subnet,
            connectivity: if private {
                NatConnectivity::Private
            } else {
                NatConnectivity::Public
            },
            public_ip,
            allocation_id: allocation,
            private_ip: text(&r.values, "private_ip"),
            state: NatState::Available,
        });
    }
    // Peering: active when auto-accepted here or by an accepter resource (P6).
    for r in rs.iter().filter(|r| r.kind == "aws_vpc_peering_connection") {
        let (Some(requester), Some(accepter)) =
            (text(&r.values, "vpc_id"), text(&r.values, "peer_vpc_id"))
        else {
            b.warn(r, "needs `vpc_id` and `peer_vpc_id`; ignored".into());
            continue;
        };
        let accepted_by = rs.iter().any(|a| {
            a.kind == "aws_vpc_peering_connection_accepter"
                && text(&a.values, "vpc_peering_connection_id").as_deref() == Some(&r.address)
                && flag(&a.values, "auto_accept").unwrap_or(false)
        });
        let active = flag(&r.values, "auto_accept").unwrap_or(false)
            || accepted_by
            || text(&r.values, "accept_status").as_deref() == Some("active");
        if !active {
            b.warn(
                r,
                "neither `auto_accept = true` nor an accepter resource: the connection stays pending-acceptance and carries no traffic".into(),
            );
        }
        if text(&r.values, "peer_region").is_some() || text(&r.values, "peer_owner_id").is_some() {
            b.warn(
                r,
                "a cross-region or cross-account peer is modelled as if in this account and region"
                    .into(),
            );
        }
        b.net.peering_connections.push(PeeringConnection {
            id: r.address.clone(),
            name: name_tag(r),
            requester_vpc: requester,
            accepter_vpc: accepter,
            status: if active {
                PeeringStatus::Active
            } else {
                PeeringStatus::PendingAcceptance
            },
        });
    }
}

fn target_kind(b: &Builder, attr: &str, id: &str) -> TargetKind {
    match b.kinds.get(id).map(String::as_str) {
        Some("aws_internet_gateway") => return TargetKind::Igw,
        Some("aws_nat_gateway") => return TargetKind::Nat,
        Some("aws_vpc_peering_connection") => return TargetKind::Pcx,
        Some("aws_vpc_endpoint") => return TargetKind::Vpce,
        Some("aws_instance") => return TargetKind::Instance,
        Some("aws_network_interface") => return TargetKind::Eni,
        Some("aws_ec2_transit_gateway") => return TargetKind::Tgw,
        Some("aws_vpn_gateway") => return TargetKind::Vgw,
        Some("aws_egress_only_internet_gateway") => return TargetKind::Eigw,
        _ => {}
    }
    match attr {
        "nat_gateway_id" => TargetKind::Nat,
        "vpc_peering_connection_id" => TargetKind::Pcx,
        "vpc_endpoint_id" => TargetKind::Vpce,
        "network_interface_id" => TargetKind::Eni,
        "instance_id" => TargetKind::Instance,
        "transit_gateway_id" => TargetKind::Tgw,
        "egress_only_gateway_id" => TargetKind::Eigw,
        "gateway_id" if id == "local" => TargetKind::Local,
        "gateway_id" if id.starts_with("vgw-") => TargetKind::Vgw,
        "gateway_id" if id.starts_with("vpce-") => TargetKind::Vpce,
        "gateway_id" => TargetKind::Igw,
        _ => TargetKind::Other,
    }
}

const TARGET_ATTRS: &[&str] = &[
    "gateway_id",
    "nat_gateway_id",
    "vpc_peering_connection_id",
    "vpc_endpoint_id",
    "network_interface_id",
    "instance_id",
    "transit_gateway_id",
    "egress_only_gateway_id",
    "local_gateway_id",
    "carrier_gateway_id",
    "core_network_arn",
];

/// One route from an inline `route` block (`cidr_block`) or an `aws_route`
/// (`destination_cidr_block`); `None` with a reason when it cannot be modelled.
fn route_of(b: &Builder, v: &Map<String, Value>) -> Result<Route, String> {
    let dest = if let Some(c) = text(v, "destination_cidr_block").or_else(|| text(v, "cidr_block"))
    {
        RouteDestination::Cidr(c)
    } else if let Some(p) = text(v, "destination_prefix_list_id") {
        RouteDestination::PrefixList(p)
    } else if let Some(d) = ipv6::route_destination(v) {
        d
    } else {
        return Err("the route has no destination".into());
    };
    for attr in TARGET_ATTRS {
        if let Some(id) = text(v, attr) {
            let id = b.canon(&id);
            return Ok(Route {
                destination: dest,
                target: RouteTarget {
                    kind: target_kind(b, attr, &id),
                    id,
                },
                state: RouteState::Active,
            });
        }
    }
    Err("the route has no target".into())
}

fn dest_text(d: &RouteDestination) -> String {
    match d {
        RouteDestination::Cidr(c) | RouteDestination::PrefixList(c) => c.clone(),
    }
}

fn build_route_tables(b: &mut Builder, rs: &[Resource]) {
    for r in rs
        .iter()
        .filter(|r| r.kind == "aws_route_table" || r.kind == "aws_default_route_table")
    {
        let default = r.kind == "aws_default_route_table";
        let vpc = if default {
            text(&r.values, "default_route_table_id").and_then(|id| vpc_of_default(&id))
        } else {
            text(&r.values, "vpc_id")
        };
        let Some(vpc) = vpc else {
            if !default {
                b.warn(r, "no `vpc_id`; ignored".into());
            }
            continue;
        };
        let mut table = RouteTable {
            id: r.address.clone(),
            name: name_tag(r),
            vpc_id: vpc,
            main: default,
            routes: Vec::new(),
            associations: Vec::new(),
        };
        for (k, rv) in blocks(&r.values, "route").into_iter().enumerate() {
            match route_of(b, rv) {
                Ok(route) => {
                    b.rule_provenance.insert(
                        (
                            table.id.clone(),
                            RuleKey::Route {
                                destination: dest_text(&route.destination),
                            },
                        ),
                        Builder::nested_line(r, "route", k),
                    );
                    table.routes.push(route);
                }
                Err(why) => {
                    let at = Builder::nested_line(r, "route", k);
                    b.warn_at(&r.address, &at, format!("{why}; skipped"), false);
                }
            }
        }
        b.net.route_tables.push(table);
    }
    let inline: BTreeSet<String> = rs
        .iter()
        .filter(|r| r.kind == "aws_route_table" && get(&r.values, "route").is_some())
        .map(|r| r.address.clone())
        .collect();
    for r in rs.iter().filter(|r| r.kind == "aws_route") {
        let Some(t) = text(&r.values, "route_table_id").map(|t| b.canon(&t)) else {
            b.warn(r, "no `route_table_id`; ignored".into());
            continue;
        };
        if inline.contains(&t) {
            b.warn(
                r,
                format!("{t} also has inline `route` blocks: the provider's docs warn that mixing them with aws_route makes the two fight over the table"),
            );
        }
        match route_of(b, &r.values) {
            Ok(route) => match b.net.route_tables.iter_mut().find(|x| x.id == t) {
                Some(table) => {
                    b.rule_provenance.insert(
                        (
                            t.clone(),
                            RuleKey::Route {
                                destination: dest_text(&route.destination),
                            },
                        ),
                        r.at.clone(),
                    );
                    table.routes.push(route);
                }
                None => b.warn(
                    r,
                    format!("route table {t} is not in this configuration; ignored"),
                ),
            },
            Err(why) => b.warn(r, format!("{why}; ignored")),
        }
    }
    for r in rs
        .iter()
        .filter(|r| r.kind == "aws_route_table_association")
    {
        let table = text(&r.values, "route_table_id").map(|t| b.canon(&t));
        let Some(subnet) = text(&r.values, "subnet_id") else {
            b.warn(
                r,
                "edge associations (`gateway_id`) are not modelled; ignored".into(),
            );
            continue;
        };
        match table.and_then(|t| b.net.route_tables.iter_mut().find(|x| x.id == t)) {
            Some(t) => t.associations.push(subnet),
            None => b.warn(
                r,
                "`route_table_id` is not a route table of this configuration; ignored".into(),
            ),
        }
    }
    for r in rs
        .iter()
        .filter(|r| r.kind == "aws_main_route_table_association")
    {
        let (Some(vpc), Some(t)) = (text(&r.values, "vpc_id"), text(&r.values, "route_table_id"))
        else {
            b.warn(r, "needs `vpc_id` and `route_table_id`; ignored".into());
            continue;
        };
        let t = b.canon(&t);
        if !b.net.route_tables.iter().any(|x| x.id == t) {
            b.warn(
                r,
                format!("route table {t} is not in this configuration; ignored"),
            );
            continue;
        }
        for table in b.net.route_tables.iter_mut().filter(|x| x.vpc_id == vpc) {
            table.main = table.id == t;
        }
    }
}

// ---- security groups --------------------------------------------------------------------

/// Protocol and ports as the provider writes them (`-1`/`all`, names or numbers).
fn proto_ports(
    v: &Map<String, Value>,
    proto_attr: &str,
) -> Result<(Protocol, Option<PortRange>, Option<IcmpMatch>), String> {
    let p = text(v, proto_attr).unwrap_or_else(|| "-1".into());
    let protocol = Protocol::parse(&p).ok_or_else(|| format!("unknown protocol `{p}`"))?;
    let from = int(v, "from_port");
    let to = int(v, "to_port");
    Ok(match protocol {
        Protocol::Tcp | Protocol::Udp => {
            let (f, t) = (from.unwrap_or(0), to.or(from).unwrap_or(65535));
            if f == -1 || (f == 0 && t == 0) || (f == 0 && t == 65535) {
                (protocol, None, None)
            } else {
                let (Ok(f), Ok(t)) = (u16::try_from(f), u16::try_from(t)) else {
                    return Err(format!("ports {f}–{t} are not valid"));
                };
                (
                    protocol,
                    Some(PortRange {
                        from: f.min(t),
                        to: f.max(t),
                    }),
                    None,
                )
            }
        }
        Protocol::Icmp => {
            let t = from.and_then(|x| u8::try_from(x).ok());
            let c = to.and_then(|x| u8::try_from(x).ok());
            (
                protocol,
                None,
                Some(IcmpMatch {
                    icmp_type: t,
                    code: c,
                }),
            )
        }
        other => (other, None, None),
    })
}

struct RuleSpec {
    egress: bool,
    rule: SecurityGroupRule,
    at: Provenance,
}

/// Rules of one inline `ingress`/`egress` block or `aws_security_group_rule` (one per peer).
fn sg_rules(
    b: &mut Builder,
    owner: &str,
    v: &Map<String, Value>,
    egress: bool,
    at: &Provenance,
    block: &str,
) -> Vec<RuleSpec> {
    let (protocol, ports, icmp) = match proto_ports(v, "protocol") {
        Ok(x) => x,
        Err(why) => {
            b.warn_at(block, at, format!("{why}; rule skipped"), false);
            return Vec::new();
        }
    };
    let description = text(v, "description").unwrap_or_default();
    let mut peers = Vec::new();
    peers.extend(strings(v, "cidr_blocks").into_iter().map(RulePeer::Cidr));
    peers.extend(
        strings(v, "prefix_list_ids")
            .into_iter()
            .map(RulePeer::PrefixList),
    );
    peers.extend(
        strings(v, "security_groups")
            .into_iter()
            .map(|g| RulePeer::SecurityGroup(b.canon(&g))),
    );
    if let Some(g) = text(v, "source_security_group_id") {
        peers.push(RulePeer::SecurityGroup(b.canon(&g)));
    }
    if flag(v, "self").unwrap_or(false) {
        peers.push(RulePeer::SecurityGroup(owner.to_string()));
    }
    peers.extend(ipv6::rule_peers(v));
    peers
        .into_iter()
        .map(|peer| RuleSpec {
            egress,
            rule: SecurityGroupRule {
                protocol,
                ports,
                icmp,
                peer,
                description: description.clone(),
            },
            at: at.clone(),
        })
        .collect()
}

/// An `aws_vpc_security_group_{ingress,egress}_rule` (provider v5: one peer per rule).
fn vpc_sg_rule(b: &mut Builder, r: &Resource, egress: bool) -> Option<RuleSpec> {
    let (protocol, ports, icmp) = match proto_ports(&r.values, "ip_protocol") {
        Ok(x) => x,
        Err(why) => {
            b.warn(r, format!("{why}; ignored"));
            return None;
        }
    };
    let peer = if let Some(c) =
        text(&r.values, "cidr_ipv4").or_else(|| text(&r.values, "cidr_ipv6"))
    {
        RulePeer::Cidr(c)
    } else if let Some(p) = text(&r.values, "prefix_list_id") {
        RulePeer::PrefixList(p)
    } else if let Some(g) = text(&r.values, "referenced_security_group_id") {
        RulePeer::SecurityGroup(b.canon(&g))
    } else {
        b.warn(r, "no peer (`cidr_ipv4`, `cidr_ipv6`, `prefix_list_id`, `referenced_security_group_id`); ignored".into());
        return None;
    };
    Some(RuleSpec {
        egress,
        rule: SecurityGroupRule {
            protocol,
            ports,
            icmp,
            peer,
            description: text(&r.values, "description").unwrap_or_default(),
        },
        at: r.at.clone(),
    })
}

fn build_security_groups(b: &mut Builder, rs: &[Resource]) {
    let mut inline_groups = BTreeSet::new();
    for r in rs
        .iter()
        .filter(|r| r.kind == "aws_security_group" || r.kind == "aws_default_security_group")
    {
        let vpc = match text(&r.values, "vpc_id") {
            Some(v) => v,
            None if r.kind == "aws_default_security_group" => continue,
            None => match b.net.vpcs.first().map(|v| v.id.clone()) {
                Some(v) => {
                    let at = r.at.clone();
                    b.warn_at(
                        &r.address,
                        &at,
                        format!("no `vpc_id`: AWS would use the default VPC, which is not modelled; assumed {v}"),
                        true,
                    );
                    v
                }
                None => {
                    b.warn(
                        r,
                        "no `vpc_id` and no VPC in the configuration; ignored".into(),
                    );
                    continue;
                }
            },
        };
        let id = r.address.clone();
        let mut specs = Vec::new();
        for (dir, egress) in [("ingress", false), ("egress", true)] {
            for (k, v) in blocks(&r.values, dir).into_iter().enumerate() {
                let at = Builder::nested_line(r, dir, k);
                specs.extend(sg_rules(b, &id, v, egress, &at, &r.address));
            }
            if get(&r.values, dir).is_some() {
                inline_groups.insert(id.clone());
            }
        }
        let name = text(&r.values, "name").unwrap_or_else(|| id.clone());
        b.net.security_groups.push(SecurityGroup {
            id: id.clone(),
            name: if r.kind == "aws_default_security_group" {
                "default".into()
            } else {
                name
            },
            vpc_id: vpc,
            description: text(&r.values, "description").unwrap_or_default(),
            ingress: Vec::new(),
            egress: Vec::new(),
        });
        add_rules(b, &id, specs);
    }
    let mut separate: BTreeMap<String, Vec<RuleSpec>> = BTreeMap::new();
    for r in rs {
        let specs = match r.kind.as_str() {
            "aws_security_group_rule" => {
                let egress = match text(&r.values, "type").as_deref() {
                    Some("egress") => true,
                    Some("ingress") => false,
                    _ => {
                        b.warn(
                            r,
                            "`type` must be \"ingress\" or \"egress\"; ignored".into(),
                        );
                        continue;
                    }
                };
                let Some(g) = text(&r.values, "security_group_id").map(|g| b.canon(&g)) else {
                    b.warn(r, "no `security_group_id`; ignored".into());
                    continue;
                };
                let specs = sg_rules(b, &g, &r.values, egress, &r.at.clone(), &r.address);
                (g, specs)
            }
            "aws_vpc_security_group_ingress_rule" | "aws_vpc_security_group_egress_rule" => {
                let egress = r.kind.ends_with("egress_rule");
                let Some(g) = text(&r.values, "security_group_id").map(|g| b.canon(&g)) else {
                    b.warn(r, "no `security_group_id`; ignored".into());
                    continue;
                };
                (g, vpc_sg_rule(b, r, egress).into_iter().collect())
            }
            _ => continue,
        };
        if inline_groups.contains(&specs.0) {
            b.warn(
                r,
                format!(
                    "{} also has inline ingress/egress rules: the provider's docs warn that mixing inline rules with separate rule resources makes them overwrite each other",
                    specs.0
                ),
            );
        }
        if !b.net.security_groups.iter().any(|g| g.id == specs.0) {
            b.warn(
                r,
                format!(
                    "security group {} is not in this configuration; ignored",
                    specs.0
                ),
            );
            continue;
        }
        separate.entry(specs.0).or_default().extend(specs.1);
    }
    for (g, specs) in separate {
        add_rules(b, &g, specs);
    }
}

fn add_rules(b: &mut Builder, group: &str, specs: Vec<RuleSpec>) {
    let Some(g) = b.net.security_groups.iter_mut().find(|x| x.id == group) else {
        return;
    };
    for s in specs {
        let list = if s.egress {
            &mut g.egress
        } else {
            &mut g.ingress
        };
        b.rule_provenance.insert(
            (
                group.to_string(),
                RuleKey::SecurityGroup {
                    egress: s.egress,
                    index: list.len(),
                },
            ),
            s.at,
        );
        list.push(s.rule);
    }
}

// ---- network ACLs -----------------------------------------------------------------------

fn nacl_entry(
    v: &Map<String, Value>,
    egress: bool,
    number_attr: &str,
    action_attr: &str,
) -> Result<NaclEntry, String> {
    let (protocol, ports, icmp) = proto_ports(v, "protocol")?;
    let icmp = if protocol == Protocol::Icmp {
        Some(IcmpMatch {
            icmp_type: int(v, "icmp_type").and_then(|x| u8::try_from(x).ok()),
            code: int(v, "icmp_code").and_then(|x| u8::try_from(x).ok()),
        })
    } else {
        icmp
    };
    let rule_number = int(v, number_attr)
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| format!("no `{number_attr}`"))?;
    let action = match text(v, action_attr)
        .map(|a| a.to_ascii_lowercase())
        .as_deref()
    {
        Some("allow") => RuleAction::Allow,
        Some("deny") => RuleAction::Deny,
        _ => return Err(format!("`{action_attr}` must be allow or deny")),
    };
    let cidr = text(v, "cidr_block")
        .or_else(|| text(v, "ipv6_cidr_block"))
        .ok_or_else(|| "no `cidr_block` or `ipv6_cidr_block`".to_string())?;
    Ok(NaclEntry {
        rule_number,
        egress,
        protocol,
        ports,
        icmp,
        cidr,
        action,
    })
}

fn build_nacls(b: &mut Builder, rs: &[Resource]) {
    let mut inline = BTreeSet::new();
    for r in rs
        .iter()
        .filter(|r| r.kind == "aws_network_acl" || r.kind == "aws_default_network_acl")
    {
        let default = r.kind == "aws_default_network_acl";
        let vpc = if default {
            text(&r.values, "default_network_acl_id").and_then(|id| vpc_of_default(&id))
        } else {
            text(&r.values, "vpc_id")
        };
        let Some(vpc) = vpc else {
            if !default {
                b.warn(r, "no `vpc_id`; ignored".into());
            }
            continue;
        };
        let mut acl = NetworkAcl {
            id: r.address.clone(),
            name: name_tag(r),
            vpc_id: vpc,
            is_default: default,
            entries: Vec::new(),
            associations: strings(&r.values, "subnet_ids"),
        };
        for (dir, egress) in [("ingress", false), ("egress", true)] {
            if get(&r.values, dir).is_some() {
                inline.insert(acl.id.clone());
            }
            for (k, v) in blocks(&r.values, dir).into_iter().enumerate() {
                let at = Builder::nested_line(r, dir, k);
                match nacl_entry(v, egress, "rule_no", "action") {
                    Ok(e) => {
                        b.rule_provenance.insert(
                            (
                                acl.id.clone(),
                                RuleKey::Nacl {
                                    egress,
                                    rule_number: e.rule_number,
                                },
                            ),
                            at,
                        );
                        acl.entries.push(e);
                    }
                    Err(why) => b.warn_at(&r.address, &at, format!("{why}; rule skipped"), false),
                }
            }
        }
        b.net.network_acls.push(acl);
    }
    for r in rs.iter().filter(|r| r.kind == "aws_network_acl_rule") {
        let Some(id) = text(&r.values, "network_acl_id").map(|i| b.canon(&i)) else {
            b.warn(r, "no `network_acl_id`; ignored".into());
            continue;
        };
        let egress = flag(&r.values, "egress").unwrap_or(false);
        let entry = match nacl_entry(&r.values, egress, "rule_number", "rule_action") {
            Ok(e) => e,
            Err(why) => {
                b.warn(r, format!("{why}; ignored"));
                continue;
            }
        };
        if inline.contains(&id) {
            b.warn(r, format!("{id} also has inline rules: the provider's docs warn that mixing them with aws_network_acl_rule makes them overwrite each other"));
        }
        match b.net.network_acls.iter_mut().find(|a| a.id == id) {
            Some(acl) => {
                b.rule_provenance.insert(
                    (
                        id.clone(),
                        RuleKey::Nacl {
                            egress,
                            rule_number: entry.rule_number,
                        },
                    ),
                    r.at.clone(),
                );
                acl.entries.push(entry);
            }
            None => b.warn(
                r,
                format!("network ACL {id} is not in this configuration; ignored"),
            ),
        }
    }
    for r in rs
        .iter()
        .filter(|r| r.kind == "aws_network_acl_association")
    {
        let (Some(id), Some(subnet)) = (
            text(&r.values, "network_acl_id"),
            text(&r.values, "subnet_id"),
        ) else {
            b.warn(r, "needs `network_acl_id` and `subnet_id`; ignored".into());
            continue;
        };
        let id = b.canon(&id);
        match b.net.network_acls.iter_mut().find(|a| a.id == id) {
            Some(acl) => acl.associations.push(subnet),
            None => b.warn(
                r,
                format!("network ACL {id} is not in this configuration; ignored"),
            ),
        }
    }
    // A subnet has exactly one NACL (A5): the last explicit association in configuration
    // order wins, and the others are warned about.
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut dupes = Vec::new();
    for acl in &b.net.network_acls {
        for s in &acl.associations {
            if let Some(prev) = seen.insert(s.clone(), acl.id.clone()) {
                dupes.push((s.clone(), prev, acl.id.clone()));
            }
        }
    }
    for (s, prev, now) in dupes {
        let at = b.provenance.get(&now).cloned().unwrap_or_default();
        b.warn_at(&now, &at, format!("{s} is associated with both {prev} and {now}; AWS keeps one association, assumed {now}"), true);
        if let Some(a) = b.net.network_acls.iter_mut().find(|a| a.id == prev) {
            a.associations.retain(|x| *x != s);
        }
    }
}

// ---- instances, endpoints, load balancers, databases -------------------------------------

fn default_group_of_subnet(b: &Builder, subnet: &str) -> Option<String> {
    let vpc = b.net.subnet(subnet)?.vpc_id.clone();
    Some(b.canon(&format!("{vpc}:default_security_group")))
}

fn build_instances(b: &mut Builder, rs: &[Resource]) {
    for r in rs.iter().filter(|r| r.kind == "aws_instance") {
        // An instance launched on an interface (`network_interface` at device index 0) has
        // that interface's subnet, groups and address (Q5).
        let on_interface = text(&r.values, "subnet_id")
            .is_none()
            .then(|| interfaces::primary(b, r, rs))
            .flatten();
        let Some(subnet) = text(&r.values, "subnet_id")
            .or_else(|| on_interface.as_ref().map(|p| p.subnet.clone()))
        else {
            b.warn(r, "no `subnet_id`: AWS launches it in the default VPC, which is not modelled; ignored".into());
            continue;
        };
        let mut ids = strings(&r.values, "vpc_security_group_ids");
        if ids.is_empty() {
            ids = strings(&r.values, "security_groups");
        }
        let mut groups: Vec<String> = ids.into_iter().map(|g| b.canon(&g)).collect();
        if let (true, Some(p)) = (groups.is_empty(), &on_interface) {
            groups = p.groups.clone();
        }
        if groups.is_empty() {
            if let Some(d) = default_group_of_subnet(b, &subnet) {
                groups.push(d);
            }
        }
        let Some(private_ip) = text(&r.values, "private_ip")
            .or_else(|| on_interface.as_ref().and_then(|p| p.ip.clone()))
        else {
            b.warn(
                r,
                format!("{subnet} has no usable CIDR, so no address could be assumed; ignored"),
            );
            continue;
        };
        let ipv6_addresses = ipv6::instance_addresses(b, r, &subnet);
        b.net.instances.push(Instance {
            network_interfaces: Vec::new(),
            ipv6_addresses,
            id: r.address.clone(),
            name: name_tag(r),
            subnet_id: subnet,
            private_ip,
            public_ip: text(&r.values, "public_ip"),
            elastic_ip: false,
            // Routes name the interface as `primary_network_interface_id`.
            eni_id: Some(
                on_interface
                    .as_ref()
                    .map(|p| p.eni.clone())
                    .or_else(|| text(&r.values, "primary_network_interface_id"))
                    .unwrap_or_else(|| format!("{}:eni", r.address)),
            ),
            secondary_private_ips: strings(&r.values, "secondary_private_ips"),
            node_labels: BTreeMap::new(),
            node_taints: Vec::new(),
            security_groups: groups,
            source_dest_check: flag(&r.values, "source_dest_check")
                .or_else(|| on_interface.as_ref().map(|p| p.source_dest_check))
                .unwrap_or(true),
            role: role_tag(r),
            instance_type: text(&r.values, "instance_type").unwrap_or_default(),
        });
    }
    // Two interfaces with one address: AWS refuses the second at apply time.
    let mut seen: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut clashes = Vec::new();
    for i in &b.net.instances {
        let key = (i.subnet_id.clone(), i.private_ip.clone());
        if let Some(prev) = seen.insert(key, i.id.clone()) {
            clashes.push((i.id.clone(), prev, i.private_ip.clone()));
        }
    }
    for (now, prev, ip) in clashes {
        let at = b.provenance.get(&now).cloned().unwrap_or_default();
        b.warn_at(
            &now,
            &at,
            format!("{now} and {prev} both have the private IP {ip}; AWS would refuse the second"),
            false,
        );
    }
    // Elastic IPs: `aws_eip.instance` or an `aws_eip_association`.
    let eips: BTreeMap<String, String> = rs
        .iter()
        .filter(|r| r.kind == "aws_eip")
        .filter_map(|r| Some((r.address.clone(), text(&r.values, "public_ip")?)))
        .collect();
    let mut pairs = Vec::new();
    for r in rs {
        match r.kind.as_str() {
            "aws_eip" => {
                if let (Some(i), Some(ip)) = (text(&r.values, "instance"), eips.get(&r.address)) {
                    pairs.push((i, ip.clone()));
                }
            }
            "aws_eip_association" => {
                let ip = text(&r.values, "allocation_id")
                    .and_then(|a| eips.get(&a).cloned())
                    .or_else(|| text(&r.values, "public_ip"));
                match (text(&r.values, "instance_id"), ip) {
                    (Some(i), Some(ip)) => pairs.push((i, ip)),
                    _ => b.warn(
                        r,
                        "needs `instance_id` and an Elastic IP of this configuration; ignored"
                            .into(),
                    ),
                }
            }
            _ => {}
        }
    }
    for (i, ip) in pairs {
        if let Some(inst) = b.net.instances.iter_mut().find(|x| x.id == i) {
            inst.public_ip = Some(ip);
            inst.elastic_ip = true;
        }
    }
}

/// Stand-in CIDRs for a gateway endpoint's prefix list: the real list is per region and
/// only AWS knows it.
fn assumed_service_cidrs(service: &str) -> Vec<String> {
    if service.ends_with(".dynamodb") {
        vec!["52.94.0.0/22".into()]
    } else {
        vec!["52.216.0.0/15".into()]
    }
}

fn build_endpoints(b: &mut Builder, rs: &[Resource]) {
    for r in rs.iter().filter(|r| r.kind == "aws_vpc_endpoint") {
        let (Some(vpc), Some(service)) =
            (text(&r.values, "vpc_id"), text(&r.values, "service_name"))
        else {
            b.warn(r, "needs `vpc_id` and `service_name`; ignored".into());
            continue;
        };
        let kind = text(&r.values, "vpc_endpoint_type").unwrap_or_else(|| "Gateway".into());
        let gateway = kind.eq_ignore_ascii_case("gateway");
        let interface = if kind.eq_ignore_ascii_case("interface") {
            Some(endpoints::interface_of(b, r, &vpc))
        } else {
            if !gateway {
                b.warn(
                    r,
                    format!(
                        "{kind} endpoints are not simulated (gateway and interface endpoints are)"
                    ),
                );
            }
            None
        };
        let mut tables: Vec<String> = strings(&r.values, "route_table_ids")
            .iter()
            .map(|t| b.canon(t))
            .collect();
        for a in rs
            .iter()
            .filter(|a| a.kind == "aws_vpc_endpoint_route_table_association")
        {
            if text(&a.values, "vpc_endpoint_id").as_deref() == Some(&r.address) {
                if let Some(t) = text(&a.values, "route_table_id") {
                    tables.push(b.canon(&t));
                }
            }
        }
        let pl = format!("{}:prefix_list", r.address);
        let known = strings(&r.values, "cidr_blocks");
        let cidrs = if known.is_empty() {
            assumed_service_cidrs(&service)
        } else {
            known.clone()
        };
        if gateway {
            if known.is_empty() {
                let at = r.at.clone();
                b.warn_at(
                    &r.address,
                    &at,
                    format!(
                        "the prefix list of {service} is AWS's; assumed it holds {}",
                        cidrs.join(", ")
                    ),
                    true,
                );
            }
            b.provenance.insert(pl.clone(), r.at.clone());
            b.net.prefix_lists.push(PrefixList {
                id: pl.clone(),
                name: service.clone(),
                cidrs,
                ..PrefixList::default()
            });
            // AWS adds the endpoint's route to each selected table (R12).
            for t in &tables {
                if let Some(table) = b.net.route_tables.iter_mut().find(|x| x.id == *t) {
                    table.routes.push(Route {
                        destination: RouteDestination::PrefixList(pl.clone()),
                        target: RouteTarget {
                            kind: TargetKind::Vpce,
                            id: r.address.clone(),
                        },
                        state: RouteState::Active,
                    });
                    b.rule_provenance.insert(
                        (
                            t.clone(),
                            RuleKey::Route {
                                destination: pl.clone(),
                            },
                        ),
                        r.at.clone(),
                    );
                }
            }
        }
        b.net.vpc_endpoints.push(VpcEndpoint {
            id: r.address.clone(),
            name: name_tag(r),
            vpc_id: vpc,
            service,
            endpoint_type: if gateway {
                EndpointType::Gateway
            } else {
                EndpointType::Interface
            },
            route_table_ids: tables,
            prefix_list_id: gateway.then_some(pl),
            interface,
        });
    }
}

fn build_load_balancers(b: &mut Builder, rs: &[Resource]) {
    for r in rs
        .iter()
        .filter(|r| r.kind == "aws_lb_target_group" || r.kind == "aws_alb_target_group")
    {
        let mut targets = Vec::new();
        for a in rs.iter().filter(|a| {
            a.kind == "aws_lb_target_group_attachment"
                || a.kind == "aws_alb_target_group_attachment"
        }) {
            if text(&a.values, "target_group_arn").as_deref() == Some(&r.address) {
                if let Some(t) = text(&a.values, "target_id") {
                    targets.push(Target {
                        id: t,
                        port: port(&a.values, "port"),
                    });
                }
            }
        }
        b.net.target_groups.push(TargetGroup {
            id: r.address.clone(),
            name: text(&r.values, "name").unwrap_or_else(|| r.address.clone()),
            protocol: text(&r.values, "protocol").unwrap_or_else(|| "HTTP".into()),
            port: port(&r.values, "port").unwrap_or(80),
            vpc_id: text(&r.values, "vpc_id").unwrap_or_default(),
            targets,
        });
    }
    for r in rs
        .iter()
        .filter(|r| r.kind == "aws_lb" || r.kind == "aws_alb")
    {
        let mut subnets = strings(&r.values, "subnets");
        for m in blocks(&r.values, "subnet_mapping") {
            if let Some(s) = text(m, "subnet_id") {
                subnets.push(s);
            }
        }
        let kind = match text(&r.values, "load_balancer_type").as_deref() {
            None | Some("application") => LoadBalancerKind::Application,
            Some("network") => LoadBalancerKind::Network,
            Some(other) => {
                b.warn(
                    r,
                    format!("{other} load balancers are not simulated; ignored"),
                );
                continue;
            }
        };
        let vpc = subnets
            .first()
            .and_then(|s| b.net.subnet(s))
            .map(|s| s.vpc_id.clone())
            .unwrap_or_default();
        let mut listeners = Vec::new();
        for l in rs
            .iter()
            .filter(|l| l.kind == "aws_lb_listener" || l.kind == "aws_alb_listener")
        {
            if text(&l.values, "load_balancer_arn").as_deref() != Some(&r.address) {
                continue;
            }
            let tg = blocks(&l.values, "default_action")
                .into_iter()
                .find_map(|a| {
                    text(a, "target_group_arn").or_else(|| {
                        blocks(a, "forward")
                            .into_iter()
                            .flat_map(|f| blocks(f, "target_group"))
                            .find_map(|t| text(t, "arn"))
                    })
                });
            b.provenance.insert(l.address.clone(), l.at.clone());
            listeners.push(Listener {
                port: port(&l.values, "port").unwrap_or(80),
                protocol: text(&l.values, "protocol").unwrap_or_else(|| "HTTP".into()),
                target_group: tg,
            });
        }
        b.net.load_balancers.push(LoadBalancer {
            id: r.address.clone(),
            arn: None,
            name: text(&r.values, "name").unwrap_or_else(|| r.address.clone()),
            kind,
            scheme: if flag(&r.values, "internal").unwrap_or(false) {
                LoadBalancerScheme::Internal
            } else {
                LoadBalancerScheme::InternetFacing
            },
            vpc_id: vpc,
            subnets,
            security_groups: strings(&r.values, "security_groups")
                .iter()
                .map(|g| b.canon(g))
                .collect(),
            listeners,
        });
    }
}

fn default_db_port(engine: &str) -> u16 {
    let e = engine.to_ascii_lowercase();
    if e.contains("postgres") {
        5432
    } else if e.starts_with("oracle") {
        1521
    } else if e.starts_with("sqlserver") {
        1433
    } else {
        3306
    }
}

fn build_databases(b: &mut Builder, rs: &[Resource]) {
    for r in rs.iter().filter(|r| r.kind == "aws_db_instance") {
        let group = text(&r.values, "db_subnet_group_name");
        let subnets = group.as_ref().and_then(|g| {
            rs.iter()
                .find(|s| {
                    s.kind == "aws_db_subnet_group"
                        && (s.address == *g
                            || text(&s.values, "name").as_deref() == Some(g.as_str()))
                })
                .map(|s| strings(&s.values, "subnet_ids"))
        });
        let Some(subnets) = subnets.filter(|s| !s.is_empty()) else {
            b.warn(r, "no `db_subnet_group_name` naming an aws_db_subnet_group of this configuration: the default VPC is not modelled; ignored".into());
            continue;
        };
        let engine = text(&r.values, "engine").unwrap_or_default();
        let mut groups: Vec<String> = strings(&r.values, "vpc_security_group_ids")
            .iter()
            .map(|g| b.canon(g))
            .collect();
        if groups.is_empty() {
            if let Some(d) = default_group_of_subnet(b, &subnets[0]) {
                groups.push(d);
            }
        }
        let at = r.at.clone();
        b.warn_at(
            &r.address,
            &at,
            format!("RDS picks the primary's address and subnet; assumed the first subnet of the group ({})", subnets[0]),
            true,
        );
        b.net.databases.push(Database {
            id: r.address.clone(),
            name: text(&r.values, "identifier").unwrap_or_else(|| r.address.clone()),
            port: port(&r.values, "port").unwrap_or_else(|| default_db_port(&engine)),
            engine,
            subnet_group: subnets,
            security_groups: groups,
            multi_az: flag(&r.values, "multi_az").unwrap_or(false),
            private_ip: None,
            publicly_accessible: flag(&r.values, "publicly_accessible").unwrap_or(false),
        });
    }
}
