//! `stratosim trace --manifests`: the cluster network alone, and continued through the VPC of
//! a design whose instances are the nodes (the issue #15 contract: endpoints, `verdict`,
//! `blocked_by`, `reason_code`, hops), and the internet → Ingress → pod → RDS golden
//! (regenerate with `UPDATE_GOLDEN=1` and review the diff).

mod common;
use common::{fixture, run};
use std::path::PathBuf;

fn trace(with_design: bool, from: &str, to: &str, port: &str) -> serde_json::Value {
    let manifests = fixture("k8s/network/shop.yaml");
    let design = fixture("designs/cluster-network-nodes.json");
    let mut args = vec!["trace", "--manifests", &manifests];
    if with_design {
        args.extend(["--design", &design]);
    }
    args.extend([
        "--from",
        from,
        "--to",
        to,
        "--protocol",
        "tcp",
        "--port",
        port,
        "--json",
    ]);
    let out = run(&args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON object")
}

#[test]
fn cluster_traces_report_the_contract_fields_with_and_without_the_vpc() {
    let cases = [
        (
            "a Service DNATs to its ready pod (cluster only)",
            false,
            "pod:shop/web-1",
            "service:shop/api",
            "80",
            None,
        ),
        (
            "the same flow crosses the VPC between the two nodes",
            true,
            "pod:shop/web-1",
            "service:shop/api",
            "80",
            None,
        ),
        (
            "the database policy admits only api pods of team=shop",
            false,
            "pod:shop/web-1",
            "pod:db/pg-0",
            "5432",
            Some(("networkpolicy:db/allow-api", "NETWORK_POLICY_INGRESS")),
        ),
        (
            "the policy allows api → pg, but the node security group does not open 5432",
            true,
            "pod:shop/api-1",
            "pod:db/pg-0",
            "5432",
            Some(("sg-0app", "ENI_SG_RULES_MISMATCH")),
        ),
        (
            "a Service port that does not exist",
            false,
            "pod:shop/web-1",
            "service:shop/api",
            "8080",
            Some(("service:shop/api", "SERVICE_PORT_MISMATCH")),
        ),
    ];
    for (name, with_design, from, to, port, want) in cases {
        let v = trace(with_design, from, to, port);
        match want {
            None => assert_eq!(v["verdict"], "reachable", "{name}: {v:#}"),
            Some((by, code)) => {
                assert_eq!(v["verdict"], "unreachable", "{name}");
                assert_eq!(v["blocked_by"], by, "{name}: {v:#}");
                assert_eq!(v["reason_code"], code, "{name}: {v:#}");
            }
        }
        assert!(
            v["hops"].as_array().is_some_and(|h| !h.is_empty()),
            "{name}"
        );
    }
    let v = trace(true, "pod:shop/web-1", "service:shop/api", "80");
    let components: Vec<&str> = v["hops"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["component"].as_str())
        .collect();
    assert_eq!(
        components.first(),
        Some(&"service:shop/api"),
        "{components:?}"
    );
    assert!(
        components.contains(&"i-0k8s3"),
        "the path reaches the DNS-matched node's instance: {components:?}"
    );
    assert_eq!(
        components.last(),
        Some(&"networkpolicy:shop/api-from-web"),
        "{components:?}"
    );
}

#[test]
fn an_unknown_pod_exits_2_naming_it() {
    let manifests = fixture("k8s/network/shop.yaml");
    let out = run(&[
        "trace",
        "--manifests",
        &manifests,
        "--from",
        "pod:shop/nope",
        "--to",
        "pod:db/pg-0",
        "--port",
        "5432",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("pod:shop/nope"));
}

#[test]
fn the_text_output_names_the_policy_that_decided() {
    let manifests = fixture("k8s/network/shop.yaml");
    let out = run(&[
        "trace",
        "--manifests",
        &manifests,
        "--from",
        "pod:shop/web-1",
        "--to",
        "pod:db/pg-0",
        "--port",
        "5432",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("blocked by networkpolicy:db/allow-api (NETWORK_POLICY_INGRESS"),
        "{text}"
    );
    assert!(
        text.contains("pod db/pg-0 is isolated for ingress by NetworkPolicy db/allow-api"),
        "{text}"
    );
}

fn ingress_trace(from: &str, to: &str, port: &str) -> serde_json::Value {
    let manifests = fixture("k8s/network/ingress-shop.yaml");
    let design = fixture("designs/eks-ingress-rds.json");
    let out = run(&[
        "trace",
        "--manifests",
        &manifests,
        "--design",
        &design,
        "--from",
        from,
        "--to",
        to,
        "--port",
        port,
        "--json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON object")
}

#[test]
fn internet_to_ingress_to_pod_to_rds_matches_the_golden() {
    let v = serde_json::json!({
        "internet_to_ingress": ingress_trace("internet", "ingress:shop/web", "80"),
        "pod_to_rds": ingress_trace("pod:shop/web-a", "db-orders", "5432"),
    });
    assert_eq!(v["internet_to_ingress"]["verdict"], "reachable", "{v:#}");
    assert_eq!(v["pod_to_rds"]["verdict"], "reachable", "{v:#}");
    let hops = v["internet_to_ingress"]["hops"].as_array().unwrap();
    let kinds: Vec<&str> = hops.iter().filter_map(|h| h["kind"].as_str()).collect();
    let lb = kinds
        .iter()
        .position(|k| *k == "load-balancer")
        .expect("the ALB is on the path");
    let policy = hops
        .iter()
        .position(|h| h["component"] == "networkpolicy:shop/web-from-alb")
        .expect("the pod's policy");
    assert!(lb < policy, "ALB before the pod: {kinds:?}");
    let text = serde_json::to_string_pretty(&v).unwrap() + "\n";
    let path = PathBuf::from(fixture("k8s/network/golden/internet-ingress-pod-rds.json"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &text).unwrap();
    }
    let golden = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing {}; run with UPDATE_GOLDEN=1", path.display()));
    assert!(
        golden == text,
        "the trace differs from {} (run with UPDATE_GOLDEN=1 and review)",
        path.display()
    );
}

#[test]
fn ingress_target_types_decide_what_the_pod_policy_sees() {
    let cases = [
        ("target type ip: the pod sees the ALB's address, which the policy admits", "ingress:shop/web", None),
        ("target type instance: kube-proxy source-NATs to the node, which the policy does not admit", "ingress:shop/web-instance", Some(("networkpolicy:shop/web-from-alb", "NETWORK_POLICY_INGRESS"))),
    ];
    for (name, to, want) in cases {
        let v = ingress_trace("internet", to, "80");
        match want {
            None => assert_eq!(v["verdict"], "reachable", "{name}: {v:#}"),
            Some((by, code)) => {
                assert_eq!(v["blocked_by"], by, "{name}");
                assert_eq!(v["reason_code"], code, "{name}");
            }
        }
    }
    let v = ingress_trace("internet", "ingress:shop/web", "443");
    assert_eq!(
        v["blocked_by"], "k8s-alb-shop-web-frontend",
        "the managed frontend group opens only the listener ports: {v:#}"
    );
    assert_eq!(v["reason_code"], "ENI_SG_RULES_MISMATCH");
}

#[test]
fn matrix_with_manifests_has_a_cell_per_pod_pair_and_port() {
    let manifests = fixture("k8s/network/shop.yaml");
    let out = run(&[
        "matrix",
        "--manifests",
        &manifests,
        "--ports",
        "8080,5432",
        "--json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(
        v["sources"],
        serde_json::json!(["pod:shop/web-1", "pod:shop/api-1", "pod:db/pg-0"])
    );
    let cells = v["cells"].as_array().unwrap();
    assert_eq!(cells.len(), 3 * 3 * 2);
    let cell = |from: &str, to: &str, port: u64| {
        cells
            .iter()
            .find(|c| c["from"] == from && c["to"] == to && c["port"] == port)
            .unwrap()
            .clone()
    };
    assert_eq!(
        cell("pod:shop/web-1", "pod:db/pg-0", 5432)["reason_code"],
        "NETWORK_POLICY_INGRESS"
    );
    assert_eq!(
        cell("pod:shop/api-1", "pod:db/pg-0", 5432)["reachable"],
        true
    );
    assert_eq!(
        cell("pod:shop/web-1", "pod:shop/api-1", 8080)["reachable"],
        true
    );
}

/// Runs `args` with `--seed S` appended (or none) and returns stdout, requiring exit 0.
fn stdout_with_seed(args: &[&str], seed: Option<&str>) -> String {
    let mut args = args.to_vec();
    if let Some(s) = seed {
        args.extend(["--seed", s]);
    }
    let out = run(&args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn every_cluster_command_without_seed_runs_sims_one_default_seed() {
    // The app's cluster panel, the grader and these commands all start from
    // sim::cluster::DEFAULT_SEED, so a learner who leaves --seed out gets the app's pods. A
    // Deployment's pod names carry seeded suffixes, so another seed shows in every output.
    let manifests = fixture("k8s/three-node-two-az.yaml");
    let events = fixture("k8s/kill-node-a1.yaml");
    let default = sim::cluster::DEFAULT_SEED.to_string();
    let other = (sim::cluster::DEFAULT_SEED + 1).to_string();
    let cases: [(&str, Vec<&str>); 4] = [
        (
            "matrix --manifests",
            vec![
                "matrix",
                "--manifests",
                &manifests,
                "--ports",
                "80",
                "--json",
            ],
        ),
        (
            "trace --manifests (kube-proxy names the Service endpoint it picked)",
            vec![
                "trace",
                "--manifests",
                &manifests,
                "--from",
                "node:node-a1",
                "--to",
                "service:default/web",
                "--port",
                "80",
                "--json",
            ],
        ),
        (
            "schedule",
            vec!["schedule", "--manifests", &manifests, "--json"],
        ),
        (
            "simulate",
            vec![
                "simulate",
                "--manifests",
                &manifests,
                "--events",
                &events,
                "--until",
                "3m",
                "--json",
            ],
        ),
    ];
    for (name, args) in cases {
        let without = stdout_with_seed(&args, None);
        assert_eq!(
            without,
            stdout_with_seed(&args, Some(&default)),
            "{name}: the default is sim::cluster::DEFAULT_SEED"
        );
        assert_ne!(
            without,
            stdout_with_seed(&args, Some(&other)),
            "{name}: another seed, other pod names"
        );
    }
}

#[test]
fn seed_is_refused_without_manifests() {
    // Without --manifests there is no cluster run to seed.
    let out = run(&[
        "trace",
        "--design",
        &fixture("designs/eks-ingress-rds.json"),
        "--from",
        "internet",
        "--to",
        "i-0bastion",
        "--port",
        "22",
        "--seed",
        "3",
    ]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
