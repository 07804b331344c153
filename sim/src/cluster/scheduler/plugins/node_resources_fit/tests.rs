//! NodeResourcesFit table tests after kube-scheduler's `fit_test.go` and the scoring-strategy
//! tests: every insufficient resource is reported, scores use kube-scheduler's integer arithmetic.

use crate::cluster::config::PluginName::NodeResourcesFit;
use crate::cluster::config::{Profile, ScoringStrategy, ScoringStrategyType};

use crate::cluster::model::*;
use crate::cluster::scheduler::testing::*;
use crate::cluster::scheduler::Status;

fn profile(kind: ScoringStrategyType, resources: &[(&str, i64)], shape: &[(i64, i64)]) -> Profile {
    let mut p = profile_with(NodeResourcesFit);
    p.args.fit_scoring = ScoringStrategy {
        kind,
        resources: resources.iter().map(|(n, w)| (n.to_string(), *w)).collect(),
        shape: shape.to_vec(),
    };
    p
}

fn scores(
    kind: ScoringStrategyType,
    resources: &[(&str, i64)],
    shape: &[(i64, i64)],
    incoming: &Pod,
    nodes: &[Node],
    existing: &[Pod],
) -> Vec<i64> {
    score_with(
        profile(kind, resources, shape),
        NodeResourcesFit,
        incoming,
        nodes,
        existing,
        &[],
    )
    .unwrap()
}

// fit_test.go TestEnoughRequests.
#[test]
fn filter_reports_every_insufficient_resource_and_the_pod_count() {
    let n = node("machine1", 10, 20);
    let used = on(pod_req("e", &[(Some(5), Some(19))]), "machine1");
    let cases: Vec<(&str, Pod, Status)> = vec![
        (
            "no resources requested always fits",
            pod("p"),
            ok(NodeResourcesFit),
        ),
        (
            "too many resources fails",
            pod_req("p", &[(Some(6), Some(2))]),
            Status::unschedulable(NodeResourcesFit, "Insufficient cpu, Insufficient memory"),
        ),
        (
            "one resource memory fits",
            pod_req("p", &[(Some(1), Some(1))]),
            ok(NodeResourcesFit),
        ),
        (
            "one resource cpu fits",
            pod_req("p", &[(Some(5), Some(1))]),
            ok(NodeResourcesFit),
        ),
        (
            "equal edge case",
            pod_req("p", &[(Some(5), Some(1))]),
            ok(NodeResourcesFit),
        ),
        (
            "one resource memory does not fit",
            pod_req("p", &[(Some(1), Some(2))]),
            Status::unschedulable(NodeResourcesFit, "Insufficient memory"),
        ),
    ];
    for (name, p, want) in cases {
        assert_eq!(
            filter(
                NodeResourcesFit,
                &p,
                std::slice::from_ref(&n),
                std::slice::from_ref(&used)
            )[0],
            want,
            "{name}"
        );
    }
    let mut init_max = pod_req("p", &[(Some(1), Some(1))]);
    init_max.init_containers.push(Container {
        name: "init".into(),
        requests: [("cpu".to_string(), 5), ("memory".to_string(), 1)].into(),
        ..Container::default()
    });
    init_max.refresh_requests();
    assert_eq!(
        filter(
            NodeResourcesFit,
            &init_max,
            std::slice::from_ref(&n),
            std::slice::from_ref(&used)
        )[0],
        ok(NodeResourcesFit),
        "init container fits because it's the max, not sum"
    );
    let mut full = n.clone();
    full.allowed_pod_number = 1;
    assert_eq!(
        filter(NodeResourcesFit, &pod("p"), &[full], &[used])[0],
        Status::unschedulable(NodeResourcesFit, "Too many pods"),
        "even without requests, a pod needs a pod slot"
    );
}

