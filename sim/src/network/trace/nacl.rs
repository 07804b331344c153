//! Network ACLs on the path: outbound when a packet leaves a subnet, inbound when it enters.
//!
//! **Invariants**
//! - Stateless (A1): replies are evaluated like any packet, so a missing ephemeral-port rule
//!   blocks the return path (A7) and the explanation says so.
//! - Lowest rule number first, first match decides (A2); no match is the final `*` deny (A3);
//!   a subnet the design gives no ACL has the VPC's default allow-all ACL (A4, A5).
//! - The suggested fix adds one allow rule just below the deny that matched (or on the next
//!   free hundred after the last rule), for the peer's subnet, or 0.0.0.0/0 for the internet,
//!   with the ephemeral range 1024–65535 on replies.

use super::index::NetworkIndex;
use super::rules::{eni_at, evaluate_nacl, Packet};
use super::text::{ip, proto_text, rule_words};
use super::walk::Walk;
use super::*;
use crate::network::cidr::{is_rfc1918, Cidr};
use crate::network::fix::{Edit, Fix};
use crate::network::lint::label;
use crate::network::model::*;
use crate::network::msg::{msg, Text};

impl Walk<'_, '_> {
    /// Evaluates a subnet's NACL; returns false if the walk must stop.
    pub(super) fn check_nacl(&mut self, s: usize, outbound: bool, p: &Packet) -> bool {
        let ix = self.ix;
        let dir = if outbound { "outbound" } else { "inbound" };
        let hop_dir = if outbound {
            HopDirection::Outbound
        } else {
            HopDirection::Inbound
        };
        let Some(n) = ix.subnets[s].nacl else {
            self.hop(|| {
                Hop::at(&ix.net.subnets[s].id, ComponentKind::NetworkAcl, hop_dir).decided(
                    Decision::Allow,
                    DecidingRule::behaviour("A4"),
                    p,
                    msg!(
                        "trace-nacl-default",
                        "the design gives subnet {subnet} no network ACL; every subnet has one, so the VPC's default ACL (which allows all traffic) is assumed",
                        subnet = ix.subnet_name(s)
                    ),
                )
            });
            return true;
        };
        let acl = &ix.net.network_acls[n];
        let peer = if outbound { p.dst } else { p.src };
        let side = self.side;
        let generic_internet = self.generic_internet;
        let fix =
            |deny_at: Option<u32>| nacl_fix(ix, generic_internet, side, n, outbound, p, deny_at);
        let to_from = if outbound { "to" } else { "from" };
        let Some(k) = evaluate_nacl(ix, n, outbound, p) else {
            return self.refuse(
                |why| {
                    Hop::at(&acl.id, ComponentKind::NetworkAcl, hop_dir).decided(
                        Decision::Deny,
                        DecidingRule::NaclEntry {
                            network_acl: acl.id.clone(),
                            rule_number: None,
                            action: "deny".into(),
                            text: "rule * deny all".into(),
                        },
                        p,
                        why,
                    )
                },
                &acl.id,
                ComponentKind::NetworkAcl,
                ReasonCode::SubnetAclRestriction,
                || {
                    let (acl_label, subnet, proto, addr) =
                        (label(&acl.name, &acl.id), ix.subnet_name(s), proto_text(p), ip(peer));
                    if side == PathSide::Return && p.protocol.has_ports() {
                        msg!(
                            "trace-nacl-final-deny-reply",
                            "no rule of network ACL {acl_label} on subnet {subnet} matches {dir} {proto} {to_from} {addr}, so the final * rule denies it; replies go to the client's ephemeral port {port}, which the ACL must allow",
                            acl_label, subnet, dir, proto, to_from, addr, port = p.dst_port
                        )
                    } else {
                        msg!(
                            "trace-nacl-final-deny",
                            "no rule of network ACL {acl_label} on subnet {subnet} matches {dir} {proto} {to_from} {addr}, so the final * rule denies it",
                            acl_label, subnet, dir, proto, to_from, addr
                        )
                    }
                },
                || fix(None),
            );
        };
        let entry = &acl.entries[k];
        let allowed = entry.action == RuleAction::Allow;
        let action = if allowed { "allow" } else { "deny" };
        let text = || {
            msg!(
                "trace-nacl-entry",
                "rule {number} {action} {rule} {to_from} {cidr}",
                number = entry.rule_number,
                action,
                rule = rule_words(entry.protocol, entry.ports, entry.icmp),
                to_from,
                cidr = entry.cidr
            )
        };
        let explanation = || {
            let (acl_label, subnet, entry) = (label(&acl.name, &acl.id), ix.subnet_name(s), text());
            match (allowed, side == PathSide::Return) {
                (true, false) => msg!(
                    "trace-nacl-match-passes",
                    "network ACL {acl_label} of subnet {subnet} checks {dir} traffic lowest rule first; {entry} is the first match, so it passes",
                    acl_label, subnet, dir, entry
                ),
                (true, true) => msg!(
                    "trace-nacl-match-passes-reply",
                    "network ACL {acl_label} of subnet {subnet} checks {dir} traffic lowest rule first; {entry} is the first match, so it passes; network ACLs are stateless, so the reply is checked again",
                    acl_label, subnet, dir, entry
                ),
                (false, false) => msg!(
                    "trace-nacl-match-dropped",
                    "network ACL {acl_label} of subnet {subnet} checks {dir} traffic lowest rule first; {entry} is the first match, so it is dropped",
                    acl_label, subnet, dir, entry
                ),
                (false, true) => msg!(
                    "trace-nacl-match-dropped-reply",
                    "network ACL {acl_label} of subnet {subnet} checks {dir} traffic lowest rule first; {entry} is the first match, so it is dropped; network ACLs are stateless, so the reply is checked again",
                    acl_label, subnet, dir, entry
                ),
            }
        };
        let hop = |decision: Decision, why: Text| {
            Hop::at(&acl.id, ComponentKind::NetworkAcl, hop_dir).decided(
                decision,
                DecidingRule::NaclEntry {
                    network_acl: acl.id.clone(),
                    rule_number: Some(entry.rule_number),
                    action: action.into(),
                    text: text().en,
                },
                p,
                why,
            )
        };
        if allowed {
            self.hop(|| hop(Decision::Allow, explanation()));
            return true;
        }
        self.refuse(
            |why| hop(Decision::Deny, why),
            &acl.id,
            ComponentKind::NetworkAcl,
            ReasonCode::SubnetAclRestriction,
            explanation,
            || fix(Some(entry.rule_number)),
        )
    }
}

