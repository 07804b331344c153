//! Rules and packets in words, shared by the tracer's hops and fixes and by the app.
//!
//! **Invariant**: these are the only definitions of how a rule, a rule's peer or a deciding
//! rule reads; the app calls them instead of keeping copies, so a hop's text and the tables
//! beside it never drift apart. Everything here is a pure function of its arguments.

use std::net::Ipv4Addr;

use super::rules::Packet;
use super::DecidingRule;
use crate::network::model::{IcmpMatch, Network, PortRange, Protocol, RulePeer};
use crate::network::msg::{msg, Text};

/// Capitalised, ending with a full stop: explanations are read by learners. Every explained
/// hop goes through here, so the text is changed in place (its first letter is almost always
/// ASCII) rather than copied character by character.
pub(super) fn sentence(mut text: String) -> String {
    let Some(first) = text.chars().next() else {
        return text;
    };
    if first.is_ascii() {
        text[..1].make_ascii_uppercase();
    } else {
        let upper: String = first.to_uppercase().collect();
        text.replace_range(..first.len_utf8(), &upper);
    }
    if !text.ends_with('.') {
        text.push('.');
    }
    text
}

pub(super) fn ip(a: u32) -> Ipv4Addr {
    Ipv4Addr::from(a)
}

/// What a packet is, for "no rule allows …" sentences: `tcp port 22`, `icmp type 8`.
pub(super) fn proto_text(p: &Packet) -> Text {
    match p.protocol {
        Protocol::Tcp | Protocol::Udp => msg!(
            "trace-proto-port",
            "{proto} port {port}",
            proto = p.protocol.name(),
            port = p.dst_port
        ),
        Protocol::Icmp => msg!(
            "trace-proto-icmp",
            "icmp type {icmp_type}",
            icmp_type = p.icmp_type
        ),
        Protocol::All => msg!("trace-all-traffic", "all traffic"),
        other => msg!(
            "trace-proto-other",
            "protocol {proto}",
            proto = other.name()
        ),
    }
}

/// What a security-group rule or NACL entry matches, as AWS's console lists it:
/// `tcp 22`, `tcp 1024-65535`, `all icmp`, `all traffic`.
pub fn rule_text(protocol: Protocol, ports: Option<PortRange>, icmp: Option<IcmpMatch>) -> String {
    rule_words(protocol, ports, icmp).en
}

/// [`rule_text`] with its structured form, for sentences that are translated.
pub(crate) fn rule_words(
    protocol: Protocol,
    ports: Option<PortRange>,
    icmp: Option<IcmpMatch>,
) -> Text {
    let proto = protocol.name();
    match protocol {
        Protocol::All => msg!("trace-all-traffic", "all traffic"),
        Protocol::Tcp | Protocol::Udp => match ports {
            Some(r) if r.from == r.to => {
                msg!("trace-rule-port", "{proto} {port}", proto, port = r.from)
            }
            None => msg!("trace-rule-all-ports", "{proto} all ports", proto),
            Some(r) if r.from == 0 && r.to == 65535 => {
                msg!("trace-rule-all-ports", "{proto} all ports", proto)
            }
            Some(r) => msg!(
                "trace-rule-port-range",
                "{proto} {from}-{to}",
                proto,
                from = r.from,
                to = r.to
            ),
        },
        Protocol::Icmp => match icmp.and_then(|m| m.icmp_type) {
            None => msg!("trace-rule-all-icmp", "all icmp"),
            Some(t) => msg!("trace-proto-icmp", "icmp type {icmp_type}", icmp_type = t),
        },
        _ => msg!("trace-proto-other", "protocol {proto}", proto),
    }
}

/// A security-group rule's peer inside a sentence ("allows tcp 22 from members of sg-web"):
/// a group reference matches the group's members, not the group (S5).
pub fn peer_text(peer: &RulePeer) -> String {
    peer_words(peer).en
}

/// [`peer_text`] with its structured form, for sentences that are translated.
pub(crate) fn peer_words(peer: &RulePeer) -> Text {
    match peer {
        RulePeer::Cidr(c) => c.as_str().into(),
        RulePeer::SecurityGroup(group) => msg!("trace-peer-members", "members of {group}", group),
        RulePeer::PrefixList(list) => msg!("trace-peer-prefix-list", "prefix list {list}", list),
    }
}

