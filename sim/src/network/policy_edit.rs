//! Editing the objects that decide where packets go: route tables (routes, associations),
//! security groups (rules, attachments) and network ACLs (numbered entries, associations).
//! The editor's list views call these; each refuses what AWS itself would refuse, with the
//! reason, and changes nothing when it refuses.
//!
//! Rules typed by a user arrive as text (`"22"`, `"1024-65535"`, `"sg-0abc"`, `"0.0.0.0/0"`)
//! and are parsed here, so the app and the CLI accept exactly the same spellings.

use std::fmt;

use super::cidr::Cidr;
use super::design::Design;
use super::fix::{fresh_id, RuleDirection};
use super::model::*;
use super::msg::{msg, Text};

/// Why a list-view edit was refused: the English the CLI and the app show, with its message
/// key and arguments (`msg!`) so the app can say it in the learner's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyError(pub Text);

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.en)
    }
}

impl From<Text> for PolicyError {
    fn from(t: Text) -> PolicyError {
        PolicyError(t)
    }
}

fn err<T>(text: Text) -> Result<T, PolicyError> {
    Err(PolicyError(text))
}

/// Refusals for an id that names nothing of its kind: one message per kind, so each language
/// words the sentence whole.
fn no_route_table(id: &str) -> PolicyError {
    PolicyError(msg!(
        "policy-no-route-table",
        "there is no route table `{id}`",
        id
    ))
}

fn no_security_group(id: &str) -> PolicyError {
    PolicyError(msg!(
        "policy-no-security-group",
        "there is no security group `{id}`",
        id
    ))
}

fn no_subnet(id: &str) -> PolicyError {
    PolicyError(msg!("policy-no-subnet", "there is no subnet `{id}`", id))
}

fn no_vpc(id: &str) -> PolicyError {
    PolicyError(msg!("policy-no-vpc", "there is no VPC `{id}`", id))
}

fn no_instance(id: &str) -> PolicyError {
    PolicyError(msg!(
        "policy-no-instance",
        "there is no instance `{id}`",
        id
    ))
}

fn no_network_acl(id: &str) -> PolicyError {
    PolicyError(msg!(
        "policy-no-network-acl",
        "there is no network ACL `{id}`",
        id
    ))
}

/// `"22"`, `"80-443"`, `"all"`/`""` (every port). Inclusive, as in AWS (S4).
pub fn parse_ports(text: &str) -> Result<Option<PortRange>, PolicyError> {
    let t = text.trim();
    if t.is_empty() || t.eq_ignore_ascii_case("all") || t == "-1" {
        return Ok(None);
    }
    let (a, b) = t.split_once('-').unwrap_or((t, t));
    let (Ok(from), Ok(to)) = (a.trim().parse::<u16>(), b.trim().parse::<u16>()) else {
        return err(msg!(
            "policy-bad-ports",
            "`{t}` is not a port or a port range like 1024-65535",
            t
        ));
    };
    if from > to {
        return err(msg!(
            "policy-ports-backwards",
            "port range `{t}` runs backwards",
            t
        ));
    }
    Ok(Some(PortRange { from, to }))
}

fn parse_protocol(text: &str) -> Result<Protocol, PolicyError> {
    Protocol::parse(text).ok_or_else(|| {
        PolicyError(msg!(
            "policy-bad-protocol",
            "`{input}` is not a protocol (tcp, udp, icmp, all or a number)",
            input = text.trim()
        ))
    })
}

fn parse_cidr(text: &str) -> Result<String, PolicyError> {
    Cidr::parse(text.trim())
        .map(|c| c.to_string())
        .map_err(|e| {
            PolicyError(msg!(
                "policy-bad-cidr",
                "`{input}` is not a valid CIDR block: {e}",
                input = text.trim(),
                e = super::lint::invalid_cidr::cidr_error(&e)
            ))
        })
}

fn route_table_mut<'a>(net: &'a mut Network, id: &str) -> Result<&'a mut RouteTable, PolicyError> {
    net.route_tables
        .iter_mut()
        .find(|t| t.id == id)
        .ok_or_else(|| no_route_table(id))
}

/// What kind of route target an id names, looked up in the network (R8).
fn target_for(net: &Network, vpc: &str, id: &str) -> Result<RouteTarget, PolicyError> {
    let id = id.trim();
    let kind = if id == "local" {
        TargetKind::Local
    } else if net.internet_gateways.iter().any(|g| g.id == id) {
        TargetKind::Igw
    } else if net.nat_gateways.iter().any(|g| g.id == id) {
        TargetKind::Nat
    } else if net
        .peering_connections
        .iter()
        .any(|p| p.id == id && (p.requester_vpc == vpc || p.accepter_vpc == vpc))
    {
        TargetKind::Pcx
    } else if net.vpc_endpoints.iter().any(|e| e.id == id) {
        TargetKind::Vpce
    } else if net.instances.iter().any(|i| i.id == id) {
        TargetKind::Instance
    } else if net.transit_gateways.iter().any(|g| g.id == id) {
        // AWS accepts a route to a transit gateway only from a VPC attached to it (T10).
        let attached = net.transit_gateway_attachments.iter().any(|a| {
            a.transit_gateway_id == id
                && a.kind == TgwAttachmentKind::Vpc
                && a.vpc_id.as_deref() == Some(vpc)
        });
        if !attached {
            return err(msg!(
                "policy-tgw-not-attached",
                "transit gateway {id} has no attachment in VPC {vpc}: attach the VPC to it first",
                id,
                vpc
            ));
        }
        TargetKind::Tgw
    } else if let Some(g) = net.vpn_gateways.iter().find(|g| g.id == id) {
        // A virtual private gateway routes only for the VPC it is attached to (G1).
        if g.attached_vpc.as_deref() != Some(vpc) {
            return err(msg!(
                "policy-vgw-not-attached",
                "virtual private gateway {id} is not attached to VPC {vpc}",
                id,
                vpc
            ));
        }
        TargetKind::Vgw
    } else if let Some(g) = net
        .egress_only_internet_gateways
        .iter()
        .find(|g| g.id == id)
    {
        // An egress-only internet gateway belongs to one VPC (X4).
        if g.attached_vpc.as_deref() != Some(vpc) {
            return err(msg!(
                "policy-eigw-not-attached",
                "egress-only internet gateway {id} is not attached to VPC {vpc}",
                id,
                vpc
            ));
        }
        TargetKind::Eigw
    } else if net
        .instances
        .iter()
        .any(|i| i.eni_id.as_deref() == Some(id))
    {
        TargetKind::Eni
    } else {
        return err(msg!("policy-no-route-target", "there is no gateway, NAT gateway, peering connection, endpoint, transit gateway or instance `{id}` to route to", id));
    };
    Ok(RouteTarget {
        kind,
        id: id.to_string(),
    })
}

