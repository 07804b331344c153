//! NodeAffinity (`nodeaffinity/node_affinity.go`, docs/SEMANTICS.md#k7).
//! Filter: the profile's `addedAffinity` required terms, then `nodeSelector` AND the pod's
//! required node affinity (terms ORed, expressions ANDed).
//! Score: Σ weights of matching preferred terms (the pod's and `addedAffinity`'s),
//! `DefaultNormalizeScore(100, false)`.

use crate::cluster::config::PluginName;
use crate::cluster::model::{Node, NodeAffinity, Pod};
use crate::cluster::scheduler::Status;

pub const REASON: &str = "node(s) didn't match Pod's node affinity/selector";
/// `ErrReasonEnforced`: the profile's `addedAffinity` excludes the node.
pub const REASON_ENFORCED: &str = "node(s) didn't match scheduler-enforced node affinity";

pub fn matches_required(pod: &Pod, node: &Node) -> bool {
    if !pod
        .node_selector
        .iter()
        .all(|(k, v)| node.labels.get(k) == Some(v))
    {
        return false;
    }
    match pod
        .affinity
        .node_affinity
        .as_ref()
        .and_then(|a| a.required.as_ref())
    {
        None => true,
        Some(terms) => terms.iter().any(|t| t.matches(node)),
    }
}

/// Whether `addedAffinity` requires terms the node does not meet.
fn added_excludes(added: Option<&NodeAffinity>, node: &Node) -> bool {
    added
        .and_then(|a| a.required.as_ref())
        .is_some_and(|terms| !terms.iter().any(|t| t.matches(node)))
}

pub fn filter(pod: &Pod, node: &Node, added: Option<&NodeAffinity>) -> Status {
    if added_excludes(added, node) {
        Status::unresolvable(PluginName::NodeAffinity, REASON_ENFORCED)
    } else if matches_required(pod, node) {
        Status::ok(PluginName::NodeAffinity)
    } else {
        Status::unresolvable(PluginName::NodeAffinity, REASON)
    }
}

pub fn score(pod: &Pod, node: &Node, added: Option<&NodeAffinity>) -> i64 {
    pod.affinity
        .node_affinity
        .iter()
        .chain(added)
        .flat_map(|a| a.preferred.iter())
        .filter(|p| p.weight != 0 && p.preference.matches(node))
        .map(|p| i64::from(p.weight))
        .sum()
}

#[cfg(test)]
mod tests;
