//! The walk: moves a packet hop by hop through the indexed network, forward then back.

use std::net::Ipv4Addr;

use super::endpoint::{resolve, Endpoint, Resolved, INTERNET_HOST};
use super::index::{EniIx, EniKind, NetworkIndex};
use super::rules::{eni_at, evaluate_groups, evaluate_nacl, lookup_route, Packet};
use super::*;
use crate::network::cidr::{is_rfc1918, is_rfc6598, Cidr};
use crate::network::fix::{fresh_public_ip, internet_route_edits, Edit, Fix, RuleDirection};
use crate::network::lint::label;
use crate::network::model::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Explain,
    VerdictOnly,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Landing {
    Eni(EniIx),
    Internet,
    Service(usize),
}

type Step = Option<(Landing, Packet)>;

/// A source translation to undo on the reply (NAT gateway or NAT instance).
#[derive(Clone, Copy, Debug)]
struct Binding {
    at: EniIx,
    original_src: u32,
    original_port: u16,
    new_src: u32,
    new_port: u16,
}

struct Walk<'i, 'a> {
    ix: &'i NetworkIndex<'a>,
    explain: bool,
    side: PathSide,
    fwd: Vec<Hop>,
    ret: Vec<Hop>,
    blockers: Vec<Blocker>,
    halted: bool,
    steps: u32,
    bindings: Vec<Binding>,
    /// The source or destination is the word `internet`: fixes open 0.0.0.0/0.
    generic_internet: bool,
}

/// Capitalised, ending with a full stop: explanations are read by learners.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    let mut out: String = match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => return String::new(),
    };
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

fn ip(a: u32) -> Ipv4Addr {
    Ipv4Addr::from(a)
}

fn proto_text(p: &Packet) -> String {
    match p.protocol {
        Protocol::Tcp | Protocol::Udp => format!("{} port {}", p.protocol.name(), p.dst_port),
        Protocol::Icmp => format!("icmp type {}", p.icmp_type),
        Protocol::All => "all traffic".into(),
        other => format!("protocol {}", other.name()),
    }
}

pub(crate) fn rule_text(
    protocol: Protocol,
    ports: Option<PortRange>,
    icmp: Option<IcmpMatch>,
) -> String {
    match protocol {
        Protocol::All => "all traffic".into(),
        Protocol::Tcp | Protocol::Udp => match ports {
            None => format!("{} all ports", protocol.name()),
            Some(r) if r.from == r.to => format!("{} {}", protocol.name(), r.from),
            Some(r) if r.from == 0 && r.to == 65535 => format!("{} all ports", protocol.name()),
            Some(r) => format!("{} {}-{}", protocol.name(), r.from, r.to),
        },
        Protocol::Icmp => match icmp.and_then(|m| m.icmp_type) {
            None => "all icmp".into(),
            Some(t) => format!("icmp type {t}"),
        },
        other => format!("protocol {}", other.name()),
    }
}

fn peer_text(peer: &RulePeer) -> String {
    match peer {
        RulePeer::Cidr(c) => c.clone(),
        RulePeer::SecurityGroup(g) => format!("members of {g}"),
        RulePeer::PrefixList(p) => format!("prefix list {p}"),
    }
}

pub fn run(ix: &NetworkIndex, flow: &Flow, mode: Mode) -> Result<Trace, FlowError> {
    let src = resolve(ix, &flow.from)?;
    let dst = resolve(ix, &flow.to)?;
    let (w, notes) = walk_resolved(ix, flow, &src, &dst, mode)?;
    Ok(w.finish(flow, notes))
}

/// The verdict for already-resolved endpoints (the matrix resolves each endpoint once).
pub fn verdict_resolved(
    ix: &NetworkIndex,
    flow: &Flow,
    src: &Resolved,
    dst: &Resolved,
) -> Result<(bool, Option<Blocker>), FlowError> {
    let (w, _) = walk_resolved(ix, flow, src, dst, Mode::VerdictOnly)?;
    Ok((w.blockers.is_empty(), w.blockers.into_iter().next()))
}

fn walk_resolved<'i, 'a>(
    ix: &'i NetworkIndex<'a>,
    flow: &Flow,
    src: &Resolved,
    dst: &Resolved,
    mode: Mode,
) -> Result<(Walk<'i, 'a>, Vec<String>), FlowError> {
    let generic = matches!(src.endpoint, Endpoint::Internet { generic: true, .. })
        || matches!(dst.endpoint, Endpoint::Internet { generic: true, .. });
    let mut w = Walk {
        ix,
        explain: mode == Mode::Explain,
        side: PathSide::Forward,
        fwd: Vec::new(),
        ret: Vec::new(),
        blockers: Vec::new(),
        halted: false,
        steps: 0,
        bindings: Vec::new(),
        generic_internet: generic,
    };
    let packet = first_packet(ix, flow, src, dst)?;
    let mut notes = Vec::new();
    if w.explain {
        notes.push(format!(
            "source port {} (A7 ephemeral range); security groups are stateful (S1), network ACLs are not (A1); a blackhole route drops traffic without falling back to a shorter route (R10, an assumption)",
            packet.src_port
        ));
        for e in [&src.endpoint, &dst.endpoint] {
            if let Endpoint::LoadBalancer(lb) = e {
                let nodes: Vec<String> = ix.lbs[*lb]
                    .nodes
                    .iter()
                    .map(|n| {
                        let node = &ix.enis[*n];
                        let public = node
                            .public_ip
                            .map(|p| format!(", public {}", ip(p)))
                            .unwrap_or_default();
                        let subnet = node
                            .subnet
                            .map(|s| ix.net.subnets[s].id.as_str())
                            .unwrap_or("?");
                        format!("{} in {subnet}{public}", ip(node.private_ip))
                    })
                    .collect();
                notes.push(format!(
                    "load balancer {} has one node per subnet; AWS CLI output does not list node addresses, so the simulator assigns them: {}",
                    ix.net.load_balancers[*lb].id,
                    nodes.join("; ")
                ));
            }
        }
    }

    // VPCs that no peering connection or internet path joins cannot talk at all (RA's
    // configuration code DISCONNECTED_VPCS), whatever the routes say. Internet ↔ VPC flows
    // are walked instead, so a missing or detached internet gateway gets its own fix.
    let vpc_of = |e: &Endpoint| match *e {
        Endpoint::Eni(e) => ix.enis[e].vpc,
        Endpoint::LoadBalancer(lb) => ix.lbs[lb].nodes.first().and_then(|n| ix.enis[*n].vpc),
        Endpoint::Internet { .. } => None,
    };
    let (src_vpc, dst_vpc) = (vpc_of(&src.endpoint), vpc_of(&dst.endpoint));
    if src_vpc.is_some() && dst_vpc.is_some() && !ix.connected(src_vpc, dst_vpc) {
        let name = |v: Option<usize>| {
            v.map(|v| format!("VPC {}", ix.net.vpcs[v].id))
                .unwrap_or_else(|| "the internet".into())
        };
        let explanation = format!(
            "{} and {} are not connected: no peering connection joins them and they cannot reach each other through internet gateways, so no route table can send traffic between them",
            name(src_vpc),
            name(dst_vpc)
        );
        let component = src_vpc
            .map(|v| ix.net.vpcs[v].id.clone())
            .unwrap_or_default();
        w.block(
            &component,
            ComponentKind::Vpc,
            ReasonCode::DisconnectedVpcs,
            explanation,
            || None,
        );
        return Ok((w, notes));
    }

    // Forward path.
    let landed = match src.endpoint {
        Endpoint::Eni(e) => w.emit(e, packet, false),
        Endpoint::LoadBalancer(lb) => {
            let node = lb_node_for(ix, lb, packet.dst);
            w.emit(node, packet, false)
        }
        Endpoint::Internet { .. } => w.internet(packet, false),
    };
    let Some((landing, at_dst)) = landed else {
        return Ok((w, notes));
    };
    if !w.landed_at(landing, &dst.endpoint, true) {
        return Ok((w, notes));
    }

    // A load balancer proxies: a second connection from its node to a target (L2, L4).
    if let (Endpoint::LoadBalancer(lb), Landing::Eni(node)) = (dst.endpoint, landing) {
        if w.load_balancer_leg(lb, node, at_dst, mode).is_none() {
            return Ok((w, notes));
        }
    }

    // Return path of the client's connection.
    w.side = PathSide::Return;
    let reply = at_dst.reply();
    let back = match landing {
        Landing::Eni(e) => w.emit(e, reply, true),
        Landing::Internet => w.internet(reply, true),
        Landing::Service(v) => w.service_reply(v, reply),
    };
    if let Some((home, _)) = back {
        w.landed_at(home, &src.endpoint, false);
    }
    Ok((w, notes))
}

