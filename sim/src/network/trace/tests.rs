//! Table-driven tracer tests: one case per semantic point, each naming the rule it follows
//! (ids from shared/reference/aws-vpc.md).

use super::*;
use crate::network::model::*;
use crate::network::samples::sample_network;

type Edit = Box<dyn Fn(&mut Network)>;

enum Expect {
    Reachable,
    Blocked {
        by: &'static str,
        code: &'static str,
        side: PathSide,
    },
}
use Expect::*;

fn flow(from: &str, to: &str, protocol: Protocol, port: u16) -> Flow {
    Flow {
        from: from.into(),
        to: to.into(),
        protocol,
        port: Some(port),
        src_port: None,
        icmp_type: None,
        icmp_code: None,
    }
}

fn tcp(from: &str, to: &str, port: u16) -> Flow {
    flow(from, to, Protocol::Tcp, port)
}

fn route(cidr: &str, kind: TargetKind, id: &str) -> Route {
    Route {
        destination: RouteDestination::Cidr(cidr.into()),
        target: RouteTarget {
            kind,
            id: id.into(),
        },
        state: RouteState::Active,
    }
}

fn no_igw_route(n: &mut Network) {
    n.route_tables[1]
        .routes
        .retain(|r| r.target.kind != TargetKind::Igw);
}

fn custom_nacl(n: &mut Network, subnet: &str, entries: Vec<NaclEntry>) {
    n.network_acls.push(NetworkAcl {
        id: "acl-custom".into(),
        name: "custom".into(),
        vpc_id: "vpc-0a1b2c3d".into(),
        is_default: false,
        entries,
        associations: vec![subnet.into()],
    });
}

fn entry(
    rule_number: u32,
    egress: bool,
    protocol: Protocol,
    ports: Option<(u16, u16)>,
    action: RuleAction,
) -> NaclEntry {
    NaclEntry {
        rule_number,
        egress,
        protocol,
        ports: ports.map(|(from, to)| PortRange { from, to }),
        icmp: None,
        cidr: "0.0.0.0/0".into(),
        action,
    }
}

/// A public NAT gateway in the public subnet and 0.0.0.0/0 → NAT in the main table.
fn with_nat(n: &mut Network) {
    n.nat_gateways.push(NatGateway {
        id: "nat-0a".into(),
        name: "nat-a".into(),
        subnet_id: "subnet-0a11".into(),
        connectivity: NatConnectivity::Public,
        public_ip: Some("3.36.99.1".into()),
        allocation_id: None,
        private_ip: Some("10.0.1.50".into()),
        state: NatState::Available,
    });
    n.route_tables[0]
        .routes
        .push(route("0.0.0.0/0", TargetKind::Nat, "nat-0a"));
}

/// VPCs B (10.1.0.0/16) and C (10.2.0.0/16) peered with A; one instance in each, SGs open to 10.0.0.0/8.
fn with_peers(n: &mut Network) {
    for (v, cidr, pcx) in [("b", "10.1", "pcx-ab"), ("c", "10.2", "pcx-ac")] {
        let vpc = format!("vpc-{v}");
        n.vpcs.push(Vpc {
            ipv6_cidr_blocks: Vec::new(),
            id: vpc.clone(),
            name: v.into(),
            cidr_blocks: vec![format!("{cidr}.0.0/16")],
        });
        n.subnets.push(Subnet {
            ipv6_cidr: None,
            id: format!("subnet-{v}"),
            name: format!("{v}-a"),
            vpc_id: vpc.clone(),
            cidr: format!("{cidr}.1.0/24"),
            availability_zone: "ap-northeast-2a".into(),
            map_public_ip_on_launch: false,
        });
        n.route_tables.push(RouteTable {
            id: format!("rtb-{v}"),
            name: String::new(),
            vpc_id: vpc.clone(),
            main: true,
            routes: vec![
                route(&format!("{cidr}.0.0/16"), TargetKind::Local, "local"),
                route("10.0.0.0/16", TargetKind::Pcx, pcx),
            ],
            associations: vec![],
        });
        n.security_groups.push(SecurityGroup {
            id: format!("sg-{v}"),
            name: v.into(),
            vpc_id: vpc.clone(),
            description: String::new(),
            ingress: vec![SecurityGroupRule::allow_all("10.0.0.0/8")],
            egress: vec![SecurityGroupRule::allow_all("0.0.0.0/0")],
        });
        n.instances.push(Instance {
            id: format!("i-{v}"),
            name: format!("server-{v}"),
            subnet_id: format!("subnet-{v}"),
            private_ip: format!("{cidr}.1.10"),
            security_groups: vec![format!("sg-{v}")],
            source_dest_check: true,
            ..Instance::default()
        });
        n.peering_connections.push(PeeringConnection {
            id: pcx.into(),
            name: String::new(),
            requester_vpc: "vpc-0a1b2c3d".into(),
            accepter_vpc: vpc,
            status: PeeringStatus::Active,
        });
        n.route_tables[0]
            .routes
            .push(route(&format!("{cidr}.0.0/16"), TargetKind::Pcx, pcx));
    }
}

