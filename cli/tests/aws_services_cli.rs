//! `stratosim trace --to svc-…` on the committed AWS-service designs (docs/SEMANTICS.md#w1):
//! the same design reaches S3 through the NAT and internet gateways, or through a gateway
//! endpoint once the route table has its prefix-list route; an unknown kind exits 2.

mod common;
use common::{fixture, run};

fn trace(design: &str, json: bool) -> (i32, String, String) {
    let path = fixture(design);
    let mut args = vec![
        "trace",
        "--design",
        &path,
        "--from",
        "i-0app",
        "--to",
        "svc-0photos",
    ];
    if json {
        args.push("--json");
    }
    let out = run(&args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn components(hops: &serde_json::Value) -> Vec<String> {
    hops.as_array()
        .unwrap()
        .iter()
        .map(|h| h["component"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn s3_from_a_private_subnet_goes_through_the_nat_then_the_igw() {
    let (code, out, err) = trace("services/s3-via-nat.json", false);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("verdict: reachable"), "{out}");
    let nat = out.find("nat-0a1b [nat-gateway]").expect("a NAT hop");
    let igw = out
        .find("igw-0c3d4e5f [internet-gateway]")
        .expect("an IGW hop");
    let svc = out
        .find("svc-0photos [aws-service]")
        .expect("the service's hop");
    assert!(nat < igw && igw < svc, "{out}");
    assert!(
        out.contains("Amazon S3 photos (svc-0photos) receives the request at its public endpoint"),
        "{out}"
    );

    let (code, out, err) = trace("services/s3-via-nat.json", true);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["verdict"], "reachable");
    assert_eq!(v["flow"]["port"], serde_json::Value::Null);
    let hops = components(&v["hops"]);
    assert_eq!(hops.last().map(String::as_str), Some("svc-0photos"));
    assert!(hops.iter().any(|h| h == "nat-0a1b"), "{hops:?}");
    let last = v["hops"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["kind"], "aws-service");
    assert_eq!(last["rule"]["rule_id"], "W4");
    assert!(last["packet"].as_str().unwrap().ends_with(":443 tcp"));
}

#[test]
fn the_gateway_endpoint_route_wins_over_the_nat() {
    let (code, out, err) = trace("services/s3-via-gateway-endpoint.json", true);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["verdict"], "reachable");
    let hops = components(&v["hops"]);
    assert!(hops.iter().any(|h| h == "vpce-0s3"), "{hops:?}");
    assert!(
        !hops.iter().any(|h| h == "nat-0a1b" || h == "igw-0c3d4e5f"),
        "{hops:?}"
    );
    let last = v["hops"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["rule"]["rule_id"], "W2");
    let notes = v["notes"].as_array().unwrap();
    assert!(
        notes
            .iter()
            .any(|n| n.as_str().unwrap().contains("gateway endpoint vpce-0s3")),
        "{notes:?}"
    );

    let (code, out, _) = trace("services/s3-via-gateway-endpoint.json", false);
    assert_eq!(code, 0);
    assert!(out.contains("vpce-0s3 [vpc-endpoint]"), "{out}");
    assert!(!out.contains("[nat-gateway]"), "{out}");
}

#[test]
fn an_unknown_service_kind_exits_2_naming_the_id_and_the_value() {
    let path = fixture("services/unknown-kind.json");
    let out = run(&[
        "trace",
        "--design",
        &path,
        "--from",
        "i-0app",
        "--to",
        "svc-0typo",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("svc-0typo") && err.contains("`s4`"), "{err}");
}

#[test]
fn terraform_export_names_each_service_it_does_not_write() {
    let path = fixture("services/s3-via-nat.json");
    let dir = std::env::temp_dir().join(format!("stratosim-svc-export-{}", std::process::id()));
    let out = run(&[
        "export",
        "--design",
        &path,
        "--terraform",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("svc-0photos (kind `s3`) is a trace endpoint only and was not exported"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(dir);
}
