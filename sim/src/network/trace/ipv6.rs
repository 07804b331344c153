//! IPv6 flows: the walk for a flow whose `--from` or `--to` is an IPv6 address (X1–X7).
//!
//! **Invariants**
//! - A flow is IPv6 when one of its endpoints is an IPv6 literal; the other end is then an
//!   instance (by id, name or interface id, using its first IPv6 address), another IPv6
//!   literal, or `internet` (the documentation host [`INTERNET_HOST6`]). Anything else, or an
//!   instance without an IPv6 address, is a [`FlowError`] that says why.
//! - Only IPv6 rules match: a security-group rule, network ACL entry or route whose block is
//!   IPv4 never matches an IPv6 packet (X1). The implicit local route of every IPv6 block of
//!   the VPC is in each route table (X2).
//! - `::/0` to an internet gateway: IPv6 addresses are public, nothing is translated; the
//!   internet reaches an instance's IPv6 address through the VPC's attached internet gateway
//!   when the ACLs and groups allow it (X3). To an egress-only internet gateway: out and the
//!   replies back, and a connection the internet opens is refused at the gateway with
//!   `EIGW_INBOUND_NOT_ALLOWED` (X4).
//! - The same hop and blocker machinery as IPv4 ([`Walk::hop`], [`Walk::block`]), so every
//!   hop names the route or rule that decided and blocked-path analysis keeps walking; IPv6
//!   through peering, transit gateways, VPNs, NAT or endpoints is not modelled and blocks
//!   with `UNSUPPORTED_COMPONENT`, saying so.

use std::net::Ipv6Addr;

use super::endpoint::resolve;
use super::index::{EniKind, NetworkIndex};
use super::rules::{protocol_matches, Packet};
use super::text::{peer_words, rule_words};
use super::walk::{Mode, Walk};
use super::*;
use crate::network::cidr6::{parse_ipv6, Ipv6Cidr};
use crate::network::fix::{fresh_id, Edit, Fix, RuleDirection};
use crate::network::lint::label;
use crate::network::model::*;
use crate::network::msg::{msg, Text};

/// The host the word `internet` stands for in an IPv6 flow: an address of the documentation
/// prefix 2001:db8::/32 (RFC 3849), in no VPC.
pub const INTERNET_HOST6: Ipv6Addr = Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0x10);

/// Which family a flow is: IPv6 when either endpoint is an IPv6 literal.
pub(super) fn is_ipv6_flow(flow: &Flow) -> bool {
    parse_ipv6(&flow.from).is_some() || parse_ipv6(&flow.to).is_some()
}

/// An IPv6 packet at one point of the path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Packet6 {
    src: u128,
    dst: u128,
    protocol: Protocol,
    src_port: u16,
    dst_port: u16,
    icmp_type: u8,
    icmp_code: u8,
}

impl Packet6 {
    fn reply(&self) -> Packet6 {
        Packet6 {
            src: self.dst,
            dst: self.src,
            src_port: self.dst_port,
            dst_port: self.src_port,
            // ICMPv6 echo request (128) → echo reply (129); ICMP echo 8 → 0.
            icmp_type: match self.icmp_type {
                128 => 129,
                8 => 0,
                t => t,
            },
            ..*self
        }
    }

    fn describe(&self) -> String {
        let (s, d) = (Ipv6Addr::from(self.src), Ipv6Addr::from(self.dst));
        match self.protocol {
            Protocol::Tcp | Protocol::Udp => format!(
                "[{s}]:{} → [{d}]:{} {}",
                self.src_port,
                self.dst_port,
                self.protocol.name()
            ),
            Protocol::Icmp | Protocol::Other(58) => format!(
                "{s} → {d} {} type {} code {}",
                if self.protocol == Protocol::Icmp {
                    "icmp"
                } else {
                    "icmpv6"
                },
                self.icmp_type,
                self.icmp_code
            ),
            p => format!("{s} → {d} protocol {}", p.name()),
        }
    }

    /// The protocol part as the IPv4 matcher sees it (addresses play no part there).
    fn ports_view(&self) -> Packet {
        Packet {
            src: 0,
            dst: 0,
            protocol: self.protocol,
            src_port: self.src_port,
            dst_port: self.dst_port,
            icmp_type: self.icmp_type,
            icmp_code: self.icmp_code,
        }
    }
}

fn v6(a: u128) -> Ipv6Addr {
    Ipv6Addr::from(a)
}

/// A block of a rule, entry or route, if it is IPv6 (an IPv4 or malformed one is not).
fn block6(text: &str) -> Option<Ipv6Cidr> {
    Ipv6Cidr::parse_lenient(text).ok()
}

/// One end of an IPv6 flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum End {
    /// An instance (index into `instances`) at one of its IPv6 addresses.
    Host {
        instance: usize,
        addr: u128,
    },
    Internet {
        addr: u128,
    },
}

/// How the packet left for the internet, so the reply comes back the same way.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Exit {
    Igw(String),
    Eigw(String),
}

/// Where a stretch of the path ended.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Land {
    Host(usize),
    Internet(Exit),
}

/// Traces an IPv6 flow, or `None` when the flow is IPv4 (no endpoint is an IPv6 literal).
pub(super) fn run(ix: &NetworkIndex, flow: &Flow, mode: Mode) -> Option<Result<Trace, FlowError>> {
    if !is_ipv6_flow(flow) {
        return None;
    }
    Some(trace6(ix, flow, mode))
}

