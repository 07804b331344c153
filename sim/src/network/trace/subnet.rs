//! Leaving and entering subnets: where network ACLs and route tables apply, and where they
//! do not.
//!
//! **Invariants**
//! - Within one subnet a packet is delivered directly: no network ACL and no route table
//!   (§0): one `Forward` hop names the subnet.
//! - A packet leaving a subnet passes its ACL outbound, then its route table; a packet
//!   entering one passes its ACL inbound, unless it comes from that same subnet.
//! - Every time a packet leaves a subnet counts as one forwarding step; after [`MAX_STEPS`]
//!   the walk ends with `ROUTING_LOOP`, so a loop of routes cannot hang the tracer.

use super::index::{EniIx, EniKind};
use super::rules::{eni_at, Packet};
use super::walk::{Step, Walk};
use super::*;
use crate::network::msg::msg;

impl Walk<'_, '_> {
    /// A packet leaves subnet `s` (from interface `from`): same-subnet delivery, NACL
    /// outbound, route table.
    pub(super) fn leave_subnet(
        &mut self,
        s: Option<usize>,
        from: Option<EniIx>,
        p: Packet,
        reply: bool,
    ) -> Step {
        if self.halted {
            return None;
        }
        let ix = self.ix;
        self.steps += 1;
        if self.steps > MAX_STEPS {
            let at = s.map(|s| ix.net.subnets[s].id.clone()).unwrap_or_default();
            self.block(
                &at,
                ComponentKind::RouteTable,
                ReasonCode::RoutingLoop,
                || msg!("trace-routing-loop", "the packet was forwarded {steps} times without arriving; the routes form a loop", steps = MAX_STEPS),
                || None,
            );
            self.halted = true;
            return None;
        }
        let Some(s) = s else {
            let comp = from
                .map(|e| ix.enis[e].component.clone())
                .unwrap_or_default();
            // In a capture the subnet exists in the account, not in the files (Q1).
            let uncaptured = from.and_then(|e| match ix.enis[e].kind {
                EniKind::Instance(n) => Some(match ix.enis[e].interface {
                    Some(k) => ix.net.instances[n].network_interfaces[k].subnet_id.clone(),
                    None => ix.net.instances[n].subnet_id.clone(),
                }),
                EniKind::Database(n) => ix.net.databases[n].subnet_group.first().cloned(),
                _ => None,
            });
            if let (true, Some(subnet)) = (ix.net.is_capture(), uncaptured) {
                self.block(
                    &subnet,
                    ComponentKind::Subnet,
                    ReasonCode::NotInCapture,
                    || msg!("trace-subnet-not-captured", "subnet {subnet} of {comp} is not in the capture, so its route table and network ACL are unknown", subnet, comp),
                    || None,
                );
                return None;
            }
            self.block(
                &comp,
                ComponentKind::NetworkInterface,
                ReasonCode::UnassociatedComponent,
                || {
                    msg!(
                        "trace-not-in-subnet",
                        "{comp} is not in any subnet of the design",
                        comp
                    )
                },
                || None,
            );
            return None;
        };
        // Same subnet: layer-2 delivery, no NACL and no route table (§0).
        if let Some(d) = eni_at(ix, p.dst) {
            if ix.enis[d].subnet == Some(s) && Some(d) != from {
                self.hop(|| {
                    Hop::at(&ix.net.subnets[s].id, ComponentKind::Subnet, HopDirection::Through)
                        .decided(
                            Decision::Forward,
                            DecidingRule::behaviour("§0 same subnet"),
                            &p,
                            msg!(
                                "trace-same-subnet",
                                "source and destination are both in subnet {subnet}: the packet is delivered directly, without the network ACL or the route table, which only apply when traffic leaves or enters a subnet",
                                subnet = ix.subnet_name(s)
                            ),
                        )
                });
                return self.deliver(d, p, reply);
            }
        }
        if !self.check_nacl(s, true, &p) {
            return None;
        }
        self.route(s, p, reply)
    }

    /// The packet enters the subnet of `d` (NACL inbound unless it comes from that subnet),
    /// then `d`.
    pub(super) fn arrive(
        &mut self,
        d: EniIx,
        p: Packet,
        reply: bool,
        from_subnet: Option<usize>,
    ) -> Step {
        if self.halted {
            return None;
        }
        let ds = self.ix.enis[d].subnet;
        if ds != from_subnet {
            if let Some(ds) = ds {
                if !self.check_nacl(ds, false, &p) {
                    return None;
                }
            }
        }
        self.deliver(d, p, reply)
    }
}
