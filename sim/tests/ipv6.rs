//! IPv6 dual-stack (docs/SEMANTICS.md#x1 … #x7) on the capture tests/fixtures/ipv6/dual-stack.json:
//! a web VPC with an internet gateway and a batch VPC with only an egress-only internet
//! gateway. One table row per rule, and golden traces (tests/fixtures/ipv6/golden; regenerate
//! with `UPDATE_GOLDEN=1`).

use sim::network::*;

const WEB: &str = "2600:1f18:1234:5601::10";
const WORKER: &str = "2600:1f18:abcd:ef02::20";
const OUTSIDE: &str = "2606:4700:4700::1111";

fn fixture() -> Network {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/ipv6/dual-stack.json"
    );
    let text = std::fs::read_to_string(path).expect("fixture");
    import_aws_json(&text).expect("imports").0
}

type Edit = fn(&mut Network);

enum Expect {
    Reachable,
    Blocked {
        by: &'static str,
        code: &'static str,
        side: PathSide,
    },
}
use Expect::*;

fn nothing(_: &mut Network) {}

fn acl_without_ipv6(n: &mut Network) {
    for a in &mut n.network_acls {
        a.entries.retain(|e| !e.cidr.contains(':'));
    }
}

fn igw_on_batch(n: &mut Network) {
    n.internet_gateways.push(InternetGateway {
        id: "igw-batch".into(),
        name: String::new(),
        attached_vpc: Some("vpc-batch".into()),
    });
}

fn no_ipv6_default_route(n: &mut Network) {
    for t in &mut n.route_tables {
        t.routes
            .retain(|r| r.destination != RouteDestination::Cidr("::/0".into()));
    }
}

fn eigw_detached(n: &mut Network) {
    n.egress_only_internet_gateways[0].attached_vpc = None;
}

fn v4_route_to_eigw(n: &mut Network) {
    let t = n
        .route_tables
        .iter_mut()
        .find(|t| t.id == "rtb-batch")
        .unwrap();
    t.routes.push(Route {
        destination: RouteDestination::Cidr("0.0.0.0/0".into()),
        target: RouteTarget {
            kind: TargetKind::Eigw,
            id: "eigw-batch".into(),
        },
        state: RouteState::Active,
    });
}

fn v4_ssh_from_v6_range(n: &mut Network) {
    // sg-web: port 22 open to ::/0 only; an IPv4 client is not matched by it.
    let g = n
        .security_groups
        .iter_mut()
        .find(|g| g.id == "sg-web")
        .unwrap();
    g.ingress[2] = SecurityGroupRule::tcp_from_cidr(22, "::/0", "ssh v6");
}

