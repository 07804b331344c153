//! Workload kinds and dump shapes the controllers must read faithfully (issue 12): pod-level
//! resources, dumped ownership (Deployment → ReplicaSet → Pod), terminating pods, StatefulSet,
//! Job, CronJob and ReplicationController pods, DaemonSets that match no node, a lone feasible
//! node bound with scoring marked skipped, node conditions and crash loops with `runFor`.

use sim::cluster::import::{import_manifests, Severity};
use sim::cluster::sim::{schedule_cluster, simulate, SimConfig};

fn node(name: &str, zone: &str, cpu: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Node\nmetadata: {{name: {name}, labels: {{topology.kubernetes.io/zone: {zone}}}}}\nstatus: {{allocatable: {{cpu: \"{cpu}\", memory: 64Gi, pods: \"110\"}}}}\n---\n"
    )
}

/// (pod, node) for every scheduling cycle of `stratosim schedule`.
fn placements(src: &str) -> Vec<(String, Option<String>)> {
    let (m, diags) = import_manifests(src);
    assert!(
        diags.iter().all(|d| d.severity != Severity::Error),
        "{diags:?}"
    );
    schedule_cluster(m.cluster, Default::default(), 0)
        .placements
        .iter()
        .map(|p| (p.decision.pod.clone(), p.decision.node.clone()))
        .collect()
}

/// (time, reason, message) of a simulated run.
fn events(src: &str, until: u64) -> Vec<(u64, String, String)> {
    let (m, diags) = import_manifests(src);
    assert!(
        diags.iter().all(|d| d.severity != Severity::Error),
        "{diags:?}"
    );
    let (log, _) = simulate(
        m.cluster,
        Default::default(),
        vec![],
        0,
        until,
        SimConfig::default(),
    );
    log.into_iter()
        .map(|e| (e.time_ms, e.reason, e.message))
        .collect()
}

#[test]
fn a_pod_asking_8_cpu_at_pod_level_does_not_land_on_a_4_cpu_node() {
    let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: big}\nspec:\n  resources: {requests: {cpu: \"8\"}}\n  containers: [{name: c, image: x, resources: {requests: {cpu: 100m}}}]\n";
    // (nodes as (name, cpu), where it lands)
    type Nodes<'a> = &'a [(&'a str, &'a str)];
    let cases: &[(Nodes, Option<&str>)] = &[
        (&[("small", "4")], None),
        (&[("small", "4"), ("large", "16")], Some("large")),
    ];
    for (nodes, want) in cases {
        let mut src: String = nodes.iter().map(|(n, c)| node(n, "z", c)).collect();
        src.push_str(pod);
        let got = placements(&src);
        assert_eq!(got[0].1.as_deref(), *want, "{nodes:?}: {got:?}");
    }
}

#[test]
fn pod_level_limits_default_the_pod_level_requests_and_unsupported_resources_are_refused() {
    let (m, _) = import_manifests(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  resources: {limits: {cpu: \"2\", memory: 1Gi}}\n  containers: [{name: c, image: x}]\n",
    );
    assert_eq!(m.cluster.pods[0].requests.milli_cpu, 2000);
    assert_eq!(m.cluster.pods[0].non_zero_memory, 1 << 30);
    let (_, diags) = import_manifests(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  resources: {requests: {nvidia.com/gpu: 1}}\n  containers: [{name: c, image: x}]\n",
    );
    assert!(
        diags.iter().any(|d| d.severity == Severity::Error
            && d.field == "spec.resources.requests.nvidia.com/gpu"),
        "{diags:?}"
    );
}

const DEPLOYMENT: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: nginx}]}\n---\n";

fn owned_pod(name: &str, owner_kind: &str, owner: &str, extra: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n  labels: {{app: web, pod-template-hash: abc12}}\n  ownerReferences: [{{apiVersion: apps/v1, kind: {owner_kind}, name: {owner}, controller: true, uid: u}}]\n{extra}spec: {{nodeName: n1, containers: [{{name: c, image: nginx}}]}}\nstatus: {{phase: Running}}\n---\n"
    )
}

#[test]
fn dumped_pods_of_a_deployment_are_its_replicas_not_extra_pods() {
    let rs = "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: web-abc12\n  annotations: {deployment.kubernetes.io/revision: \"1\"}\n  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, controller: true, uid: u}]\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: web, pod-template-hash: abc12}}\n  template:\n    metadata: {labels: {app: web, pod-template-hash: abc12}}\n    spec: {containers: [{name: c, image: nginx}]}\n---\n";
    let pods = owned_pod("web-abc12-aaaaa", "ReplicaSet", "web-abc12", "")
        + &owned_pod("web-abc12-bbbbb", "ReplicaSet", "web-abc12", "");
    // (what was dumped, pods after two simulated minutes)
    let cases: Vec<(&str, String)> = vec![
        ("deploy,rs,pods", format!("{DEPLOYMENT}{rs}{pods}")),
        (
            "deploy,pods (ReplicaSet not captured)",
            format!("{DEPLOYMENT}{pods}"),
        ),
        ("deploy,rs", format!("{DEPLOYMENT}{rs}")),
    ];
    for (what, objects) in cases {
        let src = node("n1", "z", "8") + &objects;
        let (m, diags) = import_manifests(&src);
        assert!(
            diags.iter().all(|d| d.severity != Severity::Error),
            "{what}: {diags:?}"
        );
        if what.contains("not captured") {
            assert!(
                diags
                    .iter()
                    .any(|d| d.message.contains("not in the capture; assumed")),
                "{what}: {diags:?}"
            );
        }
        let (log, snap) = simulate(
            m.cluster,
            Default::default(),
            vec![],
            0,
            120_000,
            SimConfig::default(),
        );
        assert_eq!(snap.pods.len(), 2, "{what}: {:?}", snap.pods);
        assert_eq!(snap.deployments[0].total, 2, "{what}");
        assert!(
            !log.iter().any(|e| e.reason == "ScalingReplicaSet"
                && e.message.contains("web-")
                && !e.message.contains("web-abc12")),
            "{what}: the Deployment made a second ReplicaSet: {log:?}"
        );
    }
}

#[test]
fn a_terminating_pod_in_a_dump_is_not_counted_by_topology_spread_nor_scheduled() {
    let spread = "apiVersion: v1\nkind: Pod\nmetadata: {name: new, labels: {app: web}}\nspec:\n  topologySpreadConstraints: [{maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: web}}}]\n  containers: [{name: c, image: x}]\n---\n";
    let pod = |name: &str, node: &str, deleting: bool| {
        let ts = if deleting {
            ", deletionTimestamp: \"2024-01-01T00:00:00Z\""
        } else {
            ""
        };
        format!("apiVersion: v1\nkind: Pod\nmetadata: {{name: {name}, labels: {{app: web}}{ts}}}\nspec: {{nodeName: {node}, containers: [{{name: c, image: x}}]}}\nstatus: {{phase: Running}}\n---\n")
    };
    let pending_deleted = "apiVersion: v1\nkind: Pod\nmetadata: {name: gone, deletionTimestamp: \"2024-01-01T00:00:00Z\"}\nspec: {containers: [{name: c, image: x}]}\n---\n";
    let src = node("a1", "a", "4")
        + &node("b1", "b", "4")
        + &pod("old", "a1", true)
        + &pod("kept", "b1", false)
        + pending_deleted
        + spread;
    // Zone a counts 0 (its pod is terminating), zone b 1: only a keeps the skew at 1.
    assert_eq!(
        placements(&src),
        vec![("default/new".to_string(), Some("a1".to_string()))]
    );
}

#[test]
fn statefulset_policies_start_pods_in_order_or_all_at_once() {
    let sts = |policy: &str| {
        format!("apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {{name: db}}\nspec:\n  replicas: 3\n  podManagementPolicy: {policy}\n  selector: {{matchLabels: {{app: db}}}}\n  template:\n    metadata: {{labels: {{app: db}}}}\n    spec: {{containers: [{{name: c, image: x}}]}}\n")
    };
    // (policy, creation times of db-0, db-1, db-2): OrderedReady waits for the previous pod to
    // be Running and Ready (2 s start-up here), Parallel does not.
    let cases: &[(&str, [u64; 3])] =
        &[("OrderedReady", [0, 2_000, 4_000]), ("Parallel", [0, 0, 0])];
    for (policy, want) in cases {
        let src = node("n1", "z", "8") + &sts(policy);
        let created: Vec<u64> = events(&src, 60_000)
            .into_iter()
            .filter(|(_, r, m)| r == "SuccessfulCreate" && m.contains("StatefulSet db"))
            .map(|(t, _, _)| t)
            .collect();
        assert_eq!(created, want.to_vec(), "{policy}");
    }
}

#[test]
fn a_job_keeps_parallelism_pods_running_until_its_completions_succeed() {
    let src = node("n1", "z", "8")
        + "apiVersion: batch/v1\nkind: Job\nmetadata: {name: pi}\nspec:\n  completions: 3\n  parallelism: 2\n  template:\n    spec: {restartPolicy: Never, containers: [{name: c, image: perl}]}\n";
    let ev = events(&src, 120_000);
    let created: Vec<u64> = ev
        .iter()
        .filter(|(_, r, m)| r == "SuccessfulCreate" && m.starts_with("Created pod: pi-"))
        .map(|(t, _, _)| *t)
        .collect();
    // Two at once; the third when the first two exit (2 s start-up + the assumed 10 s run).
    assert_eq!(created, vec![0, 0, 12_000]);
    let done: Vec<u64> = ev
        .iter()
        .filter(|(_, r, m)| r == "Completed" && m == "Job completed")
        .map(|(t, _, _)| *t)
        .collect();
    assert_eq!(done, vec![24_000]);
    assert!(ev
        .iter()
        .any(|(_, r, m)| r == "Completed" && m.contains("assumed run time")));
}

#[test]
fn a_job_whose_pods_may_restart_always_is_refused() {
    let (_, diags) = import_manifests(
        "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec: {containers: [{name: c, image: x}]}\n",
    );
    assert!(
        diags.iter().any(|d| d.severity == Severity::Error
            && d.field == "spec.template.spec.restartPolicy"),
        "{diags:?}"
    );
}

#[test]
fn cron_schedules_fire_at_their_minute_and_hour_in_simulated_time() {
    let cj = |schedule: &str, policy: &str| {
        format!("apiVersion: batch/v1\nkind: CronJob\nmetadata: {{name: c}}\nspec:\n  schedule: \"{schedule}\"\n  concurrencyPolicy: {policy}\n  jobTemplate:\n    spec:\n      template:\n        spec: {{restartPolicy: OnFailure, containers: [{{name: c, image: x}}]}}\n")
    };
    // (schedule, policy, simulated time, Job creation times)
    let cases: &[(&str, &str, u64, &[u64])] = &[
        (
            "*/15 * * * *",
            "Allow",
            3_600_000,
            &[900_000, 1_800_000, 2_700_000, 3_600_000],
        ),
        ("30 1 * * *", "Allow", 7_200_000, &[5_400_000]),
        ("@hourly", "Allow", 7_200_000, &[3_600_000, 7_200_000]),
        ("5,7 0 * * *", "Forbid", 600_000, &[300_000, 420_000]),
    ];
    for (schedule, policy, until, want) in cases {
        let src = node("n1", "z", "8") + &cj(schedule, policy);
        let created: Vec<u64> = events(&src, *until)
            .into_iter()
            .filter(|(_, r, m)| r == "SuccessfulCreate" && m.starts_with("Created job"))
            .map(|(t, _, _)| t)
            .collect();
        assert_eq!(created, want.to_vec(), "{schedule}");
    }
    // Day fields are not simulated: said, not silently ignored. A bad minute is an error.
    let (_, diags) = import_manifests(&cj("0 0 * * 1", "Allow"));
    assert!(
        diags.iter().any(|d| d.severity == Severity::Warning
            && d.field == "spec.schedule"
            && d.message.contains("day-of-week \"1\" assumed")),
        "{diags:?}"
    );
    let (_, diags) = import_manifests(&cj("61 * * * *", "Allow"));
    assert!(
        diags
            .iter()
            .any(|d| d.severity == Severity::Error && d.field == "spec.schedule"),
        "{diags:?}"
    );
}

#[test]
fn a_replication_controller_creates_its_replicas() {
    let src = node("n1", "z", "8")
        + "apiVersion: v1\nkind: ReplicationController\nmetadata: {name: rc}\nspec:\n  replicas: 2\n  selector: {app: rc}\n  template:\n    metadata: {labels: {app: rc}}\n    spec: {containers: [{name: c, image: x}]}\n";
    let got = placements(&src);
    assert_eq!(got.len(), 2);
    assert!(got
        .iter()
        .all(|(p, n)| p.starts_with("default/rc-") && n.as_deref() == Some("n1")));
}

#[test]
fn a_daemonset_whose_node_selector_matches_no_node_says_so() {
    let src = node("n1", "z", "8")
        + "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: ds}\nspec:\n  selector: {matchLabels: {app: ds}}\n  template:\n    metadata: {labels: {app: ds}}\n    spec: {nodeSelector: {gpu: \"yes\"}, containers: [{name: c, image: x}]}\n";
    let (_, diags) = import_manifests(&src);
    assert!(
        diags.iter().any(|d| d.severity == Severity::Warning
            && d.message == "its nodeSelector gpu=yes matches none of the 1 node(s); the DaemonSet runs no pod"),
        "{diags:?}"
    );
}

#[test]
fn the_only_feasible_node_is_bound_with_scoring_marked_skipped() {
    let src = node("n1", "z", "8")
        + &node("n2", "z", "1")
        + "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: x, resources: {requests: {cpu: \"2\"}}}]}\n";
    let (m, _) = import_manifests(&src);
    let report = schedule_cluster(m.cluster, Default::default(), 0);
    let d = &report.placements[0].decision;
    assert_eq!(d.node.as_deref(), Some("n1"));
    assert!(d.scoring_skipped);
    assert_eq!(
        d.message,
        "assigned to n1: the only feasible node (scoring skipped)"
    );
}

#[test]
fn added_affinity_in_a_scheduler_configuration_steers_every_pod_of_the_profile() {
    let config = |op: &str| {
        format!("apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nprofiles:\n- schedulerName: default-scheduler\n  pluginConfig:\n  - name: NodeAffinity\n    args:\n      addedAffinity:\n        requiredDuringSchedulingIgnoredDuringExecution:\n          nodeSelectorTerms:\n          - matchExpressions: [{{key: topology.kubernetes.io/zone, operator: {op}, values: [b]}}]\n")
    };
    let (cfg, _) = sim::cluster::parse_scheduler_config(&config("In")).unwrap();
    let src = node("a1", "a", "8")
        + &node("b1", "b", "8")
        + "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: x}]}\n";
    let (m, _) = import_manifests(&src);
    let report = schedule_cluster(m.cluster, cfg, 0);
    assert_eq!(report.placements[0].decision.node.as_deref(), Some("b1"));
    let err = sim::cluster::parse_scheduler_config(&config("Near")).unwrap_err();
    assert_eq!(
        err.field,
        "profiles[0].pluginConfig[0].args.addedAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator"
    );
}

#[test]
fn a_dumped_not_ready_node_whose_kubelet_posts_gets_not_ready_taints_and_evicts_after_300s() {
    let src = node("ok", "z", "8")
        + "apiVersion: v1\nkind: Node\nmetadata: {name: sick, labels: {topology.kubernetes.io/zone: z}}\nstatus:\n  allocatable: {cpu: \"8\", memory: 64Gi, pods: \"110\"}\n  conditions: [{type: Ready, status: \"False\", reason: KubeletNotReady}]\n---\n"
        + "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {nodeName: sick, containers: [{name: c, image: x}]}\nstatus: {phase: Running}\n";
    let ev = events(&src, 400_000);
    let taints: Vec<&(u64, String, String)> = ev
        .iter()
        .filter(|(_, r, _)| r == "NoExecuteTaintAdded")
        .collect();
    assert_eq!(taints.len(), 1, "{ev:?}");
    assert_eq!(taints[0].0, 0);
    assert!(
        taints[0]
            .2
            .contains("node.kubernetes.io/not-ready:NoExecute"),
        "{ev:?}"
    );
    assert!(
        !ev.iter().any(|(_, _, m)| m.contains("unreachable")),
        "{ev:?}"
    );
    // The kubelet keeps reporting Ready=False: the node does not come back by itself.
    assert!(!ev.iter().any(|(_, r, _)| r == "NodeReady"), "{ev:?}");
    // DefaultTolerationSeconds: 300 s for not-ready, NoExecute.
    let evicted: Vec<u64> = ev
        .iter()
        .filter(|(_, r, _)| r == "TaintManagerEviction")
        .map(|(t, _, _)| *t)
        .collect();
    assert_eq!(evicted, vec![300_000]);
}

#[test]
fn node_pressure_conditions_in_a_dump_taint_the_node_and_only_daemon_pods_tolerate_them() {
    // (condition, taint)
    let cases = [
        ("MemoryPressure", "node.kubernetes.io/memory-pressure"),
        ("DiskPressure", "node.kubernetes.io/disk-pressure"),
        ("PIDPressure", "node.kubernetes.io/pid-pressure"),
    ];
    for (condition, taint) in cases {
        let src = format!("apiVersion: v1\nkind: Node\nmetadata: {{name: n1}}\nstatus:\n  allocatable: {{cpu: \"8\", memory: 64Gi, pods: \"110\"}}\n  conditions: [{{type: Ready, status: \"True\"}}, {{type: {condition}, status: \"True\"}}]\n---\n")
            + "apiVersion: v1\nkind: Pod\nmetadata: {name: plain}\nspec: {containers: [{name: c, image: x}]}\n---\n"
            + "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}\nspec:\n  selector: {matchLabels: {app: agent}}\n  template:\n    metadata: {labels: {app: agent}}\n    spec: {containers: [{name: c, image: x}]}\n";
        let (m, _) = import_manifests(&src);
        assert!(
            m.cluster.nodes[0].taints.iter().any(|t| t.key == taint),
            "{condition}: {:?}",
            m.cluster.nodes[0].taints
        );
        let got = placements(&src);
        let plain = got.iter().find(|(p, _)| p == "default/plain").unwrap();
        assert_eq!(plain.1, None, "{condition}");
        let agent = got
            .iter()
            .find(|(p, _)| p.starts_with("default/agent-"))
            .unwrap();
        assert_eq!(agent.1.as_deref(), Some("n1"), "{condition}");
    }
}

#[test]
fn a_pod_dumped_while_terminating_is_gone_after_the_shutdown_time_and_replaced_once() {
    let rs = "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: web}\nspec:\n  replicas: 1\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: x}]}\n---\n";
    let old = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-old\n  labels: {app: web}\n  deletionTimestamp: \"2024-01-01T00:00:00Z\"\n  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web, controller: true, uid: u}]\nspec: {nodeName: n1, containers: [{name: c, image: x}]}\nstatus: {phase: Running}\n";
    let src = node("n1", "z", "8") + rs + old;
    let (m, _) = import_manifests(&src);
    let (log, snap) = simulate(
        m.cluster,
        Default::default(),
        vec![],
        0,
        30_000,
        SimConfig::default(),
    );
    let names: Vec<&str> = snap.pods.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(names[0].starts_with("default/web-") && names[0] != "default/web-old");
    assert_eq!(
        log.iter()
            .filter(|e| e.reason == "SuccessfulCreate")
            .count(),
        1
    );
}

#[test]
fn a_cronjob_keeps_only_its_three_latest_finished_jobs() {
    let src = node("n1", "z", "8")
        + "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: \"* * * * *\"\n  jobTemplate:\n    spec:\n      template:\n        spec: {restartPolicy: OnFailure, containers: [{name: c, image: x}]}\n";
    let (m, _) = import_manifests(&src);
    let (log, snap) = simulate(
        m.cluster,
        Default::default(),
        vec![],
        0,
        600_000,
        SimConfig::default(),
    );
    // Ten runs (1m … 10m), each done 12 s later; at 10m the Jobs of 7m, 8m, 9m are kept
    // (successfulJobsHistoryLimit 3) beside the one just started.
    let deleted: Vec<&str> = log
        .iter()
        .filter(|e| e.reason == "SuccessfulDelete" && e.message.starts_with("Deleted job"))
        .map(|e| e.message.as_str())
        .collect();
    assert_eq!(deleted.len(), 6, "{deleted:?}");
    assert_eq!(deleted[0], "Deleted job c-1");
    let pods: Vec<&str> = snap.pods.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(pods.len(), 4, "{pods:?}");
    assert!(
        pods.iter().all(|p| [
            "default/c-7-",
            "default/c-8-",
            "default/c-9-",
            "default/c-10-"
        ]
        .iter()
        .any(|w| p.starts_with(w))),
        "{pods:?}"
    );
}

/// (time, reason, object name, message) of a run with a whole events file.
fn run_events(src: &str, events: &str, until: u64) -> Vec<(u64, String, String, String)> {
    let (m, diags) = import_manifests(src);
    assert!(
        diags.iter().all(|d| d.severity != Severity::Error),
        "{diags:?}"
    );
    let file = sim::cluster::sim::parse_events_file(events).unwrap();
    let (log, _) = sim::cluster::sim::simulate_events(
        m.cluster,
        Default::default(),
        file,
        0,
        until,
        SimConfig::default(),
    );
    log.into_iter()
        .map(|e| (e.time_ms, e.reason, e.object.name, e.message))
        .collect()
}

const ONE_POD_RS: &str = "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: web}\nspec:\n  replicas: 1\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: x, resources: {requests: {memory: 64Mi}}}]}\n";

#[test]
fn a_crash_loop_with_run_for_reproduces_kubelets_back_off_exactly() {
    // (runFor, restart times in s): the first exit at 10 s, then back-off 10, 20, 40, 80, 160,
    // 300, 300, 300 s, each restart running `runFor` (default 1 s) before the next exit. A run
    // of 10 minutes resets the back-off to 10 s.
    let cases: &[(&str, &[u64])] = &[
        ("", &[20, 41, 82, 163, 324, 625, 926, 1227]),
        ("runFor: 30s, ", &[20, 70, 140, 250, 440, 770, 1100, 1430]),
        (
            "runFor: 10m, ",
            &[20, 630, 1240, 1850, 2460, 3070, 3680, 4290],
        ),
    ];
    for (run_for, want) in cases {
        let src = node("n1", "z", "8") + ONE_POD_RS;
        let events = format!(
            "events:\n- {{at: 10s, action: podCrash, selector: {{app: web}}, times: 8, {run_for}}}\n"
        );
        let restarts: Vec<u64> = run_events(&src, &events, 5_000_000)
            .into_iter()
            .filter(|(t, r, _, _)| r == "Started" && *t > 10_000)
            .map(|(t, _, _, _)| t / 1000)
            .collect();
        assert_eq!(restarts, want.to_vec(), "{run_for:?}");
    }
}

#[test]
fn an_injected_not_ready_node_is_tainted_not_ready_and_recovers_when_the_kubelet_says_ready() {
    // A third node keeps the zone from being fully disrupted (which stops NoExecute tainting).
    let src = node("n1", "z", "8") + &node("n2", "z", "8") + &node("n3", "z", "8") + ONE_POD_RS;
    let events = "events:\n- {at: 1m, action: nodeCondition, node: n1, condition: Ready, status: \"False\"}\n- {at: 2m, action: nodeCondition, node: n2, condition: Ready, status: \"False\"}\n- {at: 3m, action: nodeCondition, node: n1, condition: Ready, status: \"True\"}\n- {at: 3m, action: nodeCondition, node: n2, condition: Ready, status: \"True\"}\n";
    let log = run_events(&src, events, 240_000);
    let seen: Vec<(u64, &str, &str)> = log
        .iter()
        .filter(|(_, r, _, _)| {
            ["NodeNotReady", "NoExecuteTaintAdded", "NodeReady"].contains(&r.as_str())
        })
        .map(|(t, r, o, _)| (*t / 1000, r.as_str(), o.as_str()))
        .collect();
    assert_eq!(
        seen,
        vec![
            (60, "NodeNotReady", "n1"),
            (60, "NoExecuteTaintAdded", "n1"),
            (120, "NodeNotReady", "n2"),
            (120, "NoExecuteTaintAdded", "n2"),
            (180, "NodeReady", "n1"),
            (180, "NodeReady", "n2"),
        ]
    );
    assert!(log
        .iter()
        .any(|(_, r, _, m)| r == "NoExecuteTaintAdded" && m.contains("not-ready")));
    assert!(
        !log.iter().any(|(_, _, _, m)| m.contains("unreachable")),
        "{log:?}"
    );
}

#[test]
fn memory_pressure_taints_the_node_and_the_kubelet_evicts_one_pod_per_period_until_it_clears() {
    // A ReplicaSet pod without requests that prefers n1, and a lower-priority pod with a request.
    let src = node("n1", "z", "8")
        + &node("n2", "z", "8")
        + "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: be}\nspec:\n  replicas: 1\n  selector: {matchLabels: {app: be}}\n  template:\n    metadata: {labels: {app: be}}\n    spec: {containers: [{name: c, image: x}], affinity: {nodeAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 100, preference: {matchFields: [{key: metadata.name, operator: In, values: [n1]}]}}]}}}\n---\n"
        + "apiVersion: v1\nkind: Pod\nmetadata: {name: low}\nspec: {nodeName: n1, priority: -5, containers: [{name: c, image: x, resources: {requests: {memory: 1Gi}}}]}\n";
    let pressure = "- {at: 30s, action: nodeCondition, node: n1, condition: MemoryPressure, status: \"True\"}\n";
    // (case, extra events, evictions as (time, pod name prefix)); docs/SEMANTICS.md#c2.
    type Evictions<'a> = &'a [(u64, &'a str)];
    let cases: [(&str, &str, Evictions); 3] = [
        (
            "the pod without a memory request goes first, then, 10 s later with the condition still on, the lower-priority one; then nothing is left",
            "",
            &[(30_000, "be-"), (40_000, "low")],
        ),
        (
            "the condition clears before the next pass: one eviction",
            "- {at: 35s, action: nodeCondition, node: n1, condition: MemoryPressure, status: \"False\"}\n",
            &[(30_000, "be-")],
        ),
        (
            "reported again while the kubelet is already evicting: still one pod per period",
            "- {at: 32s, action: nodeCondition, node: n1, condition: MemoryPressure, status: \"True\"}\n",
            &[(30_000, "be-"), (40_000, "low")],
        ),
    ];
    for (name, extra, want) in cases {
        let events = format!("events:\n{pressure}{extra}");
        let log = run_events(&src, &events, 120_000);
        let evicted: Vec<(u64, &str)> = log
            .iter()
            .filter(|(_, r, _, _)| r == "Evicted")
            .map(|(t, _, o, _)| (*t, o.as_str()))
            .collect();
        assert_eq!(evicted.len(), want.len(), "{name}: {log:?}");
        for ((t, o), (wt, prefix)) in evicted.iter().zip(want) {
            assert!(*t == *wt && o.starts_with(prefix), "{name}: {evicted:?}");
        }
        // The evicted ReplicaSet pod's replacement avoids n1, tainted memory-pressure:NoSchedule.
        let scheduled: Vec<(u64, &str)> = log
            .iter()
            .filter(|(_, r, o, _)| r == "Scheduled" && o.starts_with("be-"))
            .map(|(t, _, _, m)| (*t, m.rsplit(' ').next().unwrap()))
            .collect();
        assert_eq!(
            scheduled,
            vec![(0, "n1"), (30_000, "n2")],
            "{name}: {log:?}"
        );
    }
}

#[test]
fn events_files_name_a_bad_condition_or_run_for() {
    // (events, location of the error)
    let cases = [
        ("events:\n- {at: 1s, action: nodeCondition, node: n, condition: PIDPressure, status: \"True\"}\n", "events[0].condition"),
        ("events:\n- {at: 1s, action: nodeCondition, node: n, condition: Ready, status: maybe}\n", "events[0].status"),
        ("events:\n- {at: 1s, action: podCrash, pod: p, runFor: 0s}\n", "events[0].runFor"),
        ("events:\n- {at: 1s, action: drain, node: n, runFor: 5s}\n", "events[0].runFor"),
    ];
    for (src, want) in cases {
        let e = sim::cluster::sim::parse_events_file(src).unwrap_err();
        assert_eq!(e.location, want, "{src}");
    }
}
