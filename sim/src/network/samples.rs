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
    }
}

/// The network of [`sample_design`].
pub fn sample_network() -> Network {
    let vpc = "vpc-0a1b2c3d";
    let local = Route {
        destination: RouteDestination::Cidr("10.0.0.0/16".into()),
        target: RouteTarget { kind: TargetKind::Local, id: "local".into() },
        state: RouteState::Active,
    };
    Network {
        region: "ap-northeast-2".into(),
        availability_zones: vec!["ap-northeast-2a".into(), "ap-northeast-2c".into()],
        vpcs: vec![Vpc { id: vpc.into(), name: "week1".into(), cidr_blocks: vec!["10.0.0.0/16".into()] }],
        subnets: vec![
            Subnet {
                id: "subnet-0a11".into(),
                name: "public-a".into(),
                vpc_id: vpc.into(),
                cidr: "10.0.1.0/24".into(),
                availability_zone: "ap-northeast-2a".into(),
                map_public_ip_on_launch: true,
            },
            Subnet {
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
                        target: RouteTarget { kind: TargetKind::Igw, id: "igw-0c3d4e5f".into() },
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
            entries: vec![NaclEntry::allow_all(100, false), NaclEntry::allow_all(100, true)],
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
                ingress: vec![SecurityGroupRule::tcp_from_cidr(22, ADMIN_CIDR, "admin SSH")],
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
                id: "i-0bastion".into(),
                name: "bastion".into(),
                subnet_id: "subnet-0a11".into(),
                private_ip: "10.0.1.10".into(),
                public_ip: Some("3.36.10.20".into()),
                elastic_ip: true,
                eni_id: Some("eni-0bastion".into()),
                security_groups: vec!["sg-0bastion".into()],
                source_dest_check: true,
                role: InstanceRole::Bastion,
                instance_type: "t3.micro".into(),
            },
            Instance {
                id: "i-0app".into(),
                name: "app".into(),
                subnet_id: "subnet-0b22".into(),
                private_ip: "10.0.2.20".into(),
                public_ip: None,
                elastic_ip: false,
                eni_id: Some("eni-0app".into()),
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
        inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h
    }

    #[test]
    fn sample_layout_nests_instances_in_subnets_in_the_vpc() {
        let d = sample_design();
        let vpc = &d.layout["vpc-0a1b2c3d"];
        for s in &d.network.subnets {
            assert!(inside(vpc, &d.layout[&s.id]), "subnet {} inside the VPC box", s.name);
        }
        for i in &d.network.instances {
            let icon = &d.layout[&i.id];
            assert_eq!((icon.w, icon.h), (64.0, 64.0));
            assert!(inside(&d.layout[&i.subnet_id], icon), "instance {} inside its subnet box", i.name);
        }
        let igw = &d.layout["igw-0c3d4e5f"];
        assert!(igw.y < vpc.y && igw.y + igw.h > vpc.y, "the IGW sits on the VPC's top edge");
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
