//! A trace through the cluster's network and, when the input has one, the VPC under it:
//! NetworkPolicy egress at the source pod → kube-proxy's Service translation → the VPC path
//! (the existing tracer, from the pod's VPC CNI address) → NetworkPolicy ingress at the
//! destination pod, and the way back.
//!
//! Guarantees: the result is the tracer's own [`Trace`] (same JSON contract), cluster hops use
//! the same hop shape (`pod`, `kubernetes-node` kinds), blockers are in path order and the walk
//! continues past a NetworkPolicy denial like the VPC tracer does past a security group; the
//! only stop is a Service with no endpoint to send to. Unknown endpoints are `Err(FlowError)`.

use std::net::Ipv4Addr;

use super::network_policy::{
    self as np, Connection, Direction, DirectionVerdict, Party, PodInfo, L4,
};
use super::service::{self, Via};
use super::ClusterNetwork;
use crate::network::model::Protocol;
use crate::network::msg::{msg, Text};
use crate::network::trace::{
    Blocker, ComponentKind, DecidingRule, Decision, Flow, FlowError, Hop, HopDirection,
    NetworkIndex, PathSide, ReasonCode, Trace, Verdict, DEFAULT_SOURCE_PORT, INTERNET_HOST,
};

/// A `--from` / `--to` endpoint of a cluster trace.
#[derive(Debug, Clone, Copy)]
pub(super) enum End<'a> {
    Pod(&'a PodInfo),
    Service(&'a super::objects::ServiceDef),
    Node(&'a super::NodeInfo),
    Ingress(&'a super::ingress::IngressPlan),
    /// An address or a VPC endpoint the tracer knows (`internet`, an IP, an instance id…).
    Other,
}

pub(super) fn parse_end<'a>(cn: &'a ClusterNetwork, spec: &str) -> Result<End<'a>, FlowError> {
    let err = |hint: Text| FlowError::UnknownEndpoint {
        spec: spec.to_string(),
        hint,
    };
    let split = |rest: &str| -> (String, String) {
        match rest.split_once('/') {
            Some((ns, n)) => (ns.to_string(), n.to_string()),
            None => ("default".to_string(), rest.to_string()),
        }
    };
    if let Some(rest) = spec.strip_prefix("pod:") {
        let (ns, name) = split(rest);
        return cn
            .pods
            .iter()
            .find(|p| p.namespace == ns && p.name == name)
            .map(End::Pod)
            .ok_or_else(|| {
                let pods = cn.pod_names(&ns);
                err(msg!(
                    "k8s-end-no-pod",
                    "no pod {ns}/{name} exists one minute into the simulated cluster (pods: {pods})",
                    ns,
                    name,
                    pods
                ))
            });
    }
    if let Some(rest) = spec.strip_prefix("service:") {
        let (ns, name) = split(rest);
        return cn
            .objects
            .services
            .iter()
            .find(|s| s.namespace == ns && s.name == name)
            .map(End::Service)
            .ok_or_else(|| {
                err(msg!(
                    "k8s-end-no-service",
                    "the manifests have no Service {ns}/{name}",
                    ns,
                    name
                ))
            });
    }
    if let Some(name) = spec.strip_prefix("node:") {
        return cn
            .nodes
            .iter()
            .find(|n| n.name == name)
            .map(End::Node)
            .ok_or_else(|| {
                err(msg!(
                    "k8s-end-no-node",
                    "the manifests have no node {name}",
                    name
                ))
            });
    }
    if let Some(rest) = spec.strip_prefix("ingress:") {
        let (ns, name) = split(rest);
        let key = format!("{ns}/{name}");
        if cn.network.is_none() {
            return Err(err(msg!(
                "k8s-end-ingress-needs-network",
                "an Ingress's ALB lives in the VPC: add --aws, --design or --terraform"
            )));
        }
        return cn
            .ingresses
            .iter()
            .find(|p| p.key == key)
            .map(End::Ingress)
            .ok_or_else(|| {
                err(msg!(
                    "k8s-end-no-ingress",
                    "no Ingress {key} of class alb in the manifests",
                    key
                ))
            });
    }
    if let Ok(ip) = spec.parse::<Ipv4Addr>() {
        if let Some(p) = cn.pods.iter().find(|p| p.ip == Some(u32::from(ip))) {
            return Ok(End::Pod(p));
        }
    }
    Ok(End::Other)
}

/// Why a pod cannot be an end of a trace: it has no address.
fn no_ip(p: &PodInfo) -> Text {
    let pod = p.key();
    msg!(
        "k8s-end-pod-no-ip",
        "pod {pod} has no IP (it is not running on a node)",
        pod
    )
}

fn l4(p: Protocol) -> Option<L4> {
    match p {
        Protocol::Tcp => Some(L4::Tcp),
        Protocol::Udp => Some(L4::Udp),
        _ => None,
    }
}

fn ip_text(a: u32) -> String {
    Ipv4Addr::from(a).to_string()
}

struct Walk {
    hops: Vec<Hop>,
    return_hops: Vec<Hop>,
    forward_blockers: Vec<Blocker>,
    return_blockers: Vec<Blocker>,
    /// The trace's notes with their message keys (see [`Trace::note_msgs`]).
    notes: Vec<Text>,
}

impl Walk {
    /// One hop: the fields of [`Hop`] in order (a constructor, hence the argument count).
    #[allow(clippy::too_many_arguments)]
    fn hop(
        &mut self,
        component: String,
        kind: ComponentKind,
        direction: HopDirection,
        decision: Decision,
        rule: DecidingRule,
        packet: String,
        explanation: impl Into<Text>,
    ) {
        let after_blocker = !self.forward_blockers.is_empty();
        let text: Text = explanation.into();
        self.hops.push(Hop {
            component,
            kind,
            direction,
            decision,
            rule,
            packet,
            explanation: text.en,
            explanation_msg: text.msg,
            after_blocker,
        });
    }
    fn block(
        &mut self,
        component: String,
        kind: ComponentKind,
        code: ReasonCode,
        explanation: impl Into<Text>,
    ) {
        let text: Text = explanation.into();
        self.forward_blockers.push(Blocker {
            component,
            kind,
            code,
            side: PathSide::Forward,
            explanation: text.en,
            fix: None,
            explanation_msg: text.msg,
        });
    }
    /// A dropping hop and its blocker in one: every Service and node-port refusal reads the
    /// same way, whichever path (ClusterIP, node port, Ingress target) reached it.
    #[allow(clippy::too_many_arguments)]
    fn refuse(
        &mut self,
        component: String,
        direction: HopDirection,
        rule: DecidingRule,
        packet: String,
        code: ReasonCode,
        explanation: impl Into<Text>,
    ) {
        let explanation: Text = explanation.into();
        self.hop(
            component.clone(),
            ComponentKind::KubernetesNode,
            direction,
            Decision::Drop,
            rule,
            packet,
            explanation.clone(),
        );
        self.block(component, ComponentKind::KubernetesNode, code, explanation);
    }
    fn absorb(&mut self, t: Trace) {
        let offset = !self.forward_blockers.is_empty();
        self.hops.extend(t.hops.into_iter().map(|mut h| {
            h.after_blocker |= offset;
            h
        }));
        self.return_hops.extend(t.return_hops);
        for b in t.blockers {
            match b.side {
                PathSide::Forward => self.forward_blockers.push(b),
                PathSide::Return => self.return_blockers.push(b),
            }
        }
        let mut msgs = t.note_msgs.into_iter();
        for en in t.notes {
            let msg = msgs.next().flatten();
            self.note(Text { en, msg });
        }
    }
    /// Adds a note once (every leg through the VPC repeats the tracer's assumptions).
    fn note(&mut self, n: Text) {
        if !self.notes.iter().any(|m| m.en == n.en) {
            self.notes.push(n);
        }
    }
}

fn packet(src: u32, sport: u16, dst: u32, dport: u16, p: L4) -> String {
    format!(
        "{}:{sport} → {}:{dport} {}",
        ip_text(src),
        ip_text(dst),
        p.name().to_ascii_lowercase()
    )
}

/// One direction's NetworkPolicy hop (and blocker) at `pod`.
fn policy_hop(
    w: &mut Walk,
    cn: &ClusterNetwork,
    dir: Direction,
    pod: &PodInfo,
    c: &Connection,
    pkt: &str,
) {
    let v = np::direction(&cn.objects.policies, &cn.objects.namespaces, dir, pod, c);
    let (hop_dir, code) = match dir {
        Direction::Egress => (HopDirection::Outbound, ReasonCode::NetworkPolicyEgress),
        Direction::Ingress => (HopDirection::Inbound, ReasonCode::NetworkPolicyIngress),
    };
    let rule = DecidingRule::Behaviour {
        rule_id: "NP1".into(),
    };
    match v {
        DirectionVerdict::NotIsolated => {
            w.hop(
                format!("pod:{}", pod.key()),
                ComponentKind::Pod,
                hop_dir,
                Decision::Allow,
                rule,
                pkt.into(),
                np::not_isolated_msg(dir, pod),
            );
        }
        DirectionVerdict::Allowed {
            policy, text, said, ..
        } => w.hop(
            format!("networkpolicy:{policy}"),
            ComponentKind::Pod,
            hop_dir,
            Decision::Allow,
            rule,
            pkt.into(),
            crate::network::msg::Text {
                en: text,
                msg: said,
            },
        ),
        DirectionVerdict::Denied { isolating } => {
            let text = np::deny_msg(dir, pod, &isolating, c);
            let first = format!("networkpolicy:{}", isolating[0]);
            w.hop(
                first.clone(),
                ComponentKind::Pod,
                hop_dir,
                Decision::Deny,
                DecidingRule::NoRuleMatched {
                    table: format!("NetworkPolicies selecting pod {}", pod.key()),
                },
                pkt.into(),
                text.clone(),
            );
            w.block(first, ComponentKind::Pod, code, text);
        }
    }
}

/// Traces `flow` through the cluster network, and through the VPC when `ix` is given (an index
/// over [`ClusterNetwork::network`]).
pub fn trace(
    cn: &ClusterNetwork,
    ix: Option<&NetworkIndex>,
    flow: &Flow,
) -> Result<Trace, FlowError> {
    let src = parse_end(cn, &flow.from)?;
    let dst = parse_end(cn, &flow.to)?;
    let Some(proto) = l4(flow.protocol) else {
        // ICMP and "all" are not subject to Services; NetworkPolicy only speaks TCP/UDP/SCTP.
        return match ix {
            Some(ix) => ix.trace(&vpc_flow(flow, &flow.from, &flow.to, flow.port)),
            None => Err(FlowError::UnknownEndpoint {
                spec: flow.to.clone(),
                hint: msg!(
                    "k8s-end-needs-tcp-or-udp",
                    "a cluster-only trace needs --protocol tcp or udp"
                ),
            }),
        };
    };
    let Some(port) = flow.port else {
        return Err(FlowError::PortRequired {
            protocol: flow.protocol.name(),
            from: flow.from.clone(),
            to: flow.to.clone(),
        });
    };
    if matches!((src, dst), (End::Other, End::Other)) {
        return match ix {
            Some(ix) => ix.trace(flow),
            None => Err(FlowError::UnknownEndpoint {
                spec: flow.from.clone(),
                hint: msg!(
                    "k8s-end-needs-cluster-end",
                    "with --manifests alone, one end must be pod:NS/NAME, service:NS/NAME or node:NAME"
                ),
            }),
        };
    }
    let mut w = Walk {
        hops: Vec::new(),
        return_hops: Vec::new(),
        forward_blockers: Vec::new(),
        return_blockers: Vec::new(),
        notes: Vec::new(),
    };
    let sport = flow.src_port.unwrap_or(DEFAULT_SOURCE_PORT);
    // The source's address and where it enters the VPC.
    let (src_addr, src_spec): (u32, String) = match src {
        End::Pod(p) => (p.ip.unwrap_or(0), p.ip.map(ip_text).unwrap_or_default()),
        End::Node(n) => (n.ip.unwrap_or(0), n.ip.map(ip_text).unwrap_or_default()),
        End::Service(s) => {
            return Err(FlowError::UnknownEndpoint {
                spec: format!("service:{}", s.key()),
                hint: msg!(
                    "k8s-end-service-only-destination",
                    "a Service is only a destination; trace from one of its pods"
                ),
            })
        }
        End::Ingress(p) => {
            return Err(FlowError::UnknownEndpoint {
                spec: format!("ingress:{}", p.key),
                hint: msg!(
                    "k8s-end-ingress-only-destination",
                    "an Ingress is only a destination"
                ),
            })
        }
        // An instance or a database sends from its own address: a policy's ipBlock judges that,
        // not the internet's (a name the VPC does not know falls to the internet host).
        End::Other => (
            flow.from
                .parse::<Ipv4Addr>()
                .map(u32::from)
                .ok()
                .or_else(|| ix.and_then(|ix| ix.address_of(&flow.from)))
                .unwrap_or(u32::from(INTERNET_HOST)),
            flow.from.clone(),
        ),
    };
    if let End::Pod(p) = src {
        if p.ip.is_none() {
            return Err(FlowError::UnknownEndpoint {
                spec: flow.from.clone(),
                hint: no_ip(p),
            });
        }
    }
    // The destination pod after kube-proxy, the port it receives on, and the legs through the VPC.
    let mut legs: Vec<(String, String, u16)> = Vec::new();
    let mut policy_src = src_addr;
    let mut pre_trace: Option<Trace> = None;
    let mut other_addr: Option<u32> = None;
    let (dst_pod, dst_port): (Option<&PodInfo>, u16) = match dst {
        End::Pod(p) => {
            if p.ip.is_none() {
                return Err(FlowError::UnknownEndpoint {
                    spec: flow.to.clone(),
                    hint: no_ip(p),
                });
            }
            legs.push((
                src_spec.clone(),
                p.ip.map(ip_text).unwrap_or_default(),
                port,
            ));
            (Some(p), port)
        }
        End::Service(s) => {
            let via = Via::Port(port);
            let vip = s
                .cluster_ip
                .map(|a| format!("{}:{port}", ip_text(a)))
                .unwrap_or_else(|| format!("headless:{port}"));
            match service::resolve(s, &cn.pods, proto, via, None) {
                Ok(r) => {
                    let mut b = r.backend();
                    if s.cluster_ip.is_none() {
                        // Headless: DNS gives the pod's address and the client connects to it
                        // on the port it asked for; nothing translates the port (SV1).
                        b.port = port;
                    }
                    let to = format!("{}:{}", b.pod.ip.map(ip_text).unwrap_or_default(), b.port);
                    let kind = if s.cluster_ip.is_some() {
                        Decision::Translate
                    } else {
                        Decision::Forward
                    };
                    w.hop(
                        format!("service:{}", s.key()),
                        ComponentKind::KubernetesNode,
                        HopDirection::Through,
                        kind,
                        DecidingRule::Translation { from: vip, to },
                        packet(
                            src_addr,
                            sport,
                            s.cluster_ip.or(b.pod.ip).unwrap_or(0),
                            port,
                            proto,
                        ),
                        service::hop_text(s, &r, via),
                    );
                    legs.push((
                        src_spec.clone(),
                        b.pod.ip.map(ip_text).unwrap_or_default(),
                        b.port,
                    ));
                    (Some(b.pod), b.port)
                }
                Err(refusal) => {
                    w.refuse(
                        format!("service:{}", s.key()),
                        HopDirection::Through,
                        DecidingRule::Behaviour {
                            rule_id: "SV2".into(),
                        },
                        packet(src_addr, sport, s.cluster_ip.unwrap_or(0), port, proto),
                        refusal.code,
                        refusal.explanation,
                    );
                    return Ok(finish(flow, w));
                }
            }
        }
        End::Node(n) => {
            let node_ip = n.ip.unwrap_or(0);
            let svc = cn.objects.services.iter().find(|s| {
                s.ports
                    .iter()
                    .any(|p| p.node_port == Some(port) && p.protocol == proto)
            });
            legs.push((
                src_spec.clone(),
                n.ip.map(ip_text).unwrap_or_default(),
                port,
            ));
            let Some(s) = svc else {
                let (proto_name, node) = (proto.name(), &n.name);
                let text = msg!(
                    "k8s-node-port-no-service",
                    "no Service has nodePort {port}/{proto_name}, so kube-proxy on node {node} does not answer on it",
                    port,
                    proto_name,
                    node
                );
                w.refuse(
                    format!("node:{}", n.name),
                    HopDirection::Inbound,
                    DecidingRule::Behaviour {
                        rule_id: "SV4".into(),
                    },
                    packet(src_addr, sport, node_ip, port, proto),
                    ReasonCode::ServicePortMismatch,
                    text,
                );
                run_legs(&mut w, ix, flow, &legs);
                return Ok(finish(flow, w));
            };
            let via = Via::NodePort { port };
            match service::resolve(s, &cn.pods, proto, via, Some(&n.name)) {
                Ok(r) => {
                    let b = r.backend();
                    let to = format!("{}:{}", b.pod.ip.map(ip_text).unwrap_or_default(), b.port);
                    let snat = if s.local_traffic {
                        msg!(
                            "k8s-snat-local",
                            "externalTrafficPolicy: Local keeps the client's address, so the pod's policies see it"
                        )
                    } else {
                        policy_src = node_ip;
                        msg!(
                            "k8s-snat-cluster",
                            "externalTrafficPolicy: Cluster source-NATs to the node's address, so the pod's policies see the node, not the client"
                        )
                    };
                    let (hop, node) = (service::hop_text(s, &r, via), &n.name);
                    w.hop(
                        format!("service:{}", s.key()),
                        ComponentKind::KubernetesNode,
                        HopDirection::Through,
                        Decision::Translate,
                        DecidingRule::Translation {
                            from: format!("{}:{port}", ip_text(node_ip)),
                            to,
                        },
                        packet(src_addr, sport, node_ip, port, proto),
                        msg!(
                            "k8s-node-port-hop",
                            "{hop} on node {node}; {snat}",
                            hop,
                            node,
                            snat
                        ),
                    );
                    if b.pod.node.as_deref() != Some(n.name.as_str()) {
                        legs.push((
                            ip_text(node_ip),
                            b.pod.ip.map(ip_text).unwrap_or_default(),
                            b.port,
                        ));
                    }
                    (Some(b.pod), b.port)
                }
                Err(refusal) => {
                    w.refuse(
                        format!("service:{}", s.key()),
                        HopDirection::Through,
                        DecidingRule::Behaviour {
                            rule_id: "SV4".into(),
                        },
                        packet(src_addr, sport, node_ip, port, proto),
                        refusal.code,
                        refusal.explanation,
                    );
                    run_legs(&mut w, ix, flow, &legs);
                    return Ok(finish(flow, w));
                }
            }
        }
        End::Ingress(plan) => {
            let Some(ix) = ix else {
                return Err(FlowError::UnknownEndpoint {
                    spec: flow.to.clone(),
                    hint: msg!(
                        "k8s-end-ingress-in-vpc",
                        "an Ingress's ALB lives in the VPC"
                    ),
                });
            };
            match ingress_leg(&mut w, cn, ix, flow, plan, &src_spec, proto)? {
                Some((pod, pod_port, seen_from)) => {
                    policy_src = seen_from;
                    (Some(pod), pod_port)
                }
                None => return Ok(finish(flow, w)),
            }
        }
        End::Other => {
            // The VPC tracer knows where a database, an instance or `internet` is: trace first
            // to learn the address the pod's egress policy is judged against.
            if let Some(ix) = ix {
                let t = ix.trace(&vpc_flow(flow, &src_spec, &flow.to, Some(port)))?;
                other_addr = t
                    .hops
                    .first()
                    .and_then(|h| packet_ends(&h.packet))
                    .map(|(_, d)| d);
                pre_trace = Some(t);
            } else {
                legs.push((src_spec.clone(), flow.to.clone(), port));
            }
            (None, port)
        }
    };
    let dst_party = match dst_pod {
        Some(p) => Party::Pod(p),
        None => Party::Host(other_addr.unwrap_or_else(|| {
            flow.to
                .parse::<Ipv4Addr>()
                .map(u32::from)
                .unwrap_or(u32::from(INTERNET_HOST))
        })),
    };
    let dst_addr = dst_pod.and_then(|p| p.ip).unwrap_or(match dst_party {
        Party::Host(a) => a,
        Party::Pod(_) => 0,
    });
    let pkt = packet(src_addr, sport, dst_addr, dst_port, proto);
    // Egress at the source pod (np6: egress AND ingress).
    if let End::Pod(p) = src {
        let c = Connection {
            src: Party::Pod(p),
            dst: dst_party,
            protocol: proto,
            port: dst_port,
        };
        policy_hop(&mut w, cn, Direction::Egress, p, &c, &pkt);
    }
    if let Some(t) = pre_trace {
        w.absorb(t);
    }
    run_legs(&mut w, ix, flow, &legs);
    if let Some(p) = dst_pod {
        let src_party = match (src, policy_src == src_addr) {
            (End::Pod(sp), true) => Party::Pod(sp),
            _ => match cn.pods.iter().find(|q| q.ip == Some(policy_src)) {
                Some(q) => Party::Pod(q),
                None => Party::Host(policy_src),
            },
        };
        let c = Connection {
            src: src_party,
            dst: Party::Pod(p),
            protocol: proto,
            port: dst_port,
        };
        let pkt = packet(policy_src, sport, dst_addr, dst_port, proto);
        policy_hop(&mut w, cn, Direction::Ingress, p, &c, &pkt);
        if ix.is_none() {
            w.hop(
                format!("pod:{}", p.key()),
                ComponentKind::Pod,
                HopDirection::Inbound,
                Decision::Deliver,
                DecidingRule::Behaviour {
                    rule_id: "C10".into(),
                },
                pkt.clone(),
                {
                    let (pod, node) = (p.key(), p.node.as_deref().unwrap_or("?"));
                    msg!(
                        "k8s-delivered",
                        "delivered to pod {pod} on node {node}",
                        pod,
                        node
                    )
                },
            );
        }
    }
    if src_is_pod(src) || dst_pod.is_some() {
        // Replies are not judged again (NP6).
        let replies = msg!("np-replies-allowed", "NetworkPolicies allow the replies of a connection they allowed; they are not evaluated again on the way back");
        w.return_hops.insert(
            0,
            Hop {
                component: match (dst_pod, src) {
                    (Some(p), _) | (None, End::Pod(p)) => format!("pod:{}", p.key()),
                    _ => flow.to.clone(),
                },
                kind: ComponentKind::Pod,
                direction: HopDirection::Outbound,
                decision: Decision::Skip,
                rule: DecidingRule::Behaviour {
                    rule_id: "NP6".into(),
                },
                packet: packet(dst_addr, dst_port, policy_src, sport, proto),
                explanation: replies.en,
                explanation_msg: replies.msg,
                after_blocker: false,
            },
        );
    }
    Ok(finish(flow, w))
}

/// `10.0.1.4:49152 → 10.0.2.9:8080 tcp` → (source, destination) addresses.
pub(super) fn packet_ends(p: &str) -> Option<(u32, u32)> {
    let (a, rest) = p.split_once(" → ")?;
    let b = rest.split_whitespace().next()?;
    let ip = |s: &str| {
        s.rsplit_once(':')
            .and_then(|(ip, _)| ip.parse::<Ipv4Addr>().ok())
            .map(u32::from)
    };
    Some((ip(a)?, ip(b)?))
}

/// The VPC path to the Ingress's ALB and on to a target (docs/SEMANTICS.md#ig2): returns the
/// pod reached, its port and the address its policies see, or `None` when the walk stops.
fn ingress_leg<'a>(
    w: &mut Walk,
    cn: &'a ClusterNetwork,
    ix: &NetworkIndex,
    flow: &Flow,
    plan: &super::ingress::IngressPlan,
    src_spec: &str,
    proto: L4,
) -> Result<Option<(&'a PodInfo, u16, u32)>, FlowError> {
    for n in &plan.notes {
        w.note(n.clone());
    }
    if let Some((component, code, text)) = &plan.refusal {
        w.hop(
            component.clone(),
            ComponentKind::LoadBalancer,
            HopDirection::Through,
            Decision::Drop,
            DecidingRule::Behaviour {
                rule_id: "IG2".into(),
            },
            String::new(),
            text.clone(),
        );
        w.block(
            component.clone(),
            ComponentKind::LoadBalancer,
            *code,
            text.clone(),
        );
        return Ok(None);
    }
    let t = ix.trace(&vpc_flow(flow, src_spec, &plan.lb_id, flow.port))?;
    let last = t.hops.last().cloned();
    w.absorb(t);
    let Some(last) = last else {
        return Ok(None);
    };
    let Some((alb_addr, target_addr)) = packet_ends(&last.packet) else {
        return Ok(None);
    };
    match plan.target_type {
        super::ingress::TargetType::Ip => {
            let Some(pod) = cn.pods.iter().find(|p| p.ip == Some(target_addr)) else {
                return Ok(None);
            };
            let port = last
                .packet
                .split(" → ")
                .nth(1)
                .and_then(|r| r.split_whitespace().next())
                .and_then(|d| d.rsplit_once(':'))
                .and_then(|(_, p)| p.parse().ok())
                .unwrap_or(0);
            Ok(Some((pod, port, alb_addr)))
        }
        super::ingress::TargetType::Instance => {
            let Some(node) = cn.nodes.iter().find(|n| n.ip == Some(target_addr)) else {
                return Ok(None);
            };
            let Some(svc) = plan
                .service
                .as_deref()
                .and_then(|k| cn.objects.services.iter().find(|s| s.key() == k))
            else {
                return Ok(None);
            };
            let node_port = last
                .packet
                .split(" → ")
                .nth(1)
                .and_then(|r| r.split_whitespace().next())
                .and_then(|d| d.rsplit_once(':'))
                .and_then(|(_, p)| p.parse().ok())
                .unwrap_or(0);
            let via = Via::NodePort { port: node_port };
            let pkt = packet(alb_addr, DEFAULT_SOURCE_PORT, target_addr, node_port, proto);
            match service::resolve(svc, &cn.pods, proto, via, Some(&node.name)) {
                Ok(r) => {
                    let b = r.backend();
                    let to = format!("{}:{}", b.pod.ip.map(ip_text).unwrap_or_default(), b.port);
                    let seen = if svc.local_traffic {
                        alb_addr
                    } else {
                        target_addr
                    };
                    w.hop(
                        format!("service:{}", svc.key()),
                        ComponentKind::KubernetesNode,
                        HopDirection::Through,
                        Decision::Translate,
                        DecidingRule::Translation {
                            from: format!("{}:{node_port}", ip_text(target_addr)),
                            to,
                        },
                        pkt,
                        {
                            let (hop, node) = (service::hop_text(svc, &r, via), &node.name);
                            msg!("k8s-hop-on-node", "{hop} on node {node}", hop, node)
                        },
                    );
                    if b.pod.node.as_deref() != Some(node.name.as_str()) {
                        run_legs(
                            w,
                            Some(ix),
                            flow,
                            &[(
                                ip_text(target_addr),
                                b.pod.ip.map(ip_text).unwrap_or_default(),
                                b.port,
                            )],
                        );
                    }
                    Ok(Some((b.pod, b.port, seen)))
                }
                Err(refusal) => {
                    w.refuse(
                        format!("service:{}", svc.key()),
                        HopDirection::Through,
                        DecidingRule::Behaviour {
                            rule_id: "SV4".into(),
                        },
                        pkt,
                        refusal.code,
                        refusal.explanation,
                    );
                    Ok(None)
                }
            }
        }
    }
}

