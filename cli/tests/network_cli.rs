//! `stratosim trace | lint | matrix` on the committed fixtures: the JSON contract, human
//! output, and exit codes (0 for any verdict, 2 with a clear message for bad input).

mod common;
use common::{fixture, run};

fn json(args: &[&str]) -> serde_json::Value {
    let out = run(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is one JSON object ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

#[test]
fn trace_json_reports_the_seed_004_route_table_with_a_fix() {
    let aws = fixture("aws/seed004-broken-bastion.json");
    let v = json(&[
        "trace",
        "--aws",
        &aws,
        "--from",
        "203.0.113.10",
        "--to",
        "i-0bastion0000000004a",
        "--port",
        "22",
        "--json",
    ]);
    assert_eq!(v["verdict"], "unreachable");
    assert_eq!(v["blocked_by"], "rtb-0exampublic000004");
    assert_eq!(v["reason_code"], "NO_ROUTE_TO_DESTINATION");
    assert!(v["also_blocked_by"].as_array().unwrap().is_empty());
    assert!(!v["hops"].as_array().unwrap().is_empty());
    assert!(!v["return_hops"].as_array().unwrap().is_empty());
    assert_eq!(
        v["suggested_fix"]["summary"],
        "add 0.0.0.0/0 → igw-0exam000000000004 to rtb-0exampublic000004"
    );
    assert_eq!(v["suggested_fix"]["edits"][0]["edit"], "add_route");
}

#[test]
fn trace_json_for_a_reachable_flow_has_null_blocker_fields() {
    let aws = fixture("aws/week1");
    let v = json(&[
        "trace",
        "--aws",
        &aws,
        "--from",
        "203.0.113.10",
        "--to",
        "i-0bastion00000000005",
        "--port",
        "22",
        "--json",
    ]);
    assert_eq!(v["verdict"], "reachable");
    for key in ["blocked_by", "reason_code", "suggested_fix"] {
        assert!(v[key].is_null(), "{key} is null when reachable");
    }
    assert_eq!(v["also_blocked_by"], serde_json::json!([]));
    let kinds: Vec<&str> = v["hops"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        vec![
            "internet-gateway",
            "network-acl",
            "security-group",
            "instance"
        ]
    );
}

#[test]
fn trace_lists_every_blocker_when_several_settings_must_change() {
    let aws = fixture("aws/week1-merged.json");
    let v = json(&[
        "trace",
        "--aws",
        &aws,
        "--from",
        "internet",
        "--to",
        "i-0db00a0000000000003",
        "--port",
        "3306",
        "--json",
    ]);
    assert_eq!(v["reason_code"], "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS");
    let also: Vec<&str> = v["also_blocked_by"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["reason_code"].as_str().unwrap())
        .collect();
    assert!(also.contains(&"ENI_SG_RULES_MISMATCH"), "{also:?}");
    assert!(also.contains(&"NO_ROUTE_TO_DESTINATION"), "{also:?}");
}

#[test]
fn trace_human_output_reads_like_a_teacher() {
    let aws = fixture("aws/seed004-broken-bastion.json");
    let out = run(&[
        "trace",
        "--aws",
        &aws,
        "--from",
        "203.0.113.10",
        "--to",
        "i-0bastion0000000004a",
        "--port",
        "22",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("verdict: UNREACHABLE — blocked by rtb-0exampublic000004"),
        "{text}"
    );
    assert!(
        text.contains("suggested fix: add 0.0.0.0/0 → igw-0exam000000000004"),
        "{text}"
    );
    assert!(text.contains("return path:"), "{text}");
}

#[test]
fn trace_reads_a_native_design_and_supports_icmp_and_udp() {
    let design = fixture("designs/week1-sample.json");
    let v = json(&[
        "trace",
        "--design",
        &design,
        "--from",
        "i-0bastion",
        "--to",
        "i-0app",
        "--protocol",
        "icmp",
        "--json",
    ]);
    assert_eq!(
        v["verdict"], "unreachable",
        "the app group has no ICMP rule (S2)"
    );
    assert_eq!(v["blocked_by"], "sg-0app");
    let v = json(&[
        "trace",
        "--design",
        &design,
        "--from",
        "i-0bastion",
        "--to",
        "internet",
        "--protocol",
        "udp",
        "--port",
        "53",
        "--json",
    ]);
    assert_eq!(v["verdict"], "reachable");
    let broken = fixture("designs/bastion-no-igw-route.json");
    let v = json(&[
        "trace",
        "--design",
        &broken,
        "--from",
        "203.0.113.10",
        "--to",
        "i-0bastion",
        "--port",
        "22",
        "--src-port",
        "50000",
        "--json",
    ]);
    assert_eq!(v["blocked_by"], "rtb-0public");
}

#[test]
fn lint_json_reports_the_seed_004_problems() {
    let aws = fixture("aws/seed004-broken-bastion.json");
    let v = json(&["lint", "--aws", &aws, "--json"]);
    let codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    for code in [
        "PUBLIC_SUBNET_NO_IGW_ROUTE",
        "SSH_OPEN_TO_WORLD",
        "EKS_SINGLE_AZ",
    ] {
        assert!(codes.contains(&code), "{code} in {codes:?}");
    }
    assert_eq!(v["summary"]["errors"], 1);
}

#[test]
fn matrix_json_has_a_cell_per_source_destination_and_port() {
    let aws = fixture("aws/week1");
    let v = json(&["matrix", "--aws", &aws, "--ports", "22,8080", "--json"]);
    let n = v["sources"].as_array().unwrap().len();
    assert_eq!(n, 6, "internet plus five instances");
    assert_eq!(v["cells"].as_array().unwrap().len(), n * n * 2);
    let cell = v["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| {
            c["from"] == "internet" && c["to"] == "i-0web0a0000000000001" && c["port"] == 8080
        })
        .unwrap();
    assert_eq!(cell["reachable"], true);
}

#[test]
fn matrix_human_output_is_a_table() {
    let out = run(&[
        "matrix",
        "--design",
        &fixture("designs/week1-sample.json"),
        "--ports",
        "22",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("tcp port 22") && text.contains("bastion") && text.contains('✓'),
        "{text}"
    );
}

#[test]
fn bad_input_exits_2_with_a_message_naming_the_problem() {
    let dir = std::env::temp_dir().join(format!("stratosim-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.json");
    std::fs::write(
        &bad,
        r#"{"Subnets": [{"SubnetId": "subnet-1", "CidrBlock": 10}]}"#,
    )
    .unwrap();
    let old = dir.join("old-design.json");
    std::fs::write(&old, r#"{"version": 99}"#).unwrap();
    let bad = bad.display().to_string();
    let old = old.display().to_string();
    let week1 = fixture("aws/week1");
    let cases: Vec<(&str, Vec<&str>, &str)> = vec![
        (
            "a missing file names the path",
            vec!["lint", "--aws", "/nonexistent/aws.json"],
            "/nonexistent/aws.json",
        ),
        (
            "a wrong field type names the file and JSON path",
            vec!["lint", "--aws", &bad],
            "Subnets[0].CidrBlock",
        ),
        (
            "an unsupported design version is explained",
            vec!["lint", "--design", &old],
            "version 99 is not supported",
        ),
        (
            "an unknown endpoint is explained",
            vec![
                "trace", "--aws", &week1, "--from", "i-nope", "--to", "internet", "--port", "1",
            ],
            "unknown endpoint `i-nope`",
        ),
        (
            "a TCP flow needs a port",
            vec![
                "trace",
                "--aws",
                &week1,
                "--from",
                "internet",
                "--to",
                "i-0bastion00000000005",
            ],
            "needs a destination port",
        ),
    ];
    for (name, args, needle) in cases {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("error:") && err.contains(needle),
            "{name}: {err}"
        );
        assert!(out.stdout.is_empty(), "{name}: nothing on stdout");
    }
    let out = run(&[
        "trace", "--aws", &week1, "--design", &old, "--from", "a", "--to", "b",
    ]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "--aws and --design are exclusive"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_file_of_unmodelled_aws_keys_is_a_warning_naming_it_not_a_bare_error() {
    let path = fixture("adversarial/coip-pools-only.json");
    let v = json(&["lint", "--aws", &path, "--json"]);
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "IMPORT_IGNORED_FILE");
    assert_eq!(d["severity"], "warning");
    let message = d["message"].as_str().unwrap();
    assert!(
        message.contains("coip-pools-only.json holds only CoipPools"),
        "{message}"
    );
}

#[test]
fn an_unknown_protocol_exits_2_naming_the_file_and_rule() {
    let path = fixture("adversarial/banana-protocol.json");
    let out = run(&["lint", "--aws", &path]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("banana-protocol.json: SecurityGroups[0].IpPermissions[0].IpProtocol: `banana` is not a protocol"),
        "{err}"
    );
}

#[test]
fn trace_reaches_an_interface_endpoint_and_says_why_it_refuses_udp_and_outbound_flows() {
    let aws = fixture("aws/privatelink");
    let trace = |from: &str, to: &str, extra: &[&str]| {
        let mut args = vec!["trace", "--aws", &aws, "--from", from, "--to", to, "--json"];
        args.extend_from_slice(extra);
        json(&args)
    };
    // (from, to, extra flags, verdict, blocked_by, reason_code): E5–E8, M2.
    type Case<'a> = (
        &'a str,
        &'a str,
        &'a [&'a str],
        &'a str,
        Option<&'a str>,
        Option<&'a str>,
    );
    let cases: [Case; 5] = [
        (
            "i-0plapp000000000001",
            "vpce-0plsecrets00001",
            &[],
            "reachable",
            None,
            None,
        ),
        (
            "i-0plapp000000000001",
            "eni-0plvpcec00000002",
            &["--port", "443"],
            "reachable",
            None,
            None,
        ),
        (
            "i-0plapp000000000001",
            "10.20.2.200",
            &["--protocol", "udp", "--port", "53"],
            "unreachable",
            Some("vpce-0plsecrets00001"),
            Some("NO_PATH"),
        ),
        (
            "vpce-0plsecrets00001",
            "i-0plapp000000000001",
            &["--port", "22"],
            "unreachable",
            Some("vpce-0plsecrets00001"),
            Some("NO_PATH"),
        ),
        (
            "i-0plapp000000000001",
            "vpce-0plssm000000002",
            &["--port", "443"],
            "unreachable",
            Some("vpce-0plssm000000002"),
            Some("BAD_STATE"),
        ),
    ];
    for (from, to, extra, verdict, by, code) in cases {
        let v = trace(from, to, extra);
        assert_eq!(v["verdict"], verdict, "{from} → {to}: {v:#}");
        assert_eq!(v["blocked_by"].as_str(), by, "{from} → {to}");
        assert_eq!(v["reason_code"].as_str(), code, "{from} → {to}");
    }
    let v = trace("i-0plapp000000000001", "vpce-0plsecrets00001", &[]);
    let hops = v["hops"].as_array().unwrap();
    assert!(
        hops.iter().any(|h| h["explanation"]
            .as_str()
            .unwrap_or("")
            .contains("entry 10.20.1.0/24 of pl-0apps00000000001")),
        "the endpoint's group names the prefix-list entry (M2): {hops:#?}"
    );
    let refused = trace(
        "vpce-0plsecrets00001",
        "i-0plapp000000000001",
        &["--port", "22"],
    );
    assert!(
        refused["blockers"]
            .to_string()
            .contains("cannot initiate connections")
            || refused.to_string().contains("cannot initiate connections"),
        "{refused:#}"
    );
}

#[test]
fn trace_takes_ipv6_literals_and_names_the_egress_only_gateway_x4() {
    let aws = fixture("ipv6/dual-stack.json");
    // (case, from, to, verdict, blocked_by, reason_code)
    type Case<'a> = (
        &'a str,
        &'a str,
        &'a str,
        &'a str,
        Option<&'a str>,
        Option<&'a str>,
    );
    let cases: &[Case] = &[
        (
            "the internet reaches the web server's IPv6 address through the internet gateway (X3)",
            "internet",
            "2600:1f18:1234:5601::10",
            "reachable",
            None,
            None,
        ),
        (
            "the worker goes out through the egress-only gateway (X4)",
            "i-worker",
            "2600:1f18::1",
            "reachable",
            None,
            None,
        ),
        (
            "the internet cannot open a connection through the egress-only gateway (X4)",
            "2600:1f18::1",
            "i-worker",
            "unreachable",
            Some("eigw-batch"),
            Some("EIGW_INBOUND_NOT_ALLOWED"),
        ),
    ];
    for (name, from, to, verdict, by, code) in cases {
        let v = json(&[
            "trace", "--aws", &aws, "--from", from, "--to", to, "--port", "443", "--json",
        ]);
        assert_eq!(v["verdict"], *verdict, "{name}: {v}");
        assert_eq!(v["blocked_by"].as_str(), *by, "{name}");
        assert_eq!(v["reason_code"].as_str(), *code, "{name}");
        assert!(!v["hops"].as_array().unwrap().is_empty(), "{name}");
    }
    let out = run(&[
        "trace",
        "--aws",
        &aws,
        "--from",
        "i-web",
        "--to",
        "2600:1f18::1",
        "--port",
        "443",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("igw-web") && text.contains("::/0"), "{text}");
    assert!(
        text.starts_with("trace tcp i-web → [2600:1f18::1]:443\n"),
        "an IPv6 address with a port is bracketed: {text}"
    );
}

/// An instance with a further interface in a public subnet (docs/SEMANTICS.md#q5): traffic
/// to that interface's address is decided by that interface's own security group.
#[test]
fn trace_to_a_further_interface_is_decided_by_its_own_security_group() {
    let aws = fixture("aws/multi-interface.json");
    let trace = |to: &str, port: &str| {
        json(&[
            "trace", "--aws", &aws, "--from", "internet", "--to", to, "--port", port, "--json",
        ])
    };
    let denied = trace("3.38.20.20", "22");
    assert_eq!(denied["verdict"], "unreachable");
    assert_eq!(denied["blocked_by"], "sg-0web");
    assert_eq!(denied["reason_code"], "ENI_SG_RULES_MISMATCH");
    let why = denied["explanation"].as_str().unwrap();
    assert!(why.contains("eni-0web"), "{why}");
    let allowed = trace("3.38.20.20", "443");
    assert_eq!(allowed["verdict"], "reachable");
    let hops: Vec<&str> = allowed["hops"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["component"].as_str().unwrap())
        .collect();
    assert!(
        hops.contains(&"sg-0web") && !hops.contains(&"sg-0app"),
        "{hops:?}"
    );
    // --from the interface's id sends from that interface, through its public subnet.
    let out = json(&[
        "trace", "--aws", &aws, "--from", "eni-0web", "--to", "internet", "--port", "443", "--json",
    ]);
    assert_eq!(out["verdict"], "reachable", "{out:#}");
    // By the instance id, the primary interface (no route to the internet), and a note says so.
    let primary = json(&[
        "trace", "--aws", &aws, "--from", "i-0multi", "--to", "internet", "--port", "443", "--json",
    ]);
    assert_eq!(primary["blocked_by"], "rtb-0main");
    let notes = primary["notes"].as_array().unwrap();
    assert!(
        notes
            .iter()
            .any(|n| n.as_str().unwrap().contains("primary interface")),
        "{notes:?}"
    );
}