#[test]
fn ipv6_rules_table_x1_to_x5() {
    let cases: Vec<(&str, Edit, &str, &str, u16, Expect)> = vec![
        (
            "X3: the internet reaches an instance's IPv6 address through the internet gateway, no NAT",
            nothing, "internet", WEB, 443, Reachable,
        ),
        (
            "X3: an instance reaches an internet IPv6 address by ::/0 → igw",
            nothing, "i-web", OUTSIDE, 443, Reachable,
        ),
        (
            "X4: outbound through the egress-only gateway, and the reply comes back (stateful)",
            nothing, "i-worker", OUTSIDE, 443, Reachable,
        ),
        (
            "X4: a connection opened from the internet is refused at the egress-only gateway",
            nothing, "internet", WORKER, 443,
            Blocked { by: "eigw-batch", code: "EIGW_INBOUND_NOT_ALLOWED", side: PathSide::Forward },
        ),
        (
            "X4: in through another internet gateway, the reply is refused leaving through the egress-only gateway",
            igw_on_batch, "internet", WORKER, 443,
            Blocked { by: "eigw-batch", code: "EIGW_INBOUND_NOT_ALLOWED", side: PathSide::Return },
        ),
        (
            "X4: IPv6 between two VPCs over the internet still cannot open a connection into the egress-only VPC",
            nothing, "i-web", WORKER, 443,
            Blocked { by: "eigw-batch", code: "EIGW_INBOUND_NOT_ALLOWED", side: PathSide::Forward },
        ),
        (
            "X1: an IPv4-only rule (ssh from 0.0.0.0/0) never matches IPv6 traffic",
            nothing, "internet", WEB, 22,
            Blocked { by: "sg-web", code: "ENI_SG_RULES_MISMATCH", side: PathSide::Forward },
        ),
        (
            "X1: an IPv6-only rule never matches IPv4 traffic",
            v4_ssh_from_v6_range, "internet", "54.210.1.10", 22,
            Blocked { by: "sg-web", code: "ENI_SG_RULES_MISMATCH", side: PathSide::Forward },
        ),
        (
            "X5: an ACL with IPv4 entries only denies IPv6 by its final * rule",
            acl_without_ipv6, "internet", WEB, 443,
            Blocked { by: "acl-web", code: "SUBNET_ACL_RESTRICTION", side: PathSide::Forward },
        ),
        (
            "X2: no ::/0 route: IPv4 routes never match IPv6 traffic",
            no_ipv6_default_route, "i-web", OUTSIDE, 443,
            Blocked { by: "rtb-web", code: "NO_ROUTE_TO_DESTINATION", side: PathSide::Forward },
        ),
        (
            "X4: a route to a detached egress-only gateway carries nothing",
            eigw_detached, "i-worker", OUTSIDE, 443,
            Blocked { by: "eigw-batch", code: "BAD_STATE_ATTACHMENT", side: PathSide::Forward },
        ),
        (
            "X4: an egress-only gateway carries no IPv4",
            v4_route_to_eigw, "i-worker", "8.8.8.8", 443,
            Blocked { by: "eigw-batch", code: "UNSUPPORTED_COMPONENT", side: PathSide::Forward },
        ),
    ];
    for (name, edit, from, to, port, expect) in cases {
        let mut n = fixture();
        edit(&mut n);
        let t =
            trace::trace(&n, &Flow::tcp(from, to, port)).unwrap_or_else(|e| panic!("{name}: {e}"));
        match expect {
            Reachable => assert!(t.is_reachable(), "{name}: {:#?}", t.blockers),
            Blocked { by, code, side } => {
                let b = t
                    .blockers
                    .first()
                    .unwrap_or_else(|| panic!("{name}: reachable"));
                assert_eq!(
                    (b.component.as_str(), b.code.as_str(), b.side),
                    (by, code, side),
                    "{name}: {}",
                    b.explanation
                );
            }
        }
        // The verdict-only walk agrees with the explained one.
        let fast = NetworkIndex::build(&n)
            .reachable(&Flow::tcp(from, to, port))
            .unwrap();
        assert_eq!(fast, t.is_reachable(), "{name}: fast walk agrees");
    }
}

#[test]
fn every_hop_names_the_route_or_rule_that_decided_x2() {
    let t = trace::trace(&fixture(), &Flow::tcp("i-web", OUTSIDE, 443)).unwrap();
    let route = t
        .hops
        .iter()
        .find(|h| h.kind == ComponentKind::RouteTable)
        .expect("a route table hop");
    assert!(
        matches!(&route.rule, DecidingRule::Route { destination, target, .. } if destination == "::/0" && target == "igw-web"),
        "{:?}",
        route.rule
    );
    let acl = t
        .hops
        .iter()
        .find(|h| h.kind == ComponentKind::NetworkAcl)
        .unwrap();
    assert!(
        matches!(
            &acl.rule,
            DecidingRule::NaclEntry {
                rule_number: Some(101),
                ..
            }
        ),
        "the IPv6 entry 101 decides, not the IPv4 entry 100: {:?}",
        acl.rule
    );
    assert!(
        route.packet.contains(&format!("[{WEB}]:49152")),
        "{}",
        route.packet
    );
}

#[test]
fn blocked_path_analysis_keeps_walking_past_an_ipv6_blocker() {
    let mut n = fixture();
    acl_without_ipv6(&mut n);
    let t = trace::trace(&n, &Flow::tcp("internet", WEB, 22)).unwrap();
    let codes: Vec<&str> = t.blockers.iter().map(|b| b.code.as_str()).collect();
    assert_eq!(
        codes,
        vec!["SUBNET_ACL_RESTRICTION", "ENI_SG_RULES_MISMATCH"],
        "the ACL and then the IPv4-only ssh rule"
    );
    let sg = &t.blockers[1];
    assert!(
        sg.explanation.contains("IPv4 only") && sg.fix.is_some(),
        "{}",
        sg.explanation
    );
}