fn src_is_pod(e: End) -> bool {
    matches!(e, End::Pod(_))
}

fn vpc_flow(flow: &Flow, from: &str, to: &str, port: Option<u16>) -> Flow {
    Flow {
        from: from.into(),
        to: to.into(),
        protocol: flow.protocol,
        port,
        src_port: flow.src_port,
        icmp_type: flow.icmp_type,
        icmp_code: flow.icmp_code,
    }
}

/// The VPC parts of the path, by the existing tracer; without a network, one hop saying so.
fn run_legs(w: &mut Walk, ix: Option<&NetworkIndex>, flow: &Flow, legs: &[(String, String, u16)]) {
    for (from, to, port) in legs {
        match ix {
            Some(ix) => match ix.trace(&vpc_flow(flow, from, to, Some(*port))) {
                Ok(t) => w.absorb(t),
                Err(e) => {
                    let e = e.text();
                    let whole = e.msg.is_some();
                    let mut text = msg!(
                        "k8s-note-vpc-untraceable",
                        "the VPC part from {from} to {to} cannot be traced: {e}",
                        from,
                        to,
                        e
                    );
                    if !whole {
                        // An English reason would sit inside a translated frame.
                        text.msg = None;
                    }
                    w.notes.push(text);
                }
            },
            None => w.note(msg!("k8s-note-manifests-only", "the input has only manifests: the VPC (security groups, network ACLs, routes) is not checked; add --aws, --design or --terraform")),
        }
    }
}

fn finish(flow: &Flow, w: Walk) -> Trace {
    let mut blockers = w.forward_blockers;
    blockers.extend(w.return_blockers);
    let verdict = match blockers.first() {
        None => Verdict::Reachable,
        Some(b) => Verdict::Unreachable {
            blocked_by: b.component.clone(),
            code: b.code,
            fix: b.fix.clone(),
            also_blocked_by: blockers[1..].to_vec(),
        },
    };
    Trace {
        flow: flow.clone(),
        verdict,
        hops: w.hops,
        return_hops: w.return_hops,
        blockers,
        note_msgs: w.notes.iter().map(|n| n.msg.clone()).collect(),
        notes: w.notes.into_iter().map(|n| n.en).collect(),
    }
}
