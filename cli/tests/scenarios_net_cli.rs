//! The network and cluster scenarios of issues #14 and #15 from the command line: `stratosim
//! scenarios` lists them, `stratosim grade --scenario` gives the reference 100 % and fails the
//! start on the lesson's checks, and the pod named in the netpol challenge's evidence traces
//! with `stratosim trace --manifests … --design …` to the same blocker.

mod common;
use common::run;
use serde_json::Value;

const LESSONS: &[(&str, &[&str])] = &[
    ("tgw-hub-spoke", &["dev-not-to-prod", "prod-not-to-dev"]),
    (
        "hybrid-vpn-endpoint",
        &[
            "office-https-app",
            "office-through-vpn",
            "app-to-office-erp",
            "admin-ssh-only-from-office-host",
            "app-to-private-api",
            "office-to-private-api",
            "ipv6-egress",
            "ipv6-egress-only",
        ],
    ),
    (
        "netpol-frontend-api",
        &["frontend-to-api", "prometheus-scrapes-api"],
    ),
    ("statefulset-az-pending", &["db-quorum-after-zone-failure"]),
];

fn write_designs(id: &str) -> (std::path::PathBuf, String, String) {
    let s = sim::scenarios::get(id).expect("built in");
    let dir = std::env::temp_dir().join(format!("stratosim-scen-{}-{id}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let start = dir.join(format!("{id}-start.json"));
    let solution = dir.join(format!("{id}-solution.json"));
    std::fs::write(&start, s.start.to_json_pretty()).unwrap();
    std::fs::write(&solution, s.solution.to_json_pretty()).unwrap();
    (
        dir,
        start.display().to_string(),
        solution.display().to_string(),
    )
}

fn grade(id: &str, file: &str) -> Value {
    let out = run(&["grade", "--scenario", id, file, "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    v["results"][0].clone()
}

fn failed(r: &Value) -> Vec<String> {
    r["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["passed"] == false)
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_scenarios_are_listed_and_graded_from_the_command_line() {
    let out = run(&["scenarios"]);
    let list = String::from_utf8_lossy(&out.stdout);
    for (id, lesson) in LESSONS {
        assert!(
            list.contains(id),
            "`stratosim scenarios` lists {id}: {list}"
        );
        let (dir, start, solution) = write_designs(id);
        let r = grade(id, &solution);
        assert_eq!(r["score"], r["max"], "{id}: {r}");
        let r = grade(id, &start);
        assert_eq!(failed(&r), lesson.to_vec(), "{id}");
        let _ = std::fs::remove_dir_all(dir);
    }
}

#[test]
fn the_pod_in_the_netpol_evidence_traces_to_the_same_policy() {
    let id = "netpol-frontend-api";
    let (dir, start, _) = write_designs(id);
    let r = grade(id, &start);
    let check = r["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "frontend-to-api")
        .unwrap()
        .clone();
    let evidence = check["evidence"].as_str().unwrap();
    let pod = evidence
        .split_whitespace()
        .nth(1)
        .filter(|p| p.starts_with("shop/frontend-"))
        .unwrap_or_else(|| panic!("the evidence starts with the pod: {evidence}"));
    let manifests = dir.join("shop.yaml");
    std::fs::write(&manifests, sim::scenarios::library::SHOP_MANIFESTS).unwrap();
    let out = run(&[
        "trace",
        "--manifests",
        &manifests.display().to_string(),
        "--design",
        &start,
        "--from",
        &format!("pod:{pod}"),
        "--to",
        "service:shop/api",
        "--protocol",
        "tcp",
        "--port",
        "80",
        "--json",
    ]);
    let t: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(t["blocked_by"], "networkpolicy:shop/api-ingress", "{t}");
    assert_eq!(t["reason_code"], "NETWORK_POLICY_INGRESS");
    assert!(evidence.contains("networkpolicy:shop/api-ingress (NETWORK_POLICY_INGRESS)"));
    let _ = std::fs::remove_dir_all(dir);
}
