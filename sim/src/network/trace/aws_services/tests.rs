//! Table tests for AWS services as trace endpoints (docs/SEMANTICS.md#w1 … #w8).

use super::super::*;
use crate::network::model::*;
use crate::network::samples::sample_network;

const REGION: &str = "ap-northeast-2";

fn service(id: &str, kind: &str) -> AwsService {
    AwsService {
        id: id.into(),
        name: String::new(),
        kind: kind.into(),
        ..AwsService::default()
    }
}

fn sg(id: &str, ingress: Vec<SecurityGroupRule>) -> SecurityGroup {
    SecurityGroup {
        id: id.into(),
        name: id.into(),
        vpc_id: "vpc-0a1b2c3d".into(),
        description: String::new(),
        ingress,
        egress: vec![SecurityGroupRule::allow_all("0.0.0.0/0")],
    }
}

/// The sample network (bastion with a public IP in public-a, app without one in
/// private-c) with a NAT gateway in public-a, private-c's table sending 0.0.0.0/0 to it,
/// and one service of each kind.
fn base() -> Network {
    let mut n = sample_network();
    n.nat_gateways.push(NatGateway {
        id: "nat-0a".into(),
        subnet_id: "subnet-0a11".into(),
        public_ip: Some("3.36.50.60".into()),
        ..NatGateway::default()
    });
    n.route_tables[0].routes.push(Route {
        destination: RouteDestination::Cidr("0.0.0.0/0".into()),
        target: RouteTarget {
            kind: TargetKind::Nat,
            id: "nat-0a".into(),
        },
        state: RouteState::Active,
    });
    for (id, kind) in [
        ("svc-s3", "s3"),
        ("svc-ddb", "dynamodb"),
        ("svc-sqs", "sqs"),
        ("svc-sns", "sns"),
        ("svc-fn", "lambda"),
        ("svc-api", "api-gateway"),
        ("svc-cdn", "cloudfront"),
        ("svc-dns", "route53"),
        ("svc-bad", "s4"),
    ] {
        n.aws_services.push(service(id, kind));
    }
    n.aws_services.push(AwsService {
        subnet_ids: vec!["subnet-0b22".into()],
        security_groups: vec!["sg-0cache".into()],
        engine: "redis".into(),
        ..service("svc-cache", "elasticache")
    });
    n.security_groups.push(sg(
        "sg-0cache",
        vec![SecurityGroupRule::tcp_from_group(6379, "sg-0app", "app")],
    ));
    n
}

/// S3's prefix list and a gateway endpoint for it, routed from private-c's table.
fn s3_gateway(n: &mut Network) {
    n.prefix_lists.push(PrefixList {
        id: "pl-s3".into(),
        name: format!("com.amazonaws.{REGION}.s3"),
        cidrs: vec!["52.219.56.0/22".into()],
        ..PrefixList::default()
    });
    n.vpc_endpoints.push(VpcEndpoint {
        id: "vpce-s3".into(),
        vpc_id: "vpc-0a1b2c3d".into(),
        service: format!("com.amazonaws.{REGION}.s3"),
        route_table_ids: vec!["rtb-0main".into()],
        prefix_list_id: Some("pl-s3".into()),
        ..VpcEndpoint::default()
    });
    n.route_tables[0].routes.push(Route {
        destination: RouteDestination::PrefixList("pl-s3".into()),
        target: RouteTarget {
            kind: TargetKind::Vpce,
            id: "vpce-s3".into(),
        },
        state: RouteState::Active,
    });
}

/// An SQS interface endpoint in private-c whose group admits `port` from the VPC.
fn sqs_interface(n: &mut Network, port: u16, private_dns: bool) {
    n.security_groups.push(sg(
        "sg-0vpce",
        vec![SecurityGroupRule::tcp_from_cidr(port, "10.0.0.0/16", "VPC")],
    ));
    n.vpc_endpoints.push(VpcEndpoint {
        id: "vpce-sqs".into(),
        vpc_id: "vpc-0a1b2c3d".into(),
        service: format!("com.amazonaws.{REGION}.sqs"),
        endpoint_type: EndpointType::Interface,
        interface: Some(InterfaceEndpoint {
            network_interfaces: vec![EndpointInterface {
                subnet_id: "subnet-0b22".into(),
                eni_id: Some("eni-0vpce".into()),
                private_ip: Some("10.0.2.50".into()),
            }],
            security_groups: vec!["sg-0vpce".into()],
            private_dns,
            ..InterfaceEndpoint::default()
        }),
        ..VpcEndpoint::default()
    });
}