/// The packet as the source sends it.
fn first_packet(
    ix: &NetworkIndex,
    flow: &Flow,
    src: &Resolved,
    dst: &Resolved,
) -> Result<Packet, FlowError> {
    let src_vpc = match src.endpoint {
        Endpoint::Eni(e) => ix.enis[e].vpc,
        Endpoint::LoadBalancer(lb) => ix.lbs[lb].nodes.first().and_then(|n| ix.enis[*n].vpc),
        Endpoint::Internet { .. } => None,
    };
    // Private address when the source can reach it privately (same or peered VPC), else public.
    let pick = |e: EniIx| -> u32 {
        let eni = &ix.enis[e];
        let private_ok = match (src_vpc, eni.vpc) {
            (Some(a), Some(b)) => a == b || ix.pcx_between(a, b).is_some(),
            _ => false,
        };
        if private_ok {
            eni.private_ip
        } else {
            eni.public_ip.unwrap_or(eni.private_ip)
        }
    };
    let dst_addr = match (dst.addr, dst.endpoint) {
        (Some(a), _) => a,
        (None, Endpoint::Eni(e)) => pick(e),
        (None, Endpoint::LoadBalancer(lb)) => pick(lb_node_for(ix, lb, 0)),
        (None, Endpoint::Internet { addr, .. }) => addr,
    };
    let src_addr = match src.endpoint {
        // A pod (a secondary address of the node's interface) sends from its own address.
        Endpoint::Eni(e) => src
            .addr
            .filter(|a| ix.enis[e].secondary_ips.contains(a))
            .unwrap_or(ix.enis[e].private_ip),
        Endpoint::LoadBalancer(lb) => ix.enis[lb_node_for(ix, lb, dst_addr)].private_ip,
        Endpoint::Internet { addr, .. } => addr,
    };
    let dst_port = match flow.protocol {
        Protocol::Tcp | Protocol::Udp => match flow.port {
            Some(p) => p,
            None => default_port(ix, &dst.endpoint).ok_or_else(|| FlowError::PortRequired {
                protocol: flow.protocol.name(),
                from: flow.from.clone(),
                to: flow.to.clone(),
            })?,
        },
        _ => flow.port.unwrap_or(0),
    };
    Ok(Packet {
        src: src_addr,
        dst: dst_addr,
        protocol: flow.protocol,
        src_port: flow.src_port.unwrap_or(DEFAULT_SOURCE_PORT),
        dst_port,
        icmp_type: flow.icmp_type.unwrap_or(8),
        icmp_code: flow.icmp_code.unwrap_or(0),
    })
}

/// A database's port or a load balancer's first listener, when the flow gives none.
fn default_port(ix: &NetworkIndex, e: &Endpoint) -> Option<u16> {
    match e {
        Endpoint::Eni(e) => match ix.enis[*e].kind {
            EniKind::Database(d) => Some(ix.net.databases[d].port),
            _ => None,
        },
        Endpoint::LoadBalancer(lb) => ix.net.load_balancers[*lb].listeners.first().map(|l| l.port),
        Endpoint::Internet { .. } => None,
    }
}

/// The load-balancer node in the AZ of `toward` if there is one, else the first node.
fn lb_node_for(ix: &NetworkIndex, lb: usize, toward: u32) -> EniIx {
    let nodes = &ix.lbs[lb].nodes;
    let az_of = |s: Option<usize>| s.map(|s| ix.net.subnets[s].availability_zone.as_str());
    let target_az = eni_at(ix, toward).and_then(|e| az_of(ix.enis[e].subnet));
    nodes
        .iter()
        .copied()
        .find(|n| target_az.is_some() && az_of(ix.enis[*n].subnet) == target_az)
        .unwrap_or(nodes[0])
}

fn eni_kind(ix: &NetworkIndex, e: EniIx) -> ComponentKind {
    match ix.enis[e].kind {
        EniKind::Instance(_) => ComponentKind::Instance,
        EniKind::Nat(_) => ComponentKind::NatGateway,
        EniKind::LbNode { .. } => ComponentKind::LoadBalancer,
        EniKind::Database(_) => ComponentKind::Database,
    }
}

fn eni_label(ix: &NetworkIndex, e: EniIx) -> String {
    let eni = &ix.enis[e];
    let net = ix.net;
    match eni.kind {
        EniKind::Instance(i) => format!(
            "instance {}",
            label(&net.instances[i].name, &net.instances[i].id)
        ),
        EniKind::Nat(n) => format!("NAT gateway {}", net.nat_gateways[n].id),
        EniKind::LbNode { lb, .. } => format!(
            "load balancer {}",
            label(&net.load_balancers[lb].name, &net.load_balancers[lb].id)
        ),
        EniKind::Database(d) => format!(
            "database {}",
            label(&net.databases[d].name, &net.databases[d].id)
        ),
    }
}

impl<'i, 'a> Walk<'i, 'a> {
    fn finish(self, flow: &Flow, notes: Vec<String>) -> Trace {
        let verdict = match self.blockers.first() {
            None => Verdict::Reachable,
            Some(first) => Verdict::Unreachable {
                blocked_by: first.component.clone(),
                code: first.code,
                fix: first.fix.clone(),
                also_blocked_by: self.blockers[1..].to_vec(),
            },
        };
        Trace {
            flow: flow.clone(),
            verdict,
            hops: self.fwd,
            return_hops: self.ret,
            blockers: self.blockers,
            notes,
        }
    }

    fn hop(&mut self, make: impl FnOnce() -> Hop) {
        if self.explain {
            let mut h = make();
            h.after_blocker = !self.blockers.is_empty()
                && h.decision != Decision::Deny
                && h.decision != Decision::Drop;
            h.explanation = sentence(&h.explanation);
            match self.side {
                PathSide::Forward => self.fwd.push(h),
                PathSide::Return => self.ret.push(h),
            }
        }
    }

    /// Records a blocker; returns whether to keep following the path.
    fn block(
        &mut self,
        component: &str,
        kind: ComponentKind,
        code: ReasonCode,
        explanation: String,
        fix: impl FnOnce() -> Option<Fix>,
    ) -> bool {
        if self
            .blockers
            .iter()
            .any(|b| b.component == component && b.code == code)
        {
            return self.explain;
        }
        let fix = fix();
        self.blockers.push(Blocker {
            component: component.into(),
            kind,
            code,
            side: self.side,
            explanation: sentence(&explanation),
            fix,
        });
        if !self.explain {
            self.halted = true;
        }
        self.explain
    }

    /// Verdict-only mode: record the blocker without explanation or fix, and stop.
    fn block_fast(&mut self, component: &str, kind: ComponentKind, code: ReasonCode) -> bool {
        self.blockers.push(Blocker {
            component: component.into(),
            kind,
            code,
            side: self.side,
            explanation: String::new(),
            fix: None,
        });
        self.halted = true;
        false
    }

    fn landed_at(&mut self, landing: Landing, want: &Endpoint, forward: bool) -> bool {
        let ok = match (landing, want) {
            (Landing::Eni(e), Endpoint::Eni(w)) => e == *w,
            (Landing::Eni(e), Endpoint::LoadBalancer(lb)) => self.ix.lbs[*lb].nodes.contains(&e),
            (Landing::Internet | Landing::Service(_), Endpoint::Internet { .. }) => true,
            _ => false,
        };
        if !ok {
            let at = match landing {
                Landing::Eni(e) => self.ix.enis[e].component.clone(),
                Landing::Internet => "the internet".into(),
                Landing::Service(v) => self.ix.net.vpc_endpoints[v].id.clone(),
            };
            let what = if forward {
                "the destination"
            } else {
                "the source"
            };
            self.block(
                &at.clone(),
                ComponentKind::NetworkInterface,
                ReasonCode::NoPath,
                format!("the packet ends at {at}, not at {what}"),
                || None,
            );
        }
        ok
    }

    // ---- interfaces -------------------------------------------------------------------

    /// Sends a packet out of an interface: SG egress (not for replies, S1), then the subnet.
    fn emit(&mut self, e: EniIx, p: Packet, reply: bool) -> Step {
        if self.halted {
            return None;
        }
        let eni = &self.ix.enis[e];
        if eni.has_groups {
            if reply {
                self.skip_groups(e, false, &p);
            } else if !self.check_groups(e, false, &p) {
                return None;
            }
        }
        self.leave_subnet(eni.subnet, Some(e), p, reply)
    }

    fn skip_groups(&mut self, e: EniIx, ingress: bool, p: &Packet) {
        let ix = self.ix;
        self.hop(|| Hop {
            component: ix.enis[e].groups.first().map(|g| ix.net.security_groups[*g].id.clone()).unwrap_or_else(|| ix.enis[e].component.clone()),
            kind: ComponentKind::SecurityGroup,
            direction: if ingress { HopDirection::Inbound } else { HopDirection::Outbound },
            decision: Decision::Skip,
            rule: DecidingRule::Behaviour { rule_id: "S1".into() },
            packet: p.describe(),
            after_blocker: false,
            explanation: "this is the reply of a connection the security group already allowed; security groups are stateful, so replies pass without a rule (S1)".into(),
        });
    }

