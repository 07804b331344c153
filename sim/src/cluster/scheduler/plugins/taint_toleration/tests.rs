//! TaintToleration table tests after kube-scheduler's `taint_toleration_test.go`: untolerated
//! NoSchedule/NoExecute taints filter, intolerable PreferNoSchedule taints lower the score.

use crate::cluster::config::PluginName::TaintToleration;
use crate::cluster::model::*;
use crate::cluster::scheduler::testing::*;
use crate::cluster::scheduler::Status;

fn taint(key: &str, value: &str, effect: TaintEffect) -> Taint {
    Taint {
        key: key.into(),
        value: value.into(),
        effect,
        time_added: None,
    }
}
fn toleration(
    key: &str,
    op: TolerationOperator,
    value: &str,
    effect: Option<TaintEffect>,
) -> Toleration {
    Toleration {
        key: key.into(),
        operator: op,
        value: value.into(),
        effect,
        toleration_seconds: None,
    }
}
fn tainted(name: &str, taints: Vec<Taint>) -> Node {
    let mut n = node(name, 1000, 1000);
    n.taints = taints;
    n
}

// taint_toleration_test.go TestTaintTolerationFilter.
#[test]
fn filter_rejects_untolerated_noschedule_and_noexecute_taints() {
    let dedicated = taint("dedicated", "user1", TaintEffect::NoSchedule);
    let mut tolerates = pod("p");
    tolerates.tolerations.push(toleration(
        "dedicated",
        TolerationOperator::Equal,
        "user1",
        Some(TaintEffect::NoSchedule),
    ));
    let mut wrong_value = pod("p");
    wrong_value.tolerations.push(toleration(
        "dedicated",
        TolerationOperator::Equal,
        "user2",
        Some(TaintEffect::NoSchedule),
    ));
    let mut exists = pod("p");
    exists.tolerations.push(toleration(
        "foo",
        TolerationOperator::Exists,
        "",
        Some(TaintEffect::NoSchedule),
    ));
    let cases: Vec<(&str, Pod, Node, Status)> = vec![
        ("a pod having no tolerations can't be scheduled onto a node with nonempty taints", pod("p"), tainted("n", vec![dedicated.clone()]),
            Status::unresolvable(TaintToleration, "node(s) had untolerated taint(s)")),
        ("a pod which can be scheduled on a dedicated node assigned to user1 with effect NoSchedule", tolerates, tainted("n", vec![dedicated.clone()]), ok(TaintToleration)),
        ("a pod which can't be scheduled on a dedicated node assigned to user2 with effect NoSchedule", wrong_value, tainted("n", vec![dedicated]),
            Status::unresolvable(TaintToleration, "node(s) had untolerated taint(s)")),
        ("a pod can be scheduled onto the node, with a toleration uses operator Exists that tolerates the taints on the node", exists, tainted("n", vec![taint("foo", "bar", TaintEffect::NoSchedule)]), ok(TaintToleration)),
        ("a PreferNoSchedule taint never filters", pod("p"), tainted("n", vec![taint("foo", "bar", TaintEffect::PreferNoSchedule)]), ok(TaintToleration)),
        ("a NoExecute taint filters like NoSchedule", pod("p"), tainted("n", vec![taint(TAINT_UNREACHABLE, "", TaintEffect::NoExecute)]),
            Status::unresolvable(TaintToleration, "node(s) had untolerated taint(s)")),
    ];
    for (name, p, n, want) in cases {
        assert_eq!(filter(TaintToleration, &p, &[n], &[])[0], want, "{name}");
    }
}

// taint_toleration_test.go TestTaintTolerationScore.
#[test]
fn score_prefers_nodes_with_fewer_intolerable_prefer_no_schedule_taints() {
    let pns = |k: &str, v: &str| taint(k, v, TaintEffect::PreferNoSchedule);
    let mut p = pod("p");
    p.tolerations.push(toleration(
        "cpu-type",
        TolerationOperator::Equal,
        "arm64",
        Some(TaintEffect::PreferNoSchedule),
    ));
    p.tolerations.push(toleration(
        "disk-type",
        TolerationOperator::Equal,
        "ssd",
        Some(TaintEffect::PreferNoSchedule),
    ));
    let nodes = vec![
        tainted("nodeA", vec![]),
        tainted("nodeB", vec![pns("cpu-type", "arm64")]),
        tainted(
            "nodeC",
            vec![pns("cpu-type", "arm64"), pns("disk-type", "ssd")],
        ),
    ];
    // "the nodes that all of their taints are tolerated by the pod, get the same score, no matter how many tolerable taints a node has"
    assert_eq!(
        score(TaintToleration, &p, &nodes, &[]),
        Some(vec![100, 100, 100])
    );
    let nodes = vec![
        tainted("nodeA", vec![]),
        tainted("nodeB", vec![pns("cpu-type", "arm64")]),
        tainted(
            "nodeC",
            vec![pns("cpu-type", "arm64"), pns("disk-type", "ssd")],
        ),
    ];
    // "the more intolerable taints a node has, the lower score it gets."
    assert_eq!(
        score(TaintToleration, &pod("p"), &nodes, &[]),
        Some(vec![100, 50, 0])
    );
}