type Edit = fn(&mut Network);

enum Expect {
    /// Reachable, and the forward hops pass these components in this order.
    Via(&'static [&'static str]),
    /// Reachable, and the forward hops never touch this component.
    Avoids(&'static str),
    Blocked(&'static str, &'static str),
}
use Expect::*;

fn flow(from: &str, to: &str, protocol: Protocol, port: Option<u16>) -> Flow {
    Flow {
        from: from.into(),
        to: to.into(),
        protocol,
        port,
        src_port: None,
        icmp_type: None,
        icmp_code: None,
    }
}

#[test]
fn flows_to_and_from_aws_services() {
    let none: Edit = |_| {};
    let cases: Vec<(&str, Edit, Flow, Expect)> = vec![
        (
            "W4: a public IP reaches S3's public endpoint through the internet gateway",
            none,
            flow("i-0bastion", "svc-s3", Protocol::Tcp, Some(443)),
            Via(&["rtb-0public", "igw-0c3d4e5f", "svc-s3"]),
        ),
        (
            "W4: a private subnet reaches S3 through the NAT gateway, then the internet gateway",
            none,
            flow("i-0app", "svc-s3", Protocol::Tcp, None),
            Via(&["rtb-0main", "nat-0a", "igw-0c3d4e5f", "svc-s3"]),
        ),
        (
            "W4, I1: an instance in a public subnet without a public IP cannot use the IGW",
            |n| {
                n.instances[0].public_ip = None;
            },
            flow("i-0bastion", "svc-sqs", Protocol::Tcp, Some(443)),
            Blocked("igw-0c3d4e5f", "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS"),
        ),
        (
            "W4, R6: no default route in the private subnet: no route to the service",
            |n| n.route_tables[0].routes.truncate(1),
            flow("i-0app", "svc-ddb", Protocol::Tcp, Some(443)),
            Blocked("rtb-0main", "NO_ROUTE_TO_DESTINATION"),
        ),
        (
            "W2: the gateway endpoint's prefix-list route wins over 0.0.0.0/0 to the NAT",
            s3_gateway,
            flow("i-0app", "svc-s3", Protocol::Tcp, Some(443)),
            Via(&["rtb-0main", "vpce-s3", "svc-s3"]),
        ),
        (
            "W2: the gateway route carries the flow, so the NAT is never touched",
            s3_gateway,
            flow("i-0app", "svc-s3", Protocol::Tcp, Some(443)),
            Avoids("nat-0a"),
        ),
        (
            "W2: a subnet whose table has no endpoint route still goes the public way",
            s3_gateway,
            flow("i-0bastion", "svc-s3", Protocol::Tcp, Some(443)),
            Via(&["rtb-0public", "igw-0c3d4e5f", "svc-s3"]),
        ),
        (
            "W2: an endpoint serves only its own Region; S3 elsewhere goes through the NAT",
            |n| {
                s3_gateway(n);
                n.aws_services[0].region = "us-east-1".into();
            },
            flow("i-0app", "svc-s3", Protocol::Tcp, Some(443)),
            Via(&["rtb-0main", "nat-0a", "igw-0c3d4e5f", "svc-s3"]),
        ),
        (
            "W3: an interface endpoint with private DNS takes the flow to its interface",
            |n| sqs_interface(n, 443, true),
            flow("i-0app", "svc-sqs", Protocol::Tcp, Some(443)),
            Via(&["vpce-sqs", "svc-sqs"]),
        ),
        (
            "W3: with private DNS the NAT is not used",
            |n| sqs_interface(n, 443, true),
            flow("i-0app", "svc-sqs", Protocol::Tcp, Some(443)),
            Avoids("nat-0a"),
        ),
        (
            "W3, E6: the endpoint's security group must admit HTTPS",
            |n| sqs_interface(n, 8443, true),
            flow("i-0app", "svc-sqs", Protocol::Tcp, Some(443)),
            Blocked("sg-0vpce", "ENI_SG_RULES_MISMATCH"),
        ),
        (
            "W3: private DNS off: the default name stays public, through the NAT",
            |n| sqs_interface(n, 443, false),
            flow("i-0app", "svc-sqs", Protocol::Tcp, Some(443)),
            Via(&["nat-0a", "igw-0c3d4e5f", "svc-sqs"]),
        ),
        (
            "W3, E7: UDP to a service behind an interface endpoint is refused",
            |n| sqs_interface(n, 443, true),
            flow("i-0app", "svc-sqs", Protocol::Udp, Some(443)),
            Blocked("vpce-sqs", "NO_PATH"),
        ),
        (
            "W4: S3 answers HTTPS and HTTP only",
            none,
            flow("i-0bastion", "svc-s3", Protocol::Tcp, Some(22)),
            Blocked("svc-s3", "NO_POSSIBLE_DESTINATION"),
        ),
        (
            "W4: SQS answers HTTPS only",
            none,
            flow("i-0bastion", "svc-sqs", Protocol::Tcp, Some(80)),
            Blocked("svc-sqs", "NO_POSSIBLE_DESTINATION"),
        ),
        (
            "W4: Route 53's name servers answer DNS over UDP",
            none,
            flow("i-0bastion", "svc-dns", Protocol::Udp, Some(53)),
            Via(&["igw-0c3d4e5f", "svc-dns"]),
        ),
        (
            "W4: CloudFront from the internet",
            none,
            flow("internet", "svc-cdn", Protocol::Tcp, Some(443)),
            Via(&["svc-cdn"]),
        ),
        (
            "W5: S3 does not open connections",
            none,
            flow("svc-s3", "i-0bastion", Protocol::Tcp, Some(22)),
            Blocked("svc-s3", "NO_PATH"),
        ),
        (
            "W5: a Lambda function outside a VPC is an internet client: the bastion's group admits only the admin",
            none,
            flow("svc-fn", "i-0bastion", Protocol::Tcp, Some(22)),
            Blocked("sg-0bastion", "ENI_SG_RULES_MISMATCH"),
        ),
        (
            "W5: CloudFront reaches an origin whose group admits HTTP from anywhere",
            |n| {
                n.security_groups[1]
                    .ingress
                    .push(SecurityGroupRule::tcp_from_cidr(80, "0.0.0.0/0", "web"))
            },
            flow("svc-cdn", "i-0bastion", Protocol::Tcp, Some(80)),
            Via(&["svc-cdn", "igw-0c3d4e5f", "sg-0bastion"]),
        ),
        (
            "W5: two services talk inside AWS, outside the design",
            none,
            flow("svc-fn", "svc-s3", Protocol::Tcp, Some(443)),
            Blocked("svc-fn", "NO_PATH"),
        ),
        (
            "W7: a private-DNS execute-api endpoint hides public APIs from the VPC",
            |n| {
                sqs_interface(n, 443, true);
                n.vpc_endpoints[0].service = format!("com.amazonaws.{REGION}.execute-api");
            },
            flow("i-0app", "svc-api", Protocol::Tcp, Some(443)),
            Blocked("vpce-sqs", "NO_PATH"),
        ),
        (
            "W6: ElastiCache in the VPC: the cache's group admits the app on 6379",
            none,
            flow("i-0app", "svc-cache", Protocol::Tcp, None),
            Via(&["sg-0app", "sg-0cache"]),
        ),
        (
            "W6: ElastiCache's group does not admit the bastion",
            none,
            flow("i-0bastion", "svc-cache", Protocol::Tcp, Some(6379)),
            Blocked("sg-0cache", "ENI_SG_RULES_MISMATCH"),
        ),
        (
            "W6: ElastiCache is never public",
            none,
            flow("internet", "svc-cache", Protocol::Tcp, Some(6379)),
            Blocked("igw-0c3d4e5f", "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS"),
        ),
    ];
    for (name, edit, f, expect) in cases {
        let mut n = base();
        edit(&mut n);
        let t = trace(&n, &f).unwrap_or_else(|e| panic!("{name}: {e}"));
        let seen: Vec<&str> = t.hops.iter().map(|h| h.component.as_str()).collect();
        match expect {
            Via(want) => {
                assert!(t.is_reachable(), "{name}: {:?} {:?}", t.verdict, seen);
                let mut rest = seen.iter();
                for w in want {
                    assert!(rest.any(|c| c == w), "{name}: {w} not in order in {seen:?}");
                }
                assert!(!t.return_hops.is_empty(), "{name}: a reply comes back");
            }
            Avoids(c) => {
                assert!(t.is_reachable(), "{name}: {:?}", t.verdict);
                assert!(!seen.contains(&c), "{name}: {c} in {seen:?}");
            }
            Blocked(by, code) => {
                let first = t
                    .blockers
                    .first()
                    .unwrap_or_else(|| panic!("{name}: reachable, hops {seen:?}"));
                assert_eq!(
                    (first.component.as_str(), first.code.as_str()),
                    (by, code),
                    "{name}: {}",
                    first.explanation
                );
            }
        }
        // The fast walk agrees with the explained one.
        let ix = NetworkIndex::build(&n);
        assert_eq!(
            ix.reachable(&f).unwrap(),
            t.is_reachable(),
            "{name}: fast walk"
        );
    }
}

