//! Rules and packets in words, shared by the tracer's hops and its fixes.
//!
//! **Invariant**: these are the only definitions of how a rule or a rule's peer reads, so a
//! hop's text and its fix's summary never drift apart. Everything here is a pure function of
//! its arguments.

use std::net::Ipv4Addr;

use super::rules::Packet;
use super::DecidingRule;
use crate::network::model::{IcmpMatch, PortRange, Protocol, RulePeer};

/// Capitalised, ending with a full stop: explanations are read by learners.
pub(super) fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    let mut out: String = match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => return String::new(),
    };
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

pub(super) fn ip(a: u32) -> Ipv4Addr {
    Ipv4Addr::from(a)
}

/// What a packet is, for "no rule allows …" sentences: `tcp port 22`, `icmp type 8`.
pub(super) fn proto_text(p: &Packet) -> String {
    match p.protocol {
        Protocol::Tcp | Protocol::Udp => format!("{} port {}", p.protocol.name(), p.dst_port),
        Protocol::Icmp => format!("icmp type {}", p.icmp_type),
        Protocol::All => "all traffic".into(),
        other => format!("protocol {}", other.name()),
    }
}

/// What a security-group rule or NACL entry matches, as AWS's console lists it:
/// `tcp 22`, `tcp 1024-65535`, `all icmp`, `all traffic`.
pub fn rule_text(protocol: Protocol, ports: Option<PortRange>, icmp: Option<IcmpMatch>) -> String {
    match protocol {
        Protocol::All => "all traffic".into(),
        Protocol::Tcp | Protocol::Udp => match ports {
            None => format!("{} all ports", protocol.name()),
            Some(r) if r.from == r.to => format!("{} {}", protocol.name(), r.from),
            Some(r) if r.from == 0 && r.to == 65535 => format!("{} all ports", protocol.name()),
            Some(r) => format!("{} {}-{}", protocol.name(), r.from, r.to),
        },
        Protocol::Icmp => match icmp.and_then(|m| m.icmp_type) {
            None => "all icmp".into(),
            Some(t) => format!("icmp type {t}"),
        },
        other => format!("protocol {}", other.name()),
    }
}

/// A security-group rule's peer inside a sentence ("allows tcp 22 from members of sg-web"):
/// a group reference matches the group's members, not the group (S5).
pub fn peer_text(peer: &RulePeer) -> String {
    match peer {
        RulePeer::Cidr(c) => c.clone(),
        RulePeer::SecurityGroup(g) => format!("members of {g}"),
        RulePeer::PrefixList(p) => format!("prefix list {p}"),
    }
}

impl DecidingRule {
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
    fn sentences_start_with_a_capital_and_end_with_a_full_stop() {
        assert_eq!(sentence("the packet arrives"), "The packet arrives.");
        assert_eq!(sentence("done."), "Done.");
        assert_eq!(sentence(""), "");
    }
}
