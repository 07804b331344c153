//! Route tables on the path: the longest matching prefix picks the next component.
//!
//! **Invariants**
//! - Longest prefix wins (R6); a subnet without a table in the design uses its VPC's main
//!   table with only the local routes (R3, R4).
//! - A blackhole route is selected and drops the packet, with no fallback to a shorter route
//!   (R9, R10): `BAD_STATE_ROUTE`, fixed by the same edit the lint suggests.
//! - No matching route is `NO_ROUTE_TO_DESTINATION`; blocked-path analysis then follows the
//!   target a learner most likely meant (the peering connection to a peer VPC holding the
//!   address, a NAT gateway, or the internet gateway) and the fix adds that route.
//! - A route to a transit gateway in the design hands the packet to it (T10); route targets
//!   the simulator does not model (a transit or virtual private gateway the design does not
//!   contain) end the walk with `UNSUPPORTED_COMPONENT`, never a guess.
//! - In a capture, an `active` route whose target is not in the files ends the walk with
//!   `NOT_IN_CAPTURE`: the target exists in the account, the verdict depends on it (Q2).

use std::borrow::Cow;

use super::index::{NetworkIndex, RouteIx};
use super::rules::{eni_at, lookup_route, Packet};
use super::text::ip;
use super::walk::{Step, Walk};
use super::*;
use crate::network::cidr::is_rfc1918;
use crate::network::fix::{internet_route_edits, Edit, Fix};
use crate::network::model::*;
use crate::network::msg::{msg, Text};

