//! Security groups on the path: egress when a packet leaves an interface, ingress when it
//! arrives.
//!
//! **Invariants**
//! - Stateful (S1): a reply is never evaluated; it gets a `Skip` hop saying why.
//! - The groups of an interface are combined (S7): the first rule of any group that allows
//!   the packet decides; if none does, the implicit deny blocks with `SG_HAS_NO_RULES` when
//!   the groups have no rule at all in that direction, else `ENI_SG_RULES_MISMATCH` (S2).
//! - The suggested fix adds one rule to the interface's first group, naming the peer by its
//!   security group when it is in the same VPC (S5), else by its subnet or address.

use super::index::{EniIx, NetworkIndex};
use super::rules::{eni_at, evaluate_groups, Packet};
use super::text::{ip, peer_words, proto_text, rule_words};
use super::walk::{eni_label, Walk};
use super::*;
use crate::network::fix::{Edit, Fix, RuleDirection};
use crate::network::lint::label;
use crate::network::model::*;
use crate::network::msg::{msg, Text};

impl Walk<'_, '_> {
    /// Security groups do not evaluate replies (S1); the hop says so.
    pub(super) fn skip_groups(&mut self, e: EniIx, ingress: bool, p: &Packet) {
        let ix = self.ix;
        self.hop(|| {
            let group = ix.enis[e]
                .groups
                .first()
                .map(|g| ix.net.security_groups[*g].id.clone())
                .unwrap_or_else(|| ix.enis[e].component.clone());
            Hop::at(group, ComponentKind::SecurityGroup, direction(ingress)).decided(
                Decision::Skip,
                DecidingRule::behaviour("S1"),
                p,
                msg!("trace-sg-reply", "this is the reply of a connection the security group already allowed; security groups are stateful, so replies pass without a rule"),
            )
        });
    }

    /// Evaluates an interface's security groups; returns false if the walk must stop.
    pub(super) fn check_groups(&mut self, e: EniIx, ingress: bool, p: &Packet) -> bool {
        let ix = self.ix;
        let eni = &ix.enis[e];
        let peer = if ingress { p.src } else { p.dst };
        let verdict = evaluate_groups(ix, &eni.groups, ingress, p, peer);
        let dir = if ingress { "inbound" } else { "outbound" };
        let to_from = if ingress { "from" } else { "to" };
        if let Some((g, k)) = verdict.allowed_by {
            self.hop(|| {
                let group = &ix.net.security_groups[g];
                let rules = if ingress {
                    &group.ingress
                } else {
                    &group.egress
                };
                let rule = &rules[k];
                let (rule_words, peer_words) = (
                    rule_words(rule.protocol, rule.ports, rule.icmp),
                    peer_words(&rule.peer),
                );
                let text = format!("{rule_words} {to_from} {peer_words}");
                let group_label = label(&group.name, &group.id);
                let addr = ip(peer);
                let entry = match &rule.peer {
                    RulePeer::PrefixList(pl) => super::prefix_list::matching_entry(ix, pl, peer)
                        .map(|entry| (entry, pl)),
                    _ => None,
                };
                let explanation = match (&rule.peer, entry) {
                    (RulePeer::SecurityGroup(_), _) => msg!(
                        "trace-sg-allows-member",
                        "security group {group_label} allows this {dir} traffic: rule #{k} allows {rule_words} {to_from} {peer_words} ({addr} is the private IP of a member of that group)",
                        group_label, dir, k, rule_words, to_from, peer_words, addr
                    ),
                    (_, Some((entry, pl))) => msg!(
                        "trace-sg-allows-prefix-entry",
                        "security group {group_label} allows this {dir} traffic: rule #{k} allows {rule_words} {to_from} {peer_words} ({addr} is in entry {entry} of {pl})",
                        group_label, dir, k, rule_words, to_from, peer_words, addr, entry, pl
                    ),
                    _ => msg!(
                        "trace-sg-allows",
                        "security group {group_label} allows this {dir} traffic: rule #{k} allows {rule_words} {to_from} {peer_words}",
                        group_label, dir, k, rule_words, to_from, peer_words
                    ),
                };
                Hop::at(&group.id, ComponentKind::SecurityGroup, direction(ingress)).decided(
                    Decision::Allow,
                    DecidingRule::SecurityGroupRule {
                        security_group: group.id.clone(),
                        index: k,
                        description: rule.description.clone(),
                        text,
                    },
                    p,
                    explanation,
                )
            });
            return true;
        }

        // In a capture, a group the interface names but the files do not hold may allow it
        // (Q3): the verdict depends on a component not seen.
        if ix.net.is_capture() && !eni.missing_groups.is_empty() {
            let missing = eni.missing_groups.join(", ");
            let first = eni.missing_groups[0].clone();
            return self.block(
                &first,
                ComponentKind::SecurityGroup,
                ReasonCode::NotInCapture,
                || {
                    msg!(
                        "trace-sg-not-captured",
                        "security group {missing} of {eni} is not in the capture, so whether it allows this {dir} traffic ({proto}) is unknown",
                        missing,
                        eni = eni_label(ix, e),
                        dir,
                        proto = proto_text(p)
                    )
                },
                || None,
            );
        }
        let empty = eni.groups.iter().all(|g| {
            let m = &ix.net.security_groups[*g];
            if ingress {
                m.ingress.is_empty()
            } else {
                m.egress.is_empty()
            }
        });
        let code = if empty {
            ReasonCode::SecurityGroupHasNoRules
        } else {
            ReasonCode::SecurityGroupRulesMismatch
        };
        let component = eni
            .groups
            .first()
            .map(|g| ix.net.security_groups[*g].id.as_str())
            .unwrap_or(eni.component.as_str());
        let groups_text = || -> Text {
            if eni.groups.is_empty() {
                msg!("trace-no-security-group", "no security group")
            } else {
                let ids: Vec<&str> = eni
                    .groups
                    .iter()
                    .map(|g| ix.net.security_groups[*g].id.as_str())
                    .collect();
                ids.join(", ").into()
            }
        };
        let generic_internet = self.generic_internet;
        let combined = eni.groups.len() > 1;
        let explanation = || {
            let addr = ip(peer);
            let peer_text = if generic_internet && peer == u32::from(INTERNET_HOST) {
                msg!(
                    "trace-the-internet-stand-in",
                    "the internet (any public address; {addr} stands for it)",
                    addr
                )
            } else {
                addr.to_string().into()
            };
            let (groups, at, proto) = (groups_text(), eni_label(ix, e), proto_text(p));
            if combined {
                msg!(
                    "trace-sg-denies-combined",
                    "no {dir} rule of {groups} on {at} allows {proto} {to_from} {peer_text}; security groups only allow what a rule lists and the groups' rules are combined",
                    dir, groups, at, proto, to_from, peer_text
                )
            } else {
                msg!(
                    "trace-sg-denies",
                    "no {dir} rule of {groups} on {at} allows {proto} {to_from} {peer_text}; security groups only allow what a rule lists",
                    dir, groups, at, proto, to_from, peer_text
                )
            }
        };
        self.refuse(
            |why| {
                Hop::at(component, ComponentKind::SecurityGroup, direction(ingress)).decided(
                    Decision::Deny,
                    DecidingRule::NoRuleMatched {
                        table: groups_text().en,
                    },
                    p,
                    why,
                )
            },
            component,
            ComponentKind::SecurityGroup,
            code,
            explanation,
            || group_fix(ix, generic_internet, e, ingress, p),
        )
    }
}

