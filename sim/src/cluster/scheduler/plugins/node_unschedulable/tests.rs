//! NodeUnschedulable table tests after kube-scheduler's `node_unschedulable_test.go`: a cordoned
//! node rejects pods unless they tolerate the unschedulable taint.

use crate::cluster::config::PluginName::NodeUnschedulable;
use crate::cluster::model::*;
use crate::cluster::scheduler::testing::*;
use crate::cluster::scheduler::Status;

// Cases after node_unschedulable_test.go TestNodeUnschedulable.
#[test]
fn cordoned_nodes_reject_pods_unless_tolerated() {
    let mut cordoned = node("n1", 1000, 1000);
    cordoned.unschedulable = true;
    let tol = Toleration {
        key: TAINT_UNSCHEDULABLE.into(),
        operator: TolerationOperator::Exists,
        value: String::new(),
        effect: Some(TaintEffect::NoSchedule),
        toleration_seconds: None,
    };
    let mut tolerant = pod("p");
    tolerant.tolerations.push(tol);
    let cases: Vec<(&str, Pod, Node, Status)> = vec![
        (
            "a schedulable node admits the pod",
            pod("p"),
            node("n1", 1000, 1000),
            ok(NodeUnschedulable),
        ),
        (
            "an unschedulable node rejects the pod as unresolvable",
            pod("p"),
            cordoned.clone(),
            Status::unresolvable(NodeUnschedulable, "node(s) were unschedulable"),
        ),
        (
            "a pod tolerating the unschedulable taint fits a cordoned node",
            tolerant,
            cordoned,
            ok(NodeUnschedulable),
        ),
    ];
    for (name, p, n, want) in cases {
        assert_eq!(filter(NodeUnschedulable, &p, &[n], &[])[0], want, "{name}");
    }
}
