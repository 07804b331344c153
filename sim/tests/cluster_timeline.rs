//! Timeline tests: the self-healing chain on the simulated clock (docs/SEMANTICS.md#c1 to #c9).

use sim::cluster::import::{import_manifests, Severity};
use sim::cluster::sim::{parse_events, LogEvent, SimConfig, World};

const CLUSTER: &str = include_str!("../../tests/fixtures/k8s/three-node-two-az.yaml");
const KILL: &str = include_str!("../../tests/fixtures/k8s/kill-node-a1.yaml");
const GOLDEN: &str = include_str!("../../tests/fixtures/k8s/golden-scenario.yaml");

fn world(events: &str, seed: u64) -> World {
    let (m, diags) = import_manifests(CLUSTER);
    assert!(
        diags.iter().all(|d| d.severity == Severity::Warning),
        "{diags:?}"
    );
    let evs = parse_events(events).expect("events parse");
    World::new(
        m.cluster,
        m.scheduler_config.unwrap_or_default(),
        evs,
        seed,
        SimConfig::default(),
    )
}

fn find<'a>(log: &'a [LogEvent], reason: &str, object_contains: &str) -> Vec<&'a LogEvent> {
    log.iter()
        .filter(|e| e.reason == reason && e.object.name.contains(object_contains))
        .collect()
}

#[test]
fn a_node_stopping_at_zero_is_not_ready_at_55s_and_its_pods_are_replaced_after_355s() {
    let mut w = world(KILL, 7);
    w.run_until(20_000);
    let snap = w.snapshot();
    let on_a1: Vec<String> = snap
        .pods
        .iter()
        .filter(|p| p.node.as_deref() == Some("node-a1"))
        .map(|p| p.name.clone())
        .collect();
    assert!(
        !on_a1.is_empty(),
        "the scheduler still places pods on node-a1 while it looks Ready: {:?}",
        snap.pods
    );
    // Zone spread maxSkew 1: 3 pods per zone.
    let zone_b = snap
        .pods
        .iter()
        .filter(|p| p.node.as_deref() == Some("node-b1"))
        .count();
    assert_eq!(zone_b, 3, "{:?}", snap.pods);

    w.run_until(400_000);
    let log = w.log().to_vec();
    // node-monitor-grace-period 50 s (v1.32+), checked every 5 s, strictly after: first tick after 50 s is 55 s.
    let not_ready = find(&log, "NodeNotReady", "node-a1");
    assert_eq!(not_ready.len(), 1);
    assert_eq!(not_ready[0].time_ms, 55_000);
    // DefaultTolerationSeconds 300 s for node.kubernetes.io/unreachable:NoExecute, from the taint at 55 s.
    let evictions: Vec<&LogEvent> = log
        .iter()
        .filter(|e| e.reason == "TaintManagerEviction" && e.object.kind == "Pod")
        .collect();
    assert_eq!(evictions.len(), on_a1.len());
    assert!(
        evictions.iter().all(|e| e.time_ms == 355_000),
        "{evictions:?}"
    );
    // The ReplicaSet replaces them at once; they are scheduled elsewhere and Running 2 s later.
    let created_after: Vec<&LogEvent> = log
        .iter()
        .filter(|e| e.reason == "SuccessfulCreate" && e.time_ms == 355_000)
        .collect();
    assert_eq!(created_after.len(), on_a1.len());
    let snap = w.snapshot();
    let running_elsewhere = snap
        .pods
        .iter()
        .filter(|p| p.status == "Running" && p.ready && p.node.as_deref() != Some("node-a1"))
        .count();
    assert_eq!(running_elsewhere, 6, "{:?}", snap.pods);
    let terminating = snap
        .pods
        .iter()
        .filter(|p| p.status == "Terminating")
        .count();
    assert_eq!(
        terminating,
        on_a1.len(),
        "pods on the dead node stay Terminating"
    );
    for e in log
        .iter()
        .filter(|e| e.reason == "Started" && e.time_ms > 355_000)
    {
        assert_eq!(e.time_ms, 357_000, "pod_startup is 2 s: {e:?}");
    }
    let ready_eps = &snap.services[0].ready_endpoints;
    assert_eq!(ready_eps.len(), 6, "{ready_eps:?}");
}