/// An S3 gateway endpoint on the main table with its prefix list.
fn with_s3(n: &mut Network) {
    n.prefix_lists.push(PrefixList {
        id: "pl-78a54011".into(),
        name: "com.amazonaws.ap-northeast-2.s3".into(),
        cidrs: vec!["52.219.56.0/22".into()],
        ..PrefixList::default()
    });
    n.vpc_endpoints.push(VpcEndpoint {
        id: "vpce-s3".into(),
        name: String::new(),
        vpc_id: "vpc-0a1b2c3d".into(),
        service: "com.amazonaws.ap-northeast-2.s3".into(),
        endpoint_type: EndpointType::Gateway,
        route_table_ids: vec!["rtb-0main".into()],
        prefix_list_id: Some("pl-78a54011".into()),
        interface: None,
    });
    n.route_tables[0].routes.push(Route {
        destination: RouteDestination::PrefixList("pl-78a54011".into()),
        target: RouteTarget {
            kind: TargetKind::Vpce,
            id: "vpce-s3".into(),
        },
        state: RouteState::Active,
    });
}

/// An internet-facing ALB in the public subnet: listener 80 → target group (8080) → app.
fn with_alb(n: &mut Network) {
    n.security_groups.push(SecurityGroup {
        id: "sg-alb".into(),
        name: "alb".into(),
        vpc_id: "vpc-0a1b2c3d".into(),
        description: String::new(),
        ingress: vec![SecurityGroupRule::tcp_from_cidr(80, "0.0.0.0/0", "http")],
        egress: vec![SecurityGroupRule::allow_all("0.0.0.0/0")],
    });
    n.load_balancers.push(LoadBalancer {
        id: "lb-web".into(),
        arn: Some("arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:loadbalancer/app/web/50dc6c495c0c9188".into()),
        name: "web".into(),
        kind: LoadBalancerKind::Application,
        scheme: LoadBalancerScheme::InternetFacing,
        vpc_id: "vpc-0a1b2c3d".into(),
        subnets: vec!["subnet-0a11".into()],
        security_groups: vec!["sg-alb".into()],
        listeners: vec![Listener { port: 80, protocol: "HTTP".into(), target_group: Some("tg-app".into()) }],
    });
    n.target_groups.push(TargetGroup {
        id: "tg-app".into(),
        name: "app".into(),
        protocol: "HTTP".into(),
        port: 8080,
        vpc_id: "vpc-0a1b2c3d".into(),
        targets: vec![Target {
            id: "i-0app".into(),
            port: None,
        }],
    });
}

/// A MySQL database in the private subnet, open on 3306 to the app tier's group.
fn with_db(n: &mut Network) {
    n.security_groups.push(SecurityGroup {
        id: "sg-db".into(),
        name: "db".into(),
        vpc_id: "vpc-0a1b2c3d".into(),
        description: String::new(),
        ingress: vec![SecurityGroupRule::tcp_from_group(
            3306,
            "sg-0app",
            "mysql from app",
        )],
        egress: vec![],
    });
    n.databases.push(Database {
        id: "db-orders".into(),
        name: "orders".into(),
        engine: "mysql".into(),
        port: 3306,
        subnet_group: vec!["subnet-0b22".into()],
        security_groups: vec!["sg-db".into()],
        multi_az: false,
        private_ip: Some("10.0.2.30".into()),
        publicly_accessible: false,
    });
}

