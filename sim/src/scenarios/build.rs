//! A small builder for the scenario designs: AWS defaults (main route table with the local
//! route, default NACL allowing everything, default security group) are added with the VPC,
//! so each scenario only spells out what the lesson is about.

use crate::network::edit::auto_layout;
use crate::network::*;

pub const REGION: &str = "ap-northeast-2";
pub const AZ_A: &str = "ap-northeast-2a";
pub const AZ_C: &str = "ap-northeast-2c";
/// The admin's workstation 203.0.113.10 (TEST-NET-3, RFC 5737), given in every task statement.
pub const ADMIN_CIDR: &str = "203.0.113.10/32";

pub struct Builder {
    pub net: Network,
}

pub fn route(cidr: &str, kind: TargetKind, id: &str) -> Route {
    Route {
        destination: RouteDestination::Cidr(cidr.into()),
        target: RouteTarget {
            kind,
            id: id.into(),
        },
        state: RouteState::Active,
    }
}

pub fn tcp_cidr(port: u16, cidr: &str, description: &str) -> SecurityGroupRule {
    SecurityGroupRule::tcp_from_cidr(port, cidr, description)
}

pub fn tcp_group(port: u16, group: &str, description: &str) -> SecurityGroupRule {
    SecurityGroupRule::tcp_from_group(port, group, description)
}

pub fn all_from_group(group: &str, description: &str) -> SecurityGroupRule {
    SecurityGroupRule {
        protocol: Protocol::All,
        ports: None,
        icmp: None,
        peer: RulePeer::SecurityGroup(group.into()),
        description: description.into(),
    }
}

pub fn nacl_entry(
    rule_number: u32,
    egress: bool,
    ports: Option<(u16, u16)>,
    cidr: &str,
) -> NaclEntry {
    NaclEntry {
        rule_number,
        egress,
        protocol: if ports.is_some() {
            Protocol::Tcp
        } else {
            Protocol::All
        },
        ports: ports.map(|(from, to)| PortRange { from, to }),
        icmp: None,
        cidr: cidr.into(),
        action: RuleAction::Allow,
    }
}

impl Builder {
    pub fn new() -> Builder {
        Builder {
            net: Network {
                region: REGION.into(),
                availability_zones: vec![AZ_A.into(), AZ_C.into()],
                ..Network::default()
            },
        }
    }

    /// A VPC with what AWS creates alongside it: main route table `rtb-<suffix>-main`,
    /// default NACL `acl-<suffix>-default` and default security group `sg-<suffix>-default`.
    pub fn vpc(&mut self, id: &str, name: &str, cidr: &str) -> &mut Self {
        let suffix = id.trim_start_matches("vpc-");
        self.net.vpcs.push(Vpc {
            ipv6_cidr_blocks: Vec::new(),
            id: id.into(),
            name: name.into(),
            cidr_blocks: vec![cidr.into()],
        });
        self.net.route_tables.push(RouteTable {
            id: format!("rtb-{suffix}-main"),
            name: format!("{name}-main"),
            vpc_id: id.into(),
            main: true,
            routes: vec![route(cidr, TargetKind::Local, "local")],
            associations: vec![],
        });
        self.net.network_acls.push(NetworkAcl {
            id: format!("acl-{suffix}-default"),
            name: format!("{name}-default"),
            vpc_id: id.into(),
            is_default: true,
            entries: vec![
                NaclEntry::allow_all(100, false),
                NaclEntry::allow_all(100, true),
            ],
            associations: vec![],
        });
        self.net.security_groups.push(SecurityGroup {
            id: format!("sg-{suffix}-default"),
            name: "default".into(),
            vpc_id: id.into(),
            description: "default VPC security group".into(),
            ingress: vec![all_from_group(
                &format!("sg-{suffix}-default"),
                "members of this group",
            )],
            egress: vec![SecurityGroupRule::allow_all("0.0.0.0/0")],
        });
        self
    }

    pub fn igw(&mut self, id: &str, vpc: Option<&str>) -> &mut Self {
        self.net.internet_gateways.push(InternetGateway {
            id: id.into(),
            name: format!(
                "{}-igw",
                vpc.unwrap_or("detached").trim_start_matches("vpc-")
            ),
            attached_vpc: vpc.map(str::to_string),
        });
        self
    }

    pub fn subnet(
        &mut self,
        id: &str,
        name: &str,
        vpc: &str,
        cidr: &str,
        az: &str,
        public_ips: bool,
    ) -> &mut Self {
        self.net.subnets.push(Subnet {
            ipv6_cidr: None,
            id: id.into(),
            name: name.into(),
            vpc_id: vpc.into(),
            cidr: cidr.into(),
            availability_zone: az.into(),
            map_public_ip_on_launch: public_ips,
        });
        self
    }