#[test]
fn the_service_hop_names_the_rule_and_the_path_is_noted() {
    let mut n = base();
    s3_gateway(&mut n);
    let t = trace(&n, &flow("i-0app", "svc-s3", Protocol::Tcp, Some(443))).unwrap();
    let hop = t.hops.iter().find(|h| h.component == "svc-s3").unwrap();
    assert_eq!(hop.kind, ComponentKind::AwsService);
    assert_eq!(hop.decision, Decision::Deliver);
    assert_eq!(
        hop.rule,
        DecidingRule::Behaviour {
            rule_id: "W2".into()
        }
    );
    assert_eq!(
        hop.explanation_msg.as_ref().map(|m| m.key),
        Some("trace-svc-reached-gateway")
    );
    assert!(
        t.notes
            .iter()
            .any(|x| x.contains("rtb-0main") && x.contains("vpce-s3")),
        "{:?}",
        t.notes
    );
    // The packet goes to an address inside S3's prefix list (R12).
    assert!(hop.packet.contains("52.219.56.10"), "{}", hop.packet);

    let t = trace(&base(), &flow("i-0app", "svc-s3", Protocol::Tcp, Some(443))).unwrap();
    let hop = t.hops.iter().find(|h| h.component == "svc-s3").unwrap();
    assert_eq!(
        hop.rule,
        DecidingRule::Behaviour {
            rule_id: "W4".into()
        }
    );
    assert!(
        t.notes
            .iter()
            .any(|x| x.contains("public endpoint 203.0.113.20")),
        "{:?}",
        t.notes
    );
}

