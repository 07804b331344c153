//! Small hand-built designs: the app's starting canvas and the tests' fixtures.
//!
//! **Invariant**: every sample is lint-clean except where its doc says otherwise, and
//! its layout nests (VPC box ⊃ subnet boxes ⊃ 64×64 instance icons) on a ~1100×700 canvas.

use std::collections::BTreeMap;

use super::design::{Design, Expectation, Rect, TestFlow, DESIGN_VERSION};
use super::model::*;

/// The admin's address used by the samples (TEST-NET-3, RFC 5737).
pub const ADMIN_CIDR: &str = "203.0.113.10/32";

/// One VPC (10.0.0.0/16, ap-northeast-2) with a public subnet holding a bastion and a
/// private subnet holding an app server: the week-1 assignment in miniature.
pub fn sample_design() -> Design {
    let network = sample_network();
    let mut layout = BTreeMap::new();
    let r = |x: f64, y: f64, w: f64, h: f64| Rect { x, y, w, h };
    layout.insert("vpc-0a1b2c3d".to_string(), r(80.0, 80.0, 940.0, 560.0));
    layout.insert("igw-0c3d4e5f".to_string(), r(518.0, 48.0, 64.0, 64.0));
    layout.insert("subnet-0a11".to_string(), r(120.0, 160.0, 400.0, 420.0));
    layout.insert("subnet-0b22".to_string(), r(580.0, 160.0, 400.0, 420.0));
    layout.insert("i-0bastion".to_string(), r(288.0, 340.0, 64.0, 64.0));
    layout.insert("i-0app".to_string(), r(748.0, 340.0, 64.0, 64.0));
    Design {
        version: DESIGN_VERSION,
        name: "week-1: bastion and app".into(),
        network,
        layout,
        flows: vec![
            TestFlow {
                name: "admin SSH to the bastion".into(),
                from: "203.0.113.10".into(),
                to: "i-0bastion".into(),
                protocol: Protocol::Tcp,
                port: Some(22),
                expect: Some(Expectation::Reachable),
            },
            TestFlow {
                name: "bastion SSH to the app server".into(),
                from: "i-0bastion".into(),
                to: "i-0app".into(),
                protocol: Protocol::Tcp,
                port: Some(22),
                expect: Some(Expectation::Reachable),
            },
            TestFlow {
                name: "the internet cannot SSH to the app server".into(),
                from: "internet".into(),
                to: "i-0app".into(),
                protocol: Protocol::Tcp,
                port: Some(22),
                expect: Some(Expectation::Unreachable),
            },
        ],
        cluster: serde_json::Value::Null,
        annotations: Vec::new(),
    }
}

