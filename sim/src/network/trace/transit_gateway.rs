//! Transit gateways on the path: VPC, VPN and peering attachments, route-table associations,
//! static and propagated routes.
//!
//! **Invariants**
//! - A VPC reaches a transit gateway only through its own attachment, and only from an
//!   availability zone where that attachment has a subnet (T3); the attachment subnet's
//!   network ACL applies inbound on the way in and outbound on the way out (T12).
//! - The route table that decides is the one the arrival attachment is associated with;
//!   an unassociated attachment routes nothing (T5, `UNASSOCIATED_COMPONENT`).
//! - Longest prefix wins; for the same CIDR a static route beats a propagated one (T7); a
//!   blackhole route drops (T8, `BAD_STATE_ROUTE`); no match is `NO_ROUTE_TO_DESTINATION`.
//! - Leaving towards a VPC, the packet comes out of the attachment's interface in the zone it
//!   entered in when there is one (appliance mode pins one interface for both directions,
//!   T11), then follows that subnet's route table like any packet (T12).
//! - Every hop names the gateway, the route table, the route and the attachment that decided;
//!   after a blocker the walk follows the most plausible path (blocked-path analysis).

use super::index::{Remote, TgwRouteIx};
use super::rules::Packet;
use super::text::ip;
use super::walk::{Landing, Step, Walk};
use super::*;
use crate::network::model::*;
use crate::network::msg::{msg, Text};

fn lookup_tgw<'i>(ix: &'i NetworkIndex, table: usize, dst: u32) -> Option<&'i TgwRouteIx> {
    ix.tgw_lookup(table, dst)
}

fn origin_text(o: TgwRouteOrigin) -> &'static str {
    match o {
        TgwRouteOrigin::Static => "static",
        TgwRouteOrigin::Propagated => "propagated",
    }
}

impl Walk<'_, '_> {
    /// A packet routed from subnet `s` to transit gateway `g` (T3, T10).
    pub(super) fn transit_gateway(&mut self, s: usize, g: usize, p: Packet, reply: bool) -> Step {
        let ix = self.ix;
        let net = ix.net;
        let tgw_id = net.transit_gateways[g].id.as_str();
        let vpc = ix.subnets[s].vpc;
        let vpc_id = vpc.map(|v| net.vpcs[v].id.as_str()).unwrap_or("?");
        let Some(&k) = vpc.and_then(|v| ix.tgw_vpc_attachment.get(&(v, g))) else {
            // AWS only accepts a route to a transit gateway from an attached VPC, so in a
            // capture the attachment exists and was simply not in the files (Q2).
            if net.is_capture() {
                self.block(
                    tgw_id,
                    ComponentKind::TransitGateway,
                    ReasonCode::NotInCapture,
                    || msg!(
                        "trace-tgw-attachment-not-captured",
                        "the route table of subnet {subnet} sends {dst} to transit gateway {tgw_id}; the attachment of VPC {vpc_id} to it is not in the capture, so the path past the gateway depends on components not seen",
                        subnet = ix.subnet_name(s),
                        dst = ip(p.dst),
                        tgw_id,
                        vpc_id
                    ),
                    || None,
                );
                return None;
            }
            self.block(
                tgw_id,
                ComponentKind::TransitGateway,
                ReasonCode::BadStateAttachment,
                || msg!(
                    "trace-tgw-vpc-not-attached",
                    "the route table of subnet {subnet} sends {dst} to transit gateway {tgw_id}, but VPC {vpc_id} has no attachment to it; a transit gateway only takes traffic from VPCs attached to it",
                    subnet = ix.subnet_name(s),
                    dst = ip(p.dst),
                    tgw_id,
                    vpc_id
                ),
                || None,
            );
            return None;
        };
        let att = &net.transit_gateway_attachments[k];
        let subnets = &ix.tgw_attachments[k].subnets;
        let az = net.subnets[s].availability_zone.as_str();
        let entry = match subnets
            .iter()
            .copied()
            .find(|x| net.subnets[*x].availability_zone == az)
        {
            Some(e) => e,
            None => {
                let zones = || {
                    let z: Vec<&str> = subnets
                        .iter()
                        .map(|x| net.subnets[*x].availability_zone.as_str())
                        .collect();
                    if z.is_empty() {
                        msg!("trace-tgw-no-subnet-at-all", "no subnet at all")
                    } else {
                        msg!(
                            "trace-tgw-subnets-only-in",
                            "subnets only in {zones}",
                            zones = z.join(", ")
                        )
                    }
                };
                let go_on = self.block(
                    &att.id,
                    ComponentKind::TransitGatewayAttachment,
                    ReasonCode::BadStateAttachment,
                    || msg!(
                        "trace-tgw-zone-without-subnet",
                        "subnet {subnet} is in {az}, but attachment {att} of VPC {vpc_id} to {tgw_id} has {zones}; resources in an availability zone without an attachment subnet cannot reach the transit gateway",
                        subnet = ix.subnet_name(s),
                        az,
                        att = att.id,
                        vpc_id,
                        tgw_id,
                        zones = zones()
                    ),
                    || None,
                );
                match (go_on, subnets.first()) {
                    (true, Some(e)) => *e,
                    _ => return None,
                }
            }
        };
        if !self.attachment_usable(k) {
            return None;
        }
        // T12: into the attachment subnet (its ACL inbound), unless the packet is already there.
        if entry != s && !self.check_nacl(entry, false, &p) {
            return None;
        }
        self.tgw_entry_zone = Some(entry);
        self.hop(|| {
            Hop::at(
                &att.id,
                ComponentKind::TransitGatewayAttachment,
                HopDirection::Inbound,
            )
            .decided(
                Decision::Forward,
                DecidingRule::behaviour("T3"),
                &p,
                msg!(
                    "trace-tgw-enters",
                    "the packet enters transit gateway {tgw_id} through attachment {att} of VPC {vpc_id}, whose interface in {az} is in subnet {subnet}",
                    tgw_id,
                    att = att.id,
                    vpc_id,
                    az,
                    subnet = ix.subnet_name(entry)
                ),
            )
        });
        self.tgw_route(g, k, p, reply)
    }

