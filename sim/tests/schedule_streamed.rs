//! `schedule_cluster_streamed` (issue 13): the same placements as `schedule_cluster`, full
//! explanations only for the pods asked about, and nothing pods × nodes large kept or produced
//! for the rest. Sizes and counts only, never the clock.

use sim::cluster::import::import_manifests;
use sim::cluster::model::Cluster;
use sim::cluster::scheduler::Placement;
use sim::cluster::sim::{
    explain_pattern_matches, schedule_cluster, schedule_cluster_streamed, ExplainPods,
    EXPLAIN_EVERY_POD_BUDGET,
};
use sim::cluster::SchedulerConfig;

const FIXTURES: &[(&str, &str)] = &[
    (
        "three-node-two-az",
        include_str!("../../tests/fixtures/k8s/three-node-two-az.yaml"),
    ),
    (
        "golden-scenario",
        include_str!("../../tests/fixtures/k8s/golden-scenario.yaml"),
    ),
    // An OrderedReady StatefulSet: its pods are created one round after another.
    ("ordered-statefulset", ORDERED_STATEFULSET),
];

const ORDERED_STATEFULSET: &str = "
apiVersion: v1
kind: Node
metadata: {name: n1, labels: {topology.kubernetes.io/zone: z1}}
status: {capacity: {cpu: '4', memory: 8Gi, pods: '110'}}
---
apiVersion: v1
kind: Node
metadata: {name: n2, labels: {topology.kubernetes.io/zone: z2}}
status: {capacity: {cpu: '4', memory: 8Gi, pods: '110'}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  replicas: 3
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: c, image: pause, resources: {requests: {cpu: 500m}}}]}
";

fn cluster(src: &str) -> Cluster {
    import_manifests(src).0.cluster
}

/// `nodes` nodes of 4 CPU and `pods` pods of 100m (kube's scheduler_perf node and pod defaults).
fn generated(nodes: usize, pods: usize) -> Cluster {
    let mut src = String::new();
    for i in 0..nodes {
        src.push_str(&format!(
            "---\napiVersion: v1\nkind: Node\nmetadata: {{name: node-{i}}}\nstatus: {{capacity: {{pods: \"110\", cpu: \"4\", memory: 32Gi}}}}\n"
        ));
    }
    for i in 0..pods {
        src.push_str(&format!(
            "---\napiVersion: v1\nkind: Pod\nmetadata: {{name: pod-{i}}}\nspec: {{containers: [{{name: c, image: pause, resources: {{requests: {{cpu: 100m, memory: 500Mi}}}}}}]}}\n"
        ));
    }
    cluster(&src)
}

fn streamed(c: Cluster, seed: u64, explain: &ExplainPods) -> Vec<(Placement, bool)> {
    let mut out = Vec::new();
    schedule_cluster_streamed(c, SchedulerConfig::default(), seed, explain, &mut |p, e| {
        out.push((p.clone(), e))
    })
    .expect("the patterns name pending pods");
    out
}

/// What a summary keeps of a full placement: everything but the per-node tables.
fn without_tables(p: &Placement) -> Placement {
    let mut p = p.clone();
    p.decision.filter.clear();
    p.decision.scores.clear();
    if p.decision.tied_nodes.len() < 2 {
        p.decision.tied_nodes.clear();
    }
    p
}

#[test]
fn a_small_cluster_streams_exactly_the_placements_of_schedule_cluster() {
    for (name, src) in FIXTURES {
        for seed in 0..3 {
            let whole = schedule_cluster(cluster(src), SchedulerConfig::default(), seed);
            let parts = streamed(cluster(src), seed, &ExplainPods::Auto);
            assert!(parts.iter().all(|(_, e)| *e), "{name}: all explained");
            let parts: Vec<Placement> = parts.into_iter().map(|(p, _)| p).collect();
            assert_eq!(parts, whole.placements, "{name} seed {seed}");
            if *name == "ordered-statefulset" {
                let pods: Vec<&str> = parts.iter().map(|p| p.decision.pod.as_str()).collect();
                assert_eq!(pods, ["default/db-0", "default/db-1", "default/db-2"]);
            }
        }
    }
}

