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

impl Walk<'_, '_> {
    /// A packet routed to internet gateway `igw_id` from subnet `s`, bound for the internet.
    pub(super) fn igw_egress(&mut self, s: usize, igw_id: &str, p: Packet, reply: bool) -> Step {
        let ix = self.ix;
        let vpc = ix.subnets[s].vpc;
        let dst = ip(p.dst);
        let dropped = |why: String| {
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
                || format!("internet gateway {igw_id} does not send traffic to the private address {dst} onto the internet"),
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
                || format!(
                    "the source {} is not an interface of this VPC; internet gateway {igw_id} does not carry traffic from other VPCs (no edge-to-edge routing through a peering connection)",
                    ip(p.src)
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
                    || format!(
                        "{} has no public IPv4 address, and internet gateway {igw_id} only carries traffic of interfaces with a public IP or Elastic IP{}",
                        eni_label(ix, e),
                        match ix.enis[e].kind {
                            EniKind::Nat(_) => "; a private NAT gateway cannot use an internet gateway",
                            _ => "",
                        }
                    ),
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
                format!(
                    "internet gateway {igw_id} replaces the private source {} with its public address {} and sends the packet to the internet (1:1 NAT)",
                    ip(p.src),
                    ip(public)
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
                    format!("the packet crosses the internet and reaches {}", ip(p.dst)),
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
                    || format!(
                        "internet gateway {} is not attached to VPC {vpc_id}, so traffic from the internet cannot enter it",
                        g.id
                    ),
                    || {
                        Some(Fix::new(
                            format!("attach {} to {vpc_id}", g.id),
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
                    || format!("neither an internet gateway of VPC {vpc_id} nor its route tables are in the capture, so whether the internet reaches {} is unknown", eni_label(ix, d)),
                    || None,
                );
                return None;
            }
            self.block(
                &vpc_id,
                ComponentKind::Vpc,
                ReasonCode::NoPath,
                || format!("VPC {vpc_id} has no attached internet gateway, so nothing on the internet can reach {}", eni_label(ix, d)),
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
                || format!("internet gateway {igw_id} drops inbound traffic from the private address {src}"),
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
                || format!(
                    "{} is a private address: internet gateway {igw_id} only accepts inbound traffic for public IPs of attached interfaces, and {} has none",
                    ip(p.dst),
                    eni_label(ix, d)
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
                format!(
                    "internet gateway {igw_id} maps the public address {} to the private address {} of {} (1:1 NAT); inbound traffic is not checked against route tables",
                    ip(p.dst),
                    ip(eni.private_ip),
                    eni_label(ix, d)
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
        format!("associate an Elastic IP ({addr}) with {id}"),
        vec![Edit::SetPublicIp {
            instance: id,
            public_ip: addr,
        }],
    ))
}