fn cases() -> Vec<(&'static str, Edit, Flow, Expect)> {
    let admin = "203.0.113.10";
    vec![
        ("the admin can SSH to the bastion through the internet gateway (I1, I2)", Box::new(|_| {}), tcp(admin, "i-0bastion", 22), Reachable),
        ("the admin can address the bastion by its public IP (I2)", Box::new(|_| {}), tcp(admin, "3.36.10.20", 22), Reachable),
        (
            "any other internet host is refused by the bastion's group (S2)",
            Box::new(|_| {}),
            tcp("internet", "i-0bastion", 22),
            Blocked { by: "sg-0bastion", code: "ENI_SG_RULES_MISMATCH", side: PathSide::Forward },
        ),
        (
            "seed 004: without 0.0.0.0/0 → igw the bastion's replies are dropped (I1b, R11)",
            Box::new(no_igw_route),
            tcp(admin, "i-0bastion", 22),
            Blocked { by: "rtb-0public", code: "NO_ROUTE_TO_DESTINATION", side: PathSide::Return },
        ),
        ("the bastion reaches the app by the group reference (S5)", Box::new(|_| {}), tcp("i-0bastion", "i-0app", 22), Reachable),
        (
            "the app cannot SSH to the bastion (S2)",
            Box::new(|_| {}),
            tcp("i-0app", "i-0bastion", 22),
            Blocked { by: "sg-0bastion", code: "ENI_SG_RULES_MISMATCH", side: PathSide::Forward },
        ),
        (
            "the internet cannot reach a private address through the IGW (I4)",
            Box::new(|_| {}),
            tcp("internet", "i-0app", 22),
            Blocked { by: "igw-0c3d4e5f", code: "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS", side: PathSide::Forward },
        ),
        ("security groups are stateful: replies need no inbound rule (S1)", Box::new(|_| {}), tcp("i-0bastion", "internet", 443), Reachable),
        (
            "a lower-numbered NACL deny wins over a later allow (A2)",
            Box::new(|n| custom_nacl(n, "subnet-0a11", vec![
                entry(50, false, Protocol::Tcp, Some((22, 22)), RuleAction::Deny),
                entry(100, false, Protocol::All, None, RuleAction::Allow),
                entry(100, true, Protocol::All, None, RuleAction::Allow),
            ])),
            tcp(admin, "i-0bastion", 22),
            Blocked { by: "acl-custom", code: "SUBNET_ACL_RESTRICTION", side: PathSide::Forward },
        ),
        (
            "NACLs are stateless: replies to the client's ephemeral port need an outbound rule (A1, A7)",
            Box::new(|n| custom_nacl(n, "subnet-0a11", vec![
                entry(100, false, Protocol::Tcp, Some((22, 22)), RuleAction::Allow),
                entry(100, true, Protocol::Tcp, Some((443, 443)), RuleAction::Allow),
            ])),
            tcp(admin, "i-0bastion", 22),
            Blocked { by: "acl-custom", code: "SUBNET_ACL_RESTRICTION", side: PathSide::Return },
        ),
        (
            "NACLs with ephemeral ports open in both directions pass (A7)",
            Box::new(|n| custom_nacl(n, "subnet-0a11", vec![
                entry(100, false, Protocol::Tcp, Some((22, 22)), RuleAction::Allow),
                entry(100, true, Protocol::Tcp, Some((1024, 65535)), RuleAction::Allow),
            ])),
            tcp(admin, "i-0bastion", 22),
            Reachable,
        ),
        (
            "a custom NACL without rules denies everything with its * rule (A3, A4)",
            Box::new(|n| custom_nacl(n, "subnet-0b22", vec![])),
            tcp("i-0bastion", "i-0app", 22),
            Blocked { by: "acl-custom", code: "SUBNET_ACL_RESTRICTION", side: PathSide::Forward },
        ),
        (
            "within one subnet the NACL and route table are not used (§0)",
            Box::new(|n| {
                custom_nacl(n, "subnet-0b22", vec![]);
                n.instances.push(Instance {
                    id: "i-0app2".into(),
                    name: "app2".into(),
                    subnet_id: "subnet-0b22".into(),
                    private_ip: "10.0.2.21".into(),
                    security_groups: vec!["sg-0app".into()],
                    source_dest_check: true,
                    ..Instance::default()
                });
            }),
            tcp("i-0app2", "i-0app", 8080),
            Reachable,
        ),
        (
            "a blackhole route is selected by longest prefix and drops, with no fallback (R9, R10)",
            Box::new(|n| n.route_tables[1].routes.push(Route { state: RouteState::Blackhole, ..route("203.0.113.0/24", TargetKind::Nat, "nat-deleted") })),
            tcp(admin, "i-0bastion", 22),
            Blocked { by: "rtb-0public", code: "BAD_STATE_ROUTE", side: PathSide::Return },
        ),
        (
            "a more specific active route wins over 0.0.0.0/0 (R6)",
            Box::new(|n| n.route_tables[1].routes.push(route("203.0.113.0/24", TargetKind::Igw, "igw-0c3d4e5f"))),
            tcp(admin, "i-0bastion", 22),
            Reachable,
        ),
        ("a private instance reaches the internet through a NAT gateway (N1, N2, N3)", Box::new(with_nat), tcp("i-0app", "internet", 443), Reachable),
        (
            "a NAT gateway in a subnet without an IGW route cannot reach the internet (N2)",
            Box::new(|n| {
                with_nat(n);
                n.nat_gateways[0].subnet_id = "subnet-0c33".into();
                n.nat_gateways[0].private_ip = Some("10.0.3.50".into());
                n.subnets.push(Subnet { ipv6_cidr: None, id: "subnet-0c33".into(), name: "nat-private".into(), vpc_id: "vpc-0a1b2c3d".into(), cidr: "10.0.3.0/24".into(), availability_zone: "ap-northeast-2a".into(), map_public_ip_on_launch: false });
                n.route_tables.push(RouteTable { id: "rtb-nat".into(), name: String::new(), vpc_id: "vpc-0a1b2c3d".into(), main: false, routes: vec![], associations: vec!["subnet-0c33".into()] });
            }),
            tcp("i-0app", "internet", 443),
            Blocked { by: "rtb-nat", code: "NO_ROUTE_TO_DESTINATION", side: PathSide::Forward },
        ),
        (
            "routes that send the NAT gateway's own traffic back to it loop and are stopped (loop guard)",
            Box::new(|n| {
                with_nat(n);
                n.route_tables[1].associations.clear();
            }),
            tcp("i-0app", "internet", 443),
            Blocked { by: "subnet-0a11", code: "ROUTING_LOOP", side: PathSide::Forward },
        ),
        (
            "a route to a deleted NAT gateway is a blackhole (R9)",
            Box::new(|n| {
                with_nat(n);
                n.nat_gateways[0].state = NatState::Deleted;
            }),
            tcp("i-0app", "internet", 443),
            Blocked { by: "rtb-0main", code: "BAD_STATE_ROUTE", side: PathSide::Forward },
        ),
        (
            "a private NAT gateway cannot use the internet gateway (N6)",
            Box::new(|n| {
                with_nat(n);
                n.nat_gateways[0].connectivity = NatConnectivity::Private;
            }),
            tcp("i-0app", "internet", 443),
            Blocked { by: "igw-0c3d4e5f", code: "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS", side: PathSide::Forward },
        ),
        (
            "the NAT subnet's NACL must allow the NAT's return ports (N4, A7)",
            Box::new(|n| {
                with_nat(n);
                custom_nacl(n, "subnet-0a11", vec![
                    entry(100, false, Protocol::Tcp, Some((443, 443)), RuleAction::Allow),
                    entry(100, true, Protocol::All, None, RuleAction::Allow),
                ]);
            }),
            tcp("i-0app", "internet", 443),
            Blocked { by: "acl-custom", code: "SUBNET_ACL_RESTRICTION", side: PathSide::Return },
        ),
        ("peered VPCs talk when both sides route to the peering (P1)", Box::new(with_peers), tcp("i-0app", "i-b", 5432), Reachable),
        (
            "peering is not transitive (P2, P4)",
            Box::new(|n| {
                with_peers(n);
                let b = n.route_tables.iter_mut().find(|t| t.id == "rtb-b").unwrap();
                b.routes.push(route("10.2.0.0/16", TargetKind::Pcx, "pcx-ab"));
            }),
            tcp("i-b", "i-c", 5432),
            Blocked { by: "pcx-ab", code: "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR", side: PathSide::Forward },
        ),
        (
            "without the peer's return route replies are dropped (P1)",
            Box::new(|n| {
                with_peers(n);
                let b = n.route_tables.iter_mut().find(|t| t.id == "rtb-b").unwrap();
                b.routes.retain(|r| r.target.kind == TargetKind::Local);
            }),
            tcp("i-0app", "i-b", 5432),
            Blocked { by: "rtb-b", code: "NO_ROUTE_TO_DESTINATION", side: PathSide::Return },
        ),
        (
            "a peering connection that is not active is a blackhole (R9, P6)",
            Box::new(|n| {
                with_peers(n);
                n.peering_connections[0].status = PeeringStatus::PendingAcceptance;
            }),
            tcp("i-0app", "i-b", 5432),
            Blocked { by: "rtb-0main", code: "BAD_STATE_ROUTE", side: PathSide::Forward },
        ),
        (
            "no edge-to-edge routing: a peer cannot use this VPC's NAT gateway (P3)",
            Box::new(|n| {
                with_peers(n);
                with_nat(n);
                let b = n.route_tables.iter_mut().find(|t| t.id == "rtb-b").unwrap();
                b.routes.push(route("0.0.0.0/0", TargetKind::Pcx, "pcx-ab"));
            }),
            tcp("i-b", "internet", 443),
            Blocked { by: "pcx-ab", code: "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR", side: PathSide::Forward },
        ),
        ("a gateway endpoint carries S3 traffic without NAT (E1, R12)", Box::new(with_s3), tcp("i-0app", "pl-78a54011", 443), Reachable),
        (
            "the prefix-list route wins over 0.0.0.0/0 → NAT (R12)",
            Box::new(|n| {
                with_nat(n);
                with_s3(n);
                n.nat_gateways[0].state = NatState::Deleted;
            }),
            tcp("i-0app", "pl-78a54011", 443),
            Reachable,
        ),
        (
            "gateway endpoints accept only TCP or ICMP echo (E3)",
            Box::new(with_s3),
            flow("i-0app", "pl-78a54011", Protocol::Udp, 443),
            Blocked { by: "vpce-s3", code: "VPCE_GATEWAY_PROTOCOL_RESTRICTION", side: PathSide::Forward },
        ),
        (
            "an instance that forwards others' traffic needs its source/destination check off",
            Box::new(|n| {
                n.instances.push(Instance { network_interfaces: Vec::new(), ipv6_addresses: Vec::new(),
                    id: "i-0natbox".into(),
                    name: "nat-instance".into(),
                    subnet_id: "subnet-0a11".into(),
                    private_ip: "10.0.1.60".into(),
                    public_ip: Some("3.36.50.50".into()),
                    elastic_ip: true,
                    eni_id: Some("eni-0natbox".into()),
                    secondary_private_ips: vec![],
                    node_labels: Default::default(),
                    node_taints: vec![],
                    security_groups: vec!["sg-0default".into(), "sg-0app".into()],
                    source_dest_check: true,
                    role: InstanceRole::NatInstance,
                    instance_type: "t3.nano".into(),
                });
                n.security_groups[2].ingress.push(SecurityGroupRule::allow_all("10.0.0.0/16"));
                n.route_tables[0].routes.push(route("0.0.0.0/0", TargetKind::Eni, "eni-0natbox"));
            }),
            tcp("i-0app", "internet", 443),
            Blocked { by: "i-0natbox", code: "ENI_SOURCE_DEST_CHECK_RESTRICTION", side: PathSide::Forward },
        ),
        (
            "a NAT instance with the check off translates and forwards (R5)",
            Box::new(|n| {
                n.instances.push(Instance { network_interfaces: Vec::new(), ipv6_addresses: Vec::new(),
                    id: "i-0natbox".into(),
                    name: "nat-instance".into(),
                    subnet_id: "subnet-0a11".into(),
                    private_ip: "10.0.1.60".into(),
                    public_ip: Some("3.36.50.50".into()),
                    elastic_ip: true,
                    eni_id: Some("eni-0natbox".into()),
                    secondary_private_ips: vec![],
                    node_labels: Default::default(),
                    node_taints: vec![],
                    security_groups: vec!["sg-0app".into()],
                    source_dest_check: false,
                    role: InstanceRole::NatInstance,
                    instance_type: "t3.nano".into(),
                });
                n.security_groups[2].ingress.push(SecurityGroupRule::allow_all("10.0.0.0/16"));
                n.route_tables[0].routes.push(route("0.0.0.0/0", TargetKind::Instance, "i-0natbox"));
            }),
            tcp("i-0app", "internet", 443),
            Reachable,
        ),
        ("an ALB proxies to its target on the target port (L2, L4)", Box::new(with_alb), tcp("internet", "lb-web", 80), Reachable),
        ("a load balancer can be named by its ARN (L8)", Box::new(with_alb), tcp("internet", "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:loadbalancer/app/web/50dc6c495c0c9188", 80), Reachable),
        (
            "a port without a listener is refused even if the group allows it (L4)",
            Box::new(|n| {
                with_alb(n);
                n.security_groups[3].ingress.push(SecurityGroupRule::tcp_from_cidr(443, "0.0.0.0/0", "https"));
            }),
            tcp("internet", "lb-web", 443),
            Blocked { by: "lb-web", code: "ELBV2_LISTENERS_MISMATCH", side: PathSide::Forward },
        ),
        (
            "the target's group must admit the load balancer, not the client (L2)",
            Box::new(|n| {
                with_alb(n);
                n.security_groups[2].ingress[1].peer = RulePeer::Cidr("203.0.113.10/32".into());
            }),
            tcp("internet", "lb-web", 80),
            Blocked { by: "sg-0app", code: "ENI_SG_RULES_MISMATCH", side: PathSide::Forward },
        ),
        (
            "the ALB's own group must allow the client (L1)",
            Box::new(|n| {
                with_alb(n);
                n.security_groups[3].ingress.clear();
            }),
            tcp("internet", "lb-web", 80),
            Blocked { by: "sg-alb", code: "SG_HAS_NO_RULES", side: PathSide::Forward },
        ),
        (
            "an NLB without security groups keeps the client address, so the target must allow the client (L6)",
            Box::new(|n| {
                with_alb(n);
                let lb = &mut n.load_balancers[0];
                lb.kind = LoadBalancerKind::Network;
                lb.security_groups.clear();
                lb.listeners[0].protocol = "TCP".into();
            }),
            tcp("internet", "lb-web", 80),
            Blocked { by: "sg-0app", code: "ENI_SG_RULES_MISMATCH", side: PathSide::Forward },
        ),
        (
            "an NLB target that allows the clients' addresses is reachable (L6)",
            Box::new(|n| {
                with_alb(n);
                let lb = &mut n.load_balancers[0];
                lb.kind = LoadBalancerKind::Network;
                lb.security_groups.clear();
                lb.listeners[0].protocol = "TCP".into();
                n.security_groups[2].ingress.push(SecurityGroupRule::tcp_from_cidr(8080, "0.0.0.0/0", "clients via the NLB"));
            }),
            tcp("internet", "lb-web", 80),
            Reachable,
        ),
        ("the app reaches its database on the database port (S5)", Box::new(with_db), tcp("i-0app", "db-orders", 3306), Reachable),
        (
            "the bastion is not in the app group, so the database refuses it (S5)",
            Box::new(with_db),
            tcp("i-0bastion", "db-orders", 3306),
            Blocked { by: "sg-db", code: "ENI_SG_RULES_MISMATCH", side: PathSide::Forward },
        ),
        (
            "the IGW does not send traffic to private addresses (I4)",
            Box::new(|_| {}),
            tcp("i-0bastion", "172.16.0.5", 22),
            Blocked { by: "igw-0c3d4e5f", code: "IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS", side: PathSide::Forward },
        ),
        (
            "an instance without a public IP cannot use the IGW (I1c, I3)",
            Box::new(|n| n.instances[0].public_ip = None),
            tcp("i-0bastion", "internet", 443),
            Blocked { by: "igw-0c3d4e5f", code: "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS", side: PathSide::Forward },
        ),
        (
            "a group with no outbound rules allows nothing out (S3)",
            Box::new(|n| n.security_groups[1].egress.clear()),
            tcp("i-0bastion", "internet", 443),
            Blocked { by: "sg-0bastion", code: "SG_HAS_NO_RULES", side: PathSide::Forward },
        ),
        (
            "ICMP echo replies (type 0) must pass a stateless NACL (A1)",
            Box::new(|n| custom_nacl(n, "subnet-0a11", vec![
                NaclEntry { icmp: Some(IcmpMatch { icmp_type: Some(8), code: None }), ..entry(100, false, Protocol::Icmp, None, RuleAction::Allow) },
                entry(100, true, Protocol::All, None, RuleAction::Allow),
            ])),
            flow("i-0bastion", "internet", Protocol::Icmp, 0),
            Blocked { by: "acl-custom", code: "SUBNET_ACL_RESTRICTION", side: PathSide::Return },
        ),
        (
            "several groups on one interface combine their rules (S7)",
            Box::new(|n| {
                n.security_groups.push(SecurityGroup {
                    id: "sg-web".into(),
                    name: "web".into(),
                    vpc_id: "vpc-0a1b2c3d".into(),
                    description: String::new(),
                    ingress: vec![SecurityGroupRule::tcp_from_cidr(443, "0.0.0.0/0", "https")],
                    egress: vec![],
                });
                n.instances[0].security_groups.push("sg-web".into());
            }),
            tcp("internet", "i-0bastion", 443),
            Reachable,
        ),
        (
            "a detached internet gateway lets nothing in (I1a)",
            Box::new(|n| n.internet_gateways[0].attached_vpc = None),
            tcp(admin, "i-0bastion", 22),
            Blocked { by: "igw-0c3d4e5f", code: "BAD_STATE_ATTACHMENT", side: PathSide::Forward },
        ),
        (
            "a subnet without an explicit table uses the main table (R1, R3)",
            Box::new(|n| n.route_tables[1].associations.clear()),
            tcp(admin, "i-0bastion", 22),
            Blocked { by: "rtb-0main", code: "NO_ROUTE_TO_DESTINATION", side: PathSide::Return },
        ),
    ]
}