fn trace6(ix: &NetworkIndex, flow: &Flow, mode: Mode) -> Result<Trace, FlowError> {
    let src = resolve6(ix, &flow.from)?;
    let dst = resolve6(ix, &flow.to)?;
    let dst_port = match flow.protocol {
        Protocol::Tcp | Protocol::Udp => flow.port.ok_or_else(|| FlowError::PortRequired {
            protocol: flow.protocol.name(),
            from: flow.from.clone(),
            to: flow.to.clone(),
        })?,
        _ => flow.port.unwrap_or(0),
    };
    let addr = |e: End| match e {
        End::Host { addr, .. } | End::Internet { addr } => addr,
    };
    let packet = Packet6 {
        src: addr(src),
        dst: addr(dst),
        protocol: flow.protocol,
        src_port: flow.src_port.unwrap_or(DEFAULT_SOURCE_PORT),
        dst_port,
        icmp_type: flow.icmp_type.unwrap_or(128),
        icmp_code: flow.icmp_code.unwrap_or(0),
    };
    let generic = [&flow.from, &flow.to]
        .iter()
        .any(|s| s.trim().eq_ignore_ascii_case("internet"));
    let mut w = Walk::new(ix, mode, generic);
    let mut notes = Vec::new();
    if w.explain {
        notes.push(msg!(
            "trace6-note-assumptions",
            "IPv6 flow: only IPv6 rules, entries and routes apply; source port {port}; security groups are stateful, network ACLs are not",
            port = packet.src_port
        ));
        if generic {
            notes.push(msg!(
                "trace6-note-internet",
                "`internet` is the IPv6 documentation address {host} (any address outside the design's VPCs)",
                host = INTERNET_HOST6
            ));
        }
    }
    for (e, source) in [(src, true), (dst, false)] {
        if let End::Host { instance, .. } = e {
            let inst = &ix.net.instances[instance];
            if let Some(state) = ix.net.not_running(&inst.id) {
                w.block(
                    &inst.id,
                    ComponentKind::Instance,
                    ReasonCode::InstanceNotRunning,
                    || {
                        let id = &inst.id;
                        if source {
                            msg!("trace-source-not-running", "the source instance {id} was captured {state}: an instance that is not running sends and receives nothing", id, state)
                        } else {
                            msg!("trace-destination-not-running", "the destination instance {id} was captured {state}: an instance that is not running sends and receives nothing", id, state)
                        }
                    },
                    || None,
                );
            }
        }
    }
    if w.blockers.is_empty() {
        walk6(&mut w, src, dst, packet);
    }
    Ok(w.finish(flow, notes))
}

/// Resolves one end: an IPv6 literal, `internet`, or an instance with an IPv6 address.
fn resolve6(ix: &NetworkIndex, spec: &str) -> Result<End, FlowError> {
    let net = ix.net;
    let err = |hint: Text| FlowError::UnknownEndpoint {
        spec: spec.to_string(),
        hint,
    };
    let s = spec.trim();
    if s.eq_ignore_ascii_case("internet") {
        return Ok(End::Internet {
            addr: u128::from(INTERNET_HOST6),
        });
    }
    if let Some(a) = parse_ipv6(s) {
        let a = u128::from(a);
        if let Some(instance) = instance_at(net, a) {
            return Ok(End::Host { instance, addr: a });
        }
        // Q5: an instance's further interfaces are traced over IPv4 only so far.
        if let Some((i, f)) = net.instances.iter().find_map(|i| {
            i.network_interfaces
                .iter()
                .find(|f| {
                    f.ipv6_addresses
                        .iter()
                        .any(|x| parse_ipv6(x).map(u128::from) == Some(a))
                })
                .map(|f| (i, f))
        }) {
            return Err(err(msg!(
                "end6-further-interface",
                "it is an address of {eni}, a further interface of instance {instance}; IPv6 flows are traced through an instance's primary interface only",
                eni = f.id,
                instance = label(&i.name, &i.id)
            )));
        }
        if let Some(v) = net.vpcs.iter().find(|v| {
            v.ipv6_cidr_blocks
                .iter()
                .any(|b| block6(b).is_some_and(|c| c.contains_u128(a)))
        }) {
            return Err(err(msg!(
                "end6-in-vpc-no-instance",
                "it is inside the IPv6 block of VPC {vpc} but no instance in the design has it (an instance's `ipv6_addresses`)",
                vpc = v.id
            )));
        }
        return Ok(End::Internet { addr: a });
    }
    if crate::network::cidr::parse_ip(s).is_some() {
        return Err(err(msg!(
            "end6-ipv4-literal",
            "an IPv6 flow has IPv6 addresses at both ends; trace the IPv4 address with an IPv4 destination"
        )));
    }
    let resolved = resolve(ix, s)?;
    let instance = match resolved.endpoint {
        Endpoint::Eni(e) => match ix.enis[e].kind {
            EniKind::Instance(n) => Some(n),
            _ => None,
        },
        _ => None,
    };
    let Some(n) = instance else {
        return Err(err(msg!(
            "end6-only-instances",
            "IPv6 flows are traced between instances, IPv6 addresses and `internet`"
        )));
    };
    let inst = &net.instances[n];
    match inst.ipv6_addresses.iter().find_map(|a| parse_ipv6(a)) {
        Some(a) => Ok(End::Host {
            instance: n,
            addr: u128::from(a),
        }),
        None => Err(err(msg!(
            "end6-no-ipv6-address",
            "instance {instance} has no IPv6 address, so it cannot be one end of an IPv6 flow",
            instance = label(&inst.name, &inst.id)
        ))),
    }
}

/// The instance that holds an IPv6 address.
fn instance_at(net: &Network, a: u128) -> Option<usize> {
    net.instances.iter().position(|i| {
        i.ipv6_addresses
            .iter()
            .any(|x| parse_ipv6(x).map(u128::from) == Some(a))
    })
}

