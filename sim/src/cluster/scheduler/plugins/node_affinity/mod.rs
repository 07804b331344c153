//! NodeAffinity (`nodeaffinity/node_affinity.go`, docs/SEMANTICS.md#k7).
//! Filter: `nodeSelector` AND required node affinity (terms ORed, expressions ANDed).
//! Score: Σ weights of matching preferred terms, `DefaultNormalizeScore(100, false)`.

use crate::cluster::config::PluginName;
use crate::cluster::model::{Node, Pod};
use crate::cluster::scheduler::Status;

pub const REASON: &str = "node(s) didn't match Pod's node affinity/selector";

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

pub fn filter(pod: &Pod, node: &Node) -> Status {
    if matches_required(pod, node) {
        Status::ok(PluginName::NodeAffinity)
    } else {
        Status::unresolvable(PluginName::NodeAffinity, REASON)
    }
}

pub fn score(pod: &Pod, node: &Node) -> i64 {
    pod.affinity
        .node_affinity
        .as_ref()
        .map(|a| {
            a.preferred
                .iter()
                .filter(|p| p.weight != 0 && p.preference.matches(node))
                .map(|p| i64::from(p.weight))
                .sum()
        })
        .unwrap_or(0)
}

#[cfg(test)]
mod tests;