#[test]
fn tracer_cases() {
    for (name, edit, flow, expect) in cases() {
        let mut net = sample_network();
        edit(&mut net);
        let t = trace(&net, &flow).unwrap_or_else(|e| panic!("{name}: {e}"));
        match expect {
            Reachable => assert!(
                t.is_reachable(),
                "{name}: expected reachable, got {:#?}",
                t.blockers
            ),
            Blocked { by, code, side } => {
                let first = t
                    .blockers
                    .first()
                    .unwrap_or_else(|| panic!("{name}: expected a blocker, got reachable"));
                assert_eq!(
                    (first.component.as_str(), first.code.as_str(), first.side),
                    (by, code, side),
                    "{name}: {:#?}",
                    t.blockers
                );
                assert!(!first.explanation.is_empty(), "{name}");
            }
        }
        // The verdict-only mode agrees with the explaining mode.
        let ix = NetworkIndex::build(&net);
        let (ok, first) = ix.verdict(&flow).unwrap();
        assert_eq!(ok, t.is_reachable(), "{name}: verdict-only disagrees");
        assert_eq!(
            first.as_ref().map(|b| b.component.clone()),
            t.blockers.first().map(|b| b.component.clone()),
            "{name}: verdict-only blocker"
        );
        assert_eq!(
            first.map(|b| b.explanation.is_empty()),
            t.blockers.first().map(|_| false),
            "{name}: the verdict explains its blocker"
        );
    }
}