fn walk6(w: &mut Walk, src: End, dst: End, p: Packet6) {
    let landed = match src {
        End::Host { instance, .. } => send(w, instance, p, false),
        End::Internet { .. } => match dst {
            End::Host { instance, .. } => from_internet(w, instance, p, None),
            End::Internet { .. } => {
                w.block(
                    "the internet",
                    ComponentKind::Internet,
                    ReasonCode::NoPath,
                    || {
                        msg!(
                            "trace6-both-on-internet",
                            "both ends are on the internet; the flow does not cross the design"
                        )
                    },
                    || None,
                );
                None
            }
        },
    };
    let Some(landed) = landed else { return };
    if !landed_at(w, &landed, dst, true) {
        return;
    }
    w.side = PathSide::Return;
    let reply = p.reply();
    let back = match (&landed, src) {
        (Land::Host(d), _) => send(w, *d, reply, true),
        (Land::Internet(exit), End::Host { instance, .. }) => {
            from_internet(w, instance, reply, Some(exit.clone()))
        }
        (Land::Internet(_), End::Internet { .. }) => None,
    };
    if let Some(home) = back {
        landed_at(w, &home, src, false);
    }
}

fn landed_at(w: &mut Walk, landed: &Land, want: End, forward: bool) -> bool {
    let ok = match (landed, want) {
        (Land::Host(i), End::Host { instance, .. }) => *i == instance,
        (Land::Internet(_), End::Internet { .. }) => true,
        _ => false,
    };
    if !ok {
        let at: Text = match landed {
            Land::Host(i) => w.ix.net.instances[*i].id.as_str().into(),
            Land::Internet(_) => msg!("trace-name-internet", "the internet"),
        };
        w.block(
            &at.en.clone(),
            ComponentKind::NetworkInterface,
            ReasonCode::NoPath,
            || {
                if forward {
                    msg!(
                        "trace-ends-not-at-destination",
                        "the packet ends at {at}, not at the destination",
                        at
                    )
                } else {
                    msg!(
                        "trace-ends-not-at-source",
                        "the packet ends at {at}, not at the source",
                        at
                    )
                }
            },
            || None,
        );
    }
    ok
}

fn hop(
    component: &str,
    kind: ComponentKind,
    direction: HopDirection,
    decision: Decision,
    rule: DecidingRule,
    p: &Packet6,
    why: impl Into<Text>,
) -> Hop {
    Hop::at(component, kind, direction).decided_described(decision, rule, p.describe(), why)
}

fn subnet_of(net: &Network, instance: usize) -> Option<&Subnet> {
    net.subnet(&net.instances[instance].subnet_id)
}

/// A packet leaving instance `from`: security groups, ACL, route table, then where the route
/// goes. `reply` for the return path (groups are stateful, S1).
fn send(w: &mut Walk, from: usize, p: Packet6, reply: bool) -> Option<Land> {
    let net = w.ix.net;
    let inst = &net.instances[from];
    if reply {
        skip_groups(w, from, false, &p);
    } else if !check_groups(w, from, false, &p) {
        return None;
    }
    let Some(subnet) = subnet_of(net, from) else {
        w.block(
            &inst.id,
            ComponentKind::Instance,
            ReasonCode::UnassociatedComponent,
            || {
                msg!(
                    "trace6-instance-no-subnet",
                    "instance {id} is in no subnet of the design",
                    id = inst.id
                )
            },
            || None,
        );
        return None;
    };
    // Same subnet: the ACL is not crossed (A1).
    if let Some(d) = instance_at(net, p.dst) {
        if net.instances[d].subnet_id == inst.subnet_id {
            w.hop(|| {
                hop(
                    &subnet.id,
                    ComponentKind::NetworkAcl,
                    HopDirection::Through,
                    Decision::Skip,
                    DecidingRule::behaviour("A1"),
                    &p,
                    msg!("trace6-same-subnet", "source and destination are in the same subnet, so the network ACL is not crossed"),
                )
            });
            return arrive(w, d, p, reply);
        }
    }
    if !check_nacl(w, subnet, true, &p) {
        return None;
    }
    route(w, subnet, p, reply)
}

