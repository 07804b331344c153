//! The walk: moves a packet hop by hop through the indexed network, forward then back.
//!
//! **Invariants**
//! - This file only drives the path (source, forward path, load-balancer leg, return path)
//!   and records what happened; what each kind of component decides lives in the module
//!   named after it (`security_group`, `nacl`, `subnet`, `route`, `interface`,
//!   `internet_gateway`, `nat_gateway`, `peering`, `transit_gateway`, `vpn_gateway`,
//!   `amazon_service`, `aws_services`, `vpc_endpoint`, `load_balancer`).
//! - Every hop is built by [`Hop::at`] and recorded by [`Walk::hop`]; every blocker is
//!   recorded by [`Walk::block`]. In [`Mode::VerdictOnly`] (the matrix's hot path) neither
//!   builds a string or a fix: the closures that would are never called, and the first
//!   blocker halts the walk.

use super::endpoint::{resolve, Endpoint, Resolved};
use super::index::{EniIx, EniKind, NetworkIndex, Remote};
use super::rules::{eni_at, Packet};
use super::text::{ip, sentence};
use super::*;
use crate::network::lint::label;
use crate::network::msg::{msg, Text};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Explain,
    VerdictOnly,
}

/// Where a packet ends up after a stretch of the path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Landing {
    Eni(EniIx),
    Internet,
    Service(usize),
    /// The on-premises network behind a VPN (T4, G2).
    OnPremises(Remote),
}

/// The landing and the packet as it arrived there, or `None` when the walk stopped.
pub(super) type Step = Option<(Landing, Packet)>;

/// A source translation to undo on the reply (NAT gateway or NAT instance).
#[derive(Clone, Copy, Debug)]
pub(super) struct Binding {
    pub(super) at: EniIx,
    pub(super) original_src: u32,
    pub(super) original_port: u16,
    pub(super) new_src: u32,
    pub(super) new_port: u16,
}

pub(super) struct Walk<'i, 'a> {
    pub(super) ix: &'i NetworkIndex<'a>,
    pub(super) explain: bool,
    pub(super) side: PathSide,
    pub(super) fwd: Vec<Hop>,
    pub(super) ret: Vec<Hop>,
    pub(super) blockers: Vec<Blocker>,
    pub(super) halted: bool,
    pub(super) steps: u32,
    pub(super) bindings: Vec<Binding>,
    /// The source or destination is the word `internet`: fixes open 0.0.0.0/0.
    pub(super) generic_internet: bool,
    /// The attachment subnet where the packet last entered a transit gateway (its zone is
    /// the one it leaves in, T11).
    pub(super) tgw_entry_zone: Option<usize>,
    /// Appliance-mode attachments and the subnet chosen for this flow (T11).
    pub(super) tgw_pinned: Vec<(usize, usize)>,
}

/// The first half of a hop: where it happens. [`HopAt::decided`] completes it.
pub(super) struct HopAt {
    component: String,
    kind: ComponentKind,
    direction: HopDirection,
}

impl Hop {
    /// The one way the walk builds a hop, so that every hop has all its parts and
    /// `after_blocker` and the sentence form are settled in one place ([`Walk::hop`]).
    pub(super) fn at(
        component: impl Into<String>,
        kind: ComponentKind,
        direction: HopDirection,
    ) -> HopAt {
        HopAt {
            component: component.into(),
            kind,
            direction,
        }
    }
}

impl HopAt {
    pub(super) fn decided(
        self,
        decision: Decision,
        rule: DecidingRule,
        packet: &Packet,
        explanation: impl Into<Text>,
    ) -> Hop {
        self.decided_described(decision, rule, packet.describe(), explanation)
    }

    /// [`HopAt::decided`] with the packet already described (an IPv6 packet, X1).
    pub(super) fn decided_described(
        self,
        decision: Decision,
        rule: DecidingRule,
        packet: String,
        explanation: impl Into<Text>,
    ) -> Hop {
        let explanation = explanation.into();
        Hop {
            component: self.component,
            kind: self.kind,
            direction: self.direction,
            decision,
            rule,
            packet,
            explanation: explanation.en,
            explanation_msg: explanation.msg,
            after_blocker: false,
        }
    }
}

