//! VPC peering connections on the path.
//!
//! **Invariants**
//! - A peering connection carries a packet only between its two VPCs and only to an address
//!   inside the peer VPC: not transitive, no use of the peer's gateways (P2, P3, P4), else
//!   `PCX_REQUIRES_ADDRESS_IN_VPC_CIDR`.
//! - A peer VPC outside the design (another account or region) is `NO_POSSIBLE_DESTINATION`,
//!   never a guess at what is there.

use super::rules::{eni_at, Packet};
use super::text::ip;
use super::walk::{Step, Walk};
use super::*;
use crate::network::msg::{msg, Text};

impl Walk<'_, '_> {
    /// A packet routed from subnet `s` to peering connection `pcx_id`.
    pub(super) fn peering(&mut self, s: usize, pcx_id: &str, p: Packet, reply: bool) -> Step {
        let ix = self.ix;
        let &k = ix.pcx_by_id.get(pcx_id)?;
        let pcx = &ix.net.peering_connections[k];
        let here = ix.subnets[s]
            .vpc
            .map(|v| ix.net.vpcs[v].id.as_str())
            .unwrap_or("");
        let other = if pcx.requester_vpc == here {
            &pcx.accepter_vpc
        } else if pcx.accepter_vpc == here {
            &pcx.requester_vpc
        } else {
            self.block(
                pcx_id,
                ComponentKind::PeeringConnection,
                ReasonCode::BadStateAttachment,
                || {
                    msg!(
                        "trace-pcx-not-involved",
                        "peering connection {pcx_id} does not involve VPC {here}",
                        pcx_id,
                        here
                    )
                },
                || None,
            );
            return None;
        };
        let Some(&peer) = ix.vpc_by_id.get(other.as_str()) else {
            self.block(
                pcx_id,
                ComponentKind::PeeringConnection,
                ReasonCode::NoPossibleDestination,
                || {
                    msg!(
                        "trace-pcx-peer-unknown",
                        "the peer VPC {other} is not in the design (another account or region?)",
                        other
                    )
                },
                || None,
            );
            return None;
        };
        let hop = |decision: Decision, why: Text| {
            Hop::at(
                pcx_id,
                ComponentKind::PeeringConnection,
                HopDirection::Through,
            )
            .decided(decision, DecidingRule::behaviour("P4"), &p, why)
        };
        if !ix.vpc_contains(Some(peer), p.dst) {
            self.refuse(
                |why| hop(Decision::Drop, why),
                pcx_id,
                ComponentKind::PeeringConnection,
                ReasonCode::PeeringRequiresAddressInVpc,
                || msg!(
                    "trace-pcx-outside-peer",
                    "peering connection {pcx_id} only carries traffic to addresses inside the peer VPC {other}; {dst} is not in it. Peering is not transitive and gives no access to the peer's gateways",
                    pcx_id,
                    other,
                    dst = ip(p.dst)
                ),
                || None,
            );
            return None;
        }
        self.hop(|| {
            hop(
                Decision::Forward,
                msg!(
                    "trace-pcx-forwards",
                    "peering connection {pcx_id} carries the packet to the peer VPC {other}, which holds {dst}",
                    pcx_id,
                    other,
                    dst = ip(p.dst)
                ),
            )
        });
        match eni_at(ix, p.dst).filter(|d| ix.enis[*d].vpc == Some(peer)) {
            Some(d) => self.arrive(d, p, reply, None),
            None => {
                self.block(
                    other,
                    ComponentKind::Vpc,
                    ReasonCode::NoPossibleDestination,
                    || {
                        msg!(
                            "trace-no-interface-with-address",
                            "no interface in VPC {vpc} has the address {dst}",
                            vpc = other,
                            dst = ip(p.dst)
                        )
                    },
                    || None,
                );
                None
            }
        }
    }
}