/// The route table's IPv6 decision (X2): implicit local routes and the table's IPv6 routes,
/// longest prefix first; the local route wins a tie.
fn route(w: &mut Walk, subnet: &Subnet, p: Packet6, reply: bool) -> Option<Land> {
    let net = w.ix.net;
    let vpc = net.vpc(&subnet.vpc_id);
    let Some(table) = net.route_table_for_subnet(&subnet.id) else {
        w.block(
            &subnet.id,
            ComponentKind::Subnet,
            ReasonCode::NoRouteToDestination,
            || {
                msg!(
                    "trace6-no-route-table",
                    "subnet {subnet} has no route table (no association and no main table)",
                    subnet = subnet.id
                )
            },
            || None,
        );
        return None;
    };
    let local = vpc
        .into_iter()
        .flat_map(|v| v.ipv6_cidr_blocks.iter())
        .filter_map(|b| block6(b))
        .filter(|c| c.contains_u128(p.dst))
        .max_by_key(|c| c.prefix());
    // A prefix-list route matches like one route per IPv6 entry (M2); at equal length a
    // CIDR route beats it (R7), and the first written wins among equals.
    let explicit = table
        .routes
        .iter()
        .enumerate()
        .flat_map(|(i, r)| {
            let (blocks, listed): (Vec<Ipv6Cidr>, bool) = match &r.destination {
                RouteDestination::Cidr(c) => (block6(c).into_iter().collect(), false),
                RouteDestination::PrefixList(pl) => (
                    net.prefix_list(pl)
                        .map(|l| l.cidrs.iter().filter_map(|c| block6(c)).collect())
                        .unwrap_or_default(),
                    true,
                ),
            };
            blocks.into_iter().map(move |c| (c, r, listed, i))
        })
        .filter(|(c, ..)| c.contains_u128(p.dst))
        .max_by_key(|(c, _, listed, i)| (c.prefix(), !listed, std::cmp::Reverse(*i)))
        .map(|(c, r, ..)| (c, r));
    let chosen = match (local, explicit) {
        (Some(l), Some((c, _))) if l.prefix() >= c.prefix() => Err(l),
        // The capture lists the local route of the IPv6 block too (`GatewayId: local`).
        (_, Some((c, r))) if r.target.kind == TargetKind::Local => Err(c),
        (_, Some((c, r))) => Ok((c, r)),
        (Some(l), None) => Err(l),
        (None, None) => {
            let plausible = plausible_gateway(net, &subnet.vpc_id);
            let continue_walk = w.refuse(
                |why| {
                    hop(
                        &table.id,
                        ComponentKind::RouteTable,
                        HopDirection::Through,
                        Decision::Drop,
                        DecidingRule::NoRuleMatched {
                            table: table.id.clone(),
                        },
                        &p,
                        why,
                    )
                },
                &table.id,
                ComponentKind::RouteTable,
                ReasonCode::NoRouteToDestination,
                || msg!(
                    "trace6-no-route",
                    "route table {table} of subnet {subnet} has no IPv6 route matching {dst} (IPv4 routes never match IPv6 traffic)",
                    table = label(&table.name, &table.id),
                    subnet = label(&subnet.name, &subnet.id),
                    dst = v6(p.dst)
                ),
                || {
                    plausible.as_ref().map(|t| {
                        Fix::new(
                            msg!("trace6-fix-add-route", "add a route ::/0 → {target} to {table}", target = t.id, table = table.id),
                            vec![Edit::AddRoute {
                                route_table: table.id.clone(),
                                destination: RouteDestination::Cidr("::/0".into()),
                                target: t.clone(),
                            }],
                        )
                    })
                },
            );
            // Blocked-path analysis: follow the gateway the learner most likely meant.
            return match plausible {
                Some(t) if continue_walk && instance_at(net, p.dst).is_none() => {
                    gateway(w, subnet, &t, p, reply)
                }
                _ => None,
            };
        }
    };
    match chosen {
        Err(local) => {
            w.hop(|| {
                hop(
                    &table.id,
                    ComponentKind::RouteTable,
                    HopDirection::Through,
                    Decision::Forward,
                    DecidingRule::Route {
                        route_table: table.id.clone(),
                        destination: local.to_string(),
                        target: "local".into(),
                        state: "active".into(),
                        implicit: true,
                    },
                    &p,
                    msg!(
                        "trace6-route-local",
                        "route table {table} sends {dst} by the implicit local route {local} → local of VPC {vpc}",
                        table = label(&table.name, &table.id),
                        dst = v6(p.dst),
                        local,
                        vpc = subnet.vpc_id
                    ),
                )
            });
            match instance_at(net, p.dst)
                .filter(|d| subnet_of(net, *d).is_some_and(|s| s.vpc_id == subnet.vpc_id))
            {
                Some(d) => {
                    let ds = subnet_of(net, d)?;
                    if !check_nacl(w, ds, false, &p) {
                        return None;
                    }
                    arrive(w, d, p, reply)
                }
                None => {
                    w.block(
                        &subnet.vpc_id,
                        ComponentKind::Vpc,
                        ReasonCode::NoPossibleDestination,
                        || {
                            msg!(
                                "trace6-no-instance-with-address",
                                "no instance in VPC {vpc} has the IPv6 address {dst}",
                                vpc = subnet.vpc_id,
                                dst = v6(p.dst)
                            )
                        },
                        || None,
                    );
                    None
                }
            }
        }
        Ok((block, r)) => {
            let state = match r.state {
                RouteState::Active => "active",
                RouteState::Blackhole => "blackhole",
            };
            // A prefix-list route is named by its list and the entry that matched (M2), as
            // the IPv4 walk names it.
            let cidr: Text = match &r.destination {
                RouteDestination::PrefixList(pl) => {
                    msg!(
                        "trace-route-dest-prefix-list",
                        "{pl} ({cidr})",
                        pl,
                        cidr = block
                    )
                }
                RouteDestination::Cidr(_) => block.to_string().into(),
            };
            let rule = DecidingRule::Route {
                route_table: table.id.clone(),
                destination: cidr.en.clone(),
                target: r.target.id.clone(),
                state: state.into(),
                implicit: false,
            };
            if r.state == RouteState::Blackhole {
                w.refuse(
                    |why| {
                        hop(
                            &table.id,
                            ComponentKind::RouteTable,
                            HopDirection::Through,
                            Decision::Drop,
                            rule.clone(),
                            &p,
                            why,
                        )
                    },
                    &table.id,
                    ComponentKind::RouteTable,
                    ReasonCode::BadStateRoute,
                    || msg!("trace6-blackhole", "the route {cidr} → {target} of route table {table} is a blackhole: it drops the traffic", cidr, target = r.target.id, table = table.id),
                    || None,
                );
                return None;
            }
            w.hop(|| {
                hop(
                    &table.id,
                    ComponentKind::RouteTable,
                    HopDirection::Through,
                    Decision::Forward,
                    rule.clone(),
                    &p,
                    msg!(
                        "trace6-route-forward",
                        "route table {table} sends {dst} by its longest matching IPv6 route {cidr} → {target}",
                        table = label(&table.name, &table.id),
                        dst = v6(p.dst),
                        cidr,
                        target = r.target.id
                    ),
                )
            });
            gateway(w, subnet, &r.target, p, reply)
        }
    }
}

/// The gateway a learner most likely meant for an IPv6 internet route: the VPC's attached
/// internet gateway, else its egress-only internet gateway.
fn plausible_gateway(net: &Network, vpc: &str) -> Option<RouteTarget> {
    if let Some(g) = attached_igw(net, vpc) {
        return Some(RouteTarget {
            kind: TargetKind::Igw,
            id: g.id.clone(),
        });
    }
    attached_eigw(net, vpc).map(|g| RouteTarget {
        kind: TargetKind::Eigw,
        id: g.id.clone(),
    })
}

fn attached_igw<'n>(net: &'n Network, vpc: &str) -> Option<&'n InternetGateway> {
    net.internet_gateways
        .iter()
        .find(|g| g.attached_vpc.as_deref() == Some(vpc))
}

