//! The real-world Kubernetes corpus (`../shared/corpus/real-world/k8s`, third-party files read
//! in place, never copied here) as a regression test: every file whose `.src.txt` says
//! `expect: accept` loads without an error and is scheduled and simulated through the API the
//! CLI uses; `reject` and `either` files are refused with an error naming the field. The key
//! results of each file are compared with a golden we wrote,
//! tests/fixtures/real-world-goldens/k8s/<file>.json (regenerate after an intended change with
//! `UPDATE_GOLDEN=1 cargo test -p sim --test real_world_k8s` and review the diff). When the
//! corpus is absent the tests say so loudly and skip.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use sim::cluster::import::{import_manifest_files, Diagnostic, Manifests, Severity};
use sim::cluster::parse_scheduler_config;
use sim::cluster::sim::{schedule_cluster, simulate, SimConfig};

const CORPUS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/corpus/real-world/k8s"
);

fn goldens() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/real-world-goldens/k8s")
}

fn corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(CORPUS);
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "\n*** SKIPPED: the real-world corpus {CORPUS} is absent (CI has ../shared beside the clone) ***\n"
        );
        None
    }
}

struct Entry {
    file: String,
    text: String,
    expect: String,
    role: String,
}

fn entries(dir: &Path) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".src.txt") && (n.ends_with(".yaml") || n.ends_with(".json")))
        .collect();
    names.sort();
    for file in names {
        let src = fs::read_to_string(dir.join(format!("{file}.src.txt"))).unwrap();
        let field = |k: &str| {
            src.lines()
                .find_map(|l| l.strip_prefix(k))
                .map(|v| v.trim().to_string())
                .unwrap_or_default()
        };
        out.push(Entry {
            text: fs::read_to_string(dir.join(&file)).unwrap(),
            expect: field("expect:"),
            role: field("role:"),
            file,
        });
    }
    out
}

fn fixture(name: &str) -> String {
    fs::read_to_string(goldens().join(name)).unwrap()
}

fn diags_json(diags: &[Diagnostic]) -> Value {
    diags
        .iter()
        .map(|d| {
            json!({
                "severity": format!("{:?}", d.severity),
                "document": d.document,
                "field": d.field,
                "message": d.message,
            })
        })
        .collect()
}

/// Schedules and simulates (10 simulated minutes, no injected events) and summarises both.
fn run(manifests: Manifests, config: Option<sim::cluster::SchedulerConfig>) -> Value {
    let cfg = config
        .or(manifests.scheduler_config.clone())
        .unwrap_or_default();
    let cluster = manifests.cluster;
    let report = schedule_cluster(cluster.clone(), cfg.clone(), 0);
    let placements: Vec<Value> = report
        .placements
        .iter()
        .map(|p| {
            json!({
                "pod": p.decision.pod,
                "node": p.decision.node,
                "message": p.decision.message,
                "scoring_skipped": p.decision.scoring_skipped,
            })
        })
        .collect();
    let (log, snapshot) = simulate(cluster, cfg, Vec::new(), 0, 600_000, SimConfig::default());
    let pods: Vec<Value> = snapshot
        .pods
        .iter()
        .map(|p| json!({"pod": p.name, "status": p.status, "node": p.node}))
        .collect();
    let mut reasons = std::collections::BTreeMap::<String, usize>::new();
    for e in &log {
        *reasons.entry(e.reason.clone()).or_default() += 1;
    }
    json!({"schedule": placements, "simulate_10m": {"pods": pods, "event_reasons": reasons}})
}