#[test]
fn every_hop_names_its_component_decision_and_rule() {
    let t = trace(&sample_network(), &tcp("203.0.113.10", "i-0bastion", 22)).unwrap();
    let kinds: Vec<ComponentKind> = t.hops.iter().map(|h| h.kind).collect();
    assert_eq!(
        kinds,
        vec![
            ComponentKind::InternetGateway,
            ComponentKind::NetworkAcl,
            ComponentKind::SecurityGroup,
            ComponentKind::Instance
        ],
        "{:#?}",
        t.hops
    );
    let sg = &t.hops[2];
    assert_eq!(sg.decision, Decision::Allow);
    assert!(
        matches!(&sg.rule, DecidingRule::SecurityGroupRule { security_group, index: 0, .. } if security_group == "sg-0bastion")
    );
    let back: Vec<ComponentKind> = t.return_hops.iter().map(|h| h.kind).collect();
    assert_eq!(
        back,
        vec![
            ComponentKind::SecurityGroup,
            ComponentKind::NetworkAcl,
            ComponentKind::RouteTable,
            ComponentKind::InternetGateway,
            ComponentKind::Internet
        ],
        "{:#?}",
        t.return_hops
    );
    assert_eq!(
        t.return_hops[0].decision,
        Decision::Skip,
        "the reply skips the stateful group (S1)"
    );
    assert!(
        matches!(&t.return_hops[2].rule, DecidingRule::Route { destination, target, .. } if destination == "0.0.0.0/0" && target == "igw-0c3d4e5f")
    );
}