fn direction(ingress: bool) -> HopDirection {
    if ingress {
        HopDirection::Inbound
    } else {
        HopDirection::Outbound
    }
}

/// One rule on the interface's first group that lets exactly this packet through.
fn group_fix(
    ix: &NetworkIndex,
    generic_internet: bool,
    e: EniIx,
    ingress: bool,
    p: &Packet,
) -> Option<Fix> {
    let eni = &ix.enis[e];
    let group = &ix.net.security_groups[*eni.groups.first()?];
    let peer_addr = if ingress { p.src } else { p.dst };
    let peer = match eni_at(ix, peer_addr) {
        Some(o)
            if !ix.enis[o].groups.is_empty()
                && ix.enis[o].vpc.is_some()
                && ix.enis[o].vpc == eni.vpc =>
        {
            RulePeer::SecurityGroup(ix.net.security_groups[ix.enis[o].groups[0]].id.clone())
        }
        Some(o) => match ix.enis[o].subnet.and_then(|s| ix.subnets[s].cidr) {
            Some(c) => RulePeer::Cidr(c.to_string()),
            None => RulePeer::Cidr(format!("{}/32", ip(peer_addr))),
        },
        None if generic_internet && peer_addr == u32::from(INTERNET_HOST) => {
            RulePeer::Cidr("0.0.0.0/0".into())
        }
        None => RulePeer::Cidr(format!("{}/32", ip(peer_addr))),
    };
    let rule = SecurityGroupRule {
        protocol: p.protocol,
        ports: p
            .protocol
            .has_ports()
            .then(|| PortRange::single(p.dst_port)),
        icmp: (p.protocol == Protocol::Icmp).then_some(IcmpMatch {
            icmp_type: Some(p.icmp_type),
            code: None,
        }),
        peer: peer.clone(),
        description: String::new(),
    };
    let (direction, dir, to_from) = if ingress {
        (RuleDirection::Ingress, "inbound", "from")
    } else {
        (RuleDirection::Egress, "outbound", "to")
    };
    let summary = msg!(
        "trace-fix-sg-add-rule",
        "add an {dir} rule to {group}: allow {rule} {to_from} {peer}",
        dir,
        group = group.id,
        rule = rule_words(rule.protocol, rule.ports, rule.icmp),
        to_from,
        peer = peer_words(&peer)
    );
    Some(Fix::new(
        summary,
        vec![Edit::AddSecurityGroupRule {
            security_group: group.id.clone(),
            direction,
            rule,
        }],
    ))
}