fn attached_eigw<'n>(net: &'n Network, vpc: &str) -> Option<&'n EgressOnlyInternetGateway> {
    net.egress_only_internet_gateways
        .iter()
        .find(|g| g.attached_vpc.as_deref() == Some(vpc))
}

/// Where an IPv6 route's target takes the packet.
fn gateway(
    w: &mut Walk,
    subnet: &Subnet,
    target: &RouteTarget,
    p: Packet6,
    reply: bool,
) -> Option<Land> {
    let net = w.ix.net;
    let vpc = subnet.vpc_id.as_str();
    let id = target.id.as_str();
    let (kind, exit, attached, exists, name) = match target.kind {
        TargetKind::Igw => {
            let g = net.internet_gateways.iter().find(|g| g.id == id);
            (
                ComponentKind::InternetGateway,
                Exit::Igw(id.to_string()),
                g.and_then(|g| g.attached_vpc.as_deref()) == Some(vpc),
                g.is_some(),
                msg!("trace6-word-igw", "internet gateway"),
            )
        }
        TargetKind::Eigw => {
            let g = net
                .egress_only_internet_gateways
                .iter()
                .find(|g| g.id == id);
            (
                ComponentKind::EgressOnlyInternetGateway,
                Exit::Eigw(id.to_string()),
                g.and_then(|g| g.attached_vpc.as_deref()) == Some(vpc),
                g.is_some(),
                msg!("trace6-word-eigw", "egress-only internet gateway"),
            )
        }
        other => {
            w.block(
                &target.id,
                ComponentKind::Vpc,
                ReasonCode::UnsupportedComponent,
                || msg!(
                    "trace6-target-not-modelled",
                    "IPv6 traffic through {target} ({kind}) is not modelled by this simulator; only the local route, internet gateways and egress-only internet gateways carry IPv6 here",
                    target = target.id,
                    kind = format!("{other:?}")
                ),
                || None,
            );
            return None;
        }
    };
    if !exists {
        let code = if net.is_capture() {
            ReasonCode::NotInCapture
        } else {
            ReasonCode::BadState
        };
        w.block(
            id,
            kind,
            code,
            || {
                msg!(
                    "trace6-target-unknown",
                    "the route target {id} ({name}) is not in the design",
                    id,
                    name
                )
            },
            || None,
        );
        return None;
    }
    if reply && matches!(exit, Exit::Eigw(_)) {
        // The connection was opened from outside the VPC: the gateway holds no state for it.
        let keep = w.refuse(
            |why| {
                hop(
                    id,
                    kind,
                    HopDirection::Outbound,
                    Decision::Drop,
                    DecidingRule::behaviour("X4"),
                    &p,
                    why,
                )
            },
            id,
            kind,
            ReasonCode::EgressOnlyInbound,
            || msg!(
                "trace6-eigw-drops-reply",
                "this is the reply of a connection {dst} opened from outside VPC {vpc}; egress-only internet gateway {id} only carries connections opened from inside, so it drops the reply",
                dst = v6(p.dst),
                vpc,
                id
            ),
            || None,
        );
        if !keep {
            return None;
        }
        if let Some(d) = instance_at(net, p.dst) {
            return from_internet(w, d, p, None);
        }
        return Some(Land::Internet(exit));
    }
    if !attached {
        let cont = w.block(
            id,
            kind,
            ReasonCode::BadStateAttachment,
            || {
                msg!(
                    "trace6-gateway-not-attached",
                    "{name} {id} is not attached to VPC {vpc}, so it carries none of its traffic",
                    name,
                    id,
                    vpc
                )
            },
            || None,
        );
        if !cont {
            return None;
        }
    }
    w.hop(|| {
        let why = match &exit {
            Exit::Igw(_) => msg!(
                "trace6-igw-egress",
                "{name} {id} sends {src} to the internet unchanged: IPv6 addresses are public, so there is no address translation",
                name,
                id,
                src = v6(p.src)
            ),
            Exit::Eigw(_) => msg!(
                "trace6-eigw-egress",
                "{name} {id} lets {src} open this connection to the internet and remembers it, so the replies are let back in",
                name,
                id,
                src = v6(p.src)
            ),
        };
        hop(
            id,
            kind,
            HopDirection::Outbound,
            Decision::Forward,
            match exit {
                Exit::Igw(_) => DecidingRule::behaviour("X3"),
                Exit::Eigw(_) => DecidingRule::behaviour("X4"),
            },
            &p,
            why,
        )
    });
    // An IPv6 address of another VPC in the design is public too: it comes in through that
    // VPC's internet gateway (a reply as the reply of its own connection).
    if let Some(d) = instance_at(net, p.dst) {
        let back = reply.then(|| {
            let igw = subnet_of(net, d)
                .and_then(|s| attached_igw(net, &s.vpc_id))
                .map(|g| g.id.clone())
                .unwrap_or_else(|| id.to_string());
            Exit::Igw(igw)
        });
        return from_internet(w, d, p, back);
    }
    Some(Land::Internet(exit))
}