    /// A packet from the on-premises side of VPN attachment `k` enters its transit gateway.
    pub(super) fn enter_from_tgw_vpn(&mut self, k: usize, p: Packet, reply: bool) -> Step {
        let ix = self.ix;
        let att = &ix.net.transit_gateway_attachments[k];
        let Some(g) = ix.tgw_attachments[k].tgw else {
            self.block(
                &att.id,
                ComponentKind::TransitGatewayAttachment,
                ReasonCode::BadState,
                || {
                    msg!(
                        "trace-tgw-attachment-unknown-gateway",
                        "attachment {att} belongs to transit gateway {tgw}, which is not in the design",
                        att = att.id,
                        tgw = att.transit_gateway_id
                    )
                },
                || None,
            );
            return None;
        };
        if !self.attachment_usable(k) {
            return None;
        }
        self.hop(|| {
            Hop::at(
                &att.id,
                ComponentKind::TransitGatewayAttachment,
                HopDirection::Inbound,
            )
            .decided(
                Decision::Forward,
                DecidingRule::behaviour("T4"),
                &p,
                {
                    let (att_id, tgw) = (&att.id, &att.transit_gateway_id);
                    match att.vpn_connection_id.as_deref() {
                        Some(vpn) => msg!(
                            "trace-tgw-from-vpn-connection",
                            "the on-premises network sends the packet over VPN attachment {att_id} (VPN connection {vpn}) to transit gateway {tgw}",
                            att_id,
                            vpn,
                            tgw
                        ),
                        None => msg!(
                            "trace-tgw-from-vpn",
                            "the on-premises network sends the packet over VPN attachment {att_id} to transit gateway {tgw}",
                            att_id,
                            tgw
                        ),
                    }
                },
            )
        });
        self.tgw_route(g, k, p, reply)
    }

    /// Only an `available` attachment carries traffic (T2). Returns whether to go on.
    fn attachment_usable(&mut self, k: usize) -> bool {
        let att = &self.ix.net.transit_gateway_attachments[k];
        if att.state == TgwAttachmentState::Available {
            return true;
        }
        self.block(
            &att.id,
            ComponentKind::TransitGatewayAttachment,
            ReasonCode::BadStateAttachment,
            || {
                msg!(
                    "trace-tgw-attachment-not-available",
                    "attachment {att} is {state}, not available, so it carries no traffic",
                    att = att.id,
                    state = serde_json::to_value(att.state)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default()
                )
            },
            || None,
        )
    }

