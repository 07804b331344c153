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
    notes: &mut Vec<String>,
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
            let why = if capture.prefix_lists_without_entries.iter().any(|x| x == pl) {
                "is in the capture without its entries (ManagedPrefixListEntries)"
            } else if ix.net.prefix_list(pl).is_none() {
                "is not in the capture"
            } else {
                continue;
            };
            if seen.insert((c, pl)) {
                notes.push(format!(
                    "prefix list {pl} used by {c} {why}, so it matches nothing here; this verdict rests on that: capture it with aws ec2 get-managed-prefix-list-entries --prefix-list-id {pl}"
                ));
            }
        }
    }
}