/// A packet from the internet to instance `to`. `back` is how the connection left when this
/// is the reply of a connection the instance opened.
fn from_internet(w: &mut Walk, to: usize, p: Packet6, back: Option<Exit>) -> Option<Land> {
    let net = w.ix.net;
    let inst = &net.instances[to];
    let Some(subnet) = subnet_of(net, to) else {
        w.block(
            &inst.id,
            ComponentKind::Instance,
            ReasonCode::UnassociatedComponent,
            || {
                msg!(
                    "trace6-instance-no-subnet",
                    "instance {id} is in no subnet of the design",
                    id = inst.id
                )
            },
            || None,
        );
        return None;
    };
    let vpc = subnet.vpc_id.as_str();
    let reply = back.is_some();
    match back {
        Some(Exit::Eigw(id)) => {
            w.hop(|| {
                hop(
                    &id,
                    ComponentKind::EgressOnlyInternetGateway,
                    HopDirection::Inbound,
                    Decision::Forward,
                    DecidingRule::behaviour("X4"),
                    &p,
                    msg!("trace6-eigw-reply-in", "egress-only internet gateway {id} lets this reply in: it belongs to a connection {dst} opened (the gateway is stateful)", id, dst = v6(p.dst)),
                )
            });
        }
        Some(Exit::Igw(id)) => {
            w.hop(|| {
                hop(
                    &id,
                    ComponentKind::InternetGateway,
                    HopDirection::Inbound,
                    Decision::Forward,
                    DecidingRule::behaviour("X3"),
                    &p,
                    msg!(
                        "trace6-igw-reply-in",
                        "internet gateway {id} delivers the reply to {dst} in VPC {vpc}",
                        id,
                        dst = v6(p.dst),
                        vpc
                    ),
                )
            });
        }
        None => match (attached_igw(net, vpc), attached_eigw(net, vpc)) {
            (Some(g), _) => {
                w.hop(|| {
                    hop(
                        &g.id,
                        ComponentKind::InternetGateway,
                        HopDirection::Inbound,
                        Decision::Forward,
                        DecidingRule::behaviour("X3"),
                        &p,
                        msg!(
                            "trace6-igw-ingress",
                            "internet gateway {igw} of VPC {vpc} delivers {dst} to instance {instance}: IPv6 addresses are public, so the internet reaches them when the ACL and groups allow it",
                            igw = g.id,
                            vpc,
                            dst = v6(p.dst),
                            instance = label(&inst.name, &inst.id)
                        ),
                    )
                });
            }
            (None, Some(e)) => {
                let keep = w.refuse(
                    |why| {
                        hop(
                            &e.id,
                            ComponentKind::EgressOnlyInternetGateway,
                            HopDirection::Inbound,
                            Decision::Drop,
                            DecidingRule::behaviour("X4"),
                            &p,
                            why,
                        )
                    },
                    &e.id,
                    ComponentKind::EgressOnlyInternetGateway,
                    ReasonCode::EgressOnlyInbound,
                    || msg!(
                        "trace6-eigw-inbound",
                        "egress-only internet gateway {eigw} only lets connections opened from inside VPC {vpc} out (and their replies in); {src} on the internet cannot open a connection to {dst}",
                        eigw = e.id,
                        vpc,
                        src = v6(p.src),
                        dst = v6(p.dst)
                    ),
                    || None,
                );
                if !keep {
                    return None;
                }
            }
            (None, None) => {
                let keep = w.block(
                    vpc,
                    ComponentKind::Vpc,
                    ReasonCode::UnsupportedComponent,
                    || msg!("trace6-vpc-no-igw", "VPC {vpc} has no attached internet gateway, so the internet cannot reach its IPv6 address {dst}", vpc, dst = v6(p.dst)),
                    || {
                        let igw = fresh_id(net, "igw");
                        Some(Fix::new(
                            msg!("trace6-fix-create-igw", "create internet gateway {igw} attached to {vpc}", igw, vpc),
                            vec![Edit::CreateInternetGateway {
                                internet_gateway: igw,
                                vpc: vpc.to_string(),
                            }],
                        ))
                    },
                );
                if !keep {
                    return None;
                }
            }
        },
    }
    if !check_nacl(w, subnet, false, &p) {
        return None;
    }
    arrive(w, to, p, reply)
}

/// The last hop: the destination instance's security groups (or the stateful skip).
fn arrive(w: &mut Walk, to: usize, p: Packet6, reply: bool) -> Option<Land> {
    if reply {
        skip_groups(w, to, true, &p);
    } else if !check_groups(w, to, true, &p) {
        return None;
    }
    if w.halted {
        return None;
    }
    let inst = &w.ix.net.instances[to];
    w.hop(|| {
        hop(
            &inst.id,
            ComponentKind::Instance,
            HopDirection::Inbound,
            Decision::Deliver,
            DecidingRule::behaviour("X1"),
            &p,
            msg!(
                "trace6-delivered",
                "delivered to instance {instance} at its IPv6 address {dst}",
                instance = label(&inst.name, &inst.id),
                dst = v6(p.dst)
            ),
        )
    });
    Some(Land::Host(to))
}

fn groups_of(net: &Network, instance: usize) -> Vec<&SecurityGroup> {
    net.instances[instance]
        .security_groups
        .iter()
        .filter_map(|g| net.security_group(g))
        .collect()
}

fn direction(ingress: bool) -> HopDirection {
    if ingress {
        HopDirection::Inbound
    } else {
        HopDirection::Outbound
    }
}

fn skip_groups(w: &mut Walk, instance: usize, ingress: bool, p: &Packet6) {
    let net = w.ix.net;
    w.hop(|| {
        let group = groups_of(net, instance)
            .first()
            .map(|g| g.id.clone())
            .unwrap_or_else(|| net.instances[instance].id.clone());
        hop(
            &group,
            ComponentKind::SecurityGroup,
            direction(ingress),
            Decision::Skip,
            DecidingRule::behaviour("S1"),
            p,
            msg!("trace-sg-reply", "this is the reply of a connection the security group already allowed; security groups are stateful, so replies pass without a rule"),
        )
    });
}

/// Does a rule's peer match an IPv6 address? Only IPv6 blocks do (X1); a group reference
/// matches the IPv6 addresses of its members in the same VPC (S5).
fn peer_matches6(net: &Network, peer: &RulePeer, addr: u128, group_vpc: &str) -> bool {
    match peer {
        RulePeer::Cidr(c) => block6(c).is_some_and(|c| c.contains_u128(addr)),
        RulePeer::PrefixList(pl) => net.prefix_list(pl).is_some_and(|l| {
            l.cidrs
                .iter()
                .any(|c| block6(c).is_some_and(|c| c.contains_u128(addr)))
        }),
        RulePeer::SecurityGroup(g) => instance_at(net, addr).is_some_and(|i| {
            net.instances[i].security_groups.iter().any(|x| x == g)
                && subnet_of(net, i).is_some_and(|s| s.vpc_id == group_vpc)
        }),
    }
}