#[test]
fn the_golden_scenario_gives_the_same_log_twice_with_one_seed() {
    let run = |seed| {
        let mut w = world(GOLDEN, seed);
        w.run_until(20 * 60_000);
        serde_json::to_string(w.log()).unwrap()
    };
    let a = run(42);
    assert_eq!(a, run(42), "same seed, same log");
    assert!(a.contains("\"BackOff\""), "the crash loop backs off");
    assert!(a.contains("ScalingReplicaSet"), "the image update rolls");
    assert!(a.contains("NodeNotSchedulable"), "the drain cordons");
}

#[test]
fn crash_loop_back_off_doubles_from_10s() {
    let mut w = world(
        "events:\n- {at: 30s, action: podCrash, selector: {app: web}, times: 4}\n",
        1,
    );
    w.run_until(10 * 60_000);
    let backoffs: Vec<&LogEvent> = w.log().iter().filter(|e| e.reason == "BackOff").collect();
    assert_eq!(backoffs.len(), 4);
    let delays: Vec<&str> = backoffs
        .iter()
        .map(|e| e.message.split_whitespace().nth(1).unwrap_or(""))
        .collect();
    assert_eq!(delays, vec!["10s", "20s", "40s", "80s"]);
    // crash at 30 s; restart at 40 s; runs 1 s; crash at 41 s; restart at 61 s; ...
    let times: Vec<u64> = backoffs.iter().map(|e| e.time_ms).collect();
    assert_eq!(times, vec![30_000, 41_000, 62_000, 103_000]);
}

#[test]
fn a_drain_evicts_one_pod_at_a_time_under_the_pod_disruption_budget() {
    let mut w = world("events:\n- {at: 60s, action: drain, node: node-a1}\n", 3);
    w.run_until(59_000);
    let on_a1 = w
        .snapshot()
        .pods
        .iter()
        .filter(|p| p.node.as_deref() == Some("node-a1"))
        .count();
    assert!(on_a1 >= 2, "seed 3 puts at least two pods on node-a1");
    w.run_until(5 * 60_000);
    let log = w.log();
    let evicted: Vec<&LogEvent> = log.iter().filter(|e| e.reason == "Evicted").collect();
    assert_eq!(
        evicted.len(),
        on_a1,
        "every pod on node-a1 leaves eventually"
    );
    // minAvailable 5 of 6: one eviction at a time, the next only once a replacement is ready.
    assert_eq!(evicted.iter().filter(|e| e.time_ms == 60_000).count(), 1);
    assert!(log.iter().any(|e| e.reason == "EvictionBlocked"));
    assert!(log.iter().any(|e| e.reason == "Drained"));
    let snap = w.snapshot();
    assert!(snap
        .pods
        .iter()
        .all(|p| p.node.as_deref() != Some("node-a1")));
}

#[test]
fn a_drain_stalls_when_the_spread_constraint_leaves_no_room_for_replacements() {
    // node-b1 is the only node of us-east-1b: with maxSkew 1 a replacement cannot go to us-east-1a,
    // so it stays Pending and the PDB (minAvailable 5) blocks every further eviction.
    let mut w = world("events:\n- {at: 60s, action: drain, node: node-b1}\n", 3);
    w.run_until(5 * 60_000);
    let log = w.log();
    assert_eq!(log.iter().filter(|e| e.reason == "Evicted").count(), 1);
    let failed: Vec<&LogEvent> = log
        .iter()
        .filter(|e| e.reason == "FailedScheduling")
        .collect();
    assert!(!failed.is_empty());
    assert!(
        failed[0]
            .message
            .contains("didn't match pod topology spread constraints"),
        "{}",
        failed[0].message
    );
    assert!(
        failed[0].message.contains("node(s) were unschedulable"),
        "{}",
        failed[0].message
    );
    assert!(!log.iter().any(|e| e.reason == "Drained"));
}

const DAEMONSET: &str = "
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: agent, image: agent:1, resources: {requests: {cpu: 50m}}}]}
";