#[test]
fn ipv6_flows_with_endpoints_that_cannot_be_ipv6_are_errors_that_say_why() {
    let n = fixture();
    let cases: &[(&str, &str, &str)] = &[
        (
            "an address inside a VPC block that no instance holds",
            "2600:1f18:1234:5601::99",
            "no instance in the design has it",
        ),
        (
            "an IPv4 address at the other end",
            "10.0.1.10",
            "IPv6 addresses at both ends",
        ),
    ];
    for (name, to, want) in cases {
        let e = trace::trace(&n, &Flow::tcp("internet", to, 443))
            .and_then(|_| trace::trace(&n, &Flow::tcp(WORKER, to, 443)))
            .unwrap_err()
            .to_string();
        assert!(e.contains(want), "{name}: {e}");
    }
    let mut no_v6 = n.clone();
    no_v6.instances[1].ipv6_addresses.clear();
    let e = trace::trace(&no_v6, &Flow::tcp("i-worker", OUTSIDE, 443))
        .unwrap_err()
        .to_string();
    assert!(e.contains("has no IPv6 address"), "{e}");
}

#[test]
fn ipv6_lints_fire_on_the_fixture_only_where_meant() {
    let mut n = fixture();
    assert!(
        lint(&n)
            .iter()
            .all(|d| d.code != "IPV6_PUBLIC_SUBNET_NO_DEFAULT_ROUTE"
                && d.code != "SG_WORLD_OPEN_IPV4_ONLY"
                && d.code != "INVALID_CIDR"),
        "{:#?}",
        lint(&n)
    );
    // A web port open to 0.0.0.0/0 only, on a group whose instance has an IPv6 address.
    let g = n
        .security_groups
        .iter_mut()
        .find(|g| g.id == "sg-web")
        .unwrap();
    g.ingress.push(SecurityGroupRule::tcp_from_cidr(
        8443,
        "0.0.0.0/0",
        "admin ui",
    ));
    let ds: Vec<_> = lint(&n)
        .into_iter()
        .filter(|d| d.code == "SG_WORLD_OPEN_IPV4_ONLY")
        .collect();
    assert_eq!(ds.len(), 1, "{ds:#?}");
    assert!(
        ds[0].message.contains("tcp port 8443") && ds[0].severity == Severity::Warning,
        "{ds:#?}"
    );
    no_ipv6_default_route(&mut n);
    let ds: Vec<_> = lint(&n)
        .into_iter()
        .filter(|d| d.code == "IPV6_PUBLIC_SUBNET_NO_DEFAULT_ROUTE")
        .collect();
    assert_eq!(ds.len(), 1, "only the public subnet: {ds:#?}");
    assert_eq!(ds[0].component, "subnet-public");
}

#[test]
fn ipv6_traces_match_their_golden_files() {
    let cases: &[(&str, &str, &str, u16)] = &[
        ("internet-to-web-over-igw", "internet", WEB, 443),
        ("web-to-internet-over-igw", "i-web", OUTSIDE, 443),
        ("worker-out-through-eigw", "i-worker", OUTSIDE, 443),
        ("internet-refused-at-eigw", "internet", WORKER, 443),
        ("ipv4-rule-does-not-match-ipv6", "internet", WEB, 22),
    ];
    let net = fixture();
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/ipv6/golden");
    for (name, from, to, port) in cases {
        let t = trace::trace(&net, &Flow::tcp(from, to, *port)).unwrap();
        let got = serde_json::to_string_pretty(&t.to_contract_json()).unwrap() + "\n";
        let path = dir.join(format!("{name}.json"));
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &got).unwrap();
        }
        let want = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_GOLDEN=1)", path.display()));
        assert_eq!(got, want, "golden differs: {}", path.display());
    }
}