    /// Evaluates an interface's security groups; returns false if the walk must stop.
    fn check_groups(&mut self, e: EniIx, ingress: bool, p: &Packet) -> bool {
        let ix = self.ix;
        let eni = &ix.enis[e];
        let peer = if ingress { p.src } else { p.dst };
        let verdict = evaluate_groups(ix, &eni.groups, ingress, p, peer);
        let dir = if ingress { "inbound" } else { "outbound" };
        let (to_from, hop_dir) = if ingress {
            ("from", HopDirection::Inbound)
        } else {
            ("to", HopDirection::Outbound)
        };
        match verdict.allowed_by {
            Some((g, k)) => {
                self.hop(|| {
                    let group = &ix.net.security_groups[g];
                    let rules = if ingress { &group.ingress } else { &group.egress };
                    let rule = &rules[k];
                    let text = format!("{} {to_from} {}", rule_text(rule.protocol, rule.ports, rule.icmp), peer_text(&rule.peer));
                    let why = match &rule.peer {
                        RulePeer::SecurityGroup(_) => format!(" ({} is the private IP of a member, S5)", ip(peer)),
                        _ => String::new(),
                    };
                    Hop {
                        component: group.id.clone(),
                        kind: ComponentKind::SecurityGroup,
                        direction: hop_dir,
                        decision: Decision::Allow,
                        rule: DecidingRule::SecurityGroupRule { security_group: group.id.clone(), index: k, description: rule.description.clone(), text: text.clone() },
                        packet: p.describe(),
                        after_blocker: false,
                        explanation: format!(
                            "security group {} allows this {dir} traffic: rule #{k} allows {text}{why}",
                            label(&group.name, &group.id)
                        ),
                    }
                });
                true
            }
            None => {
                if !self.explain {
                    let empty = eni.groups.iter().all(|g| {
                        let m = &ix.net.security_groups[*g];
                        if ingress {
                            m.ingress.is_empty()
                        } else {
                            m.egress.is_empty()
                        }
                    });
                    let component = eni
                        .groups
                        .first()
                        .map(|g| ix.net.security_groups[*g].id.as_str())
                        .unwrap_or(eni.component.as_str());
                    return self.block_fast(
                        component,
                        ComponentKind::SecurityGroup,
                        if empty {
                            ReasonCode::SecurityGroupHasNoRules
                        } else {
                            ReasonCode::SecurityGroupRulesMismatch
                        },
                    );
                }
                let group_ids: Vec<String> = eni
                    .groups
                    .iter()
                    .map(|g| ix.net.security_groups[*g].id.clone())
                    .collect();
                let component = group_ids
                    .first()
                    .cloned()
                    .unwrap_or_else(|| eni.component.clone());
                let empty = eni.groups.iter().all(|g| {
                    let m = &ix.net.security_groups[*g];
                    if ingress {
                        m.ingress.is_empty()
                    } else {
                        m.egress.is_empty()
                    }
                });
                let code = if empty {
                    ReasonCode::SecurityGroupHasNoRules
                } else {
                    ReasonCode::SecurityGroupRulesMismatch
                };
                let groups_text = if group_ids.is_empty() {
                    "no security group".to_string()
                } else {
                    group_ids.join(", ")
                };
                let peer_text = if self.generic_internet && peer == u32::from(INTERNET_HOST) {
                    format!(
                        "the internet (any public address; {} stands for it)",
                        ip(peer)
                    )
                } else {
                    ip(peer).to_string()
                };
                let explanation = format!(
                    "no {dir} rule of {groups_text} on {} allows {} {to_from} {peer_text}; security groups only allow what a rule lists (S2){}",
                    eni_label(ix, e),
                    proto_text(p),
                    if eni.groups.len() > 1 { " and the groups' rules are combined (S7)" } else { "" }
                );
                self.hop(|| Hop {
                    component: component.clone(),
                    kind: ComponentKind::SecurityGroup,
                    direction: hop_dir,
                    decision: Decision::Deny,
                    rule: DecidingRule::NoRuleMatched {
                        table: groups_text.clone(),
                    },
                    packet: p.describe(),
                    after_blocker: false,
                    explanation: explanation.clone(),
                });
                let fix = || self.group_fix(e, ingress, p);
                let fix = fix();
                self.block(
                    &component,
                    ComponentKind::SecurityGroup,
                    code,
                    explanation,
                    || fix,
                )
            }
        }
    }

    fn group_fix(&self, e: EniIx, ingress: bool, p: &Packet) -> Option<Fix> {
        let ix = self.ix;
        let eni = &ix.enis[e];
        let group = &ix.net.security_groups[*eni.groups.first()?];
        let peer_addr = if ingress { p.src } else { p.dst };
        let peer = match eni_at(ix, peer_addr) {
            Some(o)
                if !ix.enis[o].groups.is_empty()
                    && ix.enis[o].vpc.is_some()
                    && ix.enis[o].vpc == eni.vpc =>
            {
                RulePeer::SecurityGroup(ix.net.security_groups[ix.enis[o].groups[0]].id.clone())
            }
            Some(o) => match ix.enis[o].subnet.and_then(|s| ix.subnets[s].cidr) {
                Some(c) => RulePeer::Cidr(c.to_string()),
                None => RulePeer::Cidr(format!("{}/32", ip(peer_addr))),
            },
            None if self.generic_internet && peer_addr == u32::from(INTERNET_HOST) => {
                RulePeer::Cidr("0.0.0.0/0".into())
            }
            None => RulePeer::Cidr(format!("{}/32", ip(peer_addr))),
        };
        let rule = SecurityGroupRule {
            protocol: p.protocol,
            ports: p
                .protocol
                .has_ports()
                .then(|| PortRange::single(p.dst_port)),
            icmp: (p.protocol == Protocol::Icmp).then_some(IcmpMatch {
                icmp_type: Some(p.icmp_type),
                code: None,
            }),
            peer: peer.clone(),
            description: String::new(),
        };
        let dir = if ingress {
            RuleDirection::Ingress
        } else {
            RuleDirection::Egress
        };
        let summary = format!(
            "add an {} rule to {}: allow {} {} {}",
            if ingress { "inbound" } else { "outbound" },
            group.id,
            rule_text(rule.protocol, rule.ports, rule.icmp),
            if ingress { "from" } else { "to" },
            peer_text(&peer)
        );
        Some(Fix::new(
            summary,
            vec![Edit::AddSecurityGroupRule {
                security_group: group.id.clone(),
                direction: dir,
                rule,
            }],
        ))
    }

    // ---- subnets ----------------------------------------------------------------------

    /// Evaluates a subnet's NACL; returns false if the walk must stop.
    fn check_nacl(&mut self, s: usize, outbound: bool, p: &Packet) -> bool {
        let ix = self.ix;
        let dir = if outbound { "outbound" } else { "inbound" };
        let hop_dir = if outbound {
            HopDirection::Outbound
        } else {
            HopDirection::Inbound
        };
        let Some(n) = ix.subnets[s].nacl else {
            self.hop(|| Hop {
                component: ix.net.subnets[s].id.clone(),
                kind: ComponentKind::NetworkAcl,
                direction: hop_dir,
                decision: Decision::Allow,
                rule: DecidingRule::Behaviour { rule_id: "A4".into() },
                packet: p.describe(),
                after_blocker: false,
                explanation: format!(
                    "the design gives subnet {} no network ACL; every subnet has one, so the VPC's default ACL (allow all, A4, A5) is assumed",
                    ix.subnet_name(s)
                ),
            });
            return true;
        };
        let acl = &ix.net.network_acls[n];
        let peer = if outbound { p.dst } else { p.src };
        let verdict = evaluate_nacl(ix, n, outbound, p);
        if !self.explain {
            let allowed = verdict
                .map(|k| acl.entries[k].action == RuleAction::Allow)
                .unwrap_or(false);
            return allowed
                || self.block_fast(
                    &acl.id,
                    ComponentKind::NetworkAcl,
                    ReasonCode::SubnetAclRestriction,
                );
        }
        match verdict {
            Some(k) => {
                let entry = &acl.entries[k];
                let text = format!(
                    "rule {} {} {} {} {}",
                    entry.rule_number,
                    if entry.action == RuleAction::Allow {
                        "allow"
                    } else {
                        "deny"
                    },
                    rule_text(entry.protocol, entry.ports, entry.icmp),
                    if outbound { "to" } else { "from" },
                    entry.cidr
                );
                let allowed = entry.action == RuleAction::Allow;
                let explanation = format!(
                    "network ACL {} of subnet {} checks {dir} traffic lowest rule first; {text} is the first match, so it {} (A2){}",
                    label(&acl.name, &acl.id),
                    ix.subnet_name(s),
                    if allowed { "passes" } else { "is dropped" },
                    if self.side == PathSide::Return { "; network ACLs are stateless, so the reply is checked again (A1)" } else { "" }
                );
                self.hop(|| Hop {
                    component: acl.id.clone(),
                    kind: ComponentKind::NetworkAcl,
                    direction: hop_dir,
                    decision: if allowed {
                        Decision::Allow
                    } else {
                        Decision::Deny
                    },
                    rule: DecidingRule::NaclEntry {
                        network_acl: acl.id.clone(),
                        rule_number: Some(entry.rule_number),
                        action: if allowed {
                            "allow".into()
                        } else {
                            "deny".into()
                        },
                        text: text.clone(),
                    },
                    packet: p.describe(),
                    after_blocker: false,
                    explanation: explanation.clone(),
                });
                if allowed {
                    return true;
                }
                let fix = self.nacl_fix(n, outbound, p, peer, Some(entry.rule_number));
                self.block(
                    &acl.id,
                    ComponentKind::NetworkAcl,
                    ReasonCode::SubnetAclRestriction,
                    explanation,
                    || fix,
                )
            }
            None => {
                let explanation = format!(
                    "no rule of network ACL {} on subnet {} matches {dir} {} {} {}, so the final * rule denies it (A3){}",
                    label(&acl.name, &acl.id),
                    ix.subnet_name(s),
                    proto_text(p),
                    if outbound { "to" } else { "from" },
                    ip(peer),
                    if self.side == PathSide::Return && p.protocol.has_ports() {
                        format!("; replies go to the client's ephemeral port {}, which the ACL must allow (A7)", p.dst_port)
                    } else {
                        String::new()
                    }
                );
                self.hop(|| Hop {
                    component: acl.id.clone(),
                    kind: ComponentKind::NetworkAcl,
                    direction: hop_dir,
                    decision: Decision::Deny,
                    rule: DecidingRule::NaclEntry {
                        network_acl: acl.id.clone(),
                        rule_number: None,
                        action: "deny".into(),
                        text: "rule * deny all".into(),
                    },
                    packet: p.describe(),
                    after_blocker: false,
                    explanation: explanation.clone(),
                });
                let fix = self.nacl_fix(n, outbound, p, peer, None);
                self.block(
                    &acl.id,
                    ComponentKind::NetworkAcl,
                    ReasonCode::SubnetAclRestriction,
                    explanation,
                    || fix,
                )
            }
        }
    }