#[test]
fn daemonset_pods_run_on_every_node_and_are_never_evicted_for_unreachability() {
    let (m, _) = import_manifests(&format!("{CLUSTER}{DAEMONSET}"));
    let evs = parse_events(KILL).unwrap();
    let mut w = World::new(m.cluster, Default::default(), evs, 5, SimConfig::default());
    w.run_until(10_000);
    let agents: Vec<_> = w
        .snapshot()
        .pods
        .into_iter()
        .filter(|p| p.name.starts_with("default/agent-"))
        .collect();
    assert_eq!(agents.len(), 3, "{agents:?}");
    let mut nodes: Vec<_> = agents.iter().filter_map(|p| p.node.clone()).collect();
    nodes.sort();
    assert_eq!(nodes, vec!["node-a1", "node-a2", "node-b1"]);
    w.run_until(600_000);
    // The DaemonSet's not-ready/unreachable NoExecute tolerations have no tolerationSeconds.
    let evicted_agents = w
        .log()
        .iter()
        .filter(|e| e.reason == "TaintManagerEviction" && e.object.name.starts_with("agent-"))
        .count();
    assert_eq!(evicted_agents, 0);
}

#[test]
fn a_recovered_node_finishes_its_terminating_pods_and_is_schedulable_again() {
    let evs = "events:\n- {at: 0s, action: nodeFailure, node: node-a1}\n- {at: 400s, action: nodeRecovery, node: node-a1}\n";
    let mut w = world(evs, 7);
    w.run_until(399_000);
    let terminating = w
        .snapshot()
        .pods
        .iter()
        .filter(|p| p.status == "Terminating")
        .count();
    assert!(terminating > 0);
    w.run_until(420_000);
    let log = w.log();
    let ready = log
        .iter()
        .find(|e| e.reason == "NodeReady")
        .expect("NodeReady");
    // Heartbeat at 400 s, next node-monitor tick (every 5 s from 0) at 400 s.
    assert_eq!(ready.time_ms, 400_000);
    let snap = w.snapshot();
    assert_eq!(
        snap.pods
            .iter()
            .filter(|p| p.status == "Terminating")
            .count(),
        0,
        "{:?}",
        snap.pods
    );
    let a1 = snap.nodes.iter().find(|n| n.name == "node-a1").unwrap();
    assert!(a1.taints.is_empty(), "{:?}", a1.taints);
}

#[test]
fn when_every_zone_is_down_nothing_is_evicted() {
    // node lifecycle controller: all zones in FullDisruption → no NoExecute taints, no evictions.
    let evs = "events:\n- {at: 0s, action: zoneFailure, zone: us-east-1a}\n- {at: 0s, action: zoneFailure, zone: us-east-1b}\n";
    let mut w = world(evs, 7);
    w.run_until(900_000);
    let log = w.log();
    assert_eq!(log.iter().filter(|e| e.reason == "NodeNotReady").count(), 3);
    assert!(
        !log.iter().any(|e| e.reason == "TaintManagerEviction"),
        "no evictions in a full disruption"
    );
}

#[test]
fn an_az_failure_taints_nodes_at_the_zone_eviction_rate() {
    // node-eviction-rate 0.1 node/s per zone: the two nodes of us-east-1a get NoExecute 10 s apart.
    let evs = "events:\n- {at: 0s, action: zoneFailure, zone: us-east-1a}\n";
    let mut w = world(evs, 7);
    w.run_until(400_000);
    let taints: Vec<u64> = w
        .log()
        .iter()
        .filter(|e| e.reason == "NoExecuteTaintAdded" && e.object.kind == "Node")
        .map(|e| e.time_ms)
        .collect();
    assert_eq!(taints, vec![55_000, 65_000]);
    let pod_evictions: Vec<u64> = w
        .log()
        .iter()
        .filter(|e| e.reason == "TaintManagerEviction" && e.object.kind == "Pod")
        .map(|e| e.time_ms)
        .collect();
    assert!(
        pod_evictions.iter().all(|t| *t == 355_000 || *t == 365_000),
        "{pod_evictions:?}"
    );
}

