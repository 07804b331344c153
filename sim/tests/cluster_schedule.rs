//! End-to-end placements through manifest import and the default (or configured) profile.

use sim::cluster::import::import_manifests;
use sim::cluster::scheduler::num_feasible_nodes_to_find;
use sim::cluster::sim::schedule_cluster;
use sim::cluster::{parse_scheduler_config, SchedulerConfig};

const CLUSTER: &str = include_str!("../../tests/fixtures/k8s/three-node-two-az.yaml");

fn nodes_of(report: &sim::cluster::sim::ScheduleReport) -> Vec<Option<String>> {
    report
        .placements
        .iter()
        .map(|p| p.decision.node.clone())
        .collect()
}

#[test]
fn a_zone_spread_deployment_lands_three_per_zone() {
    // PodTopologySpread maxSkew 1 DoNotSchedule over 2 zones (docs/SEMANTICS.md#k8).
    for seed in 0..5 {
        let (m, _) = import_manifests(CLUSTER);
        let report = schedule_cluster(m.cluster, SchedulerConfig::default(), seed);
        let placed = nodes_of(&report);
        assert!(
            placed.iter().all(Option::is_some),
            "seed {seed}: {placed:?}"
        );
        let zone_b = placed
            .iter()
            .filter(|n| n.as_deref() == Some("node-b1"))
            .count();
        assert_eq!(zone_b, 3, "seed {seed}: {placed:?}");
    }
}

#[test]
fn least_allocated_spreads_and_most_allocated_packs() {
    let src = "
apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: Node, metadata: {name: a}, status: {allocatable: {cpu: '4', memory: 8Gi, pods: '110'}}}
- {apiVersion: v1, kind: Node, metadata: {name: b}, status: {allocatable: {cpu: '4', memory: 8Gi, pods: '110'}}}
- {apiVersion: v1, kind: Pod, metadata: {name: p1}, spec: {containers: [{name: c, image: x, resources: {requests: {cpu: '1', memory: 1Gi}}}]}}
- {apiVersion: v1, kind: Pod, metadata: {name: p2}, spec: {containers: [{name: c, image: x, resources: {requests: {cpu: '1', memory: 1Gi}}}]}}
";
    let (m, diags) = import_manifests(src);
    assert!(diags.is_empty(), "{diags:?}");
    let spread = nodes_of(&schedule_cluster(
        m.cluster.clone(),
        SchedulerConfig::default(),
        3,
    ));
    assert_ne!(
        spread[0], spread[1],
        "LeastAllocated puts the second pod on the emptier node"
    );
    let (cfg, _) = parse_scheduler_config(
        "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nprofiles:\n- pluginConfig:\n  - name: NodeResourcesFit\n    args: {scoringStrategy: {type: MostAllocated}}\n",
    )
    .unwrap();
    let packed = nodes_of(&schedule_cluster(m.cluster, cfg, 3));
    assert_eq!(packed[0], packed[1], "MostAllocated bin-packs");
}

#[test]
fn tainted_nodes_only_take_tolerating_pods_and_every_filter_is_reported() {
    let src = "
- {apiVersion: v1, kind: Node, metadata: {name: gpu}, spec: {taints: [{key: gpu, value: 'true', effect: NoSchedule}]}, status: {allocatable: {cpu: '8', memory: 16Gi, pods: '110'}}}
- {apiVersion: v1, kind: Node, metadata: {name: tiny}, status: {allocatable: {cpu: 100m, memory: 1Gi, pods: '110'}}}
- {apiVersion: v1, kind: Pod, metadata: {name: plain}, spec: {containers: [{name: c, image: x, resources: {requests: {cpu: '1'}}}]}}
- {apiVersion: v1, kind: Pod, metadata: {name: tolerant}, spec: {tolerations: [{key: gpu, operator: Exists, effect: NoSchedule}], containers: [{name: c, image: x, resources: {requests: {cpu: '1'}}}]}}
";
    let src = format!("apiVersion: v1\nkind: List\nitems:\n{src}");
    let (m, _) = import_manifests(&src);
    let report = schedule_cluster(m.cluster, SchedulerConfig::default(), 0);
    let plain = &report.placements[0].decision;
    assert_eq!(plain.node, None);
    assert_eq!(plain.message, "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint(s). preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.");
    let tiny = plain.filter.iter().find(|f| f.node == "tiny").unwrap();
    assert_eq!(
        tiny.statuses.len(),
        12,
        "every filter plugin's verdict, not only the first failure"
    );
    assert_eq!(report.placements[1].decision.node.as_deref(), Some("gpu"));
    assert!(report.placements[1].decision.scoring_skipped);
}

#[test]
fn higher_priority_pods_are_queued_first_and_preempt_lower_ones() {
    let src = "
apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: Node, metadata: {name: n}, status: {allocatable: {cpu: '2', memory: 4Gi, pods: '110'}}}
- {apiVersion: v1, kind: Pod, metadata: {name: low}, spec: {nodeName: n, priority: 1, containers: [{name: c, image: x, resources: {requests: {cpu: 1500m}}}]}}
- {apiVersion: v1, kind: Pod, metadata: {name: mid}, spec: {priority: 10, containers: [{name: c, image: x, resources: {requests: {cpu: 100m}}}]}}
- {apiVersion: v1, kind: Pod, metadata: {name: high}, spec: {priority: 100, containers: [{name: c, image: x, resources: {requests: {cpu: '1'}}}]}}
";
    let (m, _) = import_manifests(src);
    let report = schedule_cluster(m.cluster, SchedulerConfig::default(), 0);
    let order: Vec<&str> = report
        .placements
        .iter()
        .map(|p| p.decision.pod.as_str())
        .collect();
    assert_eq!(
        order,
        vec!["default/high", "default/high", "default/mid"],
        "PrioritySort: high first (retried after preemption), then mid"
    );
    assert_eq!(
        report.placements[0].evicted,
        vec!["default/low".to_string()]
    );
    assert_eq!(report.placements[1].decision.node.as_deref(), Some("n"));
    assert_eq!(report.placements[2].decision.node.as_deref(), Some("n"));
}

#[test]
fn large_clusters_only_search_a_percentage_of_nodes() {
    // numFeasibleNodesToFind (schedule_one.go): < 100 nodes → all; 5000 nodes → 50 − 5000/125 = 10 % → 500.
    assert_eq!(num_feasible_nodes_to_find(0, 50), 50);
    assert_eq!(num_feasible_nodes_to_find(0, 5000), 500);
    assert_eq!(num_feasible_nodes_to_find(0, 1000), 420);
    assert_eq!(num_feasible_nodes_to_find(0, 6000), 300);
    assert_eq!(
        num_feasible_nodes_to_find(0, 200),
        100,
        "never fewer than 100"
    );
    assert_eq!(num_feasible_nodes_to_find(100, 5000), 5000);
}