impl<'i> Walk<'i, '_> {
    pub(super) fn route(&mut self, s: usize, p: Packet, reply: bool) -> Step {
        let ix = self.ix;
        let vpc = ix.subnets[s].vpc;
        let table = ix.subnets[s].table;
        // Built only when a hop or a blocker names the table: the verdict-only walk of a
        // reachable flow allocates nothing here.
        let table_words = || -> Text {
            match table {
                Some(t) => ix.net.route_tables[t].id.as_str().into(),
                None => msg!(
                    "trace-main-route-table-of",
                    "main route table of {vpc}",
                    vpc = vpc.map(|v| ix.net.vpcs[v].id.as_str()).unwrap_or("?")
                ),
            }
        };
        let table_id = || table_words().en;
        let found: Option<Cow<'i, RouteIx>> = match table {
            Some(t) => lookup_route(ix, t, p.dst).map(Cow::Borrowed),
            // No table in the design: the VPC's main table with only local routes (R3, R4).
            None => vpc
                .and_then(|v| ix.vpcs[v].cidrs.iter().find(|c| c.contains_u32(p.dst)))
                .map(|c| {
                    Cow::Owned(RouteIx {
                        cidr: *c,
                        route: None,
                        via_prefix_list: false,
                        target: RouteTarget {
                            kind: TargetKind::Local,
                            id: "local".into(),
                        },
                        broken: None,
                        propagated: false,
                    })
                }),
        };
        let Some(r) = found else {
            let table_id = table_id();
            let explanation = || {
                let public = !ix.vpc_contains(vpc, p.dst) && !is_rfc1918(ip(p.dst));
                let (table_id, subnet, dst) = (table_words(), ix.subnet_name(s), ip(p.dst));
                match (public, reply) {
                    (true, true) => msg!(
                        "trace-no-route-internet-reply",
                        "route table {table_id} of subnet {subnet} has no route matching {dst} (no 0.0.0.0/0 route), so replies to the internet are dropped",
                        table_id, subnet, dst
                    ),
                    (true, false) => msg!(
                        "trace-no-route-internet",
                        "route table {table_id} of subnet {subnet} has no route matching {dst} (no 0.0.0.0/0 route), so traffic to the internet is dropped",
                        table_id, subnet, dst
                    ),
                    (false, true) => msg!(
                        "trace-no-route-reply",
                        "route table {table_id} of subnet {subnet} has no route matching {dst}, so the reply is dropped",
                        table_id, subnet, dst
                    ),
                    (false, false) => msg!(
                        "trace-no-route",
                        "route table {table_id} of subnet {subnet} has no route matching {dst}, so the packet is dropped",
                        table_id, subnet, dst
                    ),
                }
            };
            let go_on = self.refuse(
                |why| {
                    Hop::at(&table_id, ComponentKind::RouteTable, HopDirection::Through).decided(
                        Decision::Drop,
                        DecidingRule::NoRuleMatched {
                            table: table_id.clone(),
                        },
                        &p,
                        why,
                    )
                },
                &table_id,
                ComponentKind::RouteTable,
                ReasonCode::NoRouteToDestination,
                explanation,
                || plausible_target(ix, s, &p, reply).and_then(|(_, fix)| fix),
            );
            if !go_on {
                return None;
            }
            let (target, _) = plausible_target(ix, s, &p, reply)?;
            return self.dispatch(s, &target, p, reply);
        };
        let dest_words = || -> Text {
            let cidr = r.cidr;
            match r
                .route
                .and_then(|k| table.map(|t| &ix.net.route_tables[t].routes[k].destination))
            {
                Some(RouteDestination::PrefixList(pl)) => {
                    msg!("trace-route-dest-prefix-list", "{pl} ({cidr})", pl, cidr)
                }
                _ if r.propagated => {
                    msg!("trace-route-dest-propagated", "{cidr} (propagated)", cidr)
                }
                _ => cidr.to_string().into(),
            }
        };
        let dest_text = || dest_words().en;
        let rule = |table_id: &str, state: &str| DecidingRule::Route {
            route_table: table_id.into(),
            destination: dest_text(),
            target: r.target.id.clone(),
            state: state.into(),
            implicit: r.route.is_none() && !r.propagated,
        };
        if let Some(reason) = &r.broken {
            let reason = reason.clone();
            let table_id = table_id();
            self.refuse(
                |why| {
                    Hop::at(&table_id, ComponentKind::RouteTable, HopDirection::Through).decided(
                        Decision::Drop,
                        rule(&table_id, "blackhole"),
                        &p,
                        why,
                    )
                },
                &table_id,
                ComponentKind::RouteTable,
                ReasonCode::BadStateRoute,
                || msg!(
                    "trace-blackhole-route",
                    "route table {table_id} of subnet {subnet} matches {dst} with {dest} → {target}, but {reason}; the route is a blackhole and the packet is dropped (it does not fall back to a shorter route)",
                    table_id = table_words(),
                    subnet = ix.subnet_name(s),
                    dst = ip(p.dst),
                    dest = dest_words(),
                    target = r.target.id,
                    reason
                ),
                || {
                    table.and_then(|t| {
                        let rt = &ix.net.route_tables[t];
                        r.route
                            .map(|k| crate::network::lint::blackhole_fix(ix.net, rt, &rt.routes[k]))
                    })
                },
            );
            return None;
        }
        let uncaptured = r.route.zip(table).is_some_and(|(k, t)| {
            crate::network::lint::target_not_captured(ix.net, &ix.net.route_tables[t].routes[k])
        });
        if uncaptured {
            let target = r.target.id.clone();
            let kind = match r.target.kind {
                TargetKind::Igw => ComponentKind::InternetGateway,
                TargetKind::Nat => ComponentKind::NatGateway,
                TargetKind::Pcx => ComponentKind::PeeringConnection,
                TargetKind::Vpce => ComponentKind::VpcEndpoint,
                TargetKind::Instance => ComponentKind::Instance,
                _ => ComponentKind::NetworkInterface,
            };
            self.block(
                &target,
                kind,
                ReasonCode::NotInCapture,
                || msg!(
                    "trace-route-target-not-captured",
                    "route table {table_id} of subnet {subnet} sends {dst} via the active route {dest} → {target}, but {target} is not in the capture: the path past it depends on a component not seen",
                    table_id = table_words(),
                    subnet = ix.subnet_name(s),
                    dst = ip(p.dst),
                    dest = dest_words(),
                    target
                ),
                || None,
            );
            return None;
        }
        self.hop(|| {
            let table_id = table_id();
            let local = r.target.kind == TargetKind::Local;
            let (table_words, subnet, dst, dest, target) = (
                table_words(),
                ix.subnet_name(s),
                ip(p.dst),
                dest_words(),
                &r.target.id,
            );
            Hop::at(&table_id, ComponentKind::RouteTable, HopDirection::Through).decided(
                Decision::Forward,
                rule(&table_id, "active"),
                &p,
                if local {
                    msg!(
                        "trace-route-local",
                        "route table {table_words} of subnet {subnet} sends {dst} to its VPC via the route {dest} → {target} (the longest matching prefix; the local route covers the VPC)",
                        table_words, subnet, dst, dest, target
                    )
                } else {
                    msg!(
                        "trace-route-forward",
                        "route table {table_words} of subnet {subnet} sends {dst} to {target} via the route {dest} → {target} (the longest matching prefix)",
                        table_words, subnet, dst, dest, target
                    )
                },
            )
        });
        self.dispatch(s, &r.target, p, reply)
    }

    /// Hands the packet to the component a route points at.
    pub(super) fn dispatch(
        &mut self,
        s: usize,
        target: &RouteTarget,
        p: Packet,
        reply: bool,
    ) -> Step {
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
                        || {
                            msg!(
                                "trace-no-interface-with-address",
                                "no interface in VPC {vpc} has the address {dst}",
                                vpc,
                                dst = ip(p.dst)
                            )
                        },
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
                        || {
                            msg!(
                                "trace-route-target-unknown",
                                "the route target {target} is not in the design",
                                target = target.id
                            )
                        },
                        || None,
                    );
                    None
                }
            },
            TargetKind::Tgw if ix.tgw_by_id.contains_key(target.id.as_str()) => {
                let g = ix.tgw_by_id[target.id.as_str()];
                self.transit_gateway(s, g, p, reply)
            }
            TargetKind::Vgw if ix.vgw_by_id.contains_key(target.id.as_str()) => {
                let g = ix.vgw_by_id[target.id.as_str()];
                self.vpn_gateway(s, g, p)
            }
            TargetKind::Eigw => {
                self.ipv4_to_egress_only(s, &target.id, p);
                None
            }
            TargetKind::Tgw | TargetKind::Vgw | TargetKind::Other => {
                let comp = ix.subnets[s]
                    .vpc
                    .map(|v| ix.net.vpcs[v].id.clone())
                    .unwrap_or_else(|| target.id.clone());
                self.block(
                    &comp,
                    ComponentKind::Vpc,
                    ReasonCode::UnsupportedComponent,
                    || {
                        let id = &target.id;
                        if target.id.contains("missing") {
                            msg!("trace-no-attached-igw", "the VPC has no attached internet gateway to carry this traffic")
                        } else if target.kind == TargetKind::Tgw {
                            msg!(
                                "trace-tgw-not-in-design",
                                "{id} is a transit gateway that is not in the design (describe-transit-gateways was not in the capture), so the path cannot be followed",
                                id
                            )
                        } else if target.kind == TargetKind::Vgw {
                            msg!(
                                "trace-vgw-not-in-design",
                                "{id} is a virtual private gateway that is not in the design (describe-vpn-gateways was not in the capture), so the path cannot be followed",
                                id
                            )
                        } else {
                            msg!(
                                "trace-target-not-modelled",
                                "{id} is a {kind} target, which the simulator does not model yet",
                                id,
                                kind = format!("{:?}", target.kind)
                            )
                        }
                    },
                    || None,
                );
                None
            }
        }
    }
}

