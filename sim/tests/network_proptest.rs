//! Properties of the network core:
//! - loading, linting, indexing, tracing and the matrix never panic on arbitrary designs;
//! - the same input gives the same output;
//! - exporting an arbitrary design to Terraform never panics, is deterministic, and the
//!   importer reads the export back without an error (no dependency cycle, no bad call);
//! - with allow-all security groups and NACLs everywhere, a flow is reachable exactly when
//!   routing permits it (checked against an independent oracle written from I1, N2, R4).

use proptest::prelude::*;
use sim::network::trace::matrix::default_endpoints;
use sim::network::*;

// ---- arbitrary (often broken) networks ----------------------------------------------------

fn id(prefix: &'static str) -> impl Strategy<Value = String> {
    (0u8..4).prop_map(move |n| format!("{prefix}-{n}"))
}

fn cidr() -> impl Strategy<Value = String> {
    prop_oneof![
        (
            0u8..3,
            0u8..4,
            prop::sample::select(vec![16u8, 20, 24, 28, 8, 32, 0])
        )
            .prop_map(|(a, b, p)| format!("10.{a}.{b}.0/{p}")),
        Just("0.0.0.0/0".to_string()),
        Just("10.0.1.5/24".to_string()),
        Just("garbage".to_string()),
        (any::<u8>(), any::<u8>()).prop_map(|(a, b)| format!("{a}.{b}.0.0/16")),
    ]
}

fn ip() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u8..3, 0u8..4, any::<u8>()).prop_map(|(a, b, c)| format!("10.{a}.{b}.{c}")),
        (any::<u8>(), any::<u8>()).prop_map(|(a, b)| format!("3.36.{a}.{b}")),
        Just("not-an-ip".to_string()),
    ]
}

fn protocol() -> impl Strategy<Value = Protocol> {
    prop_oneof![
        Just(Protocol::Tcp),
        Just(Protocol::Udp),
        Just(Protocol::Icmp),
        Just(Protocol::All),
        Just(Protocol::Other(47))
    ]
}

fn ports() -> impl Strategy<Value = Option<PortRange>> {
    prop::option::of((any::<u16>(), any::<u16>()).prop_map(|(a, b)| PortRange {
        from: a.min(b),
        to: a.max(b),
    }))
}

fn target_kind() -> impl Strategy<Value = TargetKind> {
    prop::sample::select(vec![
        TargetKind::Local,
        TargetKind::Igw,
        TargetKind::Nat,
        TargetKind::Pcx,
        TargetKind::Vpce,
        TargetKind::Eni,
        TargetKind::Instance,
        TargetKind::Tgw,
    ])
}

fn target_id(kind: TargetKind) -> String {
    match kind {
        TargetKind::Local => "local".into(),
        TargetKind::Igw => "igw-0".into(),
        TargetKind::Nat => "nat-0".into(),
        TargetKind::Pcx => "pcx-0".into(),
        TargetKind::Vpce => "vpce-0".into(),
        TargetKind::Eni => "eni-1".into(),
        TargetKind::Instance => "i-2".into(),
        _ => "tgw-0".into(),
    }
}

fn route() -> impl Strategy<Value = Route> {
    (cidr(), target_kind(), any::<bool>(), any::<bool>()).prop_map(|(c, kind, blackhole, pl)| {
        Route {
            destination: if pl {
                RouteDestination::PrefixList("pl-0".into())
            } else {
                RouteDestination::Cidr(c)
            },
            target: RouteTarget {
                kind,
                id: target_id(kind),
            },
            state: if blackhole {
                RouteState::Blackhole
            } else {
                RouteState::Active
            },
        }
    })
}

fn peer() -> impl Strategy<Value = RulePeer> {
    prop_oneof![
        cidr().prop_map(RulePeer::Cidr),
        id("sg").prop_map(RulePeer::SecurityGroup),
        Just(RulePeer::PrefixList("pl-0".into()))
    ]
}