/// The union of an instance's groups decides (S2, S7), with IPv6 peers only (X1).
fn check_groups(w: &mut Walk, instance: usize, ingress: bool, p: &Packet6) -> bool {
    let net = w.ix.net;
    let groups = groups_of(net, instance);
    let peer = if ingress { p.src } else { p.dst };
    let view = p.ports_view();
    let dir = if ingress { "inbound" } else { "outbound" };
    let to_from = if ingress { "from" } else { "to" };
    for g in &groups {
        let rules = if ingress { &g.ingress } else { &g.egress };
        for (k, rule) in rules.iter().enumerate() {
            if protocol_matches(rule.protocol, rule.ports, rule.icmp, &view)
                && peer_matches6(net, &rule.peer, peer, &g.vpc_id)
            {
                w.hop(|| {
                    let (rule_words, peer_words) = (
                        rule_words(rule.protocol, rule.ports, rule.icmp),
                        peer_words(&rule.peer),
                    );
                    let text = format!("{rule_words} {to_from} {peer_words}");
                    hop(
                        &g.id,
                        ComponentKind::SecurityGroup,
                        direction(ingress),
                        Decision::Allow,
                        DecidingRule::SecurityGroupRule {
                            security_group: g.id.clone(),
                            index: k,
                            description: rule.description.clone(),
                            text: text.clone(),
                        },
                        p,
                        msg!(
                            "trace6-sg-allows",
                            "security group {group} allows this {dir} IPv6 traffic: rule #{k} allows {rule_words} {to_from} {peer_words}",
                            group = label(&g.name, &g.id),
                            dir,
                            k,
                            rule_words,
                            to_from,
                            peer_words
                        ),
                    )
                });
                return true;
            }
        }
    }
    let inst = &net.instances[instance];
    let empty = groups.iter().all(|g| {
        if ingress {
            g.ingress.is_empty()
        } else {
            g.egress.is_empty()
        }
    });
    let code = if empty {
        ReasonCode::SecurityGroupHasNoRules
    } else {
        ReasonCode::SecurityGroupRulesMismatch
    };
    let component = groups
        .first()
        .map(|g| g.id.clone())
        .unwrap_or_else(|| inst.id.clone());
    // An IPv4 rule for the same traffic is worth naming: it is the usual mistake (X1).
    let ipv4_twin = groups.iter().find_map(|g| {
        let rules = if ingress { &g.ingress } else { &g.egress };
        rules.iter().position(|r| {
            protocol_matches(r.protocol, r.ports, r.icmp, &view)
                && matches!(&r.peer, RulePeer::Cidr(c) if crate::network::cidr::Cidr::parse_lenient(c).is_ok())
        }).map(|k| (g.id.clone(), k))
    });
    let generic = w.generic_internet;
    let first_group = groups.first().map(|g| g.id.clone());
    w.refuse(
        |why| {
            hop(
                &component,
                ComponentKind::SecurityGroup,
                direction(ingress),
                Decision::Deny,
                DecidingRule::NoRuleMatched {
                    table: component.clone(),
                },
                p,
                why,
            )
        },
        &component,
        ComponentKind::SecurityGroup,
        code,
        || {
            let (instance, proto, addr) = (label(&inst.name, &inst.id), proto6(p), v6(peer));
            match ipv4_twin.as_ref() {
                Some((g, k)) => msg!(
                    "trace6-sg-denies-ipv4-twin",
                    "no rule of the security groups of instance {instance} allows this {dir} IPv6 traffic ({proto} {to_from} {addr}); rule #{k} of {g} allows it for IPv4 only, and an IPv4 rule never matches IPv6 traffic",
                    instance, dir, proto, to_from, addr, k, g
                ),
                None => msg!(
                    "trace6-sg-denies",
                    "no rule of the security groups of instance {instance} allows this {dir} IPv6 traffic ({proto} {to_from} {addr})",
                    instance, dir, proto, to_from, addr
                ),
            }
        },
        || {
            let g = first_group?;
            let block = if generic {
                "::/0".to_string()
            } else {
                format!("{}/128", v6(peer))
            };
            let rule = SecurityGroupRule {
                protocol: p.protocol,
                ports: p.protocol.has_ports().then(|| PortRange::single(p.dst_port)),
                icmp: None,
                peer: RulePeer::Cidr(block.clone()),
                description: String::new(),
            };
            Some(Fix::new(
                msg!("trace6-fix-sg-allow", "allow {proto} {to_from} {block} in {g}", proto = proto6(p), to_from, block, g),
                vec![Edit::AddSecurityGroupRule {
                    security_group: g,
                    direction: if ingress {
                        RuleDirection::Ingress
                    } else {
                        RuleDirection::Egress
                    },
                    rule,
                }],
            ))
        },
    )
}

fn proto6(p: &Packet6) -> String {
    if p.protocol.has_ports() {
        format!("{} {}", p.protocol.name(), p.dst_port)
    } else {
        p.protocol.name()
    }
}