fn result(e: &Entry) -> Value {
    if e.role == "config" {
        return match parse_scheduler_config(&e.text) {
            Ok((cfg, warnings)) => {
                let (m, d) = import_manifest_files(&[
                    ("nodes.yaml", &fixture("nodes.yaml")),
                    ("probe.yaml", &fixture("probe.yaml")),
                ]);
                assert!(d.iter().all(|d| d.severity != Severity::Error));
                json!({"config": "accepted", "warnings": warnings, "run": run(m, Some(cfg))})
            }
            Err(err) => json!({"config": "refused", "field": err.field, "message": err.message}),
        };
    }
    let (alone, diags) = import_manifest_files(&[(e.file.as_str(), e.text.as_str())]);
    let errors = diags.iter().any(|d| d.severity == Severity::Error);
    let mut out = json!({"diagnostics": diags_json(&diags)});
    if errors {
        return out;
    }
    // A file with nodes gets the probe workload; one without gets our nodes.
    let extra = if alone.cluster.nodes.is_empty() {
        "nodes.yaml"
    } else {
        "probe.yaml"
    };
    let text = fixture(extra);
    let (m, d) = import_manifest_files(&[(extra, text.as_str()), (e.file.as_str(), &e.text)]);
    assert!(
        d.iter().all(|d| d.severity != Severity::Error),
        "{}: {d:?}",
        e.file
    );
    out["with"] = json!(extra);
    out["diagnostics_with"] = diags_json(&d);
    out["run"] = run(m, None);
    out
}

fn check_golden(file: &str, value: &Value) -> Option<String> {
    let text = serde_json::to_string_pretty(value).unwrap() + "\n";
    let golden = goldens().join(format!("{file}.golden.json"));
    if std::env::var("UPDATE_GOLDEN").is_ok() {
        fs::write(&golden, &text).unwrap();
        return None;
    }
    let want = match fs::read_to_string(&golden) {
        Ok(w) => w,
        Err(_) => return Some(format!("{file}: missing {}", golden.display())),
    };
    if want == text {
        return None;
    }
    let line = want
        .lines()
        .zip(text.lines())
        .position(|(a, b)| a != b)
        .unwrap_or(0);
    Some(format!(
        "{file} differs from its golden at line {}:\n  golden: {}\n  actual: {}",
        line + 1,
        want.lines().nth(line).unwrap_or(""),
        text.lines().nth(line).unwrap_or("")
    ))
}