fn sg_rule() -> impl Strategy<Value = SecurityGroupRule> {
    (protocol(), ports(), peer()).prop_map(|(protocol, ports, peer)| SecurityGroupRule {
        protocol,
        ports,
        icmp: None,
        peer,
        description: String::new(),
    })
}

fn nacl_entry() -> impl Strategy<Value = NaclEntry> {
    (
        1u32..200,
        any::<bool>(),
        protocol(),
        ports(),
        cidr(),
        any::<bool>(),
    )
        .prop_map(|(n, egress, protocol, ports, cidr, allow)| NaclEntry {
            rule_number: n,
            egress,
            protocol,
            ports,
            icmp: None,
            cidr,
            action: if allow {
                RuleAction::Allow
            } else {
                RuleAction::Deny
            },
        })
}

fn arbitrary_network() -> impl Strategy<Value = Network> {
    let vpcs = prop::collection::vec((id("vpc"), prop::collection::vec(cidr(), 0..3)), 0..3);
    let subnets = prop::collection::vec(
        (
            id("subnet"),
            id("vpc"),
            cidr(),
            prop::sample::select(vec!["a", "c"]),
        ),
        0..5,
    );
    let tables = prop::collection::vec(
        (
            id("rtb"),
            id("vpc"),
            any::<bool>(),
            prop::collection::vec(route(), 0..5),
            prop::collection::vec(id("subnet"), 0..3),
        ),
        0..4,
    );
    let groups = prop::collection::vec(
        (
            id("sg"),
            id("vpc"),
            prop::collection::vec(sg_rule(), 0..4),
            prop::collection::vec(sg_rule(), 0..3),
        ),
        0..4,
    );
    let acls = prop::collection::vec(
        (
            id("acl"),
            id("vpc"),
            any::<bool>(),
            prop::collection::vec(nacl_entry(), 0..5),
            prop::collection::vec(id("subnet"), 0..2),
        ),
        0..3,
    );
    let instances = prop::collection::vec(
        (
            id("i"),
            id("subnet"),
            ip(),
            prop::option::of(ip()),
            prop::collection::vec(id("sg"), 0..3),
            any::<bool>(),
        ),
        0..5,
    );
    let gateways = (
        prop::option::of(id("vpc")),
        prop::option::of((id("subnet"), prop::option::of(ip()), any::<bool>())),
        prop::option::of((id("vpc"), id("vpc"), any::<bool>())),
    );
    let extras = (any::<bool>(), any::<bool>(), any::<bool>());
    (
        vpcs, subnets, tables, groups, acls, instances, gateways, extras,
    )
        .prop_map(
            |(vpcs, subnets, tables, groups, acls, instances, (igw, nat, pcx), (lb, db, vpce))| {
                let mut n = Network {
                    region: "ap-northeast-2".into(),
                    vpcs: vpcs
                        .into_iter()
                        .map(|(id, cidr_blocks)| Vpc {
                            ipv6_cidr_blocks: Vec::new(),
                            id,
                            name: String::new(),
                            cidr_blocks,
                        })
                        .collect(),
                    subnets: subnets
                        .into_iter()
                        .map(|(id, vpc_id, cidr, az)| Subnet {
                            ipv6_cidr: None,
                            id,
                            name: String::new(),
                            vpc_id,
                            cidr,
                            availability_zone: format!("ap-northeast-2{az}"),
                            map_public_ip_on_launch: false,
                        })
                        .collect(),
                    route_tables: tables
                        .into_iter()
                        .map(|(id, vpc_id, main, routes, associations)| RouteTable {
                            id,
                            name: String::new(),
                            vpc_id,
                            main,
                            routes,
                            associations,
                        })
                        .collect(),
                    security_groups: groups
                        .into_iter()
                        .map(|(id, vpc_id, ingress, egress)| SecurityGroup {
                            id,
                            name: String::new(),
                            vpc_id,
                            description: String::new(),
                            ingress,
                            egress,
                        })
                        .collect(),
                    network_acls: acls
                        .into_iter()
                        .map(
                            |(id, vpc_id, is_default, entries, associations)| NetworkAcl {
                                id,
                                name: String::new(),
                                vpc_id,
                                is_default,
                                entries,
                                associations,
                            },
                        )
                        .collect(),
                    instances: instances
                        .into_iter()
                        .enumerate()
                        .map(
                            |(k, (id, subnet_id, private_ip, public_ip, security_groups, sdc))| {
                                Instance {
                                    network_interfaces: Vec::new(),
                                    ipv6_addresses: Vec::new(),
                                    id,
                                    name: String::new(),
                                    subnet_id,
                                    private_ip,
                                    public_ip,
                                    elastic_ip: false,
                                    eni_id: Some(format!("eni-{k}")),
                                    secondary_private_ips: vec![],
                                    node_labels: Default::default(),
                                    node_taints: vec![],
                                    security_groups,
                                    source_dest_check: sdc,
                                    role: if k == 2 {
                                        InstanceRole::NatInstance
                                    } else {
                                        InstanceRole::Plain
                                    },
                                    instance_type: String::new(),
                                }
                            },
                        )
                        .collect(),
                    prefix_lists: vec![PrefixList {
                        id: "pl-0".into(),
                        name: "com.amazonaws.ap-northeast-2.s3".into(),
                        cidrs: vec!["52.219.56.0/22".into()],
                        ..PrefixList::default()
                    }],
                    ..Network::default()
                };
                n.internet_gateways.push(InternetGateway {
                    id: "igw-0".into(),
                    name: String::new(),
                    attached_vpc: igw,
                });
                if let Some((subnet_id, public_ip, private)) = nat {
                    n.nat_gateways.push(NatGateway {
                        id: "nat-0".into(),
                        subnet_id,
                        public_ip,
                        connectivity: if private {
                            NatConnectivity::Private
                        } else {
                            NatConnectivity::Public
                        },
                        ..NatGateway::default()
                    });
                }
                if let Some((a, b, active)) = pcx {
                    n.peering_connections.push(PeeringConnection {
                        id: "pcx-0".into(),
                        name: String::new(),
                        requester_vpc: a,
                        accepter_vpc: b,
                        status: if active {
                            PeeringStatus::Active
                        } else {
                            PeeringStatus::Deleted
                        },
                    });
                }
                if vpce {
                    n.vpc_endpoints.push(VpcEndpoint {
                        id: "vpce-0".into(),
                        vpc_id: "vpc-0".into(),
                        service: "com.amazonaws.ap-northeast-2.s3".into(),
                        prefix_list_id: Some("pl-0".into()),
                        interface: None,
                        ..VpcEndpoint::default()
                    });
                }
                if lb {
                    n.load_balancers.push(LoadBalancer {
                        id: "lb-0".into(),
                        vpc_id: "vpc-0".into(),
                        subnets: vec!["subnet-0".into(), "subnet-1".into()],
                        security_groups: vec!["sg-0".into()],
                        listeners: vec![Listener {
                            port: 80,
                            protocol: "HTTP".into(),
                            target_group: Some("tg-0".into()),
                        }],
                        ..LoadBalancer::default()
                    });
                    n.target_groups.push(TargetGroup {
                        id: "tg-0".into(),
                        port: 8080,
                        targets: vec![
                            Target {
                                id: "i-1".into(),
                                port: None,
                            },
                            Target {
                                id: "10.0.1.9".into(),
                                port: None,
                            },
                        ],
                        ..TargetGroup::default()
                    });
                }
                if db {
                    n.databases.push(Database {
                        id: "db-0".into(),
                        port: 3306,
                        subnet_group: vec!["subnet-2".into()],
                        security_groups: vec!["sg-1".into()],
                        ..Database::default()
                    });
                }
                n
            },
        )
}