#[test]
fn blocked_path_analysis_lists_every_blocker_in_path_order() {
    // Seed 004 plus a bastion group that forgot the admin: both must change.
    let mut net = sample_network();
    no_igw_route(&mut net);
    net.security_groups[1].ingress.clear();
    let t = trace(&net, &tcp("203.0.113.10", "i-0bastion", 22)).unwrap();
    let found: Vec<(&str, &str, PathSide)> = t
        .blockers
        .iter()
        .map(|b| (b.component.as_str(), b.code.as_str(), b.side))
        .collect();
    assert_eq!(
        found,
        vec![
            ("sg-0bastion", "SG_HAS_NO_RULES", PathSide::Forward),
            ("rtb-0public", "NO_ROUTE_TO_DESTINATION", PathSide::Return)
        ]
    );
    let json = t.to_contract_json();
    assert_eq!(json["blocked_by"], "sg-0bastion");
    assert_eq!(json["also_blocked_by"][0]["component"], "rtb-0public");
}

#[test]
fn applying_the_suggested_fixes_makes_the_flow_reachable() {
    let mut net = sample_network();
    no_igw_route(&mut net);
    net.security_groups[1].ingress.clear();
    let flow = tcp("203.0.113.10", "i-0bastion", 22);
    for _ in 0..4 {
        let t = trace(&net, &flow).unwrap();
        if t.is_reachable() {
            return;
        }
        let fix = t.blockers[0]
            .fix
            .clone()
            .expect("every blocker here has a fix");
        fix.apply_to_network(&mut net).unwrap();
    }
    panic!("fixes did not converge");
}

