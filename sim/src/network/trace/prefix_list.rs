//! Customer-managed prefix lists on the path (docs/SEMANTICS.md#m1 … #m3): which entry of a
//! list matched, and what a verdict rests on when a capture lacks a list's entries.
//!
//! **Invariants**
//! - A security-group rule or route naming a prefix list matches an address when any entry
//!   CIDR of the list contains it (M1, M2); the hop names the list and that entry.
//! - In a capture, a list held without its entries (or not held at all) matches nothing;
//!   every explained trace that consulted a group or route table using it gets a note saying
//!   the verdict rests on that (M3).

use std::collections::BTreeSet;

use super::index::NetworkIndex;
use super::{Blocker, Decision, Hop, HopDirection};
use crate::network::cidr::Cidr;
use crate::network::model::*;
use crate::network::msg::{msg, Text};

/// The first entry of prefix list `id` that contains `addr`.
pub(super) fn matching_entry(ix: &NetworkIndex, id: &str, addr: u32) -> Option<Cidr> {
    ix.prefix_by_id
        .get(id)
        .and_then(|cs| cs.iter().find(|c| c.contains_u32(addr)).copied())
}

/// The prefix lists component `id` (a security group or route table) uses; for a group,
/// only its rules of `direction` when the hop has one.
fn lists_used_by<'n>(net: &'n Network, id: &str, direction: Option<HopDirection>) -> Vec<&'n str> {
    let mut out = Vec::new();
    if let Some(g) = net.security_group(id) {
        let rules: Vec<&SecurityGroupRule> = match direction {
            Some(HopDirection::Inbound) => g.ingress.iter().collect(),
            Some(HopDirection::Outbound) => g.egress.iter().collect(),
            _ => g.ingress.iter().chain(&g.egress).collect(),
        };
        for r in rules {
            if let RulePeer::PrefixList(p) = &r.peer {
                out.push(p.as_str());
            }
        }
    }
    if let Some(t) = net.route_table(id) {
        for r in &t.routes {
            if let RouteDestination::PrefixList(p) = &r.destination {
                out.push(p.as_str());
            }
        }
    }
    out
}

/// Notes for a captured network: the groups and route tables this trace consulted that use a
/// prefix list whose entries the capture lacks (M3).
pub(super) fn capture_notes(
    ix: &NetworkIndex,
    fwd: &[Hop],
    ret: &[Hop],
    blockers: &[Blocker],
    notes: &mut Vec<Text>,
) {
    let Some(capture) = &ix.net.capture else {
        return;
    };
    let mut seen = BTreeSet::new();
    let components = fwd
        .iter()
        .chain(ret)
        .filter(|h| h.decision != Decision::Skip)
        .map(|h| (h.component.as_str(), Some(h.direction)))
        .chain(blockers.iter().map(|b| (b.component.as_str(), None)));
    for (c, direction) in components {
        for pl in lists_used_by(ix.net, c, direction) {
            let without_entries = capture.prefix_lists_without_entries.iter().any(|x| x == pl);
            if !without_entries && ix.net.prefix_list(pl).is_some() {
                continue;
            }
            if seen.insert((c, pl)) {
                notes.push(if without_entries {
                    msg!(
                        "trace-note-prefix-list-without-entries",
                        "prefix list {pl} used by {c} is in the capture without its entries (ManagedPrefixListEntries), so it matches nothing here; this verdict rests on that: capture it with aws ec2 get-managed-prefix-list-entries --prefix-list-id {pl}",
                        pl,
                        c
                    )
                } else {
                    msg!(
                        "trace-note-prefix-list-not-captured",
                        "prefix list {pl} used by {c} is not in the capture, so it matches nothing here; this verdict rests on that: capture it with aws ec2 get-managed-prefix-list-entries --prefix-list-id {pl}",
                        pl,
                        c
                    )
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{trace, Flow, Verdict};
    use crate::network::model::*;
    use crate::network::samples::sample_network;

    /// The offices' ranges as a customer-managed list, routed to a virtual private gateway
    /// and used by the app group (M1, M2).
    fn with_offices(n: &mut Network, cidrs: &[&str]) {
        n.prefix_lists.push(PrefixList {
            id: "pl-offices".into(),
            name: "offices".into(),
            cidrs: cidrs.iter().map(|c| c.to_string()).collect(),
            ..PrefixList::default()
        });
        n.vpn_gateways.push(VpnGateway {
            id: "vgw-1".into(),
            name: String::new(),
            attached_vpc: Some("vpc-0a1b2c3d".into()),
            propagates_to: Vec::new(),
        });
        n.vpn_connections.push(VpnConnection {
            id: "vpn-1".into(),
            customer_gateway_id: "cgw-1".into(),
            vpn_gateway_id: Some("vgw-1".into()),
            routes: vec!["172.16.0.0/12".into()],
            ..VpnConnection::default()
        });
        for t in &mut n.route_tables {
            t.routes.push(Route {
                destination: RouteDestination::PrefixList("pl-offices".into()),
                target: RouteTarget {
                    kind: TargetKind::Vgw,
                    id: "vgw-1".into(),
                },
                state: RouteState::Active,
            });
        }
        let app = n
            .security_groups
            .iter_mut()
            .find(|g| g.id == "sg-0app")
            .unwrap();
        app.ingress.push(SecurityGroupRule {
            protocol: Protocol::Tcp,
            ports: Some(PortRange::single(22)),
            icmp: None,
            peer: RulePeer::PrefixList("pl-offices".into()),
            description: String::new(),
        });
    }

    #[test]
    fn a_prefix_list_route_and_rule_name_the_entry_that_matched() {
        let mut n = sample_network();
        with_offices(&mut n, &["172.16.8.0/24", "172.20.0.0/16"]);
        let t = trace(&n, &Flow::tcp("172.20.1.5", "i-0app", 22)).unwrap();
        assert!(t.is_reachable(), "{:#?}", t.blockers);
        let group = t.hops.iter().find(|h| h.component == "sg-0app").unwrap();
        assert!(
            group
                .explanation
                .contains("entry 172.20.0.0/16 of pl-offices"),
            "{}",
            group.explanation
        );
        let route = t
            .return_hops
            .iter()
            .find(|h| h.explanation.contains("pl-offices"))
            .expect("the reply is routed by the list's route");
        assert!(
            route.explanation.contains("172.20.0.0/16"),
            "{}",
            route.explanation
        );
    }

    #[test]
    fn an_address_in_no_entry_is_not_matched_and_a_capture_without_entries_says_so() {
        let mut n = sample_network();
        with_offices(&mut n, &["172.16.8.0/24"]);
        let t = trace(&n, &Flow::tcp("172.20.1.5", "i-0app", 22)).unwrap();
        assert!(matches!(t.verdict, Verdict::Unreachable { .. }));
        assert!(t.notes.iter().all(|x| !x.contains("pl-offices")));

        let mut n = sample_network();
        with_offices(&mut n, &[]);
        n.capture = Some(Capture {
            prefix_lists_without_entries: vec!["pl-offices".into()],
            ..Capture::default()
        });
        let t = trace(&n, &Flow::tcp("i-0bastion", "i-0app", 22)).unwrap();
        assert!(
            t.notes
                .iter()
                .any(|x| x.contains("pl-offices") && x.contains("without its entries")),
            "{:#?}",
            t.notes
        );
    }
}
