//! Site-to-Site VPN on the path: virtual private gateways and their VPN connections, and
//! the on-premises side of any VPN (a VPC's gateway or a transit gateway attachment).
//!
//! **Invariants**
//! - A route to a virtual private gateway carries traffic only when the gateway is attached
//!   to the subnet's VPC (G1, `BAD_STATE_ATTACHMENT`) and one of its available VPN
//!   connections leads to the destination (G2, `BAD_STATE_VPN` for one that is not
//!   available, `NO_POSSIBLE_DESTINATION` when none holds the address).
//! - From the on-premises side, a packet enters the VPC through the gateway and is delivered
//!   by the local route, passing the destination subnet's ACL inbound (G1); through a
//!   transit gateway it is routed by the VPN attachment's associated table (T4).

use super::index::Remote;
use super::rules::{eni_at, Packet};
use super::text::ip;
use super::walk::{Landing, Step, Walk};
use super::*;
use crate::network::model::*;
use crate::network::msg::{msg, Text};

impl Walk<'_, '_> {
    /// A packet routed from subnet `s` to virtual private gateway `g` (G1, G2).
    pub(super) fn vpn_gateway(&mut self, s: usize, g: usize, p: Packet) -> Step {
        let ix = self.ix;
        let net = ix.net;
        let vgw = &net.vpn_gateways[g];
        let vpc = ix.subnets[s].vpc;
        if ix.vgw_vpc[g].is_none() || ix.vgw_vpc[g] != vpc {
            let go_on = self.block(
                &vgw.id,
                ComponentKind::VpnGateway,
                ReasonCode::BadStateAttachment,
                || {
                    msg!(
                        "trace-vgw-not-attached-to",
                        "virtual private gateway {vgw} is not attached to VPC {vpc}, so it carries no traffic from it",
                        vgw = vgw.id,
                        vpc = vpc.map(|v| net.vpcs[v].id.as_str()).unwrap_or("?")
                    )
                },
                || None,
            );
            if !go_on {
                return None;
            }
        }
        // The connection whose ranges hold the destination (longest prefix).
        let conn = ix
            .vpns
            .iter()
            .enumerate()
            .filter(|(_, v)| v.vgw == Some(g))
            .flat_map(|(k, v)| v.routes.iter().map(move |c| (k, *c)))
            .filter(|(_, c)| c.contains_u32(p.dst))
            .max_by_key(|(_, c)| c.prefix())
            .map(|(k, _)| k);
        let Some(k) = conn else {
            self.block(
                &vgw.id,
                ComponentKind::VpnGateway,
                ReasonCode::NoPossibleDestination,
                || {
                    msg!(
                        "trace-vgw-no-route",
                        "no VPN connection of virtual private gateway {vgw} has a route to {dst}, so the gateway has nowhere to send it",
                        vgw = vgw.id,
                        dst = ip(p.dst)
                    )
                },
                || None,
            );
            return None;
        };
        if !self.vpn_usable(k) {
            return None;
        }
        let c = &net.vpn_connections[k];
        self.hop(|| {
            Hop::at(&vgw.id, ComponentKind::VpnGateway, HopDirection::Through).decided(
                Decision::Forward,
                DecidingRule::behaviour("G2"),
                &p,
                msg!(
                    "trace-vgw-to-premises",
                    "virtual private gateway {vgw} sends the packet over VPN connection {vpn} to the on-premises network{cgw}",
                    vgw = vgw.id,
                    vpn = c.id,
                    cgw = customer_gateway_text(net, c)
                ),
            )
        });
        Some((Landing::OnPremises(Remote::Vpn(k)), p))
    }

    /// A packet from the on-premises side `r` enters AWS.
    pub(super) fn enter_from_premises(&mut self, r: Remote, p: Packet, reply: bool) -> Step {
        if self.halted {
            return None;
        }
        let k = match r {
            Remote::TgwVpn(k) => return self.enter_from_tgw_vpn(k, p, reply),
            Remote::Vpn(k) => k,
        };
        if !self.vpn_usable(k) {
            return None;
        }
        let ix = self.ix;
        let net = ix.net;
        let c = &net.vpn_connections[k];
        let Some(g) = ix.vpns[k].vgw else {
            self.block(
                &c.id,
                ComponentKind::VpnConnection,
                ReasonCode::BadState,
                || {
                    msg!(
                        "trace-vpn-unknown-gateway",
                        "VPN connection {vpn} ends on a gateway that is not in the design",
                        vpn = c.id
                    )
                },
                || None,
            );
            return None;
        };
        let vgw = &net.vpn_gateways[g];
        let Some(v) = ix.vgw_vpc[g] else {
            self.block(
                &vgw.id,
                ComponentKind::VpnGateway,
                ReasonCode::BadStateAttachment,
                || {
                    msg!(
                        "trace-vgw-not-attached",
                        "virtual private gateway {vgw} is not attached to any VPC",
                        vgw = vgw.id
                    )
                },
                || None,
            );
            return None;
        };
        self.hop(|| {
            Hop::at(&vgw.id, ComponentKind::VpnGateway, HopDirection::Inbound).decided(
                Decision::Forward,
                DecidingRule::behaviour("G1"),
                &p,
                msg!(
                    "trace-vgw-from-premises",
                    "the on-premises network{cgw} sends the packet over VPN connection {vpn} to virtual private gateway {vgw}, which delivers it into VPC {vpc} by the local route",
                    cgw = customer_gateway_text(net, c),
                    vpn = c.id,
                    vgw = vgw.id,
                    vpc = net.vpcs[v].id
                ),
            )
        });
        match eni_at(ix, p.dst).filter(|d| ix.enis[*d].vpc == Some(v)) {
            Some(d) => self.arrive(d, p, reply, None),
            None => {
                let vpc = &net.vpcs[v].id;
                self.block(
                    vpc,
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
        }
    }

    /// Only an available VPN connection carries traffic (G2). Returns whether to go on.
    fn vpn_usable(&mut self, k: usize) -> bool {
        let c = &self.ix.net.vpn_connections[k];
        if c.state == VpnState::Available {
            return true;
        }
        self.block(
            &c.id,
            ComponentKind::VpnConnection,
            ReasonCode::BadStateVpn,
            || {
                let state = match c.state {
                    VpnState::Pending => "pending",
                    VpnState::Available => "available",
                    VpnState::Deleting => "deleting",
                    VpnState::Deleted => "deleted",
                };
                msg!(
                    "trace-vpn-not-available",
                    "VPN connection {vpn} is {state}, not available, so it carries no traffic",
                    vpn = c.id,
                    state
                )
            },
            || None,
        )
    }
}

/// ` (customer gateway cgw-… at 198.51.100.7)` when the design has it.
fn customer_gateway_text(net: &Network, c: &VpnConnection) -> Text {
    net.customer_gateways
        .iter()
        .find(|g| g.id == c.customer_gateway_id)
        .map(|g| {
            let (cgw, addr) = (&g.id, &g.ip_address);
            if addr.is_empty() {
                msg!("trace-customer-gateway", " (customer gateway {cgw})", cgw)
            } else {
                msg!(
                    "trace-customer-gateway-at",
                    " (customer gateway {cgw} at {addr})",
                    cgw,
                    addr
                )
            }
        })
        .unwrap_or_default()
}