#[test]
fn the_seed_004_fix_adds_the_igw_route_to_the_public_table() {
    let mut net = sample_network();
    no_igw_route(&mut net);
    let t = trace(&net, &tcp("203.0.113.10", "i-0bastion", 22)).unwrap();
    let fix = t.blockers[0].fix.as_ref().unwrap();
    assert_eq!(fix.summary, "add 0.0.0.0/0 → igw-0c3d4e5f to rtb-0public");
    assert!(
        t.blockers[0]
            .explanation
            .contains("Route table rtb-0public of subnet public-a (subnet-0a11) has no route"),
        "{}",
        t.blockers[0].explanation
    );
}

#[test]
fn the_nat_path_shows_both_translations_and_the_reverse_on_return_n3() {
    let mut net = sample_network();
    with_nat(&mut net);
    let t = trace(&net, &tcp("i-0app", "internet", 443)).unwrap();
    let translations: Vec<&str> = t
        .hops
        .iter()
        .filter(|h| h.decision == Decision::Translate)
        .map(|h| h.component.as_str())
        .collect();
    assert_eq!(translations, vec!["nat-0a", "igw-0c3d4e5f"]);
    let back: Vec<&str> = t
        .return_hops
        .iter()
        .filter(|h| h.decision == Decision::Translate)
        .map(|h| h.component.as_str())
        .collect();
    assert_eq!(back, vec!["igw-0c3d4e5f", "nat-0a"]);
    assert!(
        t.hops.iter().any(|h| h.packet.contains("3.36.99.1")),
        "the NAT's Elastic IP is the source on the internet"
    );
}

#[test]
fn malformed_flows_are_errors_not_verdicts() {
    let net = sample_network();
    assert!(matches!(
        trace(&net, &tcp("i-nope", "i-0app", 22)),
        Err(FlowError::UnknownEndpoint { .. })
    ));
    assert!(matches!(
        trace(&net, &tcp("10.0.9.9", "i-0app", 22)),
        Err(FlowError::UnknownEndpoint { .. })
    ));
    let no_port = Flow {
        port: None,
        ..tcp("i-0bastion", "i-0app", 22)
    };
    assert!(matches!(
        trace(&net, &no_port),
        Err(FlowError::PortRequired { .. })
    ));
}

#[test]
fn the_same_flow_traced_twice_gives_the_same_trace() {
    let mut net = sample_network();
    with_nat(&mut net);
    with_alb(&mut net);
    for f in [
        tcp("internet", "lb-web", 80),
        tcp("i-0app", "internet", 443),
        tcp("internet", "i-0app", 22),
    ] {
        assert_eq!(trace(&net, &f).unwrap(), trace(&net, &f).unwrap());
    }
}

#[test]
fn the_matrix_agrees_with_single_traces() {
    let mut net = sample_network();
    with_db(&mut net);
    let ix = NetworkIndex::build(&net);
    let eps = matrix::default_endpoints(&ix);
    let m = reachability_matrix(&ix, &eps, &eps, Protocol::Tcp, &[22, 3306]).unwrap();
    assert_eq!(m.cells.len(), eps.len() * eps.len() * 2);
    for c in &m.cells {
        if c.from == c.to {
            continue;
        }
        let t = ix.trace(&tcp(&c.from, &c.to, c.port)).unwrap();
        assert_eq!(
            c.reachable,
            t.is_reachable(),
            "{} → {}:{}",
            c.from,
            c.to,
            c.port
        );
    }
    let app_db = m
        .cells
        .iter()
        .find(|c| c.from == "i-0app" && c.to == "db-orders" && c.port == 3306)
        .unwrap();
    assert!(app_db.reachable);
}

