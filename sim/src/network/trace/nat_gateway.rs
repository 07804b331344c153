//! NAT gateways on the path: source translation for connections started inside the VPC.
//!
//! **Invariants**
//! - Only sources inside the gateway's own VPC are served (N5; no edge-to-edge routing
//!   through a peering connection, P3): `NGW_REQUIRES_SOURCE_IN_VPC`.
//! - A reply routed into a NAT gateway would come back with a rewritten source, so it blocks
//!   as asymmetric routing (`NGW_SOURCE_ADDRESS_REASSIGN`, N1, N3).
//! - The gateway rewrites the source to its own address, keeps ports in 1024–65535 (N4),
//!   records the binding so the reply is translated back (N3), then leaves through its own
//!   subnet's ACL and route table (N2).

use super::rules::Packet;
use super::text::ip;
use super::walk::{Binding, Step, Walk};
use super::*;
use crate::network::fix::{internet_route_edits, Fix};
use crate::network::msg::msg;

impl Walk<'_, '_> {
    /// A packet routed to NAT gateway `nat_id` from subnet `s`.
    pub(super) fn nat_gateway(&mut self, s: usize, nat_id: &str, p: Packet, reply: bool) -> Step {
        let ix = self.ix;
        let &n = ix.nat_by_id.get(nat_id)?;
        let e = ix.nat_eni[n]?;
        let eni = &ix.enis[e];
        if !ix.vpc_contains(eni.vpc, p.src) {
            self.block(
                nat_id,
                ComponentKind::NatGateway,
                ReasonCode::NatRequiresSourceInVpc,
                || msg!("trace-nat-foreign-source", "NAT gateway {nat_id} only serves sources inside its own VPC; {src} is not (a peered VPC cannot use this VPC's NAT gateway)", nat_id, src = ip(p.src)),
                || None,
            );
            return None;
        }
        if reply {
            self.block(
                nat_id,
                ComponentKind::NatGateway,
                ReasonCode::NatSourceAddressReassign,
                || msg!(
                    "trace-nat-asymmetric",
                    "the reply from {src} would leave through NAT gateway {nat_id}, which would replace its source address, so the client would not recognise it (asymmetric routing; a NAT gateway only serves connections started from inside)",
                    src = ip(p.src),
                    nat_id
                ),
                || internet_route_edits(ix.net, &ix.net.subnets[s].id).map(|(t, e)| Fix::new(t, e)),
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
        self.hop(|| {
            Hop::at(nat_id, ComponentKind::NatGateway, HopDirection::Through).decided(
                Decision::Translate,
                DecidingRule::Translation {
                    from: ip(p.src).to_string(),
                    to: ip(out.src).to_string(),
                },
                &out,
                msg!(
                    "trace-nat-translates",
                    "NAT gateway {nat_id} replaces the source {src} with its own address {addr} (source port {new_port}, from 1024–65535) and keeps the destination; it then uses its own subnet's ACL and route table",
                    nat_id,
                    src = ip(p.src),
                    addr = ip(out.src),
                    new_port
                ),
            )
        });
        self.leave_subnet(eni.subnet, Some(e), out, false)
    }
}