// least_allocated_test.go TestLeastAllocatedScoringStrategy and docs/SEMANTICS.md#k4:
// 3000/4000 cpu and 5000/10000 memory → (25 + 50) / 2 = 37; weights memory 2 cpu 1 → 41.
#[test]
fn least_allocated_uses_integer_arithmetic_and_weights() {
    let nodes = [node("node1", 4000, 10000), node("node2", 6000, 10000)];
    let p = pod_req("p", &[(Some(3000), Some(5000))]);
    let got = scores(
        ScoringStrategyType::LeastAllocated,
        &[("cpu", 1), ("memory", 1)],
        &[],
        &p,
        &nodes,
        &[],
    );
    // node2: cpu (6000-3000)*100/6000 = 50, mem 50 → 50.
    assert_eq!(got, vec![37, 50]);
    let got = scores(
        ScoringStrategyType::LeastAllocated,
        &[("cpu", 1), ("memory", 2)],
        &[],
        &p,
        &nodes[..1],
        &[],
    );
    assert_eq!(got, vec![41]);
    // "nothing scheduled, nothing requested": a pod with zero containers requests nothing → 100.
    let got = scores(
        ScoringStrategyType::LeastAllocated,
        &[("cpu", 1), ("memory", 1)],
        &[],
        &pod("p"),
        &[node("node1", 4000, 10000)],
        &[],
    );
    assert_eq!(got, vec![100]);
}

// most_allocated_test.go: same numbers → (75 + 50) / 2 = 62; weights memory 2 cpu 1 → 58.
#[test]
fn most_allocated_caps_requests_at_capacity() {
    let nodes = [node("node1", 4000, 10000)];
    let p = pod_req("p", &[(Some(3000), Some(5000))]);
    assert_eq!(
        scores(
            ScoringStrategyType::MostAllocated,
            &[("cpu", 1), ("memory", 1)],
            &[],
            &p,
            &nodes,
            &[]
        ),
        vec![62]
    );
    assert_eq!(
        scores(
            ScoringStrategyType::MostAllocated,
            &[("cpu", 1), ("memory", 2)],
            &[],
            &p,
            &nodes,
            &[]
        ),
        vec![58]
    );
    let big = pod_req("p", &[(Some(8000), Some(20000))]);
    assert_eq!(
        scores(
            ScoringStrategyType::MostAllocated,
            &[("cpu", 1), ("memory", 1)],
            &[],
            &big,
            &nodes,
            &[]
        ),
        vec![100],
        "requests beyond capacity score 100"
    );
}

// most_allocated_test.go "no resources requested, pods scheduled, nonzero request for resource" (ma-nonzero-defaults):
// containers without requests count as 100m CPU and 200Mi memory when scoring.
#[test]
fn unspecified_requests_count_as_100m_cpu_and_200mi_memory_for_scoring() {
    let nodes = [node("node1", 1000, 1024 * 1024 * 1024)];
    let p = pod_req("p", &[(None, None)]);
    // LeastAllocated: cpu (1000-100)*100/1000 = 90; memory (1024-200)*100/1024 = 80 → 85.
    assert_eq!(
        scores(
            ScoringStrategyType::LeastAllocated,
            &[("cpu", 1), ("memory", 1)],
            &[],
            &p,
            &nodes,
            &[]
        ),
        vec![85]
    );
    // An explicit zero stays zero: cpu 100, memory 80 → 90.
    let zero_cpu = pod_req("p", &[(Some(0), None)]);
    assert_eq!(
        scores(
            ScoringStrategyType::LeastAllocated,
            &[("cpu", 1), ("memory", 1)],
            &[],
            &zero_cpu,
            &nodes,
            &[]
        ),
        vec![90]
    );
}

// requested_to_capacity_ratio_test.go TestRequestedToCapacityRatioScoringStrategy:
// shape {0:10, 100:0} (i.e. least allocated) on an empty 4000/10000 node with a 3000/5000 pod.
#[test]
fn requested_to_capacity_ratio_follows_the_broken_linear_shape() {
    let nodes = [node("node1", 4000, 10000), node("node2", 4000, 10000)];
    let existing = [on(pod_req("e", &[(Some(1000), Some(2000))]), "node2")];
    let p = pod_req("p", &[(Some(1000), Some(2000))]);
    // node1: cpu 25% → 75, mem 20% → 80 → round(77.5) = 78; node2: cpu 50% → 50, mem 40% → 60 → 55.
    let got = scores(
        ScoringStrategyType::RequestedToCapacityRatio,
        &[("cpu", 1), ("memory", 1)],
        &[(0, 10), (100, 0)],
        &p,
        &nodes,
        &existing,
    );
    assert_eq!(got, vec![78, 55]);
    // A bin-packing shape {0:0, 100:10}: node1 25/20 → round(22.5) = 23; node2 50/40 → 45.
    let got = scores(
        ScoringStrategyType::RequestedToCapacityRatio,
        &[("cpu", 1), ("memory", 1)],
        &[(0, 0), (100, 10)],
        &p,
        &nodes,
        &existing,
    );
    assert_eq!(got, vec![23, 45]);
}
