//! Volumes on the timeline (docs/SEMANTICS.md#c15, #c16): EBS-backed StatefulSet pods are pinned
//! to their volume's zone. "The AZ came back — why is my StatefulSet pod still Pending?"

use sim::cluster::import::{import_manifests, Severity};
use sim::cluster::sim::{parse_events, LogEvent, SimConfig, Snapshot, World};

const CLUSTER: &str = include_str!("../../tests/fixtures/k8s/ebs-statefulset-3az.yaml");
const AZ_FAILURE: &str = include_str!("../../tests/fixtures/k8s/ebs-az-failure.yaml");

fn world(manifest: &str, events: &str, seed: u64) -> World {
    let (m, diags) = import_manifests(manifest);
    assert!(
        diags.iter().all(|d| d.severity == Severity::Warning),
        "{diags:?}"
    );
    World::new(
        m.cluster,
        m.scheduler_config.unwrap_or_default(),
        parse_events(events).expect("events parse"),
        seed,
        SimConfig::default(),
    )
}

fn pod<'a>(s: &'a Snapshot, name: &str) -> &'a sim::cluster::sim::PodView {
    s.pods
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("{name} not in {:?}", s.pods))
}

/// The latest FailedScheduling message for `pod` up to now.
fn last_failure<'a>(log: &'a [LogEvent], pod: &str) -> &'a str {
    log.iter()
        .rev()
        .find(|e| {
            e.reason == "FailedScheduling" && e.object.name == pod.trim_start_matches("default/")
        })
        .map(|e| e.message.as_str())
        .unwrap_or("")
}

const MIN: u64 = 60_000;

#[test]
fn the_az_came_back_but_the_statefulset_pod_waits_for_its_volume_zone_and_then_returns_there() {
    for seed in [0, 1, 7] {
        let mut w = world(CLUSTER, AZ_FAILURE, seed);
        w.run_until(30_000);
        let s = w.snapshot();
        // One db pod per zone (maxSkew 1 over 3 zones): the one on node-a (us-east-1a).
        let db_a = s
            .pods
            .iter()
            .find(|p| p.name.starts_with("default/db-") && p.node.as_deref() == Some("node-a"))
            .map(|p| p.name.clone())
            .expect("a db pod in us-east-1a");
        assert_eq!(pod(&s, &db_a).status, "Running");

        // 10 min: us-east-1a is down (since 1 min), the operator applied the out-of-service
        // taint at 6 min: the web pods moved, db_a was recreated and waits for its volume.
        w.run_until(10 * MIN);
        let s = w.snapshot();
        let web: Vec<_> = s
            .pods
            .iter()
            .filter(|p| p.name.starts_with("default/web-"))
            .collect();
        assert_eq!(web.len(), 3, "seed {seed}: {web:?}");
        assert!(
            web.iter()
                .all(|p| p.status == "Running" && p.node.as_deref() != Some("node-a")),
            "seed {seed}: Deployment pods move to the other zones: {web:?}"
        );
        assert_eq!(pod(&s, &db_a).status, "Pending", "seed {seed}");
        let why = last_failure(w.log(), &db_a);
        assert!(
            why.contains("2 node(s) had volume node affinity conflict"),
            "seed {seed}: {why}"
        );

        // 21 min: the zone is back (20 min) but the out-of-service taint is still on node-a.
        w.run_until(21 * MIN);
        let s = w.snapshot();
        assert_eq!(pod(&s, &db_a).status, "Pending", "seed {seed}");
        let why = last_failure(w.log(), &db_a);
        assert!(why.contains("untolerated taint"), "seed {seed}: {why}");

        // 25 min: the taint was removed at 22 min; db_a is back on node-a, with the same claim.
        w.run_until(25 * MIN);
        let s = w.snapshot();
        let back = pod(&s, &db_a);
        assert_eq!(
            (back.status.as_str(), back.node.as_deref()),
            ("Running", Some("node-a")),
            "seed {seed}"
        );
        let claim_creations = w
            .log()
            .iter()
            .filter(|e| {
                e.message.starts_with(&format!(
                    "create Claim data-{} ",
                    db_a.trim_start_matches("default/")
                ))
            })
            .count();
        assert_eq!(
            claim_creations, 1,
            "seed {seed}: the claim outlives its pod"
        );
    }
}

#[test]
fn wait_for_first_consumer_provisions_each_volume_in_its_pods_zone() {
    for seed in [0, 3] {
        let mut w = world(CLUSTER, "events: []", seed);
        w.run_until(MIN);
        let s = w.snapshot();
        for ordinal in 0..3 {
            let name = format!("db-{ordinal}");
            let node = pod(&s, &format!("default/{name}"))
                .node
                .clone()
                .expect("scheduled");
            let zone = node.replace("node-", "us-east-1");
            let provisioned = w
                .log()
                .iter()
                .find(|e| {
                    e.reason == "ProvisioningSucceeded" && e.object.name == format!("data-{name}")
                })
                .map(|e| e.message.clone())
                .unwrap_or_default();
            assert!(
                provisioned.contains(&format!("in {zone} (WaitForFirstConsumer")),
                "seed {seed} {name} on {node}: {provisioned}"
            );
        }
    }
}

#[test]
fn an_immediate_class_provisions_before_scheduling_and_can_strand_a_spread_statefulset() {
    let manifest = CLUSTER.replace(
        "volumeBindingMode: WaitForFirstConsumer",
        "volumeBindingMode: Immediate",
    );
    let mut w = world(&manifest, "events: []", 0);
    w.run_until(MIN);
    let s = w.snapshot();
    // data-db-0 was provisioned at creation in the first allowed zone in sorted order
    // (us-east-1a), so db-0 must go there; data-db-1 too, and the zone spread
    // (maxSkew 1) then forbids us-east-1a for db-1.
    assert_eq!(pod(&s, "default/db-0").node.as_deref(), Some("node-a"));
    assert_eq!(pod(&s, "default/db-1").status, "Pending");
    let why = last_failure(w.log(), "db-1");
    assert!(
        why.contains("2 node(s) had volume node affinity conflict"),
        "{why}"
    );
    assert!(w.log().iter().any(|e| e.reason == "ProvisioningSucceeded"
        && e.message.contains("assumed the first allowed zone")));
}

#[test]
fn the_same_seed_gives_the_same_storage_log() {
    let run = |seed| {
        let mut w = world(CLUSTER, AZ_FAILURE, seed);
        w.run_until(25 * MIN);
        serde_json::to_string(w.log()).unwrap()
    };
    assert_eq!(run(5), run(5));
}

#[test]
fn the_out_of_service_event_names_one_node_or_one_zone() {
    let cases = [
        (
            "events: [{at: 1m, action: outOfService, zone: us-east-1a}]",
            true,
        ),
        (
            "events: [{at: 1m, action: outOfServiceRemoved, node: node-a}]",
            true,
        ),
        ("events: [{at: 1m, action: outOfService}]", false),
        (
            "events: [{at: 1m, action: outOfService, node: node-a, zone: us-east-1a}]",
            false,
        ),
    ];
    for (src, ok) in cases {
        match parse_events(src) {
            Ok(_) => assert!(ok, "{src} should be refused"),
            Err(e) => {
                assert!(!ok, "{src}: {e:?}");
                assert!(e.to_string().contains("exactly one of node or zone"), "{e}");
            }
        }
    }
}