fn endpoint() -> impl Strategy<Value = String> {
    prop_oneof![
        id("i"),
        Just("internet".to_string()),
        Just("lb-0".to_string()),
        Just("db-0".to_string()),
        Just("eni-1".to_string()),
        Just("pl-0".to_string()),
        ip(),
        (any::<u8>(), any::<u8>(), any::<u8>()).prop_map(|(a, b, c)| format!("{a}.{b}.{c}.7")),
    ]
}

fn arbitrary_flow() -> impl Strategy<Value = Flow> {
    (
        endpoint(),
        endpoint(),
        protocol(),
        prop::option::of(any::<u16>()),
        prop::option::of(any::<u16>()),
        prop::option::of(any::<u8>()),
    )
        .prop_map(|(from, to, protocol, port, src_port, icmp_type)| Flow {
            from,
            to,
            protocol,
            port,
            src_port,
            icmp_type,
            icmp_code: None,
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn any_network_exports_to_terraform_that_imports_back(net in arbitrary_network()) {
        use sim::network::export::terraform::export_terraform;
        use sim::network::import::terraform::{import_terraform, TerraformSource};
        let out = export_terraform(&net);
        prop_assert_eq!(&out, &export_terraform(&net));
        let source = TerraformSource {
            files: out.files.iter().map(|(n, t)| (format!("m/{n}"), t.clone())).collect(),
            root: "m".into(),
            single_file: None,
            cli_variables: Vec::new(),
        };
        if let Err(e) = import_terraform(&source) {
            let files: String = out.files.iter().map(|(n, t)| format!("==== {n}\n{t}")).collect();
            prop_assert!(false, "the export does not import: {}\n{}", e, files);
        }
    }

    #[test]
    fn nothing_panics_on_arbitrary_networks_and_flows(net in arbitrary_network(), flows in prop::collection::vec(arbitrary_flow(), 1..6)) {
        let _ = lint(&net);
        let ix = NetworkIndex::build(&net);
        for f in &flows {
            if let Ok(t) = ix.trace(f) {
                // An unreachable verdict always names a blocker; a reachable one names none.
                prop_assert_eq!(t.is_reachable(), t.blockers.is_empty());
                let _ = t.to_contract_json();
            }
            let _ = ix.verdict(f);
        }
        let eps = default_endpoints(&ix);
        let _ = reachability_matrix(&ix, &eps, &eps, Protocol::Tcp, &[22, 80]);
        // Every suggested fix applies without panicking.
        for d in lint(&net) {
            if let Some(fix) = d.fix {
                let mut copy = net.clone();
                let _ = fix.apply_to_network(&mut copy);
            }
        }
    }

    #[test]
    fn the_same_input_gives_the_same_output(net in arbitrary_network(), flow in arbitrary_flow()) {
        prop_assert_eq!(lint(&net), lint(&net));
        let a = trace(&net, &flow);
        let b = trace(&net, &flow);
        prop_assert_eq!(a, b);
        // And through a serialised design, as the app and CLI see it.
        let design = Design::new("p", net.clone());
        let back = Design::from_json(&design.to_json_pretty()).unwrap();
        prop_assert_eq!(trace(&back.network, &flow), trace(&net, &flow));
    }

    #[test]
    fn matrix_cells_agree_with_single_traces(net in arbitrary_network()) {
        let ix = NetworkIndex::build(&net);
        let mut eps = default_endpoints(&ix);
        eps.push("internet".into());
        if let Ok(m) = reachability_matrix(&ix, &eps, &eps, Protocol::Tcp, &[22, 80]) {
            for c in m.cells.iter().filter(|c| c.from != c.to) {
                let t = ix.trace(&Flow::tcp(&c.from, &c.to, c.port)).unwrap();
                prop_assert_eq!(c.reachable, t.is_reachable(), "{} → {}:{}", c.from, c.to, c.port);
                prop_assert_eq!(c.reason_code, t.blockers.first().map(|b| b.code), "{} → {}:{}", c.from, c.to, c.port);
            }
        }
    }

    #[test]
    fn loading_arbitrary_text_never_panics(text in ".{0,200}") {
        let _ = Design::from_json(&text);
        let _ = import_aws_json(&text);
    }

    #[test]
    fn loading_arbitrary_aws_shaped_json_never_panics(
        key in prop::sample::select(vec!["Vpcs", "Subnets", "RouteTables", "SecurityGroups", "NetworkAcls", "Reservations", "Instances", "LoadBalancers"]),
        field in prop::sample::select(vec!["VpcId", "CidrBlock", "Routes", "Entries", "IpPermissions", "Instances", "FromPort", "Protocol"]),
        value in prop_oneof![Just(serde_json::json!(null)), Just(serde_json::json!(5)), Just(serde_json::json!("x")), Just(serde_json::json!([])), Just(serde_json::json!({})), Just(serde_json::json!(-1))],
    ) {
        let text = serde_json::json!({ key: [{ field: value }] }).to_string();
        let _ = import_aws_json(&text);
    }
}

// ---- allow-all everywhere: reachable iff routing permits ------------------------------------

#[derive(Clone, Debug)]
struct SubnetPlan {
    /// 0: main table (local only), 1: 0.0.0.0/0 → IGW, 2: 0.0.0.0/0 → NAT.
    table: u8,
    has_instance: bool,
    public_ip: bool,
}

fn plan() -> impl Strategy<Value = (Vec<SubnetPlan>, bool, Option<usize>)> {
    (
        prop::collection::vec(
            (0u8..3, any::<bool>(), any::<bool>()).prop_map(|(table, has_instance, public_ip)| {
                SubnetPlan {
                    table,
                    has_instance,
                    public_ip,
                }
            }),
            1..6,
        ),
        any::<bool>(),
        prop::option::of(0usize..6),
    )
}

fn build(subnets: &[SubnetPlan], igw_attached: bool, nat_subnet: Option<usize>) -> Network {
    let vpc = "vpc-p";
    let allow_all = |id: &str| SecurityGroup {
        id: id.into(),
        name: String::new(),
        vpc_id: vpc.into(),
        description: String::new(),
        ingress: vec![SecurityGroupRule::allow_all("0.0.0.0/0")],
        egress: vec![SecurityGroupRule::allow_all("0.0.0.0/0")],
    };
    let local = || Route {
        destination: RouteDestination::Cidr("10.0.0.0/16".into()),
        target: RouteTarget {
            kind: TargetKind::Local,
            id: "local".into(),
        },
        state: RouteState::Active,
    };
    let default_to = |kind, id: &str| Route {
        destination: RouteDestination::Cidr("0.0.0.0/0".into()),
        target: RouteTarget {
            kind,
            id: id.into(),
        },
        state: RouteState::Active,
    };
    let mut n = Network {
        vpcs: vec![Vpc {
            ipv6_cidr_blocks: Vec::new(),
            id: vpc.into(),
            name: String::new(),
            cidr_blocks: vec!["10.0.0.0/16".into()],
        }],
        internet_gateways: vec![InternetGateway {
            id: "igw-p".into(),
            name: String::new(),
            attached_vpc: igw_attached.then(|| vpc.to_string()),
        }],
        security_groups: vec![allow_all("sg-p")],
        network_acls: vec![NetworkAcl {
            id: "acl-p".into(),
            name: String::new(),
            vpc_id: vpc.into(),
            is_default: true,
            entries: vec![
                NaclEntry::allow_all(100, false),
                NaclEntry::allow_all(100, true),
            ],
            associations: vec![],
        }],
        route_tables: vec![
            RouteTable {
                id: "rtb-main".into(),
                name: String::new(),
                vpc_id: vpc.into(),
                main: true,
                routes: vec![local()],
                associations: vec![],
            },
            RouteTable {
                id: "rtb-igw".into(),
                name: String::new(),
                vpc_id: vpc.into(),
                main: false,
                routes: vec![local(), default_to(TargetKind::Igw, "igw-p")],
                associations: vec![],
            },
            RouteTable {
                id: "rtb-nat".into(),
                name: String::new(),
                vpc_id: vpc.into(),
                main: false,
                routes: vec![local(), default_to(TargetKind::Nat, "nat-p")],
                associations: vec![],
            },
        ],
        ..Network::default()
    };
    for (k, s) in subnets.iter().enumerate() {
        let sid = format!("subnet-{k}");
        n.subnets.push(Subnet {
            ipv6_cidr: None,
            id: sid.clone(),
            name: String::new(),
            vpc_id: vpc.into(),
            cidr: format!("10.0.{k}.0/24"),
            availability_zone: "ap-northeast-2a".into(),
            map_public_ip_on_launch: false,
        });
        match s.table {
            1 => n.route_tables[1].associations.push(sid.clone()),
            2 => n.route_tables[2].associations.push(sid.clone()),
            _ => {}
        }
        if s.has_instance {
            n.instances.push(Instance {
                network_interfaces: Vec::new(),
                ipv6_addresses: Vec::new(),
                id: format!("i-{k}"),
                name: String::new(),
                subnet_id: sid,
                private_ip: format!("10.0.{k}.10"),
                public_ip: s.public_ip.then(|| format!("3.36.0.{}", k + 1)),
                elastic_ip: false,
                eni_id: None,
                secondary_private_ips: vec![],
                node_labels: Default::default(),
                node_taints: vec![],
                security_groups: vec!["sg-p".into()],
                source_dest_check: true,
                role: InstanceRole::Plain,
                instance_type: String::new(),
            });
        }
    }
    if let Some(k) = nat_subnet.filter(|k| *k < subnets.len()) {
        n.nat_gateways.push(NatGateway {
            id: "nat-p".into(),
            subnet_id: format!("subnet-{k}"),
            public_ip: Some("3.36.9.9".into()),
            private_ip: Some(format!("10.0.{k}.200")),
            ..NatGateway::default()
        });
    }
    n
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn with_allow_all_filters_reachability_is_exactly_routing((subnets, igw_attached, nat_subnet) in plan(), port in 1u16..65535) {
        let net = build(&subnets, igw_attached, nat_subnet);
        let nat_subnet = nat_subnet.filter(|k| *k < subnets.len());
        // The oracle, from the reference: I1 (IGW attached, route to it, public IP), N2 (the
        // NAT's own subnet routes to the IGW), R4 (the local route joins every subnet).
        let direct = |k: usize| igw_attached && subnets[k].table == 1 && subnets[k].public_ip;
        let via_nat = |k: usize| subnets[k].table == 2 && nat_subnet.map(|s| s != k && igw_attached && subnets[s].table == 1).unwrap_or(false);
        for (a, sa) in subnets.iter().enumerate() {
            if !sa.has_instance {
                continue;
            }
            let from = format!("i-{a}");
            for (b, sb) in subnets.iter().enumerate() {
                if sb.has_instance && a != b {
                    let t = trace(&net, &Flow::tcp(&from, &format!("i-{b}"), port)).unwrap();
                    prop_assert!(t.is_reachable(), "instances in one VPC always reach each other (R4): {:?}", t.blockers);
                }
            }
            let out = trace(&net, &Flow::tcp(&from, "internet", port)).unwrap();
            prop_assert_eq!(out.is_reachable(), direct(a) || via_nat(a), "i-{} → internet: {:?}", a, out.blockers);
            let inbound = trace(&net, &Flow::tcp("internet", &from, port)).unwrap();
            prop_assert_eq!(inbound.is_reachable(), direct(a), "internet → i-{}: {:?}", a, inbound.blockers);
        }
    }
}