/// The address family of a route destination (docs/SEMANTICS.md#x1): the family its text
/// parses as, or for a prefix list the family of the list.
pub use super::model::AddressFamily as Family;

/// NAT64's well-known prefix: the one IPv6 destination a NAT gateway takes (X8).
pub const NAT64_PREFIX: &str = "64:ff9b::/96";

/// The family of a route destination as typed: IPv6 when it has a colon, a prefix list's
/// own family, else IPv4; `None` while the text is neither (the form offers every target).
pub fn destination_family(net: &Network, destination: &str) -> Option<Family> {
    let d = destination.trim();
    if d.starts_with("pl-") {
        return net.prefix_list(d).map(PrefixList::family);
    }
    if super::cidr6::looks_ipv6(d) {
        return super::cidr6::Ipv6Cidr::parse(d).ok().map(|_| Family::Ipv6);
    }
    Cidr::parse(d).ok().map(|_| Family::Ipv4)
}

/// Can a route of this family go to this kind of target (X4, X8)? An egress-only internet
/// gateway carries IPv6 only, a NAT gateway IPv4 only (and NAT64's prefix).
pub fn target_takes(kind: TargetKind, family: Family, destination: &str) -> bool {
    match (kind, family) {
        (TargetKind::Eigw, Family::Ipv4) => false,
        (TargetKind::Nat, Family::Ipv6) => destination.trim() == NAT64_PREFIX,
        _ => true,
    }
}

fn parse_destination(
    net: &Network,
    destination: &str,
) -> Result<(RouteDestination, Family), PolicyError> {
    if destination.starts_with("pl-") {
        let Some(list) = net.prefix_list(destination) else {
            return err(msg!(
                "policy-no-prefix-list",
                "there is no prefix list `{destination}`",
                destination
            ));
        };
        return Ok((
            RouteDestination::PrefixList(destination.to_string()),
            list.family(),
        ));
    }
    if super::cidr6::looks_ipv6(destination) {
        let c = super::cidr6::Ipv6Cidr::parse(destination).map_err(|e| {
            PolicyError(msg!(
                "policy-bad-cidr",
                "`{input}` is not a valid CIDR block: {e}",
                input = destination,
                e = super::lint::invalid_cidr::cidr6_error(&e)
            ))
        })?;
        return Ok((RouteDestination::Cidr(c.to_string()), Family::Ipv6));
    }
    Ok((
        RouteDestination::Cidr(parse_cidr(destination)?),
        Family::Ipv4,
    ))
}

/// Is `c` (a destination of either family) one of the VPC's own blocks, or inside one? The
/// first says the local route has it already, the second is a middlebox route (R5, X2).
fn against_local(vpc: Option<&Vpc>, c: &str) -> (bool, bool) {
    let blocks = vpc
        .into_iter()
        .flat_map(|v| v.cidr_blocks.iter().chain(&v.ipv6_cidr_blocks));
    let (mut same, mut inside) = (false, false);
    if let Ok(c6) = super::cidr6::Ipv6Cidr::parse(c) {
        for b in blocks.filter_map(|b| super::cidr6::Ipv6Cidr::parse_lenient(b).ok()) {
            same |= b == c6;
            inside |= b.contains_cidr(&c6) && b != c6;
        }
    } else if let Ok(c4) = Cidr::parse(c) {
        for b in blocks.filter_map(|b| Cidr::parse_lenient(b).ok()) {
            same |= b == c4;
            inside |= b.contains_cidr(&c4) && b != c4;
        }
    }
    (same, inside)
}

/// Adds `destination → target` to a route table. AWS refuses a second route for the same
/// destination, a route for the VPC's own block (the local route has it), a route more
/// specific than the local route unless it targets a NAT gateway or a network interface
/// (R5), an IPv6 destination in a VPC without an IPv6 block, and a target of the other
/// address family: an egress-only internet gateway takes IPv6 only, a NAT gateway IPv4
/// only (X8).
pub fn add_route(
    design: &mut Design,
    table: &str,
    destination: &str,
    target: &str,
) -> Result<(), PolicyError> {
    let net = &design.network;
    let t = net
        .route_table(table)
        .ok_or_else(|| no_route_table(table))?;
    let destination = destination.trim();
    let (dest, family) = parse_destination(net, destination)?;
    let vpc = net.vpc(&t.vpc_id);
    if family == Family::Ipv6 && vpc.is_some_and(|v| v.ipv6_cidr_blocks.is_empty()) {
        return err(msg!(
            "policy-route-ipv6-without-block",
            "{destination} is an IPv6 destination, but VPC {vpc} has no IPv6 CIDR block: associate one with the VPC first",
            destination,
            vpc = t.vpc_id
        ));
    }
    let target = target_for(net, &t.vpc_id, target)?;
    if target.kind == TargetKind::Local {
        return err(msg!(
            "policy-local-route-by-hand",
            "the local route is created by AWS for each VPC CIDR; it cannot be added by hand"
        ));
    }
    if !target_takes(target.kind, family, destination) {
        return err(match family {
            Family::Ipv4 => msg!(
                "policy-eigw-ipv6-only",
                "egress-only internet gateway {target} carries IPv6 only, and {destination} is IPv4: send IPv4 to an internet gateway or a NAT gateway",
                target = target.id,
                destination
            ),
            Family::Ipv6 => msg!(
                "policy-nat-ipv4-only",
                "NAT gateway {target} carries IPv4 only (and NAT64's 64:ff9b::/96), and {destination} is IPv6: send IPv6 to an egress-only internet gateway or an internet gateway",
                target = target.id,
                destination
            ),
        });
    }
    if t.routes.iter().any(|r| r.destination == dest) {
        return err(msg!(
            "policy-route-exists",
            "route table {table} already has a route for {destination}; edit or remove that one",
            table = t.id,
            destination
        ));
    }
    if let RouteDestination::Cidr(c) = &dest {
        let (same, inside) = against_local(vpc, c);
        if same {
            return err(msg!(
                "policy-route-is-local",
                "{c} is a CIDR block of VPC {vpc}: its local route carries it already",
                c,
                vpc = t.vpc_id
            ));
        }
        if inside
            && !matches!(
                target.kind,
                TargetKind::Nat | TargetKind::Eni | TargetKind::Instance
            )
        {
            return err(msg!("policy-route-inside-vpc", "{c} lies inside the VPC: a route more specific than the local route may only target a NAT gateway or a network interface (middlebox routing)", c));
        }
    }
    let t = route_table_mut(&mut design.network, table)?;
    t.routes.push(Route {
        destination: dest,
        target,
        state: RouteState::Active,
    });
    Ok(())
}

