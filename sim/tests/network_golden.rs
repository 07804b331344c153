//! Golden-file tests on whole imported AWS CLI fixtures (tests/fixtures/aws).
//!
//! Each fixture is imported, linted and traced for a list of flows; the report is compared
//! with tests/fixtures/aws/golden/<name>.json. Regenerate after an intended change with
//! `UPDATE_GOLDEN=1 cargo test -p sim --test network_golden` and review the diff.
//! Besides the golden comparison, each fixture states its key verdicts explicitly.

use std::fs;
use std::path::{Path, PathBuf};

use sim::network::trace::matrix::default_endpoints;
use sim::network::*;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/aws")
}

fn read_dir(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().map(|x| x == "json").unwrap_or(false))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

fn load(name: &str) -> (Network, Vec<Diagnostic>) {
    let path = fixtures().join(name);
    if path.is_dir() {
        import_aws_files(&read_dir(&path)).unwrap()
    } else {
        import_aws_json(&fs::read_to_string(&path).unwrap()).unwrap()
    }
}

fn tcp(from: &str, to: &str, port: u16) -> Flow {
    Flow::tcp(from, to, port)
}

/// Builds the report, compares it with the golden file and returns the traces for assertions.
fn golden(name: &str, flows: &[Flow], ports: &[u16]) -> Vec<Trace> {
    let (net, import_diags) = load(name);
    let ix = NetworkIndex::build(&net);
    let traces: Vec<Trace> = flows
        .iter()
        .map(|f| ix.trace(f).unwrap_or_else(|e| panic!("{name}: {e}")))
        .collect();
    let endpoints = default_endpoints(&ix);
    let matrix = reachability_matrix(&ix, &endpoints, &endpoints, Protocol::Tcp, ports).unwrap();
    let report = serde_json::json!({
        "fixture": name,
        "import_diagnostics": import_diags,
        "lint": lint(&net),
        "traces": traces.iter().map(|t| t.to_contract_json()).collect::<Vec<_>>(),
        "matrix": matrix,
    });
    let text = serde_json::to_string_pretty(&report).unwrap() + "\n";
    let stem = name.trim_end_matches(".json");
    let golden = fixtures().join("golden").join(format!("{stem}.json"));
    if std::env::var("UPDATE_GOLDEN").is_ok() {
        fs::create_dir_all(golden.parent().unwrap()).unwrap();
        fs::write(&golden, &text).unwrap();
    } else {
        let want = fs::read_to_string(&golden)
            .unwrap_or_else(|_| panic!("missing {}; run with UPDATE_GOLDEN=1", golden.display()));
        if want != text {
            let line = want
                .lines()
                .zip(text.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            panic!(
                "{name} differs from {} at line {}:\n  golden: {}\n  actual: {}\n(run with UPDATE_GOLDEN=1 to accept)",
                golden.display(),
                line + 1,
                want.lines().nth(line).unwrap_or(""),
                text.lines().nth(line).unwrap_or("")
            );
        }
    }
    traces
}

fn first_blocker(t: &Trace) -> Option<(&str, &str, PathSide)> {
    t.blockers
        .first()
        .map(|b| (b.component.as_str(), b.code.as_str(), b.side))
}

#[test]
fn week1_bootcamp_design() {
    let flows = [
        tcp("203.0.113.10", "i-0bastion00000000005", 22),
        tcp("internet", "i-0bastion00000000005", 22),
        tcp("internet", "i-0web0a0000000000001", 8080),
        tcp("internet", "i-0web0c0000000000002", 8080),
        tcp("i-0web0a0000000000001", "i-0db00c0000000000004", 3306),
        tcp("i-0bastion00000000005", "i-0db00a0000000000003", 22),
        tcp("i-0web0a0000000000001", "i-0db00a0000000000003", 22),
        tcp("internet", "i-0db00a0000000000003", 3306),
    ];
    let t = golden("week1", &flows, &[22, 3306, 8080]);
    assert!(
        t[0].is_reachable(),
        "the admin's SSH reaches the bastion (I1)"
    );
    assert_eq!(
        first_blocker(&t[1]),
        Some((
            "sg-0mgmt0000000000003",
            "ENI_SG_RULES_MISMATCH",
            PathSide::Forward
        )),
        "only the admin IP may SSH (S2)"
    );
    assert!(
        t[2].is_reachable() && t[3].is_reachable(),
        "both web servers serve 8080 to the internet"
    );
    assert!(
        t[4].is_reachable(),
        "the web tier reaches MySQL across AZs (S5)"
    );
    assert!(t[5].is_reachable(), "the bastion manages the tiers (S5)");
    assert_eq!(
        first_blocker(&t[6]),
        Some((
            "sg-0db000000000000002",
            "ENI_SG_RULES_MISMATCH",
            PathSide::Forward
        )),
        "SSH into the tiers only from management"
    );
    assert_eq!(
        first_blocker(&t[7]).map(|b| b.1),
        Some("IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS"),
        "the DB tier has no public IP (I4)"
    );
}

#[test]
fn week1_directory_and_merged_file_import_the_same_network() {
    let (dir, _) = load("week1");
    let (merged, _) = load("week1-merged.json");
    assert_eq!(dir, merged);
    assert_eq!(dir.subnets.len(), 5);
    assert_eq!(dir.instances.len(), 5);
}

#[test]
fn seed004_broken_bastion() {
    let flows = [
        tcp("203.0.113.10", "i-0bastion0000000004a", 22),
        tcp("i-0bastion0000000004a", "i-0eksnode000000004b", 22),
    ];
    let t = golden("seed004-broken-bastion.json", &flows, &[22]);
    assert_eq!(
        first_blocker(&t[0]),
        Some(("rtb-0exampublic000004", "NO_ROUTE_TO_DESTINATION", PathSide::Return)),
        "seed 004: the public route table has no route to the IGW, so SSH replies are dropped (I1b)"
    );
    let fix = t[0].blockers[0].fix.as_ref().unwrap();
    assert_eq!(
        fix.summary,
        "add 0.0.0.0/0 → igw-0exam000000000004 to rtb-0exampublic000004"
    );
    assert!(
        t[1].is_reachable(),
        "inside the VPC the bastion reaches the node (local route, R4)"
    );
    let (net, _) = load("seed004-broken-bastion.json");
    let codes: Vec<String> = lint(&net).into_iter().map(|d| d.code).collect();
    for code in [
        "PUBLIC_SUBNET_NO_IGW_ROUTE",
        "SSH_OPEN_TO_WORLD",
        "EKS_SINGLE_AZ",
    ] {
        assert!(
            codes.iter().any(|c| c == code),
            "lint {code} expected in {codes:?}"
        );
    }
    // Applying the suggested fix repairs the bastion (what the study note did by hand).
    let mut fixed = net.clone();
    fix.apply_to_network(&mut fixed).unwrap();
    assert!(trace(&fixed, &flows[0]).unwrap().is_reachable());
}

#[test]
fn full_stack_nat_peering_endpoint_and_alb() {
    let lb = "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:loadbalancer/app/web-alb/50dc6c495c0c9188";
    let flows = [
        tcp("internet", lb, 80),
        tcp("internet", "web-alb", 443),
        tcp("i-0fapp0a000000000001", "internet", 443),
        tcp("i-0fapp0c000000000002", "i-0fdb00a000000000003", 5432),
        tcp("i-0fapp0a000000000001", "pl-78a54011", 443),
        tcp("i-0fdb00a000000000003", "internet", 443),
        tcp("internet", "i-0fapp0a000000000001", 8080),
    ];
    let t = golden("full-stack.json", &flows, &[80, 5432, 8080]);
    assert!(
        t[0].is_reachable(),
        "the ALB proxies HTTP to an app target on 8080 (L2, L4)"
    );
    assert_eq!(
        first_blocker(&t[1]).map(|b| b.1),
        Some("ELBV2_LISTENERS_MISMATCH"),
        "no HTTPS listener (L4)"
    );
    assert!(
        t[2].is_reachable(),
        "the app reaches the internet through the NAT gateway (N1-N3)"
    );
    assert!(
        t[3].is_reachable(),
        "the app reaches the peer VPC's database (P1)"
    );
    assert!(
        t[4].is_reachable(),
        "S3 through the gateway endpoint (E1, R12)"
    );
    assert_eq!(
        first_blocker(&t[5]).map(|b| b.1),
        Some("NO_ROUTE_TO_DESTINATION"),
        "the peer cannot use the shop's NAT (P3)"
    );
    assert_eq!(
        first_blocker(&t[6]).map(|b| b.1),
        Some("IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS")
    );
    let nat_hops: Vec<&str> = t[2].hops.iter().map(|h| h.component.as_str()).collect();
    assert!(
        nat_hops.contains(&"nat-0shop0000000000001") && nat_hops.contains(&"igw-0shop000000000001")
    );
}

#[test]
fn privatelink_interface_endpoints_and_customer_prefix_lists() {
    let (app, ops) = ("i-0plapp000000000001", "i-0plops000000000002");
    let (secrets, ssm) = ("vpce-0plsecrets00001", "vpce-0plssm000000002");
    let udp = Flow {
        protocol: Protocol::Udp,
        port: Some(53),
        ..tcp(app, secrets, 53)
    };
    let flows = [
        tcp(app, secrets, 443),
        tcp(app, "10.20.2.200", 443),
        tcp(ops, "eni-0plvpcea00000001", 443),
        udp,
        tcp(secrets, app, 22),
        tcp(app, ssm, 443),
        tcp(ops, app, 22),
    ];
    let t = golden("privatelink", &flows, &[22, 443]);
    assert!(t[0].is_reachable(), "HTTPS from the app subnet (E5, M2)");
    let group_hop = t[0]
        .hops
        .iter()
        .find(|h| h.component == "sg-0plvpce00000000001")
        .expect("the endpoint's group decides");
    assert!(
        group_hop
            .explanation
            .contains("entry 10.20.1.0/24 of pl-0apps00000000001"),
        "the hop names the list and the entry (M2): {}",
        group_hop.explanation
    );
    assert!(
        t[1].is_reachable(),
        "the interface address is an endpoint (E5)"
    );
    assert_eq!(
        first_blocker(&t[2]),
        Some((
            "sg-0plvpce00000000001",
            "ENI_SG_RULES_MISMATCH",
            PathSide::Forward
        )),
        "the ops subnet is not in the app-subnets list (E6, M2)"
    );
    assert_eq!(
        first_blocker(&t[3]),
        Some((secrets, "NO_PATH", PathSide::Forward)),
        "TCP only (E7)"
    );
    assert_eq!(
        first_blocker(&t[4]),
        Some((secrets, "NO_PATH", PathSide::Forward)),
        "the endpoint starts nothing (E7)"
    );
    assert_eq!(
        first_blocker(&t[5]),
        Some((ssm, "BAD_STATE", PathSide::Forward)),
        "a pending endpoint carries nothing (E8)"
    );
    assert!(
        t[5].notes
            .iter()
            .any(|n| n.contains("rests on that assumption")),
        "its interface is not captured (E8): {:#?}",
        t[5].notes
    );
    assert_eq!(
        first_blocker(&t[6]),
        Some((
            "sg-0plapp000000000001",
            "ENI_SG_RULES_MISMATCH",
            PathSide::Forward
        )),
        "the offices list has no entries in the capture (M3)"
    );
    assert!(
        t[6].notes
            .iter()
            .any(|n| n.contains("pl-0office0000000001") && n.contains("without its entries")),
        "{:#?}",
        t[6].notes
    );
}