#[test]
fn unknown_kinds_and_unplaced_caches_are_refused_with_their_values() {
    let n = base();
    let err = trace(&n, &flow("i-0app", "svc-bad", Protocol::Tcp, Some(443))).unwrap_err();
    assert_eq!(
        err,
        FlowError::UnknownServiceKind {
            id: "svc-bad".into(),
            kind: "s4".into()
        }
    );
    assert!(err.to_string().contains("`s4`"), "{err}");
    let err = trace(&n, &flow("svc-bad", "i-0app", Protocol::Tcp, Some(443))).unwrap_err();
    assert!(matches!(err, FlowError::UnknownServiceKind { .. }), "{err}");

    let mut n = base();
    n.aws_services.push(service("svc-cache2", "elasticache"));
    let err = trace(&n, &flow("i-0app", "svc-cache2", Protocol::Tcp, Some(6379))).unwrap_err();
    assert!(err.to_string().contains("subnet_ids"), "{err}");
}

#[test]
fn services_round_trip_and_an_empty_list_is_not_written() {
    let n = base();
    let json = serde_json::to_string(&n).unwrap();
    let back: Network = serde_json::from_str(&json).unwrap();
    assert_eq!(back, n);
    let plain = serde_json::to_value(sample_network()).unwrap();
    assert!(plain.get("aws_services").is_none());
    // A misspelt kind still loads: the tracer refuses it, the design stays editable.
    let v: Network =
        serde_json::from_str(r#"{"aws_services":[{"id":"svc-x","kind":"nope"}]}"#).unwrap();
    assert_eq!(v.aws_services[0].kind, "nope");
    assert_eq!(
        AwsServiceKind::parse("API-Gateway"),
        Some(AwsServiceKind::ApiGateway)
    );
    for k in AwsServiceKind::ALL {
        assert_eq!(AwsServiceKind::parse(k.key()), Some(k));
    }
}