/// The network of [`sample_design`].
pub fn sample_network() -> Network {
    let vpc = "vpc-0a1b2c3d";
    let local = Route {
        destination: RouteDestination::Cidr("10.0.0.0/16".into()),
        target: RouteTarget {
            kind: TargetKind::Local,
            id: "local".into(),
        },
        state: RouteState::Active,
    };
    Network {
        region: "ap-northeast-2".into(),
        availability_zones: vec!["ap-northeast-2a".into(), "ap-northeast-2c".into()],
        vpcs: vec![Vpc {
            ipv6_cidr_blocks: Vec::new(),
            id: vpc.into(),
            name: "week1".into(),
            cidr_blocks: vec!["10.0.0.0/16".into()],
        }],
        subnets: vec![
            Subnet {
                ipv6_cidr: None,
                id: "subnet-0a11".into(),
                name: "public-a".into(),
                vpc_id: vpc.into(),
                cidr: "10.0.1.0/24".into(),
                availability_zone: "ap-northeast-2a".into(),
                map_public_ip_on_launch: true,
            },
            Subnet {
                ipv6_cidr: None,
                id: "subnet-0b22".into(),
                name: "private-c".into(),
                vpc_id: vpc.into(),
                cidr: "10.0.2.0/24".into(),
                availability_zone: "ap-northeast-2c".into(),
                map_public_ip_on_launch: false,
            },
        ],
        route_tables: vec![
            RouteTable {
                id: "rtb-0main".into(),
                name: "main".into(),
                vpc_id: vpc.into(),
                main: true,
                routes: vec![local.clone()],
                associations: vec![],
            },
            RouteTable {
                id: "rtb-0public".into(),
                name: "public".into(),
                vpc_id: vpc.into(),
                main: false,
                routes: vec![
                    local,
                    Route {
                        destination: RouteDestination::Cidr("0.0.0.0/0".into()),
                        target: RouteTarget {
                            kind: TargetKind::Igw,
                            id: "igw-0c3d4e5f".into(),
                        },
                        state: RouteState::Active,
                    },
                ],
                associations: vec!["subnet-0a11".into()],
            },
        ],
        internet_gateways: vec![InternetGateway {
            id: "igw-0c3d4e5f".into(),
            name: "week1-igw".into(),
            attached_vpc: Some(vpc.into()),
        }],
        network_acls: vec![NetworkAcl {
            id: "acl-0default".into(),
            name: "default".into(),
            vpc_id: vpc.into(),
            is_default: true,
            entries: vec![
                NaclEntry::allow_all(100, false),
                NaclEntry::allow_all(100, true),
            ],
            associations: vec![],
        }],
        security_groups: vec![
            SecurityGroup {
                id: "sg-0default".into(),
                name: "default".into(),
                vpc_id: vpc.into(),
                description: "default VPC security group".into(),
                ingress: vec![SecurityGroupRule {
                    protocol: Protocol::All,
                    ports: None,
                    icmp: None,
                    peer: RulePeer::SecurityGroup("sg-0default".into()),
                    description: "members of this group".into(),
                }],
                egress: vec![SecurityGroupRule::allow_all("0.0.0.0/0")],
            },
            SecurityGroup {
                id: "sg-0bastion".into(),
                name: "bastion".into(),
                vpc_id: vpc.into(),
                description: "SSH from the admin only".into(),
                ingress: vec![SecurityGroupRule::tcp_from_cidr(
                    22,
                    ADMIN_CIDR,
                    "admin SSH",
                )],
                egress: vec![SecurityGroupRule::allow_all("0.0.0.0/0")],
            },
            SecurityGroup {
                id: "sg-0app".into(),
                name: "app".into(),
                vpc_id: vpc.into(),
                description: "app tier".into(),
                ingress: vec![
                    SecurityGroupRule::tcp_from_group(22, "sg-0bastion", "SSH from the bastion"),
                    SecurityGroupRule::tcp_from_cidr(8080, "10.0.0.0/16", "app port from the VPC"),
                ],
                egress: vec![SecurityGroupRule::allow_all("0.0.0.0/0")],
            },
        ],
        instances: vec![
            Instance {
                network_interfaces: Vec::new(),
                ipv6_addresses: Vec::new(),
                id: "i-0bastion".into(),
                name: "bastion".into(),
                subnet_id: "subnet-0a11".into(),
                private_ip: "10.0.1.10".into(),
                public_ip: Some("3.36.10.20".into()),
                elastic_ip: true,
                eni_id: Some("eni-0bastion".into()),
                secondary_private_ips: vec![],
                node_labels: Default::default(),
                node_taints: vec![],
                security_groups: vec!["sg-0bastion".into()],
                source_dest_check: true,
                role: InstanceRole::Bastion,
                instance_type: "t3.micro".into(),
            },
            Instance {
                network_interfaces: Vec::new(),
                ipv6_addresses: Vec::new(),
                id: "i-0app".into(),
                name: "app".into(),
                subnet_id: "subnet-0b22".into(),
                private_ip: "10.0.2.20".into(),
                public_ip: None,
                elastic_ip: false,
                eni_id: Some("eni-0app".into()),
                secondary_private_ips: vec![],
                node_labels: Default::default(),
                node_taints: vec![],
                security_groups: vec!["sg-0app".into()],
                source_dest_check: true,
                role: InstanceRole::App,
                instance_type: "t3.small".into(),
            },
        ],
        ..Network::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inside(outer: &Rect, inner: &Rect) -> bool {
        inner.x >= outer.x
            && inner.y >= outer.y
            && inner.x + inner.w <= outer.x + outer.w
            && inner.y + inner.h <= outer.y + outer.h
    }

    #[test]
    fn sample_layout_nests_instances_in_subnets_in_the_vpc() {
        let d = sample_design();
        let vpc = &d.layout["vpc-0a1b2c3d"];
        for s in &d.network.subnets {
            assert!(
                inside(vpc, &d.layout[&s.id]),
                "subnet {} inside the VPC box",
                s.name
            );
        }
        for i in &d.network.instances {
            let icon = &d.layout[&i.id];
            assert_eq!((icon.w, icon.h), (64.0, 64.0));
            assert!(
                inside(&d.layout[&i.subnet_id], icon),
                "instance {} inside its subnet box",
                i.name
            );
        }
        let igw = &d.layout["igw-0c3d4e5f"];
        assert!(
            igw.y < vpc.y && igw.y + igw.h > vpc.y,
            "the IGW sits on the VPC's top edge"
        );
        assert!(vpc.x + vpc.w <= 1100.0 && vpc.y + vpc.h <= 700.0);
    }

    #[test]
    fn every_component_has_a_unique_id() {
        let n = sample_network();
        let ids = n.component_ids();
        let mut seen = std::collections::BTreeSet::new();
        for (id, _) in &ids {
            assert!(seen.insert(*id), "duplicate id {id}");
        }
        assert!(ids.len() >= 10);
    }
}

/// Sizes for [`generated_network`].
#[derive(Clone, Copy, Debug)]
pub struct GeneratedSizes {
    pub subnets: usize,
    /// Total security-group rules (ingress + egress) across all groups.
    pub security_group_rules: usize,
    /// Instances, spread round-robin over the subnets.
    pub instances: usize,
}

/// A large, deterministic, realistic topology for benchmarks and load tests: one VPC with
/// up to four CIDR blocks (10.0–10.3.0.0/16, R4), /24 subnets in two AZs, public subnets
/// routing to an IGW and private ones to NAT gateways, a peered VPC, custom NACLs with
/// ephemeral-port rules, and security groups of ten rules each whose matching rules come last.
pub fn generated_network(sizes: GeneratedSizes) -> Network {
    let vpc = "vpc-gen";
    let blocks = sizes.subnets.div_ceil(256).clamp(1, 4);
    let mut n = Network {
        region: "ap-northeast-2".into(),
        ..Network::default()
    };
    n.availability_zones = vec!["ap-northeast-2a".into(), "ap-northeast-2c".into()];
    n.vpcs.push(Vpc {
        ipv6_cidr_blocks: Vec::new(),
        id: vpc.into(),
        name: "generated".into(),
        cidr_blocks: (0..blocks).map(|b| format!("10.{b}.0.0/16")).collect(),
    });
    n.vpcs.push(Vpc {
        ipv6_cidr_blocks: Vec::new(),
        id: "vpc-peer".into(),
        name: "peer".into(),
        cidr_blocks: vec!["172.16.0.0/16".into()],
    });
    n.internet_gateways.push(InternetGateway {
        id: "igw-gen".into(),
        name: String::new(),
        attached_vpc: Some(vpc.into()),
    });
    n.peering_connections.push(PeeringConnection {
        id: "pcx-gen".into(),
        name: String::new(),
        requester_vpc: vpc.into(),
        accepter_vpc: "vpc-peer".into(),
        status: PeeringStatus::Active,
    });
    let locals: Vec<Route> = (0..blocks)
        .map(|b| Route {
            destination: RouteDestination::Cidr(format!("10.{b}.0.0/16")),
            target: RouteTarget {
                kind: TargetKind::Local,
                id: "local".into(),
            },
            state: RouteState::Active,
        })
        .collect();
    let subnets = sizes.subnets.min(1024);
    for k in 0..subnets {
        let az = if k % 2 == 0 { "a" } else { "c" };
        #[allow(clippy::manual_is_multiple_of)] // rust-version 1.84 predates is_multiple_of
        let public = k % 10 == 0;
        n.subnets.push(Subnet {
            ipv6_cidr: None,
            id: format!("subnet-{k:04}"),
            name: format!("{}-{k}", if public { "public" } else { "private" }),
            vpc_id: vpc.into(),
            cidr: format!("10.{}.{}.0/24", k / 256, k % 256),
            availability_zone: format!("ap-northeast-2{az}"),
            map_public_ip_on_launch: public,
        });
    }
    // NAT gateways in the first public subnet of each AZ.
    for (k, az) in [(0usize, "a"), (10, "c")] {
        if k < subnets {
            n.nat_gateways.push(NatGateway {
                id: format!("nat-{az}"),
                subnet_id: format!("subnet-{k:04}"),
                public_ip: Some(format!("3.36.200.{}", k + 1)),
                private_ip: Some(format!("10.0.{k}.250")),
                ..NatGateway::default()
            });
        }
    }
    // One route table per ten subnets, each with twenty peer routes so lookups are not trivial.
    for t in 0..subnets.div_ceil(10).max(2) {
        let mut routes = locals.clone();
        for p in 0..20 {
            routes.push(Route {
                destination: RouteDestination::Cidr(format!("172.16.{}.0/24", (t + p) % 256)),
                target: RouteTarget {
                    kind: TargetKind::Pcx,
                    id: "pcx-gen".into(),
                },
                state: RouteState::Active,
            });
        }
        let public = t == 0;
        let nat = if t % 2 == 0 || subnets <= 10 {
            "nat-a"
        } else {
            "nat-c"
        };
        routes.push(Route {
            destination: RouteDestination::Cidr("0.0.0.0/0".into()),
            target: if public {
                RouteTarget {
                    kind: TargetKind::Igw,
                    id: "igw-gen".into(),
                }
            } else {
                RouteTarget {
                    kind: TargetKind::Nat,
                    id: nat.into(),
                }
            },
            state: RouteState::Active,
        });
        let mut associations: Vec<String> = (t * 10..(t * 10 + 10).min(subnets))
            .map(|k| format!("subnet-{k:04}"))
            .collect();
        if public {
            // Public subnets (every tenth) share the first table.
            associations = (0..subnets)
                .step_by(10)
                .map(|k| format!("subnet-{k:04}"))
                .collect();
        } else {
            associations.retain(|s| !s.ends_with('0'));
        }
        n.route_tables.push(RouteTable {
            id: format!("rtb-{t:03}"),
            name: String::new(),
            vpc_id: vpc.into(),
            main: t == 1,
            routes,
            associations,
        });
    }
    // NACLs: the default allows all; every fifth subnet gets a custom ACL with explicit rules.
    n.network_acls.push(NetworkAcl {
        id: "acl-default".into(),
        name: String::new(),
        vpc_id: vpc.into(),
        is_default: true,
        entries: vec![
            NaclEntry::allow_all(100, false),
            NaclEntry::allow_all(100, true),
        ],
        associations: vec![],
    });
    let mut custom = NetworkAcl {
        id: "acl-custom".into(),
        name: "tiered".into(),
        vpc_id: vpc.into(),
        is_default: false,
        entries: Vec::new(),
        associations: Vec::new(),
    };
    for (i, deny) in [
        "10.250.0.0/16",
        "10.251.0.0/16",
        "10.252.0.0/16",
        "10.253.0.0/16",
    ]
    .iter()
    .enumerate()
    {
        for egress in [false, true] {
            custom.entries.push(NaclEntry {
                rule_number: 10 + i as u32,
                egress,
                protocol: Protocol::All,
                ports: None,
                icmp: None,
                cidr: (*deny).into(),
                action: RuleAction::Deny,
            });
        }
    }
    for (num, port) in [(100u32, 22u16), (110, 443), (120, 8080)] {
        custom.entries.push(NaclEntry {
            rule_number: num,
            egress: false,
            protocol: Protocol::Tcp,
            ports: Some(PortRange::single(port)),
            icmp: None,
            cidr: "0.0.0.0/0".into(),
            action: RuleAction::Allow,
        });
    }
    custom.entries.push(NaclEntry {
        rule_number: 200,
        egress: false,
        protocol: Protocol::Tcp,
        ports: Some(PortRange {
            from: 1024,
            to: 65535,
        }),
        icmp: None,
        cidr: "0.0.0.0/0".into(),
        action: RuleAction::Allow,
    });
    custom.entries.push(NaclEntry::allow_all(300, true));
    custom.associations = (0..subnets)
        .filter(|k| k % 5 == 3)
        .map(|k| format!("subnet-{k:04}"))
        .collect();
    n.network_acls.push(custom);
    // Security groups of ten rules: eight that do not match the usual flows, then the real ones.
    let groups = sizes.security_group_rules.div_ceil(10).max(2);
    for g in 0..groups {
        let mut ingress: Vec<SecurityGroupRule> = (0..7)
            .map(|r| {
                SecurityGroupRule::tcp_from_cidr(
                    1000 + (g * 7 + r) as u16 % 9000,
                    &format!("192.168.{}.0/24", (g + r) % 256),
                    "filler",
                )
            })
            .collect();
        ingress.push(SecurityGroupRule::tcp_from_group(
            22,
            "sg-0000",
            "ssh from the admin group",
        ));
        ingress.push(SecurityGroupRule {
            protocol: Protocol::Tcp,
            ports: Some(PortRange { from: 443, to: 443 }),
            icmp: None,
            peer: RulePeer::Cidr("10.0.0.0/8".into()),
            description: "https inside".into(),
        });
        n.security_groups.push(SecurityGroup {
            id: format!("sg-{g:04}"),
            name: format!("group-{g}"),
            vpc_id: vpc.into(),
            description: String::new(),
            ingress,
            egress: vec![SecurityGroupRule::allow_all("0.0.0.0/0")],
        });
    }
    for i in 0..sizes.instances {
        let k = i % subnets.max(1);
        let host = 10 + i / subnets.max(1);
        #[allow(clippy::manual_is_multiple_of)] // rust-version 1.84 predates is_multiple_of
        let public = k % 10 == 0;
        n.instances.push(Instance {
            network_interfaces: Vec::new(),
            ipv6_addresses: Vec::new(),
            id: format!("i-{i:05}"),
            name: format!("host-{i}"),
            subnet_id: format!("subnet-{k:04}"),
            private_ip: format!("10.{}.{}.{}", k / 256, k % 256, host.min(240)),
            public_ip: public.then(|| format!("3.37.{}.{}", i / 250, i % 250 + 1)),
            elastic_ip: false,
            eni_id: Some(format!("eni-{i:05}")),
            secondary_private_ips: vec![],
            node_labels: Default::default(),
            node_taints: vec![],
            security_groups: vec![
                format!("sg-{:04}", i % groups),
                format!("sg-{:04}", (i * 7 + 1) % groups),
            ],
            source_dest_check: true,
            role: InstanceRole::Plain,
            instance_type: "t3.micro".into(),
        });
    }
    n
}

#[cfg(test)]
mod generated_tests {
    use super::*;
    use crate::network::trace::{trace, Flow};

    #[test]
    fn the_generated_topology_has_the_requested_sizes_and_working_paths() {
        let n = generated_network(GeneratedSizes {
            subnets: 1000,
            security_group_rules: 10_000,
            instances: 300,
        });
        assert_eq!(n.subnets.len(), 1000);
        let rules: usize = n
            .security_groups
            .iter()
            .map(|g| g.ingress.len() + g.egress.len())
            .sum();
        assert!(rules >= 10_000, "{rules} rules");
        let t = trace(&n, &Flow::tcp("i-00001", "i-00002", 443)).unwrap();
        assert!(t.is_reachable(), "{:#?}", t.blockers);
        let t = trace(&n, &Flow::tcp("i-00003", "internet", 443)).unwrap();
        assert!(
            t.is_reachable(),
            "private hosts reach the internet through NAT: {:#?}",
            t.blockers
        );
    }
}

/// About `target` components built through the editor, as a user would: VPCs with an internet
/// gateway and two zones of four subnets, each holding a bastion, instances, a database and a
/// NAT gateway, laid out automatically. The app's large-design figures use it (the example
/// `generate_design`, the Terraform re-import bench).
pub fn generated_design(target: usize) -> Design {
    use super::edit::{add, auto_layout, ComponentKind, Container};
    let mut d = Design::new(
        &format!("generated: {target} components"),
        Network {
            region: "ap-northeast-2".into(),
            ..Network::default()
        },
    );
    let r = Rect {
        x: 0.0,
        y: 0.0,
        w: 64.0,
        h: 64.0,
    };
    let count = |d: &Design| {
        let n = &d.network;
        n.vpcs.len()
            + n.subnets.len()
            + n.instances.len()
            + n.nat_gateways.len()
            + n.databases.len()
            + n.internet_gateways.len()
    };
    'outer: while count(&d) < target {
        let vpc = add(&mut d, ComponentKind::Vpc, &Container::Canvas, r).expect("a free /16");
        add(
            &mut d,
            ComponentKind::InternetGateway,
            &Container::Vpc(vpc.clone()),
            r,
        )
        .expect("igw");
        for zone in ["ap-northeast-2a", "ap-northeast-2c"] {
            for _ in 0..4 {
                let zone = Container::Zone {
                    vpc: vpc.clone(),
                    zone: zone.into(),
                };
                let subnet = add(&mut d, ComponentKind::Subnet, &zone, r).expect("a free /24");
                let inside = Container::Subnet(subnet);
                for k in 0..8 {
                    let what = match k {
                        0 => ComponentKind::Bastion,
                        6 => ComponentKind::Database,
                        7 => ComponentKind::NatGateway,
                        _ => ComponentKind::Instance,
                    };
                    add(&mut d, what, &inside, r).expect("a free address");
                    if count(&d) >= target {
                        break 'outer;
                    }
                }
            }
        }
    }
    // Only VPCs and components get rectangles from auto_layout: drop the placeholder ones.
    d.layout.clear();
    auto_layout(&mut d);
    d
}

