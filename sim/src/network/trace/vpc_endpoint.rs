//! Gateway VPC endpoints on the path: private access to an AWS service (S3, DynamoDB).
//!
//! **Invariants**
//! - A gateway endpoint accepts only TCP or ICMP echo traffic (E3,
//!   `VPCE_GATEWAY_PROTOCOL_RESTRICTION`) and only from sources in its own VPC (P3,
//!   `VPCE_GATEWAY_EGRESS_SOURCE_ADDRESS_RESTRICTION`).
//! - The service is the end of the forward path; its reply comes back through the same
//!   endpoint to the source's interface (E1, R12).

use super::rules::{eni_at, Packet};
use super::text::ip;
use super::walk::{Landing, Step, Walk};
use super::*;
use crate::network::model::Protocol;
use crate::network::msg::msg;

impl Walk<'_, '_> {
    /// A packet routed from subnet `s` to gateway endpoint `vpce_id`.
    pub(super) fn endpoint(&mut self, s: usize, vpce_id: &str, p: Packet) -> Step {
        let ix = self.ix;
        let &v = ix.vpce_by_id.get(vpce_id)?;
        let ep = &ix.net.vpc_endpoints[v];
        let ok_protocol = p.protocol == Protocol::Tcp
            || (p.protocol == Protocol::Icmp && (p.icmp_type == 8 || p.icmp_type == 0));
        if !ok_protocol {
            self.block(
                vpce_id,
                ComponentKind::VpcEndpoint,
                ReasonCode::EndpointProtocolRestriction,
                || {
                    msg!(
                        "trace-vpce-protocol",
                        "gateway endpoint {vpce_id} ({service}) accepts only TCP or ICMP echo traffic",
                        vpce_id,
                        service = ep.service
                    )
                },
                || None,
            );
            return None;
        }
        if !ix.vpc_contains(ix.subnets[s].vpc, p.src) {
            self.block(
                vpce_id,
                ComponentKind::VpcEndpoint,
                ReasonCode::EndpointSourceRestriction,
                || msg!("trace-vpce-foreign-source", "gateway endpoint {vpce_id} only serves sources inside its own VPC; {src} came from elsewhere; a peered VPC cannot use this VPC's endpoint", vpce_id, src = ip(p.src)),
                || None,
            );
            return None;
        }
        self.hop(|| {
            Hop::at(vpce_id, ComponentKind::VpcEndpoint, HopDirection::Through).decided(
                Decision::Deliver,
                DecidingRule::behaviour("E1"),
                &p,
                msg!("trace-vpce-delivers", "gateway endpoint {vpce_id} carries the packet privately to {service} without an internet gateway or NAT", vpce_id, service = ep.service),
            )
        });
        Some((Landing::Service(v), p))
    }

    /// The service's reply, back through endpoint `v` to the source.
    pub(super) fn service_reply(&mut self, v: usize, p: Packet) -> Step {
        let ix = self.ix;
        let ep = &ix.net.vpc_endpoints[v];
        self.hop(|| {
            Hop::at(&ep.id, ComponentKind::VpcEndpoint, HopDirection::Through).decided(
                Decision::Forward,
                DecidingRule::behaviour("E1"),
                &p,
                msg!(
                    "trace-vpce-reply",
                    "{service} replies through gateway endpoint {id}",
                    service = ep.service,
                    id = ep.id
                ),
            )
        });
        let d = eni_at(ix, p.dst)?;
        self.arrive(d, p, true, None)
    }
}