/// Turns route propagation from virtual private gateway `vgw` into `table` on or off (a
/// route table's `PropagatingVgws`, G3). AWS enables it only for a gateway attached to the
/// table's VPC; turning off what is off (or on what is on) changes nothing.
pub fn set_vgw_propagation(
    design: &mut Design,
    table: &str,
    vgw: &str,
    on: bool,
) -> Result<(), PolicyError> {
    let net = &mut design.network;
    let vpc = net
        .route_table(table)
        .map(|t| t.vpc_id.clone())
        .ok_or_else(|| no_route_table(table))?;
    let Some(g) = net.vpn_gateways.iter_mut().find(|g| g.id == vgw) else {
        return err(msg!(
            "policy-no-vpn-gateway",
            "there is no virtual private gateway `{id}`",
            id = vgw
        ));
    };
    if on && g.attached_vpc.as_deref() != Some(vpc.as_str()) {
        return err(msg!(
            "policy-vgw-not-attached",
            "virtual private gateway {id} is not attached to VPC {vpc}",
            id = vgw,
            vpc
        ));
    }
    let has = g.propagates_to.iter().any(|t| t == table);
    if on && !has {
        g.propagates_to.push(table.to_string());
    } else if !on {
        g.propagates_to.retain(|t| t != table);
    }
    Ok(())
}

/// Removes the route at `index`. The local route cannot be removed (R4).
pub fn remove_route(design: &mut Design, table: &str, index: usize) -> Result<(), PolicyError> {
    let t = route_table_mut(&mut design.network, table)?;
    match t.routes.get(index) {
        None => err(msg!(
            "policy-no-route-at",
            "route table {table} has no route #{index}",
            table,
            index
        )),
        Some(r) if r.target.kind == TargetKind::Local => err(msg!(
            "policy-local-route-kept",
            "the local route cannot be removed: every route table keeps the route for its own VPC"
        )),
        Some(_) => {
            t.routes.remove(index);
            Ok(())
        }
    }
}

/// Associates a subnet with a route table (or back with the main table when `associate` is
/// false). A subnet uses exactly one table, so associating moves it (R1).
pub fn set_route_table_association(
    design: &mut Design,
    table: &str,
    subnet: &str,
    associate: bool,
) -> Result<(), PolicyError> {
    let net = &mut design.network;
    let s = net.subnet(subnet).ok_or_else(|| no_subnet(subnet))?;
    let t = net
        .route_table(table)
        .ok_or_else(|| no_route_table(table))?;
    if s.vpc_id != t.vpc_id {
        return err(msg!(
            "policy-route-table-other-vpc",
            "subnet {subnet} is in {subnet_vpc} but route table {table} belongs to {table_vpc}",
            subnet,
            subnet_vpc = s.vpc_id,
            table,
            table_vpc = t.vpc_id
        ));
    }
    for t in &mut net.route_tables {
        t.associations.retain(|a| a != subnet);
    }
    if associate {
        route_table_mut(net, table)?
            .associations
            .push(subnet.to_string());
    }
    Ok(())
}

/// A new route table in a VPC, holding the local route of each VPC CIDR (R4).
pub fn create_route_table(
    design: &mut Design,
    vpc: &str,
    name: &str,
) -> Result<String, PolicyError> {
    let net = &mut design.network;
    let v = net.vpc(vpc).ok_or_else(|| no_vpc(vpc))?.clone();
    let id = fresh_id(net, "rtb");
    let routes = v
        .cidr_blocks
        .iter()
        .map(|c| Route {
            destination: RouteDestination::Cidr(c.clone()),
            target: RouteTarget {
                kind: TargetKind::Local,
                id: "local".into(),
            },
            state: RouteState::Active,
        })
        .collect();
    net.route_tables.push(RouteTable {
        id: id.clone(),
        name: name.to_string(),
        vpc_id: vpc.to_string(),
        main: false,
        routes,
        associations: vec![],
    });
    Ok(id)
}

/// A rule as the user types it: protocol, ports, peer (CIDR, `sg-…` or `pl-…`).
pub fn parse_security_group_rule(
    net: &Network,
    protocol: &str,
    ports: &str,
    peer: &str,
    description: &str,
) -> Result<SecurityGroupRule, PolicyError> {
    let protocol = parse_protocol(protocol)?;
    let ports = if protocol.has_ports() {
        parse_ports(ports)?
    } else {
        None
    };
    let peer = peer.trim();
    let peer = if peer.starts_with("sg-") {
        if net.security_group(peer).is_none() {
            return Err(no_security_group(peer));
        }
        RulePeer::SecurityGroup(peer.to_string())
    } else if peer.starts_with("pl-") {
        if net.prefix_list(peer).is_none() {
            return err(msg!(
                "policy-no-prefix-list",
                "there is no prefix list `{destination}`",
                destination = peer
            ));
        }
        RulePeer::PrefixList(peer.to_string())
    } else if let Some(g) = net
        .security_groups
        .iter()
        .find(|g| !g.name.is_empty() && g.name == peer)
    {
        RulePeer::SecurityGroup(g.id.clone())
    } else {
        RulePeer::Cidr(parse_cidr(peer)?)
    };
    Ok(SecurityGroupRule {
        protocol,
        ports,
        icmp: None,
        peer,
        description: description.trim().to_string(),
    })
}