    /// A custom route table: the VPC's local route plus `routes`, associated with `subnets`.
    pub fn table(
        &mut self,
        id: &str,
        name: &str,
        vpc: &str,
        routes: Vec<Route>,
        subnets: &[&str],
    ) -> &mut Self {
        let cidr = self
            .net
            .vpc(vpc)
            .and_then(|v| v.cidr_blocks.first().cloned())
            .unwrap_or_default();
        let mut all = vec![route(&cidr, TargetKind::Local, "local")];
        all.extend(routes);
        self.net.route_tables.push(RouteTable {
            id: id.into(),
            name: name.into(),
            vpc_id: vpc.into(),
            main: false,
            routes: all,
            associations: subnets.iter().map(|s| s.to_string()).collect(),
        });
        self
    }

    /// A security group with allow-all egress.
    pub fn group(
        &mut self,
        id: &str,
        name: &str,
        vpc: &str,
        ingress: Vec<SecurityGroupRule>,
    ) -> &mut Self {
        self.net.security_groups.push(SecurityGroup {
            id: id.into(),
            name: name.into(),
            vpc_id: vpc.into(),
            description: format!("{name} tier"),
            ingress,
            egress: vec![SecurityGroupRule::allow_all("0.0.0.0/0")],
        });
        self
    }

    #[allow(clippy::too_many_arguments)]
    pub fn instance(
        &mut self,
        id: &str,
        name: &str,
        subnet: &str,
        ip: &str,
        public_ip: Option<&str>,
        groups: &[&str],
        role: InstanceRole,
        instance_type: &str,
    ) -> &mut Self {
        self.net.instances.push(Instance {
            network_interfaces: Vec::new(),
            ipv6_addresses: Vec::new(),
            id: id.into(),
            name: name.into(),
            subnet_id: subnet.into(),
            private_ip: ip.into(),
            public_ip: public_ip.map(str::to_string),
            elastic_ip: public_ip.is_some(),
            eni_id: Some(format!("eni-{}", id.trim_start_matches("i-"))),
            secondary_private_ips: vec![],
            node_labels: Default::default(),
            node_taints: vec![],
            security_groups: groups.iter().map(|g| g.to_string()).collect(),
            source_dest_check: true,
            role,
            instance_type: instance_type.into(),
        });
        self
    }

    pub fn nat(
        &mut self,
        id: &str,
        name: &str,
        subnet: &str,
        private_ip: &str,
        public_ip: &str,
    ) -> &mut Self {
        self.net.nat_gateways.push(NatGateway {
            id: id.into(),
            name: name.into(),
            subnet_id: subnet.into(),
            connectivity: NatConnectivity::Public,
            public_ip: Some(public_ip.into()),
            allocation_id: Some(format!("eipalloc-{}", id.trim_start_matches("nat-"))),
            private_ip: Some(private_ip.into()),
            state: NatState::Available,
        });
        self
    }

    /// A load balancer with one listener forwarding to a new target group of `targets`.
    #[allow(clippy::too_many_arguments)]
    pub fn load_balancer(
        &mut self,
        id: &str,
        name: &str,
        kind: LoadBalancerKind,
        vpc: &str,
        subnets: &[&str],
        groups: &[&str],
        listen: u16,
        target_port: u16,
        targets: &[&str],
    ) -> &mut Self {
        let tg = format!("tg-{}", id.trim_start_matches("lb-"));
        self.net.target_groups.push(TargetGroup {
            id: tg.clone(),
            name: format!("{name}-targets"),
            protocol: if kind == LoadBalancerKind::Network {
                "TCP".into()
            } else {
                "HTTP".into()
            },
            port: target_port,
            vpc_id: vpc.into(),
            targets: targets
                .iter()
                .map(|t| Target {
                    id: t.to_string(),
                    port: None,
                })
                .collect(),
        });
        self.net.load_balancers.push(LoadBalancer {
            id: id.into(),
            arn: None,
            name: name.into(),
            kind,
            scheme: LoadBalancerScheme::InternetFacing,
            vpc_id: vpc.into(),
            subnets: subnets.iter().map(|s| s.to_string()).collect(),
            security_groups: groups.iter().map(|g| g.to_string()).collect(),
            listeners: vec![Listener {
                port: listen,
                protocol: if kind == LoadBalancerKind::Network {
                    "TCP".into()
                } else {
                    "HTTP".into()
                },
                target_group: Some(tg),
            }],
        });
        self
    }

    #[allow(clippy::too_many_arguments)]
    pub fn database(
        &mut self,
        id: &str,
        name: &str,
        subnets: &[&str],
        ip: &str,
        groups: &[&str],
        multi_az: bool,
    ) -> &mut Self {
        self.net.databases.push(Database {
            id: id.into(),
            name: name.into(),
            engine: "mysql".into(),
            port: 3306,
            subnet_group: subnets.iter().map(|s| s.to_string()).collect(),
            security_groups: groups.iter().map(|g| g.to_string()).collect(),
            multi_az,
            private_ip: Some(ip.into()),
            publicly_accessible: false,
        });
        self
    }

    /// The finished design, laid out on the canvas, with the given manifests (if any).
    pub fn design(&self, name: &str, manifests: Option<&str>) -> Design {
        let mut d = Design::new(name, self.net.clone());
        if let Some(m) = manifests {
            d.cluster = serde_json::Value::String(m.to_string());
        }
        auto_layout(&mut d);
        d
    }
}