/// A subnet's network ACL for IPv6 (A2, A3, X5): only IPv6 entries match; the default
/// ACL's IPv6 allow entries exist only when the design or capture has them.
fn check_nacl(w: &mut Walk, subnet: &Subnet, outbound: bool, p: &Packet6) -> bool {
    let net = w.ix.net;
    let hop_dir = direction(!outbound);
    let dir = if outbound { "outbound" } else { "inbound" };
    let to_from = if outbound { "to" } else { "from" };
    let Some(acl) = net.nacl_for_subnet(&subnet.id) else {
        w.hop(|| {
            hop(
                &subnet.id,
                ComponentKind::NetworkAcl,
                hop_dir,
                Decision::Allow,
                DecidingRule::behaviour("X5"),
                p,
                msg!(
                    "trace6-nacl-default",
                    "the design gives subnet {subnet} no network ACL; a default ACL that allows all IPv6 traffic is assumed",
                    subnet = label(&subnet.name, &subnet.id)
                ),
            )
        });
        return true;
    };
    let peer = if outbound { p.dst } else { p.src };
    let view = p.ports_view();
    let mut entries: Vec<&NaclEntry> = acl
        .entries
        .iter()
        .filter(|e| e.egress == outbound)
        .collect();
    entries.sort_by_key(|e| e.rule_number);
    let matched = entries.into_iter().find(|e| {
        e.rule_number < 32767
            && block6(&e.cidr).is_some_and(|c| c.contains_u128(peer))
            && protocol_matches(e.protocol, e.ports, e.icmp, &view)
    });
    let side = w.side;
    match matched {
        Some(e) if e.action == RuleAction::Allow => {
            w.hop(|| {
                let entry = msg!(
                    "trace-nacl-entry",
                    "rule {number} {action} {rule} {to_from} {cidr}",
                    number = e.rule_number,
                    action = "allow",
                    rule = rule_words(e.protocol, e.ports, e.icmp),
                    to_from,
                    cidr = e.cidr
                );
                let text = entry.en.clone();
                hop(
                    &acl.id,
                    ComponentKind::NetworkAcl,
                    hop_dir,
                    Decision::Allow,
                    DecidingRule::NaclEntry {
                        network_acl: acl.id.clone(),
                        rule_number: Some(e.rule_number),
                        action: "allow".into(),
                        text: text.clone(),
                    },
                    p,
                    {
                        let (acl_label, subnet) = (label(&acl.name, &acl.id), label(&subnet.name, &subnet.id));
                        if side == PathSide::Return {
                            msg!(
                                "trace6-nacl-passes-reply",
                                "network ACL {acl_label} of subnet {subnet} checks {dir} IPv6 traffic lowest rule first; {entry} is the first match, so it passes; network ACLs are stateless, so the reply is checked again",
                                acl_label, subnet, dir, entry
                            )
                        } else {
                            msg!(
                                "trace6-nacl-passes",
                                "network ACL {acl_label} of subnet {subnet} checks {dir} IPv6 traffic lowest rule first; {entry} is the first match, so it passes",
                                acl_label, subnet, dir, entry
                            )
                        }
                    },
                )
            });
            true
        }
        other => {
            let (rule_number, entry) = match other {
                Some(e) => (
                    Some(e.rule_number),
                    msg!(
                        "trace-nacl-entry",
                        "rule {number} {action} {rule} {to_from} {cidr}",
                        number = e.rule_number,
                        action = "deny",
                        rule = rule_words(e.protocol, e.ports, e.icmp),
                        to_from,
                        cidr = e.cidr
                    ),
                ),
                None => (None, Text::from("rule * deny all (IPv6)")),
            };
            let text = entry.en.clone();
            let only_v4 = acl
                .entries
                .iter()
                .filter(|e| e.egress == outbound)
                .all(|e| block6(&e.cidr).is_none());
            w.refuse(
                |why| {
                    hop(
                        &acl.id,
                        ComponentKind::NetworkAcl,
                        hop_dir,
                        Decision::Deny,
                        DecidingRule::NaclEntry {
                            network_acl: acl.id.clone(),
                            rule_number,
                            action: "deny".into(),
                            text: text.clone(),
                        },
                        p,
                        why,
                    )
                },
                &acl.id,
                ComponentKind::NetworkAcl,
                ReasonCode::SubnetAclRestriction,
                || {
                    let why = if rule_number.is_some() {
                        msg!("trace6-nacl-first-match-drops", "{entry} is the first match, so it is dropped", entry)
                    } else if only_v4 {
                        msg!("trace6-nacl-no-ipv6-entries", "it has no IPv6 entries in that direction, so the final IPv6 * rule denies it (a default ACL has IPv6 allow rules only when they are in the data)")
                    } else {
                        msg!("trace6-nacl-final-deny", "no IPv6 entry matches, so the final IPv6 * rule denies it")
                    };
                    msg!(
                        "trace6-nacl-denies",
                        "network ACL {acl_label} of subnet {subnet} denies {dir} {proto} {to_from} {addr}: {why}",
                        acl_label = label(&acl.name, &acl.id),
                        subnet = label(&subnet.name, &subnet.id),
                        dir,
                        proto = proto6(p),
                        to_from,
                        addr = v6(peer),
                        why
                    )
                },
                || {
                    let free = (1..=32766u32)
                        .map(|k| k * 10)
                        .find(|n| !acl.entries.iter().any(|e| e.rule_number == *n && e.egress == outbound))?;
                    let free = match rule_number {
                        Some(deny) => (1..deny).rev().find(|n| !acl.entries.iter().any(|e| e.rule_number == *n && e.egress == outbound))?,
                        None => free,
                    };
                    let ports = if p.protocol.has_ports() {
                        Some(if side == PathSide::Return {
                            PortRange { from: 1024, to: 65535 }
                        } else {
                            PortRange::single(p.dst_port)
                        })
                    } else {
                        None
                    };
                    Some(Fix::new(
                        msg!("trace6-fix-nacl-allow", "allow {dir} {proto} {to_from} ::/0 in {acl} as rule {free}", dir, proto = proto6(p), to_from, acl = acl.id, free),
                        vec![Edit::AddNaclEntry {
                            network_acl: acl.id.clone(),
                            entry: NaclEntry {
                                rule_number: free,
                                egress: outbound,
                                protocol: p.protocol,
                                ports,
                                icmp: None,
                                cidr: "::/0".into(),
                                action: RuleAction::Allow,
                            },
                        }],
                    ))
                },
            )
        }
    }
}