/// A security-group rule's peer in a table cell, where the column already says what it is:
/// a referenced group by its name, so a learner recognises it.
pub fn peer_label(net: &Network, peer: &RulePeer) -> String {
    match peer {
        RulePeer::Cidr(c) => c.clone(),
        RulePeer::PrefixList(p) => p.clone(),
        RulePeer::SecurityGroup(g) => match net.security_group(g) {
            Some(sg) if !sg.name.is_empty() => format!("{} ({})", sg.name, g),
            _ => g.clone(),
        },
    }
}

impl DecidingRule {
    /// The rule that decided, in a few words for a hop list; the full sentence is the hop's
    /// explanation.
    pub fn summary(&self) -> String {
        match self {
            DecidingRule::Route {
                route_table,
                destination,
                target,
                state,
                implicit,
            } => {
                format!(
                    "{route_table}: {destination} → {target}{}{}",
                    if state == "active" {
                        ""
                    } else {
                        " (blackhole)"
                    },
                    if *implicit { " (main table)" } else { "" }
                )
            }
            DecidingRule::NaclEntry {
                network_acl,
                rule_number,
                action,
                ..
            } => match rule_number {
                Some(n) => format!("{network_acl} rule {n} ({action})"),
                None => format!("{network_acl} rule * (deny)"),
            },
            DecidingRule::SecurityGroupRule {
                security_group,
                index,
                text,
                ..
            } => format!("{security_group} rule #{index}: {text}"),
            DecidingRule::Translation { from, to } => format!("{from} → {to}"),
            DecidingRule::Listener { port, target_group } => format!(
                "listener :{port}{}",
                target_group
                    .as_ref()
                    .map(|t| format!(" → {t}"))
                    .unwrap_or_default()
            ),
            DecidingRule::NoRuleMatched { table } => format!("{table}: no rule matched"),
            DecidingRule::TransitGatewayRoute {
                route_table,
                destination,
                target,
                origin,
                ..
            } => format!("{route_table}: {destination} → {target} ({origin})"),
            DecidingRule::Behaviour { .. } => "AWS behaviour".to_string(),
        }
    }

    /// A rule of AWS's fixed behaviour, named by its id in `shared/reference/aws-vpc.md`.
    pub(super) fn behaviour(rule_id: &str) -> DecidingRule {
        DecidingRule::Behaviour {
            rule_id: rule_id.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_single_port_rule_names_the_port() {
        let r = rule_text(Protocol::Tcp, Some(PortRange::single(22)), None);
        assert_eq!(r, "tcp 22");
    }

    #[test]
    fn a_full_port_range_reads_as_all_ports() {
        let r = rule_text(Protocol::Udp, Some(PortRange { from: 0, to: 65535 }), None);
        assert_eq!(r, "udp all ports");
    }

    #[test]
    fn a_group_peer_reads_as_its_members_in_a_sentence_and_by_name_in_a_table() {
        let peer = RulePeer::SecurityGroup("sg-web".into());
        assert_eq!(peer_text(&peer), "members of sg-web");
        assert_eq!(peer_label(&Network::default(), &peer), "sg-web");
    }

    #[test]
    fn a_blackhole_route_says_so_in_its_summary() {
        let rule = DecidingRule::Route {
            route_table: "rtb-1".into(),
            destination: "0.0.0.0/0".into(),
            target: "igw-1".into(),
            state: "blackhole".into(),
            implicit: false,
        };
        assert_eq!(rule.summary(), "rtb-1: 0.0.0.0/0 → igw-1 (blackhole)");
    }

    #[test]
    fn sentences_start_with_a_capital_and_end_with_a_full_stop() {
        for (text, want) in [
            ("the packet arrives", "The packet arrives."),
            ("done.", "Done."),
            ("", ""),
            ("Already capital", "Already capital."),
            ("élan", "Élan."),
            ("ǆ digraph", "Ǆ digraph."),
            ("ǅ title case", "Ǆ title case."),
            ("ß sharp", "SS sharp."),
            ("10.0.0.0/16 routes", "10.0.0.0/16 routes."),
        ] {
            assert_eq!(sentence(text.to_string()), want, "{text:?}");
        }
    }
}
