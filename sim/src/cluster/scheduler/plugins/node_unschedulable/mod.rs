//! NodeUnschedulable (`nodeunschedulable/node_unschedulable.go`): a cordoned node rejects pods that
//! do not tolerate `node.kubernetes.io/unschedulable:NoSchedule`.

use crate::cluster::config::PluginName;
use crate::cluster::model::{tolerates_taint, Node, Pod, Taint, TaintEffect, TAINT_UNSCHEDULABLE};
use crate::cluster::scheduler::Status;

pub const REASON: &str = "node(s) were unschedulable";

#[inline]
pub fn filter(pod: &Pod, node: &Node) -> Status {
    if !node.unschedulable {
        return Status::ok(PluginName::NodeUnschedulable);
    }
    let taint = Taint {
        key: TAINT_UNSCHEDULABLE.into(),
        value: String::new(),
        effect: TaintEffect::NoSchedule,
        time_added: None,
    };
    if tolerates_taint(&pod.tolerations, &taint) {
        Status::ok(PluginName::NodeUnschedulable)
    } else {
        Status::unresolvable(PluginName::NodeUnschedulable, REASON)
    }
}

#[cfg(test)]
mod tests;
