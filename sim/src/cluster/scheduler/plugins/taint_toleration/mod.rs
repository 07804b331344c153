//! TaintToleration (`tainttoleration/taint_toleration.go`, docs/SEMANTICS.md#k6).
//! Filter: the first NoSchedule/NoExecute taint the pod does not tolerate rejects the node
//! (UnschedulableAndUnresolvable). Score: number of intolerable PreferNoSchedule taints,
//! normalized with `DefaultNormalizeScore(100, reverse = true)`.

use crate::cluster::config::PluginName;
use crate::cluster::model::{tolerates_taint, Node, Pod, TaintEffect};
use crate::cluster::scheduler::Status;

/// `ErrReasonNotMatch` of the newest kube-scheduler (v1.25–v1.3x printed `{key: value}` instead; docs/SEMANTICS.md#k6).
pub const REASON: &str = "node(s) had untolerated taint(s)";

/// The first NoSchedule/NoExecute taint the pod does not tolerate (`FindMatchingUntoleratedTaint`).
pub fn untolerated<'a>(pod: &Pod, node: &'a Node) -> Option<&'a crate::cluster::model::Taint> {
    node.taints
        .iter()
        .filter(|t| matches!(t.effect, TaintEffect::NoSchedule | TaintEffect::NoExecute))
        .find(|t| !tolerates_taint(&pod.tolerations, t))
}

#[inline]
pub fn filter(pod: &Pod, node: &Node) -> Status {
    match untolerated(pod, node) {
        None => Status::ok(PluginName::TaintToleration),
        Some(_) => Status::unresolvable(PluginName::TaintToleration, REASON),
    }
}

/// Count of PreferNoSchedule taints not tolerated by the pod's PreferNoSchedule (or effect-less) tolerations.
#[inline]
pub fn score(pod: &Pod, node: &Node) -> i64 {
    node.taints
        .iter()
        .filter(|t| {
            t.effect == TaintEffect::PreferNoSchedule
                && !pod.tolerations.iter().any(|x| {
                    (x.effect.is_none() || x.effect == Some(TaintEffect::PreferNoSchedule))
                        && x.tolerates(t)
                })
        })
        .count() as i64
}

#[cfg(test)]
mod tests;