pub fn run(ix: &NetworkIndex, flow: &Flow, mode: Mode) -> Result<Trace, FlowError> {
    if let Some(t) = super::ipv6::run(ix, flow, mode) {
        return t;
    }
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
) -> Result<(Walk<'i, 'a>, Vec<Text>), FlowError> {
    // An interface endpoint named by its id answers from its interface in the source's zone.
    let dst = &super::interface_endpoint::same_zone(ix, flow, src, dst);
    // An AWS service is reached through a gateway endpoint, an interface endpoint or its
    // public endpoint, as the source's route table and DNS decide (W2–W4).
    let (chosen, service_path) = super::aws_services::choose(ix, src, dst);
    let dst = &chosen;
    let generic = matches!(src.endpoint, Endpoint::Internet { generic: true, .. })
        || matches!(dst.endpoint, Endpoint::Internet { generic: true, .. });
    let mut w = Walk::new(ix, mode, generic);
    let packet = first_packet(ix, flow, src, dst)?;
    let mut notes = Vec::new();
    if w.explain {
        notes.push(msg!(
            "trace-note-assumptions",
            "source port {port} (a client's ephemeral port); security groups are stateful, network ACLs are not; a blackhole route drops traffic without falling back to a shorter route (an assumption of this simulator)",
            port = packet.src_port
        ));
        if let (Some(n), Some(path)) = (dst.service, service_path) {
            notes.extend(super::aws_services::path_note(ix, n, path, packet.dst));
        }
        // Q5: an endpoint the capture only implies (an instance known from its interface, a
        // database whose address is derived) says so.
        if let Some(capture) = &ix.net.capture {
            for e in [&src.endpoint, &dst.endpoint] {
                if let Endpoint::Eni(i) = e {
                    let id = &ix.enis[*i].component;
                    if let Some(why) = capture.assumed.get(id) {
                        notes.push(assumed_note(id, why));
                    }
                }
            }
        }
        // Q5: an instance named by its id uses its primary interface; say so when it has more.
        for (r, spec, source) in [(src, &flow.from, true), (dst, &flow.to, false)] {
            if let Some(note) = primary_interface_note(ix, r, spec, source) {
                notes.push(note);
            }
        }
        for e in [&src.endpoint, &dst.endpoint] {
            if let Endpoint::LoadBalancer(lb) = e {
                let nodes: Vec<Text> = ix.lbs[*lb]
                    .nodes
                    .iter()
                    .map(|n| {
                        let node = &ix.enis[*n];
                        let subnet = node
                            .subnet
                            .map(|s| ix.net.subnets[s].id.as_str())
                            .unwrap_or("?");
                        let ip = ip(node.private_ip);
                        match node.public_ip {
                            Some(p) => msg!(
                                "trace-note-lb-node-public",
                                "{ip} in {subnet}, public {public}",
                                ip,
                                subnet,
                                public = super::text::ip(p)
                            ),
                            None => msg!("trace-note-lb-node", "{ip} in {subnet}", ip, subnet),
                        }
                    })
                    .collect();
                notes.push(msg!(
                    "trace-note-lb-nodes",
                    "load balancer {lb} has one node per subnet; AWS CLI output does not list node addresses, so the simulator assigns them: {nodes}",
                    lb = ix.net.load_balancers[*lb].id,
                    nodes = Text::join(nodes, "; ")
                ));
            }
        }
    }

    // A captured instance that is not running sends and receives nothing (Q4).
    for (e, source) in [(&src.endpoint, true), (&dst.endpoint, false)] {
        let Endpoint::Eni(i) = *e else { continue };
        let EniKind::Instance(n) = ix.enis[i].kind else {
            continue;
        };
        let inst = &ix.net.instances[n];
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
    if !w.blockers.is_empty() {
        return Ok((w, notes));
    }
    // A service as the source, and API Gateway behind a private-DNS endpoint (W5, W7).
    if !w.aws_service_source(src, dst, &packet) || !w.aws_service_gate(dst, service_path) {
        return Ok((w, notes));
    }
    // Interface endpoints answer TCP only and start nothing (E7, E8).
    if !w.interface_endpoint_gate(&src.endpoint, &dst.endpoint, &packet, &mut notes) {
        return Ok((w, notes));
    }

    // VPCs that no peering connection or internet path joins cannot talk at all (RA's
    // configuration code DISCONNECTED_VPCS), whatever the routes say. Internet ↔ VPC flows
    // are walked instead, so a missing or detached internet gateway gets its own fix.
    let vpc_of = |e: &Endpoint| match *e {
        Endpoint::Eni(e) => ix.enis[e].vpc,
        Endpoint::LoadBalancer(lb) => ix.lbs[lb].nodes.first().and_then(|n| ix.enis[*n].vpc),
        Endpoint::Internet { .. }
        | Endpoint::OnPremises { .. }
        | Endpoint::AmazonService { .. } => None,
    };
    let (src_vpc, dst_vpc) = (vpc_of(&src.endpoint), vpc_of(&dst.endpoint));
    if src_vpc.is_some() && dst_vpc.is_some() && !ix.connected(src_vpc, dst_vpc) {
        let name = |v: Option<usize>| match v {
            Some(v) => msg!("trace-name-vpc", "VPC {id}", id = ix.net.vpcs[v].id),
            None => msg!("trace-name-internet", "the internet"),
        };
        let component = src_vpc
            .map(|v| ix.net.vpcs[v].id.clone())
            .unwrap_or_default();
        w.block(
            &component,
            ComponentKind::Vpc,
            ReasonCode::DisconnectedVpcs,
            || msg!(
                "trace-disconnected-vpcs",
                "{a} and {b} are not connected: no peering connection or transit gateway joins them and they cannot reach each other through internet gateways, so no route table can send traffic between them",
                a = name(src_vpc),
                b = name(dst_vpc)
            ),
            || None,
        );
        return Ok((w, notes));
    }

    // Amazon-provided addresses answer without a route, a group or an ACL (D1–D3).
    if let Endpoint::AmazonService { service, vpc, .. } = dst.endpoint {
        w.amazon_service(&src.endpoint, service, vpc, packet);
        return Ok((w, notes));
    }
    if let Endpoint::AmazonService { service, .. } = src.endpoint {
        w.block(
            &flow.from,
            ComponentKind::AwsService,
            ReasonCode::NoPath,
            || {
                msg!(
                    "trace-service-starts-nothing",
                    "{service} only answers requests; it does not start connections",
                    service = service.words()
                )
            },
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
        Endpoint::OnPremises { via, .. } => w.enter_from_premises(via, packet, false),
        Endpoint::AmazonService { .. } => None,
    };
    let Some((landing, at_dst)) = landed else {
        return Ok((w, notes));
    };
    if !w.landed_at(landing, &dst.endpoint, true) {
        return Ok((w, notes));
    }
    // The service's own hop: what it answers (W2–W4).
    if let Some(n) = dst.service {
        if !w.aws_service_arrival(n, service_path, landing, &at_dst) {
            return Ok((w, notes));
        }
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
        Landing::OnPremises(k) => w.enter_from_premises(k, reply, true),
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
        Endpoint::Internet { .. }
        | Endpoint::OnPremises { .. }
        | Endpoint::AmazonService { .. } => None,
    };
    let on_premises = matches!(src.endpoint, Endpoint::OnPremises { .. });
    // Private address when the source can reach it privately (same, peered or
    // transit-gateway-joined VPC, or on premises over a VPN), else public.
    let pick = |e: EniIx| -> u32 {
        let eni = &ix.enis[e];
        let private_ok = on_premises
            || match (src_vpc, eni.vpc) {
                (Some(a), Some(b)) => {
                    a == b || ix.pcx_between(a, b).is_some() || ix.tgw_joined(a, b)
                }
                // A capture without the subnets still says which VPC each instance is in (Q5).
                _ => match (src.endpoint, ix.net.capture.as_ref()) {
                    (Endpoint::Eni(s), Some(c)) => {
                        let vpc = |e: EniIx| match ix.enis[e].kind {
                            EniKind::Instance(n) => c.instance_vpcs.get(&ix.net.instances[n].id),
                            _ => None,
                        };
                        vpc(s).is_some() && vpc(s) == vpc(e)
                    }
                    _ => false,
                },
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
        (
            None,
            Endpoint::Internet { addr, .. }
            | Endpoint::OnPremises { addr, .. }
            | Endpoint::AmazonService { addr, .. },
        ) => addr,
    };
    let src_addr = match src.endpoint {
        // A pod (a secondary address of the node's interface) sends from its own address.
        Endpoint::Eni(e) => src
            .addr
            .filter(|a| ix.enis[e].secondary_ips.contains(a))
            .unwrap_or(ix.enis[e].private_ip),
        Endpoint::LoadBalancer(lb) => ix.enis[lb_node_for(ix, lb, dst_addr)].private_ip,
        Endpoint::Internet { addr, .. }
        | Endpoint::OnPremises { addr, .. }
        | Endpoint::AmazonService { addr, .. } => addr,
    };
    let dst_port = match flow.protocol {
        Protocol::Tcp | Protocol::Udp => match flow.port {
            Some(p) => p,
            None => default_port(ix, &dst.endpoint)
                // AWS services answer HTTPS (W4).
                .or(dst.service.map(|_| 443))
                .ok_or_else(|| FlowError::PortRequired {
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
            EniKind::InterfaceEndpoint { .. } => Some(super::interface_endpoint::DEFAULT_PORT),
            EniKind::Cache(n) => Some(super::aws_services::cache_port(&ix.net.aws_services[n])),
            _ => None,
        },
        Endpoint::LoadBalancer(lb) => ix.net.load_balancers[*lb].listeners.first().map(|l| l.port),
        Endpoint::AmazonService { service, .. } => Some(service.port()),
        Endpoint::Internet { .. } | Endpoint::OnPremises { .. } => None,
    }
}

/// When a flow names an instance with several interfaces by its id (or name), the note that
/// it uses the primary one, and how to pick another (Q5).
fn primary_interface_note(
    ix: &NetworkIndex,
    r: &Resolved,
    spec: &str,
    source: bool,
) -> Option<Text> {
    let Endpoint::Eni(e) = r.endpoint else {
        return None;
    };
    let eni = &ix.enis[e];
    let EniKind::Instance(n) = eni.kind else {
        return None;
    };
    let inst = &ix.net.instances[n];
    if eni.interface.is_some() || inst.network_interfaces.is_empty() || r.addr.is_some() {
        return None;
    }
    let primary = inst.eni_id.as_deref().unwrap_or("");
    if spec.trim() == primary {
        return None;
    }
    let (instance, addr) = (label(&inst.name, &inst.id), ip(eni.private_ip));
    let others = inst
        .network_interfaces
        .iter()
        .map(|f| f.id.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    Some(if source {
        msg!(
            "trace-note-primary-interface-source",
            "the flow starts at instance {instance} by its id, so it leaves through the primary interface ({addr}); to send from another of its interfaces ({others}), name that interface or one of its addresses",
            instance,
            addr,
            others
        )
    } else {
        msg!(
            "trace-note-primary-interface-destination",
            "the flow goes to instance {instance} by its id, so it is sent to the primary interface ({addr}); to reach another of its interfaces ({others}), name that interface or one of its addresses",
            instance,
            addr,
            others
        )
    })
}

/// A capture's note on a component it only implies (Q5).
pub(super) fn assumed_note(id: &str, why: &str) -> Text {
    msg!(
        "trace-note-assumed",
        "{id} is {why}; this verdict rests on that assumption",
        id,
        why
    )
}

/// The load-balancer node in the AZ of `toward` if there is one, else the first node.
pub(super) fn lb_node_for(ix: &NetworkIndex, lb: usize, toward: u32) -> EniIx {
    let nodes = &ix.lbs[lb].nodes;
    let az_of = |s: Option<usize>| s.map(|s| ix.net.subnets[s].availability_zone.as_str());
    let target_az = eni_at(ix, toward).and_then(|e| az_of(ix.enis[e].subnet));
    nodes
        .iter()
        .copied()
        .find(|n| target_az.is_some() && az_of(ix.enis[*n].subnet) == target_az)
        .unwrap_or(nodes[0])
}

pub(super) fn eni_kind(ix: &NetworkIndex, e: EniIx) -> ComponentKind {
    match ix.enis[e].kind {
        EniKind::Instance(_) => ComponentKind::Instance,
        EniKind::Nat(_) => ComponentKind::NatGateway,
        EniKind::LbNode { .. } => ComponentKind::LoadBalancer,
        EniKind::Database(_) => ComponentKind::Database,
        EniKind::InterfaceEndpoint { .. } => ComponentKind::VpcEndpoint,
        EniKind::Cache(_) => ComponentKind::AwsService,
    }
}

/// An interface as a learner knows it: by what it belongs to, with its name.
pub(super) fn eni_label(ix: &NetworkIndex, e: EniIx) -> Text {
    let eni = &ix.enis[e];
    let net = ix.net;
    match eni.kind {
        EniKind::Instance(i) => {
            let inst = &net.instances[i];
            let name = label(&inst.name, &inst.id);
            // With several interfaces, say which one (Q5).
            match (eni.interface, inst.eni_id.as_deref()) {
                (Some(k), _) => msg!(
                    "trace-name-instance-interface",
                    "instance {name}, interface {eni}",
                    name,
                    eni = inst.network_interfaces[k].id
                ),
                (None, Some(eni)) if !inst.network_interfaces.is_empty() => msg!(
                    "trace-name-instance-primary",
                    "instance {name}, primary interface {eni}",
                    name,
                    eni
                ),
                _ => msg!("trace-name-instance", "instance {name}", name),
            }
        }
        EniKind::Nat(n) => msg!(
            "trace-name-nat-gateway",
            "NAT gateway {name}",
            name = net.nat_gateways[n].id
        ),
        EniKind::LbNode { lb, .. } => msg!(
            "trace-name-load-balancer",
            "load balancer {name}",
            name = label(&net.load_balancers[lb].name, &net.load_balancers[lb].id)
        ),
        EniKind::Database(d) => msg!(
            "trace-name-database",
            "database {name}",
            name = label(&net.databases[d].name, &net.databases[d].id)
        ),
        EniKind::InterfaceEndpoint { endpoint, node } => {
            super::interface_endpoint::label_of(net, endpoint, node)
        }
        EniKind::Cache(n) => super::aws_services::cache_label(&net.aws_services[n]),
    }
}

impl<'i, 'a> Walk<'i, 'a> {
    pub(super) fn new(ix: &'i NetworkIndex<'a>, mode: Mode, generic_internet: bool) -> Self {
        Walk {
            ix,
            explain: mode == Mode::Explain,
            side: PathSide::Forward,
            fwd: Vec::new(),
            ret: Vec::new(),
            blockers: Vec::new(),
            halted: false,
            steps: 0,
            bindings: Vec::new(),
            generic_internet,
            tgw_entry_zone: None,
            tgw_pinned: Vec::new(),
        }
    }

    pub(super) fn finish(self, flow: &Flow, mut notes: Vec<Text>) -> Trace {
        // Q2, Q5: a verdict that goes through a component the capture did not hold says so.
        if let Some(capture) = &self.ix.net.capture {
            let mut seen = std::collections::BTreeSet::new();
            for h in self.fwd.iter().chain(&self.ret) {
                if let Some(why) = capture.assumed.get(&h.component) {
                    let note = assumed_note(&h.component, why);
                    if seen.insert(h.component.as_str()) && !notes.iter().any(|n| n.en == note.en) {
                        notes.push(note);
                    }
                }
            }
            super::prefix_list::capture_notes(
                self.ix,
                &self.fwd,
                &self.ret,
                &self.blockers,
                &mut notes,
            );
            if self
                .blockers
                .iter()
                .any(|b| b.code == ReasonCode::NotInCapture)
            {
                notes.push(msg!("trace-note-not-in-capture", "the verdict depends on a component not in the capture: capture it (aws ec2 describe-…) to know"));
            }
        }
        let verdict = match self.blockers.first() {
            None => Verdict::Reachable,
            Some(first) => Verdict::Unreachable {
                blocked_by: first.component.clone(),
                code: first.code,
                fix: first.fix.clone(),
                also_blocked_by: self.blockers[1..].to_vec(),
            },
        };
        let note_msgs = notes.iter().map(|n| n.msg.clone()).collect();
        Trace {
            flow: flow.clone(),
            verdict,
            hops: self.fwd,
            return_hops: self.ret,
            blockers: self.blockers,
            notes: notes.into_iter().map(|n| n.en).collect(),
            note_msgs,
        }
    }

    /// Records a hop; `make` is only called when explaining.
    pub(super) fn hop(&mut self, make: impl FnOnce() -> Hop) {
        if self.explain {
            let mut h = make();
            h.after_blocker = !self.blockers.is_empty()
                && h.decision != Decision::Deny
                && h.decision != Decision::Drop;
            h.explanation = sentence(std::mem::take(&mut h.explanation));
            match self.side {
                PathSide::Forward => self.fwd.push(h),
                PathSide::Return => self.ret.push(h),
            }
        }
    }

    /// Records a blocker; returns whether to keep following the path (blocked-path
    /// analysis). The prose and the fix are only built when explaining: verdict-only walks
    /// keep the component and the code, and halt.
    pub(super) fn block<T: Into<Text>>(
        &mut self,
        component: &str,
        kind: ComponentKind,
        code: ReasonCode,
        explanation: impl FnOnce() -> T,
        fix: impl FnOnce() -> Option<Fix>,
    ) -> bool {
        if self
            .blockers
            .iter()
            .any(|b| b.component == component && b.code == code)
        {
            return self.explain;
        }
        let (explanation, fix) = if self.explain {
            let t = explanation().into();
            (
                Text {
                    en: sentence(t.en),
                    msg: t.msg,
                },
                fix(),
            )
        } else {
            self.halted = true;
            (Text::default(), None)
        };
        self.blockers.push(Blocker {
            component: component.into(),
            kind,
            code,
            side: self.side,
            explanation: explanation.en,
            fix,
            explanation_msg: explanation.msg,
        });
        self.explain
    }

    /// A hop that stops the packet and the blocker it stands for, sharing one explanation;
    /// `hop` receives that explanation. Returns whether to keep following the path.
    pub(super) fn refuse<T: Into<Text>>(
        &mut self,
        hop: impl FnOnce(Text) -> Hop,
        component: &str,
        kind: ComponentKind,
        code: ReasonCode,
        explanation: impl FnOnce() -> T,
        fix: impl FnOnce() -> Option<Fix>,
    ) -> bool {
        if !self.explain {
            return self.block(component, kind, code, Text::default, || None);
        }
        let why: Text = explanation().into();
        self.hop(|| hop(why.clone()));
        self.block(component, kind, code, || why, fix)
    }

    /// Did the packet end where it was sent? If not, that is a blocker of its own.
    pub(super) fn landed_at(&mut self, landing: Landing, want: &Endpoint, forward: bool) -> bool {
        let ok = match (landing, want) {
            (Landing::Eni(e), Endpoint::Eni(w)) => e == *w,
            (Landing::Eni(e), Endpoint::LoadBalancer(lb)) => self.ix.lbs[*lb].nodes.contains(&e),
            (Landing::Internet | Landing::Service(_), Endpoint::Internet { .. }) => true,
            (Landing::OnPremises(r), Endpoint::OnPremises { addr, .. }) => {
                self.ix.remote_covers(r, *addr)
            }
            _ => false,
        };
        if !ok {
            let at: Text = match landing {
                Landing::Eni(e) => self.ix.enis[e].component.as_str().into(),
                Landing::Internet => msg!("trace-name-internet", "the internet"),
                Landing::Service(v) => self.ix.net.vpc_endpoints[v].id.as_str().into(),
                Landing::OnPremises(r) => self.ix.remote_id(r).into(),
            };
            self.block(
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
}
