//! TaintToleration (`tainttoleration/taint_toleration.go`, reference A6).
//! Filter: the first NoSchedule/NoExecute taint the pod does not tolerate rejects the node
//! (UnschedulableAndUnresolvable). Score: number of intolerable PreferNoSchedule taints,
//! normalized with `DefaultNormalizeScore(100, reverse = true)`.

use crate::cluster::config::PluginName;
use crate::cluster::model::{tolerates_taint, Node, Pod, TaintEffect};
use crate::cluster::scheduler::Status;

#[inline]
pub fn filter(pod: &Pod, node: &Node) -> Status {
    let untolerated = node
        .taints
        .iter()
        .filter(|t| matches!(t.effect, TaintEffect::NoSchedule | TaintEffect::NoExecute))
        .find(|t| !tolerates_taint(&pod.tolerations, t));
    match untolerated {
        None => Status::ok(PluginName::TaintToleration),
        Some(t) => Status::unresolvable(PluginName::TaintToleration, format!("node(s) had untolerated taint {{{}: {}}}", t.key, t.value)),
    }
}

/// Count of PreferNoSchedule taints not tolerated by the pod's PreferNoSchedule (or effect-less) tolerations.
#[inline]
pub fn score(pod: &Pod, node: &Node) -> i64 {
    node.taints
        .iter()
        .filter(|t| {
            t.effect == TaintEffect::PreferNoSchedule
                && !pod.tolerations.iter().any(|x| (x.effect.is_none() || x.effect == Some(TaintEffect::PreferNoSchedule)) && x.tolerates(t))
        })
        .count() as i64
}

#[cfg(test)]
mod tests;