#[test]
fn vpcs_joined_by_nothing_are_disconnected_in_the_matrix() {
    // A second VPC with no peering and no internet gateway: the component graph has no path.
    let mut net = sample_network();
    net.vpcs.push(Vpc {
        ipv6_cidr_blocks: Vec::new(),
        id: "vpc-island".into(),
        name: "island".into(),
        cidr_blocks: vec!["10.9.0.0/16".into()],
    });
    net.subnets.push(Subnet {
        ipv6_cidr: None,
        id: "subnet-island".into(),
        name: "island-a".into(),
        vpc_id: "vpc-island".into(),
        cidr: "10.9.1.0/24".into(),
        availability_zone: "ap-northeast-2a".into(),
        map_public_ip_on_launch: false,
    });
    net.instances.push(Instance {
        id: "i-island".into(),
        subnet_id: "subnet-island".into(),
        private_ip: "10.9.1.10".into(),
        source_dest_check: true,
        ..Instance::default()
    });
    let ix = NetworkIndex::build(&net);
    let eps = vec!["i-0app".to_string(), "i-island".to_string()];
    let m = reachability_matrix(&ix, &eps, &eps, Protocol::Tcp, &[22]).unwrap();
    let cell = m.cell(0, 1, 0).unwrap();
    assert!(!cell.reachable);
    assert_eq!(cell.reason_code, Some(ReasonCode::DisconnectedVpcs));
    // The full trace agrees with the matrix.
    let t = ix.trace(&tcp("i-0app", "i-island", 22)).unwrap();
    assert_eq!(t.blockers[0].code, "DISCONNECTED_VPCS");
    assert!(
        t.blockers[0]
            .explanation
            .contains("VPC vpc-0a1b2c3d and VPC vpc-island are not connected"),
        "{}",
        t.blockers[0].explanation
    );
}

#[test]
fn explanations_say_the_internet_for_the_generic_internet_host() {
    let t = trace(&sample_network(), &tcp("internet", "i-0bastion", 22)).unwrap();
    assert!(
        t.blockers[0]
            .explanation
            .contains("from the internet (any public address"),
        "{}",
        t.blockers[0].explanation
    );
    let fix = t.blockers[0].fix.as_ref().unwrap();
    assert!(fix.summary.contains("from 0.0.0.0/0"), "{}", fix.summary);
}

#[test]
fn in_a_capture_what_the_files_do_not_hold_is_named_not_guessed_q2_q3_q4() {
    // (case, edit, flow, blocker in a capture, its code, the code in a drawn design)
    let cases: Vec<(&str, Edit, Flow, &str, &str, &str)> = vec![
        (
            "an active route to a NAT gateway not captured stops there, not a blackhole (Q2)",
            Box::new(|n| {
                n.route_tables[0]
                    .routes
                    .push(route("0.0.0.0/0", TargetKind::Nat, "nat-elsewhere"))
            }),
            tcp("i-0app", "internet", 443),
            "nat-elsewhere",
            "NOT_IN_CAPTURE",
            "BAD_STATE_ROUTE",
        ),
        (
            "a security group not captured is named, not read as no rules (Q3)",
            Box::new(|n| n.instances[0].security_groups = vec!["sg-elsewhere".into()]),
            tcp("i-0bastion", "i-0app", 22),
            "sg-elsewhere",
            "NOT_IN_CAPTURE",
            "SG_HAS_NO_RULES",
        ),
    ];
    for (name, edit, f, by, code, drawn) in cases {
        let mut n = sample_network();
        edit(&mut n);
        let t = trace(&n, &f).unwrap();
        assert_eq!(
            t.blockers.first().map(|b| b.code.as_str()),
            Some(drawn),
            "{name}: drawn"
        );
        n.capture = Some(Capture::default());
        let t = trace(&n, &f).unwrap();
        let b = t
            .blockers
            .first()
            .unwrap_or_else(|| panic!("{name}: reachable"));
        assert_eq!(
            (b.component.as_str(), b.code.as_str()),
            (by, code),
            "{name}"
        );
        assert!(
            b.explanation.contains("not in the capture")
                && t.notes.iter().any(|n| n.contains("not in the capture")),
            "{name}: {} / {:?}",
            b.explanation,
            t.notes
        );
    }
}

#[test]
fn a_stopped_instance_neither_sends_nor_receives_q4() {
    let mut n = sample_network();
    let mut capture = Capture::default();
    capture
        .not_running
        .insert("i-0app".into(), "stopped".into());
    n.capture = Some(capture);
    for f in [
        tcp("i-0bastion", "i-0app", 22),
        tcp("i-0app", "i-0bastion", 22),
    ] {
        let t = trace(&n, &f).unwrap();
        let b = &t.blockers[0];
        assert_eq!(
            (b.component.as_str(), b.code.as_str()),
            ("i-0app", "INSTANCE_NOT_RUNNING")
        );
        assert!(b.explanation.contains("stopped"), "{}", b.explanation);
    }
}