fn group_mut<'a>(net: &'a mut Network, id: &str) -> Result<&'a mut SecurityGroup, PolicyError> {
    net.security_groups
        .iter_mut()
        .find(|g| g.id == id)
        .ok_or_else(|| no_security_group(id))
}

/// Adds an allow rule (security groups have no deny rules, S2). A referenced group must be
/// in the same VPC (or a peered one, S5).
pub fn add_security_group_rule(
    design: &mut Design,
    group: &str,
    direction: RuleDirection,
    rule: SecurityGroupRule,
) -> Result<(), PolicyError> {
    let net = &design.network;
    let g = net
        .security_group(group)
        .ok_or_else(|| no_security_group(group))?;
    if let RulePeer::SecurityGroup(other) = &rule.peer {
        let other_vpc = net
            .security_group(other)
            .map(|o| o.vpc_id.clone())
            .unwrap_or_default();
        let peered = net.peering_connections.iter().any(|p| {
            p.status == PeeringStatus::Active
                && ((p.requester_vpc == g.vpc_id && p.accepter_vpc == other_vpc)
                    || (p.accepter_vpc == g.vpc_id && p.requester_vpc == other_vpc))
        });
        if other_vpc != g.vpc_id && !peered {
            return err(msg!("policy-group-other-vpc", "{other} is in {other_vpc}, not in {vpc} or a peered VPC: reference it by CIDR instead", other, other_vpc, vpc = g.vpc_id));
        }
    }
    let list = match direction {
        RuleDirection::Ingress => &g.ingress,
        RuleDirection::Egress => &g.egress,
    };
    if list
        .iter()
        .any(|r| r.protocol == rule.protocol && r.ports == rule.ports && r.peer == rule.peer)
    {
        return err(msg!(
            "policy-rule-exists",
            "the group already has this rule"
        ));
    }
    let g = group_mut(&mut design.network, group)?;
    match direction {
        RuleDirection::Ingress => g.ingress.push(rule),
        RuleDirection::Egress => g.egress.push(rule),
    }
    Ok(())
}

pub fn remove_security_group_rule(
    design: &mut Design,
    group: &str,
    direction: RuleDirection,
    index: usize,
) -> Result<(), PolicyError> {
    let g = group_mut(&mut design.network, group)?;
    let list = match direction {
        RuleDirection::Ingress => &mut g.ingress,
        RuleDirection::Egress => &mut g.egress,
    };
    if index >= list.len() {
        return err(msg!(
            "policy-no-rule-at",
            "security group {group} has no rule #{index}",
            group,
            index
        ));
    }
    list.remove(index);
    Ok(())
}

/// A new security group: no inbound rules, outbound allow-all (S3).
pub fn create_security_group(
    design: &mut Design,
    vpc: &str,
    name: &str,
) -> Result<String, PolicyError> {
    let net = &mut design.network;
    if net.vpc(vpc).is_none() {
        return Err(no_vpc(vpc));
    }
    if net
        .security_groups
        .iter()
        .any(|g| g.vpc_id == vpc && g.name == name)
    {
        return err(msg!(
            "policy-group-name-taken",
            "VPC {vpc} already has a security group named {name}",
            vpc,
            name
        ));
    }
    let id = fresh_id(net, "sg");
    net.security_groups.push(SecurityGroup {
        id: id.clone(),
        name: name.to_string(),
        vpc_id: vpc.to_string(),
        description: String::new(),
        ingress: vec![],
        egress: vec![SecurityGroupRule::allow_all("0.0.0.0/0")],
    });
    Ok(id)
}

/// Attaches or detaches a security group on an instance (up to 5 per interface, S8; an
/// interface keeps at least one).
pub fn set_instance_security_group(
    design: &mut Design,
    instance: &str,
    group: &str,
    attached: bool,
) -> Result<(), PolicyError> {
    let net = &mut design.network;
    let g_vpc = net
        .security_group(group)
        .map(|g| g.vpc_id.clone())
        .ok_or_else(|| no_security_group(group))?;
    let i_vpc = net
        .instance(instance)
        .and_then(|i| net.subnet(&i.subnet_id))
        .map(|s| s.vpc_id.clone())
        .ok_or_else(|| no_instance(instance))?;
    if g_vpc != i_vpc {
        return err(msg!(
            "policy-group-instance-other-vpc",
            "security group {group} belongs to {g_vpc}, but the instance is in {i_vpc}",
            group,
            g_vpc,
            i_vpc
        ));
    }
    let Some(inst) = net.instances.iter_mut().find(|i| i.id == instance) else {
        return Err(no_instance(instance));
    };
    let has = inst.security_groups.iter().any(|g| g == group);
    match (attached, has) {
        (true, false) => {
            if inst.security_groups.len() >= 5 {
                return err(msg!(
                    "policy-too-many-groups",
                    "an interface can carry at most 5 security groups by default"
                ));
            }
            inst.security_groups.push(group.to_string());
        }
        (false, true) => {
            if inst.security_groups.len() == 1 {
                return err(msg!(
                    "policy-last-group",
                    "an interface must keep at least one security group"
                ));
            }
            inst.security_groups.retain(|g| g != group);
        }
        _ => {}
    }
    Ok(())
}

fn nacl_mut<'a>(net: &'a mut Network, id: &str) -> Result<&'a mut NetworkAcl, PolicyError> {
    net.network_acls
        .iter_mut()
        .find(|n| n.id == id)
        .ok_or_else(|| no_network_acl(id))
}

