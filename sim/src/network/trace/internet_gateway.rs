//! Internet gateways and the internet itself: the 1:1 NAT between an interface's private
//! address and its public one.
//!
//! **Invariants**
//! - Outbound, the gateway replaces the private source with the interface's public IP (I2);
//!   a source without one blocks with `IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS` and the fix
//!   associates an Elastic IP (I1c); private destinations never leave (I4).
//! - Inbound, only a public IP of an interface in a VPC with an attached gateway is reachable
//!   (I1a, I2); private sources are dropped (I4). Inbound traffic is not checked against
//!   route tables.
//! - An address nobody in the design owns is a host on the internet: the packet is
//!   delivered there.

use std::net::Ipv4Addr;

use super::index::{EniKind, NetworkIndex};
use super::rules::{eni_at, Packet};
use super::text::ip;
use super::walk::{eni_label, Landing, Step, Walk};
use super::*;
use crate::network::cidr::{is_rfc1918, is_rfc6598};
use crate::network::fix::{fresh_public_ip, internet_route_edits, Edit, Fix};
use crate::network::msg::{msg, Text};

impl Walk<'_, '_> {
    /// A packet routed to internet gateway `igw_id` from subnet `s`, bound for the internet.
    pub(super) fn igw_egress(&mut self, s: usize, igw_id: &str, p: Packet, reply: bool) -> Step {
        let ix = self.ix;
        let vpc = ix.subnets[s].vpc;
        let dst = ip(p.dst);
        let dropped = |why: Text| {
            Hop::at(
                igw_id,
                ComponentKind::InternetGateway,
                HopDirection::Outbound,
            )
            .decided(Decision::Drop, DecidingRule::behaviour("I4"), &p, why)
        };
        if is_rfc1918(dst) || is_rfc6598(dst) {
            let code = if is_rfc1918(dst) {
                ReasonCode::IgwDestinationRfc1918Egress
            } else {
                ReasonCode::IgwDestinationRfc6598Egress
            };
            self.refuse(
                dropped,
                igw_id,
                ComponentKind::InternetGateway,
                code,
                || msg!("trace-igw-private-destination", "internet gateway {igw_id} does not send traffic to the private address {dst} onto the internet", igw_id, dst),
                || None,
            );
            return None;
        }
        let src_eni = eni_at(ix, p.src).filter(|e| ix.enis[*e].vpc == vpc && vpc.is_some());
        let Some(e) = src_eni else {
            self.block(
                igw_id,
                ComponentKind::InternetGateway,
                ReasonCode::IgwPublicIpForEgress,
                || msg!(
                    "trace-igw-foreign-source",
                    "the source {src} is not an interface of this VPC; internet gateway {igw_id} does not carry traffic from other VPCs (no edge-to-edge routing through a peering connection)",
                    src = ip(p.src),
                    igw_id
                ),
                || None,
            );
            return None;
        };
        let public = match ix.enis[e].public_ip {
            Some(pub_ip) => pub_ip,
            None => {
                let go_on = self.refuse(
                    dropped,
                    igw_id,
                    ComponentKind::InternetGateway,
                    ReasonCode::IgwPublicIpForEgress,
                    || {
                        let eni = eni_label(ix, e);
                        match ix.enis[e].kind {
                            EniKind::Nat(_) => msg!(
                                "trace-igw-private-nat",
                                "{eni} has no public IPv4 address, and internet gateway {igw_id} only carries traffic of interfaces with a public IP or Elastic IP; a private NAT gateway cannot use an internet gateway",
                                eni,
                                igw_id
                            ),
                            _ => msg!(
                                "trace-igw-no-public-ip",
                                "{eni} has no public IPv4 address, and internet gateway {igw_id} only carries traffic of interfaces with a public IP or Elastic IP",
                                eni,
                                igw_id
                            ),
                        }
                    },
                    || elastic_ip_fix(ix, ix.enis[e].kind),
                );
                if !go_on {
                    return None;
                }
                // Keep following as if it had one (blocked-path analysis).
                fresh_public_ip(ix.net)
                    .parse::<Ipv4Addr>()
                    .ok()
                    .map(u32::from)?
            }
        };
        let out = Packet { src: public, ..p };
        self.hop(|| {
            Hop::at(igw_id, ComponentKind::InternetGateway, HopDirection::Outbound).decided(
                Decision::Translate,
                DecidingRule::Translation {
                    from: ip(p.src).to_string(),
                    to: ip(public).to_string(),
                },
                &out,
                msg!(
                    "trace-igw-egress-nat",
                    "internet gateway {igw_id} replaces the private source {src} with its public address {public} and sends the packet to the internet (1:1 NAT)",
                    igw_id,
                    src = ip(p.src),
                    public = ip(public)
                ),
            )
        });
        self.internet(out, reply)
    }

