//! Properties of the cluster simulator: never panics on arbitrary input, deterministic per seed,
//! never binds beyond allocatable.

use proptest::prelude::*;
use serde_json::{json, Value};
use sim::cluster::import::import_manifests;
use sim::cluster::sim::{parse_events, schedule_cluster, simulate, Action, Injected, SimConfig};
use sim::cluster::{parse_scheduler_config, SchedulerConfig};

fn node_strategy() -> impl Strategy<Value = Value> {
    (0u32..1000, 0u32..4, 0u32..8, 0u32..20, proptest::bool::ANY, 0u32..3).prop_map(|(id, zone, cpu, pods, tainted, label)| {
        let mut n = json!({
            "apiVersion": "v1", "kind": "Node",
            "metadata": {"name": format!("n{id}"), "labels": {"topology.kubernetes.io/zone": format!("z{zone}"), "disk": format!("d{label}")}},
            "status": {"allocatable": {"cpu": format!("{}m", cpu * 500), "memory": format!("{}Mi", cpu * 512), "pods": pods.to_string()}}
        });
        if tainted {
            n["spec"] = json!({"taints": [{"key": "dedicated", "value": "x", "effect": "NoSchedule"}]});
        }
        n
    })
}

fn pod_strategy() -> impl Strategy<Value = Value> {
    (0u32..1000, 0u32..1500, 0u32..1500, proptest::option::of(0u32..3), 0u32..3, 0i32..3, 0u32..4, proptest::bool::ANY).prop_map(
        |(id, cpu, mem, selector, app, prio, kind, tolerate)| {
            let mut spec = json!({
                "containers": [{"name": "c", "image": format!("img{}", id % 3), "resources": {"requests": {"cpu": format!("{cpu}m"), "memory": format!("{mem}Mi")}}}],
                "priority": prio * 100,
            });
            if let Some(s) = selector {
                spec["nodeSelector"] = json!({"disk": format!("d{s}")});
            }
            if tolerate {
                spec["tolerations"] = json!([{"key": "dedicated", "operator": "Exists"}]);
            }
            match kind {
                1 => spec["topologySpreadConstraints"] = json!([{"maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone", "whenUnsatisfiable": "DoNotSchedule", "labelSelector": {"matchLabels": {"app": format!("a{app}")}}}]),
                2 => spec["affinity"] = json!({"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [{"labelSelector": {"matchLabels": {"app": format!("a{app}")}}, "topologyKey": "kubernetes.io/hostname"}]}}),
                3 => spec["affinity"] = json!({"podAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 10, "podAffinityTerm": {"labelSelector": {"matchLabels": {"app": format!("a{app}")}}, "topologyKey": "topology.kubernetes.io/zone"}}]}}),
                _ => {}
            }
            json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": format!("p{id}"), "labels": {"app": format!("a{app}")}}, "spec": spec})
        },
    )
}

fn cluster_strategy() -> impl Strategy<Value = String> {
    (proptest::collection::vec(node_strategy(), 0..6), proptest::collection::vec(pod_strategy(), 0..25), 0u32..4).prop_map(|(nodes, pods, deploy)| {
        let mut items: Vec<Value> = nodes;
        items.extend(pods);
        if deploy > 0 {
            items.push(json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
                "spec": {"replicas": deploy * 2, "selector": {"matchLabels": {"app": "web"}},
                  "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "web", "image": "nginx", "resources": {"requests": {"cpu": "200m"}}}]}}}}));
            items.push(json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"}, "spec": {"selector": {"app": "web"}}}));
        }
        json!({"apiVersion": "v1", "kind": "List", "items": items}).to_string()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn importers_never_panic_on_arbitrary_text(s in "\\PC{0,400}") {
        let _ = import_manifests(&s);
        let _ = parse_events(&s);
        let _ = parse_scheduler_config(&s);
    }

    #[test]
    fn importers_never_panic_on_yaml_like_text(s in "(kind: (Pod|Node|Deployment|List|Service)\n|metadata: \\{name: [a-z]{1,3}\\}\n|spec: \\{[a-zA-Z]{0,12}: [\\[\\]{}0-9a-zA-Z.-]{0,8}\\}\n|status: \\{allocatable: \\{cpu: [0-9a-zA-Z.]{0,5}\\}\\}\n|---\n){0,12}") {
        let _ = import_manifests(&s);
    }

    #[test]
    fn scheduling_never_binds_beyond_allocatable_and_is_deterministic(src in cluster_strategy(), seed in 0u64..1000) {
        let (m, _) = import_manifests(&src);
        let report = schedule_cluster(m.cluster.clone(), SchedulerConfig::default(), seed);
        let again = schedule_cluster(m.cluster.clone(), SchedulerConfig::default(), seed);
        prop_assert_eq!(serde_json::to_string(&report.placements).unwrap(), serde_json::to_string(&again.placements).unwrap());
        for node in &m.cluster.nodes {
            let bound: Vec<_> = report.pods.iter().filter(|p| p.node.as_deref() == Some(node.name.as_str())).collect();
            prop_assert!(bound.len() as i64 <= node.allowed_pod_number, "node {} holds {} pods > {}", node.name, bound.len(), node.allowed_pod_number);
        }
        // Requests per node from the decisions: every bound pod's requests fit.
        let mut used: std::collections::BTreeMap<String, (i64, i64)> = Default::default();
        for pl in &report.placements {
            if let Some(n) = &pl.decision.node {
                let pod_name = pl.decision.pod.split('/').nth(1).unwrap_or("");
                if let Some(p) = m.cluster.pods.iter().find(|p| p.name == pod_name) {
                    let e = used.entry(n.clone()).or_default();
                    e.0 += p.requests.milli_cpu;
                    e.1 += p.requests.memory;
                }
            }
        }
        for (n, (cpu, mem)) in used {
            let node = m.cluster.nodes.iter().find(|x| x.name == n).unwrap();
            prop_assert!(cpu <= node.allocatable.milli_cpu, "cpu {} > {} on {}", cpu, node.allocatable.milli_cpu, n);
            prop_assert!(mem <= node.allocatable.memory, "memory {} > {} on {}", mem, node.allocatable.memory, n);
        }
    }

    #[test]
    fn simulations_never_panic_and_repeat_per_seed(src in cluster_strategy(), seed in 0u64..100, fail in 0usize..6, at in 0u64..600, crash in 0u64..600) {
        let (m, _) = import_manifests(&src);
        let node = m.cluster.nodes.get(fail % m.cluster.nodes.len().max(1)).map(|n| n.name.clone()).unwrap_or_else(|| "none".into());
        let events = vec![
            Injected { at: at * 1000, action: Action::NodeFailure { node: node.clone() } },
            Injected { at: crash * 1000, action: Action::PodCrash { target: sim::cluster::sim::events::PodTarget::Selector { namespace: "default".into(), labels: [("app".to_string(), "web".to_string())].into() }, times: 2 } },
            Injected { at: 700_000, action: Action::Drain { node: node.clone() } },
            Injected { at: 800_000, action: Action::NodeRecovery { node } },
        ];
        let (a, snap) = simulate(m.cluster.clone(), SchedulerConfig::default(), events.clone(), seed, 1_200_000, SimConfig::default());
        let (b, _) = simulate(m.cluster.clone(), SchedulerConfig::default(), events, seed, 1_200_000, SimConfig::default());
        prop_assert_eq!(&a, &b);
        prop_assert!(a.windows(2).all(|w| w[0].time_ms <= w[1].time_ms));
        for n in &snap.nodes {
            prop_assert!(n.requested_milli_cpu <= n.allocatable_milli_cpu.max(0) || n.requested_milli_cpu == 0 || m.cluster.pods.iter().any(|p| p.node_name.is_some()),
                "node {} over-committed by the scheduler", n.name);
        }
    }
}