    fn nacl_fix(
        &self,
        n: usize,
        outbound: bool,
        p: &Packet,
        peer: u32,
        deny_at: Option<u32>,
    ) -> Option<Fix> {
        let ix = self.ix;
        let acl = &ix.net.network_acls[n];
        let used: Vec<u32> = acl
            .entries
            .iter()
            .filter(|e| e.egress == outbound)
            .map(|e| e.rule_number)
            .collect();
        let number = match deny_at {
            Some(d) => (1..d).rev().find(|k| !used.contains(k))?,
            None => {
                let top = used
                    .iter()
                    .copied()
                    .filter(|k| *k < 32767)
                    .max()
                    .unwrap_or(0);
                ((top / 100 + 1) * 100).min(32766)
            }
        };
        let ports = p.protocol.has_ports().then(|| {
            if self.side == PathSide::Return && p.dst_port >= 1024 {
                PortRange {
                    from: 1024,
                    to: 65535,
                }
            } else {
                PortRange::single(p.dst_port)
            }
        });
        let cidr = match eni_at(ix, peer)
            .and_then(|o| ix.enis[o].subnet)
            .and_then(|s| ix.subnets[s].cidr)
        {
            Some(c) => c.to_string(),
            None if self.generic_internet
                || ix.vpc_of_addr(peer).is_none() && !is_rfc1918(ip(peer)) =>
            {
                "0.0.0.0/0".into()
            }
            None => Cidr::host(ip(peer)).to_string(),
        };
        let entry = NaclEntry {
            rule_number: number,
            egress: outbound,
            protocol: p.protocol,
            ports,
            icmp: None,
            cidr: cidr.clone(),
            action: RuleAction::Allow,
        };
        let summary = format!(
            "add {} rule {number} to {}: allow {} {} {cidr}",
            if outbound { "outbound" } else { "inbound" },
            acl.id,
            rule_text(entry.protocol, entry.ports, None),
            if outbound { "to" } else { "from" }
        );
        Some(Fix::new(
            summary,
            vec![Edit::AddNaclEntry {
                network_acl: acl.id.clone(),
                entry,
            }],
        ))
    }

    /// A packet leaves subnet `s` (from interface `from`): same-subnet delivery, NACL outbound, route table.
    fn leave_subnet(
        &mut self,
        s: Option<usize>,
        from: Option<EniIx>,
        p: Packet,
        reply: bool,
    ) -> Step {
        if self.halted {
            return None;
        }
        let ix = self.ix;
        self.steps += 1;
        if self.steps > MAX_STEPS {
            let at = s.map(|s| ix.net.subnets[s].id.clone()).unwrap_or_default();
            self.block(&at, ComponentKind::RouteTable, ReasonCode::RoutingLoop, format!("the packet was forwarded {MAX_STEPS} times without arriving; the routes form a loop"), || None);
            self.halted = true;
            return None;
        }
        let Some(s) = s else {
            let comp = from
                .map(|e| ix.enis[e].component.clone())
                .unwrap_or_default();
            self.block(
                &comp,
                ComponentKind::NetworkInterface,
                ReasonCode::UnassociatedComponent,
                format!("{comp} is not in any subnet of the design"),
                || None,
            );
            return None;
        };
        // Same subnet: layer-2 delivery, no NACL and no route table (§0).
        if let Some(d) = eni_at(ix, p.dst) {
            if ix.enis[d].subnet == Some(s) && Some(d) != from {
                self.hop(|| Hop {
                    component: ix.net.subnets[s].id.clone(),
                    kind: ComponentKind::Subnet,
                    direction: HopDirection::Through,
                    decision: Decision::Forward,
                    rule: DecidingRule::Behaviour { rule_id: "§0 same subnet".into() },
                    packet: p.describe(),
                    after_blocker: false,
                    explanation: format!(
                        "source and destination are both in subnet {}: the packet is delivered directly, without the network ACL or the route table, which only apply when traffic leaves or enters a subnet",
                        ix.subnet_name(s)
                    ),
                });
                return self.deliver(d, p, reply);
            }
        }
        if !self.check_nacl(s, true, &p) {
            return None;
        }
        self.route(s, p, reply)
    }