    /// A packet on the internet: into a VPC through an internet gateway, or to a host.
    pub(super) fn internet(&mut self, p: Packet, reply: bool) -> Step {
        if self.halted {
            return None;
        }
        let ix = self.ix;
        let owner = ix.eni_by_public_ip.get(&p.dst).copied();
        let private_owner = eni_at(ix, p.dst).filter(|_| owner.is_none());
        let Some(d) = owner.or(private_owner) else {
            self.hop(|| {
                Hop::at("internet", ComponentKind::Internet, HopDirection::Inbound).decided(
                    Decision::Deliver,
                    DecidingRule::behaviour("internet"),
                    &p,
                    msg!(
                        "trace-internet-delivers",
                        "the packet crosses the internet and reaches {dst}",
                        dst = ip(p.dst)
                    ),
                )
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
                self.block(
                    &g.id,
                    ComponentKind::InternetGateway,
                    ReasonCode::BadStateAttachment,
                    || msg!(
                        "trace-igw-detached",
                        "internet gateway {igw} is not attached to VPC {vpc_id}, so traffic from the internet cannot enter it",
                        igw = g.id,
                        vpc_id
                    ),
                    || {
                        Some(Fix::new(
                            msg!("fix-attach-igw", "attach {igw} to {vpc}", igw = g.id, vpc = vpc_id),
                            vec![Edit::AttachInternetGateway {
                                internet_gateway: g.id.clone(),
                                vpc: vpc_id.clone(),
                            }],
                        ))
                    },
                );
                return None;
            }
            // A capture holding neither the VPC's internet gateway nor its route tables
            // cannot say whether the internet reaches it (Q2).
            if ix.net.is_capture() && !ix.net.route_tables.iter().any(|t| t.vpc_id == vpc_id) {
                self.block(
                    &vpc_id,
                    ComponentKind::Vpc,
                    ReasonCode::NotInCapture,
                    || msg!("trace-igw-not-captured", "neither an internet gateway of VPC {vpc_id} nor its route tables are in the capture, so whether the internet reaches {eni} is unknown", vpc_id, eni = eni_label(ix, d)),
                    || None,
                );
                return None;
            }
            self.block(
                &vpc_id,
                ComponentKind::Vpc,
                ReasonCode::NoPath,
                || msg!("trace-vpc-no-igw", "VPC {vpc_id} has no attached internet gateway, so nothing on the internet can reach {eni}", vpc_id, eni = eni_label(ix, d)),
                || {
                    eni.subnet
                        .and_then(|s| internet_route_edits(ix.net, &ix.net.subnets[s].id))
                        .map(|(t, e)| Fix::new(t, e))
                },
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
            self.block(
                igw_id,
                ComponentKind::InternetGateway,
                code,
                || msg!("trace-igw-private-source", "internet gateway {igw_id} drops inbound traffic from the private address {src}", igw_id, src),
                || None,
            );
            return None;
        }
        if owner.is_none() {
            let go_on = self.refuse(
                |why| {
                    Hop::at(igw_id, ComponentKind::InternetGateway, HopDirection::Inbound)
                        .decided(Decision::Drop, DecidingRule::behaviour("I4"), &p, why)
                },
                igw_id,
                ComponentKind::InternetGateway,
                ReasonCode::IgwPrivateIpForIngress,
                || msg!(
                    "trace-igw-private-ingress",
                    "{dst} is a private address: internet gateway {igw_id} only accepts inbound traffic for public IPs of attached interfaces, and {eni} has none",
                    dst = ip(p.dst),
                    igw_id,
                    eni = eni_label(ix, d)
                ),
                || elastic_ip_fix(ix, eni.kind),
            );
            if !go_on {
                return None;
            }
            return self.arrive(d, p, reply, None);
        }
        let inside = Packet {
            dst: eni.private_ip,
            ..p
        };
        self.hop(|| {
            Hop::at(igw_id, ComponentKind::InternetGateway, HopDirection::Inbound).decided(
                Decision::Translate,
                DecidingRule::Translation {
                    from: ip(p.dst).to_string(),
                    to: ip(eni.private_ip).to_string(),
                },
                &inside,
                msg!(
                    "trace-igw-ingress-nat",
                    "internet gateway {igw_id} maps the public address {public} to the private address {private} of {eni} (1:1 NAT); inbound traffic is not checked against route tables",
                    igw_id,
                    public = ip(p.dst),
                    private = ip(eni.private_ip),
                    eni = eni_label(ix, d)
                ),
            )
        });
        self.arrive(d, inside, reply, None)
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
        msg!(
            "trace-fix-elastic-ip",
            "associate an Elastic IP ({addr}) with {id}",
            addr,
            id
        ),
        vec![Edit::SetPublicIp {
            instance: id,
            public_ip: addr,
        }],
    ))
}