    /// The transit gateway `g` routes a packet that arrived on attachment `k` (T5–T8).
    fn tgw_route(&mut self, g: usize, k: usize, p: Packet, reply: bool) -> Step {
        if self.halted {
            return None;
        }
        let ix = self.ix;
        let net = ix.net;
        self.steps += 1;
        if self.steps > MAX_STEPS {
            self.block(
                &net.transit_gateways[g].id,
                ComponentKind::TransitGateway,
                ReasonCode::RoutingLoop,
                || msg!("trace-routing-loop", "the packet was forwarded {steps} times without arriving; the routes form a loop", steps = MAX_STEPS),
                || None,
            );
            self.halted = true;
            return None;
        }
        let tgw_id = net.transit_gateways[g].id.as_str();
        let att_id = net.transit_gateway_attachments[k].id.as_str();
        let table = match ix.tgw_assoc.get(&(g, k)).copied() {
            Some(t) => t,
            None => {
                let go_on = self.block(
                    att_id,
                    ComponentKind::TransitGatewayAttachment,
                    ReasonCode::UnassociatedComponent,
                    || msg!(
                        "trace-tgw-unassociated",
                        "attachment {att_id} is not associated with any route table of transit gateway {tgw_id}, so the gateway routes nothing that arrives from it",
                        att_id,
                        tgw_id
                    ),
                    || None,
                );
                // Follow a table of this gateway that knows the destination, as if associated.
                let guess = (0..ix.tgw_tables.len()).find(|t| {
                    ix.tgw_tables[*t].tgw == Some(g) && lookup_tgw(ix, *t, p.dst).is_some()
                });
                match (go_on, guess) {
                    (true, Some(t)) => t,
                    _ => return None,
                }
            }
        };
        let rt_id = net.transit_gateway_route_tables[table].id.as_str();
        let Some(r) = lookup_tgw(ix, table, p.dst) else {
            let go_on = self.refuse(
                |why| {
                    Hop::at(
                        rt_id,
                        ComponentKind::TransitGatewayRouteTable,
                        HopDirection::Through,
                    )
                    .decided(
                        Decision::Drop,
                        DecidingRule::NoRuleMatched {
                            table: rt_id.to_string(),
                        },
                        &p,
                        why,
                    )
                },
                rt_id,
                ComponentKind::TransitGatewayRouteTable,
                ReasonCode::NoRouteToDestination,
                || {
                    let dst = ip(p.dst);
                    if reply {
                        msg!(
                            "trace-tgw-no-route-reply",
                            "transit gateway route table {rt_id} (associated with attachment {att_id}) has no route matching {dst}, so the reply is dropped",
                            rt_id, att_id, dst
                        )
                    } else {
                        msg!(
                            "trace-tgw-no-route",
                            "transit gateway route table {rt_id} (associated with attachment {att_id}) has no route matching {dst}, so the packet is dropped",
                            rt_id, att_id, dst
                        )
                    }
                },
                || None,
            );
            if !go_on {
                return None;
            }
            // The attachment of a VPC holding the destination, as if a route sent it there.
            let to = ix
                .vpc_of_addr(p.dst)
                .and_then(|v| ix.tgw_vpc_attachment.get(&(v, g)));
            return match to {
                Some(&out) => self.tgw_exit(g, out, p, reply),
                None => None,
            };
        };
        let route_text = |target: &str| -> Text {
            let cidr = r.cidr;
            match r.origin {
                TgwRouteOrigin::Static => {
                    msg!(
                        "trace-tgw-static-route",
                        "{cidr} → {target} (static route)",
                        cidr,
                        target
                    )
                }
                TgwRouteOrigin::Propagated => msg!(
                    "trace-tgw-propagated-route",
                    "{cidr} → {target} (propagated route)",
                    cidr,
                    target
                ),
            }
        };
        let target_id = || {
            r.route
                .and_then(|ri| {
                    net.transit_gateway_route_tables[table].routes[ri]
                        .attachment
                        .clone()
                })
                .or_else(|| {
                    r.attachment
                        .map(|a| net.transit_gateway_attachments[a].id.clone())
                })
                .unwrap_or_else(|| "blackhole".into())
        };
        let rule = |state: &str| DecidingRule::TransitGatewayRoute {
            transit_gateway: tgw_id.to_string(),
            route_table: rt_id.to_string(),
            association: att_id.to_string(),
            destination: r.cidr.to_string(),
            target: if r.blackhole {
                "blackhole".into()
            } else {
                target_id()
            },
            origin: origin_text(r.origin).into(),
            state: state.into(),
        };
        if r.blackhole {
            self.refuse(
                |why| {
                    Hop::at(
                        rt_id,
                        ComponentKind::TransitGatewayRouteTable,
                        HopDirection::Through,
                    )
                    .decided(Decision::Drop, rule("blackhole"), &p, why)
                },
                rt_id,
                ComponentKind::TransitGatewayRouteTable,
                ReasonCode::BadStateRoute,
                || msg!(
                    "trace-tgw-blackhole",
                    "transit gateway route table {rt_id} (associated with attachment {att_id}) matches {dst} with the blackhole route {cidr}, which drops matching traffic",
                    rt_id,
                    att_id,
                    dst = ip(p.dst),
                    cidr = r.cidr
                ),
                || None,
            );
            return None;
        }
        let Some(out) = r.attachment else {
            let target = target_id();
            self.block(
                rt_id,
                ComponentKind::TransitGatewayRouteTable,
                ReasonCode::BadStateRoute,
                || msg!(
                    "trace-tgw-target-unknown",
                    "transit gateway route table {rt_id} sends {dst} to attachment {target}, which is not in the design",
                    rt_id,
                    dst = ip(p.dst),
                    target
                ),
                || None,
            );
            return None;
        };
        self.hop(|| {
            let target = target_id();
            let shadowed = r.origin == TgwRouteOrigin::Static
                && ix.tgw_tables[table].routes.iter().any(|o| {
                    o.cidr == r.cidr && o.origin == TgwRouteOrigin::Propagated
                });
            Hop::at(
                rt_id,
                ComponentKind::TransitGatewayRouteTable,
                HopDirection::Through,
            )
            .decided(
                Decision::Forward,
                rule("active"),
                &p,
                {
                    let (dst, route) = (ip(p.dst), route_text(&target));
                    if shadowed {
                        msg!(
                            "trace-tgw-routes-static-wins",
                            "transit gateway {tgw_id} routes the packet from attachment {att_id} with its associated route table {rt_id}: {dst} matches {route} (the longest matching prefix; a static route wins over a propagated route for the same CIDR)",
                            tgw_id, att_id, rt_id, dst, route
                        )
                    } else {
                        msg!(
                            "trace-tgw-routes",
                            "transit gateway {tgw_id} routes the packet from attachment {att_id} with its associated route table {rt_id}: {dst} matches {route} (the longest matching prefix)",
                            tgw_id, att_id, rt_id, dst, route
                        )
                    }
                },
            )
        });
        self.tgw_exit(g, out, p, reply)
    }

