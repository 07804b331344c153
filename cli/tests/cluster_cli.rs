//! The `schedule` / `simulate` command-line contract.

use std::path::PathBuf;
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_stratosim"))
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/k8s")
        .join(name)
}

fn tmp(name: &str, contents: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("stratosim-cluster-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, contents).unwrap();
    p
}

#[test]
fn schedule_json_has_the_contract_shape_with_every_filter_verdict_and_scores() {
    let out = bin()
        .args(["schedule", "--manifests"])
        .arg(fixture("three-node-two-az.yaml"))
        .args(["--seed", "1", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let placements = v["placements"].as_array().unwrap();
    assert_eq!(placements.len(), 6);
    for p in placements {
        assert!(p["pod"].as_str().unwrap().starts_with("default/web-"));
        let node = p["node"].as_str().expect("every replica fits");
        let filter = p["filter"].as_object().unwrap();
        assert_eq!(filter.len(), 3, "a verdict for every node");
        for verdicts in filter.values() {
            assert_eq!(
                verdicts.as_object().unwrap().len(),
                12,
                "every filter plugin of the default profile (the four volume plugins included)"
            );
        }
        assert_eq!(filter[node]["NodeResourcesFit"], "ok");
        let scores = p["scores"].as_object().unwrap();
        assert!(
            scores.contains_key(node),
            "the chosen node is scored even when scoring is skipped (flagged scoringSkipped)"
        );
        let s = &scores[node];
        assert_eq!(s["TaintToleration"]["weight"], 3);
        let score = s["NodeResourcesFit"]["score"].as_i64().unwrap();
        assert!((0..=100).contains(&score));
        let total: i64 = s
            .as_object()
            .unwrap()
            .iter()
            .filter(|(k, _)| *k != "total")
            .map(|(_, e)| e["score"].as_i64().unwrap() * e["weight"].as_i64().unwrap())
            .sum();
        assert_eq!(s["total"].as_i64().unwrap(), total);
    }
    // Zone spread maxSkew 1 over 2 zones: after a pod lands in us-east-1a, only node-b1 is feasible.
    let second = &placements[1];
    assert_eq!(second["scoringSkipped"], true);
    assert_eq!(second["node"], "node-b1");
    assert_eq!(
        second["filter"]["node-a1"]["PodTopologySpread"],
        "node(s) didn't match pod topology spread constraints"
    );
    // The numbers behind it (docs/SEMANTICS.md#k8): 1 matching pod in us-east-1a, none in
    // us-east-1b, so placing this one in us-east-1a would give skew 1 + 1 − 0 = 2 > maxSkew 1.
    assert_eq!(
        second["filterCounts"]["node-a1"]["PodTopologySpread"],
        serde_json::json!([{
            "topologyKey": "topology.kubernetes.io/zone", "value": "us-east-1a",
            "matchingPods": 1, "selfMatch": true, "globalMinimum": 0, "eligibleDomains": 2,
            "skew": 2, "maxSkew": 1, "satisfied": false
        }])
    );
    assert_eq!(
        second["filterCounts"]["node-b1"]["PodTopologySpread"][0]["skew"],
        1
    );
}

#[test]
fn schedule_explain_prints_the_spread_numbers_beside_kube_schedulers_reason() {
    let out = bin()
        .args(["schedule", "--manifests"])
        .arg(fixture("three-node-two-az.yaml"))
        .args(["--seed", "1", "--explain", "web-*"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains(
            "PodTopologySpread: node(s) didn't match pod topology spread constraints \
             (topology.kubernetes.io/zone=us-east-1a: 1 matching pod + 1 (this pod) − global \
             minimum 0 = skew 2 > maxSkew 1)"
        ),
        "{text}"
    );
    assert!(
        text.contains("✓ all 12 filters pass (PodTopologySpread: topology.kubernetes.io/zone=us-east-1b: 0 matching pods + 1 (this pod) − global minimum 0 = skew 1 ≤ maxSkew 1)"),
        "{text}"
    );
}

#[test]
fn schedule_json_counts_the_matching_pods_of_an_anti_affinity_term_in_the_nodes_domain() {
    let manifests = tmp(
        "anti.yaml",
        "apiVersion: v1\nkind: Node\nmetadata: {name: n1, labels: {kubernetes.io/hostname: n1}}\nstatus: {allocatable: {cpu: '4', memory: 8Gi, pods: 10}}\n---\napiVersion: v1\nkind: Node\nmetadata: {name: n2, labels: {kubernetes.io/hostname: n2}}\nstatus: {allocatable: {cpu: '4', memory: 8Gi, pods: 10}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: db-0, labels: {app: db}}\nspec: {nodeName: n1, containers: [{name: c, image: x}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: db-1, labels: {app: db}}\nspec:\n  containers: [{name: c, image: x}]\n  affinity: {podAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{labelSelector: {matchLabels: {app: db}}, topologyKey: kubernetes.io/hostname}]}}\n",
    );
    let out = bin()
        .args(["schedule", "--json", "--manifests"])
        .arg(&manifests)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let p = &v["placements"][0];
    assert_eq!(p["node"], "n2");
    assert_eq!(
        p["filter"]["n1"]["InterPodAffinity"],
        "node(s) didn't match pod anti-affinity rules"
    );
    assert_eq!(
        p["filterCounts"]["n1"]["InterPodAffinity"],
        serde_json::json!([{
            "rule": "antiAffinity", "term": 0, "selector": "app=db",
            "topologyKey": "kubernetes.io/hostname", "value": "n1",
            "matchingPods": 1, "satisfied": false
        }])
    );
    assert_eq!(
        p["filterCounts"]["n2"]["InterPodAffinity"][0]["matchingPods"],
        0
    );
}

#[test]
fn schedule_reports_unschedulable_pods_as_results_and_reads_a_config_file() {
    let manifests = tmp(
        "tiny.yaml",
        "apiVersion: v1\nkind: Node\nmetadata: {name: small}\nstatus: {allocatable: {cpu: 500m, memory: 1Gi, pods: 10}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: big}\nspec: {containers: [{name: c, image: x, resources: {requests: {cpu: '2'}}}]}\n",
    );
    let config = tmp("cfg.yaml", "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nprofiles:\n- pluginConfig:\n  - name: NodeResourcesFit\n    args: {scoringStrategy: {type: MostAllocated}}\n");
    let out = bin()
        .arg("schedule")
        .arg("--manifests")
        .arg(&manifests)
        .arg("--config")
        .arg(&config)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let p = &v["placements"][0];
    assert_eq!(p["pod"], "default/big");
    assert!(p["node"].is_null());
    assert_eq!(p["filter"]["small"]["NodeResourcesFit"], "Insufficient cpu");
    assert!(p["message"]
        .as_str()
        .unwrap()
        .starts_with("0/1 nodes are available: 1 Insufficient cpu."));
    let human = bin()
        .arg("schedule")
        .arg("--manifests")
        .arg(&manifests)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("default/big → unschedulable"), "{text}");
}

#[test]
fn bad_input_exits_2_with_a_message_naming_the_problem() {
    let bad = tmp("bad.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, resources: {requests: {cpu: lots}}}]}\n");
    let out = bin()
        .arg("schedule")
        .arg("--manifests")
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("spec.containers[0].resources.requests.cpu"),
        "{err}"
    );
    assert!(err.contains("error:"), "{err}");

    let out = bin()
        .args(["schedule", "--manifests", "/nonexistent/path.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));

    let events = tmp("bad-events.yaml", "events:\n- {at: 1s, action: explode}\n");
    let out = bin()
        .arg("simulate")
        .arg("--manifests")
        .arg(fixture("three-node-two-az.yaml"))
        .arg("--events")
        .arg(&events)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("events[0].action"));

    let out = bin()
        .arg("simulate")
        .arg("--manifests")
        .arg(fixture("three-node-two-az.yaml"))
        .arg("--events")
        .arg(fixture("kill-node-a1.yaml"))
        .args(["--until", "soon"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn simulate_prints_the_event_log_in_time_order() {
    let out = bin()
        .arg("simulate")
        .arg("--manifests")
        .arg(fixture("three-node-two-az.yaml"))
        .arg("--events")
        .arg(fixture("kill-node-a1.yaml"))
        .args(["--until", "6m", "--seed", "7", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let events = v["events"].as_array().unwrap();
    let times: Vec<u64> = events
        .iter()
        .map(|e| e["time_ms"].as_u64().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "time-ordered");
    let not_ready = events
        .iter()
        .find(|e| e["reason"] == "NodeNotReady")
        .expect("NodeNotReady");
    assert_eq!(not_ready["time_ms"], 55_000);
    assert_eq!(not_ready["object"]["name"], "node-a1");
    assert!(events
        .iter()
        .any(|e| e["reason"] == "TaintManagerEviction" && e["time_ms"] == 355_000));
    // Same seed, same output.
    let again = bin()
        .arg("simulate")
        .arg("--manifests")
        .arg(fixture("three-node-two-az.yaml"))
        .arg("--events")
        .arg(fixture("kill-node-a1.yaml"))
        .args(["--until", "6m", "--seed", "7", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.stdout, again.stdout);
    let human = bin()
        .arg("simulate")
        .arg("--manifests")
        .arg(fixture("three-node-two-az.yaml"))
        .arg("--events")
        .arg(fixture("kill-node-a1.yaml"))
        .args(["--until", "6m"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.starts_with("TIME"), "{text}");
    assert!(text.contains("NodeNotReady"));
}

#[test]
fn a_directory_of_manifests_is_read_in_name_order() {
    let dir = std::env::temp_dir().join(format!("stratosim-cluster-dir-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("a-nodes.yaml"), "apiVersion: v1\nkind: Node\nmetadata: {name: n1}\nstatus: {allocatable: {cpu: 1, memory: 1Gi, pods: 5}}\n").unwrap();
    std::fs::write(dir.join("b-pods.json"), r#"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"x"}]}}"#).unwrap();
    std::fs::write(dir.join("notes.txt"), "ignored").unwrap();
    let out = bin()
        .arg("schedule")
        .arg("--manifests")
        .arg(&dir)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["placements"][0]["node"], "n1");
    assert_eq!(v["placements"][0]["scoringSkipped"], true);
}

fn simulate_stderr(events: &std::path::Path, extra: &[&str]) -> String {
    let out = bin()
        .arg("simulate")
        .arg("--manifests")
        .arg(fixture("three-node-two-az.yaml"))
        .arg("--events")
        .arg(events)
        .args(extra)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn an_event_past_the_simulated_time_limit_is_named_not_blamed_on_until() {
    let events = tmp(
        "late-events.yaml",
        "events:\n- {at: 1000000h, action: nodeFailure, node: node-a1}\n",
    );
    let err = simulate_stderr(&events, &[]);
    assert!(
        err.contains("late-events.yaml: events[0].at: 1000000h"),
        "{err}"
    );
    assert!(!err.contains("--until"), "{err}");
    let err = simulate_stderr(&fixture("kill-node-a1.yaml"), &["--until", "31d"]);
    assert!(err.contains("--until 31d: at most 30 days"), "{err}");
}

#[test]
fn an_events_file_without_an_events_list_is_an_error() {
    let events = tmp(
        "no-list.yaml",
        "evnts:\n- {at: 1s, action: nodeFailure, node: node-a1}\n",
    );
    let err = simulate_stderr(&events, &[]);
    assert!(err.contains("no-list.yaml"), "{err}");
    let events = tmp("empty-map.yaml", "{}\n");
    let err = simulate_stderr(&events, &[]);
    assert!(err.contains("empty-map.yaml: events: missing"), "{err}");
}

#[test]
fn a_whole_file_config_error_has_no_empty_path_segment() {
    let anchor = vec!["x"; 2000].join(", ");
    let uses = vec!["*a"; 1000].join(", ");
    let config = tmp(
        "bomb-config.yaml",
        &format!("anchor: &a [{anchor}]\nprofiles: [{uses}]\n"),
    );
    let out = bin()
        .args(["schedule", "--manifests"])
        .arg(fixture("three-node-two-az.yaml"))
        .arg("--config")
        .arg(&config)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bomb-config.yaml: line "), "{err}");
    assert!(!err.contains(": : "), "{err}");
}

#[test]
fn an_alias_bomb_of_manifests_exits_2_instead_of_expanding() {
    let anchor = vec!["x"; 2000].join(", ");
    let uses = vec!["*a"; 1000].join(", ");
    let bomb = tmp(
        "bomb.yaml",
        &format!("anchor: &a [{anchor}]\nitems: [{uses}]\n"),
    );
    let out = bin()
        .args(["schedule", "--manifests"])
        .arg(&bomb)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bomb.yaml#1"), "{err}");
    assert!(err.contains("expands to more than 1000000 nodes"), "{err}");
}

#[test]
fn schedule_json_streamed_pod_by_pod_is_byte_for_byte_one_pretty_document() {
    for args in [&["--json"][..], &["--json", "--explain", "web-*"][..]] {
        let out = bin()
            .args(["schedule", "--manifests"])
            .arg(fixture("three-node-two-az.yaml"))
            .args(args)
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(text, serde_json::to_string_pretty(&v).unwrap() + "\n");
    }
}

#[test]
fn schedule_json_past_the_explain_budget_prints_summaries_and_the_named_pods_in_full() {
    // 400 nodes × 600 pods: 240,000 pod-node pairs, past the 200,000 of a full explanation each.
    let mut src = String::new();
    for i in 0..400 {
        src.push_str(&format!("---\napiVersion: v1\nkind: Node\nmetadata: {{name: node-{i}}}\nstatus: {{capacity: {{pods: \"110\", cpu: \"4\", memory: 32Gi}}}}\n"));
    }
    for i in 0..600 {
        src.push_str(&format!("---\napiVersion: v1\nkind: Pod\nmetadata: {{name: pod-{i}}}\nspec: {{containers: [{{name: c, image: pause, resources: {{requests: {{cpu: 100m}}}}}}]}}\n"));
    }
    let file = tmp("budget.yaml", &src);
    let out = bin()
        .args(["schedule", "--json", "--explain", "pod-3", "--manifests"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    // Every filter verdict of every pod would be ~40 MB; summaries are a few hundred bytes each.
    assert!(out.stdout.len() < 2_000_000, "{} bytes", out.stdout.len());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let placements = v["placements"].as_array().unwrap();
    assert_eq!(placements.len(), 600);
    for p in placements {
        let named = p["pod"] == "default/pod-3";
        assert_eq!(p.get("explained").is_none(), named, "{}", p["pod"]);
        let rows = p["filter"].as_object().unwrap().len();
        assert_eq!(rows, if named { 400 } else { 0 }, "{}", p["pod"]);
        assert!(p["node"].is_string() && p["message"].is_string());
    }
    let auto = bin()
        .args(["schedule", "--manifests"])
        .arg(&file)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&auto.stderr);
    assert!(stderr.contains("name pods with --explain POD"), "{stderr}");
    let missing = bin()
        .args(["schedule", "--explain", "web", "--manifests"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(
        stderr.contains("--explain `web` names no pending pod"),
        "{stderr}"
    );
}

#[test]
fn simulate_reads_node_conditions_and_a_crash_loops_run_for() {
    let events = tmp(
        "conditions.yaml",
        "events:\n- {at: 10s, action: podCrash, selector: {app: web}, times: 2, runFor: 30s}\n- {at: 1m, action: nodeCondition, node: node-b1, condition: Ready, status: \"False\"}\n",
    );
    let out = bin()
        .arg("simulate")
        .arg("--manifests")
        .arg(fixture("three-node-two-az.yaml"))
        .arg("--events")
        .arg(&events)
        .args(["--until", "2m", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let log = v["events"].as_array().unwrap();
    let at = |reason: &str| -> Vec<u64> {
        log.iter()
            .filter(|e| e["reason"] == reason)
            .map(|e| e["time_ms"].as_u64().unwrap())
            .collect()
    };
    // First exit at 10 s, restart at 20 s, runs 30 s, exits at 50 s, back-off 20 s → 70 s.
    assert_eq!(at("BackOff"), vec![10_000, 50_000]);
    assert_eq!(at("NodeNotReady"), vec![60_000]);
    assert!(log.iter().any(|e| e["reason"] == "NoExecuteTaintAdded"
        && e["message"].as_str().unwrap().contains("not-ready")));
}

#[test]
fn the_only_feasible_node_is_not_followed_by_a_score_table_in_the_text() {
    let out = bin()
        .args(["schedule", "--manifests"])
        .arg(fixture("three-node-two-az.yaml"))
        .args(["--seed", "1"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let blocks: Vec<&str> = text.split("\n\n").collect();
    let skipped: Vec<&&str> = blocks
        .iter()
        .filter(|b| b.contains("the only feasible node (scoring skipped)"))
        .collect();
    assert!(!skipped.is_empty(), "{text}");
    for b in skipped {
        assert!(!b.contains("scores"), "{b}");
    }
    assert!(blocks
        .iter()
        .any(|b| b.contains("scores (normalized score × weight)")));
}

/// The EBS fixture with its claims already bound to volumes in us-east-1a/b/c and node-a
/// (us-east-1a) cordoned: "I cordoned the node — why won't my StatefulSet pod move?"
fn cordoned_with_bound_volumes() -> PathBuf {
    let base = std::fs::read_to_string(fixture("ebs-statefulset-3az.yaml")).unwrap();
    let base = base.replacen(
        "spec: {providerID: aws:///us-east-1a/i-0a1}",
        "spec: {providerID: aws:///us-east-1a/i-0a1, unschedulable: true}",
        1,
    );
    let mut extra = String::new();
    for (i, zone) in ["us-east-1a", "us-east-1b", "us-east-1c"]
        .iter()
        .enumerate()
    {
        extra.push_str(&format!(
            "---
apiVersion: v1
kind: PersistentVolume
metadata: {{name: pvc-db-{i}}}
spec:
  capacity: {{storage: 10Gi}}
  accessModes: [ReadWriteOnce]
  storageClassName: gp3
  claimRef: {{namespace: default, name: data-db-{i}}}
  csi: {{driver: ebs.csi.aws.com, volumeHandle: vol-0{i}}}
  nodeAffinity:
    required:
      nodeSelectorTerms:
      - matchExpressions: [{{key: topology.ebs.csi.aws.com/zone, operator: In, values: [{zone}]}}]
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {{name: data-db-{i}, namespace: default}}
spec: {{accessModes: [ReadWriteOnce], storageClassName: gp3, volumeName: pvc-db-{i}, resources: {{requests: {{storage: 10Gi}}}}}}
"
        ));
    }
    tmp("cordoned-ebs.yaml", &format!("{base}{extra}"))
}

#[test]
fn schedule_names_the_volume_node_affinity_conflict_in_text_and_json() {
    let manifests = cordoned_with_bound_volumes();
    let out = bin()
        .args(["schedule", "--manifests"])
        .arg(&manifests)
        .args(["--explain", "db-0"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("0/3 nodes are available: 2 node(s) had volume node affinity conflict, 1 node(s) were unschedulable."),
        "{text}"
    );
    assert!(
        text.contains("VolumeBinding: node(s) had volume node affinity conflict"),
        "the per-node filter table names the plugin: {text}"
    );

    let out = bin()
        .args(["schedule", "--json", "--manifests"])
        .arg(&manifests)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let db0 = v["placements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["pod"] == "default/db-0")
        .expect("db-0 placement");
    assert!(db0["node"].is_null());
    assert_eq!(
        db0["filter"]["node-b"]["VolumeBinding"],
        "node(s) had volume node affinity conflict"
    );
    assert_eq!(db0["filter"]["node-a"]["VolumeBinding"], "ok");
    assert_eq!(
        db0["filter"]["node-a"]["NodeUnschedulable"],
        "node(s) were unschedulable"
    );
}

#[test]
fn simulate_shows_the_statefulset_pod_pending_on_its_volume_zone_until_it_can_return() {
    let out = bin()
        .args(["simulate", "--manifests"])
        .arg(fixture("ebs-statefulset-3az.yaml"))
        .arg("--events")
        .arg(fixture("ebs-az-failure.yaml"))
        .args(["--until", "25m"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    for want in [
        "ProvisioningSucceeded",
        "in us-east-1a (WaitForFirstConsumer",
        "2 node(s) had volume node affinity conflict",
        "node.kubernetes.io/out-of-service",
    ] {
        assert!(text.contains(want), "{want:?} missing from:\n{text}");
    }
}

#[test]
fn schedule_lists_the_volumes_and_states_the_immediate_zone_assumption() {
    let base = std::fs::read_to_string(fixture("ebs-statefulset-3az.yaml")).unwrap();
    let cases = [
        ("volumeBindingMode: WaitForFirstConsumer", "provisioned in the zone of the first pod's node (WaitForFirstConsumer)"),
        ("volumeBindingMode: Immediate", "in us-east-1a, provisioned at creation (Immediate): assumed the first allowed zone in sorted order"),
    ];
    for (mode, says) in cases {
        let manifests = tmp(
            "ebs-mode.yaml",
            &base.replace("volumeBindingMode: WaitForFirstConsumer", mode),
        );
        let out = bin()
            .args(["schedule", "--json", "--manifests"])
            .arg(&manifests)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let volumes = v["volumes"]
            .as_array()
            .expect("a volumes list when claims are bound");
        assert!(
            volumes.iter().any(|l| l.as_str().unwrap().contains(says)),
            "{mode}: {volumes:?}"
        );
    }
}
