//! Load balancers on the path: the listener, the target group and the second connection a
//! proxying load balancer opens to one target.
//!
//! **Invariants**
//! - The packet needs a listener for its protocol and port (L4, `ELBV2_LISTENERS_MISMATCH`,
//!   with a fix adding one) whose target group has targets in the design
//!   (`ELBV2_LISTENER_HAS_NO_TG`).
//! - The load balancer is a proxy (L2): a new connection from the node in the target's AZ,
//!   from the node's address and a fresh source port; an NLB without security groups keeps
//!   the client's address and port (L6), and its targets reply through it.
//! - Targets are tried in order and the first reachable one is taken; when none is, the
//!   first target's blockers are reported, so the result does not depend on luck.

use super::endpoint::Endpoint;
use super::index::EniIx;
use super::rules::{eni_at, Packet};
use super::text::proto_text;
use super::walk::{lb_node_for, Landing, Mode, Walk};
use super::*;
use crate::network::fix::{Edit, Fix};
use crate::network::lint::label;
use crate::network::model::*;
use crate::network::msg::msg;

impl Walk<'_, '_> {
    /// Listener → target group → one target: the second connection of a proxying LB.
    /// Appends the chosen target leg's hops and blockers; returns the target and its packet.
    pub(super) fn load_balancer_leg(
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
            self.refuse(
                |why| {
                    Hop::at(&model.id, ComponentKind::Listener, HopDirection::Inbound).decided(
                        Decision::Drop,
                        DecidingRule::NoRuleMatched {
                            table: format!("listeners of {}", model.id),
                        },
                        &at_lb,
                        why,
                    )
                },
                &model.id,
                ComponentKind::LoadBalancer,
                ReasonCode::ListenersMismatch,
                || {
                    let ports: Vec<String> = model
                        .listeners
                        .iter()
                        .map(|l| format!("{} {}", l.protocol, l.port))
                        .collect();
                    let proto = proto_text(&at_lb);
                    if ports.is_empty() {
                        msg!(
                            "trace-lb-no-listeners",
                            "load balancer {lb_label} has no listener for {proto}; it listens on nothing",
                            lb_label,
                            proto
                        )
                    } else {
                        msg!(
                            "trace-lb-no-listener",
                            "load balancer {lb_label} has no listener for {proto}; it listens on {ports}",
                            lb_label,
                            proto,
                            ports = ports.join(", ")
                        )
                    }
                },
                || {
                    let tg = model
                        .listeners
                        .first()
                        .and_then(|l| l.target_group.clone())
                        .or_else(|| ix.net.target_groups.first().map(|t| t.id.clone()));
                    Some(Fix::new(
                        msg!("trace-fix-add-listener", "add a listener on port {port} to {lb}", port = at_lb.dst_port, lb = model.id),
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
                    ))
                },
            );
            return None;
        };
        let group = listener
            .target_group
            .as_ref()
            .and_then(|t| ix.net.target_groups.iter().find(|g| &g.id == t));
        // (interface, port, address): an IP target keeps its own address, which may be a
        // secondary address of the interface (a pod under the VPC CNI, target type `ip`).
        let targets: Vec<(EniIx, u16, u32)> = group
            .map(|g| {
                g.targets
                    .iter()
                    .filter_map(|t| {
                        let port = t.port.unwrap_or(g.port);
                        if let Some(&e) = ix.eni_by_id.get(t.id.as_str()) {
                            return Some((e, port, ix.enis[e].private_ip));
                        }
                        let a = u32::from(crate::network::cidr::parse_ip(&t.id)?);
                        eni_at(ix, a).map(|e| (e, port, a))
                    })
                    .collect()
            })
            .unwrap_or_default();
        if targets.is_empty() {
            self.block(
                &model.id,
                ComponentKind::LoadBalancer,
                ReasonCode::ListenerHasNoTargetGroup,
                || {
                    let (protocol, port) = (&listener.protocol, listener.port);
                    if group.is_none() {
                        msg!(
                            "trace-lb-no-target-group",
                            "listener {protocol} {port} of load balancer {lb_label} has no target group",
                            protocol,
                            port,
                            lb_label
                        )
                    } else {
                        msg!(
                            "trace-lb-no-targets",
                            "listener {protocol} {port} of load balancer {lb_label} has a target group with no registered targets in the design",
                            protocol,
                            port,
                            lb_label
                        )
                    }
                },
                || None,
            );
            return None;
        }
        self.hop(|| {
            let tg_id = group.map(|g| g.id.clone()).unwrap_or_default();
            Hop::at(&model.id, ComponentKind::Listener, HopDirection::Inbound).decided(
                Decision::Forward,
                DecidingRule::Listener {
                    port: listener.port,
                    target_group: listener.target_group.clone(),
                },
                &at_lb,
                {
                    let (protocol, port, count) = (&listener.protocol, listener.port, targets.len());
                    if count == 1 {
                        msg!(
                            "trace-lb-forwards-one",
                            "listener {protocol} {port} of load balancer {lb_label} accepts the connection and forwards it to target group {tg_id} ({count} target); the load balancer opens a new connection to the target (it is a proxy)",
                            protocol, port, lb_label, tg_id, count
                        )
                    } else {
                        msg!(
                            "trace-lb-forwards",
                            "listener {protocol} {port} of load balancer {lb_label} accepts the connection and forwards it to target group {tg_id} ({count} targets); the load balancer opens a new connection to the target (it is a proxy)",
                            protocol, port, lb_label, tg_id, count
                        )
                    }
                },
            )
        });
        // NLBs without security groups keep the client address (L6); ALBs use their node address.
        let preserve = model.kind == LoadBalancerKind::Network && !ix.enis[node].has_groups;
        let mut best: Option<Walk> = None;
        for (target, port, addr) in &targets {
            let from_node = lb_node_for(ix, lb, *addr);
            let leg = Packet {
                src: if preserve {
                    at_lb.src
                } else {
                    ix.enis[from_node].private_ip
                },
                dst: *addr,
                src_port: if preserve {
                    at_lb.src_port
                } else {
                    DEFAULT_SOURCE_PORT
                },
                dst_port: *port,
                ..at_lb
            };
            let mut sub = Walk::new(ix, mode, false);
            sub.steps = self.steps;
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
                    || {
                        msg!(
                            "trace-lb-target-unreachable",
                            "the target cannot be reached from the load balancer"
                        )
                    },
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