    /// The packet leaves transit gateway `g` through attachment `k`.
    fn tgw_exit(&mut self, g: usize, k: usize, p: Packet, reply: bool) -> Step {
        if self.halted || !self.attachment_usable(k) {
            return None;
        }
        let ix = self.ix;
        let net = ix.net;
        let att = &net.transit_gateway_attachments[k];
        let ax = &ix.tgw_attachments[k];
        let tgw_id = net.transit_gateways[g].id.as_str();
        let hop_out = |p: &Packet, why: Text| {
            Hop::at(
                &att.id,
                ComponentKind::TransitGatewayAttachment,
                HopDirection::Outbound,
            )
            .decided(Decision::Forward, DecidingRule::behaviour("T3"), p, why)
        };
        match att.kind {
            TgwAttachmentKind::Vpc => {
                let vpc_id = att.vpc_id.as_deref().unwrap_or("?");
                let zone_of = |s: usize| net.subnets[s].availability_zone.as_str();
                let pinned = att
                    .appliance_mode
                    .then(|| {
                        self.tgw_pinned
                            .iter()
                            .find(|(a, _)| *a == k)
                            .map(|(_, s)| *s)
                    })
                    .flatten();
                let entry_zone = self.tgw_entry_zone.map(zone_of);
                let dst_zone = ix
                    .subnet_of_addr(p.dst, ax.vpc)
                    .map(|s| net.subnets[s].availability_zone.as_str());
                let pick = pinned
                    .or_else(|| {
                        ax.subnets
                            .iter()
                            .copied()
                            .find(|s| Some(zone_of(*s)) == entry_zone)
                    })
                    .or_else(|| {
                        ax.subnets
                            .iter()
                            .copied()
                            .find(|s| Some(zone_of(*s)) == dst_zone)
                    })
                    .or_else(|| ax.subnets.first().copied());
                let Some(sub) = pick else {
                    self.block(
                        &att.id,
                        ComponentKind::TransitGatewayAttachment,
                        ReasonCode::NoPossibleDestination,
                        || msg!("trace-tgw-attachment-no-subnet", "attachment {att} of VPC {vpc_id} has no subnet in the design, so the transit gateway has no interface in the VPC", att = att.id, vpc_id),
                        || None,
                    );
                    return None;
                };
                if att.appliance_mode && pinned.is_none() {
                    self.tgw_pinned.push((k, sub));
                }
                self.hop(|| {
                    hop_out(
                        &p,
                        {
                            let (att_id, subnet, zone) = (&att.id, ix.subnet_name(sub), zone_of(sub));
                            if att.appliance_mode {
                                msg!(
                                    "trace-tgw-exits-appliance",
                                    "transit gateway {tgw_id} hands the packet to VPC {vpc_id} through attachment {att_id}, out of its interface in subnet {subnet} ({zone}); appliance mode keeps both directions of the flow on this one interface",
                                    tgw_id, vpc_id, att_id, subnet, zone
                                )
                            } else {
                                msg!(
                                    "trace-tgw-exits",
                                    "transit gateway {tgw_id} hands the packet to VPC {vpc_id} through attachment {att_id}, out of its interface in subnet {subnet} ({zone}), in the zone the packet entered the gateway when the attachment has one",
                                    tgw_id, vpc_id, att_id, subnet, zone
                                )
                            }
                        },
                    )
                });
                // T12: from here the attachment subnet's ACL (outbound) and route table apply.
                self.leave_subnet(Some(sub), None, p, reply)
            }
            TgwAttachmentKind::Vpn => {
                if !ax.remote.iter().any(|c| c.contains_u32(p.dst)) {
                    self.block(
                        &att.id,
                        ComponentKind::TransitGatewayAttachment,
                        ReasonCode::NoPossibleDestination,
                        || {
                            msg!(
                                "trace-tgw-vpn-outside-ranges",
                                "VPN attachment {att} leads to on-premises ranges that do not include {dst}",
                                att = att.id,
                                dst = ip(p.dst)
                            )
                        },
                        || None,
                    );
                    return None;
                }
                self.hop(|| {
                    hop_out(
                        &p,
                        match att.vpn_connection_id.as_deref() {
                            Some(vpn) => msg!(
                                "trace-tgw-to-vpn-connection",
                                "transit gateway {tgw_id} sends the packet over VPN attachment {att} (VPN connection {vpn}) to the on-premises network",
                                tgw_id,
                                att = att.id,
                                vpn
                            ),
                            None => msg!(
                                "trace-tgw-to-vpn",
                                "transit gateway {tgw_id} sends the packet over VPN attachment {att} to the on-premises network",
                                tgw_id,
                                att = att.id
                            ),
                        },
                    )
                });
                Some((Landing::OnPremises(Remote::TgwVpn(k)), p))
            }
            TgwAttachmentKind::Peering => {
                let other = if ax.tgw == Some(g) {
                    ax.peer_tgw
                } else {
                    ax.tgw
                };
                let Some(other) = other else {
                    self.block(
                        &att.id,
                        ComponentKind::TransitGatewayAttachment,
                        ReasonCode::NoPossibleDestination,
                        || msg!(
                            "trace-tgw-peer-unknown",
                            "peering attachment {att} leads to a transit gateway that is not in the design (another account or region?)",
                            att = att.id
                        ),
                        || None,
                    );
                    return None;
                };
                self.hop(|| {
                    hop_out(
                        &p,
                        msg!(
                            "trace-tgw-to-peer",
                            "transit gateway {tgw_id} sends the packet over peering attachment {att} to transit gateway {other}",
                            tgw_id,
                            att = att.id,
                            other = net.transit_gateways[other].id
                        ),
                    )
                });
                self.tgw_route(other, k, p, reply)
            }
        }
    }
}