#[test]
fn pods_with_restart_policy_never_fail_and_are_replaced() {
    let cluster = CLUSTER.replace(
        "      containers:\n      - name: web",
        "      restartPolicy: Never\n      containers:\n      - name: web",
    );
    assert_ne!(cluster, CLUSTER);
    let (m, _) = import_manifests(&cluster);
    let evs =
        parse_events("events:\n- {at: 30s, action: podCrash, selector: {app: web}}\n").unwrap();
    let mut w = World::new(m.cluster, Default::default(), evs, 2, SimConfig::default());
    w.run_until(60_000);
    let log = w.log();
    assert!(log
        .iter()
        .any(|e| e.reason == "Failed" && e.time_ms == 30_000));
    assert_eq!(
        log.iter()
            .filter(|e| e.reason == "SuccessfulCreate" && e.time_ms == 30_000)
            .count(),
        1
    );
    assert!(!log.iter().any(|e| e.reason == "BackOff"));
}

/// The golden scenario's event log, one line per event, checked in; set `STRATOSIM_BLESS=1` to update
/// it after an intended behaviour change (and review the diff).
#[test]
fn the_golden_scenario_matches_the_checked_in_event_log() {
    let mut w = world(GOLDEN, 42);
    w.run_until(20 * 60_000);
    let mut text = String::new();
    for e in w.log() {
        text.push_str(&format!(
            "{:>9} {:?} {} {}/{} [{}] {}\n",
            sim::cluster::sim::format_time(e.time_ms),
            e.kind,
            e.reason,
            e.object.kind,
            e.object.name,
            e.node.as_deref().unwrap_or("-"),
            e.message
        ));
    }
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/k8s/golden-scenario.log");
    if std::env::var("STRATOSIM_BLESS").is_ok() {
        std::fs::write(&path, &text).unwrap();
    }
    let want = std::fs::read_to_string(&path)
        .expect("golden log (run with STRATOSIM_BLESS=1 to create it)");
    assert!(
        want == text,
        "event log differs from {}; rerun with STRATOSIM_BLESS=1 to update after reviewing",
        path.display()
    );
}

#[test]
fn a_rolling_update_keeps_within_max_surge_and_max_unavailable() {
    // 10 replicas, 25 % / 25 %: at most 10 + 3 pods, at least 10 − 2 available (ResolveFenceposts).
    let cluster = CLUSTER.replace("replicas: 6", "replicas: 10").replace("      topologySpreadConstraints:\n      - maxSkew: 1\n        topologyKey: topology.kubernetes.io/zone\n        whenUnsatisfiable: DoNotSchedule\n        labelSelector: {matchLabels: {app: web}}\n", "");
    let (m, _) = import_manifests(&cluster);
    let evs = parse_events(
        "events:\n- {at: 60s, action: imageUpdate, deployment: web, image: 'nginx:2'}\n",
    )
    .unwrap();
    let mut w = World::new(m.cluster, Default::default(), evs, 9, SimConfig::default());
    w.run_until(59_000);
    let before = &w.snapshot().deployments[0];
    assert_eq!((before.ready, before.total), (10, 10));
    let mut max_total = 0;
    let mut min_ready = i32::MAX;
    for t in (60_000..=180_000).step_by(500) {
        w.run_until(t);
        let d = &w.snapshot().deployments[0];
        max_total = max_total.max(d.total);
        min_ready = min_ready.min(d.ready);
    }
    let after = &w.snapshot().deployments[0];
    assert_eq!(
        (after.ready, after.up_to_date, after.total),
        (10, 10, 10),
        "the rollout completes"
    );
    assert!(max_total <= 13, "maxSurge 3: saw {max_total} pods");
    assert!(min_ready >= 8, "maxUnavailable 2: saw {min_ready} ready");
}