/// A hub-and-spoke transit gateway network (T1–T12), for the tracer's tests and bench: a
/// shared-services VPC (`vpc-shared`, 10.0.0.0/16) and `spokes` spoke VPCs (`vpc-spoke-K`,
/// `10.K.0.0/16`, K from 1, at most 250), each with an app subnet and an attachment subnet in
/// two zones, an instance (`i-shared`, `i-spoke-K`, `10.K.1.10`, TCP 443 open to 10.0.0.0/8)
/// and a main route table sending 10.0.0.0/8 to `tgw-hub`. The gateway has two route tables: `tgw-rtb-shared`
/// (associated with the shared attachment, every spoke propagating into it) and
/// `tgw-rtb-spokes` (associated with every spoke, only the shared VPC propagating), so spokes
/// reach the shared services but not each other.
pub fn hub_and_spoke(spokes: usize) -> Network {
    let spokes = spokes.min(250);
    let mut n = Network {
        region: "ap-northeast-2".into(),
        availability_zones: vec!["ap-northeast-2a".into(), "ap-northeast-2c".into()],
        ..Network::default()
    };
    n.transit_gateways.push(TransitGateway {
        id: "tgw-hub".into(),
        name: "hub".into(),
    });
    let mut shared_rt = TransitGatewayRouteTable {
        id: "tgw-rtb-shared".into(),
        name: "shared".into(),
        transit_gateway_id: "tgw-hub".into(),
        ..TransitGatewayRouteTable::default()
    };
    let mut spokes_rt = TransitGatewayRouteTable {
        id: "tgw-rtb-spokes".into(),
        name: "spokes".into(),
        transit_gateway_id: "tgw-hub".into(),
        ..TransitGatewayRouteTable::default()
    };
    for k in 0..=spokes {
        let (vpc, name) = if k == 0 {
            ("vpc-shared".to_string(), "shared".to_string())
        } else {
            (format!("vpc-spoke-{k}"), format!("spoke-{k}"))
        };
        n.vpcs.push(Vpc {
            ipv6_cidr_blocks: Vec::new(),
            id: vpc.clone(),
            name: name.clone(),
            cidr_blocks: vec![format!("10.{k}.0.0/16")],
        });
        let mut tgw_subnets = Vec::new();
        for (z, az) in ["a", "c"].iter().enumerate() {
            n.subnets.push(Subnet {
                ipv6_cidr: None,
                id: format!("subnet-{name}-app-{az}"),
                name: format!("{name}-app-{az}"),
                vpc_id: vpc.clone(),
                cidr: format!("10.{k}.{}.0/24", z + 1),
                availability_zone: format!("ap-northeast-2{az}"),
                map_public_ip_on_launch: false,
            });
            let tgw_subnet = format!("subnet-{name}-tgw-{az}");
            n.subnets.push(Subnet {
                ipv6_cidr: None,
                id: tgw_subnet.clone(),
                name: format!("{name}-tgw-{az}"),
                vpc_id: vpc.clone(),
                cidr: format!("10.{k}.240.{}/28", 16 * z),
                availability_zone: format!("ap-northeast-2{az}"),
                map_public_ip_on_launch: false,
            });
            tgw_subnets.push(tgw_subnet);
        }
        n.route_tables.push(RouteTable {
            id: format!("rtb-{name}"),
            name: name.clone(),
            vpc_id: vpc.clone(),
            main: true,
            routes: vec![Route {
                destination: RouteDestination::Cidr("10.0.0.0/8".into()),
                target: RouteTarget {
                    kind: TargetKind::Tgw,
                    id: "tgw-hub".into(),
                },
                state: RouteState::Active,
            }],
            associations: Vec::new(),
        });
        n.security_groups.push(SecurityGroup {
            id: format!("sg-{name}"),
            name: format!("{name}-app"),
            vpc_id: vpc.clone(),
            description: "HTTPS from the private network".into(),
            ingress: vec![SecurityGroupRule::tcp_from_cidr(443, "10.0.0.0/8", "")],
            egress: vec![SecurityGroupRule::allow_all("0.0.0.0/0")],
        });
        n.instances.push(Instance {
            id: format!("i-{name}"),
            name: format!("{name}-app"),
            subnet_id: format!("subnet-{name}-app-a"),
            private_ip: format!("10.{k}.1.10"),
            security_groups: vec![format!("sg-{name}")],
            source_dest_check: true,
            ..Instance::default()
        });
        let attachment = format!("tgw-attach-{name}");
        n.transit_gateway_attachments
            .push(TransitGatewayAttachment {
                id: attachment.clone(),
                name: name.clone(),
                transit_gateway_id: "tgw-hub".into(),
                kind: TgwAttachmentKind::Vpc,
                vpc_id: Some(vpc.clone()),
                subnet_ids: tgw_subnets,
                ..TransitGatewayAttachment::default()
            });
        if k == 0 {
            shared_rt.associations.push(attachment.clone());
            spokes_rt.propagations.push(attachment);
        } else {
            spokes_rt.associations.push(attachment.clone());
            shared_rt.propagations.push(attachment);
        }
    }
    n.transit_gateway_route_tables = vec![shared_rt, spokes_rt];
    n
}
