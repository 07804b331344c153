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

/// Adds a route `destination` → the batch VPC's egress-only gateway to its route table.
fn batch_route_to_eigw(n: &mut Network, destination: RouteDestination) {
    let t = n
        .route_tables
        .iter_mut()
        .find(|t| t.id == "rtb-batch")
        .unwrap();
    t.routes.push(Route {
        destination,
        target: RouteTarget {
            kind: TargetKind::Eigw,
            id: "eigw-batch".into(),
        },
        state: RouteState::Active,
    });
}

fn v4_route_to_eigw(n: &mut Network) {
    batch_route_to_eigw(n, RouteDestination::Cidr("0.0.0.0/0".into()));
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
fn an_ipv6_prefix_list_route_is_named_by_its_list_and_the_entry_that_matched_m2() {
    let mut n = fixture();
    n.prefix_lists.push(PrefixList {
        id: "pl-dns6".into(),
        name: "public resolvers".into(),
        cidrs: vec!["2001:4860::/32".into(), "2606:4700::/32".into()],
        address_family: Some(AddressFamily::Ipv6),
        ..PrefixList::default()
    });
    batch_route_to_eigw(&mut n, RouteDestination::PrefixList("pl-dns6".into()));
    let tr = trace::trace(&n, &Flow::tcp("i-worker", OUTSIDE, 443)).unwrap();
    let route = tr
        .hops
        .iter()
        .find(|h| h.kind == ComponentKind::RouteTable)
        .expect("a route table hop");
    assert!(
        matches!(&route.rule, DecidingRule::Route { destination, target, .. }
            if destination == "pl-dns6 (2606:4700::/32)" && target == "eigw-batch"),
        "the /32 entry is longer than ::/0, and the hop names the list: {:?}",
        route.rule
    );
    assert!(
        route.explanation.contains("pl-dns6 (2606:4700::/32)"),
        "{}",
        route.explanation
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

#[test]
fn ipv6_survives_a_terraform_round_trip() {
    use sim::network::export::terraform::export_design_terraform;
    use sim::network::import::terraform::{import_terraform, TerraformSource};
    let net = fixture();
    let export = export_design_terraform(&Design::new("ipv6", net.clone()));
    let files = export
        .files
        .iter()
        .map(|(name, text)| (format!("out/{name}"), text.clone()))
        .collect();
    let source = TerraformSource {
        files,
        root: "out".into(),
        single_file: None,
        cli_variables: Vec::new(),
    };
    let back = import_terraform(&source)
        .unwrap_or_else(|e| panic!("{e}: {:#?}", export.files))
        .network;
    let at = |id: &str| {
        export
            .addresses
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    };
    for v in &net.vpcs {
        let b = back.vpc(&at(&v.id)).expect("vpc");
        assert_eq!(b.ipv6_cidr_blocks, v.ipv6_cidr_blocks, "{}", v.id);
    }
    for s in &net.subnets {
        assert_eq!(
            back.subnet(&at(&s.id)).unwrap().ipv6_cidr,
            s.ipv6_cidr,
            "{}",
            s.id
        );
    }
    for i in &net.instances {
        assert_eq!(
            back.instance(&at(&i.id)).unwrap().ipv6_addresses,
            i.ipv6_addresses
        );
    }
    let eigw = &back.egress_only_internet_gateways;
    assert_eq!(eigw.len(), 1);
    assert_eq!(
        eigw[0].attached_vpc.as_deref(),
        Some(at("vpc-batch").as_str())
    );
    let six = |n: &Network, t: &str| -> Vec<String> {
        n.route_tables
            .iter()
            .find(|x| x.id == t)
            .unwrap()
            .routes
            .iter()
            .filter(|r| matches!(&r.destination, RouteDestination::Cidr(c) if c == "::/0"))
            .map(|r| format!("{:?}", r.target.kind))
            .collect()
    };
    assert_eq!(six(&back, &at("rtb-batch")), six(&net, "rtb-batch"));
    let v6_rules = |n: &Network, g: &str| -> usize {
        let g = n.security_group(g).unwrap();
        g.ingress
            .iter()
            .chain(&g.egress)
            .filter(|r| matches!(&r.peer, RulePeer::Cidr(c) if c.contains(':')))
            .count()
    };
    assert_eq!(v6_rules(&back, &at("sg-web")), v6_rules(&net, "sg-web"));
    let v6_entries = |n: &Network, a: &str| {
        n.network_acls
            .iter()
            .find(|x| x.id == a)
            .unwrap()
            .entries
            .iter()
            .filter(|e| e.cidr.contains(':'))
            .count()
    };
    assert_eq!(
        v6_entries(&back, &at("acl-web")),
        v6_entries(&net, "acl-web")
    );
    // The same IPv6 verdicts, with the endpoints renamed.
    for (from, to, port) in [
        ("internet", WEB, 443),
        ("i-worker", OUTSIDE, 443),
        ("internet", WORKER, 443),
        ("internet", WEB, 22),
    ] {
        let a = trace::trace(&net, &Flow::tcp(from, to, port)).unwrap();
        let b = trace::trace(&back, &Flow::tcp(&at(from), to, port)).unwrap();
        assert_eq!(a.is_reachable(), b.is_reachable(), "{from} → {to}:{port}");
        assert_eq!(
            a.blockers.first().map(|x| x.code),
            b.blockers.first().map(|x| x.code),
            "{from} → {to}:{port}"
        );
    }
}

#[test]
fn terraform_ipv6_attributes_import_with_the_generated_block_assumed() {
    use sim::network::import::terraform::{import_terraform, TerraformSource};
    let main = r#"
resource "aws_vpc" "main" {
  cidr_block                       = "10.0.0.0/16"
  assign_generated_ipv6_cidr_block = true
}
resource "aws_subnet" "public" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "us-east-1a"
  ipv6_cidr_block   = cidrsubnet(aws_vpc.main.ipv6_cidr_block, 8, 1)
}
resource "aws_egress_only_internet_gateway" "out" {
  vpc_id = aws_vpc.main.id
}
resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id
  route {
    ipv6_cidr_block        = "::/0"
    egress_only_gateway_id = aws_egress_only_internet_gateway.out.id
  }
}
resource "aws_security_group" "web" {
  vpc_id = aws_vpc.main.id
  ingress {
    from_port        = 443
    to_port          = 443
    protocol         = "tcp"
    cidr_blocks      = ["0.0.0.0/0"]
    ipv6_cidr_blocks = ["::/0"]
  }
}
resource "aws_vpc_security_group_ingress_rule" "ssh6" {
  security_group_id = aws_security_group.web.id
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv6         = "2001:db8::/32"
}
resource "aws_network_acl" "public" {
  vpc_id = aws_vpc.main.id
  ingress {
    rule_no         = 101
    action          = "allow"
    protocol        = "-1"
    from_port       = 0
    to_port         = 0
    ipv6_cidr_block = "::/0"
  }
}
resource "aws_instance" "web" {
  ami                = "ami-1"
  instance_type      = "t3.micro"
  subnet_id          = aws_subnet.public.id
  ipv6_address_count = 1
}
"#;
    let source = TerraformSource {
        files: [("cfg/main.tf".to_string(), main.to_string())]
            .into_iter()
            .collect(),
        root: "cfg".into(),
        single_file: None,
        cli_variables: Vec::new(),
    };
    let i = import_terraform(&source).unwrap();
    let n = &i.network;
    let vpc = n.vpc("aws_vpc.main").unwrap();
    assert_eq!(vpc.ipv6_cidr_blocks, vec!["2600:1f00:0:100::/56"]);
    assert!(
        i.warnings.iter().any(|w| w.block == "aws_vpc.main"
            && w.message.contains("assign_generated_ipv6_cidr_block")
            && w.message.contains("assumed 2600:1f00:0:100::/56")),
        "the generated block is an assumption: {:#?}",
        i.warnings
    );
    assert_eq!(
        n.subnet("aws_subnet.public").unwrap().ipv6_cidr.as_deref(),
        Some("2600:1f00:0:101::/64")
    );
    assert_eq!(
        n.egress_only_internet_gateways[0].attached_vpc.as_deref(),
        Some("aws_vpc.main")
    );
    let rt = n
        .route_tables
        .iter()
        .find(|t| t.id == "aws_route_table.private")
        .unwrap();
    assert_eq!(rt.routes[0].target.kind, TargetKind::Eigw);
    let g = n.security_group("aws_security_group.web").unwrap();
    let peers: Vec<String> = g
        .ingress
        .iter()
        .map(|r| match &r.peer {
            RulePeer::Cidr(c) => c.clone(),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(peers, vec!["0.0.0.0/0", "::/0", "2001:db8::/32"]);
    let acl = n
        .network_acls
        .iter()
        .find(|a| a.id == "aws_network_acl.public")
        .unwrap();
    assert_eq!(acl.entries[0].cidr, "::/0");
    let web = n.instance("aws_instance.web").unwrap();
    assert_eq!(web.ipv6_addresses, vec!["2600:1f00:0:101::10"]);
    assert!(
        i.warnings
            .iter()
            .any(|w| w.message.contains("ipv6_address_count")),
        "the address is an assumption too"
    );
    assert!(
        !i.warnings
            .iter()
            .any(|w| w.message.contains("not modelled") && w.message.contains("IPv6")),
        "{:#?}",
        i.warnings
    );
}
