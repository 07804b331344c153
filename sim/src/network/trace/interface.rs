//! Network interfaces on the path: where a packet is sent from and delivered to, and
//! instances that forward traffic as middleboxes.
//!
//! **Invariants**
//! - A packet leaves through the interface's security groups (egress) and arrives through
//!   them (ingress); replies skip them (S1).
//! - An interface accepts only packets for its own addresses; a NAT gateway accepts no new
//!   inbound connection (N1), anything else that is not an instance drops with
//!   `ENI_ADDRESS_RESTRICTION`.
//! - An instance forwards a packet for another address only with its source/destination
//!   check off (`ENI_SOURCE_DEST_CHECK_RESTRICTION` otherwise, with the fix); a NAT instance
//!   translates the source and the reply is translated back (N3).

use super::index::{EniIx, EniKind};
use super::rules::Packet;
use super::text::ip;
use super::walk::{eni_kind, eni_label, Binding, Landing, Step, Walk};
use super::*;
use crate::network::fix::{Edit, Fix};
use crate::network::model::*;
use crate::network::msg::msg;

impl Walk<'_, '_> {
    /// An instance's further interface that AWS could not have attached (another zone or
    /// VPC, Q5) carries nothing: a blocker naming it. Returns whether traffic may pass.
    fn attached(&mut self, e: EniIx) -> bool {
        let ix = self.ix;
        let eni = &ix.enis[e];
        let Some(why) = &eni.misplaced else {
            return true;
        };
        let (EniKind::Instance(i), Some(k)) = (eni.kind, eni.interface) else {
            return true;
        };
        let id = &ix.net.instances[i].network_interfaces[k].id;
        self.block(
            id,
            ComponentKind::NetworkInterface,
            ReasonCode::BadStateAttachment,
            || why.clone(),
            || None,
        );
        false
    }

    /// Sends a packet out of an interface: SG egress (not for replies, S1), then the subnet.
    pub(super) fn emit(&mut self, e: EniIx, p: Packet, reply: bool) -> Step {
        if self.halted {
            return None;
        }
        let eni = &self.ix.enis[e];
        if !self.attached(e) {
            return None;
        }
        if eni.has_groups {
            if reply {
                self.skip_groups(e, false, &p);
            } else if !self.check_groups(e, false, &p) {
                return None;
            }
        }
        self.leave_subnet(eni.subnet, Some(e), p, reply)
    }

    /// The packet reaches interface `d`.
    pub(super) fn deliver(&mut self, d: EniIx, p: Packet, reply: bool) -> Step {
        if self.halted {
            return None;
        }
        let ix = self.ix;
        let eni = &ix.enis[d];
        // A reply to a translated connection: undo the translation (N3).
        if reply {
            if let Some(b) = self
                .bindings
                .iter()
                .rev()
                .find(|b| b.at == d && b.new_src == p.dst && b.new_port == p.dst_port)
                .copied()
            {
                let back = Packet {
                    dst: b.original_src,
                    dst_port: b.original_port,
                    ..p
                };
                self.hop(|| {
                    Hop::at(&eni.component, eni_kind(ix, d), HopDirection::Through).decided(
                        Decision::Translate,
                        DecidingRule::Translation {
                            from: ip(p.dst).to_string(),
                            to: ip(b.original_src).to_string(),
                        },
                        &back,
                        msg!(
                            "trace-untranslate-reply",
                            "{eni} recognises the reply of a connection it translated and sends it back to {addr}",
                            eni = eni_label(ix, d),
                            addr = ip(b.original_src)
                        ),
                    )
                });
                return self.leave_subnet(eni.subnet, Some(d), back, reply);
            }
        }
        if !self.attached(d) {
            return None;
        }
        if eni.owns(p.dst) {
            if let EniKind::Nat(_) = eni.kind {
                self.block(
                    &eni.component,
                    ComponentKind::NatGateway,
                    ReasonCode::NoPossibleDestination,
                    || msg!(
                        "trace-nat-no-inbound",
                        "{eni} only accepts replies to connections started from inside its VPC; it does not accept new inbound connections",
                        eni = eni_label(ix, d)
                    ),
                    || None,
                );
                return None;
            }
            if eni.has_groups {
                if reply {
                    self.skip_groups(d, true, &p);
                } else if !self.check_groups(d, true, &p) {
                    return None;
                }
            }
            self.hop(|| {
                Hop::at(&eni.component, eni_kind(ix, d), HopDirection::Inbound).decided(
                    Decision::Deliver,
                    DecidingRule::behaviour("delivered"),
                    &p,
                    msg!(
                        "trace-arrives",
                        "the packet arrives at {eni} ({addr})",
                        eni = eni_label(ix, d),
                        addr = ip(eni.private_ip)
                    ),
                )
            });
            return Some((Landing::Eni(d), p));
        }
        // Not addressed to this interface: only an instance can forward it (middlebox routing).
        let EniKind::Instance(i) = eni.kind else {
            self.block(
                &eni.component,
                eni_kind(ix, d),
                ReasonCode::EniAddressRestriction,
                || {
                    msg!(
                        "trace-eni-own-address-only",
                        "{eni} only sends and receives traffic for its own address, not {dst}",
                        eni = eni_label(ix, d),
                        dst = ip(p.dst)
                    )
                },
                || None,
            );
            return None;
        };
        if eni.has_groups && !reply && !self.check_groups(d, true, &p) {
            return None;
        }
        let instance = &ix.net.instances[i];
        if eni.source_dest_check
            && !self.block(
                &instance.id,
                ComponentKind::Instance,
                ReasonCode::EniSourceDestCheckRestriction,
                || msg!(
                    "trace-source-dest-check",
                    "{eni} receives traffic for {dst}, which is not its own address, but its source/destination check is on, so it drops it",
                    eni = eni_label(ix, d),
                    dst = ip(p.dst)
                ),
                || {
                    let interface = eni.interface.map(|k| instance.network_interfaces[k].id.clone());
                    let on = match &interface {
                        Some(id) => format!("{} ({id})", instance.id),
                        None => instance.id.clone(),
                    };
                    Some(Fix::new(
                        msg!("trace-fix-source-dest-check", "disable the source/destination check on {instance}", instance = on),
                        vec![Edit::SetSourceDestCheck {
                            instance: instance.id.clone(),
                            interface,
                            enabled: false,
                        }],
                    ))
                },
            )
        {
            return None;
        }
        let mut out = p;
        if instance.role == InstanceRole::NatInstance && !reply {
            out.src = eni.private_ip;
            self.bindings.push(Binding {
                at: d,
                original_src: p.src,
                original_port: p.src_port,
                new_src: out.src,
                new_port: out.src_port,
            });
        }
        self.hop(|| {
            let decision = if out.src != p.src {
                Decision::Translate
            } else {
                Decision::Forward
            };
            Hop::at(&instance.id, ComponentKind::Instance, HopDirection::Through).decided(
                decision,
                DecidingRule::behaviour("R5 middlebox"),
                &out,
                msg!(
                    "trace-middlebox-forwards",
                    "{eni} forwards the packet onwards as a middlebox (source/destination check off)",
                    eni = eni_label(ix, d)
                ),
            )
        });
        // Forwarded traffic is checked by the middlebox's own outbound rules (S5: no SG references).
        if eni.has_groups && !reply && !self.check_groups(d, false, &out) {
            return None;
        }
        self.leave_subnet(eni.subnet, Some(d), out, reply)
    }
}