/// When no route matches: the target a learner most likely meant, and the fix adding it.
fn plausible_target(
    ix: &NetworkIndex,
    s: usize,
    p: &Packet,
    reply: bool,
) -> Option<(RouteTarget, Option<Fix>)> {
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
                msg!(
                    "fix-add-route",
                    "add {cidr} → {target} to {table}",
                    cidr,
                    target = pcx.id,
                    table = t
                ),
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
                msg!(
                    "fix-add-default-route",
                    "add 0.0.0.0/0 → {target} to {table}",
                    target = g.id,
                    table = t
                ),
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

impl Walk<'_, '_> {
    /// An IPv4 packet routed to an egress-only internet gateway: the gateway carries IPv6
    /// only (X4), so the route cannot carry it.
    pub(super) fn ipv4_to_egress_only(&mut self, s: usize, eigw: &str, p: Packet) {
        let subnet = self.ix.net.subnets[s].id.clone();
        self.block(
            eigw,
            ComponentKind::EgressOnlyInternetGateway,
            ReasonCode::UnsupportedComponent,
            || msg!(
                "trace-ipv4-to-eigw",
                "the route of subnet {subnet} sends {dst} to egress-only internet gateway {eigw}, which carries IPv6 traffic only",
                subnet,
                dst = ip(p.dst),
                eigw
            ),
            || None,
        );
    }
}