    fn route(&mut self, s: usize, p: Packet, reply: bool) -> Step {
        let ix = self.ix;
        let vpc = ix.subnets[s].vpc;
        let table = ix.subnets[s].table;
        let table_id = || {
            table
                .map(|t| ix.net.route_tables[t].id.clone())
                .unwrap_or_else(|| {
                    format!(
                        "main route table of {}",
                        vpc.map(|v| ix.net.vpcs[v].id.as_str()).unwrap_or("?")
                    )
                })
        };
        let found: Option<std::borrow::Cow<'i, super::index::RouteIx>> = match table {
            Some(t) => lookup_route(ix, t, p.dst).map(std::borrow::Cow::Borrowed),
            // No table in the design: the VPC's main table with only local routes (R3, R4).
            None => vpc
                .and_then(|v| ix.vpcs[v].cidrs.iter().find(|c| c.contains_u32(p.dst)))
                .map(|c| {
                    std::borrow::Cow::Owned(super::index::RouteIx {
                        cidr: *c,
                        route: None,
                        via_prefix_list: false,
                        target: RouteTarget {
                            kind: TargetKind::Local,
                            id: "local".into(),
                        },
                        broken: None,
                    })
                }),
        };
        if !self.explain {
            match &found {
                None => {
                    self.block_fast(
                        &table_id(),
                        ComponentKind::RouteTable,
                        ReasonCode::NoRouteToDestination,
                    );
                    return None;
                }
                Some(r) if r.broken.is_some() => {
                    self.block_fast(
                        &table_id(),
                        ComponentKind::RouteTable,
                        ReasonCode::BadStateRoute,
                    );
                    return None;
                }
                _ => {}
            }
        }
        let Some(r) = found else {
            let table_id = table_id();
            let public = !ix.vpc_contains(vpc, p.dst) && !is_rfc1918(ip(p.dst));
            let explanation = match (public, reply) {
                (true, true) => format!(
                    "route table {table_id} of subnet {} has no route matching {} (no 0.0.0.0/0 route), so replies to the internet are dropped",
                    ix.subnet_name(s),
                    ip(p.dst)
                ),
                (true, false) => format!(
                    "route table {table_id} of subnet {} has no route matching {} (no 0.0.0.0/0 route), so traffic to the internet is dropped",
                    ix.subnet_name(s),
                    ip(p.dst)
                ),
                (false, true) => format!("route table {table_id} of subnet {} has no route matching {}, so the reply is dropped", ix.subnet_name(s), ip(p.dst)),
                (false, false) => format!("route table {table_id} of subnet {} has no route matching {}, so the packet is dropped", ix.subnet_name(s), ip(p.dst)),
            };
            self.hop(|| Hop {
                component: table_id.clone(),
                kind: ComponentKind::RouteTable,
                direction: HopDirection::Through,
                decision: Decision::Drop,
                rule: DecidingRule::NoRuleMatched {
                    table: table_id.clone(),
                },
                packet: p.describe(),
                after_blocker: false,
                explanation: explanation.clone(),
            });
            let plausible = self.plausible_target(s, &p, reply);
            let fix = plausible.as_ref().and_then(|(_, f)| f.clone());
            if !self.block(
                &table_id,
                ComponentKind::RouteTable,
                ReasonCode::NoRouteToDestination,
                explanation,
                || fix,
            ) {
                return None;
            }
            let (target, _) = plausible?;
            return self.dispatch(s, &target, p, reply);
        };
        let dest_text = || match r
            .route
            .and_then(|k| table.map(|t| &ix.net.route_tables[t].routes[k].destination))
        {
            Some(RouteDestination::PrefixList(pl)) => format!("{pl} ({})", r.cidr),
            _ => r.cidr.to_string(),
        };
        if let Some(reason) = &r.broken {
            let (table_id, dest_text) = (table_id(), dest_text());
            let explanation = format!(
                "route table {table_id} of subnet {} matches {} with {dest_text} → {}, but {reason}; the route is a blackhole and the packet is dropped (R9, R10: no fallback to a shorter route)",
                ix.subnet_name(s),
                ip(p.dst),
                r.target.id
            );
            self.hop(|| Hop {
                component: table_id.clone(),
                kind: ComponentKind::RouteTable,
                direction: HopDirection::Through,
                decision: Decision::Drop,
                rule: DecidingRule::Route {
                    route_table: table_id.clone(),
                    destination: dest_text.clone(),
                    target: r.target.id.clone(),
                    state: "blackhole".into(),
                    implicit: r.route.is_none(),
                },
                packet: p.describe(),
                after_blocker: false,
                explanation: explanation.clone(),
            });
            let fix = table.and_then(|t| {
                let rt = &ix.net.route_tables[t];
                r.route
                    .map(|k| crate::network::lint::blackhole_fix(ix.net, rt, &rt.routes[k]))
            });
            self.block(
                &table_id,
                ComponentKind::RouteTable,
                ReasonCode::BadStateRoute,
                explanation,
                || fix,
            );
            return None;
        }
        self.hop(|| {
            let (table_id, dest_text) = (table_id(), dest_text());
            Hop {
            component: table_id.clone(),
            kind: ComponentKind::RouteTable,
            direction: HopDirection::Through,
            decision: Decision::Forward,
            rule: DecidingRule::Route { route_table: table_id.clone(), destination: dest_text.clone(), target: r.target.id.clone(), state: "active".into(), implicit: r.route.is_none() },
            packet: p.describe(),
            after_blocker: false,
            explanation: format!(
                "route table {table_id} of subnet {} sends {} to {} via the route {dest_text} → {} (the longest matching prefix, R6{})",
                ix.subnet_name(s),
                ip(p.dst),
                if r.target.kind == TargetKind::Local { "its VPC".to_string() } else { r.target.id.clone() },
                r.target.id,
                if r.target.kind == TargetKind::Local { "; the local route covers the VPC, R4" } else { "" }
            ),
        }});
        self.dispatch(s, &r.target, p, reply)
    }

    /// When no route matches: the target a learner most likely meant, and the fix adding it.
    fn plausible_target(
        &self,
        s: usize,
        p: &Packet,
        reply: bool,
    ) -> Option<(RouteTarget, Option<Fix>)> {
        let ix = self.ix;
        let net = ix.net;
        let vpc = ix.subnets[s].vpc?;
        let table = ix.subnets[s].table.map(|t| net.route_tables[t].id.clone());
        // A peer VPC holding the destination: route its CIDR to the peering connection (P1).
        if let Some(peer) = ix.vpc_of_addr(p.dst).filter(|v| *v != vpc) {
            let pcx = ix.pcx_between(vpc, peer)?;
            let cidr = ix.vpcs[peer]
                .cidrs
                .iter()
                .find(|c| c.contains_u32(p.dst))?
                .to_string();
            let target = RouteTarget {
                kind: TargetKind::Pcx,
                id: pcx.id.clone(),
            };
            let fix = table.map(|t| {
                Fix::new(
                    format!("add {cidr} → {} to {t}", pcx.id),
                    vec![Edit::AddRoute {
                        route_table: t,
                        destination: RouteDestination::Cidr(cidr),
                        target: target.clone(),
                    }],
                )
            });
            return Some((target, fix));
        }
        if is_rfc1918(ip(p.dst)) {
            return None;
        }
        // Internet: through a NAT gateway for a private source that started the connection,
        // else through the internet gateway (the seed-004 bastion case).
        let src_public = eni_at(ix, p.src)
            .map(|e| ix.enis[e].public_ip.is_some())
            .unwrap_or(false);
        let nat = net.nat_gateways.iter().enumerate().find(|(n, g)| {
            g.state == NatState::Available
                && ix.nat_eni[*n].and_then(|e| ix.enis[e].vpc) == Some(vpc)
                && ix.nat_eni[*n].and_then(|e| ix.enis[e].subnet) != Some(s)
        });
        if let (false, false, Some((_, g))) = (reply, src_public, nat) {
            let target = RouteTarget {
                kind: TargetKind::Nat,
                id: g.id.clone(),
            };
            let fix = table.map(|t| {
                Fix::new(
                    format!("add 0.0.0.0/0 → {} to {t}", g.id),
                    vec![Edit::AddRoute {
                        route_table: t,
                        destination: RouteDestination::Cidr("0.0.0.0/0".into()),
                        target: target.clone(),
                    }],
                )
            });
            return Some((target, fix));
        }
        let (summary, edits) = internet_route_edits(net, &net.subnets[s].id)?;
        let igw = ix.vpcs[vpc]
            .igw
            .map(|g| net.internet_gateways[g].id.clone());
        let fix = Some(Fix::new(summary, edits));
        match igw {
            Some(id) => Some((
                RouteTarget {
                    kind: TargetKind::Igw,
                    id,
                },
                fix,
            )),
            // No attached IGW: we cannot follow further, but the fix still helps.
            None => Some((
                RouteTarget {
                    kind: TargetKind::Other,
                    id: "internet gateway (missing)".into(),
                },
                fix,
            )),
        }
    }

    fn dispatch(&mut self, s: usize, target: &RouteTarget, p: Packet, reply: bool) -> Step {
        if self.halted {
            return None;
        }
        let ix = self.ix;
        match target.kind {
            TargetKind::Local => match eni_at(ix, p.dst) {
                Some(d) if ix.enis[d].vpc == ix.subnets[s].vpc => self.arrive(d, p, reply, Some(s)),
                _ => {
                    let vpc = ix.subnets[s]
                        .vpc
                        .map(|v| ix.net.vpcs[v].id.clone())
                        .unwrap_or_default();
                    self.block(
                        &vpc,
                        ComponentKind::Vpc,
                        ReasonCode::NoPossibleDestination,
                        format!("no interface in VPC {vpc} has the address {}", ip(p.dst)),
                        || None,
                    );
                    None
                }
            },
            TargetKind::Igw => self.igw_egress(s, &target.id, p, reply),
            TargetKind::Nat => self.nat_gateway(s, &target.id, p, reply),
            TargetKind::Pcx => self.peering(s, &target.id, p, reply),
            TargetKind::Vpce => self.endpoint(s, &target.id, p),
            TargetKind::Eni | TargetKind::Instance => match ix.eni_by_id.get(target.id.as_str()) {
                Some(&m) => self.arrive(m, p, reply, Some(s)),
                None => {
                    self.block(
                        &target.id,
                        ComponentKind::NetworkInterface,
                        ReasonCode::BadState,
                        format!("the route target {} is not in the design", target.id),
                        || None,
                    );
                    None
                }
            },
            TargetKind::Tgw | TargetKind::Vgw | TargetKind::Other => {
                let explanation = if target.id.contains("missing") {
                    "the VPC has no attached internet gateway to carry this traffic".to_string()
                } else {
                    format!(
                        "{} is a {:?} target, which the simulator does not model yet",
                        target.id, target.kind
                    )
                };
                let comp = ix.subnets[s]
                    .vpc
                    .map(|v| ix.net.vpcs[v].id.clone())
                    .unwrap_or_else(|| target.id.clone());
                self.block(
                    &comp,
                    ComponentKind::Vpc,
                    ReasonCode::UnsupportedComponent,
                    explanation,
                    || None,
                );
                None
            }
        }
    }

    /// The packet enters the subnet of `d` (NACL inbound unless it comes from that subnet), then `d`.
    fn arrive(&mut self, d: EniIx, p: Packet, reply: bool, from_subnet: Option<usize>) -> Step {
        if self.halted {
            return None;
        }
        let ds = self.ix.enis[d].subnet;
        if ds != from_subnet {
            if let Some(ds) = ds {
                if !self.check_nacl(ds, false, &p) {
                    return None;
                }
            }
        }
        self.deliver(d, p, reply)
    }

    /// The packet reaches interface `d`.
    fn deliver(&mut self, d: EniIx, p: Packet, reply: bool) -> Step {
        if self.halted {
            return None;
        }
        let ix = self.ix;
        let eni = &ix.enis[d];
        // A reply to a translated connection: undo the translation (N3).
        if reply {
            if let Some(b) = self
                .bindings
                .iter()
                .rev()
                .find(|b| b.at == d && b.new_src == p.dst && b.new_port == p.dst_port)
                .copied()
            {
                let back = Packet {
                    dst: b.original_src,
                    dst_port: b.original_port,
                    ..p
                };
                self.hop(|| Hop {
                    component: eni.component.clone(),
                    kind: eni_kind(ix, d),
                    direction: HopDirection::Through,
                    decision: Decision::Translate,
                    rule: DecidingRule::Translation { from: ip(p.dst).to_string(), to: ip(b.original_src).to_string() },
                    packet: back.describe(),
                    after_blocker: false,
                    explanation: format!(
                        "{} recognises the reply of a connection it translated and sends it back to {} (N3)",
                        eni_label(ix, d),
                        ip(b.original_src)
                    ),
                });
                return self.leave_subnet(eni.subnet, Some(d), back, reply);
            }
        }
        if eni.owns(p.dst) {
            if let EniKind::Nat(_) = eni.kind {
                let explanation = format!(
                    "{} only accepts replies to connections started from inside its VPC; it does not accept new inbound connections (N1)",
                    eni_label(ix, d)
                );
                self.block(
                    &eni.component,
                    ComponentKind::NatGateway,
                    ReasonCode::NoPossibleDestination,
                    explanation,
                    || None,
                );
                return None;
            }
            if eni.has_groups {
                if reply {
                    self.skip_groups(d, true, &p);
                } else if !self.check_groups(d, true, &p) {
                    return None;
                }
            }
            self.hop(|| Hop {
                component: eni.component.clone(),
                kind: eni_kind(ix, d),
                direction: HopDirection::Inbound,
                decision: Decision::Deliver,
                rule: DecidingRule::Behaviour {
                    rule_id: "delivered".into(),
                },
                packet: p.describe(),
                after_blocker: false,
                explanation: format!(
                    "the packet arrives at {} ({})",
                    eni_label(ix, d),
                    ip(eni.private_ip)
                ),
            });
            return Some((Landing::Eni(d), p));
        }
        // Not addressed to this interface: only an instance can forward it (middlebox routing).
        let EniKind::Instance(i) = eni.kind else {
            let explanation = format!(
                "{} only sends and receives traffic for its own address, not {}",
                eni_label(ix, d),
                ip(p.dst)
            );
            self.block(
                &eni.component,
                eni_kind(ix, d),
                ReasonCode::EniAddressRestriction,
                explanation,
                || None,
            );
            return None;
        };
        if eni.has_groups && !reply && !self.check_groups(d, true, &p) {
            return None;
        }
        let instance = &ix.net.instances[i];
        if eni.source_dest_check {
            let explanation = format!(
                "{} receives traffic for {}, which is not its own address, but its source/destination check is on, so it drops it",
                eni_label(ix, d),
                ip(p.dst)
            );
            let fix = Fix::new(
                format!("disable the source/destination check on {}", instance.id),
                vec![Edit::SetSourceDestCheck {
                    instance: instance.id.clone(),
                    enabled: false,
                }],
            );
            if !self.block(
                &instance.id,
                ComponentKind::Instance,
                ReasonCode::EniSourceDestCheckRestriction,
                explanation,
                || Some(fix),
            ) {
                return None;
            }
        }
        let mut out = p;
        if instance.role == InstanceRole::NatInstance && !reply {
            out.src = eni.private_ip;
            self.bindings.push(Binding {
                at: d,
                original_src: p.src,
                original_port: p.src_port,
                new_src: out.src,
                new_port: out.src_port,
            });
        }
        self.hop(|| Hop {
            component: instance.id.clone(),
            kind: ComponentKind::Instance,
            direction: HopDirection::Through,
            decision: if out.src != p.src {
                Decision::Translate
            } else {
                Decision::Forward
            },
            rule: DecidingRule::Behaviour {
                rule_id: "R5 middlebox".into(),
            },
            packet: out.describe(),
            after_blocker: false,
            explanation: format!(
                "{} forwards the packet onwards as a middlebox (source/destination check off)",
                eni_label(ix, d)
            ),
        });
        // Forwarded traffic is checked by the middlebox's own outbound rules (S5: no SG references).
        if eni.has_groups && !reply && !self.check_groups(d, false, &out) {
            return None;
        }
        self.leave_subnet(eni.subnet, Some(d), out, reply)
    }

    // ---- gateways ---------------------------------------------------------------------

    fn igw_egress(&mut self, s: usize, igw_id: &str, p: Packet, reply: bool) -> Step {
        let ix = self.ix;
        let vpc = ix.subnets[s].vpc;
        let dst = ip(p.dst);
        if is_rfc1918(dst) || is_rfc6598(dst) {
            let code = if is_rfc1918(dst) {
                ReasonCode::IgwDestinationRfc1918Egress
            } else {
                ReasonCode::IgwDestinationRfc6598Egress
            };
            let explanation = format!("internet gateway {igw_id} does not send traffic to the private address {dst} onto the internet (I4)");
            self.hop(|| Hop {
                component: igw_id.to_string(),
                kind: ComponentKind::InternetGateway,
                direction: HopDirection::Outbound,
                decision: Decision::Drop,
                rule: DecidingRule::Behaviour {
                    rule_id: "I4".into(),
                },
                packet: p.describe(),
                after_blocker: false,
                explanation: explanation.clone(),
            });
            self.block(
                igw_id,
                ComponentKind::InternetGateway,
                code,
                explanation,
                || None,
            );
            return None;
        }
        let src_eni = eni_at(ix, p.src).filter(|e| ix.enis[*e].vpc == vpc && vpc.is_some());
        let public = match src_eni {
            Some(e) => match ix.enis[e].public_ip {
                Some(pub_ip) => Some(pub_ip),
                None => {
                    let explanation = format!(
                        "{} has no public IPv4 address, and internet gateway {igw_id} only carries traffic of interfaces with a public IP or Elastic IP (I1c, I4){}",
                        eni_label(ix, e),
                        match ix.enis[e].kind {
                            EniKind::Nat(_) => "; a private NAT gateway cannot use an internet gateway (N6)",
                            _ => "",
                        }
                    );
                    self.hop(|| Hop {
                        component: igw_id.to_string(),
                        kind: ComponentKind::InternetGateway,
                        direction: HopDirection::Outbound,
                        decision: Decision::Drop,
                        rule: DecidingRule::Behaviour {
                            rule_id: "I4".into(),
                        },
                        packet: p.describe(),
                        after_blocker: false,
                        explanation: explanation.clone(),
                    });
                    let fix = elastic_ip_fix(ix, ix.enis[e].kind);
                    if !self.block(
                        igw_id,
                        ComponentKind::InternetGateway,
                        ReasonCode::IgwPublicIpForEgress,
                        explanation,
                        || fix,
                    ) {
                        return None;
                    }
                    // Keep following as if it had one (blocked-path analysis).
                    fresh_public_ip(ix.net)
                        .parse::<Ipv4Addr>()
                        .ok()
                        .map(u32::from)
                }
            },
            None => {
                let explanation = format!(
                    "the source {} is not an interface of this VPC; internet gateway {igw_id} does not carry traffic from other VPCs (no edge-to-edge routing through a peering connection, P3)",
                    ip(p.src)
                );
                self.block(
                    igw_id,
                    ComponentKind::InternetGateway,
                    ReasonCode::IgwPublicIpForEgress,
                    explanation,
                    || None,
                );
                return None;
            }
        }?;
        let out = Packet { src: public, ..p };
        self.hop(|| Hop {
            component: igw_id.to_string(),
            kind: ComponentKind::InternetGateway,
            direction: HopDirection::Outbound,
            decision: Decision::Translate,
            rule: DecidingRule::Translation { from: ip(p.src).to_string(), to: ip(public).to_string() },
            packet: out.describe(),
            after_blocker: false,
            explanation: format!(
                "internet gateway {igw_id} replaces the private source {} with its public address {} and sends the packet to the internet (1:1 NAT, I2)",
                ip(p.src),
                ip(public)
            ),
        });
        self.internet(out, reply)
    }

    /// A packet on the internet: into a VPC through an internet gateway, or to a host.
    fn internet(&mut self, p: Packet, reply: bool) -> Step {
        if self.halted {
            return None;
        }
        let ix = self.ix;
        let owner = ix.eni_by_public_ip.get(&p.dst).copied();
        let private_owner = eni_at(ix, p.dst).filter(|_| owner.is_none());
        let Some(d) = owner.or(private_owner) else {
            self.hop(|| Hop {
                component: "internet".into(),
                kind: ComponentKind::Internet,
                direction: HopDirection::Inbound,
                decision: Decision::Deliver,
                rule: DecidingRule::Behaviour {
                    rule_id: "internet".into(),
                },
                packet: p.describe(),
                after_blocker: false,
                explanation: format!("the packet crosses the internet and reaches {}", ip(p.dst)),
            });
            return Some((Landing::Internet, p));
        };
        let eni = &ix.enis[d];
        let Some(g) = eni.vpc.and_then(|v| ix.vpcs[v].igw) else {
            let vpc_id = eni
                .vpc
                .map(|v| ix.net.vpcs[v].id.clone())
                .unwrap_or_default();
            // A detached internet gateway that this VPC's routes point at (R9, I1a).
            let detached = eni.vpc.and_then(|v| {
                let vid = &ix.net.vpcs[v].id;
                ix.net.internet_gateways.iter().find(|g| {
                    g.attached_vpc.is_none()
                        && ix.net.route_tables.iter().any(|t| {
                            &t.vpc_id == vid && t.routes.iter().any(|r| r.target.id == g.id)
                        })
                })
            });
            if let Some(g) = detached {
                let explanation = format!(
                    "internet gateway {} is not attached to VPC {vpc_id}, so traffic from the internet cannot enter it (I1a)",
                    g.id
                );
                let fix = Fix::new(
                    format!("attach {} to {vpc_id}", g.id),
                    vec![Edit::AttachInternetGateway {
                        internet_gateway: g.id.clone(),
                        vpc: vpc_id.clone(),
                    }],
                );
                self.block(
                    &g.id,
                    ComponentKind::InternetGateway,
                    ReasonCode::BadStateAttachment,
                    explanation,
                    || Some(fix),
                );
                return None;
            }
            let explanation = format!("VPC {vpc_id} has no attached internet gateway, so nothing on the internet can reach {} (I1a)", eni_label(ix, d));
            let fix = eni
                .subnet
                .and_then(|s| internet_route_edits(ix.net, &ix.net.subnets[s].id))
                .map(|(t, e)| Fix::new(t, e));
            self.block(
                &vpc_id,
                ComponentKind::Vpc,
                ReasonCode::NoPath,
                explanation,
                || fix,
            );
            return None;
        };
        let igw_id: &str = &ix.net.internet_gateways[g].id;
        let src = ip(p.src);
        if is_rfc1918(src) || is_rfc6598(src) {
            let code = if is_rfc1918(src) {
                ReasonCode::IgwSourceRfc1918Ingress
            } else {
                ReasonCode::IgwSourceRfc6598Ingress
            };
            self.block(igw_id, ComponentKind::InternetGateway, code, format!("internet gateway {igw_id} drops inbound traffic from the private address {src} (I4)"), || None);
            return None;
        }
        if owner.is_none() {
            let explanation = format!(
                "{} is a private address: internet gateway {igw_id} only accepts inbound traffic for public IPs of attached interfaces, and {} has none (I2, I4)",
                ip(p.dst),
                eni_label(ix, d)
            );
            self.hop(|| Hop {
                component: igw_id.to_string(),
                kind: ComponentKind::InternetGateway,
                direction: HopDirection::Inbound,
                decision: Decision::Drop,
                rule: DecidingRule::Behaviour {
                    rule_id: "I4".into(),
                },
                packet: p.describe(),
                after_blocker: false,
                explanation: explanation.clone(),
            });
            let fix = elastic_ip_fix(ix, eni.kind);
            if !self.block(
                igw_id,
                ComponentKind::InternetGateway,
                ReasonCode::IgwPrivateIpForIngress,
                explanation,
                || fix,
            ) {
                return None;
            }
            return self.arrive(d, p, reply, None);
        }
        let inside = Packet {
            dst: eni.private_ip,
            ..p
        };
        self.hop(|| Hop {
            component: igw_id.to_string(),
            kind: ComponentKind::InternetGateway,
            direction: HopDirection::Inbound,
            decision: Decision::Translate,
            rule: DecidingRule::Translation { from: ip(p.dst).to_string(), to: ip(eni.private_ip).to_string() },
            packet: inside.describe(),
            after_blocker: false,
            explanation: format!(
                "internet gateway {igw_id} maps the public address {} to the private address {} of {} (1:1 NAT, I2); inbound traffic is not checked against route tables",
                ip(p.dst),
                ip(eni.private_ip),
                eni_label(ix, d)
            ),
        });
        self.arrive(d, inside, reply, None)
    }

    fn nat_gateway(&mut self, s: usize, nat_id: &str, p: Packet, reply: bool) -> Step {
        let ix = self.ix;
        let &n = ix.nat_by_id.get(nat_id)?;
        let e = ix.nat_eni[n]?;
        let eni = &ix.enis[e];
        if !ix.vpc_contains(eni.vpc, p.src) {
            let explanation = format!("NAT gateway {nat_id} only serves sources inside its own VPC; {} is not (N5, no edge-to-edge routing P3)", ip(p.src));
            self.block(
                nat_id,
                ComponentKind::NatGateway,
                ReasonCode::NatRequiresSourceInVpc,
                explanation,
                || None,
            );
            return None;
        }
        if reply {
            let explanation = format!(
                "the reply from {} would leave through NAT gateway {nat_id}, which would replace its source address, so the client would not recognise it (asymmetric routing; a NAT gateway only serves connections started from inside, N1, N3)",
                ip(p.src)
            );
            let fix =
                internet_route_edits(ix.net, &ix.net.subnets[s].id).map(|(t, e)| Fix::new(t, e));
            self.block(
                nat_id,
                ComponentKind::NatGateway,
                ReasonCode::NatSourceAddressReassign,
                explanation,
                || fix,
            );
            return None;
        }
        if eni.subnet != Some(s) {
            if let Some(ns) = eni.subnet {
                if !self.check_nacl(ns, false, &p) {
                    return None;
                }
            }
        }
        let new_port = if p.protocol.has_ports() && p.src_port < 1024 {
            1024
        } else {
            p.src_port
        };
        let out = Packet {
            src: eni.private_ip,
            src_port: new_port,
            ..p
        };
        self.bindings.push(Binding {
            at: e,
            original_src: p.src,
            original_port: p.src_port,
            new_src: out.src,
            new_port,
        });
        self.hop(|| Hop {
            component: nat_id.to_string(),
            kind: ComponentKind::NatGateway,
            direction: HopDirection::Through,
            decision: Decision::Translate,
            rule: DecidingRule::Translation { from: ip(p.src).to_string(), to: ip(out.src).to_string() },
            packet: out.describe(),
            after_blocker: false,
            explanation: format!(
                "NAT gateway {nat_id} replaces the source {} with its own address {} (source port {new_port}, from 1024–65535) and keeps the destination (N3, N4); it then uses its own subnet's ACL and route table (N2)",
                ip(p.src),
                ip(out.src)
            ),
        });
        self.leave_subnet(eni.subnet, Some(e), out, false)
    }

    fn peering(&mut self, s: usize, pcx_id: &str, p: Packet, reply: bool) -> Step {
        let ix = self.ix;
        let &k = ix.pcx_by_id.get(pcx_id)?;
        let pcx = &ix.net.peering_connections[k];
        let here = ix.subnets[s]
            .vpc
            .map(|v| ix.net.vpcs[v].id.as_str())
            .unwrap_or("");
        let other = if pcx.requester_vpc == here {
            &pcx.accepter_vpc
        } else if pcx.accepter_vpc == here {
            &pcx.requester_vpc
        } else {
            self.block(
                pcx_id,
                ComponentKind::PeeringConnection,
                ReasonCode::BadStateAttachment,
                format!("peering connection {pcx_id} does not involve VPC {here}"),
                || None,
            );
            return None;
        };
        let Some(&peer) = ix.vpc_by_id.get(other.as_str()) else {
            self.block(
                pcx_id,
                ComponentKind::PeeringConnection,
                ReasonCode::NoPossibleDestination,
                format!("the peer VPC {other} is not in the design (another account or region?)"),
                || None,
            );
            return None;
        };
        if !ix.vpc_contains(Some(peer), p.dst) {
            let explanation = format!(
                "peering connection {pcx_id} only carries traffic to addresses inside the peer VPC {other}; {} is not in it. Peering is not transitive and gives no access to the peer's gateways (P2, P3, P4)",
                ip(p.dst)
            );
            self.hop(|| Hop {
                component: pcx_id.to_string(),
                kind: ComponentKind::PeeringConnection,
                direction: HopDirection::Through,
                decision: Decision::Drop,
                rule: DecidingRule::Behaviour {
                    rule_id: "P4".into(),
                },
                packet: p.describe(),
                after_blocker: false,
                explanation: explanation.clone(),
            });
            self.block(
                pcx_id,
                ComponentKind::PeeringConnection,
                ReasonCode::PeeringRequiresAddressInVpc,
                explanation,
                || None,
            );
            return None;
        }
        self.hop(|| Hop {
            component: pcx_id.to_string(),
            kind: ComponentKind::PeeringConnection,
            direction: HopDirection::Through,
            decision: Decision::Forward,
            rule: DecidingRule::Behaviour { rule_id: "P4".into() },
            packet: p.describe(),
            after_blocker: false,
            explanation: format!("peering connection {pcx_id} carries the packet to the peer VPC {other}, which holds {}", ip(p.dst)),
        });
        match eni_at(ix, p.dst).filter(|d| ix.enis[*d].vpc == Some(peer)) {
            Some(d) => self.arrive(d, p, reply, None),
            None => {
                self.block(
                    other,
                    ComponentKind::Vpc,
                    ReasonCode::NoPossibleDestination,
                    format!("no interface in VPC {other} has the address {}", ip(p.dst)),
                    || None,
                );
                None
            }
        }
    }

    fn endpoint(&mut self, s: usize, vpce_id: &str, p: Packet) -> Step {
        let ix = self.ix;
        let &v = ix.vpce_by_id.get(vpce_id)?;
        let ep = &ix.net.vpc_endpoints[v];
        let ok_protocol = p.protocol == Protocol::Tcp
            || (p.protocol == Protocol::Icmp && (p.icmp_type == 8 || p.icmp_type == 0));
        if !ok_protocol {
            let explanation = format!(
                "gateway endpoint {vpce_id} ({}) accepts only TCP or ICMP echo traffic (E3)",
                ep.service
            );
            self.block(
                vpce_id,
                ComponentKind::VpcEndpoint,
                ReasonCode::EndpointProtocolRestriction,
                explanation,
                || None,
            );
            return None;
        }
        if !ix.vpc_contains(ix.subnets[s].vpc, p.src) {
            let explanation = format!("gateway endpoint {vpce_id} only serves sources inside its own VPC; {} came from elsewhere (P3)", ip(p.src));
            self.block(
                vpce_id,
                ComponentKind::VpcEndpoint,
                ReasonCode::EndpointSourceRestriction,
                explanation,
                || None,
            );
            return None;
        }
        self.hop(|| Hop {
            component: vpce_id.to_string(),
            kind: ComponentKind::VpcEndpoint,
            direction: HopDirection::Through,
            decision: Decision::Deliver,
            rule: DecidingRule::Behaviour { rule_id: "E1".into() },
            packet: p.describe(),
            after_blocker: false,
            explanation: format!("gateway endpoint {vpce_id} carries the packet privately to {} without an internet gateway or NAT (E1, R12)", ep.service),
        });
        Some((Landing::Service(v), p))
    }

    fn service_reply(&mut self, v: usize, p: Packet) -> Step {
        let ix = self.ix;
        let ep = &ix.net.vpc_endpoints[v];
        self.hop(|| Hop {
            component: ep.id.clone(),
            kind: ComponentKind::VpcEndpoint,
            direction: HopDirection::Through,
            decision: Decision::Forward,
            rule: DecidingRule::Behaviour {
                rule_id: "E1".into(),
            },
            packet: p.describe(),
            after_blocker: false,
            explanation: format!("{} replies through gateway endpoint {}", ep.service, ep.id),
        });
        let d = eni_at(ix, p.dst)?;
        self.arrive(d, p, true, None)
    }

    // ---- load balancers ---------------------------------------------------------------

    /// Listener → target group → one target: the second connection of a proxying LB.
    /// Appends the chosen target leg's hops and blockers; returns the target and its packet.
    fn load_balancer_leg(
        &mut self,
        lb: usize,
        node: EniIx,
        at_lb: Packet,
        mode: Mode,
    ) -> Option<(EniIx, Packet)> {
        let ix = self.ix;
        let model = &ix.net.load_balancers[lb];
        let lb_label = label(&model.name, &model.id);
        let proto_ok = |l: &Listener| {
            let lp = l.protocol.to_ascii_uppercase();
            match at_lb.protocol {
                Protocol::Tcp => lp != "UDP",
                Protocol::Udp => lp == "UDP" || lp == "TCP_UDP",
                _ => false,
            }
        };
        let Some(listener) = model
            .listeners
            .iter()
            .find(|l| l.port == at_lb.dst_port && proto_ok(l))
        else {
            let ports: Vec<String> = model
                .listeners
                .iter()
                .map(|l| format!("{} {}", l.protocol, l.port))
                .collect();
            let explanation = format!(
                "load balancer {lb_label} has no listener for {}; it listens on {} (L4)",
                proto_text(&at_lb),
                if ports.is_empty() {
                    "nothing".to_string()
                } else {
                    ports.join(", ")
                }
            );
            self.hop(|| Hop {
                component: model.id.clone(),
                kind: ComponentKind::Listener,
                direction: HopDirection::Inbound,
                decision: Decision::Drop,
                rule: DecidingRule::NoRuleMatched {
                    table: format!("listeners of {}", model.id),
                },
                packet: at_lb.describe(),
                after_blocker: false,
                explanation: explanation.clone(),
            });
            let tg = model
                .listeners
                .first()
                .and_then(|l| l.target_group.clone())
                .or_else(|| ix.net.target_groups.first().map(|t| t.id.clone()));
            let fix = Fix::new(
                format!("add a listener on port {} to {}", at_lb.dst_port, model.id),
                vec![Edit::AddListener {
                    load_balancer: model.id.clone(),
                    listener: Listener {
                        port: at_lb.dst_port,
                        protocol: if model.kind == LoadBalancerKind::Network {
                            "TCP".into()
                        } else {
                            "HTTP".into()
                        },
                        target_group: tg,
                    },
                }],
            );
            self.block(
                &model.id,
                ComponentKind::LoadBalancer,
                ReasonCode::ListenersMismatch,
                explanation,
                || Some(fix),
            );
            return None;
        };
        let group = listener
            .target_group
            .as_ref()
            .and_then(|t| ix.net.target_groups.iter().find(|g| &g.id == t));
        let targets: Vec<(EniIx, u16)> = group
            .map(|g| {
                g.targets
                    .iter()
                    .filter_map(|t| {
                        let e = ix.eni_by_id.get(t.id.as_str()).copied().or_else(|| {
                            crate::network::cidr::parse_ip(&t.id)
                                .and_then(|a| eni_at(ix, u32::from(a)))
                        })?;
                        Some((e, t.port.unwrap_or(g.port)))
                    })
                    .collect()
            })
            .unwrap_or_default();
        if targets.is_empty() {
            let explanation = format!(
                "listener {} {} of load balancer {lb_label} has {} (L4)",
                listener.protocol,
                listener.port,
                if group.is_none() {
                    "no target group".to_string()
                } else {
                    "a target group with no registered targets in the design".to_string()
                }
            );
            self.block(
                &model.id,
                ComponentKind::LoadBalancer,
                ReasonCode::ListenerHasNoTargetGroup,
                explanation,
                || None,
            );
            return None;
        }
        let tg_id = group.map(|g| g.id.clone()).unwrap_or_default();
        self.hop(|| Hop {
            component: model.id.clone(),
            kind: ComponentKind::Listener,
            direction: HopDirection::Inbound,
            decision: Decision::Forward,
            rule: DecidingRule::Listener { port: listener.port, target_group: listener.target_group.clone() },
            packet: at_lb.describe(),
            after_blocker: false,
            explanation: format!(
                "listener {} {} of load balancer {lb_label} accepts the connection and forwards it to target group {tg_id} ({} target{}); the load balancer opens a new connection to the target (it is a proxy, L2)",
                listener.protocol,
                listener.port,
                targets.len(),
                if targets.len() == 1 { "" } else { "s" }
            ),
        });
        // NLBs without security groups keep the client address (L6); ALBs use their node address.
        let preserve = model.kind == LoadBalancerKind::Network && !ix.enis[node].has_groups;
        let mut best: Option<Walk> = None;
        for (target, port) in &targets {
            let from_node = lb_node_for(ix, lb, ix.enis[*target].private_ip);
            let leg = Packet {
                src: if preserve {
                    at_lb.src
                } else {
                    ix.enis[from_node].private_ip
                },
                dst: ix.enis[*target].private_ip,
                src_port: if preserve {
                    at_lb.src_port
                } else {
                    DEFAULT_SOURCE_PORT
                },
                dst_port: *port,
                ..at_lb
            };
            let mut sub = Walk {
                ix,
                explain: mode == Mode::Explain,
                side: PathSide::Forward,
                fwd: Vec::new(),
                ret: Vec::new(),
                blockers: Vec::new(),
                halted: false,
                steps: self.steps,
                bindings: Vec::new(),
                generic_internet: false,
            };
            let landed = if preserve {
                sub.leave_subnet(ix.enis[from_node].subnet, Some(from_node), leg, false)
            } else {
                sub.emit(from_node, leg, false)
            };
            if let Some((Landing::Eni(e), at)) = landed {
                if e == *target {
                    sub.side = PathSide::Return;
                    if preserve {
                        // The reply goes back through the NLB, not the target's route table.
                        if let Some(ts) = ix.enis[e].subnet {
                            sub.check_nacl(ts, true, &at.reply());
                        }
                    } else {
                        let back = sub.emit(e, at.reply(), true);
                        if let Some((home, _)) = back {
                            sub.landed_at(home, &Endpoint::Eni(from_node), false);
                        }
                    }
                } else {
                    sub.landed_at(Landing::Eni(e), &Endpoint::Eni(*target), true);
                }
            } else if sub.blockers.is_empty() {
                sub.block(
                    &ix.enis[*target].component,
                    ComponentKind::Instance,
                    ReasonCode::NoPath,
                    "the target cannot be reached from the load balancer".into(),
                    || None,
                );
            }
            let good = sub.blockers.is_empty();
            if best.is_none() || good {
                best = Some(sub);
            }
            if good {
                break;
            }
        }
        let sub = best?;
        self.fwd.extend(sub.fwd);
        self.ret.extend(sub.ret);
        for b in sub.blockers {
            if !self
                .blockers
                .iter()
                .any(|x| x.component == b.component && x.code == b.code)
            {
                self.blockers.push(b);
            }
        }
        if !self.explain && !self.blockers.is_empty() {
            self.halted = true;
            return None;
        }
        Some((node, at_lb))
    }
}

/// The fix for an instance the internet gateway cannot map (I1c): give it an Elastic IP.
/// Other interfaces (NAT gateways, load balancers) get their addresses from AWS, so no fix.
fn elastic_ip_fix(ix: &NetworkIndex, kind: EniKind) -> Option<Fix> {
    let EniKind::Instance(i) = kind else {
        return None;
    };
    let id = ix.net.instances[i].id.clone();
    let addr = fresh_public_ip(ix.net);
    Some(Fix::new(
        format!("associate an Elastic IP ({addr}) with {id}"),
        vec![Edit::SetPublicIp {
            instance: id,
            public_ip: addr,
        }],
    ))
}