/// Adds a numbered entry (A2: 1–32766, unique per direction; evaluated lowest first).
#[allow(clippy::too_many_arguments)]
pub fn add_nacl_entry(
    design: &mut Design,
    acl: &str,
    egress: bool,
    rule_number: u32,
    protocol: &str,
    ports: &str,
    cidr: &str,
    action: RuleAction,
) -> Result<(), PolicyError> {
    if !(1..=32766).contains(&rule_number) {
        return err(msg!(
            "policy-rule-number-range",
            "rule number {rule_number} is outside 1–32766, the numbers a network ACL rule may use",
            rule_number
        ));
    }
    let protocol = parse_protocol(protocol)?;
    let ports = if protocol.has_ports() {
        parse_ports(ports)?
    } else {
        None
    };
    let cidr = parse_cidr(cidr)?;
    let n = nacl_mut(&mut design.network, acl)?;
    if n.entries
        .iter()
        .any(|e| e.egress == egress && e.rule_number == rule_number)
    {
        return err(if egress {
            msg!(
                "policy-nacl-outbound-rule-exists",
                "{acl} already has an outbound rule {rule_number}",
                acl = n.id,
                rule_number
            )
        } else {
            msg!(
                "policy-nacl-inbound-rule-exists",
                "{acl} already has an inbound rule {rule_number}",
                acl = n.id,
                rule_number
            )
        });
    }
    n.entries.push(NaclEntry {
        rule_number,
        egress,
        protocol,
        ports,
        icmp: None,
        cidr,
        action,
    });
    n.entries.sort_by_key(|e| (e.egress, e.rule_number));
    Ok(())
}

pub fn remove_nacl_entry(
    design: &mut Design,
    acl: &str,
    egress: bool,
    rule_number: u32,
) -> Result<(), PolicyError> {
    let n = nacl_mut(&mut design.network, acl)?;
    let before = n.entries.len();
    n.entries
        .retain(|e| !(e.egress == egress && e.rule_number == rule_number));
    if n.entries.len() == before {
        return err(if egress {
            msg!(
                "policy-nacl-no-outbound-rule",
                "{acl} has no outbound rule {rule_number}",
                acl,
                rule_number
            )
        } else {
            msg!(
                "policy-nacl-no-inbound-rule",
                "{acl} has no inbound rule {rule_number}",
                acl,
                rule_number
            )
        });
    }
    Ok(())
}

/// Associates a subnet with a network ACL, or back with the VPC's default one (A5).
pub fn set_nacl_association(
    design: &mut Design,
    acl: &str,
    subnet: &str,
    associate: bool,
) -> Result<(), PolicyError> {
    let net = &mut design.network;
    let s_vpc = net
        .subnet(subnet)
        .map(|s| s.vpc_id.clone())
        .ok_or_else(|| no_subnet(subnet))?;
    let n_vpc = net
        .network_acls
        .iter()
        .find(|n| n.id == acl)
        .map(|n| n.vpc_id.clone())
        .ok_or_else(|| no_network_acl(acl))?;
    if s_vpc != n_vpc {
        return err(msg!(
            "policy-nacl-other-vpc",
            "subnet {subnet} is in {s_vpc} but network ACL {acl} belongs to {n_vpc}",
            subnet,
            s_vpc,
            acl,
            n_vpc
        ));
    }
    for n in &mut net.network_acls {
        n.associations.retain(|a| a != subnet);
    }
    if associate {
        nacl_mut(net, acl)?.associations.push(subnet.to_string());
    }
    Ok(())
}