#[test]
fn crash_back_off_resets_after_ten_minutes_of_running() {
    // Back-off 10 s, then the container runs cleanly; a crash 10+ minutes after the last start starts at 10 s again.
    let evs = "events:\n- {at: 30s, action: podCrash, pod: PLACEHOLDER, times: 1}\n- {at: 15m, action: podCrash, pod: PLACEHOLDER, times: 1}\n";
    let mut w = world("events: []\n", 1);
    w.run_until(10_000);
    let name = w.snapshot().pods[0].name.clone();
    let (m, _) = import_manifests(CLUSTER);
    let evs = parse_events(&evs.replace("PLACEHOLDER", &name)).unwrap();
    let mut w = World::new(m.cluster, Default::default(), evs, 1, SimConfig::default());
    w.run_until(20 * 60_000);
    let backoffs: Vec<&str> = w
        .log()
        .iter()
        .filter(|e| e.reason == "BackOff")
        .map(|e| e.message.split_whitespace().nth(1).unwrap_or(""))
        .collect();
    assert_eq!(backoffs, vec!["10s", "10s"]);
}

#[test]
fn pod_ips_come_from_the_node_subnet_skipping_reserved_and_node_addresses() {
    use sim::cluster::network::{apply_node_network, NodeNetwork};
    let (mut m, _) = import_manifests(CLUSTER);
    for (i, node) in m.cluster.nodes.iter_mut().enumerate() {
        let zone = node.zone().unwrap_or("").to_string();
        let subnet = if zone == "us-east-1a" {
            "10.0.1.0/24"
        } else {
            "10.0.2.0/24"
        };
        apply_node_network(
            node,
            NodeNetwork {
                zone,
                subnet_id: format!("subnet-{i}"),
                subnet_cidr: subnet.into(),
                node_ip: if i == 0 {
                    "10.0.1.4".into()
                } else {
                    format!("10.0.{}.{}", 1 + i / 2, 10 + i)
                },
            },
        );
    }
    assert_eq!(
        m.cluster.nodes[0].instance.as_deref(),
        Some("i-0a1"),
        "instance id from spec.providerID"
    );
    let mut w = World::new(
        m.cluster,
        Default::default(),
        vec![],
        4,
        SimConfig::default(),
    );
    w.run_until(5_000);
    let snap = w.snapshot();
    let mut ips: Vec<String> = snap.pods.iter().filter_map(|p| p.ip.clone()).collect();
    assert_eq!(ips.len(), 6);
    for p in &snap.pods {
        let ip = p.ip.as_deref().unwrap();
        let want_prefix = if p.node.as_deref() == Some("node-b1") {
            "10.0.2."
        } else {
            "10.0.1."
        };
        assert!(
            ip.starts_with(want_prefix),
            "{} on {:?} got {ip}",
            p.name,
            p.node
        );
        let last: u32 = ip.rsplit('.').next().unwrap().parse().unwrap();
        assert!(
            last >= 4 && last != 255,
            "AWS reserves .0-.3 and .255: {ip}"
        );
    }
    assert!(
        !ips.contains(&"10.0.1.4".to_string()),
        "the node's own IP is never handed to a pod"
    );
    ips.sort();
    ips.dedup();
    assert_eq!(ips.len(), 6, "unique");
}

#[test]
fn a_failing_readiness_probe_removes_the_pod_from_endpoints_without_a_restart() {
    // Probe defaults: period 10 s, failureThreshold 3, successThreshold 1.
    let mut w = world(
        "events:\n- {at: 60s, action: readinessFailure, selector: {app: web}, duration: 2m}\n",
        3,
    );
    w.run_until(89_000);
    assert_eq!(w.snapshot().services[0].ready_endpoints.len(), 6);
    w.run_until(90_000);
    let snap = w.snapshot();
    assert_eq!(
        snap.services[0].ready_endpoints.len(),
        5,
        "NotReady after 3 × 10 s"
    );
    assert_eq!(snap.services[0].not_ready_endpoints.len(), 1);
    assert!(w
        .log()
        .iter()
        .any(|e| e.reason == "Unhealthy" && e.time_ms == 90_000));
    w.run_until(190_000);
    assert_eq!(
        w.snapshot().services[0].ready_endpoints.len(),
        6,
        "ready again 10 s after the probe passes (60 + 120 + 10 s)"
    );
    assert!(
        w.snapshot().pods.iter().all(|p| p.restarts == 0),
        "readiness failures never restart containers"
    );
}