#[test]
fn every_corpus_file_is_accepted_or_refused_as_its_source_says_and_matches_its_golden() {
    let Some(dir) = corpus() else { return };
    let entries = entries(&dir);
    assert_eq!(entries.len(), 40, "the corpus has 40 Kubernetes files");
    let mut failures = Vec::new();
    for e in &entries {
        let r = result(e);
        let refused = r["config"] == "refused"
            || r["diagnostics"]
                .as_array()
                .is_some_and(|d| d.iter().any(|d| d["severity"] == "Error"));
        match e.expect.as_str() {
            "accept" if refused => failures.push(format!("{}: valid but refused: {r}", e.file)),
            "reject" | "either" if !refused => {
                failures.push(format!("{}: invalid but accepted", e.file))
            }
            "reject" | "either" => {
                // The refusal names the place: a field path, and for configs the plugin.
                let named = if e.role == "config" {
                    r["field"].as_str().is_some_and(|f| !f.is_empty())
                        && r["message"]
                            .as_str()
                            .is_some_and(|m| m.contains("unknown plugin"))
                } else {
                    r["diagnostics"].as_array().unwrap().iter().any(|d| {
                        d["severity"] == "Error"
                            && d["field"].as_str().is_some_and(|f| !f.is_empty())
                            && d["document"].as_str().unwrap().contains(&e.file)
                    })
                };
                if !named {
                    failures.push(format!("{}: refusal does not name the place: {r}", e.file));
                }
            }
            "accept" => {}
            other => failures.push(format!("{}: unknown expect {other:?}", e.file)),
        }
        if let Some(f) = check_golden(&e.file, &r) {
            failures.push(f);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn load(files: &[&str], extra: &[&str]) -> Option<Manifests> {
    let dir = corpus()?;
    let mut texts: Vec<(String, String)> =
        extra.iter().map(|f| (f.to_string(), fixture(f))).collect();
    for f in files {
        texts.push((f.to_string(), fs::read_to_string(dir.join(f)).unwrap()));
    }
    let refs: Vec<(&str, &str)> = texts
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let (m, d) = import_manifest_files(&refs);
    assert!(d.iter().all(|d| d.severity != Severity::Error), "{d:?}");
    Some(m)
}

fn scheduled(m: Manifests) -> Vec<(String, Option<String>)> {
    let cfg = m.scheduler_config.clone().unwrap_or_default();
    schedule_cluster(m.cluster, cfg, 0)
        .placements
        .iter()
        .map(|p| (p.decision.pod.clone(), p.decision.node.clone()))
        .collect()
}

#[test]
fn a_deployment_dumped_with_its_replica_set_runs_one_pod_not_two() {
    let Some(m) = load(&["k-k9s-dp.json", "k-k9s-rs.json"], &["nodes.yaml"]) else {
        return;
    };
    let placed = scheduled(m.clone());
    assert_eq!(placed.len(), 1, "{placed:?}");
    assert!(
        placed[0].0.starts_with("icx/icx-db-7d4b578979-"),
        "{placed:?}"
    );
    let (_, snap) = simulate(
        m.cluster,
        Default::default(),
        vec![],
        0,
        120_000,
        SimConfig::default(),
    );
    assert_eq!(snap.pods.len(), 1, "{:?}", snap.pods);
    assert_eq!(snap.deployments[0].total, 1);
}

#[test]
fn workload_kinds_create_their_pods() {
    // (file, pods scheduled at t = 0 by `stratosim schedule`)
    let cases: &[(&str, &[&str])] = &[
        (
            "k-web-statefulset.yaml",
            &["default/web-0", "default/web-1", "default/web-2"],
        ),
        (
            "k-ex-cassandra-statefulset.yaml",
            &[
                "default/cassandra-0",
                "default/cassandra-1",
                "default/cassandra-2",
            ],
        ),
        (
            "k-ex-guestbook-go-rc.yaml",
            &[
                "default/guestbook-",
                "default/guestbook-",
                "default/guestbook-",
            ],
        ),
        ("k-web-job.yaml", &["default/pi-"]),
    ];
    for (file, want) in cases {
        let Some(m) = load(&[file], &["nodes.yaml"]) else {
            return;
        };
        let placed = scheduled(m);
        assert_eq!(placed.len(), want.len(), "{file}: {placed:?}");
        for ((pod, node), w) in placed.iter().zip(*want) {
            assert!(pod.starts_with(w), "{file}: {pod} is not {w}…");
            assert!(node.is_some(), "{file}: {pod} unscheduled");
        }
    }
}

#[test]
fn a_statefulset_starts_its_pods_in_order_and_a_cronjob_creates_jobs_on_schedule() {
    let Some(m) = load(
        &["k-web-statefulset.yaml", "k-k9s-cj.json"],
        &["nodes.yaml"],
    ) else {
        return;
    };
    let (log, _) = simulate(
        m.cluster,
        Default::default(),
        vec![],
        0,
        150_000,
        SimConfig::default(),
    );
    let created: Vec<(u64, &str)> = log
        .iter()
        .filter(|e| e.reason == "SuccessfulCreate" && !e.message.starts_with("create Claim"))
        .map(|e| (e.time_ms, e.message.as_str()))
        .collect();
    // Each pod's claim is created just before it (docs/SEMANTICS.md#c15).
    assert!(log.iter().any(|e| e.time_ms == 0
        && e.message == "create Claim www-web-0 Pod web-0 in StatefulSet web success"));
    // web-1 is created once web-0 runs (2 s start-up), web-2 once web-1 runs.
    assert_eq!(
        created[0],
        (0, "create Pod web-0 in StatefulSet web successful")
    );
    assert_eq!(
        created[1],
        (2_000, "create Pod web-1 in StatefulSet web successful")
    );
    assert_eq!(
        created[2],
        (4_000, "create Pod web-2 in StatefulSet web successful")
    );
    // "*/1 * * * *": a Job at 1m and at 2m (the first finished after the assumed 10 s).
    assert!(
        created.contains(&(60_000, "Created job hello-1")),
        "{created:?}"
    );
    assert!(
        created.contains(&(120_000, "Created job hello-2")),
        "{created:?}"
    );
}

#[test]
fn pod_level_requests_replace_the_containers_sum() {
    let Some(m) = load(&["k-web-pod-level-resources.yaml"], &[]) else {
        return;
    };
    let pod = &m.cluster.pods[0];
    // Containers ask 500m (+ an unspecified one); the pod-level request is 1 CPU / 100Mi.
    assert_eq!(pod.requests.milli_cpu, 1000);
    assert_eq!(pod.requests.memory, 100 * 1024 * 1024);
    assert_eq!(pod.non_zero_milli_cpu, 1000);
}
