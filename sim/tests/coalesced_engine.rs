//! The coalesced engine (heartbeats as streams, idle node-monitor passes skipped; issue 13) gives
//! the step-by-step engine's result, byte for byte: the same event log and the same snapshots, on
//! randomized small clusters, event scripts and lifecycle timings (docs/SEMANTICS.md#c1).

use proptest::prelude::*;
use serde_json::{json, Value};
use sim::cluster::import::import_manifests;
use sim::cluster::sim::{parse_events_file, SimConfig, World};
use sim::cluster::SchedulerConfig;

fn cluster(nodes: &[(u32, bool)], replicas: u32, toleration: Option<u32>, spread: bool) -> String {
    let mut items: Vec<Value> = nodes
        .iter()
        .enumerate()
        .map(|(i, &(zone, not_ready))| {
            let mut n = json!({
                "apiVersion": "v1", "kind": "Node",
                "metadata": {"name": format!("n{i}"), "labels": {"topology.kubernetes.io/zone": format!("z{zone}")}},
                "status": {"allocatable": {"cpu": "4", "memory": "8Gi", "pods": "20"}}
            });
            if not_ready {
                n["status"]["conditions"] = json!([{"type": "Ready", "status": "Unknown"}]);
            }
            n
        })
        .collect();
    let mut spec = json!({"containers": [{"name": "web", "image": "nginx", "resources": {"requests": {"cpu": "300m"}}}]});
    if let Some(s) = toleration {
        spec["tolerations"] = json!([
            {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": s},
            {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": s}
        ]);
    }
    if spread {
        spec["topologySpreadConstraints"] = json!([{"maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone", "whenUnsatisfiable": "DoNotSchedule", "labelSelector": {"matchLabels": {"app": "web"}}}]);
    }
    items.push(
        json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
        "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": "web"}},
          "template": {"metadata": {"labels": {"app": "web"}}, "spec": spec}}}),
    );
    items.push(json!({"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": "web"},
        "spec": {"maxUnavailable": 1, "selector": {"matchLabels": {"app": "web"}}}}));
    json!({"apiVersion": "v1", "kind": "List", "items": items}).to_string()
}

/// One event line; times are in whole seconds, often on the 5 s / 10 s grid so that they tie
/// with node-monitor ticks and heartbeats.
fn event_strategy(nodes: usize) -> impl Strategy<Value = String> {
    let at = prop_oneof![(0u64..180).prop_map(|t| t * 5), 0u64..900];
    (at, 0u32..10, 0..nodes.max(1), 0u32..3).prop_map(|(at, kind, node, zone)| {
        let body = match kind {
            0 | 1 => format!("action: nodeFailure, node: n{node}"),
            2 | 3 => format!("action: nodeRecovery, node: n{node}"),
            4 => format!("action: zoneFailure, zone: z{zone}"),
            5 => format!("action: zoneRecovery, zone: z{zone}"),
            6 => format!("action: drain, node: n{node}"),
            7 => format!(
                "action: nodeCondition, node: n{node}, condition: Ready, status: \"{}\"",
                if zone == 0 { "True" } else { "False" }
            ),
            8 => format!(
                "action: nodeCondition, node: n{node}, condition: MemoryPressure, status: \"{}\"",
                if zone == 0 { "False" } else { "True" }
            ),
            _ => "action: podCrash, selector: {app: web}, times: 2".into(),
        };
        format!("- {{at: {at}s, {body}}}\n")
    })
}

fn timing_strategy() -> impl Strategy<Value = SimConfig> {
    (
        prop_oneof![Just(10_000u64), 1_000u64..30_000],
        prop_oneof![Just(50_000u64), 5_000u64..80_000],
        prop_oneof![Just(5_000u64), 1_000u64..10_000],
        0usize..8,
        prop_oneof![Just(10_000u64), 1_000u64..20_000],
    )
        .prop_map(|(heartbeat, grace, monitor, large, eviction)| SimConfig {
            heartbeat_interval: heartbeat,
            node_monitor_grace_period: grace,
            node_monitor_period: monitor,
            large_cluster_size_threshold: large,
            eviction_interval: eviction,
            secondary_eviction_interval: eviction * 10,
            ..SimConfig::default()
        })
}

fn scenario() -> impl Strategy<Value = (String, String, SimConfig, u64)> {
    (
        proptest::collection::vec((0u32..3, proptest::bool::weighted(0.15)), 1..7),
        0u32..8,
        proptest::option::of(0u32..120),
        proptest::bool::ANY,
        timing_strategy(),
        0u64..50,
    )
        .prop_flat_map(|(nodes, replicas, toleration, spread, cfg, seed)| {
            let manifests = cluster(&nodes, replicas, toleration, spread);
            proptest::collection::vec(event_strategy(nodes.len()), 0..10).prop_map(move |evs| {
                (
                    manifests.clone(),
                    if evs.is_empty() {
                        "events: []\n".to_string()
                    } else {
                        format!("events:\n{}", evs.concat())
                    },
                    cfg.clone(),
                    seed,
                )
            })
        })
}

/// The log and snapshots of both engines at each checkpoint, as JSON text.
fn run_both(manifests: &str, events: &str, cfg: &SimConfig, seed: u64) -> (String, String) {
    let (m, _) = import_manifests(manifests);
    let events = parse_events_file(events).expect("the generated events parse");
    let world = |step: bool| {
        let w = World::from_events(
            m.cluster.clone(),
            SchedulerConfig::default(),
            events.clone(),
            seed,
            cfg.clone(),
        );
        if step {
            w.step_by_step()
        } else {
            w
        }
    };
    let (mut coalesced, mut stepped) = (world(false), world(true));
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for until in [7_000, 60_000, 333_000, 900_000, 2_400_000] {
        coalesced.run_until(until);
        stepped.run_until(until);
        a.push(json!({"at": until, "snapshot": coalesced.snapshot()}));
        b.push(json!({"at": until, "snapshot": stepped.snapshot()}));
    }
    a.push(json!({"log": coalesced.log()}));
    b.push(json!({"log": stepped.log()}));
    (Value::from(a).to_string(), Value::from(b).to_string())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, .. ProptestConfig::default() })]

    #[test]
    fn the_coalesced_engine_gives_the_step_by_step_log_and_snapshots(
        (manifests, events, cfg, seed) in scenario()
    ) {
        let (coalesced, stepped) = run_both(&manifests, &events, &cfg, seed);
        prop_assert!(coalesced == stepped, "manifests {manifests}\nevents\n{events}\ncfg {cfg:?}\nseed {seed}");
    }
}

#[test]
fn the_fixtures_replay_identically_in_both_engines() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/k8s/");
    let manifests = std::fs::read_to_string(format!("{root}three-node-two-az.yaml")).unwrap();
    for events in ["kill-node-a1.yaml", "golden-scenario.yaml"] {
        let text = std::fs::read_to_string(format!("{root}{events}")).unwrap();
        let (coalesced, stepped) = run_both(&manifests, &text, &SimConfig::default(), 1);
        assert_eq!(coalesced, stepped, "{events}");
        assert!(
            coalesced.contains("NodeNotReady"),
            "{events}: the run did something"
        );
    }
}