/// A new custom network ACL: it denies everything until rules are added (A4).
pub fn create_network_acl(
    design: &mut Design,
    vpc: &str,
    name: &str,
) -> Result<String, PolicyError> {
    let net = &mut design.network;
    if net.vpc(vpc).is_none() {
        return Err(no_vpc(vpc));
    }
    let id = fresh_id(net, "acl");
    net.network_acls.push(NetworkAcl {
        id: id.clone(),
        name: name.to_string(),
        vpc_id: vpc.to_string(),
        is_default: false,
        entries: vec![],
        associations: vec![],
    });
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::samples::sample_design;
    use crate::network::{trace_design, Flow};

    fn public_table(d: &Design) -> String {
        d.network
            .route_tables
            .iter()
            .find(|t| t.routes.iter().any(|r| r.target.kind == TargetKind::Igw))
            .unwrap()
            .id
            .clone()
    }

    #[test]
    fn routes_to_transit_and_vpn_gateways_need_the_vpc_attached() {
        use crate::network::samples::hub_and_spoke;
        let mut net = hub_and_spoke(2);
        net.vpn_gateways.push(VpnGateway {
            id: "vgw-1".into(),
            attached_vpc: Some("vpc-spoke-1".into()),
            ..VpnGateway::default()
        });
        // Spoke 2 detached from the hub: its table may no longer point at the gateway.
        net.transit_gateway_attachments
            .retain(|a| a.vpc_id.as_deref() != Some("vpc-spoke-2"));
        let d = Design::new("hub", net);
        // (table, target, the kind it becomes, or a part of the refusal)
        let cases: &[(&str, &str, Result<TargetKind, &str>)] = &[
            ("rtb-spoke-1", "tgw-hub", Ok(TargetKind::Tgw)),
            ("rtb-spoke-1", "vgw-1", Ok(TargetKind::Vgw)),
            (
                "rtb-spoke-2",
                "tgw-hub",
                Err("transit gateway tgw-hub has no attachment in VPC vpc-spoke-2"),
            ),
            (
                "rtb-shared",
                "vgw-1",
                Err("virtual private gateway vgw-1 is not attached to VPC vpc-shared"),
            ),
            ("rtb-spoke-1", "tgw-nope", Err("there is no gateway")),
        ];
        for (table, target, want) in cases {
            let mut e = d.clone();
            let got = add_route(&mut e, table, "192.168.0.0/16", target);
            match want {
                Ok(kind) => {
                    assert!(got.is_ok(), "{table} → {target}: {got:?}");
                    let t = e.network.route_table(table).unwrap();
                    let r = t.routes.last().unwrap();
                    assert_eq!((r.target.kind, r.target.id.as_str()), (*kind, *target));
                }
                Err(part) => {
                    let msg = got.expect_err(target).to_string();
                    assert!(msg.contains(part), "{table} → {target}: {msg}");
                    assert_eq!(e, d, "a refused edit changes nothing");
                }
            }
        }
    }

    /// The dual-stack capture (tests/fixtures/ipv6/dual-stack.json): `vpc-web` with an
    /// internet gateway, `vpc-batch` with only `eigw-batch`; plus a NAT gateway in the batch
    /// subnet and one prefix list of each family.
    fn dual_stack() -> Design {
        let text = include_str!("../../../tests/fixtures/ipv6/dual-stack.json");
        let mut net = crate::network::import_aws_json(text).expect("fixture").0;
        net.nat_gateways.push(NatGateway {
            id: "nat-batch".into(),
            subnet_id: "subnet-batch".into(),
            ..NatGateway::default()
        });
        for (id, cidr) in [("pl-v4", "198.51.100.0/24"), ("pl-v6", "2001:db8:77::/48")] {
            net.prefix_lists.push(PrefixList {
                id: id.into(),
                cidrs: vec![cidr.into()],
                ..PrefixList::default()
            });
        }
        // No IPv6 default route anywhere, and batch's table drawn without its IPv6 local
        // route, as a drawn table may be (X2).
        for t in &mut net.route_tables {
            let batch = t.id == "rtb-batch";
            t.routes.retain(|r| {
                r.destination != RouteDestination::Cidr("::/0".into())
                    && !(batch
                        && r.target.kind == TargetKind::Local
                        && matches!(&r.destination, RouteDestination::Cidr(c) if c.contains(':')))
            });
        }
        Design::new("dual", net)
    }

    #[test]
    fn route_destinations_and_targets_agree_in_address_family() {
        let d = dual_stack();
        // (rule, table, destination, target, None = accepted as this kind / Some(part of the refusal))
        type Case = (
            &'static str,
            &'static str,
            &'static str,
            &'static str,
            Result<TargetKind, &'static str>,
        );
        let cases: &[Case] = &[
            ("X4: ::/0 to the VPC's egress-only gateway", "rtb-batch", "::/0", "eigw-batch", Ok(TargetKind::Eigw)),
            ("X3: ::/0 to the internet gateway", "rtb-web", "::/0", "igw-web", Ok(TargetKind::Igw)),
            ("X8: an IPv6 block is written canonically", "rtb-batch", "2001:DB8:0:0::/32", "eigw-batch", Ok(TargetKind::Eigw)),
            ("X8: NAT64's prefix to a NAT gateway", "rtb-batch", "64:ff9b::/96", "nat-batch", Ok(TargetKind::Nat)),
            ("M2: an IPv6 prefix list to the egress-only gateway", "rtb-batch", "pl-v6", "eigw-batch", Ok(TargetKind::Eigw)),
            ("M2: an IPv4 prefix list to the NAT gateway", "rtb-batch", "pl-v4", "nat-batch", Ok(TargetKind::Nat)),
            ("X8: IPv4 to an egress-only gateway", "rtb-batch", "0.0.0.0/0", "eigw-batch",
                Err("egress-only internet gateway eigw-batch carries IPv6 only, and 0.0.0.0/0 is IPv4")),
            ("X8: an IPv4 prefix list to an egress-only gateway", "rtb-batch", "pl-v4", "eigw-batch",
                Err("eigw-batch carries IPv6 only, and pl-v4 is IPv4")),
            ("X8: IPv6 to a NAT gateway", "rtb-batch", "::/0", "nat-batch",
                Err("NAT gateway nat-batch carries IPv4 only (and NAT64's 64:ff9b::/96), and ::/0 is IPv6")),
            ("X4: another VPC's egress-only gateway", "rtb-web", "::/0", "eigw-batch",
                Err("egress-only internet gateway eigw-batch is not attached to VPC vpc-web")),
            ("X2: the VPC's own IPv6 block is the local route's", "rtb-batch", "2600:1f18:abcd:ef00::/56", "eigw-batch",
                Err("2600:1f18:abcd:ef00::/56 is a CIDR block of VPC vpc-batch: its local route carries it already")),
            ("R5: more specific than the IPv6 local route", "rtb-batch", "2600:1f18:abcd:ef02::/64", "eigw-batch",
                Err("lies inside the VPC")),
            ("X2: a listed local route is a route for its block", "rtb-web", "2600:1f18:1234:5600::/56", "igw-web",
                Err("route table rtb-web already has a route for 2600:1f18:1234:5600::/56")),
            ("X1: an IPv6 block with host bits set", "rtb-batch", "2600:1f18::1/56", "eigw-batch",
                Err("`2600:1f18::1/56` is not a valid CIDR block")),
            ("X1: not an IPv6 block at all", "rtb-batch", "2600:zz::/56", "eigw-batch",
                Err("`2600:zz::/56` is not a valid CIDR block")),
        ];
        for (rule, table, dest, target, want) in cases {
            let mut e = d.clone();
            let got = add_route(&mut e, table, dest, target);
            match want {
                Ok(kind) => {
                    assert!(got.is_ok(), "{rule}: {got:?}");
                    let r = e
                        .network
                        .route_table(table)
                        .unwrap()
                        .routes
                        .last()
                        .unwrap()
                        .clone();
                    assert_eq!(
                        (r.target.kind, r.target.id.as_str()),
                        (*kind, *target),
                        "{rule}"
                    );
                }
                Err(part) => {
                    let text = got.expect_err(rule).to_string();
                    assert!(text.contains(part), "{rule}: {text}");
                    assert_eq!(e, d, "{rule}: a refused edit changes nothing");
                }
            }
        }
        // X2: an IPv4-only VPC takes no IPv6 route, whatever the target.
        let mut v4 = sample_design();
        let t = public_table(&v4);
        let igw = v4.network.internet_gateways[0].id.clone();
        let vpc = v4.network.route_table(&t).unwrap().vpc_id.clone();
        let text = add_route(&mut v4, &t, "::/0", &igw)
            .unwrap_err()
            .to_string();
        assert_eq!(text, format!("::/0 is an IPv6 destination, but VPC {vpc} has no IPv6 CIDR block: associate one with the VPC first"));
    }

    #[test]
    fn the_family_of_a_typed_destination_decides_the_targets_offered() {
        let d = dual_stack();
        let cases: &[(&str, Option<Family>)] = &[
            ("::/0", Some(Family::Ipv6)),
            (" 2600:1f18::/56 ", Some(Family::Ipv6)),
            ("0.0.0.0/0", Some(Family::Ipv4)),
            ("pl-v6", Some(Family::Ipv6)),
            ("pl-v4", Some(Family::Ipv4)),
            ("pl-nope", None),
            ("10.0.", None),
            ("", None),
        ];
        for (text, want) in cases {
            assert_eq!(destination_family(&d.network, text), *want, "{text:?}");
        }
        assert!(target_takes(TargetKind::Eigw, Family::Ipv6, "::/0"));
        assert!(!target_takes(TargetKind::Eigw, Family::Ipv4, "0.0.0.0/0"));
        assert!(!target_takes(TargetKind::Nat, Family::Ipv6, "::/0"));
        assert!(target_takes(TargetKind::Nat, Family::Ipv6, NAT64_PREFIX));
        assert!(target_takes(TargetKind::Igw, Family::Ipv6, "::/0"));
    }

    #[test]
    fn an_ipv6_route_added_in_the_editor_carries_the_trace_it_names() {
        let worker = "2600:1f18:abcd:ef02::20";
        let flow = Flow::tcp(worker, "internet", 443);
        let mut d = dual_stack();
        let blocked = trace_design(&d, &flow).unwrap();
        assert_eq!(blocked.blockers[0].component, "rtb-batch", "{blocked:?}");
        add_route(&mut d, "rtb-batch", "::/0", "eigw-batch").unwrap();
        let t = trace_design(&d, &flow).unwrap();
        assert!(t.is_reachable(), "{t:?}");
        assert!(t.hops.iter().any(|h| h.component == "eigw-batch"), "{t:?}");
        // M2 for IPv6: the prefix list's entry is the matching route.
        let mut d = dual_stack();
        add_route(&mut d, "rtb-batch", "pl-v6", "eigw-batch").unwrap();
        let t = trace_design(&d, &Flow::tcp(worker, "2001:db8:77::1", 443)).unwrap();
        assert!(t.hops.iter().any(|h| h.component == "eigw-batch"), "{t:?}");
        assert!(
            !trace_design(&d, &flow).unwrap().is_reachable(),
            "::/0 is still not routed"
        );
    }

    /// Hub and spoke with an office behind a VPN on a virtual private gateway attached to
    /// spoke 1, propagating nowhere yet.
    fn office_on_spoke_1() -> Design {
        use crate::network::samples::hub_and_spoke;
        let mut net = hub_and_spoke(2);
        net.vpn_gateways.push(VpnGateway {
            id: "vgw-1".into(),
            attached_vpc: Some("vpc-spoke-1".into()),
            ..VpnGateway::default()
        });
        net.customer_gateways.push(CustomerGateway {
            id: "cgw-office".into(),
            ip_address: "203.0.113.77".into(),
            ..CustomerGateway::default()
        });
        net.vpn_connections.push(VpnConnection {
            id: "vpn-office".into(),
            customer_gateway_id: "cgw-office".into(),
            vpn_gateway_id: Some("vgw-1".into()),
            routes: vec!["192.168.0.0/16".into()],
            ..VpnConnection::default()
        });
        Design::new("office", net)
    }

    #[test]
    fn vgw_propagation_adds_the_connections_routes_the_tracer_follows() {
        let d = office_on_spoke_1();
        let flow = Flow::tcp("i-spoke-1", "192.168.1.10", 22);
        assert!(!trace_design(&d, &flow).unwrap().is_reachable());
        // (rule, table, gateway, on, Ok(propagated routes of the table after) / Err(refusal))
        type Case = (
            &'static str,
            &'static str,
            &'static str,
            bool,
            Result<&'static [&'static str], &'static str>,
        );
        let cases: &[Case] = &[
            (
                "G3: on for the VPC's own gateway",
                "rtb-spoke-1",
                "vgw-1",
                true,
                Ok(&["192.168.0.0/16"]),
            ),
            (
                "G3: off again, nothing propagated",
                "rtb-spoke-1",
                "vgw-1",
                false,
                Ok(&[]),
            ),
            (
                "G1: a gateway of another VPC",
                "rtb-spoke-2",
                "vgw-1",
                true,
                Err("virtual private gateway vgw-1 is not attached to VPC vpc-spoke-2"),
            ),
            (
                "an unknown gateway",
                "rtb-spoke-1",
                "vgw-nope",
                true,
                Err("there is no virtual private gateway `vgw-nope`"),
            ),
            (
                "an unknown table",
                "rtb-nope",
                "vgw-1",
                true,
                Err("there is no route table `rtb-nope`"),
            ),
        ];
        for (rule, table, vgw, on, want) in cases {
            let mut e = d.clone();
            let got = set_vgw_propagation(&mut e, table, vgw, *on);
            match want {
                Ok(routes) => {
                    assert!(got.is_ok(), "{rule}: {got:?}");
                    let ix = crate::network::NetworkIndex::build(&e.network);
                    let shown: Vec<String> = ix
                        .propagated_routes(table)
                        .iter()
                        .map(|(c, t)| {
                            assert_eq!(t.id, *vgw, "{rule}");
                            c.to_string()
                        })
                        .collect();
                    assert_eq!(shown, *routes, "{rule}");
                    assert_eq!(
                        trace_design(&e, &flow).unwrap().is_reachable(),
                        *on,
                        "{rule}"
                    );
                }
                Err(part) => {
                    let text = got.expect_err(rule).to_string();
                    assert!(text.contains(part), "{rule}: {text}");
                    assert_eq!(e, d, "{rule}: a refused edit changes nothing");
                }
            }
        }
        // Turning it on twice lists the table once; a written route for the same range to the
        // gateway hides the propagated one (G4).
        let mut e = d.clone();
        set_vgw_propagation(&mut e, "rtb-spoke-1", "vgw-1", true).unwrap();
        set_vgw_propagation(&mut e, "rtb-spoke-1", "vgw-1", true).unwrap();
        assert_eq!(
            e.network.vpn_gateways[0].propagates_to,
            vec!["rtb-spoke-1".to_string()]
        );
        add_route(&mut e, "rtb-spoke-1", "192.168.0.0/16", "vgw-1").unwrap();
        let ix = crate::network::NetworkIndex::build(&e.network);
        assert!(ix.propagated_routes("rtb-spoke-1").is_empty());
    }

    #[test]
    fn port_text_parses_like_the_console() {
        let cases: &[(&str, Result<Option<PortRange>, ()>)] = &[
            ("22", Ok(Some(PortRange { from: 22, to: 22 }))),
            (
                "1024-65535",
                Ok(Some(PortRange {
                    from: 1024,
                    to: 65535,
                })),
            ),
            (" all ", Ok(None)),
            ("", Ok(None)),
            ("443-80", Err(())),
            ("ssh", Err(())),
            ("70000", Err(())),
        ];
        for (text, want) in cases {
            assert_eq!(parse_ports(text).map_err(|_| ()), *want, "{text:?}");
        }
    }

    #[test]
    fn route_edits_follow_aws_rules() {
        let d = sample_design();
        let t = public_table(&d);
        let igw = d.network.internet_gateways[0].id.clone();
        let nat_free = |d: &mut Design| add_route(d, &t, "10.0.1.0/24", &igw);
        /// One edit under test; it borrows the table and gateway ids above.
        type Op<'a> = Box<dyn Fn(&mut Design) -> Result<(), PolicyError> + 'a>;
        let cases: Vec<(&str, Op<'_>, Option<&str>)> = vec![
            (
                "a duplicate destination is refused",
                Box::new(|d| add_route(d, &t, "0.0.0.0/0", &igw)),
                Some("already has a route"),
            ),
            (
                "R5: more specific than local only via NAT/ENI",
                Box::new(nat_free),
                Some("more specific than the local route"),
            ),
            (
                "an unknown target is refused",
                Box::new(|d| add_route(d, &t, "192.0.2.0/24", "igw-nope")),
                Some("no gateway"),
            ),
            (
                "a bad CIDR is refused",
                Box::new(|d| add_route(d, &t, "192.0.2.0/33", &igw)),
                Some("not a valid CIDR"),
            ),
            (
                "R4: the local route stays",
                Box::new(|d| remove_route(d, &t, 0)),
                Some("cannot be removed"),
            ),
            (
                "a new route to the IGW is accepted",
                Box::new(|d| add_route(d, &t, "198.51.100.0/24", &igw)),
                None,
            ),
        ];
        for (name, op, refusal) in cases {
            let mut work = d.clone();
            let r = op(&mut work);
            match refusal {
                Some(text) => {
                    assert!(r.as_ref().unwrap_err().0.en.contains(text), "{name}: {r:?}");
                    assert_eq!(work, d, "{name}: refused edits change nothing");
                }
                None => assert!(r.is_ok(), "{name}: {r:?}"),
            }
        }
    }

    #[test]
    fn associating_a_subnet_moves_it_to_the_new_table() {
        let mut d = sample_design();
        let vpc = d.network.vpcs[0].id.clone();
        let subnet = d.network.subnets[0].id.clone();
        let fresh = create_route_table(&mut d, &vpc, "web").unwrap();
        set_route_table_association(&mut d, &fresh, &subnet, true).unwrap();
        assert_eq!(
            d.network.route_table_for_subnet(&subnet).unwrap().id,
            fresh,
            "R1: one table per subnet"
        );
        assert_eq!(
            d.network
                .route_tables
                .iter()
                .filter(|t| t.associations.contains(&subnet))
                .count(),
            1
        );
    }

    #[test]
    fn an_opened_port_changes_the_trace_verdict() {
        let mut d = sample_design();
        let app = d
            .network
            .instances
            .iter()
            .find(|i| i.name == "app")
            .unwrap()
            .clone();
        let bastion = d
            .network
            .instances
            .iter()
            .find(|i| i.name == "bastion")
            .unwrap()
            .id
            .clone();
        let flow = Flow::tcp(&bastion, &app.id, 5432);
        assert!(!trace_design(&d, &flow).unwrap().is_reachable());
        let rule = parse_security_group_rule(
            &d.network,
            "tcp",
            "5432",
            "10.0.0.0/16",
            "postgres from the VPC",
        )
        .unwrap();
        add_security_group_rule(
            &mut d,
            &app.security_groups[0],
            RuleDirection::Ingress,
            rule,
        )
        .unwrap();
        assert!(trace_design(&d, &flow).unwrap().is_reachable());
    }

    #[test]
    fn nacl_rule_numbers_are_checked_and_kept_in_order() {
        let mut d = sample_design();
        let vpc = d.network.vpcs[0].id.clone();
        let acl = create_network_acl(&mut d, &vpc, "strict").unwrap();
        assert!(add_nacl_entry(
            &mut d,
            &acl,
            false,
            0,
            "tcp",
            "22",
            "0.0.0.0/0",
            RuleAction::Allow
        )
        .unwrap_err()
        .0
        .en
        .contains("1–32766"));
        add_nacl_entry(
            &mut d,
            &acl,
            false,
            200,
            "tcp",
            "22",
            "0.0.0.0/0",
            RuleAction::Allow,
        )
        .unwrap();
        add_nacl_entry(
            &mut d,
            &acl,
            false,
            100,
            "tcp",
            "22",
            "203.0.113.0/24",
            RuleAction::Deny,
        )
        .unwrap();
        assert!(add_nacl_entry(
            &mut d,
            &acl,
            false,
            100,
            "udp",
            "53",
            "0.0.0.0/0",
            RuleAction::Allow
        )
        .unwrap_err()
        .0
        .en
        .contains("already has"));
        let n = d.network.network_acls.iter().find(|n| n.id == acl).unwrap();
        assert_eq!(
            n.entries.iter().map(|e| e.rule_number).collect::<Vec<_>>(),
            vec![100, 200]
        );
        remove_nacl_entry(&mut d, &acl, false, 100).unwrap();
        assert!(remove_nacl_entry(&mut d, &acl, false, 100).is_err());
    }

    #[test]
    fn security_group_references_stay_inside_the_vpc() {
        let mut d = sample_design();
        let sg = d.network.security_groups[0].id.clone();
        let other = crate::network::edit::add(
            &mut d,
            crate::network::edit::ComponentKind::Vpc,
            &crate::network::edit::Container::Canvas,
            crate::network::Rect {
                x: 0.0,
                y: 0.0,
                w: 1.0,
                h: 1.0,
            },
        )
        .unwrap();
        let foreign = create_security_group(&mut d, &other, "foreign").unwrap();
        let rule = parse_security_group_rule(&d.network, "tcp", "22", &foreign, "").unwrap();
        assert!(
            add_security_group_rule(&mut d, &sg, RuleDirection::Ingress, rule)
                .unwrap_err()
                .0
                .en
                .contains("reference it by CIDR instead")
        );
    }
}