#[test]
fn summaries_keep_every_decision_and_message_of_the_full_explanation() {
    for (name, src) in FIXTURES {
        let whole = schedule_cluster(cluster(src), SchedulerConfig::default(), 4);
        let Some(first) = whole.placements.first().map(|p| p.decision.pod.clone()) else {
            continue; // the golden scenario's pods are all bound up front
        };
        let parts = streamed(cluster(src), 4, &ExplainPods::Only(vec![first.clone()]));
        assert_eq!(parts.len(), whole.placements.len(), "{name}");
        for ((part, explained), full) in parts.iter().zip(&whole.placements) {
            assert_eq!(*explained, full.decision.pod == first, "{name}");
            if *explained {
                assert_eq!(part, full, "{name}: the named pod is explained in full");
            } else {
                assert_eq!(without_tables(part), without_tables(full), "{name}");
                assert!(part.decision.filter.is_empty() && part.decision.scores.is_empty());
            }
        }
    }
}

#[test]
fn a_cluster_past_the_budget_gets_summaries_unless_a_pod_is_named() {
    let (nodes, pods) = (400, 600);
    assert!(nodes * pods > EXPLAIN_EVERY_POD_BUDGET);
    let auto = streamed(generated(nodes, pods), 0, &ExplainPods::Auto);
    assert_eq!(auto.len(), pods);
    assert!(auto.iter().all(|(p, e)| !e && p.decision.filter.is_empty()));
    assert!(auto.iter().all(|(p, _)| p.decision.node.is_some()));
    let named = streamed(
        generated(nodes, pods),
        0,
        &ExplainPods::Only(vec!["pod-7".into(), "default/pod-59*".into()]),
    );
    let explained: Vec<&str> = named
        .iter()
        .filter(|(_, e)| *e)
        .map(|(p, _)| p.decision.pod.as_str())
        .collect();
    assert_eq!(
        explained,
        [
            "default/pod-7",
            "default/pod-59",
            "default/pod-590",
            "default/pod-591",
            "default/pod-592",
            "default/pod-593",
            "default/pod-594",
            "default/pod-595",
            "default/pod-596",
            "default/pod-597",
            "default/pod-598",
            "default/pod-599"
        ]
    );
    for (p, e) in &named {
        let rows = if *e { nodes } else { 0 };
        assert_eq!(p.decision.filter.len(), rows, "{}", p.decision.pod);
    }
    let same: Vec<_> = named.iter().map(|(p, _)| without_tables(p)).collect();
    let auto: Vec<_> = auto.iter().map(|(p, _)| without_tables(p)).collect();
    assert_eq!(same, auto, "naming pods changes no decision");
}

#[test]
fn an_explain_pattern_that_names_no_pending_pod_is_an_error() {
    let err = schedule_cluster_streamed(
        generated(2, 2),
        SchedulerConfig::default(),
        0,
        &ExplainPods::Only(vec!["pod-1".into(), "web-*".into()]),
        &mut |_, _| panic!("nothing is scheduled"),
    )
    .unwrap_err();
    assert_eq!(err.pattern, "web-*");
    assert!(err.to_string().contains("default/pod-0"), "{err}");
}

#[test]
fn explain_patterns_match_keys_names_and_prefixes() {
    let cases = [
        ("default/web-1", "default/web-1", true),
        ("web-1", "default/web-1", true),
        ("web-*", "default/web-1", true),
        ("default/w*", "default/web-1", true),
        ("web", "default/web-1", false),
        ("other/web-1", "default/web-1", false),
    ];
    for (pattern, key, want) in cases {
        assert_eq!(
            explain_pattern_matches(pattern, key),
            want,
            "{pattern} vs {key}"
        );
    }
}