/// An allow entry for this packet, numbered to win over the deny at `deny_at` (A2).
fn nacl_fix(
    ix: &NetworkIndex,
    generic_internet: bool,
    side: PathSide,
    n: usize,
    outbound: bool,
    p: &Packet,
    deny_at: Option<u32>,
) -> Option<Fix> {
    let acl = &ix.net.network_acls[n];
    let peer = if outbound { p.dst } else { p.src };
    let used: Vec<u32> = acl
        .entries
        .iter()
        .filter(|e| e.egress == outbound)
        .map(|e| e.rule_number)
        .collect();
    let number = match deny_at {
        Some(d) => (1..d).rev().find(|k| !used.contains(k))?,
        None => {
            let top = used
                .iter()
                .copied()
                .filter(|k| *k < 32767)
                .max()
                .unwrap_or(0);
            ((top / 100 + 1) * 100).min(32766)
        }
    };
    let ports = p.protocol.has_ports().then(|| {
        if side == PathSide::Return && p.dst_port >= 1024 {
            PortRange {
                from: 1024,
                to: 65535,
            }
        } else {
            PortRange::single(p.dst_port)
        }
    });
    let cidr = match eni_at(ix, peer)
        .and_then(|o| ix.enis[o].subnet)
        .and_then(|s| ix.subnets[s].cidr)
    {
        Some(c) => c.to_string(),
        None if generic_internet || ix.vpc_of_addr(peer).is_none() && !is_rfc1918(ip(peer)) => {
            "0.0.0.0/0".into()
        }
        None => Cidr::host(ip(peer)).to_string(),
    };
    let entry = NaclEntry {
        rule_number: number,
        egress: outbound,
        protocol: p.protocol,
        ports,
        icmp: None,
        cidr: cidr.clone(),
        action: RuleAction::Allow,
    };
    let (dir, to_from) = if outbound {
        ("outbound", "to")
    } else {
        ("inbound", "from")
    };
    let summary = msg!(
        "trace-fix-nacl-add-entry",
        "add {dir} rule {number} to {acl}: allow {rule} {to_from} {cidr}",
        dir,
        number,
        acl = acl.id,
        rule = rule_words(entry.protocol, entry.ports, None),
        to_from,
        cidr
    );
    Some(Fix::new(
        summary,
        vec![Edit::AddNaclEntry {
            network_acl: acl.id.clone(),
            entry,
        }],
    ))
}
